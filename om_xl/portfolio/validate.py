"""Checking the input tables against the schema, collecting every problem.

:func:`validate` reads raw cell values (numbers, text, dates, blanks, logical values,
as a workbook reader gives them), converts each column to its schema type and checks
the rules between tables. It never stops at the first problem: it returns clean
typed tables together with the full list of :class:`~om_xl.portfolio.inputs.Problem`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from om_xl.errors import EXCEL_ERRORS
from om_xl.metrics import excel_serial
from om_xl.portfolio.inputs import ROW, Inputs, Problem
from om_xl.schema import ASSUMPTIONS, TABLES, Column, Table

__all__ = ["validate"]

_EPOCH = np.datetime64("1899-12-30", "ns")
# Dates om_xl computes with: Excel's serial 1 (1900-01-01) to the last day a
# nanosecond timestamp holds (2262-04-11); contracts are signed well inside both.
_FIRST_DAY = np.datetime64("1900-01-01", "D")
_LAST_DAY = np.datetime64(pd.Timestamp.max.date(), "D") - np.timedelta64(1, "D")
_MAX_SERIAL = int(excel_serial(_LAST_DAY))


def _blanks_and_errors(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which cells are blank (empty, or only spaces) and which hold an Excel error."""
    cells = pd.Series(raw, dtype=object, copy=False)
    blank = cells.isna().to_numpy(copy=True)
    texts = [type(v) is str for v in raw] if str in set(map(type, raw)) else None
    if texts is None:
        return blank, np.zeros(len(raw), dtype=bool)
    text = cells[np.array(texts)]
    blank[np.flatnonzero(texts)[text.str.strip().eq("").to_numpy()]] = True
    return blank, cells.isin(EXCEL_ERRORS).to_numpy(copy=True)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(
        v, bool | np.bool_
    )


def _to_date(v: Any) -> np.datetime64 | None:
    """One cell as a date, or None if it is not one (or lies outside 1900-2262)."""
    if isinstance(v, dt.datetime | dt.date | np.datetime64):
        try:
            day = np.datetime64(pd.Timestamp(v).tz_localize(None).normalize(), "D")
        except (ValueError, OverflowError):
            return None
        return day.astype("datetime64[ns]") if _FIRST_DAY <= day <= _LAST_DAY else None
    if _is_number(v) and 1 <= v <= _MAX_SERIAL:
        return _EPOCH + np.timedelta64(int(v), "D")
    return None


class _Column:
    """Converts one column of raw cells to its schema type, noting the bad cells."""

    def __init__(self, table: str, rows: np.ndarray, col: Column) -> None:
        self.table, self.rows, self.col = table, rows, col
        self.problems: list[Problem] = []

    def problem(self, mask: np.ndarray, values: np.ndarray, message: str, fix: str) -> None:
        for i in np.flatnonzero(mask):
            self.problems.append(
                Problem(self.table, int(self.rows[i]), self.col.name, values[i], message, fix)
            )

    def convert(self, series: pd.Series) -> pd.Series:
        """The column in its schema type; bad cells become blanks and problems."""
        kind = self.col.kind
        numeric = kind in ("money", "count", "ratio", "number")
        dated = kind in ("date", "month")
        if numeric and _is_numeric(series):  # fast paths for columns already typed
            raw = series.to_numpy(dtype=float)
            blank = np.isnan(raw)
            out = self._sign(raw)
        elif dated and pd.api.types.is_datetime64_any_dtype(series):
            raw = series.dt.tz_localize(None) if series.dt.tz else series
            raw = raw.to_numpy(dtype="datetime64[ns]")
            blank = np.isnat(raw)
            out = self._month(raw.astype("datetime64[D]").astype("datetime64[ns]"))
        else:
            raw = series.to_numpy(dtype=object)
            blank, broken = _blanks_and_errors(raw)
            self.problem(
                broken,
                raw,
                f"{self.col.label} holds an Excel error",
                "Fix the formula that gives it, or type the value itself.",
            )
            usable = np.where(broken, None, raw)
            empty = blank | broken  # nothing to convert in the cell
            if numeric:
                out = self._sign(self._numbers(usable, empty))
            elif dated:
                out = self._month(self._dates(usable, empty))
            else:
                out = self._text(usable, empty)
        if self.col.required:
            self.problem(
                blank,
                raw,
                f"{self.col.label} is required",
                f"Fill in {self.col.header}: {self.col.help}",
            )
        return pd.Series(out, index=series.index)

    def _numbers(self, raw: np.ndarray, blank: np.ndarray) -> np.ndarray:
        """Numbers from mixed cells; text and logical values are problems, not guesses."""
        if set(map(type, raw[~blank])) <= {float, int}:  # numbers and blanks only
            out = np.full(len(raw), np.nan)
            out[~blank] = raw[~blank].astype(float)
            return out
        number = np.fromiter(map(_is_number, raw), bool, len(raw))
        self.problem(
            ~number & ~blank,
            raw,
            f"{self.col.label} must be a number",
            "Type the number itself, without quotes, units or text.",
        )
        out = np.full(len(raw), np.nan)
        out[number] = raw[number].astype(float)
        return out

    def _sign(self, out: np.ndarray) -> np.ndarray:
        """Numbers must be finite; amounts and counts may not be negative."""
        infinite = np.isinf(out)
        if infinite.any():
            self.problem(
                infinite,
                out,
                f"{self.col.label} is too large a number",
                "Enter the amount itself (Excel holds numbers up to about 1E+308).",
            )
            out = np.where(infinite, np.nan, out)
        if self.col.kind == "number":
            return out
        negative = out < 0
        self.problem(
            negative,
            out,
            f"{self.col.label} must not be negative",
            "Enter it as a positive amount.",
        )
        return np.where(negative, np.nan, out)

    def _dates(self, raw: np.ndarray, blank: np.ndarray) -> np.ndarray:
        filled = raw[~blank]
        if set(map(type, filled)) <= {dt.datetime, dt.date}:  # dates only: in one go
            days = np.array(filled, dtype="datetime64[D]")
            if ((days >= _FIRST_DAY) & (days <= _LAST_DAY)).all():
                out = np.full(len(raw), np.datetime64("NaT", "ns"))
                out[~blank] = days.astype("datetime64[ns]")
                return out
        dates = [None if b else _to_date(v) for v, b in zip(raw, blank, strict=True)]
        bad = np.array([d is None for d in dates], dtype=bool) & ~blank
        self.problem(
            bad,
            raw,
            f"{self.col.label} must be a date",
            "Enter a real date between 1900 and 2262 (for example 2026-03-15), formatted as "
            "a date, not as text.",
        )
        nat = np.datetime64("NaT", "ns")
        return np.array([nat if d is None else d for d in dates], dtype="datetime64[ns]")

    def _month(self, out: np.ndarray) -> np.ndarray:
        if self.col.kind == "month":
            return out.astype("datetime64[M]").astype("datetime64[ns]")
        return out

    def _text(self, raw: np.ndarray, blank: np.ndarray) -> np.ndarray:
        if set(map(type, raw[~blank])) <= {str}:  # text cells only: strip them in one go
            out = np.char.strip(np.where(blank, "", raw).astype(str)).astype(object)
        else:
            out = np.array([_text(v) for v in raw], dtype=object)
        out[blank] = None
        if self.col.kind != "choice":
            return out
        canon = {a.lower(): a for a in self.col.allowed}
        chosen = np.array([None if v is None else canon.get(v.lower()) for v in out], dtype=object)
        self.problem(
            (out != None) & (chosen == None),  # noqa: E711 (element-wise)
            raw,
            f"{self.col.label} must be one of {', '.join(self.col.allowed)}",
            "Choose a value from the list.",
        )
        return chosen


def _text(v: Any) -> str:
    """A cell as text; an id typed as 101 reads back as 101.0 and is shown as 101."""
    if _is_number(v) and float(v).is_integer():
        return str(int(v))
    return str(v).strip()


def _is_numeric(series: pd.Series) -> bool:
    return (pd.api.types.is_float_dtype(series) or pd.api.types.is_integer_dtype(series)) and (
        not pd.api.types.is_bool_dtype(series)
    )


def _convert_table(
    table: Table, frame: pd.DataFrame | None, problems: list[Problem]
) -> pd.DataFrame:
    """Typed copy of one table with a ``_row`` column; problems appended."""
    if frame is None:
        frame = pd.DataFrame(columns=list(table.names))
    rows = (
        frame[ROW].to_numpy(dtype=int)
        if ROW in frame.columns
        else np.arange(2, len(frame) + 2)  # header in row 1
    )
    out = pd.DataFrame({ROW: rows}, index=pd.RangeIndex(len(frame)))
    for col in table.columns:
        if col.name not in frame.columns:
            if col.required and len(frame):  # an empty table needs no columns
                problems.append(
                    Problem(
                        table.name,
                        None,
                        col.name,
                        None,
                        f"the column {col.header} is missing",
                        f"Add a column headed {col.header!r} to the {table.sheet} table.",
                    )
                )
            out[col.name] = (
                pd.Series([None] * len(frame), dtype=object)
                if col.kind in ("id", "text", "choice")
                else _empty(col, len(frame))
            )
            continue
        conv = _Column(table.name, rows, col)
        out[col.name] = conv.convert(frame[col.name].reset_index(drop=True))
        problems.extend(conv.problems)
    return out


def _empty(col: Column, n: int) -> np.ndarray:
    if col.kind in ("date", "month"):
        return np.full(n, np.datetime64("NaT", "ns"))
    return np.full(n, np.nan)


def _assumptions(inputs: Inputs, problems: list[Problem]) -> dict[str, Any]:
    """Typed settings, defaults filled in; unknown names are problems."""
    out: dict[str, Any] = {}
    for s in ASSUMPTIONS.settings:
        value = inputs.assumptions.get(s.name)
        row = inputs.assumption_rows.get(s.name)
        col = Column(
            s.name, s.label, s.kind, s.unit, required=False, help=s.help, allowed=s.allowed
        )
        conv = _Column(ASSUMPTIONS.name, np.array([row]), col)
        typed = conv.convert(pd.Series([value], dtype=object)).iloc[0]
        problems.extend(conv.problems)
        missing = typed is None or typed is pd.NaT or (isinstance(typed, float) and typed != typed)
        out[s.name] = s.default if conv.problems or missing else typed
    for name in sorted(set(inputs.assumptions) - {s.name for s in ASSUMPTIONS.settings}):
        problems.append(
            Problem(
                ASSUMPTIONS.name,
                inputs.assumption_rows.get(name),
                name,
                None,
                "this setting is not one om_xl knows",
                "Check its spelling against the Assumptions sheet of a new template.",
            )
        )
    if out["oce_at_risk_below"] > out["oce_sticky_from"]:
        problems.append(
            Problem(
                ASSUMPTIONS.name,
                inputs.assumption_rows.get("oce_at_risk_below"),
                "oce_at_risk_below",
                out["oce_at_risk_below"],
                "the at-risk threshold is above the sticky threshold",
                "Make the at-risk threshold the lower of the two (source: 1.5x and 3x).",
            )
        )
    for name in ("inference_decline_per_year", "run_rate_months"):
        if not out[name] > 0:
            problems.append(
                Problem(
                    ASSUMPTIONS.name,
                    inputs.assumption_rows.get(name),
                    name,
                    out[name],
                    "must be above zero",
                    f"Enter a positive number (default {ASSUMPTIONS.setting(name).default}).",
                )
            )
    return out


def _duplicates(table: Table, df: pd.DataFrame, problems: list[Problem]) -> None:
    key = list(table.key)
    if not key:
        return
    complete = df[key].notna().all(axis=1)
    keyed = df[complete]
    dup = keyed.duplicated(key, keep="first")
    if not dup.any():
        return
    first = keyed[~dup].set_index(key)[ROW]
    for _, r in keyed[dup].iterrows():
        k = tuple(r[c] for c in key)
        problems.append(
            Problem(
                table.name,
                int(r[ROW]),
                key[-1],
                k[-1] if len(k) == 1 else " / ".join(map(str, k)),
                f"this {' and '.join(table.column(c).label for c in key)} is already on row "
                f"{int(first.loc[k if len(k) > 1 else k[0]])}",
                "Merge the two rows or correct one of them.",
            )
        )


def _references(tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    customers = set(tables["customers"]["customer_id"].dropna())
    p = tables["processes"]
    processes = pd.MultiIndex.from_arrays([p["customer_id"], p["process_id"]])
    for table in TABLES[1:]:
        df = tables[table.name]
        unknown = df["customer_id"].notna() & ~df["customer_id"].isin(customers)
        for _, r in df[unknown].iterrows():
            problems.append(
                Problem(
                    table.name,
                    int(r[ROW]),
                    "customer_id",
                    r["customer_id"],
                    "this customer is not in the Customers table",
                    "Add the customer to Customers, or correct the id.",
                )
            )
        if "process_id" in table.names:
            pairs = pd.MultiIndex.from_arrays([df["customer_id"], df["process_id"]])
            known_customer = df["customer_id"].isin(customers)
            known_pair = pairs.isin(processes)
            unknown = known_customer & df["process_id"].notna() & ~known_pair
            for _, r in df[unknown].iterrows():
                problems.append(
                    Problem(
                        table.name,
                        int(r[ROW]),
                        "process_id",
                        r["process_id"],
                        f"customer {r['customer_id']} has no such process in the Processes table",
                        "Add the process to Processes for this customer, or correct the id.",
                    )
                )


def _rules(tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Rules between columns and tables: dates in order, outcomes where they can be."""

    def each(
        table: str, df: pd.DataFrame, mask: pd.Series, column: str, message: str, fix: str
    ) -> None:
        for _, r in df[mask.fillna(False)].iterrows():
            problems.append(Problem(table, int(r[ROW]), column, r[column], message, fix))

    c = tables["customers"]
    each(
        "customers",
        c,
        c["first_outcome_date"] < c["signature_date"],
        "first_outcome_date",
        "the first outcome is dated before the contract signature",
        "Check both dates: a first outcome cannot precede the contract.",
    )
    each(
        "customers",
        c,
        c["churn_date"] < c["signature_date"],
        "churn_date",
        "the churn date is before the contract signature",
        "Check both dates.",
    )

    p = tables["processes"]
    each(
        "processes",
        p,
        (p["status"] == "deployed") & p["deployed_date"].isna(),
        "deployed_date",
        "a deployed process needs its deployed date",
        "Enter the day it went live, or set its status to addressable.",
    )
    signed = c.drop_duplicates("customer_id").set_index("customer_id")
    p_signed = _lookup(signed["signature_date"], p["customer_id"])
    each(
        "processes",
        p,
        p["deployed_date"] < p_signed,
        "deployed_date",
        "the process is dated live before the contract signature",
        "Check the deployed date.",
    )

    o = tables["outcomes"]
    o_signed = _lookup(signed["signature_date"], o["customer_id"])
    each(
        "outcomes",
        o,
        o["month"] < o_signed.dt.to_period("M").dt.start_time,
        "month",
        "outcomes are recorded before the month the contract was signed",
        "Check the month, or the customer's signature date.",
    )
    churned = _lookup(signed["churn_date"], o["customer_id"])
    each(
        "outcomes",
        o,
        o["month"] > churned,
        "month",
        "outcomes are recorded after the month the customer churned",
        "Check the month, or the customer's churn date.",
    )
    keyed = p.drop_duplicates(["customer_id", "process_id"]).set_index(
        ["customer_id", "process_id"]
    )
    index = pd.MultiIndex.from_arrays([o["customer_id"], o["process_id"]])
    status = pd.Series(keyed["status"].reindex(index).to_numpy(), index=o.index)
    live = pd.Series(keyed["deployed_date"].reindex(index).to_numpy(), index=o.index)
    has_units = o["units"] > 0
    each(
        "outcomes",
        o,
        has_units & (status == "addressable"),
        "process_id",
        "outcomes are recorded for a process marked addressable (not deployed)",
        "Set the process's status to deployed, with its deployed date.",
    )
    each(
        "outcomes",
        o,
        has_units & (o["month"] < live.dt.to_period("M").dt.start_time),
        "month",
        "outcomes are recorded before the month the process was deployed",
        "Check the month, or the process's deployed date.",
    )

    first_month = o[has_units].groupby("customer_id")["month"].min()
    stated = c["first_outcome_date"].dt.to_period("M").dt.start_time
    each(
        "customers",
        c,
        stated > _lookup(first_month, c["customer_id"]),
        "first_outcome_date",
        "Outcomes has units in an earlier month than this first outcome date",
        "Correct the first outcome date, or the earlier Outcomes rows.",
    )

    d = tables["deployment"]
    d_signed = _lookup(signed["signature_date"], d["customer_id"])
    each(
        "deployment",
        d,
        d["date"] < d_signed,
        "date",
        "FDE work is dated before the contract signature",
        "Deployment cost starts at signature: count pre-sales work in acquisition cost.",
    )


def _lookup(values: pd.Series, keys: pd.Series) -> pd.Series:
    """``values[key]`` for every key (missing keys give a blank), indexed like `keys`."""
    found = values.reindex(keys.to_numpy()).to_numpy()
    if not pd.api.types.is_datetime64_any_dtype(values) and len(values) == 0:
        found = found.astype("datetime64[ns]")
    return pd.Series(found, index=keys.index)


def validate(inputs: Inputs) -> tuple[Inputs, list[Problem]]:
    """Convert the inputs to their schema types and list every problem.

    Parameters
    ----------
    inputs : Inputs
        Raw tables and settings, as read from a workbook or built in Python.

    Returns
    -------
    clean : Inputs
        Typed tables (ids and text as ``str``, dates as ``datetime64``, amounts as
        floats), each with a ``_row`` column; settings typed, defaults filled in. Bad
        cells are blank (missing) in the clean tables.
    problems : list of Problem
        Everything wrong, in table order; empty when the input is usable.
    """
    problems: list[Problem] = []
    settings = _assumptions(inputs, problems)
    raw = inputs.tables()
    tables = {}
    for table in TABLES:
        tables[table.name] = _convert_table(table, raw[table.name], problems)
        _duplicates(table, tables[table.name], problems)
    _references(tables, problems)
    _rules(tables, problems)
    clean = Inputs(settings, **tables, assumption_rows=dict(inputs.assumption_rows))
    return clean, problems
