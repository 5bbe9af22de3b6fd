"""The shipped workbooks: up to date with the builder, with the VBA their buttons call."""

import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine
from excel_extra import require_xlwings

from om_xl.workbook.refresh import default_vba, new_workbook

require_xlwings()  # the VBA project comes from the xlwings wheel

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {
    "workbook.xlsm": True,  # the sample
    "templates/template.xlsm": False,
    "templates/template.xlsx": False,
}
#: Cells whose content is the time of writing, not structure.
VOLATILE = {("Instructions", 14, 2)}


def structure(path: Path) -> dict:
    """What a workbook holds, without bytes: sheets, cells, tables, names, VBA, buttons."""
    book = calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    cells = {}
    for meta in book.sheets_metadata:
        if meta.typ == calamine.SheetTypeEnum.WorkSheet:
            grid = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            cells[meta.name] = {
                (r, c): v
                for r, row in enumerate(grid)
                for c, v in enumerate(row)
                if v != "" and (meta.name, r, c) not in VOLATILE
            }
    tables = {
        name: (t.sheet, tuple(t.columns))
        for name in book.table_names
        for t in [book.get_table_by_name(name)]
    }
    with zipfile.ZipFile(path) as z:
        vba = z.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in z.namelist() else None
        macros = sorted(
            m
            for n in z.namelist()
            if n.endswith(".vml")
            for m in re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", z.read(n).decode())
        )
    defined = openpyxl.load_workbook(path, read_only=True)
    names = sorted(defined.defined_names)
    defined.close()  # a read-only workbook holds its file open until closed
    return {
        "sheets": [(m.name, str(m.typ)) for m in book.sheets_metadata],
        "cells": cells,
        "tables": tables,
        "names": names,
        "vba": vba,
        "buttons": macros,
    }


@pytest.mark.parametrize(("name", "sample"), SHIPPED.items())
def test_shipped_workbook_is_what_the_builder_writes(tmp_path, name, sample):
    fresh = tmp_path / Path(name).name
    new_workbook(fresh, sample=sample)
    shipped, built = structure(ROOT / name), structure(fresh)
    for key in shipped:
        assert shipped[key] == built[key], f"{name}: {key} differs; rebuild: om-xl new {name}" + (
            " --sample --force" if sample else " --force"
        )


def test_macro_workbooks_carry_xlwings_vba_and_two_buttons():
    for name in ("workbook.xlsm", "templates/template.xlsm"):
        s = structure(ROOT / name)
        assert s["vba"] == default_vba()
        assert s["buttons"] == ["ImportPythonUDFs", "SampleCall"]
    assert structure(ROOT / "templates/template.xlsx")["vba"] is None


def test_the_macros_the_buttons_call_exist_in_the_vba():
    with warnings.catch_warnings():  # oletools uses pyparsing's old names
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser

        parser = VBA_Parser(str(ROOT / "workbook.xlsm"))
        code = "\n".join(source for _, _, _, source in parser.extract_macros())
        parser.close()
    for macro in structure(ROOT / "workbook.xlsm")["buttons"]:
        assert re.search(rf"^\s*(Public\s+)?Sub {macro}\(", code, re.MULTILINE), macro
    # SampleCall imports the module named like the workbook and runs its main()
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in code
    assert (ROOT / "workbook.py").exists()


def test_config_sheet_names_the_udf_module():
    book = calamine.CalamineWorkbook.from_path(str(ROOT / "workbook.xlsm"))
    rows = book.get_sheet_by_name("xlwings.conf").to_python()
    assert ["UDF Modules", "om_xl.udfs"] in rows


def test_workbook_py_runs_the_refresh_in_one_line():
    source = (ROOT / "workbook.py").read_text()
    body = source.split("def main() -> None:")[1]
    code = [
        ln.strip() for ln in body.splitlines() if ln.strip() and not ln.strip().startswith('"""')
    ]
    assert code == ["refresh_caller()"]


def test_the_report_writes_exactly_the_sheets_the_layout_declares():
    from om_xl.portfolio import run, sample_inputs
    from om_xl.report import layout_report
    from om_xl.workbook.layout import CHART_SHEETS, REPORT_SHEETS

    report = layout_report(run(sample_inputs(8, 2, 18)))
    assert tuple(c.sheet for c in report.charts) == CHART_SHEETS
    written = {b.sheet for b in report.blocks} | {report.checks.sheet} | set(CHART_SHEETS)
    assert written == set(REPORT_SHEETS)
