"""The portfolio engine against a hand-built portfolio (tests/portfolio_fixture.py).

Every expected figure below is worked out by hand in its comment.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_fixture import inputs

from om_xl import metrics as m
from om_xl.portfolio import Inputs, compute, run, sample_inputs, validate

T = pd.Timestamp


@pytest.fixture(scope="module")
def portfolio():
    return run(inputs())


@pytest.fixture(scope="module")
def dash(portfolio):
    return portfolio.dashboard.set_index("customer_id")


def series(portfolio, customer, column):
    t = portfolio.timeline
    return t[t.customer_id == customer][column].tolist()


def test_report_month_and_timeline_span(portfolio):
    assert portfolio.as_of == T("2026-06-01")
    # B signed in February: its timeline starts then; the others in January
    assert series(portfolio, "B", "month_number") == [1, 2, 3, 4, 5]
    assert series(portfolio, "A", "month")[0] == T("2026-01-01")


def test_alpha_monthly_timeline(portfolio):
    # units 1,000, 2,000, 2,000, 3,000 x3 at GMO $3 -> gross profit 3,000, 6,000, 6,000, 9,000 x3
    assert series(portfolio, "A", "gross_profit") == [3000, 6000, 6000, 9000, 9000, 9000]
    # revenue at $5 and cost of goods by component ($1 token, $0.50 oversight, $0.50 infra)
    assert series(portfolio, "A", "revenue")[:2] == [5000, 10000]
    assert series(portfolio, "A", "token_cost")[:2] == [1000, 2000]
    assert series(portfolio, "A", "oversight_cost")[:2] == [500, 1000]
    # FDE: 5 days x $1,000 in January; 2 days at the default $1,200 in March
    assert series(portfolio, "A", "fde_cost") == [5000, 0, 2400, 0, 0, 0]
    # position: -10,450 - 5,000 + 3,000 = -12,450; +6,000; +6,000 - 2,400; +9,000 ...
    assert series(portfolio, "A", "position") == [-12450, -6450, -2850, 6150, 15150, 24150]
    # cumulative labor value: units x $20
    assert series(portfolio, "A", "cumulative_labor_value")[-1] == 14_000 * 20


def test_alpha_dashboard(dash):
    a = dash.loc["A"]
    assert a.ttfo_days == 18  # 10 Jan -> 28 Jan
    assert a.cod == 5000 and a.post_launch_deployment_cost == 2400  # the March line is after
    assert a.oce == 4.0 and a.oce_band == "sticky"  # $20 / $5
    assert a.gmo_per_outcome == 3.0 and a.gmo_margin == 0.6  # $3 of $5
    assert a.gmo_projected == pytest.approx(3.9)  # token $1 -> $0.10 in a year
    # run-rate gross profit (April-June) $9,000: (10,450 + 5,000) / 9,000
    assert a.vendor_payback_months == pytest.approx(15_450 / 9_000)
    # net series -2,000, 6,000, 3,600, 9,000: cumulative 7,600 after March;
    # 3 + (10,450 - 7,600) / 9,000 = 3.31667 months; 0.31667 x 30 April days = 9.5 -> 10 April
    assert a.payback_months_actual == pytest.approx(3 + 2_850 / 9_000)
    assert a.payback_months_sustained == pytest.approx(3 + 2_850 / 9_000)
    assert a.payback_date == T("2026-04-10")
    assert a.payback_status == "reached"
    # savings 3,000 units x ($20 - $5) = $45,000 a month; $2,000 / $45,000
    assert a.customer_payback_months == pytest.approx(2_000 / 45_000)
    assert a.binding_side == "vendor"
    assert a.ppr == 0.5  # P1 live, P2 addressable
    assert a.stage == "Margin Inflection"
    assert a.flag_summary == "TTFO over 14 days"


def test_stages_month_by_month(portfolio):
    # A: first outcome 28 Jan; 31 Jan is day 3; 28 Feb day 31; payback 10 Apr, 30 Apr day 20
    assert series(portfolio, "A", "stage") == [
        "First Outcome",
        "Outcome Velocity",
        "Outcome Velocity",
        "Deployment Payback",
        "Margin Inflection",
        "Margin Inflection",
    ]
    assert series(portfolio, "B", "stage") == ["Deploying"] * 5
    # C churned on 20 April
    assert series(portfolio, "C", "stage") == [
        "First Outcome",
        "Outcome Velocity",
        "Outcome Velocity",
        "Churned",
        "Churned",
        "Churned",
    ]
    # D paid back at the end of February (1 March): 31 March is 30 days on
    assert series(portfolio, "D", "stage")[:3] == [
        "First Outcome",
        "Outcome Velocity",
        "Margin Inflection",
    ]


def test_still_deploying_customer(dash, portfolio):
    b = dash.loc["B"]
    assert math.isnan(b.ttfo_days) and pd.isna(b.first_outcome_date)
    assert b.cod == 15_000  # no first outcome yet: all FDE work so far is COD
    assert b.position == -35_000  # -20,000 - 15,000
    assert b.ppr == 0.0
    assert b.payback_status == "not in sight"
    assert "no first outcome yet" in b.flag_summary


def test_churned_customer_without_a_deployment_log(dash, portfolio):
    c = dash.loc["C"]
    assert c.cod == 0.0  # no FDE log at all
    # first outcome from Outcomes: January, not before the 5 January signature
    assert c.first_outcome_date == T("2026-01-05") and c.first_outcome_estimated
    assert c.ttfo_days == 0
    # gross profit 600, 1,200, 1,800 against 5,000: never paid back
    assert series(portfolio, "C", "position") == [-4400, -3200, -1400, -1400, -1400, -1400]
    assert math.isnan(c.payback_months_actual)
    assert c.stage == "Churned" and c.flag_summary == "churned before payback"
    assert c.oce == 1.5 and c.oce_band == "neutral"  # 1.5 is not below 1.5


def test_curve_that_crosses_and_falls_back(dash, portfolio):
    d = dash.loc["D"]
    # gross profit 1,000, 1,000, 1,800, 2,000, 1,500, 1,600; FDE 1,000 (Jan), 8,000 (May)
    assert series(portfolio, "D", "position") == [-1000, 0, 1800, 3800, -2700, -1100]
    # net 0, 1,000 -> the 1,000 acquisition is covered exactly at the end of month 2
    assert d.payback_months_actual == 2.0
    assert d.payback_date == T("2026-03-01")
    assert math.isnan(d.payback_months_sustained)  # it ends below zero
    assert d.flag_summary == "back below zero"
    assert d.cod == 1_000 and d.post_launch_deployment_cost == 8_000


def test_nrr_month_over_month_decomposed(portfolio):
    mom = portfolio.nrr[portfolio.nrr.window == "MoM"].set_index("month")
    # March (Feb -> Mar): beginning A 10,000 + C 2,000 + D 1,000; volume C +1,000, D P1 +500;
    # D's P2 went live 15 March: +300 is a new process
    mar = mom.loc[T("2026-03-01")]
    assert (mar.beginning, mar.volume_expansion, mar.new_process_expansion) == (13_000, 1_500, 300)
    assert mar.nrr == pytest.approx(14_800 / 13_000)
    # April: C (3,000 in March) has no revenue in April -> churn; A +5,000 and D P2 +200 volume
    apr = mom.loc[T("2026-04-01")]
    assert (apr.beginning, apr.volume_expansion, apr.churn) == (14_800, 5_200, 3_000)
    assert apr.nrr == pytest.approx(17_000 / 14_800)
    assert apr.grr == pytest.approx(11_800 / 14_800)
    # May: D P1 1,500 -> 1,000 is contraction
    may = mom.loc[T("2026-05-01")]
    assert (may.beginning, may.contraction, may.nrr) == (
        17_000,
        500,
        pytest.approx(16_500 / 17_000),
    )


def test_nrr_t12m_needs_twelve_months(portfolio, dash):
    assert (portfolio.nrr.window == "T12M").sum() == 0  # six months of history
    assert dash.nrr.isna().all()


def test_portfolio_jcurve_by_months_since_signature(portfolio):
    j = portfolio.jcurve.set_index("months_since_signature")
    # month 1: A -12,450, B -35,000, C -4,400, D -1,000
    assert j.loc[1, "customers"] == 4
    assert j.loc[1, "total_position"] == -12_450 - 35_000 - 4_400 - 1_000
    # month 6: only A, C and D have six months on the books
    assert j.loc[6, "customers"] == 3
    assert j.loc[6, "total_position"] == 24_150 - 1_400 - 1_100


def test_cohorts_by_months_since_first_outcome(portfolio):
    c = portfolio.cohorts
    q1 = c[c.cohort == "2026Q1"].set_index("months_since_first_outcome")
    # A, C and D all had their first outcome in January: month 1 revenue 5,000 + 1,000 + 1,000
    assert q1.loc[1, "customers"] == 3
    assert q1.loc[1, "revenue"] == 7_000


def test_processes_table(portfolio):
    p = portfolio.processes.set_index(["customer_id", "process_id"])
    assert p.loc[("A", "P1"), "gmo"] == 3.0 and p.loc[("A", "P1"), "units_to_date"] == 14_000
    assert not p.loc[("A", "P2"), "live"]
    assert p.loc[("C", "P1"), "oce"] == 1.5


# --- edge cases ---------------------------------------------------------------------------


def test_no_outcomes_at_all():
    raw = inputs()
    raw.outcomes = raw.outcomes.iloc[0:0]
    d = run(raw).dashboard.set_index("customer_id")
    assert (d.units_to_date == 0).all()
    # A and D have their first outcome dates entered: they count, volume or not
    assert d.stage.tolist() == ["Outcome Velocity", "Deploying", "Churned", "Outcome Velocity"]
    raw.customers["first_outcome_date"] = None
    d = run(raw).dashboard.set_index("customer_id")
    assert d.stage.tolist() == ["Deploying", "Deploying", "Churned", "Deploying"]
    assert d.ttfo_days.isna().all()


def test_fde_logged_after_the_report_month_is_not_counted_yet():
    raw = inputs()
    # B (still deploying) has 4 more FDE days planned for August, after the June report
    planned = pd.DataFrame(
        [["B", "P1", T("2026-08-10"), 4.0, 1_500.0, "integration"]],
        columns=raw.deployment.columns,
    )
    raw.deployment = pd.concat([raw.deployment, planned], ignore_index=True)
    d = run(raw).dashboard.set_index("customer_id")
    # as before: 10 days x 1,500 in February
    assert d.loc["B", "cod"] == 15_000
    assert d.loc["B", "post_launch_deployment_cost"] == 0


def _free_customer(first_outcome=None) -> Inputs:
    """B with no acquisition cost and no FDE work: nothing to pay back."""
    raw = inputs()
    raw.customers.loc[raw.customers.customer_id == "B", "acquisition_cost"] = 0.0
    raw.customers.loc[raw.customers.customer_id == "B", "first_outcome_date"] = first_outcome
    raw.deployment = raw.deployment[raw.deployment.customer_id != "B"]
    return raw


def test_nothing_to_pay_back_and_no_outcome_yet_is_not_paid_back():
    d = run(_free_customer()).dashboard.set_index("customer_id")
    assert d.loc["B", "stage"] == "Deploying"
    assert math.isnan(d.loc["B", "payback_months_actual"])
    assert pd.isna(d.loc["B", "payback_date"])


def test_payback_is_never_before_the_first_outcome():
    raw = _free_customer(T("2026-02-15"))
    raw.processes.loc[raw.processes.customer_id == "B", ["status", "deployed_date"]] = [
        "deployed",
        T("2026-02-01"),
    ]
    b = pd.DataFrame(
        [["B", "P1", T(f"2026-{k:02d}-01"), 100] for k in range(2, 7)],
        columns=["customer_id", "process_id", "month", "units"],
    )
    raw.outcomes = pd.concat([raw.outcomes, b], ignore_index=True)
    d = run(raw).dashboard.set_index("customer_id")
    # signed 1 February; the first outcome 14 days into the 28-day month: 0.5 months
    assert d.loc["B", "payback_months_actual"] == 0.5
    assert d.loc["B", "payback_date"] == T("2026-02-15")


def test_revenue_and_cost_overrides():
    raw = inputs()
    raw.outcomes["revenue"] = np.nan
    raw.outcomes["cost_of_goods"] = np.nan
    raw.outcomes.loc[0, ["revenue", "cost_of_goods"]] = [4_000.0, 3_000.0]  # A, January
    p = run(raw)
    t = p.timeline[p.timeline.customer_id == "A"].iloc[0]
    assert t.revenue == 4_000 and t.cost_of_goods == 3_000
    # the override is split in the proportions of the unit costs (1 : 0.5 : 0.5)
    assert (t.token_cost, t.oversight_cost, t.infra_cost) == (1_500, 750, 750)


def test_negative_profit_months():
    raw = inputs()
    raw.processes.loc[raw.processes.customer_id == "C", "token_cost_per_unit"] = 12.0
    d = run(raw).dashboard.set_index("customer_id").loc["C"]
    assert d.gmo_per_outcome == pytest.approx(-4.0)  # 10 - (12 + 1 + 1)
    assert "margin negative" in d.flag_summary


# --- properties on generated portfolios ---------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 14), st.integers(1, 4), st.integers(6, 30), st.integers(0, 10_000))
def test_invariants_of_generated_portfolios(customers, processes, months, seed):
    raw = sample_inputs(customers, processes, months, seed=seed)
    clean, problems = validate(raw)
    assert problems == []
    p = compute(clean)
    t = p.timeline
    # the cumulative position is the running sum of the monthly flows
    flows = t.gross_profit - t.fde_cost - t.acquisition_cost
    running = flows.groupby(t.customer_id).cumsum()
    assert np.allclose(running, t.position)
    # stages never go backwards, except into Churned
    order = {s: i for i, s in enumerate(m.STAGES)}
    for _, g in t.groupby("customer_id"):
        ranks = [order[s] for s in g.stage if s != m.CHURNED]
        assert ranks == sorted(ranks)
        churned = (g.stage == m.CHURNED).to_numpy()
        assert churned[churned.argmax() :].all() if churned.any() else True
    # NRR's beginning and ending revenue, from the timeline: the customers with revenue
    # at the window's start, then and at its end
    revenue = t.pivot_table(index="customer_id", columns="month", values="revenue", aggfunc="sum")
    for _, row in p.nrr.iterrows():
        start = row.month - pd.DateOffset(months={"MoM": 1, "T12M": 12}[row.window])
        cohort = revenue[start] > 0
        assert np.isclose(row.beginning, revenue.loc[cohort, start].sum())
        assert np.isclose(row.ending, revenue.loc[cohort, row.month].sum())
    # COD from the FDE log: lines up to the first outcome (all while there is none),
    # none after the report month (the generator plans work ahead for late signers)
    d = p.dashboard.set_index("customer_id")
    log = clean.deployment.assign(
        cost=clean.deployment.fde_days
        * clean.deployment.daily_rate.fillna(clean.assumptions["fde_daily_rate"])
    )
    first = log.customer_id.map(d.first_outcome_date)
    before = (first.isna() | (log.date <= first)) & (log.date <= p.as_of + pd.offsets.MonthEnd(0))
    cod = log[before].groupby("customer_id").cost.sum().reindex(d.index, fill_value=0.0)
    assert np.allclose(cod, d.cod)


def test_sample_portfolio_shows_the_archetypes():
    d = run(sample_inputs()).dashboard.set_index("customer_id")
    assert d.loc["C001"].ttfo_days < 14 and d.loc["C001"].cod < 20_000  # digitally native
    assert d.loc["C002"].cod > 100_000  # regulated enterprise
    assert (
        d.loc["C003"].stage == "Churned" and "churned before payback" in d.loc["C003"].flag_summary
    )
    assert d.loc["C004"].stage == "Outcome Velocity" and d.loc["C004"].oce < 1.5
    assert d.loc["C005"].nrr > 1.5
    assert d.loc["C006"].token_share_consumed < 0.2
