"""Two-sided payback: how long the vendor and the customer each take to recover.

The ratio forms are the source's; :func:`payback_months` reads the same question off
a real monthly series.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from om_xl.errors import InputError
from om_xl.metrics._inputs import as_float, broadcast, divide, require_nonnegative, result

__all__ = [
    "BOTH",
    "CUSTOMER",
    "VENDOR",
    "binding_payback",
    "customer_payback",
    "net_labor_savings",
    "payback_months",
    "vendor_payback",
]

#: Labels for the binding side of two-sided payback.
VENDOR, CUSTOMER, BOTH = "vendor", "customer", "both"


def vendor_payback(acquisition_cost: Any, deployment_cost: Any, monthly_gross_profit: Any) -> Any:
    """Vendor payback in months, run-rate form.

    Parameters
    ----------
    acquisition_cost : array_like
        Cost of winning the customer (sales and marketing), in money.
    deployment_cost : array_like
        Cost of deploying the system for them (COD, plus any later FDE work you
        choose to include), in money.
    monthly_gross_profit : array_like
        Outcome gross profit per month: units x GMO.

    Returns
    -------
    float or numpy.ndarray
        ``months = (acquisition + deployment) / monthly_gross_profit``; ``nan`` where the
        monthly gross profit is zero or negative (at that rate it never pays back).

    Raises
    ------
    InputError
        Negative costs; sizes that do not match.

    Examples
    --------
    $30,000 to win and $48,000 to deploy, recovered at $6,500 gross profit a month:

    >>> vendor_payback(30_000, 48_000, 6_500)
    12.0
    >>> vendor_payback(30_000, 48_000, 0)
    nan
    """
    acq = as_float("acquisition_cost", acquisition_cost)
    dep = as_float("deployment_cost", deployment_cost)
    profit = as_float("monthly_gross_profit", monthly_gross_profit)
    require_nonnegative("acquisition_cost", acq, "Enter the cost to acquire as a positive amount.")
    require_nonnegative("deployment_cost", dep, "Enter the deployment cost as a positive amount.")
    acq, dep, profit = broadcast(
        acquisition_cost=acq, deployment_cost=dep, monthly_gross_profit=profit
    )
    return result(divide(acq + dep, profit, positive=True))


def net_labor_savings(human_cost_per_unit: Any, price_per_unit: Any, units: Any) -> Any:
    """The customer's net labor savings over a period.

    Parameters
    ----------
    human_cost_per_unit : array_like
        Fully-loaded human cost of one unit of work.
    price_per_unit : array_like
        Price paid per AI-completed unit.
    units : array_like
        Units the AI completed in the period (a month for monthly savings).

    Returns
    -------
    float or numpy.ndarray
        ``savings = (human_cost_per_unit - price_per_unit) x units``; negative when the
        AI costs the customer more than people would.

    Raises
    ------
    InputError
        Negative costs, prices or units; sizes that do not match.

    Examples
    --------
    2,000 tickets a month at $25 human cost and an $8 price save $34,000 a month:

    >>> net_labor_savings(25, 8, 2_000)
    34000.0
    """
    cost = as_float("human_cost_per_unit", human_cost_per_unit)
    price = as_float("price_per_unit", price_per_unit)
    n = as_float("units", units)
    require_nonnegative("human_cost_per_unit", cost, "Enter the human cost as a positive amount.")
    require_nonnegative("price_per_unit", price, "Enter the price as a positive amount.")
    require_nonnegative("units", n, "Enter the units delivered as a positive number.")
    cost, price, n = broadcast(human_cost_per_unit=cost, price_per_unit=price, units=n)
    return result((cost - price) * n)


def customer_payback(customer_investment: Any, net_monthly_savings: Any) -> Any:
    """Customer payback in months, run-rate form.

    Parameters
    ----------
    customer_investment : array_like
        What the customer spends on its own side of the deployment (staff time,
        integration work, fees), in money.
    net_monthly_savings : array_like
        Net labor savings per month; see :func:`net_labor_savings`.

    Returns
    -------
    float or numpy.ndarray
        ``months = customer_investment / net_monthly_savings``; 0 when the vendor
        absorbs the whole deployment; ``nan`` when savings are zero or negative.

    Raises
    ------
    InputError
        A negative investment; sizes that do not match.

    Examples
    --------
    >>> customer_payback(68_000, 34_000)
    2.0
    >>> customer_payback(0, 34_000)
    0.0
    """
    inv = as_float("customer_investment", customer_investment)
    savings = as_float("net_monthly_savings", net_monthly_savings)
    require_nonnegative(
        "customer_investment", inv, "Enter the customer's own investment as a positive amount."
    )
    inv, savings = broadcast(customer_investment=inv, net_monthly_savings=savings)
    return result(divide(inv, savings, positive=True))


def binding_payback(vendor_months: Any, customer_months: Any) -> tuple[Any, Any]:
    """The binding side of two-sided payback: the slower of the two.

    Parameters
    ----------
    vendor_months : array_like
        Vendor payback in months (``nan`` = never at the current rate).
    customer_months : array_like
        Customer payback in months (``nan`` = never at the current rate).

    Returns
    -------
    months : float or numpy.ndarray
        ``max(vendor_months, customer_months)``; ``nan`` if either side never pays back.
    side : str or numpy.ndarray of str
        ``"vendor"`` or ``"customer"``: the slower side; ``"both"`` on a tie or when
        neither side pays back.

    Raises
    ------
    InputError
        Negative months; sizes that do not match.

    Notes
    -----
    The source treats the slower side as the binding constraint on expansion: the
    flywheel fires only when both are short. A side that never pays back (``nan``) is
    the slowest of all.

    Examples
    --------
    >>> binding_payback(12.0, 2.0)
    (12.0, 'vendor')
    >>> binding_payback(6.0, float("nan"))
    (nan, 'customer')
    """
    v = as_float("vendor_months", vendor_months)
    c = as_float("customer_months", customer_months)
    require_nonnegative("vendor_months", v, "Payback is a count of months.")
    require_nonnegative("customer_months", c, "Payback is a count of months.")
    v, c = broadcast(vendor_months=v, customer_months=c)
    v_never, c_never = np.isnan(v), np.isnan(c)
    side = np.select(
        [v_never & c_never, v_never, c_never, v > c, c > v],
        [BOTH, VENDOR, CUSTOMER, VENDOR, CUSTOMER],
        BOTH,
    )
    months = np.where(v_never | c_never, np.nan, np.maximum(v, c))
    return result(months), result(side)


def payback_months(upfront_cost: Any, monthly_profits: Any, *, sustained: bool = False) -> Any:
    """Payback on a real monthly series: when cumulative profit first covers the cost.

    Parameters
    ----------
    upfront_cost : array_like
        Cost to recover, in money: a scalar, or one per series.
    monthly_profits : array_like
        Profit per month, month 1 first, along the last axis (a 2-D array is one
        series per row). Months may be negative (a J-curve's deployment months).
    sustained : bool, default False
        If True, return the crossing after which cumulative profit never falls back
        below the cost again within the series (``nan`` if it ends below).

    Returns
    -------
    float or numpy.ndarray
        Months from the start of the series, interpolated inside the crossing month;
        ``nan`` when the cost is never covered within the series.

    Raises
    ------
    InputError
        A negative cost; a blank (``nan``) month; a scalar instead of a series;
        costs that do not match the number of series.

    Notes
    -----
    With ``C_k`` the cumulative profit at the end of month ``k`` (``k = 1..n``,
    ``C_0 = 0``) and ``U`` the upfront cost, the crossing month is the first ``k`` with
    ``C_k >= U`` and payback is ``(k - 1) + (U - C_{k-1}) / (C_k - C_{k-1})``, assuming
    profit accrues evenly within the month. Nothing to recover (``U = 0``) with a
    non-negative first month is 0 months.

    **Decision: a curve that crosses and then falls back below** (a month of heavy
    post-launch FDE work, a contraction) keeps its *first* crossing by default: that is
    when the cost was first recovered, and it does not move when later months are
    added. ``sustained=True`` gives the last crossing instead, which the portfolio
    reports beside it so a relapse is visible rather than averaged away.

    Examples
    --------
    A $100 cost recovered at $50 a month is paid back after exactly 2 months;
    at $40 a month, halfway through month 3:

    >>> payback_months(100, [50, 50, 50])
    2.0
    >>> payback_months(100, [40, 40, 40])
    2.5

    Crossing in month 2, falling back in month 3, crossing for good in month 4:

    >>> round(payback_months(100, [60, 60, -40, 60]), 4)
    1.6667
    >>> round(payback_months(100, [60, 60, -40, 60], sustained=True), 4)
    3.3333
    """
    profits = as_float("monthly_profits", monthly_profits)
    upfront = as_float("upfront_cost", upfront_cost)
    if profits.ndim == 0 or profits.shape[-1] == 0:
        raise InputError(
            "monthly_profits must be a series of months (a row or column), not a single value."
        )

    require_nonnegative("upfront_cost", upfront, "Enter the cost to recover as a positive amount.")
    try:
        upfront = np.broadcast_to(upfront, profits.shape[:-1])
    except ValueError:
        raise InputError(
            f"upfront_cost has shape {upfront.shape} but there are {profits.shape[:-1]} series; "
            "give one cost, or one per series."
        ) from None
    n = profits.shape[-1]
    cum = np.cumsum(profits, axis=-1)
    if np.isnan(cum[..., -1]).any():  # a blank month carries through the running total
        raise InputError("monthly_profits has a blank month; enter 0 for a month with no profit.")
    target = upfront[..., None]
    if sustained:
        below = cum < target
        last_below = n - 1 - np.argmax(below[..., ::-1], axis=-1)
        k = np.where(below.any(axis=-1), last_below + 1, 0)
        found = k < n
        k = np.minimum(k, n - 1)
    else:
        reached = cum >= target
        k = np.argmax(reached, axis=-1)
        found = reached.any(axis=-1)
    c_k = np.take_along_axis(cum, k[..., None], axis=-1)[..., 0]
    c_prev = c_k - np.take_along_axis(profits, k[..., None], axis=-1)[..., 0]
    step = c_k - c_prev
    frac = divide(upfront - c_prev, step, positive=True)
    frac = np.clip(np.nan_to_num(frac, nan=0.0), 0.0, 1.0)
    return result(np.where(found, k + frac, np.nan))
