"""The input tables as pandas DataFrames, and the problems found in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from om_xl.errors import InputError

__all__ = ["ROW", "Inputs", "Problem", "ValidationError"]

#: Name of the column that carries each row's position in its source (a sheet row).
ROW = "_row"


@dataclass
class Inputs:
    """Everything a finance team enters: settings and five tables.

    Table frames use the schema's column names (:mod:`om_xl.schema`); a ``_row``
    column, when present, holds each row's source position (its sheet row) so that
    problems can name the cell. ``tokens`` may be ``None``.
    """

    assumptions: dict[str, Any]
    customers: pd.DataFrame
    processes: pd.DataFrame
    deployment: pd.DataFrame
    outcomes: pd.DataFrame
    tokens: pd.DataFrame | None = None
    #: Source row of each assumption, by setting name.
    assumption_rows: dict[str, int] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame | None]:
        """The row tables by schema name."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("assumptions", "assumption_rows")
        }


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what, and how to fix it."""

    table: str
    row: int | None
    column: str | None
    value: Any
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.table if self.row is None else f"{self.table} row {self.row}"
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.describe()}"

    def describe(self) -> str:
        """What is wrong and how to fix it, without where."""
        shown = "" if _blank(self.value) else f" (got {_shown(self.value)})"
        return f"{self.message}{shown}. {self.fix}"


def _shown(value: Any) -> str:
    """A cell value as a person would type it: text quoted, numbers and dates plain."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | np.integer | np.floating):
        return f"{float(value):,.10g}"
    if isinstance(value, dt.datetime | pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat(sep=" ")
    return str(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NaT


class ValidationError(InputError):
    """The input has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"{len(problems)} problem(s) in the input: {head}{more}")
