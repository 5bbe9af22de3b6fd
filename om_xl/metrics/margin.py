"""Gross Margin per Outcome (GMO): the profit on one unit of work.

Cost of goods per outcome has three parts: token and inference cost, human
oversight and escalation cost, and infrastructure cost.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from om_xl.metrics._inputs import as_float, broadcast, divide, require, require_nonnegative, result

__all__ = ["cost_of_goods", "gmo", "gmo_margin", "gmo_markup", "gmo_projected"]


def _unit_economics(
    price: Any, token_cost: Any, oversight_cost: Any, infra_cost: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Check and broadcast price and the three cost-of-goods parts."""
    arrays = {
        "price": as_float("price", price),
        "token_cost": as_float("token_cost", token_cost),
        "oversight_cost": as_float("oversight_cost", oversight_cost),
        "infra_cost": as_float("infra_cost", infra_cost),
    }
    for name, arr in arrays.items():
        require_nonnegative(name, arr, f"Enter {name} per outcome as a positive amount.")
    p, t, o, i = broadcast(**arrays)
    return p, t, o, i


def cost_of_goods(token_cost: Any, oversight_cost: Any, infra_cost: Any) -> Any:
    """Cost of goods of one outcome.

    Parameters
    ----------
    token_cost, oversight_cost, infra_cost : array_like
        Per-outcome token/inference, human oversight/escalation and infrastructure cost.

    Returns
    -------
    float or numpy.ndarray
        ``COGS = token + oversight + infrastructure``.

    Raises
    ------
    InputError
        A negative cost; sizes that do not match.

    Examples
    --------
    >>> round(cost_of_goods(0.50, 0.70, 0.20), 10)
    1.4
    """
    _, t, o, i = _unit_economics(0.0, token_cost, oversight_cost, infra_cost)
    return result(t + o + i)


def gmo(price: Any, token_cost: Any, oversight_cost: Any, infra_cost: Any) -> Any:
    """Gross Margin per Outcome, in money.

    Parameters
    ----------
    price : array_like
        Outcome price per unit.
    token_cost, oversight_cost, infra_cost : array_like
        Cost of goods per outcome by component.

    Returns
    -------
    float or numpy.ndarray
        ``GMO = price - (token + oversight + infrastructure)``; negative when the
        work costs more than it sells for.

    Raises
    ------
    InputError
        A negative price or cost; sizes that do not match.

    Examples
    --------
    The source's AI support agent: $8 per resolved ticket, $1.40 cost of goods.

    >>> round(gmo(8, 0.50, 0.70, 0.20), 10)
    6.6
    """
    p, t, o, i = _unit_economics(price, token_cost, oversight_cost, infra_cost)
    return result(p - (t + o + i))


def gmo_margin(price: Any, token_cost: Any, oversight_cost: Any, infra_cost: Any) -> Any:
    """Gross margin per outcome as a share of price.

    Parameters
    ----------
    price, token_cost, oversight_cost, infra_cost : array_like
        As for :func:`gmo`.

    Returns
    -------
    float or numpy.ndarray
        ``margin = GMO / price``; at most 1 (100%), negative below cost, ``nan`` at a
        zero price.

    Raises
    ------
    InputError
        A negative price or cost; sizes that do not match.

    Notes
    -----
    **Decision: margin, not markup.** The source's 82.5% is GMO over price. Markup,
    GMO over cost of goods, is :func:`gmo_markup`; never mix the two in one column.

    Examples
    --------
    >>> gmo_margin(8, 0.50, 0.70, 0.20)
    0.825
    """
    p, t, o, i = _unit_economics(price, token_cost, oversight_cost, infra_cost)
    return result(divide(p - (t + o + i), p))


def gmo_markup(price: Any, token_cost: Any, oversight_cost: Any, infra_cost: Any) -> Any:
    """Gross margin per outcome as a multiple of its cost of goods (markup).

    Parameters
    ----------
    price, token_cost, oversight_cost, infra_cost : array_like
        As for :func:`gmo`.

    Returns
    -------
    float or numpy.ndarray
        ``markup = GMO / COGS``; ``nan`` when cost of goods is zero.

    Raises
    ------
    InputError
        A negative price or cost; sizes that do not match.

    Examples
    --------
    $6.60 of margin on $1.40 of cost is a markup of 4.714 (471%), not 82.5%:

    >>> round(gmo_markup(8, 0.50, 0.70, 0.20), 4)
    4.7143
    """
    p, t, o, i = _unit_economics(price, token_cost, oversight_cost, infra_cost)
    cogs = t + o + i
    return result(divide(p - cogs, cogs))


def gmo_projected(
    price: Any,
    token_cost: Any,
    oversight_cost: Any,
    infra_cost: Any,
    years: Any,
    decline_factor: Any = 10.0,
) -> Any:
    """GMO after inference cost has fallen for a number of years.

    Parameters
    ----------
    price, token_cost, oversight_cost, infra_cost : array_like
        Today's unit economics, as for :func:`gmo`.
    years : array_like
        Years ahead (fractions allowed: 0.5 is six months); not negative.
    decline_factor : array_like, default 10.0
        Factor by which token and inference cost falls per year. The source cites
        roughly 10x a year over the past two years. 1 means no change; below 1
        means the cost rises (as it may for frontier-class models).

    Returns
    -------
    float or numpy.ndarray
        ``GMO(t) = price - (token / decline_factor**t + oversight + infrastructure)``.

    Raises
    ------
    InputError
        Negative prices, costs or years; a decline factor not above zero.

    Notes
    -----
    **Decision:** only token and inference cost deflates. Oversight is people and
    infrastructure is contracted capacity; neither follows the inference curve, and
    the price is held, since repricing is a commercial decision the model should not
    assume.

    Examples
    --------
    One year on, the $0.50 token cost of the $8 ticket is $0.05, so GMO is $7.05:

    >>> round(gmo_projected(8, 0.50, 0.70, 0.20, years=1), 10)
    7.05
    """
    p, t, o, i = _unit_economics(price, token_cost, oversight_cost, infra_cost)
    t_years = as_float("years", years)
    factor = as_float("decline_factor", decline_factor)
    require_nonnegative("years", t_years, "Give the projection horizon in years from today.")
    require(
        ~(factor <= 0),
        "decline_factor must be above zero; got {value}{where}. Use 10 for a tenfold yearly "
        "fall, 1 for no change.",
        factor,
    )
    p, t, o, i, t_years, factor = broadcast(
        price=p, token_cost=t, oversight_cost=o, infra_cost=i, years=t_years, decline_factor=factor
    )
    return result(p - (t / factor**t_years + o + i))
