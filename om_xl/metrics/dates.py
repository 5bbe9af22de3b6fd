"""Dates as Excel serial day numbers.

Every date-taking metric converts its dates with :func:`excel_serial`, so a
``datetime``, a ``date``, a numpy ``datetime64``, a pandas ``Timestamp`` and an
Excel serial number (1900 date system, as Excel stores dates) all mean the same day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from om_xl.errors import InputError

__all__ = ["EXCEL_EPOCH", "excel_serial"]

#: Day 0 of Excel's 1900 date system as Excel counts from 1 March 1900 on
#: (serial 61 is 1900-03-01; Excel's fictitious 1900-02-29 is serial 60).
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH64 = np.datetime64("1899-12-30", "D")
_DAY = np.timedelta64(1, "D")


def _one(name: str, value: Any) -> float:
    """Convert one date-like value to a serial number (nan for a blank)."""
    if value is None:
        return np.nan
    if isinstance(value, bool | np.bool_):
        raise InputError(f"{name} must be a date, not the logical value {value}.")
    if isinstance(value, dt.datetime):
        return (value.replace(tzinfo=None) - EXCEL_EPOCH) / dt.timedelta(days=1)
    if isinstance(value, dt.date):
        return float((value - EXCEL_EPOCH.date()).days)
    if isinstance(value, np.datetime64):
        return np.nan if np.isnat(value) else (value - _EPOCH64) / _DAY
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    raise InputError(
        f"{name} must be a date or an Excel date serial number, not {value!r}; "
        "enter it as a date (for example 2026-03-15), not as text."
    )


def excel_serial(value: Any, name: str = "date") -> np.ndarray:
    """Convert dates to Excel serial day numbers (float; ``nan`` for blanks).

    Parameters
    ----------
    value : date-like or array_like of date-like
        ``datetime.date``/``datetime``, ``numpy.datetime64``, pandas ``Timestamp``,
        Excel serial numbers, or arrays of them. ``None``, ``NaT`` and ``nan`` are blanks.
        A time-zone-aware datetime counts by its own wall-clock time, as Excel, which
        has no time zones, would show it.
    name : str
        Argument name used in error messages.

    Returns
    -------
    numpy.ndarray
        Serial numbers: days since 1899-12-30, with the time of day as a fraction.

    Raises
    ------
    InputError
        For text, logical values and negative serial numbers.

    Notes
    -----
    ``serial = (date - 1899-12-30) / 1 day``, which is Excel's own count for every
    date from 1900-03-01 on. Serials below 61 (January and February 1900) are where
    Excel counts a 29 February 1900 that never was; they are accepted but off by a day
    against the calendar, which matters to nobody signing contracts today.

    Examples
    --------
    >>> import datetime as dt
    >>> float(excel_serial(dt.date(2026, 1, 15)))
    46037.0
    >>> excel_serial([46037, None]).tolist()
    [46037.0, nan]
    """
    if isinstance(value, str | bytes):
        raise InputError(
            f"{name} must be a date, not the text {value!r}; enter it as a date, not as text."
        )
    arr = np.asarray(value)
    if arr.dtype.kind == "M":
        out = (arr.astype("datetime64[us]") - _EPOCH64) / _DAY
        out = np.where(np.isnat(arr), np.nan, out)
    elif arr.dtype.kind in "iuf":
        out = arr.astype(float)
    elif arr.dtype.kind == "b":
        raise InputError(f"{name} must be a date, not a logical value (TRUE/FALSE).")
    else:
        flat = [_one(name, v) for v in arr.reshape(-1).tolist()] if arr.dtype.kind == "O" else None
        if flat is None:
            raise InputError(
                f"{name} must be a date or an Excel date serial number, not text; "
                "enter it as a date (for example 2026-03-15)."
            )
        out = np.asarray(flat, dtype=float).reshape(arr.shape)
    if (out < 0).any():
        raise InputError(
            f"{name} has a negative serial number ({np.nanmin(out):g}); Excel dates start at 1."
        )
    return out
