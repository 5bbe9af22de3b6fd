"""Writing a whole workbook with XlsxWriter: inputs, report, charts, checks, VBA.

:func:`build` never edits a file in place: it writes a complete new workbook at the
path it is given (the refresh writes to a temporary file and moves it into place).
Text is always written as text, so a customer called ``=HYPERLINK(...)`` stays a name.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.sharedstrings import SharedStringTable
from xlsxwriter.utility import xl_range
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from om_xl import __version__
from om_xl.errors import InputError
from om_xl.report import Block, ChartSpec, Formula, Report
from om_xl.report.checks import InputRanges
from om_xl.schema import ASSUMPTIONS, TABLES, Column, Table
from om_xl.workbook.content import InputSheets, OtherSheet, TableCells
from om_xl.workbook.layout import (
    CONFIG_SHEET,
    DATA_ROW,
    FORMATS,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    NOTES,
    SETTINGS_COLUMNS,
    column_format,
    table_name,
)
from om_xl.workbook.read import column_letter

__all__ = ["DEFAULT_CONFIG", "build", "input_ranges", "settings_rows"]

#: The xlwings.conf sheet of a new workbook: the UDF module, and xlwings' defaults.
DEFAULT_CONFIG: list[tuple[str, str]] = [
    ("UDF Modules", "om_xl.udfs"),
    ("Interpreter_Win", ""),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Debug Server", "False"),
    ("Use UDF Server", "False"),
    ("Show Console", "False"),
]
#: Excel's last row.
EXCEL_ROWS = 1_048_576
#: Rows the data validation and id lists reach below the header (room to add rows).
_ROOM = 10_000
_INPUT_FILL, _INPUT_FONT = "#FFF2CC", "#0000FF"
_HEADER_FILL = "#1F4E79"
_CHART_SHEETS_AFTER = "Dashboard"


def _ids(value: Any) -> Any:
    """An id cell as validation reads it (101.0 and "101" are the same id)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else None


def settings_rows(sheets: InputSheets) -> dict[str, int]:
    """The sheet row of every setting as :func:`build` writes them.

    Settings stay on the rows they were read from; any the workbook lacks (added by a
    newer om_xl) follow the last, in schema order. A new workbook starts at the layout's
    first data row.
    """
    rows = dict(sheets.setting_rows)
    nxt = max(rows.values(), default=DATA_ROW - 1) + 1
    for s in ASSUMPTIONS.settings:
        if s.name not in rows:
            rows[s.name], nxt = nxt, nxt + 1
    return rows


def input_ranges(sheets: InputSheets, in_place: bool = False) -> InputRanges:
    """Where each input column, row and setting is, for the Checks formulas.

    Tables sit where they were read (or where :func:`build` puts new ones). Settings
    are in column B on :func:`settings_rows` in a written workbook; `in_place` (a
    workbook being refreshed in Excel) uses where they were read, and the defaults for
    any it lacks.
    """
    tables, rows = {}, {}
    for table in TABLES:
        cells = sheets.tables.get(table.name) or TableCells([c.header for c in table.columns], [])
        index = {h: i for i, h in enumerate(cells.headers)}
        letters = {
            c.name: column_letter(cells.first_col + index[c.header])
            for c in table.columns
            if c.header in index
        }
        numbers = cells.rows_on_sheet
        first = cells.header_row + 1
        tables[table.name] = (table.sheet, letters, first, max(numbers, default=first))
        if table.name not in ("customers", "processes"):
            continue  # only customers' and processes' rows are looked up
        keys = [
            index.get(table.column(n).header)
            for n in ("customer_id", "process_id")
            if n in table.names
        ]
        for number, row in zip(numbers, cells.rows, strict=True):
            key = tuple(_ids(row[k]) if k is not None and k < len(row) else None for k in keys)
            rows.setdefault(key[0] if table.name == "customers" else key, number)
    sheet = ASSUMPTIONS.sheet
    if in_place:
        col = column_letter(sheets.setting_column)
        settings = {name: f"'{sheet}'!${col}${r}" for name, r in sheets.setting_rows.items()}
    else:
        settings = {name: f"'{sheet}'!$B${r}" for name, r in settings_rows(sheets).items()}
    return InputRanges(tables, rows, settings)


class _Formats:
    """XlsxWriter formats, made once per (role, kind)."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.cache: dict[tuple[str, str], Any] = {}

    def __call__(self, role: str, kind: str = "text") -> Any:
        key = (role, kind)
        if key not in self.cache:
            spec: dict[str, Any] = {"num_format": FORMATS.get(kind, "General")}
            if kind == "text":
                spec["num_format"] = "@" if role == "input" else "General"
            if role == "input":
                spec.update(
                    bg_color=_INPUT_FILL, font_color=_INPUT_FONT, border=1, border_color="#BFBFBF"
                )
            elif role == "header":
                spec.update(
                    bold=True,
                    font_color="#FFFFFF",
                    bg_color=_HEADER_FILL,
                    text_wrap=True,
                    valign="top",
                    border=1,
                    border_color="#BFBFBF",
                )
            elif role == "title":
                spec.update(bold=True, font_size=16, font_color=_HEADER_FILL)
            elif role == "subtitle":
                spec.update(italic=True, font_color="#595959")
            elif role == "label":
                spec.update(bold=True)
            elif role == "plain":
                spec = {"bg_color": "#FFFFFF", "pattern": 0}
            self.cache[key] = self.book.add_format(spec)
        return self.cache[key]


#: Functions newer than Excel 2010 that om_xl's formulas use. A file stores them with
#: the ``_xlfn.`` prefix, or Excel and LibreOffice read them as unknown names.
#: (XlsxWriter's ``use_future_functions`` does the same with some 400 substitutions a
#: formula, which doubled the time to write a small workbook.)
_NEWER_FUNCTIONS = re.compile(r"(?<![\w.])(MINIFS|MAXIFS)(?=\()")


def _write(ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    """Write one cell by its type; text is always text, never a formula.

    The common types go straight to XlsxWriter's per-type writers (``_write_number``
    and the like, which its public ``write_*`` methods wrap after parsing A1 notation
    we never pass): a third less time per cell on the million-cell sheets.
    """
    kind = type(value)
    if kind is float or kind is int:
        ws._write_number(row, col, value, fmt)
    elif kind is str:
        ws._write_string(row, col, value, fmt)
    elif value is None:
        ws._write_blank(row, col, None, fmt)
    elif kind is dt.datetime or kind is dt.date:
        ws._write_datetime(row, col, value, fmt)
    elif isinstance(value, Formula):
        text = _NEWER_FUNCTIONS.sub(r"_xlfn.\1", value.text)
        ws._write_formula(row, col, text, fmt, "" if value.value is None else value.value)
    elif isinstance(value, bool):
        ws._write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws._write_number(row, col, float(value), fmt)
    elif isinstance(value, dt.datetime | dt.date):
        ws._write_datetime(row, col, value, fmt)
    else:
        ws._write_string(row, col, str(value), fmt)


def _add_table(
    ws: Worksheet,
    first_row: int,
    last_row: int,
    name: str,
    columns: list[dict[str, Any]],
    header_format: Any,
    first_col: int = 0,
) -> None:
    """An Excel Table in a constant-memory worksheet.

    XlsxWriter refuses tables in constant-memory mode because ``add_table`` may write
    data and column formulas out of row order. Given neither, it only records the table
    and writes the header row; that header is written again here as inline strings, in
    row order, and the shared strings it would have added go to a table that is thrown
    away (the workaround XlsxWriter's author describes for the Perl original).

    The table is added over its header and first row and then given its real extent:
    ``add_table`` visits every cell of its range to record it against a second,
    overlapping table, a second and a gigabyte at a million rows, for tables that are
    one to a sheet. Only the table's range, data range and filter range depend on the
    last row.
    """
    last_col = first_col + len(columns) - 1
    ws.constant_memory, strings = False, ws.str_table
    ws.str_table = SharedStringTable()
    try:
        ws.add_table(
            first_row,
            first_col,
            first_row + 1,
            last_col,
            {"name": name, "style": "Table Style Light 1", "columns": columns},
        )
    finally:
        ws.constant_memory, ws.str_table = True, strings
    table = ws.tables[-1]
    table["range"] = table["a_range"] = xl_range(
        first_row, first_col, max(last_row, first_row + 1), last_col
    )
    if "autofilter" in table:
        table["autofilter"] = table["a_range"]
    for j, column in enumerate(columns):
        ws.write_string(first_row, first_col + j, column["header"], header_format)


def _heading(ws: Worksheet, f: _Formats, title: str, subtitle: str) -> None:
    ws.write_string(0, 0, title, f("title"))
    ws.write_string(1, 0, subtitle, f("subtitle"))


class _Builder:
    def __init__(self, path: Path, vba: bytes | None) -> None:
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_date_format": FORMATS["date"],
                "constant_memory": True,
                # a number no workbook can hold (read back as inf) shows as an Excel error
                "nan_inf_to_errors": True,
            },
        )
        self.f = _Formats(self.book)
        if vba is not None:
            self.book.add_vba_project(io.BytesIO(vba), is_stream=True)
            self.book.set_vba_name("ThisWorkbook")
        self.vba = vba is not None

    # --- control and input sheets ------------------------------------------------------

    def instructions(self, report: Report | None) -> None:
        ws = self.book.add_worksheet(INSTRUCTIONS_SHEET)
        f = self.f
        ws.set_column(0, 0, 3)
        ws.set_column(1, 1, 28)
        ws.set_column(2, 2, 90)
        ws.write_string(0, 1, "Outcome Metrics workbook", f("title"))
        ws.write_string(
            1, 1, f"Metrics for a business paid per outcome (om_xl {__version__}).", f("subtitle")
        )
        steps = [
            ("1. Assumptions", "Check the settings: currency, default FDE rate, thresholds."),
            (
                "2. Inputs",
                "Fill in Customers, Processes, Deployment (the FDE log), Outcomes "
                "and, if you sell prepaid tokens, Tokens. Yellow cells with blue text are inputs.",
            ),
            (
                "3. Refresh report",
                "Press the button below (Windows or Mac Excel with xlwings), "
                "or run: om-xl refresh this.xlsm -o refreshed.xlsm",
            ),
            (
                "4. Read",
                "Dashboard, the chart sheets, Timeline, NRR, Cohorts, Process "
                "economics. Checks recomputes key figures with plain Excel formulas.",
            ),
            (
                "Functions",
                "Import functions makes =OCE(...), =PAYBACK_MONTHS(...) and the "
                "others available in cells (category Outcome Metrics).",
            ),
        ]
        for i, (label, text) in enumerate(steps):
            ws.write_string(3 + i, 1, label, f("label"))
            ws.write_string(3 + i, 2, text)
        if self.vba:
            ws.insert_button(
                9,
                1,
                {"macro": "SampleCall", "caption": "Refresh report", "width": 180, "height": 34},
            )
            ws.insert_button(
                9,
                2,
                {
                    "macro": "ImportPythonUDFs",
                    "caption": "Import functions",
                    "width": 180,
                    "height": 34,
                },
            )
        ws.write_string(12, 1, "Report month", f("label"))
        ws.write_string(13, 1, "Customers", f("label"))
        ws.write_string(14, 1, "Refreshed", f("label"))
        if report is not None:
            ws.write_datetime(
                12,
                2,
                report.status["as_of"],
                self.book.add_format({"num_format": FORMATS["month"], "align": "left"}),
            )
            ws.write_number(
                13, 2, report.status["customers"], self.book.add_format({"align": "left"})
            )
            ws.write_string(14, 2, report.status.get("refreshed", ""))
        else:
            ws.write_string(12, 2, "not yet: fill in the inputs and refresh")
        ws.activate()

    def assumptions(self, sheets: InputSheets) -> None:
        ws = self.book.add_worksheet(ASSUMPTIONS.sheet)
        f = self.f
        rows = settings_rows(sheets)
        header = min(rows.values()) - 1
        if header >= 3:
            _heading(ws, f, ASSUMPTIONS.sheet, ASSUMPTIONS.help)
        _add_table(
            ws,
            header - 1,
            max(rows.values()) - 1,
            "tblAssumptions",
            [{"header": h} for h in SETTINGS_COLUMNS],
            f("header"),
        )
        for s in sorted(ASSUMPTIONS.settings, key=lambda s: rows[s.name]):
            r = rows[s.name] - 1
            value = sheets.settings.get(s.name, s.default)
            if s.name in sheets.setting_formulas:
                value = Formula("=" + sheets.setting_formulas[s.name], value)
            col = Column(s.name, s.label, s.kind, s.unit)
            _write(ws, r, 0, s.label, None)
            _write(ws, r, 1, value, f("input", column_format(col)))
            _write(ws, r, 2, s.unit, None)
            _write(ws, r, 3, s.name, f("subtitle"))
            _write(ws, r, 4, sheets.setting_notes.get(s.name), f("input"))
            ws.write_comment(r, 0, s.help)
            if s.allowed:
                ws.data_validation(r, 1, r, 1, {"validate": "list", "source": list(s.allowed)})
            self.book.define_name(f"Setting_{s.name}", f"='{ASSUMPTIONS.sheet}'!$B${r + 1}")
        ws.set_column(0, 0, 32)
        ws.set_column(1, 1, 16)
        ws.set_column(2, 3, 22)
        ws.set_column(4, 4, 40)
        ws.freeze_panes(header, 0)

    def table(self, table: Table, cells: TableCells) -> None:
        """An input sheet, its table where the source had it, formulas carried over."""
        ws = self.book.add_worksheet(table.sheet)
        f = self.f
        headers = list(cells.headers)
        c0, header = cells.first_col, cells.header_row - 1  # 0-based
        # Input styling comes from the column style, so empty input cells need no cell
        # of their own (a third of a big Outcomes sheet); the rows above the table get
        # plain cells to keep the style to the table.
        plain = f("plain")
        for r in range(header):
            title = [table.sheet, table.help][r] if r < 2 and header >= 2 else None
            for j in range(c0 + len(headers)):
                if j == 0 and title is not None:
                    ws.write_string(r, 0, title, f("title" if r == 0 else "subtitle"))
                else:
                    ws.write_blank(r, j, None, plain)
        numbers = cells.rows_on_sheet
        last = max(numbers, default=cells.header_row + 1) - 1
        schema = {c.header: c for c in table.columns}
        columns = [
            {"header": h, "format": f("input", column_format(schema[h]) if h in schema else "text")}
            for h in headers
        ]
        _add_table(ws, header, last, table_name(table), columns, f("header"), c0)
        formats = [c["format"] for c in columns]
        for i, (number, row) in enumerate(zip(numbers, cells.rows, strict=True)):
            for j, value in enumerate(row[: len(headers)]):
                if (i, j) in cells.formulas:
                    value = Formula("=" + cells.formulas[(i, j)], value)
                elif value is None:
                    continue
                _write(ws, number - 1, c0 + j, value, formats[j])
        for j, h in enumerate(headers):
            col = schema.get(h)
            width = 36 if h == NOTES else max(12, min(40, len(h) + 2))
            ws.set_column(c0 + j, c0 + j, width, formats[j])
            if col is not None:
                ws.write_comment(header, c0 + j, col.help or col.label)
                self.validate(ws, col, c0 + j, header + 1, header + 1 + _ROOM)
        ws.freeze_panes(header + 1, c0 + 1)
        if table.name in ("customers", "processes"):
            key = "customer_id" if table.name == "customers" else "process_id"
            if table.column(key).header in headers:
                c = column_letter(c0 + headers.index(table.column(key).header))
                name = "CustomerIDs" if table.name == "customers" else "ProcessIDs"
                first = header + 2
                self.book.define_name(
                    name, f"='{table.sheet}'!${c}${first}:${c}${first + _ROOM - 1}"
                )

    def validate(self, ws: Worksheet, col: Column, j: int, first: int, last: int) -> None:
        """Data validation for one input column."""
        rule: dict[str, Any] | None = None
        if col.kind in ("date", "month"):
            rule = {
                "validate": "date",
                "criteria": "between",
                "minimum": dt.date(1900, 3, 1),
                "maximum": dt.date(9999, 12, 31),
                "error_message": "Enter a date, for example 2026-03-15.",
            }
        elif col.kind in ("money", "count", "ratio"):
            rule = {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "error_message": f"{col.label} is a number, not negative.",
            }
        elif col.kind == "choice":
            rule = {
                "validate": "list",
                "source": list(col.allowed),
                "error_message": f"Choose one of: {', '.join(col.allowed)}.",
            }
        elif col.references == "customers":
            rule = {
                "validate": "list",
                "source": "=CustomerIDs",
                "error_type": "warning",
                "error_message": "This customer is not in the Customers table yet.",
            }
        elif col.references == "processes":
            rule = {
                "validate": "list",
                "source": "=ProcessIDs",
                "error_type": "warning",
                "error_message": "This process is not in the Processes table yet.",
            }
        if rule is not None:
            rule.setdefault("error_title", col.label)
            rule["ignore_blank"] = True
            ws.data_validation(first, j, last, j, rule)

    # --- report sheets ----------------------------------------------------------------

    def block_sheet(self, blocks: list[Block]) -> Worksheet:
        """A report sheet of one block, or of several side by side, written row by row.

        The workbook is written in XlsxWriter's constant-memory mode, where each row is
        final once the next one is started: blocks side by side are interleaved.
        """
        first = blocks[0]
        ws = self.book.add_worksheet(first.sheet)
        f = self.f
        several = len(blocks) > 1
        _heading(ws, f, first.title, first.subtitle)
        if several:
            self._interleaved(ws, blocks)
        else:
            self._rows(ws, first)
        for block in blocks:
            if not several and block.rows:
                ws.autofilter(
                    HEADER_ROW - 1,
                    block.first_col,
                    HEADER_ROW - 1 + len(block.rows),
                    block.first_col + block.width - 1,
                )
            self.highlight(ws, block)
        ws.freeze_panes(HEADER_ROW, 0 if several else 1)
        return ws

    def _header(self, ws: Worksheet, block: Block) -> None:
        """The header row; each column as wide as its header or its longest text.

        A header longer than its column wraps onto a second line, the row made tall
        enough to show it (neither Excel nor LibreOffice fits the height on opening).
        """
        for j, h in enumerate(block.headers):
            ws.write_string(HEADER_ROW - 1, block.first_col + j, h, self.f("header"))
            texts = [len(r[j]) for r in block.rows[:500] if isinstance(r[j], str)]
            width = max(11, min(28, len(h) + 2), min(36, max(texts, default=0) + 2))
            ws.set_column(block.first_col + j, block.first_col + j, width)
            if len(h) + 2 > width:
                ws.set_row(HEADER_ROW - 1, 30)

    def _formats(self, block: Block, i: int) -> list[Any]:
        """Each column's format in row `i` (:meth:`Block.kinds_of_row`)."""
        return [self.f("report", k) for k in block.kinds_of_row(i)]

    def _rows(self, ws: Worksheet, block: Block) -> None:
        """One block's header and rows, straight down the sheet."""
        self._header(ws, block)
        plain = self._formats(block, 0) if block.row_kinds is None else None
        for i, row in enumerate(block.rows):
            formats = plain or self._formats(block, i)
            for j, value in enumerate(row):
                _write(ws, HEADER_ROW + i, block.first_col + j, value, formats[j])

    def _interleaved(self, ws: Worksheet, blocks: list[Block]) -> None:
        """Blocks side by side, written row by row across all of them."""
        label = self.f("label")
        for block in blocks:
            ws.write_string(HEADER_ROW - 2, block.first_col, block.label or block.title, label)
        for block in blocks:
            self._header(ws, block)
        formats = [self._formats(b, 0) for b in blocks]
        for i in range(max(len(b.rows) for b in blocks)):
            for block, fmts in zip(blocks, formats, strict=True):
                if i < len(block.rows):
                    for j, value in enumerate(block.rows[i]):
                        _write(ws, HEADER_ROW + i, block.first_col + j, value, fmts[j])

    def highlight(self, ws: Worksheet, block: Block) -> None:
        """Conditional formats: flags, bands and negatives stand out."""
        if not block.rows:
            return
        red = self.book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        amber = self.book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"})
        green = self.book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})

        def equals(*pairs: tuple[str, Any]) -> list[dict[str, Any]]:
            return [{"type": "cell", "criteria": "==", "value": v, "format": f} for v, f in pairs]

        first, last = HEADER_ROW, HEADER_ROW + len(block.rows) - 1
        for header, rule in block.highlights.items():
            j = block.first_col + block.headers.index(header)
            cell = f"{column_letter(j)}{first + 1}"
            rules = {
                "band": equals(('"at risk"', red), ('"neutral"', amber), ('"sticky"', green)),
                "stage": equals(('"Churned"', red), ('"Margin Inflection"', green)),
                "ok": equals(("TRUE", green), ("FALSE", red)),
                "negative": [{"type": "cell", "criteria": "<", "value": 0, "format": red}],
                "flags": [{"type": "formula", "criteria": f"=LEN({cell})>0", "format": amber}],
                "ttfo": [
                    {
                        "type": "formula",
                        "criteria": f"=AND(ISNUMBER({cell}),{cell}>Setting_ttfo_benchmark_days)",
                        "format": amber,
                    }
                ],
            }[rule]
            for options in rules:
                ws.conditional_format(first, j, last, j, options)

    # --- charts -------------------------------------------------------------------------

    def chart(self, spec: ChartSpec) -> None:
        sheet = self.book.add_chartsheet(spec.sheet)
        main_kind = spec.kind
        options: dict[str, Any] = {"type": main_kind}
        if spec.subtype:
            options["subtype"] = spec.subtype
        chart = self.book.add_chart(options)
        extra = None
        for s in spec.series:
            kind = s.style.get("kind", main_kind)
            target = chart
            if kind != main_kind:
                if extra is None:
                    extra = self.book.add_chart({"type": kind})
                target = extra
            target.add_series(self.series(s, kind))
        if extra is not None:
            chart.combine(extra)
        chart.set_title({"name": spec.title})
        x_axis: dict[str, Any] = {"name": spec.x_title, "label_position": "low"}
        y_axis: dict[str, Any] = {
            "name": spec.y_title,
            "num_format": spec.y_format,
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
        if spec.x_format:
            x_axis["num_format"] = spec.x_format
        if spec.axis_max is not None:  # a square matrix: both axes from 0 to the same top
            for axis in (x_axis, y_axis):
                axis.update(min=0, max=spec.axis_max)
        chart.set_x_axis(x_axis)
        chart.set_y_axis(y_axis)
        if any(s.style.get("secondary") for s in spec.series):
            axis_owner = extra if extra is not None else chart
            axis_owner.set_y2_axis({"name": spec.y2_title, "num_format": spec.y2_format})
        chart.set_legend({"position": "bottom"})
        sheet.set_chart(chart)

    @staticmethod
    def series(s: Any, kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {"name": s.name, "values": s.values.formula()}
        if s.categories is not None:
            out["categories"] = s.categories.formula()
        color = s.style.get("color")
        if kind == "line" or s.style.get("line"):
            line = {"width": s.style.get("width", 1.75)}
            if color:
                line["color"] = color
            if s.style.get("dash"):
                line["dash_type"] = s.style["dash"]
            out["line"] = line
            out["marker"] = {"type": "none"}
        elif kind == "scatter":
            out["marker"] = {
                "type": s.style.get("marker", "circle"),
                "size": 7,
                "fill": {"color": color},
                "border": {"color": color},
            }
        elif color:
            out["fill"] = {"color": color}
            out["gap"] = 60
        if s.style.get("secondary"):
            out["y2_axis"] = True
        return out

    # --- the whole book -------------------------------------------------------------------

    def other(self, name: str, sheet: OtherSheet) -> None:
        """A sheet of the user's own: values and formulas where they were."""
        ws = self.book.add_worksheet(name)
        for r, c in sorted(sheet.values.keys() | sheet.formulas.keys()):
            value = sheet.values.get((r, c))
            if (r, c) in sheet.formulas:
                value = Formula("=" + sheet.formulas[(r, c)], value)
            fmt = self.f("report", "date") if isinstance(value, dt.date) else None
            _write(ws, r - 1, c - 1, value, fmt)

    def config(self, config: list[tuple[Any, Any]]) -> None:
        ws = self.book.add_worksheet(CONFIG_SHEET)
        for i, (key, value) in enumerate(config):
            _write(ws, i, 0, key, None)
            _write(ws, i, 1, value, None)
        ws.set_column(0, 1, 24)

    def close(self) -> None:
        self.book.close()


def build(
    path: str | Path,
    sheets: InputSheets,
    report: Report | None,
    *,
    vba: bytes | None = None,
    config: list[tuple[Any, Any]] | None = None,
) -> None:
    """Write a complete workbook at `path`: inputs, report, charts, checks and VBA.

    Parameters
    ----------
    path : str or Path
        Where to write (``.xlsm`` with a VBA project, ``.xlsx`` without).
    sheets : InputSheets
        The input side, written as it is.
    report : Report or None
        The laid-out report; ``None`` for a template whose report sheets are empty.
    vba : bytes, optional
        The ``vbaProject.bin`` to embed (buttons are added only with one).
    config : list of (key, value), optional
        The xlwings.conf sheet; default :data:`DEFAULT_CONFIG`.
    """
    for table in TABLES:
        cells = sheets.tables.get(table.name)
        if cells is not None and max(cells.rows_on_sheet, default=0) > EXCEL_ROWS:
            raise InputError(
                f"the {table.sheet} table would reach row {max(cells.rows_on_sheet):,}, past "
                f"Excel's last row ({EXCEL_ROWS:,}); split the portfolio across workbooks."
            )
    b = _Builder(Path(path), vba)
    b.instructions(report)
    b.assumptions(sheets)
    for table in TABLES:
        cells = sheets.tables.get(table.name)
        if cells is None:
            cells = TableCells([c.header for c in table.columns] + [NOTES], [])
        b.table(table, cells)
    if report is not None:
        by_sheet: dict[str, list[Block]] = {}
        for block in report.blocks:
            by_sheet.setdefault(block.sheet, []).append(block)
        sheets_in_order = list(by_sheet)
        b.block_sheet(by_sheet[sheets_in_order[0]])  # Dashboard first, then its charts
        for spec in report.charts:
            b.chart(spec)
        for name in sheets_in_order[1:]:
            if name != "Chart data":
                b.block_sheet(by_sheet[name])
        b.block_sheet([report.checks])
        if "Chart data" in by_sheet:
            b.block_sheet(by_sheet["Chart data"])
    for name, other in sheets.others.items():
        b.other(name, other)
    b.config(config if config is not None else DEFAULT_CONFIG)
    b.close()
