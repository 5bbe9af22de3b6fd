"""The report's blocks (om_xl/report/blocks.py) from the hand-built portfolio."""

from portfolio_fixture import inputs

from om_xl.portfolio import run
from om_xl.report import layout_report


def test_flags_are_ticks_and_an_estimated_first_outcome_is_marked():
    report = layout_report(run(inputs()))
    dash = next(b for b in report.blocks if b.sheet == "Dashboard")
    column = dash.headers.index("First outcome estimated")
    assert dash.kinds[column] == "flag"
    marked = {row[0]: row[column] for row in dash.rows}
    # C has units from January but no date entered: its first outcome is estimated;
    # A and D have theirs entered, B has none yet
    assert marked == {"A": 0.0, "B": 0.0, "C": 1.0, "D": 0.0}
    processes = next(b for b in report.blocks if b.sheet == "Process economics")
    live = processes.headers.index("Live")
    assert {type(row[live]) for row in processes.rows} == {float}
