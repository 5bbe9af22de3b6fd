"""The package's public surface and its promise to stay pure."""

import subprocess
import sys
from inspect import ismodule

import om_xl
import om_xl.metrics
import om_xl.portfolio


def test_metric_core_and_portfolio_import_no_excel_or_workbook_library():
    code = (
        "import om_xl.metrics, om_xl.portfolio, sys; "
        "print([m for m in ('xlwings', 'openpyxl', 'xlsxwriter') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_all_lists_exactly_the_public_names():
    for module in (om_xl, om_xl.metrics, om_xl.portfolio):
        names = vars(module)
        public = {n for n, v in names.items() if not n.startswith("_") and not ismodule(v)}
        public |= {"__version__"} & names.keys()
        assert set(module.__all__) == public, set(module.__all__) ^ public


def test_input_error_is_a_value_error():
    assert issubclass(om_xl.InputError, ValueError)
