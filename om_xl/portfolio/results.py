"""The portfolio's report tables: one object holding every DataFrame the report shows.

:func:`compute` turns clean inputs into a :class:`Portfolio`; :func:`run` validates
raw inputs first and raises :class:`~om_xl.portfolio.inputs.ValidationError` listing
every problem. ``docs/model.md`` documents every column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from om_xl import metrics as m
from om_xl.metrics._inputs import divide
from om_xl.portfolio.grid import from_excel_serial, month_number, serial_month, to_excel_serial
from om_xl.portfolio.inputs import Inputs, ValidationError
from om_xl.portfolio.model import Model
from om_xl.portfolio.validate import validate

__all__ = ["NRR_WINDOWS", "Portfolio", "compute", "run"]

#: NRR windows: how many months back the start of each window lies.
NRR_WINDOWS = {"MoM": 1, "T12M": 12}
_PARTS = ("volume_expansion", "new_process_expansion", "contraction", "churn")
_SHARES = [f"{k}_share" for k in _PARTS]


@dataclass(frozen=True)
class Portfolio:
    """Every report table, as pandas DataFrames; columns are listed in docs/model.md."""

    #: The report month (its first day).
    as_of: pd.Timestamp
    #: The settings used, defaults filled in.
    assumptions: dict[str, Any]
    #: One row per customer: every metric as of the report month, and flags.
    dashboard: pd.DataFrame
    #: One row per customer and month from signature to the report month.
    timeline: pd.DataFrame
    #: One row per process: unit economics and volume to date.
    processes: pd.DataFrame
    #: NRR by month in both windows, with its decomposition.
    nrr: pd.DataFrame
    #: Cohorts by quarter of first outcome, by months since the first outcome.
    cohorts: pd.DataFrame
    #: The portfolio's J-curve by months since signature.
    jcurve: pd.DataFrame


def run(inputs: Inputs) -> Portfolio:
    """Validate raw inputs and compute the portfolio.

    Raises
    ------
    ValidationError
        If the inputs have problems; ``.problems`` lists every one.
    """
    clean, problems = validate(inputs)
    if problems:
        raise ValidationError(problems)
    return compute(clean)


def compute(inputs: Inputs) -> Portfolio:
    """Compute every report table from clean, validated inputs."""
    model = Model(inputs)
    return Portfolio(
        as_of=model.grid.starts[-1],
        assumptions=dict(inputs.assumptions),
        dashboard=_dashboard(model),
        timeline=_timeline(model),
        processes=_processes(model),
        nrr=_nrr(model),
        cohorts=_cohorts(model),
        jcurve=_jcurve(model),
    )


# --- per customer ---------------------------------------------------------------------


def _flag_text(flags: dict[str, np.ndarray]) -> list[str]:
    names = list(flags)
    stacked = np.column_stack([flags[k] for k in names]) if names else np.zeros((0, 0), bool)
    return ["; ".join(n for n, on in zip(names, row, strict=True) if on) for row in stacked]


def _tokens(model: Model) -> m.TokenAdoption:
    t = model.inputs.tokens
    n = model.n
    if t is None or t.empty:
        nan = np.full(n, np.nan)
        return m.TokenAdoption(nan, nan, nan, nan)
    code = model.customer_codes(t["customer_id"])
    month = month_number(t["month"])
    keep = (code >= 0) & (month <= model.as_of)
    t, code, month = t[keep], code[keep], month[keep]
    bought = np.bincount(code, t["tokens_purchased"].fillna(0).to_numpy(float), n)
    used = np.bincount(code, t["tokens_consumed"].fillna(0).to_numpy(float), n)
    first = np.full(n, np.inf)
    np.minimum.at(first, code, month)
    elapsed = np.where(np.isfinite(first), model.as_of - first + 1, np.nan)
    expiry = np.full(n, -np.inf)
    np.maximum.at(expiry, code, np.nan_to_num(to_excel_serial(t["expiry_date"]), nan=-np.inf))
    as_of_end = model.grid.ends[-1]
    left = np.where(np.isfinite(expiry), np.maximum(expiry - as_of_end, 0) / (365.25 / 12), np.nan)
    bought = np.where(np.isfinite(first), bought, np.nan)
    return m.token_adoption(bought, used, elapsed, left)


def _dashboard(model: Model) -> pd.DataFrame:
    s = model.settings
    c = model.customers
    last = model.as_of_col
    totals = {k: v.sum(axis=1) for k, v in model.totals.items()}  # the grid ends at as_of
    units = totals["units"]
    per_unit = {k: divide(totals[k], units) for k in ("revenue", "token", "oversight", "infra")}
    oce = m.oce(totals["labor_value"], totals["revenue"])
    binding_months, binding_side = m.binding_payback(model.vendor_payback, model.customer_payback)
    ppr, active, rest = model.ppr
    ttfo = m.ttfo(model.signed, model.first_outcome)
    tokens = _tokens(model)
    nrr = _customer_nrr(model, s["nrr_window"])
    reached = ~np.isnan(model.payback_actual)
    relapsed = reached & (model.position[:, last] < 0)
    status = np.select(
        [reached, ~np.isnan(model.payback_projected)], ["reached", "projected"], "not in sight"
    )
    churned = model.churn <= model.grid.ends[-1]
    flags = {
        f"OCE under {s['oce_at_risk_below']:g}x": oce < s["oce_at_risk_below"],
        f"TTFO over {s['ttfo_benchmark_days']:g} days": ttfo > s["ttfo_benchmark_days"],
        "no first outcome yet": np.isnan(model.first_outcome),
        "payback not reached": ~reached & ~churned,
        "back below zero": relapsed,
        "churned before payback": churned & ~reached,
        "margin negative": totals["gross_profit"] < 0,
        "tokens under-used": tokens.share_unused_at_expiry > 0.5,
    }
    frame = pd.DataFrame(
        {
            "customer_id": c["customer_id"],
            "name": c["name"],
            "segment": c["segment"],
            "stage": model.stage[:, last],
            "signature_date": c["signature_date"],
            "first_outcome_date": from_excel_serial(model.first_outcome),
            "first_outcome_estimated": ~model.first_outcome_stated & ~np.isnan(model.first_outcome),
            "ttfo_days": ttfo,
            "cod": model.cod,
            "post_launch_deployment_cost": model.deployment_total - np.nan_to_num(model.cod),
            "acquisition_cost": model.acquisition,
            "units_to_date": units,
            "revenue_to_date": totals["revenue"],
            "gross_profit_to_date": totals["gross_profit"],
            "units_last_month": model.totals["units"][:, last],
            "revenue_last_month": model.totals["revenue"][:, last],
            "oce": oce,
            "oce_band": m.oce_band(oce, s["oce_at_risk_below"], s["oce_sticky_from"]),
            "gmo_per_outcome": m.gmo(
                per_unit["revenue"], per_unit["token"], per_unit["oversight"], per_unit["infra"]
            ),
            "gmo_margin": m.gmo_margin(
                totals["revenue"], totals["token"], totals["oversight"], totals["infra"]
            ),
            "gmo_projected": m.gmo_projected(
                per_unit["revenue"],
                per_unit["token"],
                per_unit["oversight"],
                per_unit["infra"],
                s["projection_years"],
                s["inference_decline_per_year"],
            ),
            "monthly_gross_profit_run_rate": model.gross_profit_rate,
            "vendor_payback_months": model.vendor_payback,
            "payback_months_actual": model.payback_actual,
            "payback_months_sustained": model.payback_sustained,
            "payback_months_projected": model.payback_projected,
            "payback_status": status,
            "payback_date": from_excel_serial(model.payback_date),
            "monthly_net_savings_run_rate": model.savings_rate,
            "customer_payback_months": model.customer_payback,
            "binding_payback_months": binding_months,
            "binding_side": binding_side,
            "active_processes": active[:, last],
            "addressable_processes": rest[:, last],
            "ppr": ppr[:, last],
            "nrr": nrr,
            "position": model.position[:, last],
            "labor_value_to_date": model.value.cumulative_labor_value[:, last],
            "net_savings_to_date": model.value.cumulative_net_savings[:, last],
            "token_share_consumed": tokens.share_consumed,
            "token_burn_per_month": tokens.burn_rate,
            "token_months_to_exhaustion": tokens.months_to_exhaustion,
            "token_share_unused_at_expiry": tokens.share_unused_at_expiry,
            "churn_date": c["churn_date"],
            "flag_summary": _flag_text(flags),
        }
    )
    for name, on in flags.items():
        frame[f"flag: {name}"] = on
    return frame


# --- per month ------------------------------------------------------------------------


def _timeline(model: Model) -> pd.DataFrame:
    rows, cols = np.nonzero(model.on_book)
    t = model.totals
    ppr, active, _ = model.ppr
    cumulative = {
        "cumulative_gross_profit": np.cumsum(np.where(model.on_book, t["gross_profit"], 0), 1),
        "cumulative_deployment_cost": np.cumsum(np.where(model.on_book, model.fde_cost, 0), 1),
    }
    columns = {
        "customer_id": model.customers["customer_id"].to_numpy()[rows],
        "name": model.customers["name"].to_numpy()[rows],
        "month": model.grid.starts.to_numpy()[cols],
        "month_number": cols - model.signed_col[rows] + 1,
        "units": t["units"][rows, cols],
        "revenue": t["revenue"][rows, cols],
        "token_cost": t["token"][rows, cols],
        "oversight_cost": t["oversight"][rows, cols],
        "infra_cost": t["infra"][rows, cols],
        "cost_of_goods": t["cost_of_goods"][rows, cols],
        "gross_profit": t["gross_profit"][rows, cols],
        "fde_cost": model.fde_cost[rows, cols],
        "acquisition_cost": np.where(cols == model.signed_col[rows], model.acquisition[rows], 0.0),
        **{k: v[rows, cols] for k, v in cumulative.items()},
        "position": model.position[rows, cols],
        "labor_value": t["labor_value"][rows, cols],
        "net_savings": t["net_savings"][rows, cols],
        "cumulative_labor_value": model.value.cumulative_labor_value[rows, cols],
        "cumulative_net_savings": model.value.cumulative_net_savings[rows, cols],
        "active_processes": active[rows, cols],
        "ppr": ppr[rows, cols],
        "stage": model.stage[rows, cols],
    }
    return pd.DataFrame(columns)


def _nrr_parts(model: Model, lag: int, cols: np.ndarray, per_customer: bool) -> m.NRRParts:
    rev, live = model.volumes["revenue"], model.live
    start, end = rev[:, cols - lag].T, rev[:, cols].T
    live_start = live[:, cols - lag].T | (start > 0)
    return m.nrr_decompose(
        start, end, model.process_customer, live_start, per_customer=per_customer
    )


def _customer_nrr(model: Model, window: str) -> np.ndarray:
    """Each customer's NRR for the report month in the headline window."""
    lag = NRR_WINDOWS[window]
    out = np.full(model.n, np.nan)
    if model.as_of_col < lag or not len(model.processes):
        return out
    parts = _nrr_parts(model, lag, np.array([model.as_of_col]), per_customer=True)
    present = np.unique(model.process_customer)
    out[present] = np.asarray(parts.nrr).reshape(-1)
    return out


def _nrr(model: Model) -> pd.DataFrame:
    frames = []
    for window, lag in NRR_WINDOWS.items():
        cols = np.arange(lag, model.grid.size)
        if not len(cols) or not len(model.processes):
            continue
        parts = _nrr_parts(model, lag, cols, per_customer=False)._asdict()
        frame = pd.DataFrame(
            {"window": window, "month": model.grid.starts.to_numpy()[cols], **parts}
        )
        for k in _PARTS:
            frame[f"{k}_share"] = divide(frame[k], frame["beginning"])
        frames.append(frame)
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["window", "month", *m.NRRParts._fields, *_SHARES])
    )


def _since(
    model: Model, start_col: np.ndarray, valid_to: np.ndarray, values: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Long frame of per-customer values re-indexed to months since `start_col`."""
    known = start_col < model.grid.size
    start = np.where(known, start_col, model.grid.size).astype(int)
    k = np.arange(model.grid.size)[None, :]
    valid = known[:, None] & (k < valid_to[:, None])
    rows, ks = np.nonzero(valid)
    aligned = {
        name: model.grid.align(np.nan_to_num(v), start)[rows, ks] for name, v in values.items()
    }
    return pd.DataFrame({"customer": rows, "months_since": ks + 1, **aligned})


def _cohorts(model: Model) -> pd.DataFrame:
    first = serial_month(model.first_outcome)
    col = np.where(np.isnan(first), model.grid.size, model.grid.column(np.nan_to_num(first)))
    t = model.totals
    frame = _since(
        model,
        col,
        model.as_of_col - col + 1,
        {
            "units": t["units"],
            "revenue": t["revenue"],
            "gross_profit": t["gross_profit"],
            "position": np.where(model.on_book, model.position, 0.0),
        },
    )
    quarters = pd.PeriodIndex(
        np.nan_to_num(first).astype(int).astype("datetime64[M]"), freq="Q"
    ).astype(str)
    frame["cohort"] = np.asarray(quarters)[frame["customer"]]
    out = frame.groupby(["cohort", "months_since"], as_index=False).agg(
        customers=("customer", "size"),
        units=("units", "sum"),
        revenue=("revenue", "sum"),
        gross_profit=("gross_profit", "sum"),
        mean_position=("position", "mean"),
    )
    out["revenue_per_customer"] = out["revenue"] / out["customers"]
    return out.rename(columns={"months_since": "months_since_first_outcome"})


def _jcurve(model: Model) -> pd.DataFrame:
    frame = _since(
        model,
        model.signed_col,
        model.months_on_book,
        {"position": np.where(model.on_book, model.position, 0.0)},
    )
    frame["paid_back"] = frame["position"] >= 0
    out = frame.groupby("months_since", as_index=False).agg(
        customers=("customer", "size"),
        total_position=("position", "sum"),
        mean_position=("position", "mean"),
        median_position=("position", "median"),
        share_paid_back=("paid_back", "mean"),
    )
    return out.rename(columns={"months_since": "months_since_signature"})


def _processes(model: Model) -> pd.DataFrame:
    p = model.processes
    last = model.as_of_col
    v = {k: a.sum(axis=1) for k, a in model.volumes.items()}
    human, price = p["human_cost_per_unit"].to_numpy(float), p["price_per_unit"].to_numpy(float)
    token, oversight, infra = model.unit_costs.T
    s = model.settings
    oce = m.oce(human, price)
    return pd.DataFrame(
        {
            "customer_id": p["customer_id"],
            "process_id": p["process_id"],
            "process_name": p["process_name"],
            "status": p["status"],
            "deployed_date": p["deployed_date"],
            "live": model.live[:, last],
            "human_cost_per_unit": human,
            "price_per_unit": price,
            "oce": oce,
            "oce_band": m.oce_band(oce, s["oce_at_risk_below"], s["oce_sticky_from"]),
            "token_cost_per_unit": token,
            "oversight_cost_per_unit": oversight,
            "infra_cost_per_unit": infra,
            "cost_of_goods_per_unit": m.cost_of_goods(token, oversight, infra),
            "gmo": m.gmo(price, token, oversight, infra),
            "gmo_margin": m.gmo_margin(price, token, oversight, infra),
            "gmo_markup": m.gmo_markup(price, token, oversight, infra),
            "gmo_projected": m.gmo_projected(
                price,
                token,
                oversight,
                infra,
                s["projection_years"],
                s["inference_decline_per_year"],
            ),
            "units_to_date": v["units"],
            "revenue_to_date": v["revenue"],
            "gross_profit_to_date": v["revenue"] - v["token"] - v["oversight"] - v["infra"],
            "units_last_month": model.volumes["units"][:, last],
        }
    )
