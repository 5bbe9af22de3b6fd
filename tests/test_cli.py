"""The om-xl command: its jobs, its exit statuses, and that bad input writes nothing."""

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from om_xl.cli import main

ROOT = Path(__file__).resolve().parents[1]
UDF_NAMES = re.compile(
    r"\b(OCE|COD|TTFO|GMO\w*|PPR|NRR\w*|GRR|STAGE|V2C|\w+_PAYBACK|"
    r"PAYBACK_MONTHS|TOKEN_ADOPTION|FULLY_LOADED_COST|LABOR_COST_PER_UNIT|"
    r"NET_LABOR_SAVINGS)\("
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "w.xlsm"
    shutil.copy(ROOT / "workbook.xlsm", path)
    return path


def test_new_and_refresh(tmp_path, capsys):
    assert main(["new", str(tmp_path / "w.xlsm"), "--sample"]) == 0
    before = digest(tmp_path / "w.xlsm")
    assert main(["refresh", str(tmp_path / "w.xlsm"), "-o", str(tmp_path / "r.xlsm")]) == 0
    assert digest(tmp_path / "w.xlsm") == before
    out = capsys.readouterr()
    assert "wrote" in out.out and "12 customers" in out.out
    assert "reading..." in out.err and "writing..." in out.err  # progress, on stderr


def test_report_reads_without_python(sample, tmp_path):
    # no formula anywhere calls a Python function: the workbook reads the same without it
    out = tmp_path / "r.xlsm"
    assert main(["refresh", str(sample), "-o", str(out), "-q"]) == 0
    book = openpyxl.load_workbook(out)
    formulas = [
        c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert formulas and not [f for f in formulas if UDF_NAMES.search(f)]


def test_bad_input_prints_every_cell_and_writes_nothing(sample, tmp_path, capsys):
    book = openpyxl.load_workbook(sample, keep_vba=True)
    book["Customers"]["E5"] = "lots"
    book["Outcomes"]["A7"] = "C999"
    book["Processes"]["G6"] = -8
    book.save(sample)
    before = digest(sample)
    out = tmp_path / "r.xlsm"
    assert main(["refresh", str(sample), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "3 problem(s)" in err and "nothing was written" in err
    cells = re.findall(r"^  (\w+!\w+\d+):", err, re.MULTILINE)
    assert cells == ["Customers!E5", "Processes!G6", "Outcomes!A7"]
    assert "Traceback" not in err
    assert not out.exists() and digest(sample) == before
    assert not list(tmp_path.glob(".r-*"))  # no temporary file left behind


def test_an_existing_output_is_replaced_only_by_a_whole_file(sample, tmp_path):
    out = tmp_path / "r.xlsm"
    out.write_bytes(b"the previous report")
    assert main(["refresh", str(sample), "-o", str(out), "-q"]) == 0
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (lambda p, t: ["refresh", str(p), "-o", str(p)], "OUT must be a new file"),
        (lambda p, t: ["new", str(p)], "exists; use --force"),
        (
            lambda p, t: ["refresh", str(t / "missing.xlsm"), "-o", str(t / "r.xlsm")],
            "does not exist",
        ),
        (
            lambda p, t: ["refresh", str(p), "-o", str(t / "no" / "such" / "r.xlsm")],
            "does not exist; create it first",
        ),
    ],
)
def test_refusals_exit_2_with_a_message(sample, tmp_path, capsys, args, words):
    assert main(args(sample, tmp_path)) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_a_file_that_is_not_a_workbook(tmp_path, capsys):
    fake = tmp_path / "notes.xlsm"
    fake.write_text("just text")
    assert main(["refresh", str(fake), "-o", str(tmp_path / "r.xlsm")]) == 2
    assert "cannot be read as an Excel workbook" in capsys.readouterr().err


def test_help_everywhere(capsys):
    for args in (["--help"], ["new", "--help"], ["refresh", "--help"]):
        with pytest.raises(SystemExit) as done:
            main(args)
        assert done.value.code == 0
    assert "IN is never changed" in " ".join(capsys.readouterr().out.split())
