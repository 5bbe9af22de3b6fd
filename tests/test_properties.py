"""Invariants of the metric functions, checked by hypothesis."""

import datetime as dt
import math

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import om_xl.metrics as m

money = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)
positive = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)
scale = st.floats(min_value=1e-3, max_value=1e3)
share = st.floats(min_value=0.0, max_value=2.0)
profits = hnp.arrays(float, st.integers(1, 36), elements=st.floats(-1e5, 1e5))
dates = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def as_inf(x: float) -> float:
    """Never reached (nan) ranks after every number of months."""
    return math.inf if math.isnan(x) else x


@given(positive, positive, scale)
def test_oce_is_unchanged_when_both_costs_scale(cost, price, k):
    assert math.isclose(m.oce(cost * k, price * k), m.oce(cost, price), rel_tol=1e-9)


@given(money, money, money, money)
def test_margin_never_exceeds_100_percent(price, token, oversight, infra):
    margin = m.gmo_margin(price, token, oversight, infra)
    assert math.isnan(margin) or margin <= 1.0


@given(positive, money, money, money)
def test_margin_is_gmo_over_price_and_markup_is_gmo_over_cogs(price, token, oversight, infra):
    g = m.gmo(price, token, oversight, infra)
    assert math.isclose(m.gmo_margin(price, token, oversight, infra) * price, g, abs_tol=1e-6)
    cogs = m.cost_of_goods(token, oversight, infra)
    if cogs > 1e-6:  # a subnormal cost of goods overflows the markup to inf
        assert math.isclose(m.gmo_markup(price, token, oversight, infra) * cogs, g, abs_tol=1e-6)


@given(positive, money, money, money, st.floats(0, 10), st.floats(0, 10), st.floats(1, 100))
def test_projected_gmo_never_falls_while_inference_gets_cheaper(p, t, o, i, y1, y2, factor):
    early, late = sorted((y1, y2))
    assert m.gmo_projected(p, t, o, i, late, factor) >= m.gmo_projected(p, t, o, i, early, factor)
    assert math.isclose(m.gmo_projected(p, t, o, i, 0, factor), m.gmo(p, t, o, i), abs_tol=1e-9)


@given(money, money, profits)
def test_payback_never_decreases_when_the_upfront_cost_rises(u1, u2, series):
    low, high = sorted((u1, u2))
    assert as_inf(m.payback_months(low, series)) <= as_inf(m.payback_months(high, series))
    assert as_inf(m.payback_months(low, series, sustained=True)) <= as_inf(
        m.payback_months(high, series, sustained=True)
    )


@given(money, profits)
def test_payback_first_crossing_comes_before_the_sustained_one(upfront, series):
    first = m.payback_months(upfront, series)
    sustained = m.payback_months(upfront, series, sustained=True)
    assert as_inf(first) <= as_inf(sustained)
    if not math.isnan(first):
        # the cumulative curve, interpolated, is at the cost at the crossing
        cum = np.concatenate([[0.0], np.cumsum(series)])
        at = np.interp(first, np.arange(len(cum)), cum)
        assert at >= upfront - 1e-6 * max(1.0, upfront)
        assert 0 <= first <= len(series)


@given(money, money, positive, st.integers(1, 400))
def test_series_payback_agrees_with_the_run_rate_ratio(acq, dep, profit, months):
    ratio = m.vendor_payback(acq, dep, profit)
    assume(ratio <= months)
    series = m.payback_months(acq + dep, np.full(months, profit))
    assert math.isclose(series, ratio, rel_tol=1e-9, abs_tol=1e-9)


@given(
    hnp.arrays(
        float, st.tuples(st.integers(1, 5), st.integers(1, 12)), elements=st.floats(-100, 100)
    ),
    money,
)
def test_payback_on_rows_equals_payback_on_each_row(table, upfront):
    whole = m.payback_months(upfront, table)
    for row, got in zip(table, whole, strict=True):
        expected = m.payback_months(upfront, row)
        assert (math.isnan(got) and math.isnan(expected)) or math.isclose(got, expected)


months = st.one_of(st.just(math.nan), st.floats(0, 1e4))


@given(months, months)
def test_binding_payback_is_the_slower_side(vendor, customer):
    months, side = m.binding_payback(vendor, customer)
    assert as_inf(months) == max(as_inf(vendor), as_inf(customer))
    if not math.isnan(vendor) and not math.isnan(customer) and vendor != customer:
        assert side == ("vendor" if vendor > customer else "customer")


revenue_rows = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        hnp.arrays(float, n, elements=st.sampled_from([0.0, 5.0, 10.0, 37.5, 100.0, 1e4])),
        hnp.arrays(float, n, elements=st.sampled_from([0.0, 5.0, 12.5, 100.0, 250.0, 2e4])),
        hnp.arrays(int, n, elements=st.integers(0, 3)),
    )
)


@given(revenue_rows)
def test_nrr_decomposition_adds_up_to_nrr(rows):
    start, end, customer = rows
    p = m.nrr_decompose(start, end, customer)
    parts = p.beginning + p.volume_expansion + p.new_process_expansion - p.contraction - p.churn
    assert math.isclose(parts, p.ending, rel_tol=1e-12, abs_tol=1e-9)
    # the ending is the cohort's actual end revenue
    cohort = np.isin(customer, [c for c in set(customer) if start[customer == c].sum() > 0])
    assert math.isclose(p.ending, end[cohort].sum(), rel_tol=1e-12, abs_tol=1e-9)
    if p.beginning > 0:
        assert math.isclose(p.nrr, parts / p.beginning, rel_tol=1e-12)
        expansion = p.volume_expansion + p.new_process_expansion
        assert math.isclose(p.nrr, m.nrr(p.beginning, expansion, p.contraction, p.churn))
        assert math.isclose(p.grr, m.grr(p.beginning, p.contraction, p.churn))
        assert 0 <= p.grr <= 1 + 1e-12
    per = m.nrr_decompose(start, end, customer, per_customer=True)
    assert math.isclose(np.sum(per.ending), p.ending, rel_tol=1e-12, abs_tol=1e-9)


@given(positive, st.lists(st.floats(0, 1), min_size=7, max_size=7))
def test_multiplicative_loads_never_cost_less_than_additive(salary, loads):
    add = m.fully_loaded_cost(salary, *loads)
    mult = m.fully_loaded_cost(salary, *loads, method="multiplicative")
    assert mult >= add * (1 - 1e-12) >= salary * (1 - 1e-12)


@given(dates, st.integers(0, 3650))
def test_ttfo_counts_the_days_between_the_dates(signed, days):
    first = signed + dt.timedelta(days=days)
    assert m.ttfo(signed, first) == days
    serials = m.excel_serial([signed, first])
    assert m.ttfo(*serials) == days
    assert m.ttfo(np.datetime64(signed), np.datetime64(first)) == days


@given(dates)
def test_excel_serial_round_trips(day):
    serial = float(m.excel_serial(day))
    assert dt.date(1899, 12, 30) + dt.timedelta(days=serial) == day


@given(
    st.one_of(st.none(), st.integers(0, 200)),
    st.one_of(st.none(), st.integers(0, 400)),
    st.one_of(st.none(), st.integers(0, 600)),
    st.integers(0, 90),
)
def test_stage_never_goes_backwards_except_by_churn(ttfo_days, to_payback, churn_after, window):
    # blank first outcome and payback (not yet), and milestone stages of any length
    signed = 46000
    first = None if ttfo_days is None else signed + ttfo_days
    payback = None if first is None or to_payback is None else first + to_payback
    churn = None if churn_after is None else signed + churn_after
    days = np.arange(signed - 10, signed + 1200, 7)
    labels = m.stage(signed, first, payback, days, churn, milestone_days=window)
    order = {"": -1, **{s: i for i, s in enumerate(m.STAGES)}}
    ranks = [order[s] for s in labels if s != m.CHURNED]
    assert ranks == sorted(ranks)
    churned = labels == m.CHURNED
    if churned.any():
        assert churned[np.argmax(churned) :].all()  # once churned, churned for good
    if first is None:
        assert set(labels) <= {"", m.STAGES[0], m.CHURNED}  # still deploying


@given(positive, positive, hnp.arrays(float, st.integers(1, 24), elements=st.floats(0, 1e5)))
def test_v2c_cumulative_ends_at_the_total(cost, price, units):
    v = m.v2c(cost, price, units)
    assert math.isclose(v.cumulative_labor_value[-1], cost * units.sum(), rel_tol=1e-9)
    assert np.all(np.diff(v.cumulative_labor_value) >= 0)
    assert np.allclose(v.net_savings, m.net_labor_savings(cost, price, units))


@given(positive, money, st.floats(0.1, 36), st.floats(0, 36))
def test_token_projection_is_a_share(purchased, consumed, elapsed, left):
    t = m.token_adoption(purchased, consumed, elapsed, left)
    assert 0 <= t.share_unused_at_expiry <= 1
    assert t.share_unused_at_expiry <= max(0.0, 1 - t.share_consumed) + 1e-12
