"""The Outcome Metrics 1.0 formulas as pure, vectorized functions.

Every function takes numbers or array-likes (scalars, 1-D and 2-D arrays broadcast
as numpy does) and returns a float, a string, an array, or a tuple (named where it
holds several figures) of them.
Nothing here imports xlwings or a workbook library.

Bad input comes in two tiers: no answer gives ``nan``; invalid input raises
:class:`om_xl.InputError` with the fix in its message.
"""

from om_xl.metrics.dates import excel_serial
from om_xl.metrics.deployment import cod, ttfo
from om_xl.metrics.labor import (
    AT_RISK,
    LOAD_NAMES,
    NEUTRAL,
    STICKY,
    fully_loaded_cost,
    labor_cost_per_unit,
    load_factor,
    oce,
    oce_band,
)
from om_xl.metrics.margin import cost_of_goods, gmo, gmo_margin, gmo_markup, gmo_projected
from om_xl.metrics.payback import (
    BOTH,
    CUSTOMER,
    VENDOR,
    binding_payback,
    customer_payback,
    net_labor_savings,
    payback_months,
    vendor_payback,
)
from om_xl.metrics.retention import NRRParts, grr, nrr, nrr_decompose, ppr
from om_xl.metrics.stage import (
    CHURNED,
    DEPLOYING,
    DEPLOYMENT_PAYBACK,
    FIRST_OUTCOME,
    MARGIN_INFLECTION,
    OUTCOME_VELOCITY,
    STAGES,
    stage,
)
from om_xl.metrics.value import V2C, TokenAdoption, token_adoption, v2c

__all__ = [
    "AT_RISK",
    "BOTH",
    "CHURNED",
    "CUSTOMER",
    "DEPLOYING",
    "DEPLOYMENT_PAYBACK",
    "FIRST_OUTCOME",
    "LOAD_NAMES",
    "MARGIN_INFLECTION",
    "NEUTRAL",
    "OUTCOME_VELOCITY",
    "STAGES",
    "STICKY",
    "V2C",
    "VENDOR",
    "NRRParts",
    "TokenAdoption",
    "binding_payback",
    "cod",
    "cost_of_goods",
    "customer_payback",
    "excel_serial",
    "fully_loaded_cost",
    "gmo",
    "gmo_margin",
    "gmo_markup",
    "gmo_projected",
    "grr",
    "labor_cost_per_unit",
    "load_factor",
    "net_labor_savings",
    "nrr",
    "nrr_decompose",
    "oce",
    "oce_band",
    "payback_months",
    "ppr",
    "stage",
    "token_adoption",
    "ttfo",
    "v2c",
    "vendor_payback",
]
