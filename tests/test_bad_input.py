"""The two tiers of bad input: no answer gives nan, invalid input raises InputError."""

import datetime as dt
import math

import numpy as np
import pytest

import om_xl.metrics as m
from om_xl import InputError

# (call, args, kwargs, words the message must contain)
INVALID = [
    (m.cod, (-1, 1000), {}, "fde_days must not be negative"),
    (m.cod, (10, -1000), {}, "daily_rate must not be negative"),
    (m.cod, ([1, 2], [1, 2, 3]), {}, "sizes of the arguments do not match"),
    (m.cod, (10, 1000, None, 46050), {}, "first_outcome_date needs work_dates"),
    (m.cod, ("ten", 1000), {}, "must be a number"),
    (m.ttfo, (dt.date(2026, 2, 1), dt.date(2026, 1, 20)), {}, "12 days before signature_date"),
    (m.ttfo, ("2026-01-05", dt.date(2026, 1, 20)), {}, "not as text"),
    (m.ttfo, (True, 46000), {}, "logical value"),
    (m.ttfo, (-5, 46000), {}, "negative serial"),
    (m.oce, (25, -8), {}, "price_per_unit must not be negative"),
    (m.oce, (-25, 8), {}, "human_cost_per_unit must not be negative"),
    (m.oce, ([25, 30], [8, 9, 10]), {}, "do not match"),
    (m.oce, (True, 8), {}, "Replace text, dates and TRUE/FALSE"),
    (m.oce, (np.datetime64("2026-01-01"), 8), {}, "must be a number"),
    (m.oce, (["25", "30"], 8), {}, "must be a number"),
    (m.oce_band, (2.0, 3.0, 1.5), {}, "swap the two thresholds"),
    (m.oce_band, (2.0, [1.0, 1.5]), {}, "at_risk_below must be a single number"),
    (m.oce_band, (-1.0,), {}, "oce must not be negative"),
    (m.load_factor, (0.25,), {"method": "compound"}, "'additive' or 'multiplicative'"),
    (m.load_factor, (-0.25,), {}, "benefits must not be negative"),
    (m.fully_loaded_cost, (-55_000,), {}, "base_salary must not be negative"),
    (m.labor_cost_per_unit, (90_000, -10), {}, "units must not be negative"),
    (m.gmo, (-8, 0.5, 0.7, 0.2), {}, "price must not be negative"),
    (m.gmo_margin, (8, 0.5, -0.7, 0.2), {}, "oversight_cost must not be negative"),
    (m.gmo_projected, (8, 0.5, 0.7, 0.2, 1, 0), {}, "decline_factor must be above zero"),
    (m.gmo_projected, (8, 0.5, 0.7, 0.2, -1), {}, "years must not be negative"),
    (m.vendor_payback, (-1, 0, 100), {}, "acquisition_cost must not be negative"),
    (m.customer_payback, (-1, 100), {}, "customer_investment must not be negative"),
    (m.net_labor_savings, (25, 8, -1), {}, "units must not be negative"),
    (m.binding_payback, (-1, 2), {}, "vendor_months must not be negative"),
    (m.payback_months, (100, 50), {}, "series of months"),
    (m.payback_months, (100, [50, math.nan, 50]), {}, "blank month"),
    (m.payback_months, (-100, [50]), {}, "upfront_cost must not be negative"),
    (m.payback_months, ([1, 2, 3], [[5, 5], [5, 5]]), {}, "one cost, or one per series"),
    (m.ppr, (-1, 3), {}, "active_processes must not be negative"),
    (m.nrr, (100, 0, 80, 30), {}, "exceed beginning revenue by 10"),
    (m.nrr, (100, -5, 0, 0), {}, "expansion must not be negative"),
    (m.grr, (100, 120, 0), {}, "exceed beginning revenue"),
    (m.nrr_decompose, ([100, 50], [100, 50], ["a"]), {}, "one label per row"),
    (m.nrr_decompose, ([100, -50], [100, 50]), {}, "start_revenue must not be negative"),
    (m.nrr_decompose, ([100, 50], [100, 50], None, [True, False]), {}, "marked not live"),
    (m.nrr_decompose, ([100, 50], [100, 50], None, [True, True, True]), {}, "do not match"),
    (m.nrr_decompose, ([100, None], [100, 50]), {}, "revenue is blank at position 1"),
    (m.stage, (46000, 45990, None, 46100), {}, "10 days before signature_date"),
    (m.stage, (46000, 46010, 46005, 46100), {}, "payback_date is 5 days before"),
    (m.stage, (46000, None, 46100, 46200), {}, "first_outcome_date is blank"),
    (m.stage, (46000, None, None, 46200, 45000), {}, "churn_date is 1000 days before"),
    (m.stage, (46000, None, None, 46200, None, -1), {}, "milestone_days must not be negative"),
    (m.stage, (46000, None, None, 46200, None, [30, 60]), {}, "must be a single number"),
    (m.v2c, (25, 8, [-1, 2]), {}, "units must not be negative"),
    (m.token_adoption, (100, 10, -1, 3), {}, "months_elapsed must not be negative"),
]


@pytest.mark.parametrize(
    ("call", "args", "kwargs", "words"),
    INVALID,
    ids=[f"{c.__name__}-{i}" for i, (c, *_) in enumerate(INVALID)],
)
def test_invalid_input_raises_with_the_fix(call, args, kwargs, words):
    with pytest.raises(InputError) as info:
        call(*args, **kwargs)
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


def test_message_names_the_position_in_an_array():
    with pytest.raises(InputError, match="got -8 at position 2"):
        m.oce([25, 25, 25], [8, 8, -8])
    with pytest.raises(InputError, match="at position 1,0"):
        m.oce([[25], [25]], [[8], [-8]])


# (call, args, kwargs): valid input without an answer
NO_ANSWER = [
    (m.oce, (25, 0), {}),
    (m.labor_cost_per_unit, (25, 0), {}),
    (m.gmo_margin, (0, 0, 0, 0), {}),
    (m.gmo_markup, (8, 0, 0, 0), {}),
    (m.vendor_payback, (100, 100, 0), {}),
    (m.vendor_payback, (100, 100, -5), {}),
    (m.customer_payback, (100, 0), {}),
    (m.payback_months, (100, [1, 1, 1]), {}),
    (m.ppr, (0, 0), {}),
    (m.nrr, (0, 0, 0, 0), {}),
    (m.grr, (0, 0, 0), {}),
    (m.ttfo, (46000, None), {}),
    (m.ttfo, (46000, np.datetime64("NaT")), {}),
    # blanks are missing data: a blank day count, or a log line that cannot be placed
    # before or after a known first outcome
    (m.cod, ([10, None], 1000), {}),
    (m.cod, ([10, 5], 1000, [46030, None], 46050), {}),
]


@pytest.mark.parametrize(("call", "args", "kwargs"), NO_ANSWER, ids=lambda v: str(v))
def test_no_answer_is_nan_not_an_error(call, args, kwargs):
    assert math.isnan(call(*args, **kwargs))


def test_no_answer_inside_an_array_leaves_the_rest():
    assert m.oce([25, 25], [8, 0]).tolist()[0] == 3.125
    assert np.isnan(m.oce([25, 25], [8, 0])[1])


def test_no_numpy_warnings_on_no_answer():
    # pyproject turns warnings into errors; division by zero must not warn
    with np.errstate(all="raise"):
        assert math.isnan(m.oce(25, 0))
        assert math.isnan(m.token_adoption(0, 0, 0, 0).burn_rate)
