"""Validation collects every problem, each with table, row, column, value and fix."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from portfolio_fixture import inputs

from om_xl.portfolio import Problem, ValidationError, run, validate

T = pd.Timestamp


def problems_of(raw):
    return validate(raw)[1]


def only(problems, table, column):
    return [p for p in problems if p.table == table and p.column == column]


def test_the_fixture_is_clean():
    assert problems_of(inputs()) == []


def test_rows_carry_their_source_position():
    raw = inputs()
    raw.customers["_row"] = [5, 6, 7, 8]  # as a workbook reader would number them
    raw.customers.loc[1, "acquisition_cost"] = -1.0
    (p,) = problems_of(raw)
    assert (p.table, p.row, p.column, p.value) == ("customers", 6, "acquisition_cost", -1.0)
    assert "must not be negative" in p.message and p.fix


def test_default_row_numbers_count_the_header():
    raw = inputs()
    raw.customers.loc[0, "acquisition_cost"] = -1.0
    assert problems_of(raw)[0].row == 2  # first data row under a header in row 1


def set_cell(raw, table, row, column, value):
    frame = getattr(raw, table).astype(object)  # as a reader gives cells: any type anywhere
    frame.loc[row, column] = value
    setattr(raw, table, frame)


# (table, row, column, new value) -> (table, column) of the problem, words in its message
CASES = [
    (
        ("customers", 0, "acquisition_cost", "10,000"),
        ("customers", "acquisition_cost"),
        "must be a number",
    ),
    (("customers", 1, "name", None), ("customers", "name"), "is required"),
    (("customers", 2, "customer_id", "A"), ("customers", "customer_id"), "already on row 2"),
    (
        ("customers", 0, "signature_date", "10/01/2026"),
        ("customers", "signature_date"),
        "must be a date",
    ),
    (
        ("customers", 0, "signature_date", 9e9),
        ("customers", "signature_date"),
        "must be a date",
    ),  # found by the fuzzer: year 2262 is past what a timestamp holds
    (
        ("customers", 0, "signature_date", 132_321.0),
        ("customers", "signature_date"),
        "must be a date",
    ),
    (
        ("customers", 0, "signature_date", dt.datetime(2300, 1, 1)),
        ("customers", "signature_date"),
        "must be a date",
    ),
    (
        ("customers", 0, "acquisition_cost", float("inf")),
        ("customers", "acquisition_cost"),
        "too large a number",
    ),
    (
        ("customers", 0, "first_outcome_date", T("2025-12-01")),
        ("customers", "first_outcome_date"),
        "before the contract",
    ),
    (
        ("customers", 2, "churn_date", T("2025-01-01")),
        ("customers", "churn_date"),
        "before the contract",
    ),
    (
        ("customers", 3, "first_outcome_date", T("2026-03-05")),
        ("customers", "first_outcome_date"),
        "earlier month",
    ),
    (
        ("processes", 0, "status", "live"),
        ("processes", "status"),
        "must be one of deployed, addressable",
    ),
    (
        ("processes", 0, "deployed_date", None),
        ("processes", "deployed_date"),
        "needs its deployed date",
    ),
    (
        ("processes", 0, "price_per_unit", -5.0),
        ("processes", "price_per_unit"),
        "must not be negative",
    ),
    (("processes", 5, "process_id", "P1"), ("processes", "process_id"), "already on row 6"),
    (("processes", 0, "status", "addressable"), ("outcomes", "process_id"), "marked addressable"),
    (
        ("outcomes", 0, "customer_id", "Z"),
        ("outcomes", "customer_id"),
        "not in the Customers table",
    ),
    (("outcomes", 0, "process_id", "P9"), ("outcomes", "process_id"), "no such process"),
    (
        ("outcomes", 0, "month", T("2025-12-01")),
        ("outcomes", "month"),
        "before the month the contract",
    ),
    (
        ("outcomes", 16, "month", T("2026-02-01")),
        ("outcomes", "month"),
        "before the month the process",
    ),
    (("outcomes", 0, "units", -3.0), ("outcomes", "units"), "must not be negative"),
    (("outcomes", 0, "units", True), ("outcomes", "units"), "must be a number"),
    (
        ("deployment", 0, "date", T("2025-12-20")),
        ("deployment", "date"),
        "before the contract signature",
    ),
    (("deployment", 0, "activity", "sales"), ("deployment", "activity"), "must be one of"),
]


@pytest.mark.parametrize(("cell", "where", "words"), CASES, ids=lambda v: str(v))
def test_each_problem_names_table_row_column_and_fix(cell, where, words):
    raw = inputs()
    set_cell(raw, *cell)
    found = only(problems_of(raw), *where)
    assert any(words in p.message for p in found), problems_of(raw)
    assert all(p.row is not None and p.fix for p in found)


def test_every_problem_is_collected_not_just_the_first():
    raw = inputs()
    raw.customers.loc[0, "acquisition_cost"] = -1.0
    raw.processes.loc[1, "price_per_unit"] = -1.0
    raw.outcomes.loc[[0, 1, 2], "customer_id"] = "nobody"
    problems = problems_of(raw)
    assert len(problems) == 5
    with pytest.raises(ValidationError) as info:
        run(raw)
    assert info.value.problems == problems
    assert "5 problem(s)" in str(info.value) and "and 2 more" in str(info.value)


def test_a_missing_column_is_one_problem():
    raw = inputs()
    raw.outcomes = raw.outcomes.drop(columns=["units"])
    (p,) = problems_of(raw)
    assert (p.table, p.row, p.column) == ("outcomes", None, "units")
    assert "Units delivered (units)" in p.fix


def test_text_is_never_guessed_as_a_number_or_a_date():
    raw = inputs()
    raw.outcomes["units"] = raw.outcomes["units"].astype(object)
    raw.outcomes.loc[0, "units"] = "1000"
    raw.outcomes.loc[1, "units"] = True
    clean, problems = validate(raw)
    assert [p.value for p in only(problems, "outcomes", "units")] == ["1000", True]
    assert np.isnan(clean.outcomes.loc[0, "units"])


def test_cells_as_a_workbook_reader_gives_them():
    raw = inputs()
    c = raw.customers.astype(object)
    c.loc[0, "signature_date"] = 46032.0  # a date as an Excel serial number: 2026-01-10
    c.loc[1, "signature_date"] = dt.datetime(2026, 2, 1, 0, 0)
    c.loc[2, "customer_id"] = " C "  # stray spaces
    raw.customers = c
    raw.processes.loc[raw.processes.customer_id == "C", "customer_id"] = "C"
    clean, problems = validate(raw)
    assert clean.customers.loc[0, "signature_date"] == T("2026-01-10")
    assert clean.customers.loc[2, "customer_id"] == "C"
    assert problems == []


def test_ids_typed_as_numbers_match_ids_typed_as_text():
    raw = inputs()
    raw.customers["customer_id"] = raw.customers["customer_id"].astype(object)
    raw.customers.loc[0, "customer_id"] = 101.0
    for t in (raw.processes, raw.deployment, raw.outcomes):
        t["customer_id"] = t["customer_id"].replace("A", "101")
    clean, problems = validate(raw)
    assert problems == [] and clean.customers.loc[0, "customer_id"] == "101"


def test_assumptions_are_typed_defaulted_and_checked():
    raw = inputs()
    clean, _ = validate(raw)
    assert (
        clean.assumptions["oce_at_risk_below"] == 1.5 and clean.assumptions["nrr_window"] == "T12M"
    )
    raw.assumptions.update({"nrr_window": "mom", "oce_at_risk_below": 4.0, "fde_rate": 1000})
    raw.assumption_rows = {"oce_at_risk_below": 5, "fde_rate": 9}
    clean, problems = validate(raw)
    assert clean.assumptions["nrr_window"] == "MoM"  # case-insensitive choice
    assert {(p.column, p.row) for p in problems} == {("oce_at_risk_below", 5), ("fde_rate", 9)}


def test_problem_reads_as_a_sentence():
    p = Problem(
        "customers",
        7,
        "acquisition_cost",
        -1.0,
        "Acquisition cost must not be negative",
        "Enter it as a positive amount.",
    )
    assert str(p) == (
        "customers row 7, acquisition_cost: Acquisition cost must not be negative "
        "(got -1). Enter it as a positive amount."
    )
    # values shown as a person would type them
    assert "(got 1,000,000)" in str(Problem("t", 1, "c", np.float64(1e6), "m", "f"))
    assert "(got 2024-01-01)" in str(Problem("t", 1, "c", pd.Timestamp("2024-01-01"), "m", "f"))
    assert "(got '10,000')" in str(Problem("t", 1, "c", "10,000", "m", "f"))
    assert "(got TRUE)" in str(Problem("t", 1, "c", True, "m", "f"))
