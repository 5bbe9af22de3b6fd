"""Every workbook in the corpus gets its answer, and nothing is ever lost.

For each case: the exit status; no traceback; for bad input every cell named and no
output written (not even a temporary file); the input file byte for byte unchanged;
and, for a refreshed workbook, text from the inputs written back as text.
"""

import hashlib
import re
import subprocess
import sys

import openpyxl
import pytest
from corpus import CASES, HOSTILE_NAMES, Case


def run(tmp_path, case: Case):
    source = tmp_path / f"{case.name}.xlsm"
    case.make(source)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "out" / "refreshed.xlsm"
    out.parent.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "om_xl.cli", "refresh", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before, "the input changed"
    assert "Traceback" not in done.stderr + done.stdout
    return done, out


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(tmp_path, case):
    done, out = run(tmp_path, case)
    if case.outcome == "ok":
        assert done.returncode == 0, done.stderr
        book = openpyxl.load_workbook(out, read_only=True)
        try:
            assert book["Dashboard"]["A4"].value
        finally:
            book.close()  # a read-only workbook holds its file open until closed
        return
    assert done.returncode == 2, done.stderr
    assert list(out.parent.iterdir()) == [], "something was written"
    assert case.words in done.stderr
    if case.outcome == "problems":
        named = re.findall(r"^  ([\w ]+(?:!\$?[A-Z]+\$?\d+)?):", done.stderr, re.MULTILINE)
        assert named == case.expect, done.stderr


def test_there_are_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_hostile_text_stays_text(tmp_path):
    case = next(c for c in CASES if c.name == "hostile_names")
    done, out = run(tmp_path, case)
    assert done.returncode == 0
    book = openpyxl.load_workbook(out)
    for address, text in HOSTILE_NAMES.items():
        cell = book["Customers"][address]
        assert (cell.value, cell.data_type) == (text, "s")
    names = {c.value: c.data_type for c in book["Dashboard"]["B"][4:16]}
    assert all(names[text] == "s" for text in HOSTILE_NAMES.values())
    formulas = [
        c.coordinate
        for ws in book.worksheets
        if ws.title != "Checks"
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []


def test_an_extra_column_is_carried_over(tmp_path):
    done, out = run(tmp_path, next(c for c in CASES if c.name == "extra_column"))
    assert done.returncode == 0
    ws = openpyxl.load_workbook(out)["Customers"]
    header = [c.value for c in ws[4]]
    j = header.index("Account owner")
    assert [ws.cell(r, j + 1).value for r in (5, 16)] == ["Owner 5", "Owner 16"]


def test_reordered_columns_read_by_their_headers(tmp_path):
    done, out = run(tmp_path, next(c for c in CASES if c.name == "reordered_columns"))
    assert done.returncode == 0
    ws = openpyxl.load_workbook(out)["Dashboard"]
    row = [c.value for c in ws[5][:3]]
    assert row == ["C001", "Brightcart", "Digital native"]
