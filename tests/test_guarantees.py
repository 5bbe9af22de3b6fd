"""The refresh's guarantees: idempotent, whole files only, formulas and own sheets kept."""

import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine

from om_xl.errors import InputError
from om_xl.workbook import package
from om_xl.workbook.build import build
from om_xl.workbook.content import OtherSheet
from om_xl.workbook.package import PackageError, inspect_package
from om_xl.workbook.read import read_workbook
from om_xl.workbook.refresh import refresh_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbook.xlsm"
REPORT = ["Dashboard", "Timeline", "NRR", "Cohorts", "Process economics", "Checks", "Chart data"]


def report_values(path: Path) -> dict:
    book = calamine.CalamineWorkbook.from_path(str(path))
    return {s: book.get_sheet_by_name(s).to_python() for s in REPORT}


def test_refreshing_a_refreshed_workbook_changes_nothing(tmp_path):
    once, twice = tmp_path / "once.xlsm", tmp_path / "twice.xlsm"
    refresh_workbook(SAMPLE, once)
    refresh_workbook(once, twice)
    assert report_values(once) == report_values(twice)
    assert read_workbook(once).sheets.tables == read_workbook(twice).sheets.tables


def test_two_refreshes_racing_for_one_output_leave_one_whole_file(tmp_path):
    out = tmp_path / "r.xlsm"
    command = [sys.executable, "-m", "om_xl.cli", "refresh", str(SAMPLE), "-o", str(out), "-q"]
    racers = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for racer in racers:
        _, err = racer.communicate(timeout=300)
        assert racer.returncode == 0, err
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
    assert report_values(out)["Dashboard"] == report_values(SAMPLE)["Dashboard"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsm"]  # no temporary files


def test_formulas_in_inputs_and_sheets_of_ones_own_are_carried_over(tmp_path):
    sheets = read_workbook(SAMPLE).sheets
    customers = sheets.tables["customers"]
    cost = customers.headers.index("Acquisition cost (currency)")
    customers.rows[0][cost] = 18_000.0
    customers.formulas[(0, cost)] = "12000*1.5"
    sheets.setting_formulas["fde_daily_rate"] = "1000*1.2"
    sheets.others["My analysis"] = OtherSheet(
        {(1, 1): "Total acquisition", (1, 2): 1.0, (3, 1): dt.datetime(2026, 1, 31)},
        {(1, 2): "SUM(Customers!E5:E16)"},
    )
    source, out = tmp_path / "in.xlsm", tmp_path / "out.xlsm"
    build(source, sheets, None)
    refresh_workbook(source, out)
    book = openpyxl.load_workbook(out)
    assert book["Customers"].cell(5, cost + 1).value == "=12000*1.5"
    assert book["Assumptions"]["B6"].value == "=1000*1.2"
    mine = book["My analysis"]
    assert (mine["A1"].value, mine["B1"].value) == ("Total acquisition", "=SUM(Customers!E5:E16)")
    assert mine["A3"].value == dt.datetime(2026, 1, 31)


def _package(sheet_xml: str) -> io.BytesIO:
    """A minimal workbook package around one worksheet's XML."""
    files = {
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="worksheet"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return data


def test_shared_formulas_and_error_cells_are_found(tmp_path):
    xml = (
        '<worksheet><sheetData><row r="5"><c r="E5"><f t="shared" ref="E5:E7" si="0">A5*2'
        '</f><v>2</v></c><c r="F5" t="e"><v>#REF!</v></c></row><row r="6"><c r="E6">'
        '<f t="shared" si="0"/><v>4</v></c></row><row r="7"><c r="E7"><f t="shared" si="0"/>'
        "<v>6</v></c></row></sheetData></worksheet>"
    )
    path = tmp_path / "s.xlsx"
    path.write_bytes(_package(xml).getvalue())
    cells = inspect_package(path, lambda name: True)["S"]
    assert cells.formulas == {(5, 5): "A5*2", (6, 5): "A6*2", (7, 5): "A7*2"}
    assert cells.errors == {(5, 6): "#REF!"}


def test_marked_cells_among_plain_ones_each_found_once(tmp_path):
    plain = "".join(f'<c r="A{r}"><v>{r}</v></c>' for r in range(1, 5))
    xml = (
        f'<worksheet><sheetData><row r="1">{plain}<c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v>'
        '</c><c r="C1" t="inlineStr"><is><t>t="e" and &lt;f&gt; as text</t></is></c>'
        '<c r="D1"><f>A1+1</f><v>2</v></c></row></sheetData>'
        '<mergeCells count="1"><mergeCell ref="E1:F1"/></mergeCells></worksheet>'
    )
    path = tmp_path / "s.xlsx"
    path.write_bytes(_package(xml).getvalue())
    cells = inspect_package(path, lambda name: True)["S"]
    assert cells.formulas == {(1, 2): "1/0", (1, 4): "A1+1"}
    assert cells.errors == {(1, 2): "#DIV/0!"}
    assert cells.merged == [((0, 4), (0, 5))]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_UNPACKED", 10_000)
    with pytest.raises(PackageError, match="would unpack to"):
        read_workbook(SAMPLE)
    assert issubclass(PackageError, InputError)  # the CLI exits 2 with its message


def test_input_is_never_opened_for_writing(tmp_path, monkeypatch):
    source = tmp_path / "w.xlsm"
    shutil.copyfile(SAMPLE, source)
    before = (
        hashlib.sha256(source.read_bytes()).hexdigest(),
        source.stat().st_mtime_ns,
        source.stat().st_ino,
    )
    touched = []
    real_open, real_replace = io.open, os.replace

    def is_source(file) -> bool:
        return isinstance(file, str | os.PathLike) and Path(file).resolve() == source.resolve()

    def spy_open(file, mode="r", *args, **kwargs):
        if is_source(file) and any(m in mode for m in "wax+"):
            touched.append(("open", mode))
        return real_open(file, mode, *args, **kwargs)

    def spy_replace(src, dst, *args, **kwargs):
        if is_source(dst) or is_source(src):
            touched.append(("replace", str(src)))
        return real_replace(src, dst, *args, **kwargs)

    # builtins.open is io.open; zipfile and pathlib look up io.open when they call it
    monkeypatch.setattr("builtins.open", spy_open)
    monkeypatch.setattr("io.open", spy_open)
    monkeypatch.setattr("os.replace", spy_replace)
    refresh_workbook(source, tmp_path / "r.xlsm")
    assert (tmp_path / "r.xlsm").exists()
    assert touched == []
    assert (
        hashlib.sha256(source.read_bytes()).hexdigest(),
        source.stat().st_mtime_ns,
        source.stat().st_ino,
    ) == before


def test_a_table_past_excels_last_row_is_refused_not_cut(tmp_path):
    sheets = read_workbook(SAMPLE).sheets
    outcomes = sheets.tables["outcomes"]
    outcomes.sheet_rows = [*outcomes.rows_on_sheet[:-1], 1_048_577]
    with pytest.raises(InputError, match="past Excel's last row"):
        build(tmp_path / "big.xlsx", sheets, None)
    assert not (tmp_path / "big.xlsx").exists()  # refused before anything was written


def test_a_table_away_from_column_a_is_addressed_where_it_is(tmp_path):
    from om_xl.portfolio import sample_inputs
    from om_xl.workbook.content import InputSheets
    from om_xl.workbook.refresh import RefreshError

    sheets = InputSheets.from_inputs(sample_inputs())
    customers = sheets.tables["customers"]
    signature = customers.headers.index("Contract signature")
    customers.headers.pop(signature)
    customers.rows = [r[:signature] + r[signature + 1 :] for r in customers.rows]
    customers.first_col = 2  # the table starts in column C
    source = tmp_path / "w.xlsx"
    build(source, sheets, None)
    with pytest.raises(RefreshError) as raised:
        refresh_workbook(source, tmp_path / "r.xlsx")
    # the missing column is reported at the table's header row, first column
    assert raised.value.messages[0].startswith(
        "Customers!C4: the column Contract signature is missing"
    )


def test_newer_functions_are_stored_with_their_prefix_once():
    from om_xl.workbook.build import _NEWER_FUNCTIONS

    def stored(text: str) -> str:
        return _NEWER_FUNCTIONS.sub(r"_xlfn.\1", text)

    assert stored("1+MINIFS(B:B,C:C,1)") == "1+_xlfn.MINIFS(B:B,C:C,1)"
    assert stored("_xlfn.MINIFS(A1:A3)") == "_xlfn.MINIFS(A1:A3)"  # carried as stored
    assert stored("MYMINIFS(A1)") == "MYMINIFS(A1)"
