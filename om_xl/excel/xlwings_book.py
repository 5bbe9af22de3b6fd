"""The xlwings side of the Refresh report button: a :class:`~om_xl.excel.button.Book`.

Deliberately thin: every decision is in :mod:`om_xl.excel.button`, tested through an
in-memory book. What is here runs only inside Excel (Windows, through COM), and only
Excel can verify it.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from om_xl.excel.button import Outcome, refresh_book
from om_xl.report import ChartSpec

__all__ = ["XlwingsBook", "refresh_caller"]

# Excel's XlChartType and XlAxisGroup values
_TYPES = {
    ("column", "stacked"): 52,
    ("column", None): 51,
    ("line", None): 4,
    ("scatter", None): -4169,
    ("scatter", "line"): 75,
}
_SECONDARY = 2


class XlwingsBook:
    """An open workbook, through xlwings."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book

    def sheet_names(self) -> list[str]:
        """Names of the worksheets."""
        return [s.name for s in self.book.sheets]

    def values(self, sheet: str) -> list[list[Any]]:
        """A worksheet's cells from A1, errors as their text."""
        ws = self.book.sheets[sheet]
        last = ws.used_range.last_cell
        rng = ws.range((1, 1), (last.row, last.column))
        return rng.options(ndim=2, err_to_str=True).value

    def ensure_sheet(self, sheet: str) -> None:
        """Add the worksheet at the end if it is missing."""
        if sheet not in self.sheet_names():
            self.book.sheets.add(sheet, after=self.book.sheets[-1])

    def clear(self, sheet: str) -> None:
        """Clear contents and formats."""
        self.book.sheets[sheet].clear()

    def write(self, sheet: str, row: int, col: int, rows: list[list[Any]]) -> None:
        """Write a block of values at (row, col)."""
        width = max((len(r) for r in rows), default=0)
        padded = [list(r) + [None] * (width - len(r)) for r in rows]
        self.book.sheets[sheet].range((row, col)).value = padded

    def number_format(self, sheet: str, row: int, col: int, nrows: int, fmt: str) -> None:
        """Set a column of cells' number format."""
        ws = self.book.sheets[sheet]
        ws.range((row, col), (row + nrows - 1, col)).number_format = fmt

    def set_chart(self, spec: ChartSpec) -> None:
        """Replace the chart sheet's series with the spec's."""
        chart = self.book.api.Charts(spec.sheet)
        collection = chart.SeriesCollection()
        for i in range(collection.Count, 0, -1):
            chart.SeriesCollection(i).Delete()
        for s in spec.series:
            series = chart.SeriesCollection().NewSeries()
            series.Name = s.name
            series.Values = s.values.formula()
            if s.categories is not None:
                series.XValues = s.categories.formula()
            kind = s.style.get("kind", spec.kind)
            subtype = spec.subtype if kind == spec.kind else None
            if kind == "scatter" and s.style.get("line"):
                subtype = "line"
            series.ChartType = _TYPES.get((kind, subtype), _TYPES[(kind, None)])
            if s.style.get("secondary"):
                series.AxisGroup = _SECONDARY

    def activate(self, sheet: str) -> None:
        """Show a sheet."""
        self.book.sheets[sheet].activate()


def refresh_caller() -> Outcome:
    """Refresh the workbook whose button called Python."""
    return refresh_book(XlwingsBook(xw.Book.caller()))
