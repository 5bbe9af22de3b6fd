"""A small portfolio built by hand; test_portfolio.py checks it against hand-computed figures.

Report month: June 2026. Four customers:

* A (Alpha): a clean ramp; pays back in April.
* B (Beta): signed, still deploying, no outcomes.
* C (Gamma): no FDE log; churns on 20 April before paying back; zero units in April.
* D (Delta): pays back in February, then heavy post-launch FDE work in May takes it
  back below zero; a second process goes live in March.
"""

import pandas as pd

from om_xl.portfolio import Inputs

T = pd.Timestamp


def inputs() -> Inputs:
    customers = pd.DataFrame(
        [
            [
                "A",
                "Alpha",
                "Digital native",
                T("2026-01-10"),
                10_450.0,
                2_000.0,
                T("2026-01-28"),
                None,
            ],
            ["B", "Beta", "Enterprise", T("2026-02-01"), 20_000.0, 0.0, None, None],
            ["C", "Gamma", "Mid-market", T("2026-01-05"), 5_000.0, 1_000.0, None, T("2026-04-20")],
            ["D", "Delta", "Mid-market", T("2026-01-02"), 1_000.0, 0.0, T("2026-01-02"), None],
        ],
        columns=[
            "customer_id",
            "name",
            "segment",
            "signature_date",
            "acquisition_cost",
            "customer_investment",
            "first_outcome_date",
            "churn_date",
        ],
    )
    processes = pd.DataFrame(
        [
            # GMO 5 - (1 + 0.5 + 0.5) = 3; OCE 20 / 5 = 4
            ["A", "P1", "Tickets", "deployed", T("2026-01-25"), 20.0, 5.0, 1.0, 0.5, 0.5],
            ["A", "P2", "Refunds", "addressable", None, 18.0, 5.0, 1.0, 0.5, 0.5],
            ["B", "P1", "Claims", "addressable", None, 30.0, 9.0, 1.0, 1.0, 1.0],
            # GMO 10 - 4 = 6; OCE 15 / 10 = 1.5
            ["C", "P1", "Leads", "deployed", T("2026-01-05"), 15.0, 10.0, 2.0, 1.0, 1.0],
            # GMO 10 (no cost of goods); OCE 3
            ["D", "P1", "Orders", "deployed", T("2026-01-02"), 30.0, 10.0, 0.0, 0.0, 0.0],
            ["D", "P2", "Returns", "deployed", T("2026-03-15"), 30.0, 10.0, 0.0, 0.0, 0.0],
        ],
        columns=[
            "customer_id",
            "process_id",
            "process_name",
            "status",
            "deployed_date",
            "human_cost_per_unit",
            "price_per_unit",
            "token_cost_per_unit",
            "oversight_cost_per_unit",
            "infra_cost_per_unit",
        ],
    )
    deployment = pd.DataFrame(
        [
            ["A", "P1", T("2026-01-15"), 5.0, 1_000.0, "integration"],
            ["A", "P1", T("2026-03-10"), 2.0, None, "tuning and evaluation"],  # default 1,200
            ["B", "P1", T("2026-02-10"), 10.0, 1_500.0, "integration"],
            ["D", "P1", T("2026-01-02"), 1.0, 1_000.0, "configuration"],
            ["D", "P2", T("2026-05-10"), 8.0, 1_000.0, "tuning and evaluation"],
        ],
        columns=["customer_id", "process_id", "date", "fde_days", "daily_rate", "activity"],
    )
    rows = [
        *[
            ("A", "P1", f"2026-{k:02d}-01", u)
            for k, u in enumerate([1000, 2000, 2000, 3000, 3000, 3000], 1)
        ],
        *[("C", "P1", f"2026-{k:02d}-01", u) for k, u in enumerate([100, 200, 300, 0], 1)],
        *[
            ("D", "P1", f"2026-{k:02d}-01", u)
            for k, u in enumerate([100, 100, 150, 150, 100, 100], 1)
        ],
        *[
            ("D", "P2", f"2026-{k:02d}-01", u)
            for k, u in zip(range(3, 7), [30, 50, 50, 60], strict=True)
        ],
    ]
    outcomes = pd.DataFrame(rows, columns=["customer_id", "process_id", "month", "units"])
    outcomes["month"] = pd.to_datetime(outcomes["month"])
    return Inputs({"as_of_month": T("2026-06-01")}, customers, processes, deployment, outcomes)
