"""Where everything sits in the workbook: sheet names, rows, and number formats.

Input sheets follow one pattern (FAST Standard habits): the title in row 1, what the
sheet is for in row 2, and an Excel Table whose header is row 4, data from row 5, and
a Notes column last. Report sheets follow the same rows without a Table.
"""

from __future__ import annotations

from om_xl.schema import ASSUMPTIONS, TABLES, Column, Table

__all__ = [
    "CHART_SHEETS",
    "CONFIG_SHEET",
    "DATA_ROW",
    "FORMATS",
    "HEADER_ROW",
    "INPUT_SHEETS_ORDER",
    "INSTRUCTIONS_SHEET",
    "NOTES",
    "OM_SHEETS",
    "REPORT_SHEETS",
    "SETTINGS_COLUMNS",
    "VALIDATION_SHEET",
    "column_format",
    "table_name",
]

INSTRUCTIONS_SHEET = "Instructions"
VALIDATION_SHEET = "Validation"
CONFIG_SHEET = "xlwings.conf"
#: Excel rows (1-based) of every input and report table's header and first data row.
HEADER_ROW = 4
DATA_ROW = 5
#: Header of the free-text column at the end of every input table.
NOTES = "Notes"
#: Columns of the Assumptions table, in order.
SETTINGS_COLUMNS = ("Setting", "Value", "Unit", "Key", NOTES)

#: Excel number formats by kind.
FORMATS = {
    "money": "#,##0;-#,##0",
    "money_unit": "#,##0.00;-#,##0.00",
    "count": "#,##0",
    "ratio": '0.00"x"',
    "share": "0.0%",
    "days": "0",
    "months": "0.0",
    "date": "yyyy-mm-dd",
    "month": "mmm yyyy",
    "number": "#,##0.00",
    "text": "@",
    "flag": '"✓";;""',
}


def table_name(table: Table) -> str:
    """The Excel Table name of an input table, e.g. ``tblCustomers``."""
    return "tbl" + table.sheet.replace(" ", "")


def column_format(col: Column) -> str:
    """The number-format kind of an input column."""
    if col.kind in ("date",):
        return "date"
    if col.kind == "month":
        return "month"
    if col.kind == "money":
        return "money_unit" if col.unit.endswith("/unit") else "money"
    if col.kind == "count":
        return "count"
    if col.kind == "ratio":
        return "ratio"
    return "text"


#: Names of the input sheets, Assumptions first.
INPUT_SHEETS_ORDER = (ASSUMPTIONS.sheet, *(t.sheet for t in TABLES))

#: The chart sheets, in workbook order (after the Dashboard).
CHART_SHEETS = (
    "J-curves",
    "Portfolio J-curve",
    "NRR chart",
    "Payback matrix",
    "OCE chart",
    "TTFO chart",
    "PPR chart",
    "GMO chart",
    "Value chart",
)
#: The sheets a refresh writes (report, charts, checks), in workbook order.
REPORT_SHEETS = (
    "Dashboard",
    *CHART_SHEETS,
    "Timeline",
    "NRR",
    "Cohorts",
    "Process economics",
    "Checks",
    "Chart data",
)
#: Every sheet om_xl owns; any other sheet is the user's own and is carried over.
OM_SHEETS = (
    INSTRUCTIONS_SHEET,
    *INPUT_SHEETS_ORDER,
    *REPORT_SHEETS,
    VALIDATION_SHEET,
    CONFIG_SHEET,
)
