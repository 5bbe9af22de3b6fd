"""The customer's stage on the value-creation journey."""

from __future__ import annotations

from typing import Any

import numpy as np

from om_xl.metrics._inputs import as_scalar, broadcast, require, result
from om_xl.metrics.dates import excel_serial

__all__ = [
    "CHURNED",
    "DEPLOYING",
    "DEPLOYMENT_PAYBACK",
    "FIRST_OUTCOME",
    "MARGIN_INFLECTION",
    "OUTCOME_VELOCITY",
    "STAGES",
    "stage",
]

DEPLOYING = "Deploying"
FIRST_OUTCOME = "First Outcome"
OUTCOME_VELOCITY = "Outcome Velocity"
DEPLOYMENT_PAYBACK = "Deployment Payback"
MARGIN_INFLECTION = "Margin Inflection"
CHURNED = "Churned"
#: The stages in the order a customer moves through them.
STAGES = (DEPLOYING, FIRST_OUTCOME, OUTCOME_VELOCITY, DEPLOYMENT_PAYBACK, MARGIN_INFLECTION)


def stage(
    signature_date: Any,
    first_outcome_date: Any,
    payback_date: Any,
    as_of: Any,
    churn_date: Any = None,
    milestone_days: float = 30,
) -> Any:
    """Stage of a customer as of a date.

    Parameters
    ----------
    signature_date : date-like or array_like
        Contract signature.
    first_outcome_date : date-like or array_like
        First AI work unit in production; blank if none yet.
    payback_date : date-like or array_like
        Deployment Payback: when cumulative outcome gross profit first covered
        acquisition and deployment cost; blank if not yet.
    as_of : date-like or array_like
        The date to classify.
    churn_date : date-like or array_like, optional
        The date the customer left; blank if still a customer.
    milestone_days : float, default 30
        How long the two milestone stages last; see Notes.

    Returns
    -------
    str or numpy.ndarray of str
        One of ``STAGES`` or ``"Churned"``; ``""`` (empty text) before signature, or
        where the signature or `as_of` date is blank.

    Raises
    ------
    InputError
        Dates out of order (first outcome before signature, payback before the first
        outcome or without one, churn before signature); a negative `milestone_days`.

    Notes
    -----
    The source names four stages after signature; a signed customer with no outcome
    yet is **Deploying**. First Outcome and Deployment Payback are moments, so
    **decision:** each names the stage for `milestone_days` from that moment, after
    which the customer is in Outcome Velocity or Margin Inflection respectively:

    ====================  ===================================================
    Deploying             signed, no first outcome by `as_of`
    First Outcome         first outcome <= as_of < first outcome + milestone
    Outcome Velocity      later, and payback not reached
    Deployment Payback    payback <= as_of < payback + milestone
    Margin Inflection     later
    Churned               as_of on or after the churn date
    ====================  ===================================================

    Rows higher in the table give way to lower ones: a payback inside the First
    Outcome window makes the stage Deployment Payback, and churn overrides all.

    Examples
    --------
    Signed on serial 46000, first outcome 10 days later, payback on 46200:

    >>> stage(46000, 46010, 46200, as_of=[46005, 46020, 46100, 46210, 46400]).tolist()
    ['Deploying', 'First Outcome', 'Outcome Velocity', 'Deployment Payback', 'Margin Inflection']
    >>> stage(46000, 46010, None, as_of=46100, churn_date=46090)
    'Churned'
    """
    sig = np.floor(excel_serial(signature_date, "signature_date"))
    first = np.floor(excel_serial(first_outcome_date, "first_outcome_date"))
    payback = np.floor(excel_serial(payback_date, "payback_date"))
    when = np.floor(excel_serial(as_of, "as_of"))
    churn = np.floor(excel_serial(churn_date, "churn_date"))
    window = as_scalar("milestone_days", milestone_days)
    require(np.asarray(window >= 0), "milestone_days must not be negative; got {value}.", window)
    sig, first, payback, when, churn = broadcast(
        signature_date=sig,
        first_outcome_date=first,
        payback_date=payback,
        as_of=when,
        churn_date=churn,
    )
    require(
        ~(first < sig),
        "first_outcome_date is {value} days before signature_date{where}; check both dates.",
        sig - first,
    )
    require(
        ~(np.isnan(first) & ~np.isnan(payback)),
        "payback_date is given{where} but first_outcome_date is blank; payback needs outcomes "
        "first: fill in the first outcome date or clear the payback date.",
    )
    require(
        ~(payback < first),
        "payback_date is {value} days before first_outcome_date{where}; payback is earned "
        "from outcomes, so it cannot come first: check both dates.",
        first - payback,
    )
    require(
        ~(churn < sig),
        "churn_date is {value} days before signature_date{where}; check both dates.",
        sig - churn,
    )
    labels = np.select(
        [
            ~(when >= sig),
            when >= churn,
            ~(when >= first),
            when >= payback + window,
            when >= payback,
            when < first + window,
        ],
        ["", CHURNED, DEPLOYING, MARGIN_INFLECTION, DEPLOYMENT_PAYBACK, FIRST_OUTCOME],
        OUTCOME_VELOCITY,
    )
    return result(labels)
