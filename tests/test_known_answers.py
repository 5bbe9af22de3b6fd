"""Every known answer in ``known_answers.CASES`` through the pure functions."""

from collections import Counter

import pytest
from known_answers import CASES, same

import om_xl.metrics as m


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_known_answer(case):
    got = getattr(m, case.metric)(*case.args, **case.kwargs)
    if case.part:
        got = getattr(got, case.part)
    assert same(got, case.expected), f"{case.id} = {got!r}, expected {case.expected!r}"


def test_every_metric_has_known_answers():
    counts = Counter(c.metric for c in CASES)
    functions = {name for name in m.__all__ if callable(getattr(m, name)) and name.islower()} - {
        "excel_serial"
    }
    assert functions <= counts.keys(), functions - counts.keys()


def test_same_can_fail():
    # the comparison these tests rest on must tell numbers, nan, text and shapes apart
    assert not same(3.1, 3.125)
    assert not same(float("nan"), 0.0)
    assert not same("at risk", "neutral")
    assert not same([1.0, 2.0], [1.0])
    assert same(float("nan"), float("nan"))
