"""Turning arguments into float arrays, checking them, and shaping results.

Private helpers shared by every metric module. They raise
:class:`~om_xl.errors.InputError` with a message that names the argument, the bad
value and the fix.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from om_xl.errors import InputError

__all__ = [
    "as_float",
    "as_scalar",
    "broadcast",
    "divide",
    "require",
    "require_nonnegative",
    "result",
]


def _position(index: tuple[int, ...]) -> str:
    """Describe where in an array a value sits ("" for a scalar)."""
    if not index:
        return ""
    return " at position " + ",".join(str(i) for i in index)


def as_float(name: str, value: Any) -> np.ndarray:
    """Convert `value` to a float array; blanks (``None``) become ``nan``.

    Text, logical values and dates (alone, or as the type of an array) raise
    :class:`InputError`; a list mixing them with numbers is converted as numpy does.
    """
    raw = np.asarray(value) if not isinstance(value, str | bytes) else None
    if raw is None or raw.dtype.kind in "bUSMm":
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise InputError(
            f"{name} must be a number or an array of numbers; got {shown}. "
            "Replace text, dates and TRUE/FALSE with numbers."
        )
    try:
        return raw.astype(float)
    except (TypeError, ValueError):
        raise InputError(
            f"{name} must hold numbers only; replace text, dates and TRUE/FALSE with numbers."
        ) from None


def as_scalar(name: str, value: Any) -> float:
    """Convert a single-number option (a threshold, a window) to a float."""
    arr = as_float(name, value)
    if arr.ndim:
        raise InputError(f"{name} must be a single number, not an array of {arr.size}.")
    return float(arr)


def broadcast(**arrays: np.ndarray) -> list[np.ndarray]:
    """Broadcast the named arrays together, or explain which shapes clash."""
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise InputError(
            f"the sizes of the arguments do not match ({shapes}); give ranges of the same size, "
            "or a single value that applies to every row."
        ) from None


def require(ok: np.ndarray, message: str, values: np.ndarray | None = None) -> None:
    """Raise :class:`InputError` with `message` where `ok` is False anywhere.

    `message` may hold ``{value}`` and ``{where}``, filled from the first offending element.
    """
    bad = ~np.asarray(ok, dtype=bool)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
        value = "" if values is None else f"{np.asarray(values)[index]:g}"
        raise InputError(message.format(value=value, where=_position(index)))


def require_nonnegative(name: str, arr: np.ndarray, fix: str) -> None:
    """Raise :class:`InputError` when any element of `arr` is negative (nan passes)."""
    require(~(arr < 0), f"{name} must not be negative; got {{value}}{{where}}. {fix}", arr)


def divide(numerator: np.ndarray, denominator: np.ndarray, *, positive: bool = False) -> np.ndarray:
    """Element-wise ``numerator / denominator``; ``nan`` where there is no answer.

    The answer is missing where the denominator is zero (or, with ``positive=True``,
    not above zero) and wherever an input is ``nan``.
    """
    num, den = np.broadcast_arrays(np.asarray(numerator, float), np.asarray(denominator, float))
    usable = den > 0 if positive else den != 0
    out = np.full(num.shape, np.nan)
    with np.errstate(over="ignore"):  # a subnormal denominator overflows to inf, as it should
        np.divide(num, den, out=out, where=usable)
    return out


def result(arr: Any) -> Any:
    """Return a Python scalar for a 0-d result, the array otherwise."""
    arr = np.asarray(arr)
    return arr.item() if arr.ndim == 0 else arr
