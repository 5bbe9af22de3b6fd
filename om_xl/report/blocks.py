"""Report blocks: the report sheets' rows of cells, headers and number formats."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from om_xl.portfolio import Portfolio

__all__ = ["Block", "Formula", "Report", "layout_report", "plain"]


@dataclass(frozen=True)
class Formula:
    """A cell formula (Excel syntax, leading ``=``) and the value om_xl expects it to show."""

    text: str
    value: Any = None


@dataclass
class Block:
    """A table of cells on a report sheet, header in the layout's header row.

    ``kinds`` are number-format kinds (:data:`om_xl.workbook.layout.FORMATS`), one per
    column; ``first_col`` is the 0-based column of the block's first column.
    """

    sheet: str
    title: str
    subtitle: str
    headers: list[str]
    kinds: list[str]
    rows: list[list[Any]]
    first_col: int = 0
    #: Column headers whose cells get conditional formats, with the rule's name.
    highlights: dict[str, str] = field(default_factory=dict)
    #: A format kind per row for the value columns (the Checks sheet mixes dates and money).
    row_kinds: list[str] | None = None
    #: Label over the block where a sheet holds several (default: the title).
    label: str = ""

    def kinds_of_row(self, i: int) -> list[str]:
        """Each column's format kind in row `i`.

        With ``row_kinds`` (the Checks), the value columns take the row's kind: om_xl's
        value, the formula's value and their difference, which is in days for dates.
        """
        if self.row_kinds is None:
            return self.kinds
        kind = self.row_kinds[i]
        difference = "days" if kind in ("date", "month") else kind
        return [*self.kinds[:3], kind, kind, difference, *self.kinds[6:]]

    @property
    def width(self) -> int:
        """Number of columns."""
        return len(self.headers)


def plain(value: Any) -> Any:
    """A DataFrame value as a plain cell value (blank for NaN, NaT and empty text)."""
    if value is None or value is pd.NaT or (isinstance(value, str) and not value):
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        return None if ts is pd.NaT else ts.to_pydatetime()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return float(value)
    return value


#: (column key, header, format kind) of each report sheet's columns.
DASHBOARD = [
    ("customer_id", "Customer ID", "text"),
    ("name", "Customer", "text"),
    ("segment", "Segment", "text"),
    ("stage", "Stage", "text"),
    ("signature_date", "Signed", "date"),
    ("first_outcome_date", "First outcome", "date"),
    ("first_outcome_estimated", "First outcome estimated", "flag"),
    ("ttfo_days", "TTFO (days)", "days"),
    ("cod", "COD", "money"),
    ("post_launch_deployment_cost", "Post-launch FDE cost", "money"),
    ("acquisition_cost", "Acquisition cost", "money"),
    ("oce", "OCE (x)", "ratio"),
    ("oce_band", "OCE band", "text"),
    ("gmo_per_outcome", "GMO per outcome", "money_unit"),
    ("gmo_margin", "GMO margin", "share"),
    ("gmo_projected", "Projected GMO per outcome", "money_unit"),
    ("revenue_to_date", "Revenue to date", "money"),
    ("gross_profit_to_date", "Gross profit to date", "money"),
    ("revenue_last_month", "Revenue, report month", "money"),
    ("vendor_payback_months", "Vendor payback (months, run rate)", "months"),
    ("payback_months_actual", "Payback reached (months)", "months"),
    ("payback_months_projected", "Payback, reached or projected (months)", "months"),
    ("payback_status", "Payback status", "text"),
    ("customer_payback_months", "Customer payback (months)", "months"),
    ("binding_payback_months", "Binding payback (months)", "months"),
    ("binding_side", "Binding side", "text"),
    ("ppr", "PPR", "share"),
    ("nrr", "NRR", "share"),
    ("position", "J-curve position", "money"),
    ("labor_value_to_date", "Labor value delivered", "money"),
    ("net_savings_to_date", "Customer net savings", "money"),
    ("token_share_consumed", "Tokens used", "share"),
    ("token_share_unused_at_expiry", "Tokens unused at expiry (projected)", "share"),
    ("flag_summary", "Flags", "text"),
]
TIMELINE = [
    ("customer_id", "Customer ID", "text"),
    ("name", "Customer", "text"),
    ("month", "Month", "month"),
    ("month_number", "Month on book", "count"),
    ("stage", "Stage", "text"),
    ("units", "Units", "count"),
    ("revenue", "Revenue", "money"),
    ("token_cost", "Token cost", "money"),
    ("oversight_cost", "Oversight cost", "money"),
    ("infra_cost", "Infrastructure cost", "money"),
    ("gross_profit", "Gross profit", "money"),
    ("fde_cost", "FDE cost", "money"),
    ("acquisition_cost", "Acquisition cost", "money"),
    ("position", "J-curve position", "money"),
    ("labor_value", "Labor value", "money"),
    ("net_savings", "Net savings", "money"),
    ("cumulative_labor_value", "Cumulative labor value", "money"),
    ("active_processes", "Active processes", "count"),
    ("ppr", "PPR", "share"),
]
NRR = [
    ("window", "Window", "text"),
    ("month", "Month", "month"),
    ("beginning", "Beginning revenue", "money"),
    ("volume_expansion", "Volume expansion", "money"),
    ("new_process_expansion", "New process expansion", "money"),
    ("contraction", "Contraction", "money"),
    ("churn", "Churn", "money"),
    ("ending", "Ending revenue", "money"),
    ("nrr", "NRR", "share"),
    ("grr", "GRR", "share"),
    ("volume_expansion_share", "Volume (pts)", "share"),
    ("new_process_expansion_share", "New processes (pts)", "share"),
    ("contraction_share", "Contraction (pts)", "share"),
    ("churn_share", "Churn (pts)", "share"),
]
COHORTS = [
    ("cohort", "Cohort (first outcome)", "text"),
    ("months_since_first_outcome", "Months since first outcome", "count"),
    ("customers", "Customers", "count"),
    ("units", "Units", "count"),
    ("revenue", "Revenue", "money"),
    ("revenue_per_customer", "Revenue per customer", "money"),
    ("gross_profit", "Gross profit", "money"),
    ("mean_position", "Mean J-curve position", "money"),
]
PROCESSES = [
    ("customer_id", "Customer ID", "text"),
    ("process_id", "Process ID", "text"),
    ("process_name", "Process", "text"),
    ("status", "Status", "text"),
    ("live", "Live", "flag"),
    ("human_cost_per_unit", "Human cost per unit", "money_unit"),
    ("price_per_unit", "Price per unit", "money_unit"),
    ("oce", "OCE (x)", "ratio"),
    ("oce_band", "OCE band", "text"),
    ("cost_of_goods_per_unit", "Cost of goods per unit", "money_unit"),
    ("gmo", "GMO", "money_unit"),
    ("gmo_margin", "GMO margin", "share"),
    ("gmo_markup", "GMO markup", "ratio"),
    ("gmo_projected", "Projected GMO", "money_unit"),
    ("units_to_date", "Units to date", "count"),
    ("revenue_to_date", "Revenue to date", "money"),
    ("gross_profit_to_date", "Gross profit to date", "money"),
]

#: Report sheets: (sheet, title, what it shows, Portfolio attribute, columns).
SHEETS = [
    (
        "Dashboard",
        "Dashboard",
        "One row per customer: every metric as of the report month.",
        "dashboard",
        DASHBOARD,
    ),
    (
        "Timeline",
        "Monthly timeline",
        "Every customer's months from signature to the report month.",
        "timeline",
        TIMELINE,
    ),
    (
        "NRR",
        "Net revenue retention",
        "By month, month over month (MoM) and trailing 12 months (T12M), decomposed.",
        "nrr",
        NRR,
    ),
    (
        "Cohorts",
        "Cohorts",
        "Customers grouped by the quarter of their first outcome.",
        "cohorts",
        COHORTS,
    ),
    (
        "Process economics",
        "Process economics",
        "Unit economics and volume per process.",
        "processes",
        PROCESSES,
    ),
]


@dataclass
class Report:
    """Everything the report sheets and charts show."""

    blocks: list[Block]
    charts: list[Any]
    checks: Block
    #: Report month, refresh time and the like, for the Instructions sheet.
    status: dict[str, Any]


def _block(
    sheet: str, title: str, subtitle: str, frame: pd.DataFrame, columns: list[tuple[str, str, str]]
) -> Block:
    keys = [k for k, _, _ in columns]
    # a flag is 1 or 0, which its number format shows as a tick or nothing (a logical
    # value would show as TRUE or FALSE in Excel, whatever its format)
    flags = {k: frame[k].astype(float) for k, _, kind in columns if kind == "flag"}
    frame = frame.assign(**flags) if flags else frame
    values = frame[keys].to_numpy(dtype=object) if len(frame) else np.empty((0, len(keys)))
    rows = [[plain(v) for v in row] for row in values]
    return Block(
        sheet, title, subtitle, [h for _, h, _ in columns], [k for _, _, k in columns], rows
    )


def layout_report(portfolio: Portfolio, places: Any = None) -> Report:
    """Lay the portfolio out as report blocks, charts and checks.

    `places` locates the input tables for the Checks formulas
    (:class:`om_xl.report.checks.InputRanges`); without it there are no check rows.
    """
    from om_xl.report.charts import chart_blocks_and_specs
    from om_xl.report.checks import checks_block

    as_of = portfolio.as_of.strftime("%B %Y")
    blocks = []
    for sheet, title, what, attr, columns in SHEETS:
        blocks.append(
            _block(
                sheet, title, f"{what} Report month: {as_of}.", getattr(portfolio, attr), columns
            )
        )
    blocks[0].highlights = {
        "Stage": "stage",
        "OCE band": "band",
        "TTFO (days)": "ttfo",
        "J-curve position": "negative",
        "Flags": "flags",
    }
    data, charts = chart_blocks_and_specs(portfolio)
    return Report(
        blocks=blocks + data,
        charts=charts,
        checks=checks_block(portfolio, places),
        status={"as_of": portfolio.as_of.to_pydatetime(), "customers": len(portfolio.dashboard)},
    )
