"""The two jobs on files: make a new workbook, and refresh one into a new file.

Both write through a temporary file in the destination's folder, moved into place
only when complete: the destination holds the old file or the whole new one, never
half of either. The source workbook is only ever read.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import suppress
from importlib import resources
from pathlib import Path

from om_xl.errors import InputError
from om_xl.portfolio import compute, sample_inputs, validate
from om_xl.portfolio.inputs import Inputs, Problem
from om_xl.report import Report, layout_report
from om_xl.schema import TABLES
from om_xl.workbook.build import build, input_ranges
from om_xl.workbook.content import InputSheets
from om_xl.workbook.read import WorkbookInputs, read_workbook

__all__ = [
    "RefreshError",
    "Step",
    "addressed",
    "checked_inputs",
    "default_vba",
    "new_workbook",
    "refresh_workbook",
    "report_of",
]

Step = Callable[[str], None]


class RefreshError(InputError):
    """The inputs have problems; ``messages`` lists each as ``Sheet!Cell: what, fix``."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(f"{len(messages)} problem(s) in the inputs; nothing was written.")


def addressed(book: WorkbookInputs, problems: list[Problem]) -> list[str]:
    """Each problem as ``Sheet!Cell: what is wrong. How to fix it.``, in sheet order.

    The same problem in several rows of one column is one line naming the range (or
    the first cells) and the count, so one root cause does not bury the others.
    """
    order = {name: i for i, name in enumerate(["assumptions", *(t.name for t in TABLES)])}
    ranked = sorted(problems, key=lambda p: (order.get(p.table, 99), p.row or 0, book.address(p)))
    groups: dict[tuple, list[Problem]] = {}
    for p in ranked:
        groups.setdefault((p.table, p.column, p.message, repr(p.value), p.fix), []).append(p)
    lines = []
    for same in groups.values():
        where = book.address(same[0])
        if len(same) > 1:
            rows = [p.row for p in same]
            last = book.address(same[-1]).split("!")[-1]
            if all(b == a + 1 for a, b in itertools.pairwise(rows)):
                where = f"{where}:{last}"
            else:
                shown = ", ".join(book.address(p).split("!")[-1] for p in same[1:3])
                where = f"{where}, {shown}" + (
                    f" and {len(same) - 3} more" if len(same) > 3 else ""
                )
        count = f" ({len(same)} cells)" if len(same) > 1 else ""
        lines.append(f"{where}: {same[0].describe()}{count}")
    return lines


def default_vba() -> bytes:
    """The VBA project of xlwings' standalone workbook (BSD-3-Clause), as installed."""
    try:
        source = resources.files("xlwings") / "quickstart_standalone.xlsm"
    except ModuleNotFoundError:
        raise InputError(
            "a macro-enabled workbook needs xlwings for its VBA project: "
            "pip install 'om-xl[excel]', or write an .xlsx without buttons"
        ) from None
    with source.open("rb") as fh, zipfile.ZipFile(fh) as z:
        return z.read("xl/vbaProject.bin")


def _vba_of(path: Path) -> bytes | None:
    """The VBA project inside a workbook, kept as it is (with any macros added to it)."""
    try:
        with zipfile.ZipFile(path) as z:
            return z.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in z.namelist() else None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None


def _write_atomically(dst: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file beside `dst`, moved into place only when whole."""
    dst = dst.resolve()
    if not dst.parent.is_dir():
        raise InputError(f"the folder {dst.parent} does not exist; create it first.")
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.stem}-", suffix=dst.suffix, dir=dst.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, dst.stat().st_mode & 0o777 if dst.exists() else 0o666 & ~umask)
        os.replace(tmp, dst)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def checked_inputs(book: WorkbookInputs) -> tuple[Inputs, list[str]]:
    """The validated inputs of `book`, and its problems addressed (none: go on).

    The problems are those found reading the workbook and validating its inputs.
    """
    clean, problems = validate(book.sheets.inputs())
    found = book.problems + problems
    return clean, addressed(book, found) if found else []


def report_of(sheets: InputSheets, clean: Inputs, in_place: bool = False) -> Report:
    """The report of clean inputs, its Checks pointing at `sheets`, stamped with the time."""
    report = layout_report(compute(clean), input_ranges(sheets, in_place=in_place))
    report.status["refreshed"] = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return report


def _vba_for(path: Path, source: Path | None = None) -> bytes | None:
    """The VBA project of a workbook written to `path` (none unless macro-enabled).

    The `source` workbook's own project, its macros kept, else xlwings' default.
    """
    if path.suffix.lower() not in (".xlsm", ".xltm"):
        return None
    return (_vba_of(source) if source else None) or default_vba()


def new_workbook(path: str | Path, sample: bool = False, progress: Step | None = None) -> None:
    """Write a new workbook: a clean template, or the sample portfolio with its report."""
    say = progress or (lambda _: None)
    path = Path(path)
    raw = sample_inputs() if sample else Inputs({}, *([None] * 4))
    sheets = InputSheets.from_inputs(raw)
    say("computing")
    clean, problems = validate(sheets.inputs())
    assert not problems, problems  # the sample is valid by construction
    report = report_of(sheets, clean)
    say("writing")
    vba = _vba_for(path)
    _write_atomically(path, lambda tmp: build(tmp, sheets, report, vba=vba))


def refresh_workbook(src: str | Path, dst: str | Path, progress: Step | None = None) -> Report:
    """Refresh the report of workbook `src` into a new file `dst`.

    Raises
    ------
    RefreshError
        If the inputs have problems (nothing is written); ``.messages`` addresses each.
    WorkbookError
        If `src` cannot be read as a workbook.
    """
    say = progress or (lambda _: None)
    src, dst = Path(src), Path(dst)
    say("reading")
    book = read_workbook(src)
    say("validating")
    clean, problems = checked_inputs(book)
    if problems:
        raise RefreshError(problems)
    say("computing")
    report = report_of(book.sheets, clean)
    say("writing")
    vba = _vba_for(dst, src)
    _write_atomically(
        dst, lambda tmp: build(tmp, book.sheets, report, vba=vba, config=book.config or None)
    )
    return report
