"""From the input tables to every customer's monthly J-curve, stage, payback, NRR and value.

Pure pandas and numpy: no workbook library here. :func:`run` validates and computes;
:class:`Portfolio` holds the report tables.
"""

from om_xl.portfolio.inputs import Inputs, Problem, ValidationError
from om_xl.portfolio.results import Portfolio, compute, run
from om_xl.portfolio.sample import sample_inputs
from om_xl.portfolio.validate import validate

__all__ = [
    "Inputs",
    "Portfolio",
    "Problem",
    "ValidationError",
    "compute",
    "run",
    "sample_inputs",
    "validate",
]
