"""The excel extra (xlwings) is optional locally and required in CI."""

import os

import pytest


def require_xlwings() -> None:
    """Skip the calling test module without xlwings, except in CI, where it must be there."""
    if os.environ.get("CI"):
        import xlwings  # noqa: F401 (fails the run when the extra is missing)
    else:
        pytest.importorskip("xlwings")
