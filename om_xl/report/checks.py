"""The Checks sheet: native Excel formulas that recompute key figures from the inputs.

Each row holds om_xl's value, a formula that recomputes it straight from the input
sheets (no Python, no user-defined function), their difference and whether they
agree. An auditor can follow every formula to the cells it reads; LibreOffice
recalculates them in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from om_xl.metrics import excel_serial
from om_xl.portfolio import Portfolio
from om_xl.portfolio.results import NRR_WINDOWS
from om_xl.report.blocks import Block, Formula, plain
from om_xl.schema import ASSUMPTIONS

__all__ = ["CHECKS", "MAX_CHECKED", "InputRanges", "checks_block"]

CHECKS = "Checks"
#: Customers checked row by row (the first ones in the Customers table).
MAX_CHECKED = 50
_HEADERS = [
    "Check",
    "Customer ID",
    "Process ID",
    "om_xl value",
    "Formula value",
    "Difference",
    "OK",
]


@dataclass
class InputRanges:
    """Where the input tables' data sit, for formulas to read them.

    ``tables`` maps a table name to ``(sheet, {column: letter}, first row, last row)``;
    ``rows`` maps each customer id, and each ``(customer, process)``, to its sheet row;
    ``settings`` maps a setting to its value cell, e.g. ``Assumptions!$B$7``.
    """

    tables: dict[str, tuple[str, dict[str, str], int, int]]
    rows: dict[Any, int] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    def col(self, table: str, column: str) -> str:
        """A whole data column, e.g. ``'Outcomes'!$D$5:$D$400``."""
        sheet, letters, first, last = self.tables[table]
        c = letters[column]
        return f"'{sheet}'!${c}${first}:${c}${max(last, first)}"

    def cell(self, table: str, column: str, row: int) -> str:
        """One cell of a table, e.g. ``'Customers'!$A$7``."""
        sheet, letters, _, _ = self.tables[table]
        return f"'{sheet}'!${letters[column]}${row}"

    def setting(self, name: str) -> str:
        """A setting's value, falling back to its default where the cell is blank."""
        default = ASSUMPTIONS.setting(name).default
        ref = self.settings.get(name)
        if ref is None:
            return f"{default}"
        return f'IF({ref}="",{default},{ref})' if default is not None else ref


def _serial(value: Any) -> Any:
    """A date as an Excel serial number (checks compare numbers), blanks as None."""
    v = plain(value)
    if v is None:
        return None
    return v if isinstance(v, float) else float(excel_serial(v))


class _Rows:
    def __init__(self) -> None:
        self.rows: list[list[Any]] = []
        self.kinds: list[str] = []
        self.first = 5  # the layout's first data row

    @property
    def next_row(self) -> int:
        return self.first + len(self.rows)

    def add(
        self, check: str, customer: Any, process: Any, value: Any, formula: str, kind: str
    ) -> str:
        """Add a check row; return the absolute address of its formula cell."""
        r = self.next_row
        value = plain(value)
        self.rows.append(
            [
                check,
                customer,
                process,
                value,
                Formula(f'=IFERROR({formula},"")', value),
                Formula(f'=IF(OR(D{r}="",E{r}=""),"",E{r}-D{r})', 0.0 if value is not None else ""),
                Formula(
                    f'=IF(AND(D{r}="",E{r}=""),TRUE,IF(OR(D{r}="",E{r}=""),FALSE,'
                    f"ABS(E{r}-D{r})<=1E-6*MAX(1,ABS(D{r}))))",
                    True,
                ),
            ]
        )
        self.kinds.append(kind)
        return f"$E${r}"


def checks_block(p: Portfolio, places: InputRanges | None) -> Block:
    """The Checks rows for the first customers and their processes."""
    out = _Rows()
    block = Block(
        CHECKS,
        "Checks",
        "om_xl's figures recomputed by native formulas from the "
        "input sheets; OK where the two agree.",
        list(_HEADERS),
        ["text", "text", "text", "number", "number", "number", "text"],
        out.rows,
        highlights={"OK": "ok"},
        row_kinds=out.kinds,
    )
    if places is None or not places.tables:
        return block
    c_, p_, o_, d_ = "customers", "processes", "outcomes", "deployment"
    col = places.col
    month_end = out.add(
        "Report month end",
        None,
        None,
        _serial(p.as_of + pd.offsets.MonthEnd(0)),
        f'EOMONTH(IF({places.settings.get("as_of_month", "0")}="",MAX({col(o_, "month")}),'
        f"{places.settings.get('as_of_month', '0')}),0)",
        "date",
    )
    window = str(p.assumptions["nrr_window"])
    lag = NRR_WINDOWS[window]
    d = p.dashboard.head(MAX_CHECKED)
    t = p.timeline
    revenue = t.set_index(["customer_id", "month"])["revenue"]
    procs = p.processes
    as_of = p.as_of
    start_month = as_of - pd.DateOffset(months=lag)
    for _, row in d.iterrows():
        cid = row.customer_id
        r = places.rows.get(cid)
        if r is None:
            continue
        ident = places.cell(c_, "customer_id", r)
        signed = places.cell(c_, "signature_date", r)
        stated = places.cell(c_, "first_outcome_date", r)
        units_pos = f'{col(o_, "customer_id")},{ident},{col(o_, "units")},">0"'
        first = out.add(
            "First outcome date",
            cid,
            None,
            _serial(row.first_outcome_date),
            f'IF({stated}<>"",{stated},IF(COUNTIFS({units_pos})=0,"",MAX({signed},'
            f"EOMONTH(MINIFS({col(o_, 'month')},{units_pos}),-1)+1)))",
            "date",
        )
        out.add("TTFO (days)", cid, None, row.ttfo_days, f"{first}-{signed}", "days")
        # work up to the first outcome, and none after the report month
        cutoff = f'IF({first}="",{month_end},MIN({first},{month_end}))'
        rate = places.setting("fde_daily_rate")
        out.add(
            "COD",
            cid,
            None,
            row.cod,
            f"SUMPRODUCT(({col(d_, 'customer_id')}={ident})*({col(d_, 'date')}<={cutoff})*"
            f'{col(d_, "fde_days")}*({col(d_, "daily_rate")}+({col(d_, "daily_rate")}="")*'
            f"{rate}))",
            "money",
        )
        churn = places.cell(c_, "churn_date", r)
        out.add(
            "PPR",
            cid,
            None,
            row.ppr,
            f'IF(AND({churn}<>"",{churn}<={month_end}),0,COUNTIFS({col(p_, "customer_id")},'
            f'{ident},{col(p_, "status")},"deployed",{col(p_, "deployed_date")},"<="&'
            f"{month_end})/COUNTIF({col(p_, 'customer_id')},{ident}))",
            "share",
        )
        mine = procs[procs.customer_id == cid]
        cells = {}
        for label, month in (("start", start_month), ("end", as_of)):
            first_day = f"EOMONTH({month_end},{-lag - 1 if label == 'start' else -1})+1"
            last_day = f"EOMONTH({month_end},{-lag if label == 'start' else 0})"
            terms = []
            for pid in mine.process_id:
                pr = places.rows.get((cid, pid))
                if pr is None:
                    continue
                crit = (
                    f"{col(o_, 'customer_id')},{ident},{col(o_, 'process_id')},"
                    f'{places.cell(p_, "process_id", pr)},{col(o_, "month")},">="&'
                    f'{first_day},{col(o_, "month")},"<="&{last_day}'
                )
                terms.append(
                    f"SUMIFS({col(o_, 'revenue')},{crit})+"
                    f"{places.cell(p_, 'price_per_unit', pr)}*"
                    f'SUMIFS({col(o_, "units")},{crit},{col(o_, "revenue")},"")'
                )
            engine = revenue.get((cid, month), 0.0)
            cells[label] = out.add(
                f"Revenue, {month:%b %Y}", cid, None, engine, "+".join(terms) or "0", "money"
            )
        out.add(
            f"NRR ({window}, {as_of:%b %Y})",
            cid,
            None,
            row.nrr,
            f'IF({cells["start"]}>0,{cells["end"]}/{cells["start"]},"")',
            "share",
        )
        for _, pr_row in mine.iterrows():
            pr = places.rows.get((cid, pr_row.process_id))
            if pr is None:
                continue
            human = places.cell(p_, "human_cost_per_unit", pr)
            price = places.cell(p_, "price_per_unit", pr)
            costs = "+".join(
                places.cell(p_, f"{k}_cost_per_unit", pr) for k in ("token", "oversight", "infra")
            )
            out.add("OCE (x)", cid, pr_row.process_id, pr_row.oce, f"{human}/{price}", "ratio")
            out.add(
                "GMO per outcome",
                cid,
                pr_row.process_id,
                pr_row.gmo,
                f"{price}-({costs})",
                "money_unit",
            )
    return block
