"""The chart sheets: their data blocks on the Chart data sheet, and their series.

Every chart's series refer to ranges sized to the current portfolio, so after any
refresh a chart shows exactly the current customers, with no blank or stale series.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from om_xl.portfolio import Portfolio
from om_xl.report.blocks import Block, plain

__all__ = ["CHART_DATA", "MAX_CURVES", "ChartSpec", "Ref", "SeriesSpec", "chart_blocks_and_specs"]

CHART_DATA = "Chart data"
#: Customer J-curves drawn one per customer, at most this many (Excel allows 255
#: series; beyond a few dozen lines a chart stops being read). The portfolio J-curve
#: covers every customer.
MAX_CURVES = 25
_FIRST_ROW = 5  # the layout's first data row (header in row 4)


@dataclass(frozen=True)
class Ref:
    """A column range on a sheet: 0-based column, 1-based first and last row."""

    sheet: str
    col: int
    first: int
    last: int

    def formula(self) -> str:
        """The range as an absolute Excel reference, e.g. ``='Chart data'!$B$5:$B$40``."""
        from om_xl.workbook.read import column_letter

        c = column_letter(self.col)
        return f"='{self.sheet}'!${c}${self.first}:${c}${self.last}"


@dataclass(frozen=True)
class SeriesSpec:
    """One series: a name, values and categories (x values for a scatter)."""

    name: str
    values: Ref
    categories: Ref | None = None
    #: Drawing options: "color", "dash", "width", "marker", "secondary", "kind".
    style: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChartSpec:
    """A chart sheet: its chart type and series."""

    sheet: str
    title: str
    kind: str  # column, line, scatter
    series: list[SeriesSpec]
    subtype: str | None = None  # stacked
    x_title: str = ""
    y_title: str = ""
    y_format: str = "#,##0"
    y2_title: str = ""
    y2_format: str = "0%"
    x_format: str | None = None
    #: Both axes run from 0 to this (the payback matrix); None: automatic.
    axis_max: float | None = None


class _Layout:
    """Places chart data blocks side by side on the Chart data sheet."""

    def __init__(self) -> None:
        self.col = 0
        self.blocks: list[Block] = []

    def add(
        self, title: str, headers: list[str], kinds: list[str], rows: list[list[Any]]
    ) -> list[Ref]:
        block = Block(
            CHART_DATA,
            "Chart data",
            "The data every chart sheet draws; rewritten on every refresh.",
            headers,
            kinds,
            rows,
            first_col=self.col,
            label=title,
        )
        self.blocks.append(block)
        last = _FIRST_ROW + max(len(rows), 1) - 1
        refs = [Ref(CHART_DATA, self.col + i, _FIRST_ROW, last) for i in range(len(headers))]
        self.col += len(headers) + 1
        return refs


def _column(frame: pd.DataFrame, key: str) -> list[Any]:
    return [plain(v) for v in frame[key].tolist()]


def _rows(*columns: Any) -> list[list[Any]]:
    """Columns of equal length side by side, as rows of plain cell values."""
    return [[plain(v) for v in row] for row in zip(*columns, strict=True)]


def chart_blocks_and_specs(p: Portfolio) -> tuple[list[Block], list[ChartSpec]]:
    """The Chart data blocks and every chart sheet's specification."""
    lay = _Layout()
    s = p.assumptions
    d = p.dashboard
    names = _column(d, "customer_id")
    charts: list[ChartSpec] = []
    zero = {"color": "#000000", "dash": "dash", "width": 1.0}

    # customer J-curves: position by months since signature
    t = p.timeline
    shown = names[:MAX_CURVES]
    wide = t[t.customer_id.isin(shown)].pivot(
        index="month_number", columns="customer_id", values="position"
    )
    months = list(range(1, int(t.month_number.max()) + 1)) if len(t) else [1]
    wide = wide.reindex(index=months, columns=shown)
    rows = [[float(k), 0.0, *[plain(v) for v in wide.loc[k].tolist()]] for k in months]
    refs = lay.add(
        "Customer J-curves",
        ["Month on book", "Zero", *shown],
        ["count", "money", *["money"] * len(shown)],
        rows,
    )
    charts.append(
        ChartSpec(
            "J-curves",
            "Customer J-curves: cumulative position by month on book",
            "line",
            [SeriesSpec(n, r, refs[0]) for n, r in zip(shown, refs[2:], strict=True)]
            + [SeriesSpec("Zero", refs[1], refs[0], zero)],
            x_title="Months since contract signature",
            y_title="Cumulative position",
        )
    )

    # portfolio J-curve: the mean, since fewer customers reach each later month
    j = p.jcurve
    # a mean over the one or two oldest customers swings with them: draw the months
    # that at least a tenth of the customers (and three) have reached
    enough = min(max(3, int(np.ceil(0.1 * len(d)))), int(j.customers.max()) if len(j) else 0)
    j = j[j.customers >= enough]
    rows = _rows(
        j.months_since_signature, j.mean_position, j.customers, [0.0] * len(j), j.share_paid_back
    )
    refs = lay.add(
        "Portfolio J-curve",
        ["Month on book", "Mean position", "Customers", "Zero", "Share paid back"],
        ["count", "money", "count", "money", "share"],
        rows,
    )
    charts.append(
        ChartSpec(
            "Portfolio J-curve",
            "Portfolio J-curve: mean position per customer by month on book (months at "
            f"least {enough} customers have reached)",
            "line",
            [
                SeriesSpec(
                    "Mean position per customer",
                    refs[1],
                    refs[0],
                    {"color": "#1F4E79", "width": 2.5},
                ),
                SeriesSpec("Zero", refs[3], refs[0], zero),
                SeriesSpec(
                    "Share of customers paid back",
                    refs[4],
                    refs[0],
                    {"secondary": True, "color": "#70AD47", "dash": "dash"},
                ),
            ],
            x_title="Months since contract signature",
            y_title="Cumulative position per customer",
            y2_title="Share paid back",
        )
    )

    # NRR with its decomposition, in the headline window
    n = p.nrr[p.nrr.window == s["nrr_window"]]
    rows = _rows(
        n.month,
        n.volume_expansion_share,
        n.new_process_expansion_share,
        -n.contraction_share,
        -n.churn_share,
        n.nrr,
    )
    refs = lay.add(
        f"NRR ({s['nrr_window']})",
        ["Month", "Volume expansion", "New processes", "Contraction", "Churn", "NRR"],
        ["month", "share", "share", "share", "share", "share"],
        rows,
    )
    colors = ["#4472C4", "#70AD47", "#ED7D31", "#C00000"]
    charts.append(
        ChartSpec(
            "NRR chart",
            f"NRR ({s['nrr_window']}) and its decomposition",
            "column",
            [
                SeriesSpec(name, ref, refs[0], {"color": c})
                for name, ref, c in zip(
                    ["Volume expansion", "New processes", "Contraction", "Churn"],
                    refs[1:5],
                    colors,
                    strict=True,
                )
            ]
            + [
                SeriesSpec(
                    "NRR",
                    refs[5],
                    refs[0],
                    {"kind": "line", "secondary": True, "color": "#000000", "width": 2.25},
                )
            ],
            subtype="stacked",
            y_title="Points of beginning revenue",
            y_format="0%",
            y2_title="NRR",
            x_format="mmm yy",
        )
    )

    # two-sided payback matrix
    threshold = float(s["payback_threshold_months"])
    v, c = d.vendor_payback_months.to_numpy(float), d.customer_payback_months.to_numpy(float)
    both = ~np.isnan(v) & ~np.isnan(c)
    furthest = max(2 * threshold, float(np.nanmax(np.r_[v[both], c[both], 0.0])) * 1.05)
    top = float(np.ceil(furthest / 6) * 6)  # whole half-years
    rows = _rows(v[both], c[both], np.array(names, dtype=object)[both])
    refs = lay.add(
        "Two-sided payback",
        ["Vendor payback (months)", "Customer payback (months)", "Customer"],
        ["months", "months", "text"],
        rows,
    )
    lines = lay.add(
        "Quadrant lines",
        ["x", "Vendor line", "y", "Customer line"],
        ["months"] * 4,
        [[threshold, 0.0, 0.0, threshold], [threshold, top, top, threshold]],
    )
    charts.append(
        ChartSpec(
            "Payback matrix",
            "Two-sided payback: vendor months against customer months",
            "scatter",
            [
                SeriesSpec("Customers", refs[1], refs[0], {"marker": "circle", "color": "#1F4E79"}),
                SeriesSpec(
                    f"Vendor payback {threshold:g} months",
                    lines[1],
                    lines[0],
                    {"line": True, "color": "#7F7F7F", "dash": "dash"},
                ),
                SeriesSpec(
                    f"Customer payback {threshold:g} months",
                    lines[3],
                    lines[2],
                    {"line": True, "color": "#7F7F7F", "dash": "dash"},
                ),
            ],
            x_title="Vendor payback (months, run rate)",
            y_title="Customer payback (months)",
            y_format="0",
            x_format="0",
            axis_max=top,
        )
    )

    # OCE by customer against the bands
    low, high = float(s["oce_at_risk_below"]), float(s["oce_sticky_from"])
    rows = _rows(names, d.oce, [low] * len(d), [high] * len(d))
    refs = lay.add(
        "OCE",
        ["Customer", "OCE", "At risk below", "Sticky from"],
        ["text", "ratio", "ratio", "ratio"],
        rows,
    )
    charts.append(
        ChartSpec(
            "OCE chart",
            "Outcome Cost Efficiency by customer",
            "column",
            [
                SeriesSpec("OCE", refs[1], refs[0], {"color": "#4472C4"}),
                SeriesSpec(
                    f"At risk below {low:g}x",
                    refs[2],
                    refs[0],
                    {"kind": "line", "color": "#C00000", "dash": "dash"},
                ),
                SeriesSpec(
                    f"Sticky from {high:g}x",
                    refs[3],
                    refs[0],
                    {"kind": "line", "color": "#70AD47", "dash": "dash"},
                ),
            ],
            y_title="Labor value per unit of price (x)",
            y_format='0.0"x"',
        )
    )

    # TTFO against the benchmark
    bench = float(s["ttfo_benchmark_days"])
    rows = _rows(names, d.ttfo_days, [bench] * len(d))
    refs = lay.add("TTFO", ["Customer", "TTFO (days)", "Benchmark"], ["text", "days", "days"], rows)
    charts.append(
        ChartSpec(
            "TTFO chart",
            "Time to First Outcome by customer",
            "column",
            [
                SeriesSpec("TTFO (days)", refs[1], refs[0], {"color": "#4472C4"}),
                SeriesSpec(
                    f"Benchmark {bench:g} days",
                    refs[2],
                    refs[0],
                    {"kind": "line", "color": "#C00000", "dash": "dash"},
                ),
            ],
            y_title="Days from signature",
            y_format="0",
        )
    )

    # PPR
    rows = _rows(names, d.ppr)
    refs = lay.add("PPR", ["Customer", "PPR"], ["text", "share"], rows)
    charts.append(
        ChartSpec(
            "PPR chart",
            "Process Penetration Rate by customer",
            "column",
            [SeriesSpec("PPR", refs[1], refs[0], {"color": "#70AD47"})],
            y_title="Share of addressable processes deployed",
            y_format="0%",
        )
    )

    # GMO cost stack per process
    pr = p.processes
    label = [f"{a} {b}" for a, b in zip(pr.customer_id, pr.process_id, strict=True)]
    rows = _rows(
        label, pr.token_cost_per_unit, pr.oversight_cost_per_unit, pr.infra_cost_per_unit, pr.gmo
    )
    refs = lay.add(
        "GMO stack",
        ["Process", "Token", "Oversight", "Infrastructure", "GMO"],
        ["text", "money_unit", "money_unit", "money_unit", "money_unit"],
        rows,
    )
    charts.append(
        ChartSpec(
            "GMO chart",
            "Price per outcome: cost of goods and gross margin, by process",
            "column",
            [
                SeriesSpec(name, ref, refs[0], {"color": c})
                for name, ref, c in zip(
                    ["Token and inference", "Oversight", "Infrastructure", "Gross margin"],
                    refs[1:],
                    ["#ED7D31", "#FFC000", "#A5A5A5", "#70AD47"],
                    strict=True,
                )
            ],
            subtype="stacked",
            y_title="Per outcome",
            y_format="#,##0.00",
        )
    )

    # cumulative value delivered to customers, by calendar month
    v = t.groupby("month")[["labor_value", "net_savings"]].sum().cumsum().reset_index()
    rows = _rows(v.month, v.labor_value, v.net_savings)
    refs = lay.add(
        "Value delivered",
        ["Month", "Labor value delivered", "Net savings"],
        ["month", "money", "money"],
        rows,
    )
    charts.append(
        ChartSpec(
            "Value chart",
            "Value delivered to customers, cumulative",
            "line",
            [
                SeriesSpec(
                    "Labor value delivered", refs[1], refs[0], {"color": "#1F4E79", "width": 2.5}
                ),
                SeriesSpec(
                    "Customers' net savings", refs[2], refs[0], {"color": "#70AD47", "width": 2.5}
                ),
            ],
            y_title="Cumulative",
            x_format="mmm yy",
        )
    )
    return lay.blocks, charts
