"""Reading a workbook's input sheets (python-calamine) into :class:`InputSheets`.

Each input table is found by its Excel Table name, or, if the Table was removed, by
its header row. Headers are matched to the schema loosely (case, spacing and the
unit in brackets do not matter), so renamed-case and reordered columns still read;
columns the schema does not know are kept as they are. The reader records where
every column sits, so that a problem can be shown as ``Sheet!Cell``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as calamine

from om_xl.errors import InputError
from om_xl.portfolio.inputs import Problem
from om_xl.schema import ASSUMPTIONS, TABLES, Table
from om_xl.workbook.content import Cell, InputSheets, TableCells
from om_xl.workbook.layout import CONFIG_SHEET, HEADER_ROW, NOTES, SETTINGS_COLUMNS
from om_xl.workbook.package import inspect_package

__all__ = [
    "CalamineSource",
    "Place",
    "Source",
    "TableFound",
    "ValuesSource",
    "WorkbookError",
    "WorkbookInputs",
    "column_letter",
    "read_source",
    "read_workbook",
]

_SCAN_ROWS = 30  # how far down a sheet to look for a table's header row


class WorkbookError(InputError):
    """The file cannot be read as an om_xl workbook (not a workbook, damaged, locked)."""


def column_letter(index: int) -> str:
    """Excel column letters of a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _key(text: Any) -> str:
    """A header reduced for matching: no unit in brackets, lower case, single spaces."""
    text = re.sub(r"\([^)]*\)", "", str(text))
    return " ".join(text.lower().replace("_", " ").split())


@dataclass
class Place:
    """Where a table sits: its sheet, header row and the column of each header."""

    sheet: str
    header_row: int
    columns: dict[str, int] = field(default_factory=dict)

    def address(self, column: str | None, row: int | None) -> str:
        """``Sheet!A1`` of a column's cell in a row (the header cell without a row)."""
        col = self.columns.get(column, 0) if column else 0
        return f"{self.sheet}!{column_letter(col)}{row or self.header_row}"


@dataclass
class WorkbookInputs:
    """What a workbook holds on its input side, and where."""

    sheets: InputSheets
    places: dict[str, Place]
    #: Problems found while reading (a missing sheet, a table without its header).
    problems: list[Problem]
    #: The xlwings.conf sheet's settings, in order.
    config: list[tuple[Cell, Cell]]
    #: The names of sheets om_xl does not know.
    other_sheets: list[str]

    def address(self, problem: Problem) -> str:
        """Where in the workbook a problem is, as ``Sheet!Cell``."""
        place = self.places.get(problem.table)
        if place is None:
            return problem.table
        return place.address(problem.column, problem.row)


def _clean(value: Any) -> Cell:
    """A calamine cell as a plain value: blanks as None, whole dates as datetimes."""
    if value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _open(path: Path) -> calamine.CalamineWorkbook:
    if not path.is_file():
        raise WorkbookError(f"{path} does not exist; check the path.")
    try:
        return calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    except calamine.PasswordError:
        raise WorkbookError(
            f"{path.name} is password-protected; save an unprotected copy and refresh that."
        ) from None
    except Exception as exc:  # calamine's zip, XML and format errors
        raise WorkbookError(
            f"{path.name} cannot be read as an Excel workbook ({type(exc).__name__}: {exc}); "
            "open it in Excel and save it again as .xlsm or .xlsx."
        ) from None


def _match(table_headers: list[str], found: list[Any]) -> tuple[list[str], dict[str, int]]:
    """Canonical headers for the found ones, and each known header's column."""
    wanted = {_key(h): h for h in table_headers}
    headers, columns = [], {}
    for i, h in enumerate(found):
        canon = wanted.get(_key(h)) if h not in (None, "") else None
        if canon is not None and canon not in columns:
            columns[canon] = i
            headers.append(canon)
        else:
            headers.append("" if h is None else str(h))
    return headers, columns


def _rows_of(values: list[list[Any]], first_row: int) -> tuple[list[list[Cell]], list[int]]:
    """Data rows without the fully blank ones, with their sheet rows."""
    rows, numbers = [], []
    for i, raw in enumerate(values):
        row = [_clean(v) for v in raw]
        if any(v is not None for v in row):
            rows.append(row)
            numbers.append(first_row + i)
    return rows, numbers


@dataclass
class TableFound:
    """An Excel Table as a source found it: header cells, 1-based header row, data."""

    headers: list[Any]
    header_row: int
    data: list[list[Any]]


class Source:
    """Cell values of a workbook, sheet by sheet; subclasses say where they come from."""

    sheet_names: list[str]

    def values(self, sheet: str) -> list[list[Any]]:
        """All of a sheet's cells from A1, as a 2-D list (blanks as None or "")."""
        raise NotImplementedError

    def tables(self, sheet: str) -> list[TableFound]:
        """The Excel Tables on a sheet (none, where the source cannot tell)."""
        return []


def _overlay(
    grid: list[list[Any]], errors: dict[tuple[int, int], str], top: int, left: int
) -> list[list[Any]]:
    """Put error literals back into a grid whose first cell is sheet (top, left), 1-based."""
    for (r, c), literal in errors.items():
        i, j = r - top, c - left
        if 0 <= i < len(grid) and 0 <= j < len(grid[i]):
            grid[i][j] = literal
    return grid


class CalamineSource(Source):
    """A workbook file read with python-calamine, error cells restored from the package.

    calamine reads a cell holding ``#REF!`` as blank; `errors` (from
    :func:`~om_xl.workbook.package.inspect_package`) puts each literal back.
    """

    def __init__(
        self,
        book: calamine.CalamineWorkbook,
        errors: dict[str, dict[tuple[int, int], str]] | None = None,
    ) -> None:
        self.book = book
        self.errors = errors or {}
        self.sheet_names = list(book.sheet_names)
        self.found: dict[str, list[TableFound]] = {}
        for name in book.table_names:
            t = book.get_table_by_name(name)
            # t.start is the 0-based first data row: the 1-based header row
            data = _overlay(
                t.to_python(), self.errors.get(t.sheet, {}), t.start[0] + 1, t.start[1] + 1
            )
            found = TableFound(list(t.columns), t.start[0], data)
            self.found.setdefault(t.sheet, []).append(found)

    def values(self, sheet: str) -> list[list[Any]]:
        """The sheet's cells from A1."""
        grid = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return _overlay(grid, self.errors.get(sheet, {}), 1, 1)

    def tables(self, sheet: str) -> list[TableFound]:
        """The sheet's Excel Tables."""
        return self.found.get(sheet, [])


class ValuesSource(Source):
    """Cell values already in memory, by sheet (how the in-Excel refresh reads a book)."""

    def __init__(self, sheets: dict[str, list[list[Any]]]) -> None:
        self.sheets = sheets
        self.sheet_names = list(sheets)

    def values(self, sheet: str) -> list[list[Any]]:
        """The sheet's cells from A1."""
        return self.sheets[sheet]


class _Reader:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.places: dict[str, Place] = {}

    def sheet_values(self, sheet: str) -> list[list[Any]]:
        return self.source.values(sheet)

    def locate(self, sheet: str, headers: list[str]) -> tuple[int, list[Any], list[list[Any]]]:
        """(header row, header cells, data cells) of the table of `headers` on `sheet`."""
        wanted = {_key(h) for h in headers}
        for t in self.source.tables(sheet):
            if wanted & {_key(c) for c in t.headers}:
                return t.header_row, t.headers, t.data
        values = self.sheet_values(sheet)
        best, best_row = 0, None
        for r, row in enumerate(values[:_SCAN_ROWS]):
            hits = len(wanted & {_key(v) for v in row if v not in ("", None)})
            if hits > best:
                best, best_row = hits, r
        if best_row is None:
            return -1, [], []
        return best_row + 1, list(values[best_row]), values[best_row + 1 :]

    def table(self, table: Table) -> TableCells | None:
        names = {s.lower(): s for s in self.source.sheet_names}
        sheet = names.get(table.sheet.lower())
        schema_headers = [c.header for c in table.columns]
        if sheet is None:
            if not table.optional:
                self.problems.append(
                    Problem(
                        table.name,
                        None,
                        None,
                        None,
                        f"the sheet {table.sheet} is missing",
                        f"Add the {table.sheet} sheet back (copy it from a new template, "
                        "om-xl new).",
                    )
                )
            return None
        header_row, found, data = self.locate(sheet, schema_headers)
        if header_row < 0:
            self.problems.append(
                Problem(
                    table.name,
                    None,
                    None,
                    None,
                    f"no table with the {table.sheet} headers was found",
                    f"Restore the header row ({', '.join(schema_headers[:3])}, ...) in row "
                    f"{HEADER_ROW} of the {sheet} sheet.",
                )
            )
            return None
        headers, columns = _match([*schema_headers, NOTES], found)
        self.places[table.name] = Place(
            sheet,
            header_row,
            {c.name: columns[c.header] for c in table.columns if c.header in columns},
        )
        width = len(headers)
        rows, numbers = _rows_of([r[:width] for r in data], header_row + 1)
        if NOTES not in columns:
            headers.append(NOTES)
        return TableCells(headers, rows, numbers)

    def settings(self, sheets: InputSheets) -> None:
        names = {s.lower(): s for s in self.source.sheet_names}
        sheet = names.get(ASSUMPTIONS.sheet.lower())
        if sheet is None:
            return  # every setting has a default; a missing sheet is not an error
        header_row, found, data = self.locate(sheet, list(SETTINGS_COLUMNS))
        _, columns = _match(list(SETTINGS_COLUMNS), found)
        if header_row < 0 or "Value" not in columns:
            return
        self.places[ASSUMPTIONS.name] = Place(sheet, header_row)
        by_label = {_key(s.label): s.name for s in ASSUMPTIONS.settings}
        for i, row in enumerate(data):
            cells = [_clean(v) for v in row]
            key = cells[columns["Key"]] if "Key" in columns else None
            label = cells[columns["Setting"]] if "Setting" in columns else None
            name = str(key).strip() if key else by_label.get(_key(label)) if label else None
            if not name:
                continue
            sheets.settings[name] = cells[columns["Value"]]
            sheets.setting_rows[name] = header_row + 1 + i
            if NOTES in columns:
                sheets.setting_notes[name] = cells[columns[NOTES]]
        self.places[ASSUMPTIONS.name].columns = {name: columns["Value"] for name in sheets.settings}

    def config(self) -> list[tuple[Cell, Cell]]:
        names = {s.lower(): s for s in self.source.sheet_names}
        sheet = names.get(CONFIG_SHEET)
        if sheet is None:
            return []
        pairs = []
        for row in self.sheet_values(sheet):
            cells = [_clean(v) for v in row] + [None, None]
            if cells[0] is not None:
                pairs.append((cells[0], cells[1]))
        return pairs


def read_workbook(path: str | Path) -> WorkbookInputs:
    """Read every input sheet of an om_xl workbook file.

    Raises
    ------
    WorkbookError
        If the file is not a readable workbook.
    """
    path = Path(path)
    book = _open(path)
    wanted = {s.lower() for s in (ASSUMPTIONS.sheet, *(t.sheet for t in TABLES))}
    errors = inspect_package(path, [s for s in book.sheet_names if s.lower() in wanted])
    return read_source(CalamineSource(book, errors))


def read_source(source: Source) -> WorkbookInputs:
    """Read every input sheet from a source of cell values."""
    reader = _Reader(source)
    sheets = InputSheets()
    reader.settings(sheets)
    for table in TABLES:
        cells = reader.table(table)
        if cells is not None:
            sheets.tables[table.name] = cells
    known = {s.lower() for s in (ASSUMPTIONS.sheet, *(t.sheet for t in TABLES))}
    return WorkbookInputs(
        sheets=sheets,
        places=reader.places,
        problems=reader.problems,
        config=reader.config(),
        other_sheets=[s for s in source.sheet_names if s.lower() not in known],
    )
