"""The cell contents of a workbook's input side, independent of any file library.

:class:`InputSheets` is what the reader gets out of a workbook and what the builder
writes back: per input table its headers (schema columns, then any the user added,
then Notes) and rows of plain cell values (``str``, ``float``, ``bool``,
``datetime``, ``None``), so that nothing a user typed is lost or changes type on
the way through.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from om_xl.portfolio.inputs import ROW, Inputs
from om_xl.schema import ASSUMPTIONS, TABLES, Table
from om_xl.workbook.layout import HEADER_ROW, NOTES

__all__ = ["Cell", "InputSheets", "OtherSheet", "TableCells"]

Cell = str | float | int | bool | dt.datetime | dt.date | None


def _plain(value: Any) -> Cell:
    """A pandas or numpy value as a plain cell value (blank for NaN and NaT)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).to_pydatetime()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer | np.floating):
        return float(value)
    return value


@dataclass
class OtherSheet:
    """A sheet of the user's own: its values and formulas, by (row, column), 1-based."""

    values: dict[tuple[int, int], Cell] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class TableCells:
    """One input table as cells: headers, rows, and where they sit on the sheet.

    A refresh writes each table back where it was (same header row, first column and
    row of every data row), so formulas that point at input cells still point right.
    """

    headers: list[str]
    rows: list[list[Cell]]
    #: Excel row of each data row (the default: consecutive from the first data row).
    sheet_rows: list[int] | None = None
    #: Excel row of the header.
    header_row: int = HEADER_ROW
    #: 0-based column of the first header.
    first_col: int = 0
    #: Formulas (without ``=``) by (row index, column index) into `rows`; the row's
    #: value there is the formula's last result.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def rows_on_sheet(self) -> list[int]:
        """Excel row of every data row."""
        first = self.header_row + 1
        return self.sheet_rows or list(range(first, first + len(self.rows)))

    def frame(self, names: dict[str, str]) -> pd.DataFrame:
        """The rows as a DataFrame, columns renamed by `names` (header -> schema name).

        Columns not in `names` are left out; a ``_row`` column holds each row's sheet row.
        """
        keep = [(i, names[h]) for i, h in enumerate(self.headers) if h in names]
        data = {name: [r[i] if i < len(r) else None for r in self.rows] for i, name in keep}
        frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})
        frame[ROW] = self.rows_on_sheet
        return frame


@dataclass
class InputSheets:
    """Everything on the input side of a workbook, as cells."""

    #: Settings by key, as cells.
    settings: dict[str, Cell] = field(default_factory=dict)
    #: Notes typed next to each setting, by key.
    setting_notes: dict[str, Cell] = field(default_factory=dict)
    #: Sheet row of each setting, by key.
    setting_rows: dict[str, int] = field(default_factory=dict)
    #: Formulas (without ``=``) in setting values, by key.
    setting_formulas: dict[str, str] = field(default_factory=dict)
    #: 0-based column of the settings' values.
    setting_column: int = 1
    #: The row tables, by schema name.
    tables: dict[str, TableCells] = field(default_factory=dict)
    #: Sheets om_xl does not know, carried over as they are: name -> cells.
    others: dict[str, OtherSheet] = field(default_factory=dict)

    def inputs(self) -> Inputs:
        """The raw :class:`~om_xl.portfolio.Inputs` for validation."""
        frames = {}
        for table in TABLES:
            cells = self.tables.get(table.name)
            if cells is None:
                frames[table.name] = None
                continue
            names = {c.header: c.name for c in table.columns}
            frames[table.name] = cells.frame(names)
        settings = {k: v for k, v in self.settings.items() if v is not None}
        return Inputs(settings, **frames, assumption_rows=dict(self.setting_rows))

    @classmethod
    def from_inputs(cls, inputs: Inputs) -> InputSheets:
        """Cells for raw inputs built in Python (the sample data, for instance)."""
        sheets = cls()
        for s in ASSUMPTIONS.settings:
            if s.name in inputs.assumptions:
                sheets.settings[s.name] = _plain(inputs.assumptions[s.name])
        for table in TABLES:
            frame = getattr(inputs, table.name)
            sheets.tables[table.name] = _cells(table, frame)
        return sheets


def _cells(table: Table, frame: pd.DataFrame | None) -> TableCells:
    headers = [c.header for c in table.columns] + [NOTES]
    if frame is None or frame.empty:
        return TableCells(headers, [])
    columns = [
        frame[c.name].tolist() if c.name in frame.columns else [None] * len(frame)
        for c in table.columns
    ]
    rows = [[_plain(v) for v in row] + [None] for row in zip(*columns, strict=True)]
    return TableCells(headers, rows)
