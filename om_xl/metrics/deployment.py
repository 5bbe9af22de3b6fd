"""Deployment metrics: Cost of Deployment (COD) and Time to First Outcome (TTFO)."""

from __future__ import annotations

from typing import Any

import numpy as np

from om_xl.errors import InputError
from om_xl.metrics._inputs import as_float, broadcast, require, require_nonnegative, result
from om_xl.metrics.dates import excel_serial

__all__ = ["cod", "ttfo"]


def cod(
    fde_days: Any,
    daily_rate: Any,
    work_dates: Any = None,
    first_outcome_date: Any = None,
    *,
    axis: int | None = None,
) -> Any:
    """Cost of Deployment: forward-deployed engineering spend up to the first outcome.

    Parameters
    ----------
    fde_days : array_like
        FDE days logged, one entry per log line (integration, configuration,
        tuning and evaluation).
    daily_rate : array_like
        FDE daily rate in money; a single rate applies to every line.
    work_dates : array_like of date-like, optional
        Date of each log line. With `first_outcome_date`, only lines dated on or
        before the first outcome count.
    first_outcome_date : date-like, optional
        The first outcome's date. Blank (``None``/``NaT``) means none yet: every
        line counts, because the customer is still being deployed.
    axis : int, optional
        Sum along this axis only (one COD per row or column); default sums all.

    Returns
    -------
    float or numpy.ndarray
        ``COD = sum(FDE_days x FDE_daily_rate)`` over the counted lines.

    Raises
    ------
    InputError
        Negative days or rates; sizes that do not match; a first outcome date
        without work dates.

    Notes
    -----
    The source defines ``COD = FDE_days x FDE_daily_rate`` for the work from contract
    signature to the first measurable unit of AI work. **Decision:** FDE work dated
    after the first outcome is *not* COD; it is post-launch deployment cost, which the
    portfolio keeps apart (it still weighs on the customer's J-curve). Work on the
    first outcome's own date counts as COD. Blanks are missing data and make the
    total ``nan``: a blank day count or rate on a counted line, or a blank work date
    once the first outcome is known (the line cannot be placed before or after it).

    Examples
    --------
    The source's framing: 40 FDE days at $1,200 a day.

    >>> cod(40, 1200)
    48000.0

    A log of three lines; the last is after the first outcome on serial 46050:

    >>> cod([10, 5, 3], 1000, work_dates=[46030, 46040, 46060], first_outcome_date=46050)
    15000.0
    """
    days = as_float("fde_days", fde_days)
    rate = as_float("daily_rate", daily_rate)
    require_nonnegative("fde_days", days, "Log the FDE days worked as a positive number.")
    require_nonnegative("daily_rate", rate, "Enter the FDE daily rate as a positive amount.")
    days, rate = broadcast(fde_days=days, daily_rate=rate)
    cost = days * rate
    if work_dates is None and first_outcome_date is not None:
        raise InputError(
            "first_outcome_date needs work_dates: give the date of each FDE log line so "
            "the work after the first outcome can be left out."
        )
    if work_dates is not None:
        dates = np.floor(excel_serial(work_dates, "work_dates"))
        first = np.floor(excel_serial(first_outcome_date, "first_outcome_date"))
        cost, dates = broadcast(fde_days=cost, work_dates=dates)
        after = dates > first  # false for a blank first outcome: still deploying
        unplaced = np.isnan(dates) & ~np.isnan(first)
        cost = np.where(unplaced, np.nan, np.where(after, 0.0, cost))
    return result(np.sum(cost, axis=axis))


def ttfo(signature_date: Any, first_outcome_date: Any) -> Any:
    """Time to First Outcome, in days from contract signature.

    Parameters
    ----------
    signature_date : date-like or array_like
        Contract signature date(s): dates, datetimes, ``datetime64`` or Excel serials.
    first_outcome_date : date-like or array_like
        Date the first AI work unit was delivered in production; blank if none yet.

    Returns
    -------
    float or numpy.ndarray
        ``TTFO = first_outcome_date - signature_date`` in whole calendar days;
        ``nan`` where there is no first outcome yet (or no signature date).

    Raises
    ------
    InputError
        A first outcome dated before the signature; text instead of dates; sizes
        that do not match.

    Notes
    -----
    **Decision:** both dates are taken as calendar days (any time of day is dropped),
    so a first outcome on the signing day is 0 days. The source's benchmark is under
    14 days for the best-performing deployments.

    Examples
    --------
    >>> import datetime as dt
    >>> ttfo(dt.date(2026, 1, 5), dt.date(2026, 1, 16))
    11.0
    >>> ttfo([46027, 46027], [46038, None]).tolist()
    [11.0, nan]
    """
    start = np.floor(excel_serial(signature_date, "signature_date"))
    first = np.floor(excel_serial(first_outcome_date, "first_outcome_date"))
    start, first = broadcast(signature_date=start, first_outcome_date=first)
    days = first - start
    require(
        ~(days < 0),
        "first_outcome_date is {value} days before signature_date{where}; a first outcome "
        "cannot precede the contract: check both dates.",
        -days,
    )
    return result(days)
