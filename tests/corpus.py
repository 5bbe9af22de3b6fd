"""The corpus of bad and hostile workbooks, made from the sample workbook.

Each case writes one file and says what `om-xl refresh` must answer: a refreshed
workbook ("ok"), or exit status 2 with messages naming the cells ("problems") or the
file ("unreadable"). Nothing here is committed: tests make the files in a temporary
folder (the row-limit case lives in test_row_limit.py, being slow).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbook.xlsm"
HOSTILE_NAMES = {
    "B5": '=HYPERLINK("http://x","click")',
    "B6": "+Plus Ltd",
    "B7": "-Minus plc",
    "B8": "@At Inc",
}


@dataclass
class Case:
    """A workbook to make and the answer it must get."""

    name: str
    what: str
    make: Callable[[Path], None]
    outcome: str  # ok | problems | unreadable
    #: For "problems": the cells named, in order; for "unreadable": words in the message.
    expect: list[str] = field(default_factory=list)
    words: str = ""


def edit(changes: Callable[[openpyxl.Workbook], None]) -> Callable[[Path], None]:
    """A maker that copies the sample, applies `changes` with openpyxl and saves."""

    def make(path: Path) -> None:
        book = openpyxl.load_workbook(SAMPLE, keep_vba=True)
        changes(book)
        book.save(path)

    return make


def cells(sheet: str, **values: object) -> Callable[[Path], None]:
    """A maker that sets cells of one sheet, e.g. ``cells("Customers", E5="lots")``."""

    def changes(book: openpyxl.Workbook) -> None:
        for address, value in values.items():
            book[sheet][address] = value

    return edit(changes)


def _text_cells(book: openpyxl.Workbook) -> None:
    for address, text in HOSTILE_NAMES.items():
        cell = book["Customers"][address]
        cell.value = text
        cell.data_type = "s"  # text, not a formula: as a user would type it after '


def _rename_header(book: openpyxl.Workbook) -> None:
    ws = book["Customers"]
    ws["D4"] = "Signed on"
    ws.tables["tblCustomers"].tableColumns[3].name = "Signed on"


def _swap_columns(book: openpyxl.Workbook) -> None:
    ws = book["Customers"]
    table = ws.tables["tblCustomers"]
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row, min_col=2, max_col=3):
        row[0].value, row[1].value = row[1].value, row[0].value
    table.tableColumns[1].name, table.tableColumns[2].name = (
        table.tableColumns[2].name,
        table.tableColumns[1].name,
    )


def _extra_column(book: openpyxl.Workbook) -> None:
    ws = book["Customers"]
    table = ws.tables["tblCustomers"]
    col = ws.max_column + 1
    ws.cell(4, col, "Account owner")
    for r in range(5, ws.max_row + 1):
        ws.cell(r, col, f"Owner {r}")
    first, last = table.ref.split(":")
    letter = openpyxl.utils.get_column_letter(col)
    table.ref = f"{first}:{letter}{last.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"
    table.tableColumns.append(
        openpyxl.worksheet.table.TableColumn(id=len(table.tableColumns) + 1, name="Account owner")
    )
    table.autoFilter.ref = table.ref


def _duplicate_row(book: openpyxl.Workbook) -> None:
    ws = book["Customers"]
    table = ws.tables["tblCustomers"]
    last = ws.max_row
    for col in range(1, ws.max_column + 1):
        ws.cell(last + 1, col, ws.cell(5, col).value)
    first = table.ref.split(":")[0]
    table.ref = f"{first}:{openpyxl.utils.get_column_letter(ws.max_column)}{last + 1}"
    table.autoFilter.ref = table.ref


def _missing_sheet(book: openpyxl.Workbook) -> None:
    del book["Deployment"]


def _merged(book: openpyxl.Workbook) -> None:
    book["Customers"].merge_cells("B7:C7")


def _not_a_workbook(path: Path) -> None:
    path.write_text("Q3 numbers, see attached\n")


def _truncated(path: Path) -> None:
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _password(path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(SAMPLE.read_bytes())
    with path.open("wb") as out:
        OOXMLFile(plain).encrypt("secret", out)


def _xml_bomb(path: Path) -> None:
    # the "billion laughs": ten entities, each ten of the one before
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE sst [' + "".join(entities) + "]>"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    with zipfile.ZipFile(SAMPLE) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/sharedStrings.xml", bomb)


def _template(path: Path) -> None:
    shutil.copy(ROOT / "templates" / "template.xlsm", path)


CASES = [
    Case(
        "text_in_money",
        "text in a money column",
        cells("Customers", E5="10,000 USD"),
        "problems",
        ["Customers!E5"],
        "must be a number",
    ),
    Case(
        "blank_required",
        "a blank required cell",
        cells("Customers", B6=None),
        "problems",
        ["Customers!B6"],
        "is required",
    ),
    Case(
        "zero_price",
        "a zero price (valid: the work is free, OCE has no answer)",
        cells("Processes", G5=0),
        "ok",
    ),
    Case(
        "negative_price",
        "a negative price",
        cells("Processes", G5=-8),
        "problems",
        ["Processes!G5"],
        "must not be negative",
    ),
    Case(
        "date_as_text",
        "a date typed as text",
        cells("Customers", D5="06/03/2025"),
        "problems",
        ["Customers!D5"],
        "must be a date",
    ),
    Case(
        "impossible_date",
        "an impossible date (30 February, typed)",
        cells("Customers", D6="2025-02-30"),
        "problems",
        ["Customers!D6"],
        "must be a date",
    ),
    Case(
        "date_out_of_range",
        "a date serial beyond Excel's last day",
        cells("Customers", D7=99_999_999),
        "problems",
        ["Customers!D7"],
        "must be a date",
    ),
    Case(
        "date_overflow",
        "a date cell holding a number beyond any calendar (##### in Excel)",
        cells("Customers", D5=1e20),
        "problems",
        ["Customers!D5"],
        "must be a date",
    ),
    Case(
        "first_outcome_before_signature",
        "a first outcome before the contract",
        cells("Customers", G5=dt.datetime(2024, 1, 1)),
        "problems",
        ["Customers!G5"],
        "before the contract signature",
    ),
    Case(
        "unknown_customer",
        "outcomes for an unknown customer",
        cells("Outcomes", A5="C999"),
        "problems",
        ["Outcomes!A5"],
        "not in the Customers",
    ),
    Case(
        "unknown_process",
        "outcomes for an unknown process",
        cells("Outcomes", B5="P9"),
        "problems",
        ["Outcomes!B5"],
        "no such process",
    ),
    Case(
        "duplicate_customer",
        "a duplicate customer id (a second row for C001)",
        edit(_duplicate_row),
        "problems",
        ["Customers!A17"],
        "already on row 5",
    ),
    Case(
        "missing_sheet",
        "a missing input sheet (Deployment)",
        edit(_missing_sheet),
        "problems",
        ["Deployment"],
        "sheet Deployment is missing",
    ),
    Case(
        "renamed_column",
        "a renamed column header",
        edit(_rename_header),
        "problems",
        ["Customers!A4"],
        "column Contract signature is missing",
    ),
    Case("reordered_columns", "two columns swapped (name and segment)", edit(_swap_columns), "ok"),
    Case("extra_column", "a column the schema does not know", edit(_extra_column), "ok"),
    Case(
        "merged_cells",
        "merged cells in a table",
        edit(_merged),
        "problems",
        ["Customers!B7"],
        "cells B7:C7 are merged",
    ),
    Case(
        "excel_errors",
        "#REF! and #DIV/0! in input cells",
        cells("Customers", E5="#REF!", F6="#DIV/0!"),
        "problems",
        ["Customers!E5", "Customers!F6"],
        "holds an Excel error",
    ),
    Case(
        "not_a_workbook",
        "a text file named .xlsm",
        _not_a_workbook,
        "unreadable",
        words="cannot be read as an Excel workbook",
    ),
    Case(
        "truncated",
        "a truncated zip",
        _truncated,
        "unreadable",
        words="cannot be read as an Excel workbook",
    ),
    Case(
        "password",
        "a password-protected workbook",
        _password,
        "unreadable",
        words="password-protected",
    ),
    Case(
        "xml_bomb",
        "an XML entity-expansion bomb in shared strings",
        _xml_bomb,
        "unreadable",
        words="declares XML entities",
    ),
    Case("hostile_names", "names like =HYPERLINK(...), +, -, @", edit(_text_cells), "ok"),
    Case("empty_template", "the clean template (no customers yet)", _template, "ok"),
    Case(
        "bad_setting",
        "text in a numeric setting, and a setting renamed to one unknown",
        cells("Assumptions", B7="lots", D16="as_of"),
        "problems",
        ["Assumptions!B7", "Assumptions!D16"],
        "must be a number",
    ),
]


def main() -> None:
    """Run every case through ``om-xl refresh`` and print what it answered, as markdown."""
    import subprocess
    import sys
    import tempfile

    print("| case | what | exit | answer (first line) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            source = Path(folder) / f"{case.name}.xlsm"
            case.make(source)
            out = Path(folder) / f"{case.name}-out.xlsm"
            done = subprocess.run(
                [sys.executable, "-m", "om_xl.cli", "refresh", str(source), "-o", str(out), "-q"],
                capture_output=True,
                text=True,
                check=False,
            )
            lines = [ln.strip() for ln in done.stderr.splitlines() if ln.startswith("  ")]
            if done.returncode == 0:
                answer = "refreshed"
            elif lines:
                answer = lines[0]
            else:
                answer = done.stderr.strip().splitlines()[-1].replace(str(source), source.name)
            answer = answer.replace("|", "\\|")[:140]
            print(f"| {case.name} | {case.what} | {done.returncode} | {answer} |")


if __name__ == "__main__":
    main()
