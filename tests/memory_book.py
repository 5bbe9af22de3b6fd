"""An in-memory stand-in for an open Excel workbook (om_xl.excel.button.Book)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import python_calamine as calamine

from om_xl.report import ChartSpec


class MemoryBook:
    """Cells, number formats and chart series of a workbook, in dictionaries."""

    def __init__(self, cells: dict[str, dict[tuple[int, int], Any]], charts: list[str]) -> None:
        self.cells = cells
        self.formats: dict[str, dict[tuple[int, int], str]] = {s: {} for s in cells}
        self.charts: dict[str, ChartSpec | None] = dict.fromkeys(charts)
        self.active: str | None = None

    @classmethod
    def load(cls, path: Path) -> MemoryBook:
        """The worksheets' values and the chart sheets' names of a workbook file."""
        book = calamine.CalamineWorkbook.from_path(str(path))
        cells, charts = {}, []
        for meta in book.sheets_metadata:
            if meta.typ == calamine.SheetTypeEnum.ChartSheet:
                charts.append(meta.name)
                continue
            grid = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            cells[meta.name] = {
                (r + 1, c + 1): v
                for r, row in enumerate(grid)
                for c, v in enumerate(row)
                if v not in ("", None)
            }
        return cls(cells, charts)

    # the Book protocol -------------------------------------------------------------------

    def sheet_names(self) -> list[str]:
        return list(self.cells)

    def values(self, sheet: str) -> list[list[Any]]:
        cells = self.cells[sheet]
        if not cells:
            return [[None]]
        rows = max(r for r, _ in cells)
        cols = max(c for _, c in cells)
        return [[cells.get((r, c)) for c in range(1, cols + 1)] for r in range(1, rows + 1)]

    def ensure_sheet(self, sheet: str) -> None:
        self.cells.setdefault(sheet, {})
        self.formats.setdefault(sheet, {})

    def clear(self, sheet: str) -> None:
        self.cells[sheet] = {}
        self.formats[sheet] = {}

    def write(self, sheet: str, row: int, col: int, rows: list[list[Any]]) -> None:
        for i, values in enumerate(rows):
            for j, value in enumerate(values):
                if value is None:
                    self.cells[sheet].pop((row + i, col + j), None)
                else:
                    self.cells[sheet][(row + i, col + j)] = value

    def number_format(self, sheet: str, row: int, col: int, nrows: int, fmt: str) -> None:
        for i in range(nrows):
            self.formats[sheet][(row + i, col)] = fmt

    def set_chart(self, spec: ChartSpec) -> None:
        assert spec.sheet in self.charts, f"no chart sheet {spec.sheet}"
        self.charts[spec.sheet] = spec

    def activate(self, sheet: str) -> None:
        self.active = sheet

    # helpers for tests ------------------------------------------------------------------

    def cell(self, sheet: str, address: str) -> Any:
        col = 0
        letters = address.rstrip("0123456789")
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        return self.cells[sheet].get((int(address[len(letters) :]), col))
