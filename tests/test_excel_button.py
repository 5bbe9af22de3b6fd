"""The Refresh report button's logic, through an in-memory workbook.

Only the thin xlwings adapter (om_xl/excel/xlwings_book.py) is left for Excel itself.
"""

import copy
import datetime as dt

import pytest
from memory_book import MemoryBook

from om_xl.excel.button import cell_for_excel, refresh_book
from om_xl.report import Formula
from om_xl.report.blocks import DASHBOARD
from om_xl.workbook.layout import INPUT_SHEETS_ORDER
from om_xl.workbook.refresh import new_workbook, refresh_workbook


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("button")
    sample = folder / "w.xlsm"
    new_workbook(sample, sample=True)
    refreshed = folder / "r.xlsm"
    refresh_workbook(sample, refreshed)
    return sample, refreshed


def as_datetime(v):
    return dt.datetime(v.year, v.month, v.day) if type(v) is dt.date else v


def same_cell(a, b):
    a, b = as_datetime(a), as_datetime(b)
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return a == b
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12, abs=1e-9)
    return a == b


def test_in_place_refresh_writes_what_the_offline_refresh_writes(files):
    sample, refreshed = files
    book = MemoryBook.load(sample)
    outcome = refresh_book(book)
    assert outcome.problems == [] and outcome.report is not None
    offline = MemoryBook.load(refreshed)
    for sheet in ("Dashboard", "Timeline", "NRR", "Cohorts", "Process economics", "Chart data"):
        mine = {k: v for k, v in book.cells[sheet].items() if k[0] > 2}  # below the heading
        theirs = {k: v for k, v in offline.cells[sheet].items() if k[0] > 2}
        assert mine.keys() == theirs.keys(), sheet
        bad = [k for k in mine if not same_cell(mine[k], theirs[k])]
        assert not bad, (sheet, bad[:5])


def test_in_place_refresh_never_touches_an_input_sheet(files):
    book = MemoryBook.load(files[0])
    before = copy.deepcopy({s: book.cells[s] for s in INPUT_SHEETS_ORDER})
    refresh_book(book)
    assert {s: book.cells[s] for s in INPUT_SHEETS_ORDER} == before


def test_checks_are_formulas_and_charts_get_their_series(files):
    book = MemoryBook.load(files[0])
    report = refresh_book(book).report
    formula = book.cell("Checks", "E6")
    assert isinstance(formula, str) and formula.startswith("=IFERROR(")
    assert all(spec is not None for spec in book.charts.values())
    assert len(book.charts["J-curves"].series) == 12 + 1  # one per customer, and zero
    oce = 1 + [h for _, h, _ in DASHBOARD].index("OCE (x)")  # 1-based column
    assert book.formats["Dashboard"][(5, oce)] == '0.00"x"'
    assert report.status["customers"] == 12


def test_charts_follow_a_growing_portfolio(files):
    book = MemoryBook.load(files[0])
    refresh_book(book)
    before = book.charts["OCE chart"].series[0].values
    customers = book.cells["Customers"]
    last = max(r for r, _ in customers)
    for (r, c), v in list(customers.items()):
        if r == last:
            customers[(r + 1, c)] = "C013" if c == 1 else v  # a copy of the last customer
    refresh_book(book)
    after = book.charts["OCE chart"].series[0].values
    assert after.last == before.last + 1
    assert len(book.charts["J-curves"].series) == 13 + 1


def test_problems_go_to_the_validation_sheet_and_the_report_stays(files):
    book = MemoryBook.load(files[0])
    refresh_book(book)
    dashboard = copy.deepcopy(book.cells["Dashboard"])
    book.cells["Customers"][(5, 5)] = "lots"  # E5: acquisition cost
    book.cells["Outcomes"][(7, 1)] = "C999"
    outcome = refresh_book(book)
    assert outcome.report is None
    assert [p.split(":")[0] for p in outcome.problems] == ["Customers!E5", "Outcomes!A7"]
    assert book.active == "Validation"
    assert book.cell("Validation", "A5") == "Customers!E5"
    assert "must be a number" in book.cell("Validation", "B5")
    assert book.cells["Dashboard"] == dashboard


def test_text_that_looks_like_a_formula_stays_text():
    assert cell_for_excel('=HYPERLINK("http://x","click")') == '\'=HYPERLINK("http://x","click")'
    assert cell_for_excel("+44 20") == "'+44 20"
    assert cell_for_excel("@risk") == "'@risk"
    assert cell_for_excel("Brightcart") == "Brightcart"
    assert cell_for_excel(Formula("=1+1", 2)) == "=1+1"
    assert cell_for_excel(-5.0) == -5.0


def test_checks_number_formats_match_the_offline_refresh(files):
    import openpyxl

    from om_xl.workbook.layout import HEADER_ROW

    sample, refreshed = files
    book = MemoryBook.load(sample)
    refresh_book(book)
    offline = openpyxl.load_workbook(refreshed)["Checks"]
    # the value columns (om_xl value, formula value, difference) vary by row
    mine = {k: v for k, v in book.formats["Checks"].items() if 4 <= k[1] <= 6}
    assert len(mine) > 3 * 50
    theirs = {k: offline.cell(*k).number_format for k in mine}
    assert mine == theirs
    # the first row is the report month end: a date, and a difference in days
    first = HEADER_ROW + 1
    assert (mine[(first, 4)], mine[(first, 6)]) == ("yyyy-mm-dd", "0")
