"""From clean input tables to every customer's monthly economics.

All arrays are customers x months or processes x months on one calendar grid
(:class:`~om_xl.portfolio.grid.Grid`); every metric comes from :mod:`om_xl.metrics`,
called once on whole arrays. No Python loop runs per customer or per month.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from om_xl import metrics as m
from om_xl.portfolio.grid import Grid, month_number, serial_month, to_excel_serial
from om_xl.portfolio.inputs import Inputs

__all__ = ["Model"]

#: Cost-of-goods components, in the order of the per-unit cost columns.
COMPONENTS = ("token", "oversight", "infra")


def _per_customer(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum rows of `values` (processes, lines) into one row per customer code."""
    out = np.zeros((n, *values.shape[1:]))
    np.add.at(out, codes, values)
    return out


def _trailing_mean(
    grid: np.ndarray, end_col: np.ndarray, start_col: np.ndarray, window: int
) -> np.ndarray:
    """Mean of each row over its last `window` columns up to `end_col`, from `start_col` on."""
    cols = np.arange(grid.shape[1])[None, :]
    lo = np.maximum(end_col - window + 1, start_col)[:, None]
    inside = (cols >= lo) & (cols <= end_col[:, None])
    count = inside.sum(axis=1)
    total = np.where(inside, grid, 0.0).sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


@dataclass
class Model:
    """The portfolio's arrays and per-customer figures, computed lazily and once."""

    inputs: Inputs

    # --- settings and the grid ----------------------------------------------------------

    @property
    def settings(self) -> dict[str, Any]:
        """The typed assumptions."""
        return self.inputs.assumptions

    @cached_property
    def customers(self) -> pd.DataFrame:
        """The Customers table, rows numbered 0..n-1."""
        return self.inputs.customers.reset_index(drop=True)

    @cached_property
    def n(self) -> int:
        """Number of customers."""
        return len(self.customers)

    @cached_property
    def as_of(self) -> int:
        """The report month as a month number."""
        stated = self.settings.get("as_of_month")
        if stated is not None and not pd.isna(stated):
            return int(month_number(np.array([stated]))[0])
        candidates = [
            month_number(self.inputs.outcomes["month"]),
            month_number(self.customers["signature_date"]),
        ]
        found = np.concatenate(candidates)
        return int(np.nanmax(found)) if np.isfinite(found).any() else 0

    @cached_property
    def signed_month(self) -> np.ndarray:
        """Month number of each signature."""
        return month_number(self.customers["signature_date"])

    @cached_property
    def signed(self) -> np.ndarray:
        """Each signature date as an Excel serial number."""
        return to_excel_serial(self.customers["signature_date"])

    @cached_property
    def grid(self) -> Grid:
        """Months from the earliest signature to the report month."""
        first = np.nanmin(self.signed_month, initial=self.as_of)
        return Grid.spanning(first, self.as_of)

    @cached_property
    def signed_col(self) -> np.ndarray:
        """Grid column of each customer's signature month."""
        return self.grid.column(self.signed_month).astype(int)

    @cached_property
    def as_of_col(self) -> int:
        """Grid column of the report month (the last)."""
        return self.grid.size - 1

    @cached_property
    def on_book(self) -> np.ndarray:
        """Customers x months: the month is on or after the signature month."""
        return np.arange(self.grid.size)[None, :] >= self.signed_col[:, None]

    def customer_codes(self, ids: pd.Series) -> np.ndarray:
        """Row of each id in the Customers table (-1 for unknown ids)."""
        index = pd.Index(self.customers["customer_id"])
        return index.get_indexer(ids)

    # --- processes and volumes ------------------------------------------------------------

    @cached_property
    def processes(self) -> pd.DataFrame:
        """The Processes table, rows of known customers only."""
        p = self.inputs.processes.reset_index(drop=True)
        return p[self.customer_codes(p["customer_id"]) >= 0].reset_index(drop=True)

    @cached_property
    def process_customer(self) -> np.ndarray:
        """Customer row of each process."""
        return self.customer_codes(self.processes["customer_id"])

    @cached_property
    def unit_costs(self) -> np.ndarray:
        """Processes x 3: token, oversight and infrastructure cost per unit."""
        cols = [f"{c}_cost_per_unit" for c in COMPONENTS]
        return self.processes[cols].to_numpy(dtype=float)

    @cached_property
    def volumes(self) -> dict[str, np.ndarray]:
        """Processes x months: units, revenue and the three cost-of-goods components."""
        o = self.inputs.outcomes
        key = pd.MultiIndex.from_frame(self.processes[["customer_id", "process_id"]])
        row = key.get_indexer(pd.MultiIndex.from_frame(o[["customer_id", "process_id"]]))
        keep = row >= 0
        o, row = o[keep], row[keep]
        months = month_number(o["month"])
        units = o["units"].to_numpy(dtype=float)
        price = self.processes["price_per_unit"].to_numpy(dtype=float)[row]
        revenue = np.where(o["revenue"].isna(), units * price, o["revenue"].to_numpy(float))
        costs = units[:, None] * self.unit_costs[row]
        stated = o["cost_of_goods"].to_numpy(dtype=float)
        # an override of cost of goods is split in the proportions of the unit costs
        # (in equal thirds where the unit costs are all zero)
        total = costs.sum(axis=1)
        share = np.where(total[:, None] > 0, costs / np.where(total > 0, total, 1)[:, None], 1 / 3)
        costs = np.where(np.isnan(stated)[:, None], costs, stated[:, None] * share)
        n = len(self.processes)
        out = {
            "units": self.grid.scatter(row, months, units, n),
            "revenue": self.grid.scatter(row, months, revenue, n),
        }
        for j, name in enumerate(COMPONENTS):
            out[name] = self.grid.scatter(row, months, costs[:, j], n)
        return out

    @cached_property
    def totals(self) -> dict[str, np.ndarray]:
        """Customers x months: the process volumes summed per customer."""
        out = {k: _per_customer(self.process_customer, v, self.n) for k, v in self.volumes.items()}
        out["cost_of_goods"] = out["token"] + out["oversight"] + out["infra"]
        out["gross_profit"] = out["revenue"] - out["cost_of_goods"]
        labor = (
            self.volumes["units"] * self.processes["human_cost_per_unit"].to_numpy(float)[:, None]
        )
        out["labor_value"] = _per_customer(self.process_customer, labor, self.n)
        out["net_savings"] = out["labor_value"] - out["revenue"]
        return out

    # --- deployment ---------------------------------------------------------------------

    @cached_property
    def deployment(self) -> pd.DataFrame:
        """The FDE log with customer rows, rates (default filled in) and serial dates.

        Work dated after the report month has not happened yet as of the report (a plan
        typed ahead): it is left out, as outcomes after the report month are.
        """
        d = self.inputs.deployment.reset_index(drop=True)
        d = d.assign(code=self.customer_codes(d["customer_id"]), serial=to_excel_serial(d["date"]))
        d = d[(d["code"] >= 0) & (d["serial"] <= self.grid.ends[-1])].reset_index(drop=True)
        rate = d["daily_rate"].fillna(self.settings["fde_daily_rate"])
        return d.assign(rate=rate.to_numpy(float))

    @cached_property
    def fde_cost(self) -> np.ndarray:
        """Customers x months: FDE cost of the work logged in each month."""
        d = self.deployment
        cost = d["fde_days"].to_numpy(float) * d["rate"].to_numpy(float)
        return self.grid.scatter(d["code"].to_numpy(), month_number(d["date"]), cost, self.n)

    @cached_property
    def first_outcome(self) -> np.ndarray:
        """First outcome per customer (Excel serial): as entered, else its first month.

        From monthly data alone the day is unknown; the first day of the month of the
        first outcomes (but not before signature) is the earliest it can have been.
        """
        stated = to_excel_serial(self.customers["first_outcome_date"])
        has = self.totals["units"] > 0
        col = np.where(has.any(axis=1), has.argmax(axis=1), -1)
        month_start = self.grid.start_serials[np.maximum(col, 0)]
        derived = np.where(col >= 0, np.maximum(month_start, self.signed), np.nan)
        return np.where(np.isnan(stated), derived, stated)

    @cached_property
    def first_outcome_stated(self) -> np.ndarray:
        """Whether the first outcome date was entered (not derived)."""
        return self.customers["first_outcome_date"].notna().to_numpy()

    @cached_property
    def cod(self) -> np.ndarray:
        """Cost of Deployment per customer: FDE cost up to the first outcome."""
        d = self.deployment
        codes = d["code"].to_numpy()
        line = [d[k].to_numpy(float)[:, None] for k in ("fde_days", "rate", "serial")]
        per_line = m.cod(*line, self.first_outcome[codes][:, None], axis=1)
        return np.bincount(codes, per_line, minlength=self.n).astype(float)

    @cached_property
    def deployment_total(self) -> np.ndarray:
        """All FDE cost to date per customer (COD and post-launch)."""
        return self.fde_cost.sum(axis=1)

    # --- the J-curve and payback -----------------------------------------------------------

    @cached_property
    def acquisition(self) -> np.ndarray:
        """Acquisition cost per customer."""
        return self.customers["acquisition_cost"].to_numpy(float)

    @cached_property
    def position(self) -> np.ndarray:
        """Customers x months: cumulative position at each month's end."""
        flow = np.where(self.on_book, self.totals["gross_profit"] - self.fde_cost, 0.0)
        return np.where(self.on_book, np.cumsum(flow, axis=1) - self.acquisition[:, None], np.nan)

    @cached_property
    def aligned_net(self) -> np.ndarray:
        """Customers x months since signature: gross profit less FDE cost, month 1 first."""
        return self.grid.align(self.totals["gross_profit"] - self.fde_cost, self.signed_col)

    @cached_property
    def months_on_book(self) -> np.ndarray:
        """Months from the signature month to the report month, both counted."""
        return self.as_of_col - self.signed_col + 1

    @cached_property
    def first_outcome_months(self) -> np.ndarray:
        """Months from the start of the signature month to the first outcome, as a crossing.

        Whole months before the first outcome's month, plus the share of its month gone
        by: the inverse of :attr:`payback_date`'s interpolation (``nan``: no outcome yet).
        """
        fo = self.first_outcome
        col = np.nan_to_num(self.grid.column(serial_month(fo)), nan=0)
        col = np.clip(col, 0, self.grid.size - 1).astype(int)
        starts = self.grid.start_serials
        days = self.grid.ends[col] - starts[col] + 1
        return col - self.signed_col + (fo - starts[col]) / days

    def _crossing(self, sustained: bool) -> np.ndarray:
        """Payback months, never before the first outcome that earns them."""
        months = m.payback_months(self.acquisition, self.aligned_net, sustained=sustained)
        months = np.maximum(months, self.first_outcome_months)  # nan: no outcome yet
        return np.where(months <= self.months_on_book, months, np.nan)

    @cached_property
    def payback_actual(self) -> np.ndarray:
        """Months on the timeline until the J-curve first crosses zero (``nan``: not yet)."""
        return self._crossing(False)

    @cached_property
    def payback_sustained(self) -> np.ndarray:
        """Months until the last crossing after which it stays above zero."""
        return self._crossing(True)

    @cached_property
    def payback_date(self) -> np.ndarray:
        """Date of the first crossing (Excel serial), interpolated inside its month."""
        t = self.payback_actual
        whole = np.floor(np.nan_to_num(t, nan=0.0)).astype(int)
        starts = self.grid.start_serials
        ends = self.grid.ends
        col = np.clip(self.signed_col + whole, 0, self.grid.size - 1)
        days = ends[col] - starts[col] + 1
        date = starts[col] + (t - whole) * days
        # t is never before the first outcome (_crossing); fmax keeps the day when
        # rounding puts t's date a hair before it
        date = np.fmax(np.floor(date), self.first_outcome)
        return np.where(np.isnan(t), np.nan, date)

    @cached_property
    def window(self) -> int:
        """Months in the run-rate window."""
        return int(self.settings["run_rate_months"])

    def run_rate(self, grid: np.ndarray) -> np.ndarray:
        """Trailing mean per customer over the run-rate window, from the first outcome on."""
        first_col = self.grid.column(serial_month(self.first_outcome))
        first_col = np.where(np.isnan(first_col), self.grid.size, first_col).astype(int)
        return _trailing_mean(grid, np.full(self.n, self.as_of_col), first_col, self.window)

    @cached_property
    def gross_profit_rate(self) -> np.ndarray:
        """Run-rate monthly gross profit per customer."""
        return self.run_rate(self.totals["gross_profit"])

    @cached_property
    def savings_rate(self) -> np.ndarray:
        """Run-rate monthly net labor savings per customer."""
        return self.run_rate(self.totals["net_savings"])

    @cached_property
    def vendor_payback(self) -> np.ndarray:
        """Run-rate vendor payback, the source's ratio: (acquisition + COD) / monthly GP."""
        return m.vendor_payback(self.acquisition, self.cod, self.gross_profit_rate)

    @cached_property
    def customer_payback(self) -> np.ndarray:
        """Run-rate customer payback: own investment / monthly net savings."""
        investment = self.customers["customer_investment"].fillna(0.0).to_numpy(float)
        return m.customer_payback(investment, self.savings_rate)

    @cached_property
    def payback_projected(self) -> np.ndarray:
        """Crossing month where reached; else today plus the deficit at the run rate."""
        deficit = -self.position[:, self.as_of_col]
        ahead = m.vendor_payback(np.maximum(deficit, 0.0), 0.0, self.gross_profit_rate)
        projected = self.months_on_book + ahead
        return np.where(np.isnan(self.payback_actual), projected, self.payback_actual)

    # --- stage, penetration, value --------------------------------------------------------

    @cached_property
    def churn(self) -> np.ndarray:
        """Churn date per customer (Excel serial; ``nan`` if none)."""
        return to_excel_serial(self.customers["churn_date"])

    @cached_property
    def stage(self) -> np.ndarray:
        """Customers x months: the stage at each month's end."""
        return m.stage(
            self.signed[:, None],
            self.first_outcome[:, None],
            self.payback_date[:, None],
            self.grid.ends[None, :],
            self.churn[:, None],
            milestone_days=self.settings["milestone_days"],
        )

    @cached_property
    def live(self) -> np.ndarray:
        """Processes x months: the process is deployed and live at the month's end."""
        p = self.processes
        deployed = (p["status"] == "deployed").to_numpy()
        since = to_excel_serial(p["deployed_date"])
        churn = self.churn[self.process_customer]
        ends = self.grid.ends[None, :]
        return deployed[:, None] & (since[:, None] <= ends) & ~(churn[:, None] <= ends)

    @cached_property
    def ppr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Customers x months: (PPR, active processes, addressable not yet deployed)."""
        active = _per_customer(self.process_customer, self.live.astype(float), self.n)
        count = np.bincount(self.process_customer, minlength=self.n).astype(float)
        rest = count[:, None] - active
        return m.ppr(active, rest), active, rest

    @cached_property
    def value(self) -> m.V2C:
        """Customers x months: value to the customer, per month and cumulative."""
        labor, savings = self.totals["labor_value"], self.totals["net_savings"]
        return m.V2C(labor, savings, np.cumsum(labor, axis=1), np.cumsum(savings, axis=1))
