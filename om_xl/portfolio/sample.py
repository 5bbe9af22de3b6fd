"""A realistic sample portfolio, from a seed, at any size.

The first six customers are the source's archetypes, in this order:

1. a digitally native customer, live in under 14 days with a low COD;
2. a regulated enterprise whose COD is over $100,000;
3. a customer that churns before the vendor's payback;
4. a customer stalled in Outcome Velocity with an OCE under 1.5x;
5. a customer expanding into new processes (NRR above 150%);
6. a customer that prepaid AI tokens and barely uses them.

Any further customers are drawn at random around typical support-automation
economics. The same generator makes the benchmark's thousands of customers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from om_xl.portfolio.inputs import Inputs

__all__ = ["ARCHETYPES", "sample_inputs"]

ARCHETYPES = (
    "digitally native",
    "regulated enterprise",
    "churns before payback",
    "stalled, OCE under 1.5x",
    "expanding into new processes",
    "prepaid tokens barely used",
)
_ACTIVITIES = ("integration", "configuration", "tuning and evaluation")
_PROCESS_NAMES = (
    "Tier-1 support tickets",
    "Refund requests",
    "Order status questions",
    "Lead qualification",
    "Invoice matching",
    "Contract review",
    "KYC document checks",
    "Claims intake",
    "Appointment scheduling",
    "Returns processing",
    "Password resets",
    "Warranty claims",
)
_SEGMENTS = ("Digital native", "Mid-market", "Enterprise", "Regulated enterprise")


@dataclass
class _Customer:
    """One customer's plan, before it is written out as table rows."""

    id: str
    name: str
    segment: str
    signed_month: int  # months before the report month
    signature_day: int
    ttfo_days: int
    acquisition: float
    investment: float
    fde_days: float  # FDE days up to the first outcome
    rate: float
    processes: int
    deployed: int
    capacity: float  # steady monthly units of the first process
    ramp: float  # months to ramp
    human: float
    price: float
    token: float
    oversight: float
    infra: float
    new_process_every: int = 0  # months between further deployments (0: all at launch)
    churn_after: int | None = None  # months after signature
    growth: float = 0.0  # monthly volume growth after the ramp
    tokens: tuple[float, float] | None = None  # (purchased, monthly consumption)


def _archetypes(processes: int) -> list[_Customer]:
    n = max(processes, 3)
    common = {"processes": n, "token": 0.50, "oversight": 0.80, "infra": 0.20}

    def plan(cid: str, name: str, segment: str, **kw: float) -> _Customer:
        return _Customer(id=cid, name=name, segment=segment, **{**common, **kw})

    return [
        plan(
            "C001",
            "Brightcart",
            "Digital native",
            signed_month=20,
            signature_day=6,
            ttfo_days=9,
            acquisition=18_000,
            investment=5_000,
            fde_days=11,
            rate=1_100,
            deployed=2,
            capacity=2_500,
            ramp=2.0,
            human=25.0,
            price=8.0,
            oversight=0.70,
            growth=0.02,
        ),
        plan(
            "C002",
            "First Federal Mutual",
            "Regulated enterprise",
            signed_month=26,
            signature_day=12,
            ttfo_days=78,
            acquisition=95_000,
            investment=160_000,
            fde_days=92,
            rate=1_250,
            deployed=2,
            capacity=6_000,
            ramp=6.0,
            human=38.0,
            price=11.0,
            token=0.80,
            oversight=1.60,
            infra=0.30,
            growth=0.01,
        ),
        plan(
            "C003",
            "Parcelly",
            "Mid-market",
            signed_month=22,
            signature_day=3,
            ttfo_days=41,
            acquisition=40_000,
            investment=30_000,
            fde_days=48,
            rate=1_200,
            deployed=1,
            capacity=1_800,
            ramp=5.0,
            human=22.0,
            price=8.0,
            token=0.60,
            oversight=1.40,
            infra=0.25,
            churn_after=11,
        ),
        plan(
            "C004",
            "Hollis Insurance Brokers",
            "Mid-market",
            signed_month=17,
            signature_day=20,
            ttfo_days=24,
            acquisition=30_000,
            investment=40_000,
            fde_days=30,
            rate=1_200,
            deployed=1,
            capacity=450,
            ramp=3.0,
            human=11.0,
            price=8.0,
            token=0.60,
            oversight=1.10,
            infra=0.30,
        ),
        plan(
            "C005",
            "Northwind Health",
            "Enterprise",
            signed_month=25,
            signature_day=9,
            ttfo_days=18,
            acquisition=60_000,
            investment=80_000,
            fde_days=40,
            rate=1_200,
            deployed=n,
            capacity=2_000,
            ramp=3.0,
            human=30.0,
            price=9.0,
            token=0.55,
            oversight=0.90,
            new_process_every=5,
            growth=0.03,
        ),
        plan(
            "C006",
            "Tandem Logistics",
            "Mid-market",
            signed_month=12,
            signature_day=15,
            ttfo_days=21,
            acquisition=25_000,
            investment=20_000,
            fde_days=25,
            rate=1_150,
            deployed=1,
            capacity=900,
            ramp=4.0,
            human=24.0,
            price=8.0,
            tokens=(20_000_000, 160_000),
        ),
    ]


def _random_customer(
    i: int, processes: int, months: int, rng: np.random.Generator, dense: bool
) -> _Customer:
    segment = _SEGMENTS[rng.integers(len(_SEGMENTS))]
    heavy = segment in ("Enterprise", "Regulated enterprise")
    price = float(np.round(rng.uniform(5, 12), 2))
    return _Customer(
        id=f"C{i + 1:04d}" if i >= 999 else f"C{i + 1:03d}",
        name=f"Customer {i + 1:04d}",
        segment=segment,
        signed_month=months - 1 if dense else int(rng.integers(1, months)),
        signature_day=int(rng.integers(1, 28)),
        ttfo_days=int(rng.integers(30, 100) if heavy and not dense else rng.integers(5, 40)),
        acquisition=float(np.round(rng.uniform(20_000, 90_000 if heavy else 45_000), -2)),
        investment=float(np.round(rng.uniform(0, 120_000 if heavy else 40_000), -2)),
        fde_days=float(rng.integers(50, 110) if heavy else rng.integers(8, 45)),
        rate=float(rng.choice([1_000, 1_100, 1_200, 1_250])),
        processes=processes,
        deployed=processes if dense else int(rng.integers(1, processes + 1)),
        capacity=float(rng.uniform(300, 5_000)),
        ramp=float(rng.uniform(1.5, 6)),
        human=float(np.round(price * rng.uniform(1.2, 4.5), 2)),
        price=price,
        token=float(np.round(rng.uniform(0.2, 0.9), 2)),
        oversight=float(np.round(rng.uniform(0.3, 1.5), 2)),
        infra=float(np.round(rng.uniform(0.1, 0.3), 2)),
        new_process_every=0 if dense else int(rng.choice([0, 0, 4, 6, 9])),
        churn_after=int(rng.integers(8, 30)) if rng.random() < 0.08 and not dense else None,
        growth=float(rng.uniform(-0.01, 0.04)),
        tokens=(float(rng.uniform(5e6, 5e7)), float(rng.uniform(1e5, 3e6)))
        if rng.random() < 0.15
        else None,
    )


def sample_inputs(
    customers: int = 12,
    processes: int = 4,
    months: int = 36,
    seed: int = 2026,
    report_month: str = "2026-11",
    dense: bool = False,
) -> Inputs:
    """Generate a sample portfolio's input tables.

    Parameters
    ----------
    customers : int
        Number of customers (the first six are the archetypes).
    processes : int
        Processes per customer (deployed or addressable).
    months : int
        Length of history: the earliest signature is this many months before the
        report month.
    seed : int
        Random seed; the same arguments always give the same portfolio.
    report_month : str
        The report month, ``YYYY-MM``; it is also the Assumptions' report month.
    dense : bool
        Give every customer after the archetypes the whole history, with every process
        live from its first outcome and no churn: close to ``customers x processes x
        months`` outcome rows, the benchmark's full load.

    Returns
    -------
    Inputs
        Raw tables as a workbook reader would give them (dates as ``Timestamp``).
    """
    rng = np.random.default_rng(seed)
    plans = _archetypes(processes)[:customers]
    plans += [
        _random_customer(i, processes, months, rng, dense) for i in range(len(plans), customers)
    ]
    report = pd.Period(report_month, "M")
    tables: dict[str, list[dict]] = {
        k: [] for k in ("customers", "processes", "deployment", "outcomes", "tokens")
    }
    for plan in plans:
        _write(plan, report, rng, tables)
    frames = {k: pd.DataFrame(v) for k, v in tables.items()}
    assumptions = {"as_of_month": report.to_timestamp()}
    return Inputs(assumptions, **frames)


def _write(
    plan: _Customer, report: pd.Period, rng: np.random.Generator, tables: dict[str, list[dict]]
) -> None:
    """Append one customer's rows to every table."""
    signed_period = report - plan.signed_month
    signed = signed_period.to_timestamp() + pd.Timedelta(days=plan.signature_day - 1)
    first = signed + pd.Timedelta(days=plan.ttfo_days)
    churn = (
        signed + pd.DateOffset(months=plan.churn_after) if plan.churn_after is not None else None
    )
    if churn is not None and churn.to_period("M") > report:
        churn = None
    tables["customers"].append(
        {
            "customer_id": plan.id,
            "name": plan.name,
            "segment": plan.segment,
            "signature_date": signed,
            "acquisition_cost": plan.acquisition,
            "customer_investment": plan.investment,
            "first_outcome_date": first,
            "churn_date": churn,
        }
    )
    # FDE log: the deployment up to the first outcome, in three activities, then some
    # post-launch tuning each month a new process goes live
    split = np.array([0.45, 0.3, 0.25]) * plan.fde_days
    span = max(plan.ttfo_days, 3)
    for share, activity, at in zip(split, _ACTIVITIES, (0.3, 0.6, 1.0), strict=True):
        tables["deployment"].append(
            {
                "customer_id": plan.id,
                "process_id": "P1",
                "date": signed + pd.Timedelta(days=int(span * at)),
                "fde_days": float(np.round(share, 1)),
                "daily_rate": plan.rate,
                "activity": activity,
            }
        )
    end = churn.to_period("M") if churn is not None else report
    for k in range(plan.processes):
        pid = f"P{k + 1}"
        live_after = (
            k * plan.new_process_every if k < plan.deployed or plan.new_process_every else None
        )
        deployed = k < plan.deployed if not plan.new_process_every else True
        live = first + pd.DateOffset(months=live_after) if live_after is not None else None
        if live is not None and live.to_period("M") > end:
            deployed, live = False, None
        factor = 1.0 if k == 0 else float(rng.uniform(0.3, 0.8))
        tables["processes"].append(
            {
                "customer_id": plan.id,
                "process_id": pid,
                "process_name": _PROCESS_NAMES[(k + len(plan.id)) % len(_PROCESS_NAMES)],
                "status": "deployed" if deployed else "addressable",
                "deployed_date": live,
                "human_cost_per_unit": np.round(plan.human * factor**-0.1, 2),
                "price_per_unit": plan.price,
                # later processes are harder work: more tokens and more oversight
                "token_cost_per_unit": np.round(plan.token * (1 + 0.15 * k), 2),
                "oversight_cost_per_unit": np.round(plan.oversight * (1 + 0.2 * k), 2),
                "infra_cost_per_unit": plan.infra,
            }
        )
        if not deployed:
            continue
        if k and live_after:
            tables["deployment"].append(
                {
                    "customer_id": plan.id,
                    "process_id": pid,
                    "date": live - pd.Timedelta(days=5),
                    "fde_days": float(np.round(plan.fde_days * 0.25, 1)),
                    "daily_rate": None,
                    "activity": "configuration",
                }
            )
        start = live.to_period("M")
        n = (end - start).n + 1
        if n <= 0:
            continue
        t = np.arange(n) + 1.0
        ramp = 1 - np.exp(-t / plan.ramp)
        trend = (1 + plan.growth) ** np.maximum(t - plan.ramp, 0)
        noise = rng.normal(1, 0.06, n).clip(0.7, 1.3)
        units = np.round(plan.capacity * factor * ramp * trend * noise)
        if start == first.to_period("M"):
            units[0] = max(units[0], 1.0)  # the first outcome's own month has outcomes
        months = pd.period_range(start, periods=n, freq="M").to_timestamp()
        tables["outcomes"].extend(
            {"customer_id": plan.id, "process_id": pid, "month": m, "units": u}
            for m, u in zip(months, units.tolist(), strict=True)
        )
    if plan.tokens is not None:
        bought, burn = plan.tokens
        expiry = signed + pd.DateOffset(months=24)
        n = (end - signed.to_period("M")).n + 1
        for j, m in enumerate(pd.period_range(signed.to_period("M"), periods=n, freq="M")):
            tables["tokens"].append(
                {
                    "customer_id": plan.id,
                    "month": m.to_timestamp(),
                    "tokens_purchased": bought if j == 0 else 0.0,
                    "tokens_consumed": float(np.round(burn * rng.uniform(0.7, 1.3))) if j else 0.0,
                    "expiry_date": expiry if j == 0 else None,
                }
            )
