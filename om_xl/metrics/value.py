"""Value to the customer (V2C) and adoption of prepaid AI tokens.

Both come from readers of the source: V2C tracks the labor value delivered over
time; token adoption is the retention signal when customers prepay for capacity.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from om_xl.metrics._inputs import as_float, broadcast, divide, require_nonnegative, result
from om_xl.metrics.payback import net_labor_savings

__all__ = ["V2C", "TokenAdoption", "token_adoption", "v2c"]


class V2C(NamedTuple):
    """Value delivered to a customer, per period and cumulative."""

    #: Labor value of the work delivered: ``human_cost_per_unit x units``.
    labor_value: Any
    #: What the customer saved net of the price: ``(human_cost - price) x units``.
    net_savings: Any
    #: Running total of `labor_value` along the last axis.
    cumulative_labor_value: Any
    #: Running total of `net_savings` along the last axis.
    cumulative_net_savings: Any


def v2c(human_cost_per_unit: Any, price_per_unit: Any, units: Any) -> V2C:
    """Value to Customer: labor value delivered and net savings, over time.

    Parameters
    ----------
    human_cost_per_unit : array_like
        Fully-loaded human cost of one unit of work (the value model).
    price_per_unit : array_like
        Price per AI-completed unit.
    units : array_like
        Units delivered per period, periods along the last axis.

    Returns
    -------
    V2C
        ``labor_value = human_cost x units``; ``net_savings = (human_cost - price) x
        units``; and both accumulated along the last axis.

    Raises
    ------
    InputError
        Negative costs, prices or units; sizes that do not match.

    Notes
    -----
    **Decision:** the value model is the labor the customer no longer pays for, at the
    same fully-loaded cost per unit that OCE uses, so V2C, OCE and customer payback
    agree. Latent demand (work nobody staffed before) is valued the same way, which
    overstates value where the customer would never have done that work at all.

    Examples
    --------
    Three months of 1,000, 1,500 and 2,000 tickets at $25 human cost and $8 price:

    >>> v = v2c(25, 8, [1000, 1500, 2000])
    >>> v.cumulative_labor_value.tolist(), v.cumulative_net_savings.tolist()
    ([25000.0, 62500.0, 112500.0], [17000.0, 42500.0, 76500.0])
    """
    cost = as_float("human_cost_per_unit", human_cost_per_unit)
    n = as_float("units", units)
    require_nonnegative("human_cost_per_unit", cost, "Enter the human cost as a positive amount.")
    require_nonnegative("units", n, "Enter the units delivered as a positive number.")
    savings = np.asarray(net_labor_savings(cost, price_per_unit, n))
    value = np.broadcast_to(cost * n, savings.shape)
    cum = (
        (np.cumsum(value, axis=-1), np.cumsum(savings, axis=-1)) if value.ndim else (value, savings)
    )
    return V2C(result(value), result(savings), result(cum[0]), result(cum[1]))


class TokenAdoption(NamedTuple):
    """How a customer is using prepaid AI tokens."""

    #: ``consumed / purchased`` (above 1 is overage).
    share_consumed: Any
    #: Tokens consumed per month so far.
    burn_rate: Any
    #: Months until the balance runs out at the burn rate (``nan`` if it never does).
    months_to_exhaustion: Any
    #: Share of the purchase projected to be left unused at expiry.
    share_unused_at_expiry: Any


def token_adoption(
    purchased: Any, consumed: Any, months_elapsed: Any, months_to_expiry: Any
) -> TokenAdoption:
    """Adoption of prepaid AI tokens: share used, burn rate and projected waste.

    Parameters
    ----------
    purchased : array_like
        Tokens (or prepaid credit) bought for the term.
    consumed : array_like
        Tokens consumed so far.
    months_elapsed : array_like
        Months of the term elapsed so far.
    months_to_expiry : array_like
        Months left until the unused balance expires.

    Returns
    -------
    TokenAdoption
        ``share = consumed / purchased``; ``burn = consumed / months_elapsed``;
        ``months_to_exhaustion = max(purchased - consumed, 0) / burn``;
        ``unused_at_expiry = max(purchased - consumed - burn x months_to_expiry, 0) /
        purchased``.

    Raises
    ------
    InputError
        Negative amounts or months; sizes that do not match.

    Notes
    -----
    **Decision:** the projection holds the burn rate to date flat: a simple, auditable
    baseline that a ramping customer will beat. Share and waste are ``nan`` with
    nothing purchased; burn and both projections are ``nan`` before any month has
    elapsed (no basis yet). With no burn after some months, the balance never runs
    out (``nan``) and all of it is projected unused.

    Examples
    --------
    1,000,000 tokens bought, 120,000 used in 4 months, 8 months left:

    >>> t = token_adoption(1_000_000, 120_000, 4, 8)
    >>> t.share_consumed, t.burn_rate, t.months_to_exhaustion, t.share_unused_at_expiry
    (0.12, 30000.0, 29.333333333333332, 0.64)
    """
    arrays = {
        "purchased": as_float("purchased", purchased),
        "consumed": as_float("consumed", consumed),
        "months_elapsed": as_float("months_elapsed", months_elapsed),
        "months_to_expiry": as_float("months_to_expiry", months_to_expiry),
    }
    for name, arr in arrays.items():
        require_nonnegative(name, arr, f"Enter {name.replace('_', ' ')} as a positive number.")
    bought, used, elapsed, left = broadcast(**arrays)
    burn = divide(used, elapsed, positive=True)
    balance = np.maximum(bought - used, 0.0)
    unused = np.maximum(balance - burn * left, 0.0)
    return TokenAdoption(
        result(divide(used, bought, positive=True)),
        result(burn),
        result(divide(balance, burn, positive=True)),
        result(divide(unused, bought, positive=True)),
    )
