"""The monthly grid every customer's timeline sits on, and moves onto and off it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from om_xl.metrics import excel_serial

__all__ = ["Grid", "from_excel_serial", "month_number", "serial_month", "to_excel_serial"]


def month_number(dates: np.ndarray | pd.Series) -> np.ndarray:
    """Months since January 1970 as floats (``nan`` for a blank date)."""
    d = np.asarray(dates, dtype="datetime64[ns]")
    out = d.astype("datetime64[M]").astype(float)
    out[np.isnat(d)] = np.nan
    return out


def from_excel_serial(serials: np.ndarray) -> np.ndarray:
    """Excel serial numbers as ``datetime64[ns]`` days (NaT for ``nan``)."""
    s = np.asarray(serials, dtype=float)
    days = np.where(np.isnan(s), 0, s).astype("timedelta64[D]") + np.datetime64("1899-12-30")
    return np.where(np.isnan(s), np.datetime64("NaT", "ns"), days.astype("datetime64[ns]"))


def serial_month(serials: np.ndarray) -> np.ndarray:
    """Month number (:func:`month_number`) of Excel serial dates (``nan`` stays ``nan``)."""
    return month_number(from_excel_serial(serials))


def to_excel_serial(dates: np.ndarray | pd.Series) -> np.ndarray:
    """Dates as Excel serial day numbers (``nan`` for a blank date)."""
    return excel_serial(np.asarray(dates, dtype="datetime64[ns]"))


@dataclass(frozen=True)
class Grid:
    """Calendar months from the earliest signature to the report month.

    ``first`` is that earliest month as a month number (:func:`month_number`); column
    ``j`` of every customer x month array is month ``first + j``.
    """

    first: int
    size: int

    @classmethod
    def spanning(cls, first: float, last: float) -> Grid:
        """The grid from month number `first` to `last`, inclusive."""
        return cls(int(first), max(int(last) - int(first) + 1, 1))

    @cached_property
    def starts(self) -> pd.DatetimeIndex:
        """First day of every month on the grid."""
        months = np.arange(self.first, self.first + self.size).astype("datetime64[M]")
        return pd.DatetimeIndex(months.astype("datetime64[ns]"))

    @cached_property
    def start_serials(self) -> np.ndarray:
        """First day of every month, as Excel serial numbers."""
        return to_excel_serial(self.starts.to_numpy())

    @cached_property
    def ends(self) -> np.ndarray:
        """Last day of every month, as Excel serial numbers."""
        nxt = np.arange(self.first + 1, self.first + self.size + 1).astype("datetime64[M]")
        return to_excel_serial(nxt.astype("datetime64[ns]")) - 1

    def column(self, months: np.ndarray) -> np.ndarray:
        """Grid column of each month number (may fall outside the grid)."""
        return np.asarray(months) - self.first

    def scatter(
        self, rows: np.ndarray, months: np.ndarray, values: np.ndarray, n_rows: int
    ) -> np.ndarray:
        """Sum `values` into an ``n_rows x size`` array at (row, month); off-grid dropped."""
        col = self.column(months)
        keep = (col >= 0) & (col < self.size) & ~np.isnan(col)
        out = np.zeros((n_rows, self.size))
        np.add.at(out, (rows[keep], col[keep].astype(int)), values[keep])
        return out

    def align(self, grid: np.ndarray, start_col: np.ndarray) -> np.ndarray:
        """Shift each row so column 0 is its own `start_col` (zeros past the grid's end)."""
        k = start_col[:, None] + np.arange(self.size)[None, :]
        inside = k < self.size
        rows = np.arange(grid.shape[0])[:, None]
        return np.where(inside, grid[rows, np.minimum(k, self.size - 1)], 0.0)
