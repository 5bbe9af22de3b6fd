"""Excel cell values in, Excel cell values out.

Excel hands a user-defined function numbers, text, logical values, dates, blanks and
error values, alone or in 2-D ranges. :func:`read` turns them into a float array plus
an array of per-cell error literals; :func:`show` turns results back into what a cell
shows: numbers, text, or an Excel error literal, never ``nan`` (which Excel would show
as an empty cell) and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from om_xl.errors import EXCEL_ERRORS
from om_xl.metrics import excel_serial

__all__ = [
    "DIV0",
    "ERROR_LITERALS",
    "NA",
    "NUM",
    "VALUE",
    "CellError",
    "Cells",
    "choice",
    "flag",
    "option",
    "read",
    "show",
]

DIV0, NA, NUM, VALUE = "#DIV/0!", "#N/A", "#NUM!", "#VALUE!"
#: Error values Excel can pass in (xlwings' ``err_to_str`` gives them as text).
ERROR_LITERALS = EXCEL_ERRORS

Blank = Literal["error", "zero", "keep"]
_NUMBER_TYPES = (int, float, np.integer, np.floating)
_DATE_TYPES = (dt.date, np.datetime64)


@dataclass(frozen=True)
class Cells:
    """Values read from a cell or a range.

    ``values`` holds floats (``nan`` where a cell is blank or in error); ``errors``
    holds ``None`` or the error literal the result should show for that cell, or is
    ``None`` itself when no cell is in error (the common case, kept cheap); ``blank``
    marks the empty cells; ``scalar`` is True when a single value (not a range) came in.
    """

    values: np.ndarray
    errors: np.ndarray | None
    blank: np.ndarray
    scalar: bool


class CellError(Exception):
    """A single-value argument the function cannot use; the cell shows ``literal``."""

    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _cell_error(value: Any, kind: str) -> str | None:
    """The error a single non-numeric cell gives, or None if it is usable as `kind`."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | np.bool_):
        return VALUE
    if isinstance(value, str):
        return value if value in ERROR_LITERALS else VALUE
    if isinstance(value, _NUMBER_TYPES):
        return None
    if kind == "date" and isinstance(value, _DATE_TYPES):
        return None
    return VALUE


def read(value: Any, kind: Literal["number", "date"] = "number", blank: Blank = "error") -> Cells:
    """Read a cell or a range (nested lists) as numbers or dates.

    Parameters
    ----------
    value : Any
        A cell value or a range of them, as xlwings passes it.
    kind : {"number", "date"}
        Dates are accepted (as Excel serial numbers) only for ``"date"``.
    blank : {"error", "zero", "keep"}
        What a blank cell means: no input (the result shows ``#N/A``), zero (as Excel's
        SUM and SUMPRODUCT read blanks), or "none yet" passed on as ``nan`` (a first
        outcome that has not happened).

    Returns
    -------
    Cells
        Text, logical values and numbers stored as text are errors (``#VALUE!``), not
        guesses; an Excel error in a cell is passed through.
    """
    scalar = not isinstance(value, list | tuple | np.ndarray)
    values = _numbers_only(value)
    if values is not None:  # the common case, a range of numbers only: straight to floats
        return Cells(values, None, np.zeros(values.shape, dtype=bool), scalar)
    obj = np.empty((), dtype=object) if scalar else np.array(value, dtype=object)
    if scalar:
        obj[()] = value
    flat = obj.reshape(-1)
    errors = np.array([_cell_error(v, kind) for v in flat], dtype=object)
    empty = np.array([v is None or v == "" for v in flat], dtype=bool)
    usable = (errors == None) & ~empty  # noqa: E711 (element-wise)
    values = np.full(flat.shape, np.nan)
    if usable.any():
        values[usable] = excel_serial(flat[usable], "date")
    if blank == "zero":
        values[empty] = 0.0
    elif blank == "error":
        errors[empty] = NA
    shape = obj.shape
    if not (errors != None).any():  # noqa: E711 (element-wise)
        return Cells(values.reshape(shape), None, empty.reshape(shape), scalar)
    return Cells(values.reshape(shape), errors.reshape(shape), empty.reshape(shape), scalar)


class _NotANumberError(Exception):
    """A cell that is not a number (ends the fast path of :func:`read`)."""


def _number(value: Any) -> float:
    if type(value) is int:
        return float(value)
    raise _NotANumberError


def _numbers_only(value: Any) -> np.ndarray | None:
    """`value` as floats if it is a number or a rectangular 2-D list of numbers only.

    One pass checks each cell's type and converts it, so that text ("25") and logical
    values (True) never pass as numbers; anything else returns ``None``.
    """
    if type(value) is float or type(value) is int:
        return np.array(float(value))
    if not (isinstance(value, list) and value and type(value[0]) is list):
        return None
    width = len(value[0])
    if any(len(row) != width for row in value):
        return None
    cells = itertools.chain.from_iterable(value)
    try:
        flat = np.fromiter(
            (v if type(v) is float else _number(v) for v in cells), float, len(value) * width
        )
    except _NotANumberError:
        return None
    return flat.reshape(len(value), width)


def _refuse(value: Any) -> CellError:
    """The error for an unusable single value: its own, if it is an Excel error."""
    return CellError(value if isinstance(value, str) and value in ERROR_LITERALS else VALUE)


def option(value: Any, default: float) -> float:
    """A single optional number argument: omitted or blank gives `default`.

    Raises
    ------
    CellError
        For text, logical values or a range (``#VALUE!``), or an Excel error (itself).
    """
    if value is None or value == "":
        return default
    if isinstance(value, bool | np.bool_) or not isinstance(value, _NUMBER_TYPES):
        raise _refuse(value)
    return float(value)


def flag(value: Any, default: bool = False) -> bool:
    """A single optional TRUE/FALSE argument: omitted or blank gives `default`.

    Raises
    ------
    CellError
        For text or a range (``#VALUE!``), or an Excel error (itself).
    """
    if value is None or value == "":
        return default
    if isinstance(value, bool | np.bool_ | int | float):
        return bool(value)
    raise _refuse(value)


def show(result: Any, errors: np.ndarray | None, scalar: bool, no_answer: str) -> Any:
    """What the cells show: `result` with errors and missing answers as literals.

    ``nan`` (or empty text) in `result` shows as `no_answer`; a non-empty entry of
    `errors` overrides the result in its cell. A scalar comes back as a scalar, a
    range as nested lists of the same shape.
    """
    res = np.asarray(result)
    if res.dtype.kind == "f":
        missing = np.isnan(res)
    elif res.dtype.kind == "U":
        missing = res == ""
    else:
        missing = np.array([v != v or v == "" for v in res.reshape(-1)], dtype=bool)
        missing = missing.reshape(res.shape)
    if errors is None and not missing.any():  # every cell has its answer
        return res.item() if scalar else res.tolist()
    out = res.astype(object)
    out[missing] = no_answer
    if errors is not None:
        has_error = errors != None  # noqa: E711 (element-wise)
        out[has_error] = errors[has_error]
    return out.item() if scalar else out.tolist()


def choice(value: Any, default: str, allowed: tuple[str, ...]) -> str:
    """A single optional text argument from `allowed` (any case); blank gives `default`.

    Raises
    ------
    CellError
        For anything else (``#VALUE!``), or an Excel error (itself).
    """
    if value is None or value == "":
        return default
    if isinstance(value, str) and value.strip().lower() in allowed:
        return value.strip().lower()
    raise _refuse(value)
