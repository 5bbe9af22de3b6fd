"""Known answers for every metric, each with where its number comes from.

One table, run through the pure functions in ``test_known_answers.py`` (and through
the Excel layer by the UDF tests). ``SOURCE`` marks a number printed in Outcome
Metrics 1.0; ``HAND`` cases are worked out in their comment.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

NAN = math.nan
SOURCE = "Outcome Metrics 1.0"
MISSION = "MISSION.md (from the source's example)"
HAND = "hand-computed in the comment"


@dataclass(frozen=True)
class Case:
    """One known answer: ``metric(*args, **kwargs) == expected``."""

    metric: str
    args: tuple
    expected: Any
    source: str
    kwargs: dict = field(default_factory=dict)
    # for named-tuple results: the field to compare, None for the whole value
    part: str | None = None

    @property
    def id(self) -> str:
        shown = ", ".join(repr(a) for a in self.args)
        shown = shown if len(shown) < 50 else shown[:47] + "..."
        return f"{self.metric}({shown}){'.' + self.part if self.part else ''}"


D = dt.date
CASES = [
    # --- COD ---------------------------------------------------------------------------
    # 40 FDE days x $1,200/day = $48,000
    Case("cod", (40, 1200), 48_000.0, HAND),
    # digitally native customer: 12 days x $1,100 = $13,200, "low five figures" (source)
    Case("cod", (12, 1100), 13_200.0, HAND + ", inside the source's range: low five figures"),
    # regulated enterprise: 90 days x $1,250 = $112,500, "$100,000 or more" (source)
    Case("cod", (90, 1250), 112_500.0, HAND + ", inside the source's range: $100,000 or more"),
    # two log lines at their own rates: 10 x 1,000 + 5 x 1,200 = 16,000
    Case("cod", ([10, 5], [1000, 1200]), 16_000.0, HAND),
    # lines on serials 46030, 46040, 46060; first outcome 46050: (10 + 5) x 1,000 = 15,000
    Case("cod", ([10, 5, 3], 1000, [46030, 46040, 46060], 46050), 15_000.0, HAND),
    # work on the first outcome's own day counts: (10 + 5) x 1,000 = 15,000
    Case("cod", ([10, 5, 3], 1000, [46030, 46050, 46051], D(2026, 1, 28)), 15_000.0, HAND),
    # no first outcome yet: every line counts, (10 + 5 + 3) x 1,000 = 18,000
    Case("cod", ([10, 5, 3], 1000, [46030, 46040, 46060], None), 18_000.0, HAND),
    # --- TTFO --------------------------------------------------------------------------
    # 5 Jan -> 16 Jan 2026 = 11 days
    Case("ttfo", (D(2026, 1, 5), D(2026, 1, 16)), 11.0, HAND),
    # serial 46027 is 2026-01-05, 46038 is 2026-01-16: the same 11 days
    Case("ttfo", (46027, 46038), 11.0, HAND),
    # first outcome on signing day = 0 days
    Case("ttfo", (D(2026, 3, 2), D(2026, 3, 2)), 0.0, HAND),
    # 2 Mar -> 15 Mar = 13 days, inside the source's 14-day benchmark
    Case(
        "ttfo",
        (D(2026, 3, 2), D(2026, 3, 15)),
        13.0,
        HAND + ", inside the source's benchmark: under 14 days",
    ),
    # 2028 is a leap year: 20 Feb -> 29 Feb is 9 days, then 5 more to 5 Mar = 14
    Case("ttfo", (D(2028, 2, 20), D(2028, 3, 5)), 14.0, HAND),
    # times of day are dropped: 5 Jan 17:00 -> 6 Jan 09:00 is 1 calendar day
    Case("ttfo", (dt.datetime(2026, 1, 5, 17), dt.datetime(2026, 1, 6, 9)), 1.0, HAND),
    # numpy datetime64 dates: 1 Jan -> 1 Apr 2026 = 31 + 28 + 31 = 90 days
    Case("ttfo", (np.datetime64("2026-01-01"), np.datetime64("2026-04-01")), 90.0, HAND),
    # no first outcome yet: no answer
    Case("ttfo", (D(2026, 1, 5), None), NAN, HAND),
    # --- OCE ---------------------------------------------------------------------------
    # $25 human cost per ticket / $8 price = 3.125 ("3.1x" in the source)
    Case("oce", (25, 8), 3.125, SOURCE),
    # $30 / $10 = 3.0
    Case("oce", (30, 10), 3.0, HAND),
    # $10 / $8 = 1.25: under the 1.5x at-risk line
    Case("oce", (10, 8), 1.25, HAND),
    # free work has no OCE
    Case("oce", (25, 0), NAN, HAND),
    # no human cost: 0 / 8 = 0
    Case("oce", (0, 8), 0.0, HAND),
    # --- OCE band ----------------------------------------------------------------------
    Case("oce_band", (3.125,), "sticky", SOURCE + ": above 3x likely to stay"),
    Case("oce_band", (1.25,), "at risk", SOURCE + ": below 1.5x"),
    Case("oce_band", (1.5,), "neutral", HAND + ": 1.5 is not below 1.5"),
    Case("oce_band", (3.0,), "sticky", HAND + ": 3.0 is at the sticky line"),
    Case("oce_band", (3.125, 2.0, 4.0), "neutral", HAND + ": own thresholds 2x / 4x"),
    Case("oce_band", (NAN,), "", HAND),
    # --- labor cost --------------------------------------------------------------------
    # loads 0.25 + 0.10 + 0.12 + 0.07 + 0.03 + 0.02 + 0.05 = 0.64 -> factor 1.64
    Case("load_factor", (0.25, 0.10, 0.12, 0.07, 0.03, 0.02, 0.05), 1.64, MISSION),
    # multiplicative: 1.25 x 1.10 = 1.375
    Case("load_factor", (0.25, 0.10), 1.375, HAND, {"method": "multiplicative"}),
    # $55,000 x 1.64 = $90,200: "a $55K support agent costs closer to $90K" (source)
    Case(
        "fully_loaded_cost",
        (55_000, 0.25, 0.10, 0.12, 0.07, 0.03, 0.02, 0.05),
        90_200.0,
        SOURCE + ": $55K costs closer to $90K",
    ),
    # $55,000 x 1.375 = $75,625
    Case("fully_loaded_cost", (55_000, 0.25, 0.10), 75_625.0, HAND, {"method": "multiplicative"}),
    # no loads: the base salary itself
    Case("fully_loaded_cost", (55_000,), 55_000.0, HAND),
    # $90,000 a year / 3,600 tickets a year = $25, the source's human cost per ticket
    Case("labor_cost_per_unit", (90_000, 3_600), 25.0, HAND + " (gives the source's $25)"),
    # $45 an hour / 1.8 tickets an hour = $25
    Case("labor_cost_per_unit", (45, 1.8), 25.0, HAND),
    Case("labor_cost_per_unit", (45, 0), NAN, HAND),
    # --- GMO ---------------------------------------------------------------------------
    # $8 - ($0.50 tokens + $0.70 oversight + $0.20 infrastructure = $1.40) = $6.60
    Case("gmo", (8, 0.50, 0.70, 0.20), 6.60, SOURCE + ": $8 price, $1.40 cost of goods"),
    Case("gmo_margin", (8, 0.50, 0.70, 0.20), 0.825, SOURCE + ": 82.5%"),
    # markup: 6.60 / 1.40 = 4.714285...
    Case("gmo_markup", (8, 0.50, 0.70, 0.20), 6.60 / 1.40, HAND),
    Case("cost_of_goods", (0.50, 0.70, 0.20), 1.40, SOURCE),
    # below cost: $1 - $1.40 = -$0.40, margin -0.40 / 1 = -40%
    Case("gmo", (1, 0.50, 0.70, 0.20), -0.40, HAND),
    Case("gmo_margin", (1, 0.50, 0.70, 0.20), -0.40, HAND),
    Case("gmo_margin", (0, 0, 0, 0), NAN, HAND),
    # one year at 10x: tokens $0.50 -> $0.05, GMO = 8 - (0.05 + 0.70 + 0.20) = 7.05
    Case(
        "gmo_projected", (8, 0.50, 0.70, 0.20, 1), 7.05, HAND + " at the source's rate: ~10x a year"
    ),
    # two years: $0.005, GMO = 8 - 0.905 = 7.095
    Case("gmo_projected", (8, 0.50, 0.70, 0.20, 2), 7.095, HAND),
    # half a year: 0.50 / sqrt(10) = 0.158114, GMO = 8 - 1.058114 = 6.941886
    Case("gmo_projected", (8, 0.50, 0.70, 0.20, 0.5), 8 - (0.5 / math.sqrt(10) + 0.9), HAND),
    # no decline: today's GMO
    Case("gmo_projected", (8, 0.50, 0.70, 0.20, 3, 1), 6.60, HAND),
    # --- payback -----------------------------------------------------------------------
    # ($30,000 + $48,000) / $6,500 a month = 12 months
    Case("vendor_payback", (30_000, 48_000, 6_500), 12.0, HAND),
    Case("vendor_payback", (30_000, 48_000, 0), NAN, HAND),
    Case("vendor_payback", (30_000, 48_000, -100), NAN, HAND),
    # 2,000 tickets x ($25 - $8) = $34,000 a month
    Case("net_labor_savings", (25, 8, 2_000), 34_000.0, HAND + " on the source's prices"),
    # AI dearer than people: 100 x ($10 - $12) = -$200
    Case("net_labor_savings", (10, 12, 100), -200.0, HAND),
    # $68,000 / $34,000 a month = 2 months
    Case("customer_payback", (68_000, 34_000), 2.0, HAND),
    # the vendor absorbs the deployment: payback "approaches zero" (source)
    Case("customer_payback", (0, 34_000), 0.0, SOURCE + ": approaches zero"),
    Case("customer_payback", (68_000, -200), NAN, HAND),
    Case("binding_payback", (12.0, 2.0), (12.0, "vendor"), HAND),
    Case("binding_payback", (3.0, 9.0), (9.0, "customer"), HAND),
    Case("binding_payback", (6.0, 6.0), (6.0, "both"), HAND),
    Case("binding_payback", (6.0, NAN), (NAN, "customer"), HAND),
    # $100 at $50 a month: cumulative 50, 100 -> exactly 2 months
    Case("payback_months", (100, [50, 50, 50]), 2.0, HAND),
    # $100 at $40: cumulative 40, 80, 120 -> 2 + (100 - 80) / 40 = 2.5
    Case("payback_months", (100, [40, 40, 40]), 2.5, HAND),
    # cumulative 60, 120 (cross), 80 (back below), 140 (cross again)
    # first: 1 + (100 - 60) / 60 = 1.6667; sustained: 3 + (100 - 80) / 60 = 3.3333
    Case("payback_months", (100, [60, 60, -40, 60]), 1 + 40 / 60, HAND),
    Case("payback_months", (100, [60, 60, -40, 60]), 3 + 20 / 60, HAND, {"sustained": True}),
    # ends below the cost: sustained payback not reached
    Case("payback_months", (100, [60, 60, -40]), NAN, HAND, {"sustained": True}),
    # a J-curve: cumulative -20, -30, -5, 20, 45 -> crosses 30 in month 5: 4 + 10/25 = 4.4
    Case("payback_months", (30, [-20, -10, 25, 25, 25, 25]), 4.4, HAND),
    Case("payback_months", (100, [10, 10, 10]), NAN, HAND),
    Case("payback_months", (0, [5, 5]), 0.0, HAND),
    # --- PPR ---------------------------------------------------------------------------
    # 3 deployed / (3 + 9) = 25%
    Case("ppr", (3, 9), 0.25, HAND),
    Case("ppr", (4, 0), 1.0, HAND),
    Case("ppr", (0, 0), NAN, HAND),
    # --- NRR and GRR -------------------------------------------------------------------
    # (100,000 + 45,000 - 10,000 - 5,000) / 100,000 = 130%, the best of SaaS (source: 130-140%)
    Case("nrr", (100_000, 45_000, 10_000, 5_000), 1.30, HAND),
    # (100 + 120 - 5 - 0) / 100 = 215%: "NRR above 200%" (source)
    Case("nrr", (100, 120, 5, 0), 2.15, HAND + ", inside the source's range: above 200%"),
    # month-three dip: (100 + 0 - 20 - 0) / 100 = 80% (source: "80% NRR in month three")
    Case("nrr", (100, 0, 20, 0), 0.80, SOURCE + ": 80% in month three"),
    Case("nrr", (0, 10, 0, 0), NAN, HAND),
    # (100,000 - 10,000 - 5,000) / 100,000 = 85%
    Case("grr", (100_000, 10_000, 5_000), 0.85, HAND),
    # --- NRR decomposition ---------------------------------------------------------------
    # c1: process A 100 -> 130 (volume +30), process B 0 -> 50 (new +50); c2: 80 -> 0 (churn)
    # beginning 180; ending 180 + 30 + 50 - 0 - 80 = 180; NRR 100%; GRR (180 - 80)/180
    *(
        Case("nrr_decompose", ([100, 0, 80], [130, 50, 0], ["c1", "c1", "c2"]), v, HAND, part=p)
        for p, v in [
            ("beginning", 180.0),
            ("volume_expansion", 30.0),
            ("new_process_expansion", 50.0),
            ("contraction", 0.0),
            ("churn", 80.0),
            ("ending", 180.0),
            ("nrr", 1.0),
            ("grr", 100 / 180),
        ]
    ),
    # a process shrinks 100 -> 70 (contraction 30); a new logo (0 -> 40) is left out
    # NRR = (100 - 30) / 100 = 70%
    Case("nrr_decompose", ([100, 0], [70, 40], ["c1", "c2"]), 0.70, HAND, part="nrr"),
    Case("nrr_decompose", ([100, 0], [70, 40], ["c1", "c2"]), 30.0, HAND, part="contraction"),
    # a process live at the start with no revenue that month grows 0 -> 20: volume, not new
    Case(
        "nrr_decompose",
        ([100, 0], [100, 20], ["c1", "c1"], [True, True]),
        20.0,
        HAND,
        part="volume_expansion",
    ),
    # --- stage -------------------------------------------------------------------------
    # signed 46000, first outcome 46010, payback 46200, milestone stages 30 days
    Case("stage", (46000, 46010, 46200, 46005), "Deploying", HAND),
    Case("stage", (46000, 46010, 46200, 46010), "First Outcome", HAND),
    Case("stage", (46000, 46010, 46200, 46039), "First Outcome", HAND + ": day 29 of 30"),
    Case("stage", (46000, 46010, 46200, 46040), "Outcome Velocity", HAND + ": day 30"),
    Case("stage", (46000, 46010, 46200, 46200), "Deployment Payback", HAND),
    Case("stage", (46000, 46010, 46200, 46230), "Margin Inflection", HAND),
    Case("stage", (46000, 46010, None, 46500), "Outcome Velocity", HAND + ": no payback yet"),
    Case("stage", (46000, None, None, 46500), "Deploying", HAND + ": no outcome yet"),
    Case("stage", (46000, 46010, None, 46100, 46090), "Churned", HAND),
    Case("stage", (46000, 46010, None, 45990), "", HAND + ": before signature"),
    # --- V2C ---------------------------------------------------------------------------
    # 1,000 + 1,500 + 2,000 tickets at $25: 25,000, 62,500, 112,500 cumulative labor value
    Case(
        "v2c",
        (25, 8, [1000, 1500, 2000]),
        [25_000.0, 62_500.0, 112_500.0],
        HAND,
        part="cumulative_labor_value",
    ),
    # net of the $8 price: 17,000, 42,500, 76,500
    Case(
        "v2c",
        (25, 8, [1000, 1500, 2000]),
        [17_000.0, 42_500.0, 76_500.0],
        HAND,
        part="cumulative_net_savings",
    ),
    Case("v2c", (25, 8, 100), 2_500.0, HAND, part="labor_value"),
    # --- prepaid tokens ------------------------------------------------------------------
    # 120,000 of 1,000,000 used in 4 months: 12%, 30,000 a month; 880,000 left lasts 29.33
    # months; 8 months more burns 240,000, leaving 640,000 = 64% unused at expiry
    Case("token_adoption", (1_000_000, 120_000, 4, 8), 0.12, HAND, part="share_consumed"),
    Case("token_adoption", (1_000_000, 120_000, 4, 8), 30_000.0, HAND, part="burn_rate"),
    Case("token_adoption", (1_000_000, 120_000, 4, 8), 880 / 30, HAND, part="months_to_exhaustion"),
    Case("token_adoption", (1_000_000, 120_000, 4, 8), 0.64, HAND, part="share_unused_at_expiry"),
    # on pace to use it all: 600,000 in 6 months, 6 left burns the other 400,000 and more
    Case("token_adoption", (1_000_000, 600_000, 6, 6), 0.0, HAND, part="share_unused_at_expiry"),
    Case("token_adoption", (0, 0, 4, 8), NAN, HAND, part="share_consumed"),
]


def same(got: Any, expected: Any) -> bool:
    """Equal within 1e-9 (relative), nan matching nan, element-wise for sequences."""
    if isinstance(expected, tuple):
        return len(got) == len(expected) and all(map(same, got, expected))
    if isinstance(expected, str):
        return got == expected
    g = np.asarray(got, dtype=float)
    e = np.asarray(expected, dtype=float)
    return g.shape == e.shape and bool(
        np.all(np.isclose(g, e, rtol=1e-9, atol=1e-12, equal_nan=True))
    )
