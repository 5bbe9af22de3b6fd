"""Reading a workbook's input sheets (python-calamine) into :class:`InputSheets`.

Each input table is found by its Excel Table name, or, if the Table was removed, by
its header row. Headers are matched to the schema loosely (case, spacing and the
unit in brackets do not matter), so renamed-case and reordered columns still read;
columns the schema does not know are kept as they are. The reader records where
every column sits, so that a problem can be shown as ``Sheet!Cell``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as calamine

from om_xl.errors import InputError
from om_xl.portfolio.inputs import Problem
from om_xl.schema import ASSUMPTIONS, TABLES, Table
from om_xl.workbook.content import Cell, InputSheets, OtherSheet, TableCells
from om_xl.workbook.layout import (
    CONFIG_SHEET,
    HEADER_ROW,
    INPUT_SHEETS_ORDER,
    NOTES,
    OM_SHEETS,
    SETTINGS_COLUMNS,
)
from om_xl.workbook.package import SheetCells, inspect_package

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
    #: 0-based column of the table's first column: where a column it lacks is missed.
    first_col: int = 0

    def address(self, column: str | None, row: int | None) -> str:
        """``Sheet!A1`` of a column's cell in a row (the header cell without a row)."""
        col = self.columns.get(column, self.first_col) if column else self.first_col
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

    def address(self, problem: Problem) -> str:
        """Where in the workbook a problem is, as ``Sheet!Cell`` (the sheet, if gone)."""
        place = self.places.get(problem.table)
        if place is None:
            sheets = {t.name: t.sheet for t in TABLES} | {ASSUMPTIONS.name: ASSUMPTIONS.sheet}
            return sheets.get(problem.table, problem.table)
        return place.address(problem.column, problem.row)


def _clean(value: Any) -> Cell:
    """A calamine cell as a plain value: blanks as None, whole numbers as floats."""
    if value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _open(path: Path) -> calamine.CalamineWorkbook:
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


def _rows_of(
    values: list[list[Any]], first_row: int, width: int
) -> tuple[list[list[Cell]], list[int]]:
    """Data rows without the fully blank ones, with their sheet rows.

    Table cells need only their blanks made ``None`` (dates may stay dates), which a
    comprehension does fast; cells of any other type go through :func:`_clean`.
    """
    rows, numbers = [], []
    for i, raw in enumerate(values):
        row = [None if v == "" else v for v in (raw if len(raw) <= width else raw[:width])]
        if row.count(None) == len(row):
            continue
        if int in map(type, row):
            row = [_clean(v) for v in row]
        rows.append(row)
        numbers.append(first_row + i)
    return rows, numbers


@dataclass
class TableFound:
    """An Excel Table as a source found it: header cells, 1-based header row, data."""

    headers: list[Any]
    header_row: int
    data: list[list[Any]]
    #: 0-based column of the first header.
    first_col: int = 0


class Source:
    """Cell values of a workbook, sheet by sheet; subclasses say where they come from."""

    sheet_names: list[str]
    #: The sheets that are worksheets (not chart sheets); default: all of them.
    worksheets: list[str] | None = None

    def values(self, sheet: str) -> list[list[Any]]:
        """All of a sheet's cells from A1, as a 2-D list (blanks as None or "")."""
        raise NotImplementedError

    def tables(self, sheet: str) -> list[TableFound]:
        """The Excel Tables on a sheet (none, where the source cannot tell)."""
        return []

    def formulas(self, sheet: str) -> dict[tuple[int, int], str]:
        """Formulas by (row, column), 1-based (none, where the source cannot tell)."""
        return {}

    def merged(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Merged ranges as ((first row, col), (last row, col)), 0-based."""
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


@contextmanager
def _cells_of(sheet: str) -> Iterator[None]:
    """Turn calamine's failure on an unreadable cell into a message naming the sheet.

    calamine panics (a ``BaseException`` from Rust, not an ``Exception``) on a date
    cell whose number lies beyond any calendar, the cell Excel shows as #####.
    """
    try:
        yield
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise WorkbookError(
            f"a cell on the {sheet} sheet cannot be read ({exc}): most likely a date cell "
            "holding a number beyond Excel's calendar, shown as ##### in Excel. Find it, "
            "correct it, and refresh again."
        ) from None


class CalamineSource(Source):
    """A workbook file read with python-calamine, completed from the package.

    calamine reads a cell holding ``#REF!`` as blank and a formula as its last value;
    `cells` (from :func:`~om_xl.workbook.package.inspect_package`) puts each error
    literal back and supplies the formulas.
    """

    def __init__(
        self, book: calamine.CalamineWorkbook, cells: dict[str, SheetCells] | None = None
    ) -> None:
        self.book = book
        self.cells = cells or {}
        self.sheet_names = list(book.sheet_names)
        self.found: dict[str, list[TableFound]] = {}
        for name in book.table_names:
            t = book.get_table_by_name(name)
            errors = self.cells.get(t.sheet, SheetCells()).errors
            # t.start is the 0-based first data row: the 1-based header row
            with _cells_of(t.sheet):
                grid = t.to_python()
            data = _overlay(grid, errors, t.start[0] + 1, t.start[1] + 1)
            found = TableFound(list(t.columns), t.start[0], data, t.start[1])
            self.found.setdefault(t.sheet, []).append(found)

    def values(self, sheet: str) -> list[list[Any]]:
        """The sheet's cells from A1."""
        with _cells_of(sheet):
            grid = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return _overlay(grid, self.cells.get(sheet, SheetCells()).errors, 1, 1)

    def tables(self, sheet: str) -> list[TableFound]:
        """The sheet's Excel Tables."""
        return self.found.get(sheet, [])

    def formulas(self, sheet: str) -> dict[tuple[int, int], str]:
        """The sheet's formulas."""
        return self.cells.get(sheet, SheetCells()).formulas

    def merged(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """The sheet's merged ranges."""
        return self.cells.get(sheet, SheetCells()).merged


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
        #: Sheet names by their lower case: sheets are found whatever their case.
        self.sheet_named = {s.lower(): s for s in source.sheet_names}

    def locate(self, sheet: str, headers: list[str]) -> TableFound | None:
        """The table of `headers` on `sheet`: its Excel Table, or the best header row."""
        wanted = {_key(h) for h in headers}
        for t in self.source.tables(sheet):
            if wanted & {_key(c) for c in t.headers}:
                return t
        values = self.source.values(sheet)
        best, best_row = 0, None
        for r, row in enumerate(values[:_SCAN_ROWS]):
            hits = len(wanted & {_key(v) for v in row if v not in ("", None)})
            if hits > best:
                best, best_row = hits, r
        if best_row is None:
            return None
        row = list(values[best_row])
        filled = [i for i, v in enumerate(row) if v not in ("", None)]
        first, last = filled[0], filled[-1] + 1
        data = [r[first:last] for r in values[best_row + 1 :]]
        return TableFound(row[first:last], best_row + 1, data, first)

    def merged_problems(
        self, table: str, sheet: str, found: TableFound, last_row: int, columns: dict[str, int]
    ) -> None:
        """A problem for every merged range that touches the table."""
        width = len(found.headers)
        by_col = {col: name for name, col in columns.items()}
        for (r1, c1), (r2, c2) in self.source.merged(sheet):
            rows_hit = r1 + 1 <= last_row and r2 + 1 >= found.header_row
            cols_hit = c1 <= found.first_col + width - 1 and c2 >= found.first_col
            if rows_hit and cols_hit:
                cells = f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"
                self.problems.append(
                    Problem(
                        table,
                        r1 + 1,
                        by_col.get(c1),
                        None,
                        f"the cells {cells} are merged",
                        "Unmerge them (Home > Merge & Center): a table holds one value per cell.",
                    )
                )

    def table(self, table: Table) -> TableCells | None:
        sheet = self.sheet_named.get(table.sheet.lower())
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
        found = self.locate(sheet, schema_headers)
        if found is None:
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
        headers, columns = _match([*schema_headers, NOTES], found.headers)
        absolute = {
            c.name: found.first_col + columns[c.header]
            for c in table.columns
            if c.header in columns
        }
        self.places[table.name] = Place(sheet, found.header_row, absolute, found.first_col)
        width = len(headers)
        rows, numbers = _rows_of(found.data, found.header_row + 1, width)
        self.merged_problems(
            table.name, sheet, found, max(numbers, default=found.header_row), absolute
        )
        if NOTES not in columns:
            headers.append(NOTES)
        at = {n: i for i, n in enumerate(numbers)}
        formulas = {
            (at[r], c - 1 - found.first_col): text
            for (r, c), text in self.source.formulas(sheet).items()
            if r in at and 0 <= c - 1 - found.first_col < width
        }
        return TableCells(headers, rows, numbers, found.header_row, found.first_col, formulas)

    def settings(self, sheets: InputSheets) -> None:
        sheet = self.sheet_named.get(ASSUMPTIONS.sheet.lower())
        if sheet is None:
            return  # every setting has a default; a missing sheet is not an error
        found = self.locate(sheet, list(SETTINGS_COLUMNS))
        if found is None:
            return
        _, columns = _match(list(SETTINGS_COLUMNS), found.headers)
        if "Value" not in columns:
            return
        value_col = found.first_col + columns["Value"]
        self.places[ASSUMPTIONS.name] = Place(sheet, found.header_row, first_col=found.first_col)
        sheets.setting_column = value_col
        formulas = self.source.formulas(sheet)
        by_label = {_key(s.label): s.name for s in ASSUMPTIONS.settings}
        for i, row in enumerate(found.data):
            cells = [_clean(v) for v in row]
            key = cells[columns["Key"]] if "Key" in columns else None
            label = cells[columns["Setting"]] if "Setting" in columns else None
            name = str(key).strip() if key else by_label.get(_key(label)) if label else None
            if not name:
                continue
            row_number = found.header_row + 1 + i
            sheets.settings[name] = cells[columns["Value"]]
            sheets.setting_rows[name] = row_number
            if (row_number, value_col + 1) in formulas:
                sheets.setting_formulas[name] = formulas[(row_number, value_col + 1)]
            if NOTES in columns:
                sheets.setting_notes[name] = cells[columns[NOTES]]
        known = {s.name for s in ASSUMPTIONS.settings}
        key_col = found.first_col + columns.get("Key", columns.get("Setting", 0))
        self.places[ASSUMPTIONS.name].columns = {  # an unknown setting: point at its key
            name: value_col if name in known else key_col for name in sheets.settings
        }

    def config(self) -> list[tuple[Cell, Cell]]:
        sheet = self.sheet_named.get(CONFIG_SHEET.lower())
        if sheet is None:
            return []
        pairs = []
        for row in self.source.values(sheet):
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
    if not path.is_file():
        raise WorkbookError(f"{path} does not exist; check the path.")
    ours = {s.lower() for s in OM_SHEETS if s not in INPUT_SHEETS_ORDER}
    cells = inspect_package(path, lambda name: name.lower() not in ours)
    book = _open(path)
    worksheets = [m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
    source = CalamineSource(book, cells)
    source.worksheets = worksheets
    return read_source(source)


def read_source(source: Source) -> WorkbookInputs:
    """Read every input sheet from a source of cell values."""
    reader = _Reader(source)
    sheets = InputSheets()
    reader.settings(sheets)
    for table in TABLES:
        cells = reader.table(table)
        if cells is not None:
            sheets.tables[table.name] = cells
    ours = {s.lower() for s in OM_SHEETS}
    for name in source.worksheets or source.sheet_names:
        if name.lower() not in ours:
            grid = source.values(name)
            values = {
                (r + 1, c + 1): _clean(v)
                for r, row in enumerate(grid)
                for c, v in enumerate(row)
                if v not in ("", None)
            }
            sheets.others[name] = OtherSheet(values, dict(source.formulas(name)))
    return WorkbookInputs(
        sheets=sheets,
        places=reader.places,
        problems=reader.problems,
        config=reader.config(),
    )
