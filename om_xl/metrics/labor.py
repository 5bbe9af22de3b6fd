"""Labor cost and Outcome Cost Efficiency (OCE).

What a unit of work costs when people do it, and how that compares with the price
the customer pays the AI for the same unit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from om_xl.errors import InputError
from om_xl.metrics._inputs import (
    as_float,
    as_scalar,
    broadcast,
    divide,
    require_nonnegative,
    result,
)

__all__ = [
    "AT_RISK",
    "LOAD_NAMES",
    "NEUTRAL",
    "STICKY",
    "fully_loaded_cost",
    "labor_cost_per_unit",
    "load_factor",
    "oce",
    "oce_band",
]

#: The named loads on a base salary, in the order the Excel function takes them.
LOAD_NAMES = ("benefits", "overhead", "management", "real_estate", "tools", "training", "turnover")

#: OCE band labels.
AT_RISK, NEUTRAL, STICKY = "at risk", "neutral", "sticky"


def load_factor(
    benefits: Any = 0.0,
    overhead: Any = 0.0,
    management: Any = 0.0,
    real_estate: Any = 0.0,
    tools: Any = 0.0,
    training: Any = 0.0,
    turnover: Any = 0.0,
    *,
    method: str = "additive",
) -> Any:
    """Multiplier that turns a base salary into a fully-loaded cost.

    Parameters
    ----------
    benefits, overhead, management, real_estate, tools, training, turnover : array_like
        Each load as a fraction of base salary (0.25 for 25%): benefits and payroll
        taxes; general overhead; management time; real estate; tools and software;
        training; turnover (recruiting and ramp-up of replacements).
    method : {"additive", "multiplicative"}
        How the loads combine; see Notes.

    Returns
    -------
    float or numpy.ndarray
        Additive: ``1 + sum(loads)``. Multiplicative: ``prod(1 + load)``.

    Raises
    ------
    InputError
        A negative load, or an unknown `method`.

    Notes
    -----
    **Decision: additive is the default**, because each load is normally quoted as a
    share of *base* salary (benefits at 25% of base, real estate at 10% of base), so the
    shares add. Multiplicative is for loads quoted on top of each other (overhead
    charged on salary *plus* benefits); it gives a larger factor for the same numbers.
    The source's example, a $55K agent costing about $90K, is a factor near 1.64.

    Examples
    --------
    >>> round(load_factor(benefits=0.25, overhead=0.10, management=0.12, real_estate=0.07,
    ...                   tools=0.03, training=0.02, turnover=0.05), 4)
    1.64
    >>> round(load_factor(benefits=0.25, overhead=0.10, method="multiplicative"), 4)
    1.375
    """
    loads = {
        name: as_float(name, value)
        for name, value in zip(
            LOAD_NAMES,
            (benefits, overhead, management, real_estate, tools, training, turnover),
            strict=True,
        )
    }
    for name, arr in loads.items():
        require_nonnegative(name, arr, "Enter each load as a positive fraction of base salary.")
    arrays = broadcast(**loads)
    if method == "additive":
        return result(1.0 + sum(arrays))
    if method == "multiplicative":
        return result(np.prod([1.0 + a for a in arrays], axis=0))
    raise InputError(f"method must be 'additive' or 'multiplicative', not {method!r}.")


def fully_loaded_cost(
    base_salary: Any,
    benefits: Any = 0.0,
    overhead: Any = 0.0,
    management: Any = 0.0,
    real_estate: Any = 0.0,
    tools: Any = 0.0,
    training: Any = 0.0,
    turnover: Any = 0.0,
    *,
    method: str = "additive",
) -> Any:
    """Fully-loaded annual cost of one person doing the work by hand.

    Parameters
    ----------
    base_salary : array_like
        Annual base salary in money.
    benefits, overhead, management, real_estate, tools, training, turnover : array_like
        Loads as fractions of base salary; see :func:`load_factor`.
    method : {"additive", "multiplicative"}
        How the loads combine; additive by default.

    Returns
    -------
    float or numpy.ndarray
        ``fully_loaded = base_salary x load_factor``.

    Raises
    ------
    InputError
        A negative salary or load; an unknown `method`.

    Notes
    -----
    The source recommends OCE on fully-loaded cost, not base salary: "a $55K support
    agent costs closer to $90K". With the loads in the example (they add to 0.64)
    the factor is 1.64 and the cost $90,200.

    Examples
    --------
    >>> fully_loaded_cost(55_000, benefits=0.25, overhead=0.10, management=0.12,
    ...                   real_estate=0.07, tools=0.03, training=0.02, turnover=0.05)
    90200.0
    """
    salary = as_float("base_salary", base_salary)
    require_nonnegative("base_salary", salary, "Enter the annual base salary as a positive amount.")
    factor = load_factor(
        benefits, overhead, management, real_estate, tools, training, turnover, method=method
    )
    salary, factor = broadcast(base_salary=salary, loads=np.asarray(factor))
    return result(salary * factor)


def labor_cost_per_unit(cost: Any, units: Any) -> Any:
    """Human labor cost of one unit of work.

    Parameters
    ----------
    cost : array_like
        Labor cost over a period: a fully-loaded annual cost, or an hourly cost.
    units : array_like
        Units of work one person completes over the *same* period (per year with an
        annual cost, per hour with an hourly cost).

    Returns
    -------
    float or numpy.ndarray
        ``cost_per_unit = cost / units``; ``nan`` where `units` is zero.

    Raises
    ------
    InputError
        Negative cost or units; sizes that do not match.

    Examples
    --------
    A $90,000 fully-loaded agent resolving 3,600 tickets a year costs $25 a ticket,
    the human cost in the source's OCE example:

    >>> labor_cost_per_unit(90_000, 3_600)
    25.0

    An hourly cost of $45 at 1.8 tickets an hour:

    >>> labor_cost_per_unit(45, 1.8)
    25.0
    """
    c = as_float("cost", cost)
    u = as_float("units", units)
    require_nonnegative("cost", c, "Enter the labor cost as a positive amount.")
    require_nonnegative("units", u, "Enter the units of work per period as a positive number.")
    c, u = broadcast(cost=c, units=u)
    return result(divide(c, u))


def oce(human_cost_per_unit: Any, price_per_unit: Any) -> Any:
    """Outcome Cost Efficiency: labor value the customer gets per unit of price.

    Parameters
    ----------
    human_cost_per_unit : array_like
        Fully-loaded human labor cost of one unit of work, in money.
    price_per_unit : array_like
        Price the customer pays per AI-completed unit, in the same money.

    Returns
    -------
    float or numpy.ndarray
        ``OCE = human_labor_cost_per_unit / outcome_price_per_unit`` (a multiple, "x");
        ``nan`` where the price is zero (no answer: the work is free).

    Raises
    ------
    InputError
        A negative cost or price; sizes that do not match.

    Notes
    -----
    Use fully-loaded labor cost (see :func:`fully_loaded_cost`); base salary
    understates OCE. Bands: see :func:`oce_band`.

    Examples
    --------
    The source: $25 human cost per ticket against an $8 price is 3.125x (it rounds to 3.1x).

    >>> oce(25, 8)
    3.125
    >>> oce([25, 30], [8, 0]).tolist()
    [3.125, nan]
    """
    cost = as_float("human_cost_per_unit", human_cost_per_unit)
    price = as_float("price_per_unit", price_per_unit)
    require_nonnegative(
        "human_cost_per_unit", cost, "Enter the human cost of one unit as a positive amount."
    )
    require_nonnegative(
        "price_per_unit", price, "Enter the price per outcome as a positive amount."
    )
    cost, price = broadcast(human_cost_per_unit=cost, price_per_unit=price)
    return result(divide(cost, price))


def oce_band(value: Any, at_risk_below: float = 1.5, sticky_from: float = 3.0) -> Any:
    """Classify OCE as ``"at risk"``, ``"neutral"`` or ``"sticky"``.

    Parameters
    ----------
    value : array_like
        OCE multiples, as returned by :func:`oce`.
    at_risk_below : float, default 1.5
        OCE strictly below this is "at risk".
    sticky_from : float, default 3.0
        OCE at or above this is "sticky".

    Returns
    -------
    str or numpy.ndarray of str
        The band; ``""`` (empty text) where OCE is ``nan``.

    Raises
    ------
    InputError
        A negative OCE; thresholds that are not single numbers, or where
        `at_risk_below` exceeds `sticky_from`.

    Notes
    -----
    The thresholds are the source's hypotheses, not laws: below 1.5x a customer may
    not be saving enough to justify the relationship; above 3x a customer who meets
    friction is likely to stay anyway. Both are arguments so a team can test its own.

    Examples
    --------
    >>> oce_band(3.125)
    'sticky'
    >>> oce_band([1.2, 1.5, 2.99, 3.0, float("nan")]).tolist()
    ['at risk', 'neutral', 'neutral', 'sticky', '']
    """
    x = as_float("oce", value)
    low = as_scalar("at_risk_below", at_risk_below)
    high = as_scalar("sticky_from", sticky_from)
    require_nonnegative("oce", x, "OCE is a cost ratio and cannot be negative.")
    if not low <= high:
        raise InputError(
            f"at_risk_below ({low:g}) must not exceed sticky_from ({high:g}); "
            "swap the two thresholds."
        )
    band = np.select([np.isnan(x), x < low, x >= high], ["", AT_RISK, STICKY], NEUTRAL)
    return result(band)
