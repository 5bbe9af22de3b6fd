"""The Refresh report button: refresh the open workbook's report in place.

:func:`refresh_book` does the work on any :class:`Book`: it reads the input sheets,
validates them, computes, and rewrites the report sheets, the Checks and the chart
series, never touching an input sheet. With problems in the inputs it lists them on
the Validation sheet, each with its cell, and leaves the report as it was.
:class:`om_xl.excel.xlwings_book.XlwingsBook` is the thin xlwings side of a
:class:`Book`; tests use an in-memory one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from om_xl.report import Block, ChartSpec, Formula, Report
from om_xl.workbook.layout import (
    CONFIG_SHEET,
    FORMATS,
    HEADER_ROW,
    INPUT_SHEETS_ORDER,
    INSTRUCTIONS_SHEET,
    VALIDATION_SHEET,
)
from om_xl.workbook.read import ValuesSource, read_source
from om_xl.workbook.refresh import checked_inputs, report_of

__all__ = ["Book", "Outcome", "cell_for_excel", "refresh_book"]

_INPUTS = [*INPUT_SHEETS_ORDER, CONFIG_SHEET]


class Book(Protocol):
    """What the refresh needs from an open workbook."""

    def sheet_names(self) -> list[str]:
        """Names of the worksheets (not the chart sheets)."""

    def values(self, sheet: str) -> list[list[Any]]:
        """A worksheet's cells from A1 (errors as their text)."""

    def ensure_sheet(self, sheet: str) -> None:
        """Add the worksheet at the end if it is missing."""

    def clear(self, sheet: str) -> None:
        """Clear a worksheet's contents and formats."""

    def write(self, sheet: str, row: int, col: int, rows: list[list[Any]]) -> None:
        """Write a 2-D block with its top-left cell at (`row`, `col`), 1-based."""

    def number_format(self, sheet: str, row: int, col: int, nrows: int, fmt: str) -> None:
        """Set the number format of `nrows` cells down from (`row`, `col`)."""

    def set_chart(self, spec: ChartSpec) -> None:
        """Make the chart sheet's series exactly those of `spec`."""

    def activate(self, sheet: str) -> None:
        """Show a sheet."""


@dataclass
class Outcome:
    """What a refresh did: the report written, or the problems listed instead."""

    report: Report | None
    problems: list[str]


def cell_for_excel(value: Any) -> Any:
    """A cell value as Excel must receive it through its object model.

    A formula goes in as its text; text that Excel would read as a formula (it starts
    with ``=``, ``+``, ``-`` or ``@``) gets the apostrophe that keeps it text.
    """
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _write_block(book: Book, block: Block, heading: bool, several: bool) -> None:
    if heading:
        book.write(block.sheet, 1, 1, [[block.title], [block.subtitle]])
    col = block.first_col + 1
    if several:
        book.write(block.sheet, HEADER_ROW - 1, col, [[block.label or block.title]])
    rows = [[cell_for_excel(v) for v in row] for row in block.rows]
    book.write(block.sheet, HEADER_ROW, col, [list(block.headers), *rows])
    if not rows:
        return
    per_row = [block.kinds_of_row(i) for i in range(len(rows))]
    for j, kind in enumerate(block.kinds):
        if any(kinds[j] != kind for kinds in per_row):  # the Checks' value columns
            for i, kinds in enumerate(per_row):
                book.number_format(block.sheet, HEADER_ROW + 1 + i, col + j, 1, FORMATS[kinds[j]])
        elif kind != "text":
            book.number_format(block.sheet, HEADER_ROW + 1, col + j, len(rows), FORMATS[kind])


def _show_problems(book: Book, problems: list[str]) -> None:
    book.ensure_sheet(VALIDATION_SHEET)
    book.clear(VALIDATION_SHEET)
    rows = [[p.split(": ", 1)[0], p.split(": ", 1)[1]] for p in problems]
    book.write(
        VALIDATION_SHEET,
        1,
        1,
        [
            ["Validation"],
            [
                f"{len(problems)} problem(s) in the inputs at {dt.datetime.now():%Y-%m-%d %H:%M}; "
                "the report was not refreshed. Fix each cell and press Refresh report again."
            ],
        ],
    )
    book.write(VALIDATION_SHEET, HEADER_ROW, 1, [["Cell", "Problem and fix"], *rows])
    book.activate(VALIDATION_SHEET)


def refresh_book(book: Book) -> Outcome:
    """Refresh the report of an open workbook in place (see the module docstring)."""
    present = set(book.sheet_names())
    source = ValuesSource({s: book.values(s) for s in _INPUTS if s in present})
    inputs = read_source(source)
    clean, problems = checked_inputs(inputs)
    if problems:
        _show_problems(book, problems)
        return Outcome(None, problems)
    report = report_of(inputs.sheets, clean, in_place=True)
    by_sheet: dict[str, list[Block]] = {}
    for block in [*report.blocks, report.checks]:
        by_sheet.setdefault(block.sheet, []).append(block)
    for sheet, blocks in by_sheet.items():
        book.ensure_sheet(sheet)
        book.clear(sheet)
        for i, block in enumerate(blocks):
            _write_block(book, block, heading=i == 0, several=len(blocks) > 1)
    for spec in report.charts:
        book.set_chart(spec)
    if INSTRUCTIONS_SHEET in present:
        book.write(
            INSTRUCTIONS_SHEET,
            13,
            3,
            [[report.status["as_of"]], [report.status["customers"]], [report.status["refreshed"]]],
        )
    if VALIDATION_SHEET in present:
        book.clear(VALIDATION_SHEET)
        book.write(
            VALIDATION_SHEET,
            1,
            1,
            [["Validation"], [f"No problems in the inputs at {report.status['refreshed']}."]],
        )
    return Outcome(report, [])
