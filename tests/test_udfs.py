"""The Excel functions, called as plain functions with what Excel would pass.

Off Windows, xlwings' decorators leave each function unchanged, so these tests call
the UDFs directly with Excel-shaped values: 2-D lists for ranges, ``None`` for blank
cells, ``datetime`` and serial numbers for dates, error values as text.
"""

import datetime as dt
import math

import numpy as np
import pytest
from excel_extra import as_excel_passes, require_xlwings
from known_answers import CASES, same

require_xlwings()
import om_xl.udfs as udfs  # noqa: E402
from om_xl.excel.cells import DIV0, NA, NUM, VALUE  # noqa: E402
from om_xl.metrics import V2C, NRRParts, TokenAdoption  # noqa: E402

# What each element-wise function shows when the core has no answer.
NO_ANSWER = {
    "oce": DIV0,
    "labor_cost_per_unit": DIV0,
    "gmo_margin": DIV0,
    "gmo_markup": DIV0,
    "ppr": DIV0,
    "nrr": DIV0,
    "grr": DIV0,
}
ELEMENTWISE = {
    "ttfo": udfs.TTFO,
    "oce": udfs.OCE,
    "oce_band": udfs.OCE_BAND,
    "labor_cost_per_unit": udfs.LABOR_COST_PER_UNIT,
    "gmo": udfs.GMO,
    "gmo_margin": udfs.GMO_MARGIN,
    "gmo_markup": udfs.GMO_MARKUP,
    "gmo_projected": udfs.GMO_PROJECTED,
    "vendor_payback": udfs.VENDOR_PAYBACK,
    "net_labor_savings": udfs.NET_LABOR_SAVINGS,
    "customer_payback": udfs.CUSTOMER_PAYBACK,
    "ppr": udfs.PPR,
    "nrr": udfs.NRR,
    "grr": udfs.GRR,
    "stage": udfs.STAGE,
    "fully_loaded_cost": udfs.FULLY_LOADED_COST,
}
# Core helpers with no Excel function of their own (FULLY_LOADED_COST and GMO cover them).
NO_UDF = {"load_factor", "cost_of_goods"}


def excel(value):
    """A Python value as Excel passes it: dates as datetime, a series as a column."""
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[us]").item()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, list):
        return [[excel(v)] for v in value]
    return value


def cell(expected, no_answer=NA):
    """What a cell shows for an expected core result."""
    if isinstance(expected, float) and math.isnan(expected):
        return no_answer
    if expected == "":
        return NA
    return expected


def udf_args(case):
    """The case's arguments in the Excel function's order."""
    args = [excel(a) for a in case.args]
    if case.metric == "fully_loaded_cost":
        args += [0.0] * (8 - len(args)) + [case.kwargs.get("method", "additive")]
    elif case.kwargs:
        args += list(case.kwargs.values())
    return args


def shown_by_udf(case):
    """Call the case's Excel function and pick out the figure the case is about."""
    args = udf_args(case)
    m = case.metric
    if m in ELEMENTWISE:
        return getattr(udfs, ELEMENTWISE[m].__name__)(*args)
    if m == "cod":
        return udfs.COD(*args)
    if m == "binding_payback":
        return tuple(udfs.BINDING_PAYBACK(*args)[0])
    if m == "payback_months":
        upfront, series, *flag = case.args
        return udfs.PAYBACK_MONTHS(upfront, [series], *flag, *case.kwargs.values())
    if m == "nrr_decompose":
        return udfs.NRR_DECOMPOSE(*args)[0][NRRParts._fields.index(case.part)]
    if m == "v2c":
        column = V2C._fields.index(case.part)
        table = udfs.V2C(*args)
        figures = [row[column] for row in table]
        return figures if isinstance(case.args[2], list) else figures[0]
    if m == "token_adoption":
        return udfs.TOKEN_ADOPTION(*args)[0][TokenAdoption._fields.index(case.part)]
    raise AssertionError(f"no Excel function mapped for {m}")


UDF_CASES = [c for c in CASES if c.metric not in NO_UDF]


def test_every_metric_but_the_helpers_reruns_through_excel():
    assert {c.metric for c in CASES} - {c.metric for c in UDF_CASES} == NO_UDF


@pytest.fixture(params=["plain", "as xlwings passes"])
def calling(request, monkeypatch):
    """Call the functions with plain values, or exactly as xlwings hands Excel's values over."""
    if request.param == "as xlwings passes":
        for name in udfs.__all__:
            f = getattr(udfs, name)
            wrapped = lambda *args, _f=f: unwrap(_f(*as_excel_passes(_f, args)))  # noqa: E731
            monkeypatch.setattr(udfs, name, wrapped)
    return request.param


def unwrap(shown):
    """A 1x1 spill shows as the single value, as Excel shows it."""
    one = isinstance(shown, list) and len(shown) == 1 and isinstance(shown[0], list)
    return shown[0][0] if one and len(shown[0]) == 1 else shown


@pytest.mark.parametrize("case", UDF_CASES, ids=lambda c: c.id)
def test_known_answer_through_the_excel_function(case, calling):
    no_answer = NO_ANSWER.get(case.metric, NA)
    expected = case.expected
    if isinstance(expected, tuple):
        expected = tuple(cell(e) for e in expected)
    elif not isinstance(expected, list):
        expected = cell(expected, no_answer)
    got = shown_by_udf(case)
    assert got == expected or same_numbers(got, expected), f"{case.id}: {got!r} != {expected!r}"


@pytest.mark.parametrize(
    "case", [c for c in UDF_CASES if c.metric in ELEMENTWISE], ids=lambda c: c.id
)
def test_known_answer_as_one_cell_ranges(case):
    # the same case, each argument a 1x1 range: the answer comes back as a 1x1 range
    args = udf_args(case)
    ranged = [[[a]] if i < n_range_args(case.metric) else a for i, a in enumerate(args)]
    got = ELEMENTWISE[case.metric](*ranged)
    expected = cell(case.expected, NO_ANSWER.get(case.metric, NA))
    assert isinstance(got, list) and len(got) == 1 and len(got[0]) == 1, got
    assert got[0][0] == expected or same_numbers(got[0][0], expected)


def n_range_args(metric):
    """How many leading arguments of the function take ranges (the rest are options)."""
    return {"oce_band": 1, "gmo_projected": 5, "stage": 5, "fully_loaded_cost": 8}.get(metric, 9)


def same_numbers(got, expected):
    if isinstance(got, str) or isinstance(expected, str):
        return False
    return same(got, expected)


# --- Excel values in -------------------------------------------------------------------


def test_the_issue_example():
    assert udfs.OCE(25, 8) == 3.125
    assert udfs.OCE([[25], [30]], [[8], [10]]) == [[3.125], [3.0]]
    assert udfs.OCE(25, 0) == "#DIV/0!"


def test_each_cell_shows_its_own_answer_or_error():
    costs = [[25], [None], ["25"], [True], ["#REF!"], [30], [25]]
    prices = [[8], [8], [8], [8], [8], [-1], [0]]
    assert udfs.OCE(costs, prices) == [[3.125], [NA], [VALUE], [VALUE], ["#REF!"], [NUM], [DIV0]]


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ((None, 8), NA),  # blank required input
        (("25", 8), VALUE),  # number stored as text: rejected, not guessed
        ((True, 8), VALUE),  # logical value
        (("#DIV/0!", 8), DIV0),  # an error in the input passes through
        ((25, "#N/A"), NA),
        ((25, -8), NUM),  # invalid value
        ((25, dt.datetime(2026, 1, 1)), VALUE),  # a date is not a price
        ((25, ""), NA),  # an empty string is a blank cell
    ],
)
def test_what_a_single_cell_shows(args, shown):
    assert udfs.OCE(*args) == shown


def test_ranges_keep_their_shape():
    row = udfs.OCE([[25, 30, 10]], [[8, 10, 8]])
    column = udfs.OCE([[25], [30], [10]], [[8], [10], [8]])
    block = udfs.OCE([[25, 30], [10, 12]], [[8, 10], [8, 12]])
    assert row == [[3.125, 3.0, 1.25]]
    assert column == [[3.125], [3.0], [1.25]]
    assert block == [[3.125, 3.0], [1.25, 1.0]]


def test_a_single_value_applies_to_every_cell_of_a_range():
    assert udfs.OCE([[25], [30], [40]], 10) == [[2.5], [3.0], [4.0]]
    assert udfs.GMO([[8], [10]], 0.5, 0.7, 0.2) == [[pytest.approx(6.6)], [pytest.approx(8.6)]]


def test_ranges_of_unequal_shape_show_value_error():
    assert udfs.OCE([[25], [30], [40]], [[8], [10]]) == VALUE
    assert udfs.BINDING_PAYBACK([[1], [2]], [[1], [2], [3]]) == VALUE
    assert udfs.TOKEN_ADOPTION([[1], [2]], [[1], [2], [3]], 1, 1) == VALUE
    assert udfs.NRR_DECOMPOSE([[100], [50]], [[100]]) == VALUE
    assert udfs.COD([[10], [5]], [[1000], [1000], [1000]]) == VALUE


def test_dates_as_datetime_and_as_serial_numbers_agree():
    signed, first = dt.datetime(2026, 1, 5), dt.datetime(2026, 1, 16)
    assert udfs.TTFO(signed, first) == udfs.TTFO(46027.0, 46038.0) == 11.0
    mixed = udfs.TTFO([[signed], [46027.0]], [[46038.0], [first]])
    assert mixed == [[11.0], [11.0]]


def test_dates_reject_text_and_logical_values():
    assert udfs.TTFO("2026-01-05", 46038.0) == VALUE
    assert udfs.TTFO(True, 46038.0) == VALUE
    assert udfs.TTFO(46038.0, 46027.0) == NUM  # first outcome before signature
    assert udfs.TTFO(None, 46038.0) == NA


def test_an_invalid_cell_does_not_blank_the_rest_of_the_range():
    signed = [[46000.0], [46000.0], [46000.0]]
    first = [[46010.0], [45990.0], [None]]
    assert udfs.TTFO(signed, first) == [[10.0], [NUM], [NA]]
    stages = udfs.STAGE(signed, first, None, 46100.0)
    assert stages == [["Outcome Velocity"], [NUM], ["Deploying"]]


# --- aggregate and spilling functions -------------------------------------------------


def test_cod_reads_a_log_like_sumproduct():
    days = [[10], [5], [None], [3]]
    assert udfs.COD(days, 1000) == 18_000.0  # blank row counts as 0 days
    assert (
        udfs.COD(days, [[1000], [1200], [None], [1000]]) == 19_000.0
    )  # no rate needed on a blank row
    assert udfs.COD(days, [[1000], [None], [None], [1000]]) == NA  # days without a rate
    dates = [[46030.0], [46040.0], [None], [46060.0]]
    assert udfs.COD(days, 1000, dates, 46050.0) == 15_000.0
    assert udfs.COD(days, 1000, [[46030.0], [None], [None], [46060.0]], 46050.0) == NA
    assert udfs.COD([[10], ["ten"]], 1000) == VALUE
    assert udfs.COD([[10], [-1]], 1000) == NUM


def test_payback_months_reads_rows_columns_and_tables():
    assert udfs.PAYBACK_MONTHS(100, [[40, 40, 40]]) == 2.5
    assert udfs.PAYBACK_MONTHS(100, [[40], [40], [40], [None]]) == 2.5  # blank month = 0
    assert udfs.PAYBACK_MONTHS(100, [[10, 10]]) == NA  # not reached
    assert udfs.PAYBACK_MONTHS([[100], [30]], [[50, 50, 50], [10, 10, 10]]) == [[2.0], [3.0]]
    assert udfs.PAYBACK_MONTHS([[100], [30], [5]], [[50, 50], [10, 10]]) == VALUE
    assert udfs.PAYBACK_MONTHS(-1, [[50, 50]]) == NUM
    assert udfs.PAYBACK_MONTHS(100, [[50, "#REF!"]]) == "#REF!"
    assert udfs.PAYBACK_MONTHS(100, [[60, 60, -40, 60]], True) == pytest.approx(3 + 20 / 60)


def test_binding_payback_spills_months_and_side_and_reads_na_as_never():
    assert udfs.BINDING_PAYBACK(12, 2) == [[12.0, "vendor"]]
    got = udfs.BINDING_PAYBACK([[12], ["#N/A"], [3]], [[2], [5], [9]], True)
    assert got == [
        ["Binding payback (months)", "Binding side"],
        [12.0, "vendor"],
        [NA, "vendor"],  # a vendor payback never reached binds
        [9.0, "customer"],
    ]
    # chained straight from the payback functions
    never = udfs.VENDOR_PAYBACK(30_000, 48_000, 0)
    assert udfs.BINDING_PAYBACK(never, udfs.CUSTOMER_PAYBACK(68_000, 34_000)) == [[NA, "vendor"]]
    assert udfs.BINDING_PAYBACK([[1], [-2]], [[1], [2]]) == [[1.0, "both"], [NUM, NUM]]


def test_nrr_decompose_spills_the_parts_with_a_header():
    got = udfs.NRR_DECOMPOSE(
        [[100], [0], [80]], [[130], [50], [0]], [["c1"], ["c1"], ["c2"]], None, True
    )
    assert got[0] == list(udfs.NRR_HEADER)
    assert got[1][:7] == [180.0, 30.0, 50.0, 0.0, 80.0, 180.0, 1.0]
    # a blank live flag falls back to "had revenue at the start"
    live = udfs.NRR_DECOMPOSE([[100], [0]], [[100], [20]], None, [[True], [None]])
    assert live[0][:3] == [100.0, 0.0, 20.0]
    assert udfs.NRR_DECOMPOSE([[0]], [[0]]) == [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, DIV0, DIV0]]
    assert udfs.NRR_DECOMPOSE([[100]], [[50]], [["a"], ["b"]]) == VALUE
    assert udfs.NRR_DECOMPOSE([[100]], [[50]], None, [["yes"]]) == VALUE


def test_v2c_spills_one_row_per_period():
    got = udfs.V2C(25, 8, [[1000, 1500, 2000]], True)
    assert got[0] == list(udfs.V2C_HEADER)
    assert [row[2] for row in got[1:]] == [25_000.0, 62_500.0, 112_500.0]
    assert udfs.V2C([[25], [30]], 8, [[1000]]) == VALUE
    assert udfs.V2C(25, 8, [[1000], ["#N/A"]]) == NA


def test_token_adoption_spills_a_row_per_input_row():
    got = udfs.TOKEN_ADOPTION([[1_000_000], [100]], [[120_000], [10]], [[4], [-1]], 8, True)
    assert got[0] == list(udfs.TOKEN_HEADER)
    assert got[1] == [0.12, 30_000.0, pytest.approx(880 / 30), pytest.approx(0.64)]
    assert got[2] == [NUM] * 4
    assert udfs.TOKEN_ADOPTION(0, 0, 0, 0) == [[NA] * 4]


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (lambda: udfs.OCE_BAND(2.0, 3.0, 1.5), NUM),
        (lambda: udfs.OCE_BAND(2.0, "low"), VALUE),
        (lambda: udfs.FULLY_LOADED_COST(55_000, 0, 0, 0, 0, 0, 0, 0, "compound"), VALUE),
        (
            lambda: udfs.FULLY_LOADED_COST(55_000, None, 0.1),
            pytest.approx(60_500.0),
        ),  # blank = none
        (lambda: udfs.GMO_PROJECTED(8, 0.5, 0.7, 0.2, 1, 0), NUM),
        (lambda: udfs.STAGE(46000, None, None, 46100, None, "thirty"), VALUE),
        (lambda: udfs.STAGE(46000, None, None, 45000), NA),  # before signature: no stage
        (lambda: udfs.NRR(100, 0, 80, 30), NUM),
    ],
)
def test_options_and_invalid_inputs(call, shown):
    assert call() == shown


def test_nothing_unforeseen_reaches_the_cell_as_a_traceback(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(udfs.m, "oce", broken)
    assert udfs.OCE(25, 8) == VALUE
    assert "OCE failed" in caplog.text and "a bug" in caplog.text  # logged for whoever debugs


def test_unknown_objects_in_a_range_are_value_errors():
    class Strange:
        pass

    assert udfs.OCE([[Strange()], [25]], 8) == [[VALUE], [3.125]]


# --- single values as Excel passes them, and the cases found by the doc's examples ------


def test_payback_months_on_one_series_as_excel_passes_the_cost():
    # xlwings passes a range argument's single value as a 1x1 range
    assert udfs.PAYBACK_MONTHS([[100.0]], [[40.0, 40.0, 40.0]]) == 2.5
    assert udfs.PAYBACK_MONTHS([[100.0]], [[40.0], [40.0], [40.0]]) == 2.5


def test_payback_months_reads_series_down_when_the_costs_run_across():
    # months down, one customer per column; a row of costs, answers in a row
    profits = [[50, 10], [50, 10], [50, 10]]
    assert udfs.PAYBACK_MONTHS([[100, 30]], profits) == [[2.0, 3.0]]
    # a column of costs reads the same table one series per row: [50, 10], ...
    assert udfs.PAYBACK_MONTHS([[100], [30], [5]], profits) == [[NA], [0.6], [0.1]]


def test_an_error_in_a_single_value_option_shows_itself(caplog):
    assert udfs.OCE_BAND(2.0, "#REF!") == "#REF!"
    assert udfs.OCE_BAND(2.0, "low") == VALUE
    assert udfs.FULLY_LOADED_COST(55_000, 0, 0, 0, 0, 0, 0, 0, "#NAME?") == "#NAME?"
    assert udfs.PAYBACK_MONTHS(100, [[40, 40, 40]], "yes") == VALUE
    assert udfs.STAGE(46000, None, None, 46100, None, "#DIV/0!") == DIV0
    assert "failed" not in caplog.text  # a refused option is an answer, not a failure


def test_cod_first_outcome_date_needs_the_work_dates():
    assert udfs.COD([[10], [5]], 1000, None, 46050.0) == VALUE
    assert udfs.COD([[10]], 1000, [[46030.0]], [[46050.0], [46051.0]]) == VALUE
    assert udfs.COD([[10]], 1000, [[46030.0]], NA) == NA
    assert udfs.COD([[10]], 1000, None, None) == 10_000.0


def test_binding_payback_blank_is_missing_not_never():
    assert udfs.BINDING_PAYBACK(None, 2.0) == [[NA, NA]]
    assert udfs.BINDING_PAYBACK(NA, 2.0) == [[NA, "vendor"]]


def test_customer_ids_may_start_with_a_hash():
    got = udfs.NRR_DECOMPOSE([[100], [80]], [[130], [0]], [["#1001"], ["#1002"]])
    assert got[0][4] == 80.0  # #1002 churned
    assert udfs.NRR_DECOMPOSE([[100], [80]], [[130], [0]], [["c1"], ["#REF!"]]) == VALUE
