"""The chart data behind the chart sheets (om_xl/report/charts.py)."""

from om_xl.portfolio import run, sample_inputs
from om_xl.report.charts import MAX_CURVES, chart_blocks_and_specs


def _blocks():
    p = run(sample_inputs())
    blocks, specs = chart_blocks_and_specs(p)
    return p, {b.label: b for b in blocks}, {s.sheet: s for s in specs}


def test_portfolio_jcurve_drops_months_too_few_customers_reached():
    p, blocks, specs = _blocks()
    j = p.jcurve
    # the sample has 12 customers: a tenth is 2, so the floor of three customers applies
    assert len(p.dashboard) == 12
    kept = j[j.customers >= 3]
    assert 0 < len(kept) < len(j), "the sample must have late months with fewer customers"
    rows = blocks["Portfolio J-curve"].rows
    assert [r[0] for r in rows] == kept.months_since_signature.astype(float).tolist()
    assert min(r[2] for r in rows) >= 3
    assert "at least 3 customers" in specs["Portfolio J-curve"].title


def test_customer_jcurves_capped():
    _, blocks, specs = _blocks()
    drawn = [s for s in specs["J-curves"].series if s.name != "Zero"]
    assert 0 < len(drawn) <= MAX_CURVES
    assert blocks["Customer J-curves"].headers[2:] == [s.name for s in drawn]
