"""Excel user-defined functions: every Outcome Metrics formula, for cells and ranges.

This is the module the workbook's ``xlwings.conf`` sheet names under "UDF Modules".
Each function is a thin wrapper over :mod:`om_xl.metrics`: it reads Excel values
(:mod:`om_xl.excel.cells`), calls the core once for a whole range, and returns what
the cells show, Excel error literals included. Names and argument order are the
public interface. ``docs/functions.md`` is the reference.

Blank cells: in element-wise functions a blank required input shows ``#N/A``; in
functions over a series or a log (COD, PAYBACK_MONTHS, NRR_DECOMPOSE, V2C) a blank
counts as zero, as in Excel's SUM. Dates that may not have happened yet (first
outcome, payback, churn) may be blank.
"""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

try:
    import xlwings as xw
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "om_xl.udfs needs xlwings; install the Excel extra: pip install 'om-xl[excel]'"
    ) from exc

from om_xl import metrics as m
from om_xl.errors import InputError
from om_xl.excel.calls import aggregate_error, elementwise, evaluate, rows
from om_xl.excel.cells import (
    DIV0,
    ERROR_LITERALS,
    NA,
    NUM,
    VALUE,
    CellError,
    Cells,
    choice,
    flag,
    option,
    read,
)

__all__ = [
    "BINDING_PAYBACK",
    "COD",
    "CUSTOMER_PAYBACK",
    "FULLY_LOADED_COST",
    "GMO",
    "GMO_MARGIN",
    "GMO_MARKUP",
    "GMO_PROJECTED",
    "GRR",
    "LABOR_COST_PER_UNIT",
    "NET_LABOR_SAVINGS",
    "NRR",
    "NRR_DECOMPOSE",
    "OCE",
    "OCE_BAND",
    "PAYBACK_MONTHS",
    "PPR",
    "STAGE",
    "TOKEN_ADOPTION",
    "TTFO",
    "V2C",
    "VENDOR_PAYBACK",
]

#: The Function Wizard category every function is listed under.
CATEGORY = "Outcome Metrics"
# Ranges arrive as 2-D lists (so a column stays a column) with Excel errors as text;
# single-value options arrive as they are, errors as text too.
RANGE = {"ndim": 2, "err_to_str": True}
OPTION = {"err_to_str": True}

_log = logging.getLogger(__name__)
_F = TypeVar("_F", bound=Callable[..., Any])


def _cell_safe(f: _F) -> _F:
    """Show an unusable option's error, and ``#VALUE!`` for anything unforeseen.

    The unforeseen is logged with its traceback; the cell never shows one.
    """

    @functools.wraps(f)
    def wrapper(*args: Any) -> Any:
        collecting = gc.isenabled()
        gc.disable()  # a 100,000-cell range makes objects fast enough to set GC off often
        try:
            return f(*args)
        except CellError as refused:
            return refused.literal
        except Exception:
            _log.exception("%s failed", f.__name__)
            return VALUE
        finally:
            if collecting:
                gc.enable()

    return wrapper  # type: ignore[return-value]


def _header(wanted: Any, labels: tuple[str, ...]) -> tuple[str, ...] | None:
    return labels if flag(wanted) else None


def _scalar(core: Callable[..., Any], *args: Any, no_answer: str = NA) -> Any:
    """One figure from whole ranges: invalid input shows ``#NUM!``, none shows `no_answer`."""
    try:
        value = core(*args)
    except InputError:
        return NUM
    return no_answer if value != value else value


# --- deployment -------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("fde_days", doc="FDE days per log line (a range; blank rows count as 0).", **RANGE)
@xw.arg("daily_rate", doc="FDE daily rate: one cell for every line, or a range.", **RANGE)
@xw.arg(
    "work_dates",
    doc="Optional: the date of each line, to count only work up to the first outcome.",
    **RANGE,
)
@xw.arg(
    "first_outcome_date", doc="Optional: date of the first outcome (blank if none yet).", **OPTION
)
@_cell_safe
def COD(fde_days, daily_rate, work_dates=None, first_outcome_date=None):
    """Cost of Deployment: sum of FDE days x daily rate, up to the first outcome."""
    days = read(fde_days, blank="zero")
    rate = read(daily_rate, blank="keep")
    dates = read(work_dates, kind="date", blank="keep")
    first = read(first_outcome_date, kind="date", blank="keep")
    if error := aggregate_error(days, rate, dates, first):
        return error
    if first.values.size != 1 or (work_dates is None and not first.blank.all()):
        return VALUE  # one first outcome date, and only with the dates it sorts
    try:
        d, r, w = np.broadcast_arrays(days.values, rate.values, dates.values)
    except ValueError:
        return VALUE
    idle = d == 0  # blank or empty log lines need neither a rate nor a date
    if np.isnan(r[~idle]).any() or (work_dates is not None and np.isnan(w[~idle]).any()):
        return NA
    r = np.where(idle, 0.0, r)
    if work_dates is None:
        return _scalar(m.cod, d, r)
    return _scalar(m.cod, d, r, np.where(idle, 0.0, w), first.values.item())


@xw.func(category=CATEGORY)
@xw.arg("signature_date", doc="Contract signature date (cell or range).", **RANGE)
@xw.arg("first_outcome_date", doc="Date of the first AI work unit in production.", **RANGE)
@_cell_safe
def TTFO(signature_date, first_outcome_date):
    """Time to First Outcome: days from contract signature to the first AI work unit."""
    args = [read(signature_date, "date"), read(first_outcome_date, "date", blank="keep")]
    return elementwise(m.ttfo, args, NA)


# --- labor cost and OCE -----------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("human_cost_per_unit", doc="Fully-loaded human labor cost of one unit of work.", **RANGE)
@xw.arg("price_per_unit", doc="Price the customer pays per AI-completed unit.", **RANGE)
@_cell_safe
def OCE(human_cost_per_unit, price_per_unit):
    """Outcome Cost Efficiency: human labor cost per unit / outcome price per unit."""
    return elementwise(m.oce, [read(human_cost_per_unit), read(price_per_unit)], DIV0)


@xw.func(category=CATEGORY)
@xw.arg("oce", doc="OCE multiple (cell or range), for example from =OCE(...).", **RANGE)
@xw.arg("at_risk_below", doc="Optional: OCE below this is at risk (default 1.5).", **OPTION)
@xw.arg("sticky_from", doc="Optional: OCE at or above this is sticky (default 3).", **OPTION)
@_cell_safe
def OCE_BAND(oce, at_risk_below=1.5, sticky_from=3.0):
    """OCE band: at risk (below 1.5x), neutral, or sticky (3x and above)."""
    low = option(at_risk_below, 1.5)
    high = option(sticky_from, 3.0)
    if low > high:
        return NUM
    return elementwise(m.oce_band, [read(oce)], NA, at_risk_below=low, sticky_from=high)


_LOAD_DOC = "Optional: {} load as a fraction of base salary (0.25 = 25%)."


@xw.func(category=CATEGORY)
@xw.arg("base_salary", doc="Annual base salary (cell or range).", **RANGE)
@xw.arg("benefits", doc=_LOAD_DOC.format("benefits and payroll tax"), **RANGE)
@xw.arg("overhead", doc=_LOAD_DOC.format("general overhead"), **RANGE)
@xw.arg("management", doc=_LOAD_DOC.format("management time"), **RANGE)
@xw.arg("real_estate", doc=_LOAD_DOC.format("real estate"), **RANGE)
@xw.arg("tools", doc=_LOAD_DOC.format("tools and software"), **RANGE)
@xw.arg("training", doc=_LOAD_DOC.format("training"), **RANGE)
@xw.arg("turnover", doc=_LOAD_DOC.format("turnover (recruiting, ramp-up)"), **RANGE)
@xw.arg("method", doc='Optional: "additive" (default: loads add) or "multiplicative".', **OPTION)
@_cell_safe
def FULLY_LOADED_COST(
    base_salary,
    benefits=0.0,
    overhead=0.0,
    management=0.0,
    real_estate=0.0,
    tools=0.0,
    training=0.0,
    turnover=0.0,
    method="additive",
):
    """Fully-loaded annual labor cost: base salary x (1 + loads)."""
    how = choice(method, "additive", ("additive", "multiplicative"))
    loads = [read(x, blank="zero") for x in (benefits, overhead, management, real_estate)]
    loads += [read(x, blank="zero") for x in (tools, training, turnover)]
    return elementwise(m.fully_loaded_cost, [read(base_salary), *loads], NA, method=how)


@xw.func(category=CATEGORY)
@xw.arg("cost", doc="Labor cost over a period: annual (fully loaded) or hourly.", **RANGE)
@xw.arg("units", doc="Units of work one person completes over the same period.", **RANGE)
@_cell_safe
def LABOR_COST_PER_UNIT(cost, units):
    """Human labor cost of one unit of work: cost / units over the same period."""
    return elementwise(m.labor_cost_per_unit, [read(cost), read(units)], DIV0)


# --- gross margin per outcome -----------------------------------------------------------

_UNIT_ECONOMICS = {
    "price": "Outcome price per unit.",
    "token_cost": "Token and inference cost per outcome.",
    "oversight_cost": "Human oversight and escalation cost per outcome.",
    "infra_cost": "Infrastructure cost per outcome.",
}


def _unit_economics_args(f: _F) -> _F:
    """The four unit-economics arguments, as ranges, with their Function Wizard help."""
    for name, doc in _UNIT_ECONOMICS.items():
        f = xw.arg(name, doc=doc, **RANGE)(f)
    return f


def _unit_economics(core, price, token_cost, oversight_cost, infra_cost, no_answer):
    cells = [read(x) for x in (price, token_cost, oversight_cost, infra_cost)]
    return elementwise(core, cells, no_answer)


@xw.func(category=CATEGORY)
@_unit_economics_args
@_cell_safe
def GMO(price, token_cost, oversight_cost, infra_cost):
    """Gross Margin per Outcome: price - (token + oversight + infrastructure cost)."""
    return _unit_economics(m.gmo, price, token_cost, oversight_cost, infra_cost, NA)


@xw.func(category=CATEGORY)
@_unit_economics_args
@_cell_safe
def GMO_MARGIN(price, token_cost, oversight_cost, infra_cost):
    """Gross margin per outcome as a share of price: GMO / price."""
    return _unit_economics(m.gmo_margin, price, token_cost, oversight_cost, infra_cost, DIV0)


@xw.func(category=CATEGORY)
@_unit_economics_args
@_cell_safe
def GMO_MARKUP(price, token_cost, oversight_cost, infra_cost):
    """Markup per outcome: GMO / cost of goods (not the margin)."""
    return _unit_economics(m.gmo_markup, price, token_cost, oversight_cost, infra_cost, DIV0)


@xw.func(category=CATEGORY)
@_unit_economics_args
@xw.arg("years", doc="Years ahead (0.5 = six months).", **RANGE)
@xw.arg(
    "decline_factor", doc="Optional: yearly fall in token cost (default 10 = tenfold).", **OPTION
)
@_cell_safe
def GMO_PROJECTED(price, token_cost, oversight_cost, infra_cost, years, decline_factor=10.0):
    """GMO after token cost falls by decline_factor a year for the given years."""
    factor = option(decline_factor, 10.0)
    cells = [read(x) for x in (price, token_cost, oversight_cost, infra_cost, years)]
    return elementwise(m.gmo_projected, cells, NA, decline_factor=factor)


# --- payback ----------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("acquisition_cost", doc="Cost of winning the customer.", **RANGE)
@xw.arg("deployment_cost", doc="Cost of deploying for them (COD).", **RANGE)
@xw.arg("monthly_gross_profit", doc="Outcome gross profit per month.", **RANGE)
@_cell_safe
def VENDOR_PAYBACK(acquisition_cost, deployment_cost, monthly_gross_profit):
    """Vendor payback months: (acquisition + deployment cost) / monthly gross profit."""
    cells = [read(x) for x in (acquisition_cost, deployment_cost, monthly_gross_profit)]
    return elementwise(m.vendor_payback, cells, NA)


@xw.func(category=CATEGORY)
@xw.arg("customer_investment", doc="The customer's own deployment investment.", **RANGE)
@xw.arg("net_monthly_savings", doc="Net labor savings per month.", **RANGE)
@_cell_safe
def CUSTOMER_PAYBACK(customer_investment, net_monthly_savings):
    """Customer payback months: customer's investment / net monthly labor savings."""
    cells = [read(customer_investment), read(net_monthly_savings)]
    return elementwise(m.customer_payback, cells, NA)


@xw.func(category=CATEGORY)
@xw.arg("human_cost_per_unit", doc="Fully-loaded human cost of one unit of work.", **RANGE)
@xw.arg("price_per_unit", doc="Price per AI-completed unit.", **RANGE)
@xw.arg("monthly_units", doc="Units the AI completes per month.", **RANGE)
@_cell_safe
def NET_LABOR_SAVINGS(human_cost_per_unit, price_per_unit, monthly_units):
    """Net monthly labor savings: (human cost - price) per unit x monthly units."""
    cells = [read(x) for x in (human_cost_per_unit, price_per_unit, monthly_units)]
    return elementwise(m.net_labor_savings, cells, NA)


_HEADER_DOC = "Optional: TRUE to add a header row."
BINDING_HEADER = ("Binding payback (months)", "Binding side")


@xw.func(category=CATEGORY)
@xw.arg("vendor_months", doc="Vendor payback months (#N/A = never).", **RANGE)
@xw.arg("customer_months", doc="Customer payback months (#N/A = never).", **RANGE)
@xw.arg("header", doc=_HEADER_DOC, **OPTION)
@_cell_safe
def BINDING_PAYBACK(vendor_months, customer_months, header=False):
    """Two-sided payback: the slower side's months and which side (vendor or customer)."""
    cells = [_never_if_na(read(vendor_months)), _never_if_na(read(customer_months))]
    try:
        (months, side), errors, _ = evaluate(m.binding_payback, cells, outputs=2)
    except ValueError:
        return VALUE
    return rows([months, side], errors, NA, _header(header, BINDING_HEADER))


def _never_if_na(cells):
    """Read ``#N/A`` (a payback never reached) as ``nan``, which the core ranks slowest.

    A blank cell is missing data, not "never", and still shows ``#N/A``.
    """
    if cells.errors is None:
        return cells
    errors = np.where((cells.errors == NA) & ~cells.blank, None, cells.errors)
    return Cells(cells.values, errors, cells.blank, cells.scalar)


@xw.func(category=CATEGORY)
@xw.arg(
    "upfront_cost", doc="Cost to recover: one cell, or one per row of monthly_profits.", **RANGE
)
@xw.arg(
    "monthly_profits", doc="Profit per month, month 1 first (row or column; blank = 0).", **RANGE
)
@xw.arg(
    "sustained", doc="Optional: TRUE for the crossing after which it never falls back.", **OPTION
)
@_cell_safe
def PAYBACK_MONTHS(upfront_cost, monthly_profits, sustained=False):
    """Months until cumulative profit first covers the cost, interpolated in the month."""
    upfront = read(upfront_cost)
    profits = read(monthly_profits, blank="zero")
    if error := aggregate_error(upfront, profits):
        return error
    series, cost = profits.values, upfront.values
    across = cost.ndim == 2 and cost.shape[0] == 1 and cost.shape[1] > 1
    if cost.size == 1:
        cost = cost.reshape(())
        if series.ndim == 2 and 1 in series.shape:
            series = series.reshape(-1)  # one row or one column: a single series
    elif series.ndim == 2:
        series = series.T if across else series  # costs in a row: one series per column
        cost = cost.reshape(-1)
    try:
        months = m.payback_months(cost, series, sustained=flag(sustained))
    except InputError:
        return NUM if _fits(cost, series) else VALUE
    if np.ndim(months) == 0:
        return NA if months != months else months
    shown = [NA if x != x else x for x in months.tolist()]
    return [shown] if across else [[x] for x in shown]


def _fits(cost: np.ndarray, series: np.ndarray) -> bool:
    """Whether the costs match the series (else the shapes, not the values, are wrong)."""
    return cost.size == 1 or cost.shape == series.shape[:-1]


# --- process penetration and retention --------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("active_processes", doc="Processes deployed and producing outcomes.", **RANGE)
@xw.arg("addressable_undeployed", doc="Processes run by people today, not yet deployed.", **RANGE)
@_cell_safe
def PPR(active_processes, addressable_undeployed):
    """Process Penetration Rate: active / (active + addressable not yet deployed)."""
    cells = [read(active_processes), read(addressable_undeployed)]
    return elementwise(m.ppr, cells, DIV0)


_BEGINNING = "Outcome revenue of the cohort at the start of the window."
_CONTRACTION = "Revenue lost from customers who stayed (a positive amount)."
_CHURN = "Revenue lost from customers who left (a positive amount)."


@xw.func(category=CATEGORY)
@xw.arg("beginning", doc=_BEGINNING, **RANGE)
@xw.arg("expansion", doc="Revenue gained from the same customers.", **RANGE)
@xw.arg("contraction", doc=_CONTRACTION, **RANGE)
@xw.arg("churn", doc=_CHURN, **RANGE)
@_cell_safe
def NRR(beginning, expansion, contraction, churn):
    """Net revenue retention: (beginning + expansion - contraction - churn) / beginning."""
    cells = [read(x) for x in (beginning, expansion, contraction, churn)]
    return elementwise(m.nrr, cells, DIV0)


@xw.func(category=CATEGORY)
@xw.arg("beginning", doc=_BEGINNING, **RANGE)
@xw.arg("contraction", doc=_CONTRACTION, **RANGE)
@xw.arg("churn", doc=_CHURN, **RANGE)
@_cell_safe
def GRR(beginning, contraction, churn):
    """Gross revenue retention: (beginning - contraction - churn) / beginning."""
    cells = [read(x) for x in (beginning, contraction, churn)]
    return elementwise(m.grr, cells, DIV0)


NRR_HEADER = (
    "Beginning",
    "Volume expansion",
    "New process expansion",
    "Contraction",
    "Churn",
    "Ending",
    "NRR",
    "GRR",
)


@xw.func(category=CATEGORY)
@xw.arg("start_revenues", doc="Revenue per customer-process row at the window's start.", **RANGE)
@xw.arg("end_revenues", doc="Revenue of the same rows at the window's end.", **RANGE)
@xw.arg("customer_ids", doc="Optional: customer of each row (default: one customer).", **RANGE)
@xw.arg("live_at_start", doc="Optional: TRUE where the process was live at the start.", **RANGE)
@xw.arg("header", doc=_HEADER_DOC, **OPTION)
@_cell_safe
def NRR_DECOMPOSE(
    start_revenues, end_revenues, customer_ids=None, live_at_start=None, header=False
):
    """NRR split: beginning, volume growth, new processes, contraction, churn, ending, NRR, GRR."""
    start = read(start_revenues, blank="zero")
    end = read(end_revenues, blank="zero")
    if error := aggregate_error(start, end):
        return error
    if start.values.size != end.values.size:
        return VALUE
    labels = _labels(customer_ids, start.values.size)
    live = _live(live_at_start, start.values.reshape(-1))
    if isinstance(labels, str) or isinstance(live, str):
        return VALUE
    try:
        parts = m.nrr_decompose(start.values.reshape(-1), end.values.reshape(-1), labels, live)
    except InputError:
        return NUM
    return rows(list(parts), None, DIV0, _header(header, NRR_HEADER))


def _labels(value: Any, n: int) -> Any:
    """Customer labels as text, one per revenue cell; ``VALUE`` if they do not fit."""
    if value is None:
        return None
    flat = np.array(value, dtype=object).reshape(-1)
    if flat.size != n or any(isinstance(v, str) and v in ERROR_LITERALS for v in flat):
        return VALUE
    return np.array(["" if v is None else str(v) for v in flat])


def _live(value: Any, start: np.ndarray) -> Any:
    """Live-at-start flags: TRUE/FALSE per row, a blank cell meaning "had revenue"."""
    if value is None:
        return None
    flat = np.array(value, dtype=object).reshape(-1)
    if flat.size != start.size or not all(v is None or isinstance(v, bool) for v in flat):
        return VALUE
    return np.array([s > 0 if v is None else v for v, s in zip(flat, start, strict=True)])


# --- stage, value and tokens ------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("signature_date", doc="Contract signature date.", **RANGE)
@xw.arg("first_outcome_date", doc="First outcome date (blank if none yet).", **RANGE)
@xw.arg("payback_date", doc="Deployment Payback date (blank if not yet).", **RANGE)
@xw.arg("as_of", doc="The date to classify, for example the report date.", **RANGE)
@xw.arg("churn_date", doc="Optional: the date the customer left.", **RANGE)
@xw.arg(
    "milestone_days", doc="Optional: days the First Outcome and Payback stages last (30).", **OPTION
)
@_cell_safe
def STAGE(
    signature_date, first_outcome_date, payback_date, as_of, churn_date=None, milestone_days=30
):
    """Customer stage on a date: Deploying ... Deployment Payback, Margin Inflection; Churned."""
    cells = [
        read(signature_date, "date"),
        read(first_outcome_date, "date", blank="keep"),
        read(payback_date, "date", blank="keep"),
        read(as_of, "date"),
        read(churn_date, "date", blank="keep"),
    ]
    window = option(milestone_days, 30.0)
    return elementwise(m.stage, cells, NA, milestone_days=window)


V2C_HEADER = (
    "Labor value",
    "Net savings",
    "Cumulative labor value",
    "Cumulative net savings",
)


@xw.func(category=CATEGORY)
@xw.arg(
    "human_cost_per_unit", doc="Fully-loaded human cost of one unit (the value model).", **OPTION
)
@xw.arg("price_per_unit", doc="Price per AI-completed unit.", **OPTION)
@xw.arg("units", doc="Units delivered per period, first period first (row or column).", **RANGE)
@xw.arg("header", doc=_HEADER_DOC, **OPTION)
@_cell_safe
def V2C(human_cost_per_unit, price_per_unit, units, header=False):
    """Value to Customer per period: labor value, net savings, and both cumulative."""
    cost, price = read(human_cost_per_unit), read(price_per_unit)
    volume = read(units, blank="zero")
    if error := aggregate_error(cost, price, volume):
        return error
    if cost.values.size != 1 or price.values.size != 1:
        return VALUE
    series = volume.values.reshape(-1)
    try:
        value = m.v2c(cost.values.item(), price.values.item(), series)
    except InputError:
        return NUM
    return rows(list(value), None, NA, _header(header, V2C_HEADER))


TOKEN_HEADER = (
    "Share consumed",
    "Burn rate (per month)",
    "Months to exhaustion",
    "Share unused at expiry",
)


@xw.func(category=CATEGORY)
@xw.arg("purchased", doc="Tokens (or prepaid credit) bought for the term.", **RANGE)
@xw.arg("consumed", doc="Tokens consumed so far.", **RANGE)
@xw.arg("months_elapsed", doc="Months of the term elapsed.", **RANGE)
@xw.arg("months_to_expiry", doc="Months left until the balance expires.", **RANGE)
@xw.arg("header", doc=_HEADER_DOC, **OPTION)
@_cell_safe
def TOKEN_ADOPTION(purchased, consumed, months_elapsed, months_to_expiry, header=False):
    """Prepaid tokens: share consumed, burn rate, months to exhaustion, share left unused."""
    cells = [read(x) for x in (purchased, consumed, months_elapsed, months_to_expiry)]
    try:
        result, errors, _ = evaluate(m.token_adoption, cells, outputs=4)
    except ValueError:
        return VALUE
    return rows(list(result), errors, NA, _header(header, TOKEN_HEADER))
