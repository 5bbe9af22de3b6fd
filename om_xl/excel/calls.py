"""Calling the metric core with cells, and laying results out for Excel.

Three shapes of call cover every user-defined function: element-wise (a result per
cell, spilled in the range's shape), aggregate (one result from whole ranges) and
tabular (several figures per row, spilled as columns with an optional header).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from om_xl.errors import InputError
from om_xl.excel.cells import NUM, VALUE, Cells, show

__all__ = ["aggregate_error", "elementwise", "evaluate", "first_errors", "rows"]


def first_errors(args: Sequence[Cells], shape: tuple[int, ...]) -> np.ndarray | None:
    """Per cell, the error of the first argument in error there; ``None`` if no cell is."""
    if all(arg.errors is None for arg in args):
        return None
    errors = np.full(shape, None, dtype=object)
    for arg in reversed(args):
        if arg.errors is not None:
            mine = np.broadcast_to(arg.errors, shape)
            errors = np.where(mine != None, mine, errors)  # noqa: E711 (element-wise)
    return errors


def aggregate_error(*args: Cells) -> str | None:
    """The first error in any cell of any argument, for results built from whole ranges."""
    for arg in args:
        if arg.errors is not None:
            found = arg.errors[arg.errors != None]  # noqa: E711 (element-wise)
            return found[0]
    return None


def _one_by_one(
    core: Callable[..., Any], values: list[np.ndarray], outputs: int, **options: Any
) -> Any:
    """Apply `core` cell by cell, showing ``#NUM!`` only where the input is invalid."""
    out = [np.empty(values[0].shape, dtype=object) for _ in range(outputs)]
    for index in np.ndindex(values[0].shape):
        try:
            got = core(*(v[index] for v in values), **options)
        except InputError:
            got = (NUM,) * outputs if outputs > 1 else NUM
        for part, value in zip(out, got if outputs > 1 else (got,), strict=True):
            part[index] = value
    return tuple(out) if outputs > 1 else out[0]


def evaluate(
    core: Callable[..., Any], args: Sequence[Cells], outputs: int = 1, **options: Any
) -> tuple:
    """Broadcast `args`, call `core` once, and return (result, errors, scalar).

    `outputs` is the number of figures `core` returns per cell (a tuple when above 1).
    If the vectorized call rejects the input, the cells are computed one at a time so
    that only the invalid ones show ``#NUM!``.

    Raises
    ------
    ValueError
        When the ranges' shapes cannot be matched (the cell shows ``#VALUE!``).
    """
    shape = np.broadcast_shapes(*(a.values.shape for a in args))
    values = [np.broadcast_to(a.values, shape) for a in args]
    try:
        result = core(*values, **options)
    except InputError:
        result = _one_by_one(core, values, outputs, **options)
    return result, first_errors(args, shape), all(a.scalar for a in args)


def elementwise(
    core: Callable[..., Any], args: Sequence[Cells], no_answer: str, **options: Any
) -> Any:
    """Cell-by-cell result of `core`, in the broadcast shape of `args`.

    One vectorized call does the work (see :func:`evaluate`): an invalid cell shows
    ``#NUM!`` and the rest still show their answers. Input cells in error pass their
    error through; a result with no answer shows `no_answer`; unequal ranges show
    ``#VALUE!``.
    """
    try:
        result, errors, scalar = evaluate(core, args, **options)
    except ValueError:
        return VALUE
    return show(result, errors, scalar, no_answer)


def rows(
    columns: Sequence[Any],
    errors: np.ndarray | None,
    no_answer: str,
    header: Sequence[str] | None,
) -> list[list[Any]]:
    """Lay several results out as columns: one row per input cell, a header on request.

    `columns` are equally long 1-D results (or scalars); `errors` flags input cells
    whose whole row shows the input's error.
    """
    n = max(np.size(c) for c in columns)
    flat = [
        np.asarray(c).reshape(-1) if np.size(c) == n else np.broadcast_to(c, (n,)) for c in columns
    ]
    row_errors = None
    if errors is not None:
        row_errors = errors.reshape(-1) if errors.size == n else np.broadcast_to(errors, (n,))
    shown = [show(col, row_errors, False, no_answer) for col in flat]
    table = [list(row) for row in zip(*shown, strict=True)]
    return [list(header), *table] if header else table
