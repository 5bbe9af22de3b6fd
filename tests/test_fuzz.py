"""Fuzzing the inputs: a valid report or a clean list of problems, never an exception."""

import copy
import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from om_xl.errors import EXCEL_ERRORS, InputError
from om_xl.portfolio import compute, validate
from om_xl.report import layout_report
from om_xl.workbook.build import input_ranges
from om_xl.workbook.read import read_workbook
from om_xl.workbook.refresh import RefreshError, refresh_workbook

ROOT = Path(__file__).resolve().parents[1]
SHEETS = read_workbook(ROOT / "workbook.xlsm").sheets
TABLES = sorted(SHEETS.tables)

cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "C001",
            "P1",
            "deployed",
            "addressable",
            "=1+1",
            "+",
            "-3",
            "1,000",
            "2026-02-30",
            "NaN",
            "inf",
        ]
    ),
    st.sampled_from(sorted(EXCEL_ERRORS)),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.floats(min_value=-1e6, max_value=1e6),
    st.integers(-(10**6), 10**12).map(float),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2200, 1, 1)),
)


@st.composite
def perturbations(draw):
    """A few cells of the sample's input tables, changed to arbitrary values."""
    changes = []
    for _ in range(draw(st.integers(1, 6))):
        table = draw(st.sampled_from(TABLES))
        cells = SHEETS.tables[table]
        if not cells.rows:
            continue
        i = draw(st.integers(0, len(cells.rows) - 1))
        j = draw(st.integers(0, len(cells.headers) - 1))
        changes.append((table, i, j, draw(cell_values)))
    return changes


def apply(changes):
    sheets = copy.deepcopy(SHEETS)
    for table, i, j, value in changes:
        row = sheets.tables[table].rows[i]
        row.extend([None] * (j + 1 - len(row)))
        row[j] = value
    return sheets


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perturbations())
def test_perturbed_inputs_give_a_report_or_problems(changes):
    sheets = apply(changes)
    clean, problems = validate(sheets.inputs())
    if problems:
        for p in problems:  # every problem can be shown and placed
            assert p.table and p.fix and str(p)
        return
    report = layout_report(compute(clean), input_ranges(sheets))
    assert report.blocks[0].rows or not clean.customers.shape[0]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(perturbations())
def test_perturbed_workbooks_refresh_or_list_problems(tmp_path_factory, changes):
    from om_xl.workbook.build import build

    folder = tmp_path_factory.mktemp("fuzz")
    source, out = folder / "in.xlsm", folder / "out.xlsm"
    build(source, apply(changes), None)
    try:
        refresh_workbook(source, out)
    except RefreshError as err:  # problems, each with its cell
        assert err.messages and not out.exists()
        assert all(m.split(":")[0] for m in err.messages)
    except InputError as err:  # a cell no reader can read: the sheet is named
        assert "sheet" in str(err) and not out.exists()
    else:
        assert out.exists()
