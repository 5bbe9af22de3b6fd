"""The input tables, declared once.

Each table a finance team fills in is declared here with its columns: type, unit,
whether it is required, allowed values and a one-line help text. The declaration
drives validation (:mod:`om_xl.portfolio.validate`), the template workbook's sheets
and headers, and ``docs/model.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ASSUMPTIONS",
    "CUSTOMERS",
    "DEPLOYMENT",
    "OUTCOMES",
    "PROCESSES",
    "TABLES",
    "TOKENS",
    "Column",
    "Setting",
    "Settings",
    "Table",
]

Kind = Literal["id", "text", "choice", "date", "month", "money", "number", "count", "ratio"]


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    ``kind`` says how a cell is read: ``id`` and ``text`` as text, ``choice`` as one of
    ``allowed``, ``date`` as a date, ``month`` as a date taken to its month, ``money``,
    ``count`` and ``ratio`` as numbers that may not be negative, ``number`` as any number.
    ``references`` names the table whose ids this column must match.
    """

    name: str
    label: str
    kind: Kind
    unit: str = ""
    required: bool = True
    help: str = ""
    allowed: tuple[str, ...] = ()
    references: str | None = None

    @property
    def header(self) -> str:
        """The header shown in the workbook: the label with its unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Table:
    """An input table: a sheet holding one Excel Table with these columns."""

    name: str
    sheet: str
    help: str
    columns: tuple[Column, ...]
    #: Columns whose values together must be unique.
    key: tuple[str, ...] = ()
    optional: bool = False

    def column(self, name: str) -> Column:
        """The column called `name`."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in sheet order."""
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Setting:
    """One named assumption (a row of the Assumptions sheet)."""

    name: str
    label: str
    kind: Kind
    default: float | str | None
    unit: str = ""
    help: str = ""
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """The Assumptions sheet: named settings, one per row."""

    name: str
    sheet: str
    help: str
    settings: tuple[Setting, ...] = field(default_factory=tuple)

    def setting(self, name: str) -> Setting:
        """The setting called `name`."""
        for s in self.settings:
            if s.name == name:
                return s
        raise KeyError(f"no setting {name!r}")


_CUSTOMER = Column(
    "customer_id",
    "Customer ID",
    "id",
    help="The customer, as in the Customers table.",
    references="customers",
)

ASSUMPTIONS = Settings(
    "assumptions",
    "Assumptions",
    "Settings that apply to the whole portfolio; thresholds are the source's hypotheses.",
    (
        Setting("currency", "Currency", "text", "USD", help="Currency of every amount."),
        Setting(
            "fde_daily_rate",
            "Default FDE daily rate",
            "money",
            1200.0,
            "currency/day",
            "Used for FDE log lines without a rate of their own.",
        ),
        Setting(
            "oce_at_risk_below",
            "OCE at-risk threshold",
            "ratio",
            1.5,
            "x",
            "OCE below this is at risk (source: 1.5x).",
        ),
        Setting(
            "oce_sticky_from",
            "OCE sticky threshold",
            "ratio",
            3.0,
            "x",
            "OCE at or above this is sticky (source: 3x).",
        ),
        Setting(
            "ttfo_benchmark_days",
            "TTFO benchmark",
            "count",
            14.0,
            "days",
            "Best performers reach a first outcome within this (source: 14 days).",
        ),
        Setting(
            "nrr_window",
            "NRR window",
            "choice",
            "T12M",
            help="Headline NRR window: trailing 12 months (T12M) or month over month (MoM).",
            allowed=("T12M", "MoM"),
        ),
        Setting(
            "inference_decline_per_year",
            "Inference cost decline per year",
            "ratio",
            10.0,
            "x",
            "Factor by which token cost falls in a year (source: about 10x).",
        ),
        Setting(
            "projection_years",
            "GMO projection horizon",
            "ratio",
            1.0,
            "years",
            "How far ahead projected GMO looks.",
        ),
        Setting(
            "payback_threshold_months",
            "Payback matrix line",
            "count",
            12.0,
            "months",
            "Where the two-sided payback matrix draws its quadrant lines.",
        ),
        Setting(
            "run_rate_months",
            "Run-rate window",
            "count",
            3.0,
            "months",
            "Months averaged for run-rate payback and savings.",
        ),
        Setting(
            "milestone_days",
            "Milestone stage length",
            "count",
            30.0,
            "days",
            "How long the First Outcome and Deployment Payback stages last.",
        ),
        Setting(
            "as_of_month",
            "Report month",
            "month",
            None,
            help="The month the report is as of; blank: the latest month with outcomes.",
        ),
    ),
)

CUSTOMERS = Table(
    "customers",
    "Customers",
    "One row per customer: the contract and what it cost to win.",
    (
        Column("customer_id", "Customer ID", "id", help="Short unique id, e.g. C001."),
        Column("name", "Customer name", "text", help="As it should appear in the report."),
        Column("segment", "Segment", "text", required=False, help="e.g. Enterprise, Mid-market."),
        Column("signature_date", "Contract signature", "date", help="Day the contract was signed."),
        Column(
            "acquisition_cost",
            "Acquisition cost",
            "money",
            "currency",
            help="Sales and marketing cost of winning the customer.",
        ),
        Column(
            "customer_investment",
            "Customer's own investment",
            "money",
            "currency",
            required=False,
            help="What the customer spends on its side of the deployment (0 if none).",
        ),
        Column(
            "first_outcome_date",
            "First outcome date",
            "date",
            required=False,
            help="Day of the first AI work unit in production; blank: its month from Outcomes.",
        ),
        Column("churn_date", "Churn date", "date", required=False, help="Day the customer left."),
    ),
    key=("customer_id",),
)

PROCESSES = Table(
    "processes",
    "Processes",
    "One row per workflow of a customer's that the AI runs or could run.",
    (
        _CUSTOMER,
        Column("process_id", "Process ID", "id", help="Unique within the customer, e.g. P1."),
        Column("process_name", "Process name", "text", help="e.g. Tier-1 support tickets."),
        Column(
            "status",
            "Status",
            "choice",
            allowed=("deployed", "addressable"),
            help="deployed: live or being deployed; addressable: run by people, not yet deployed.",
        ),
        Column(
            "deployed_date",
            "Deployed date",
            "date",
            required=False,
            help="Day the process went live (required when deployed).",
        ),
        Column(
            "human_cost_per_unit",
            "Human cost per unit",
            "money",
            "currency/unit",
            help="Fully-loaded labor cost of one unit of this work done by people.",
        ),
        Column(
            "price_per_unit",
            "Price per unit",
            "money",
            "currency/unit",
            help="What the customer pays per AI-completed unit.",
        ),
        Column(
            "token_cost_per_unit",
            "Token cost per unit",
            "money",
            "currency/unit",
            help="Token and inference cost of one outcome.",
        ),
        Column(
            "oversight_cost_per_unit",
            "Oversight cost per unit",
            "money",
            "currency/unit",
            help="Human oversight and escalation cost of one outcome.",
        ),
        Column(
            "infra_cost_per_unit",
            "Infrastructure cost per unit",
            "money",
            "currency/unit",
            help="Infrastructure cost of one outcome.",
        ),
    ),
    key=("customer_id", "process_id"),
)

DEPLOYMENT = Table(
    "deployment",
    "Deployment",
    "The FDE log: one row per block of forward-deployed engineering work.",
    (
        _CUSTOMER,
        Column(
            "process_id",
            "Process ID",
            "id",
            required=False,
            help="The process worked on, if one.",
            references="processes",
        ),
        Column("date", "Date", "date", help="Day the work was done (or the block ended)."),
        Column("fde_days", "FDE days", "count", "days", help="Engineer-days of work."),
        Column(
            "daily_rate",
            "Daily rate",
            "money",
            "currency/day",
            required=False,
            help="Blank: the default FDE daily rate from Assumptions.",
        ),
        Column(
            "activity",
            "Activity",
            "choice",
            required=False,
            allowed=("integration", "configuration", "tuning and evaluation"),
            help="What the work was.",
        ),
    ),
)

OUTCOMES = Table(
    "outcomes",
    "Outcomes",
    "Monthly outcome volume: one row per customer, process and month.",
    (
        _CUSTOMER,
        Column(
            "process_id",
            "Process ID",
            "id",
            help="The process, as in Processes.",
            references="processes",
        ),
        Column("month", "Month", "month", help="Any day of the month (the 1st is usual)."),
        Column("units", "Units delivered", "count", "units", help="AI-completed outcomes."),
        Column(
            "revenue",
            "Revenue override",
            "money",
            "currency",
            required=False,
            help="Blank: units x price per unit.",
        ),
        Column(
            "cost_of_goods",
            "Cost of goods override",
            "money",
            "currency",
            required=False,
            help="Blank: units x (token + oversight + infrastructure cost per unit).",
        ),
    ),
    key=("customer_id", "process_id", "month"),
)

TOKENS = Table(
    "tokens",
    "Tokens",
    "Prepaid AI tokens (optional): purchases and consumption by month.",
    (
        _CUSTOMER,
        Column("month", "Month", "month", help="Month of the purchase or the consumption."),
        Column(
            "tokens_purchased",
            "Tokens purchased",
            "count",
            "tokens",
            required=False,
            help="Tokens bought this month (0 or blank if none).",
        ),
        Column(
            "tokens_consumed",
            "Tokens consumed",
            "count",
            "tokens",
            required=False,
            help="Tokens used this month.",
        ),
        Column(
            "expiry_date",
            "Expiry date",
            "date",
            required=False,
            help="Day the purchased balance expires (on purchase rows).",
        ),
    ),
    key=("customer_id", "month"),
    optional=True,
)

#: The row tables, in the order the workbook shows them.
TABLES = (CUSTOMERS, PROCESSES, DEPLOYMENT, OUTCOMES, TOKENS)
