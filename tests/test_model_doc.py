"""docs/model.md names every input column, setting and report column."""

from pathlib import Path

from om_xl.portfolio import run, sample_inputs
from om_xl.schema import ASSUMPTIONS, TABLES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "model.md").read_text()


def test_every_input_column_and_setting_is_documented():
    names = [c.name for t in TABLES for c in t.columns] + [s.name for s in ASSUMPTIONS.settings]
    missing = [n for n in names if f"`{n}`" not in DOC]
    assert not missing, missing


def test_every_report_column_is_documented():
    p = run(sample_inputs(8, 2, 18))
    missing = [
        f"{table}.{col}"
        for table in ("dashboard", "timeline", "processes", "nrr", "cohorts", "jcurve")
        for col in getattr(p, table).columns
        if not col.startswith("flag: ") and f"`{col}`" not in DOC
    ]
    assert not missing, missing
