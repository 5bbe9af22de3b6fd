"""The excel extra (xlwings) is optional locally and required in CI."""

import functools
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def require_xlwings() -> None:
    """Skip the calling test module without xlwings, except in CI, where it must be there."""
    if os.environ.get("CI"):
        import xlwings  # noqa: F401 (fails the run when the extra is missing)
    else:
        pytest.importorskip("xlwings")


@functools.cache
def range_arguments() -> dict[str, frozenset[str]]:
    """Per Excel function, the arguments xlwings reads as 2-D ranges.

    Taken from what "Import functions" would see (``tests/excel_import.py``), since off
    Windows the xlwings decorators record nothing.
    """
    script = Path(__file__).with_name("excel_import.py")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    functions = json.loads(out.stdout)["functions"]
    return {
        name: frozenset(a for a, opts in f["options"].items() if opts.get("ndim") == 2)
        for name, f in functions.items()
    }


def as_excel_passes(function, args) -> list:
    """The arguments as xlwings hands them over in Excel.

    A range argument always arrives 2-D (a single value as a 1x1 range); any other
    argument arrives squeezed (1x1 as a value, one row or column as a flat list).
    """
    ranges = range_arguments()[function.__name__]
    out = []
    for param, value in zip(inspect.signature(function).parameters, args, strict=False):
        if value is None or not (param in ranges or isinstance(value, list)):
            out.append(value)
        elif param in ranges:
            out.append(value if isinstance(value, list) else [[value]])
        elif len(value) == 1:
            out.append(value[0][0] if len(value[0]) == 1 else value[0])
        else:
            out.append([row[0] for row in value] if all(len(r) == 1 for r in value) else value)
    return out
