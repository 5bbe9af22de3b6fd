"""Account growth: Process Penetration Rate (PPR) and net revenue retention (NRR).

NRR keeps the usual formula; what changes in an outcome business is how the
expansion splits, so :func:`nrr_decompose` separates volume growth inside processes
already live from new process deployments.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from om_xl.errors import InputError
from om_xl.metrics._inputs import (
    as_float,
    broadcast,
    divide,
    require,
    require_nonnegative,
    result,
)

__all__ = ["NRRParts", "grr", "nrr", "nrr_decompose", "ppr"]


def ppr(active_processes: Any, addressable_undeployed: Any) -> Any:
    """Process Penetration Rate: the share of addressable workflows deployed.

    Parameters
    ----------
    active_processes : array_like
        Processes deployed and producing outcomes.
    addressable_undeployed : array_like
        Processes the customer runs with people today that the AI could take but
        does not yet.

    Returns
    -------
    float or numpy.ndarray
        ``PPR = active / (active + addressable_undeployed)``, from 0 to 1; ``nan``
        when the customer has no addressable process at all.

    Raises
    ------
    InputError
        Negative counts; sizes that do not match.

    Notes
    -----
    Following the source, the denominator is the customer's *current* human-staffed
    workflows: a conservative floor, since cheaper work unlocks workflows nobody
    staffed before.

    Examples
    --------
    >>> ppr(3, 9)
    0.25
    """
    active = as_float("active_processes", active_processes)
    rest = as_float("addressable_undeployed", addressable_undeployed)
    require_nonnegative("active_processes", active, "Count the deployed processes.")
    require_nonnegative("addressable_undeployed", rest, "Count the processes not yet deployed.")
    active, rest = broadcast(active_processes=active, addressable_undeployed=rest)
    return result(divide(active, active + rest))


def _retention_inputs(
    beginning: Any, expansion: Any, contraction: Any, churn: Any
) -> list[np.ndarray]:
    """Check and broadcast the four revenue movements of a retention window."""
    arrays = {
        "beginning": as_float("beginning", beginning),
        "expansion": as_float("expansion", expansion),
        "contraction": as_float("contraction", contraction),
        "churn": as_float("churn", churn),
    }
    for name, arr in arrays.items():
        require_nonnegative(
            name, arr, f"Enter {name} revenue as a positive amount (losses are subtracted for you)."
        )
    b, e, c, ch = broadcast(**arrays)
    require(
        ~(c + ch > b),
        "contraction plus churn exceed beginning revenue by {value}{where}; a cohort cannot "
        "lose more than it started with: check the amounts.",
        c + ch - b,
    )
    return [b, e, c, ch]


def nrr(beginning: Any, expansion: Any, contraction: Any, churn: Any) -> Any:
    """Net revenue retention of a cohort over a window.

    Parameters
    ----------
    beginning : array_like
        Outcome revenue of the cohort at the start of the window.
    expansion : array_like
        Revenue gained from the same customers (volume growth and new processes).
    contraction : array_like
        Revenue lost from customers who stayed.
    churn : array_like
        Revenue lost from customers who left.

    Returns
    -------
    float or numpy.ndarray
        ``NRR = (beginning + expansion - contraction - churn) / beginning``; ``nan``
        when beginning revenue is zero.

    Raises
    ------
    InputError
        Negative amounts (all four are magnitudes); contraction plus churn above
        beginning revenue; sizes that do not match.

    Examples
    --------
    >>> nrr(100_000, 45_000, 10_000, 5_000)
    1.3
    """
    b, e, c, ch = _retention_inputs(beginning, expansion, contraction, churn)
    return result(divide(b + e - c - ch, b))


def grr(beginning: Any, contraction: Any, churn: Any) -> Any:
    """Gross revenue retention: NRR without the expansion.

    Parameters
    ----------
    beginning, contraction, churn : array_like
        As for :func:`nrr`.

    Returns
    -------
    float or numpy.ndarray
        ``GRR = (beginning - contraction - churn) / beginning``, from 0 to 1.

    Raises
    ------
    InputError
        As for :func:`nrr`.

    Examples
    --------
    >>> grr(100_000, 10_000, 5_000)
    0.85
    """
    b, _, c, ch = _retention_inputs(beginning, 0.0, contraction, churn)
    return result(divide(b - c - ch, b))


class NRRParts(NamedTuple):
    """NRR of a window split into its parts (money, except the two ratios)."""

    #: Cohort revenue at the start of the window.
    beginning: Any
    #: Growth inside processes live at the start.
    volume_expansion: Any
    #: Revenue from processes deployed during the window.
    new_process_expansion: Any
    #: Decline inside live processes of customers who stayed.
    contraction: Any
    #: Start revenue of customers with no revenue at the end.
    churn: Any
    #: ``beginning + volume + new - contraction - churn``.
    ending: Any
    #: ``ending / beginning``.
    nrr: Any
    #: ``(beginning - contraction - churn) / beginning``.
    grr: Any


def _group_sum(x: np.ndarray, order: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sum the last axis of `x` within groups (rows sorted by `order`, split at `starts`)."""
    return np.add.reduceat(x[..., order], starts, axis=-1)


def nrr_decompose(
    start_revenue: Any,
    end_revenue: Any,
    customer: Any = None,
    live_at_start: Any = None,
    *,
    per_customer: bool = False,
) -> NRRParts:
    """Split NRR into volume growth, new processes, contraction and churn.

    Parameters
    ----------
    start_revenue : array_like
        Revenue per (customer, process) row in the window's first period, along the
        last axis; leading axes are independent windows (for example months).
    end_revenue : array_like
        Revenue of the same rows in the window's last period.
    customer : array_like, optional
        Customer label of each row (last axis). Default: all rows are one customer.
    live_at_start : array_like of bool, optional
        Whether each process was deployed at the window's start. Default: it had
        revenue then (``start_revenue > 0``).
    per_customer : bool, default False
        Return one set of parts per customer (in ``numpy.unique`` order of the labels)
        instead of the total.

    Returns
    -------
    NRRParts
        ``nrr = (beginning + volume_expansion + new_process_expansion - contraction -
        churn) / beginning``; the parts add up to NRR by construction. NRR and GRR are
        ``nan`` for a cohort with no beginning revenue.

    Raises
    ------
    InputError
        Negative or blank revenue; start revenue on a process marked not live;
        sizes that do not match.

    Notes
    -----
    **Decisions on classifying a change in revenue** (per row, inside the cohort of
    customers with revenue at the start; customers without it are new logos and are
    left out, as NRR requires):

    * the customer has no revenue at the end: its start revenue is **churn**;
    * a process live at the start grew: the growth is **volume expansion**;
    * a process live at the start shrank (to zero included): **contraction**;
    * a process not live at the start has revenue at the end: **new process expansion**.

    Examples
    --------
    One customer: process A grows 100 -> 130, process B is deployed (0 -> 50);
    a second customer (80) churns:

    >>> p = nrr_decompose([100, 0, 80], [130, 50, 0], customer=["c1", "c1", "c2"])
    >>> p.volume_expansion, p.new_process_expansion, p.churn, p.nrr
    (30.0, 50.0, 80.0, 1.0)
    """
    start = as_float("start_revenue", start_revenue)
    end = as_float("end_revenue", end_revenue)
    require_nonnegative("start_revenue", start, "Revenue cannot be negative.")
    require_nonnegative("end_revenue", end, "Revenue cannot be negative.")
    start, end = broadcast(start_revenue=start, end_revenue=end)
    require(
        ~(np.isnan(start) | np.isnan(end)),
        "revenue is blank{where}; enter 0 for a process with no revenue in that period.",
    )
    if start.ndim == 0:
        start, end = start[None], end[None]
    rows = start.shape[-1]
    if customer is None:
        codes = np.zeros(rows, dtype=int)
    else:
        labels = np.asarray(customer).reshape(-1)
        if labels.shape != (rows,):
            raise InputError(
                f"customer has {labels.size} labels for {rows} revenue rows; "
                "give one label per row."
            )
        codes = np.unique(labels, return_inverse=True)[1]
    if live_at_start is None:
        live = start > 0
    else:
        live = broadcast(start_revenue=start, live_at_start=np.asarray(live_at_start, bool))[1]
        require(
            live | (start == 0),
            "a process marked not live at the start has start revenue {value}{where}; "
            "mark it live, or check the revenue.",
            start,
        )
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])

    in_cohort = (_group_sum(start, order, starts) > 0)[..., codes]
    has_end = (_group_sum(end, order, starts) > 0)[..., codes]
    churned = in_cohort & ~has_end
    stayed = in_cohort & has_end
    delta = end - start
    parts = {
        "beginning": np.where(in_cohort, start, 0.0),
        "volume_expansion": np.where(stayed & live, np.maximum(delta, 0.0), 0.0),
        "new_process_expansion": np.where(stayed & ~live, end, 0.0),
        "contraction": np.where(stayed & live, np.maximum(-delta, 0.0), 0.0),
        "churn": np.where(churned, start, 0.0),
    }
    if per_customer:
        totals = {k: _group_sum(v, order, starts) for k, v in parts.items()}
    else:
        totals = {k: v.sum(axis=-1) for k, v in parts.items()}
    b = totals["beginning"]
    lost = totals["contraction"] + totals["churn"]
    ending = b + totals["volume_expansion"] + totals["new_process_expansion"] - lost
    return NRRParts(
        **{k: result(v) for k, v in totals.items()},
        ending=result(ending),
        nrr=result(divide(ending, b)),
        grr=result(divide(b - lost, b)),
    )
