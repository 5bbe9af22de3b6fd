"""om_xl: Outcome Metrics 1.0 for finance teams that live in Excel.

The metric formulas are in :mod:`om_xl.metrics`; invalid input raises
:class:`InputError`.
"""

from om_xl.errors import InputError

__all__ = ["InputError", "__version__"]
__version__ = "0.1.0"
