"""Profile where ``om-xl refresh`` and the array UDFs spend their time and memory.

    python bench/profile_refresh.py [--customers 1000] [--top 12] [--memory] [--udf-rows 100000]

The companion of ``bench/refresh.py`` for a missed target: it writes the same input
workbook (the dense sample portfolio), then runs each refresh phase under cProfile and
lists the functions with the most time of their own (share of the phase and of the
whole refresh). ``--memory`` repeats the refresh under tracemalloc and lists the source
lines holding the most memory at the peak (just before the workbook file is
assembled, where the refresh peaks) and after reading. ``--udf-rows`` profiles one
array call of ``OCE`` and of ``PAYBACK_MONTHS`` on that many rows (0: skip).
"""

from __future__ import annotations

import argparse
import cProfile
import linecache
import pstats
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter.workbook

from om_xl.portfolio import compute, validate
from om_xl.report import layout_report
from om_xl.workbook.build import build, input_ranges
from om_xl.workbook.read import read_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from refresh import make_input  # the sibling script

_SITE = "site-packages/"


def _where(filename: str, line: int, name: str = "") -> str:
    """A short location: the path inside the project or site-packages, line, function."""
    if _SITE in filename:
        filename = filename.split(_SITE, 1)[1]
    elif "/om_xl/" in filename:
        filename = "om_xl/" + filename.split("/om_xl/", 1)[1]
    return f"{filename}:{line}" + (f" {name}" if name else "")


def profiled(call: Callable[[], Any]) -> tuple[Any, float, pstats.Stats]:
    """Run `call` under cProfile.

    Parameters
    ----------
    call : callable
        What to run.

    Returns
    -------
    tuple
        The result, the seconds it took (profiler overhead included) and the stats.
    """
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    result = call()
    profiler.disable()
    return result, time.perf_counter() - t0, pstats.Stats(profiler)


def top_functions(stats: pstats.Stats, top: int) -> list[tuple[str, float, float, int]]:
    """The functions with the most time of their own.

    Parameters
    ----------
    stats : pstats.Stats
        A profile.
    top : int
        How many to list.

    Returns
    -------
    list of tuple
        ``(location, own seconds, cumulative seconds, calls)``, most own time first.
    """
    rows = [
        (_where(file, line, name), tt, ct, nc)
        for (file, line, name), (_, nc, tt, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
    ]
    return sorted(rows, key=lambda r: -r[1])[:top]


def print_profile(
    title: str, seconds: float, whole: float, stats: pstats.Stats, top: int, of: str = "refresh"
) -> None:
    """Print one phase's top functions as a Markdown table.

    Parameters
    ----------
    title : str
        The phase.
    seconds : float
        The phase's time under the profiler.
    whole : float
        The whole refresh's time under the profiler.
    stats : pstats.Stats
        The phase's profile.
    top : int
        How many functions to list.
    of : str
        What `whole` is, for the headings.
    """
    print(f"\n#### {title}: {seconds:.2f} s under the profiler ({seconds / whole:.0%} of {of})")
    print(f"\n| function | own time | share of phase | share of {of} | cumulative | calls |")
    print("|---|---:|---:|---:|---:|---:|")
    for where, own, cum, calls in top_functions(stats, top):
        print(
            f"| `{where}` | {own:.2f} s | {own / seconds:.0%} | {own / whole:.0%} "
            f"| {cum:.2f} s | {calls:,} |"
        )


def time_profile(src: Path, dst: Path, top: int) -> None:
    """Profile each refresh phase, in the order ``refresh_workbook`` runs them.

    Parameters
    ----------
    src : Path
        The input workbook.
    dst : Path
        Where to write the refreshed one.
    top : int
        Functions listed per phase.
    """
    book, t_read, s_read = profiled(lambda: read_workbook(src))
    (clean, problems), t_val, s_val = profiled(lambda: validate(book.sheets.inputs()))
    assert not problems, problems[:3]

    def _compute() -> Any:
        return layout_report(compute(clean), input_ranges(book.sheets))

    report, t_comp, s_comp = profiled(_compute)
    _, t_write, s_write = profiled(lambda: build(dst, book.sheets, report, vba=None))
    whole = t_read + t_val + t_comp + t_write
    print(f"\n### Time: whole refresh {whole:.2f} s under cProfile")
    for title, seconds, stats in (
        ("read", t_read, s_read),
        ("validate", t_val, s_val),
        ("compute", t_comp, s_comp),
        ("write", t_write, s_write),
    ):
        print_profile(title, seconds, whole, stats, top)


def _print_snapshot(title: str, snapshot: tracemalloc.Snapshot, top: int) -> None:
    """Print the source lines holding the most memory in a snapshot."""
    stats = snapshot.statistics("lineno")
    total = sum(s.size for s in stats)
    print(f"\n#### {title}: {total / 2**20:,.0f} MiB traced")
    print("\n| allocated at | MiB | share | blocks | line |")
    print("|---|---:|---:|---:|---|")
    for s in stats[:top]:
        frame = s.traceback[0]
        code = linecache.getline(frame.filename, frame.lineno).strip()[:70].replace("|", "\\|")
        print(
            f"| `{_where(frame.filename, frame.lineno)}` | {s.size / 2**20:,.1f} "
            f"| {s.size / total:.0%} | {s.count:,} | `{code}` |"
        )


def memory_profile(src: Path, dst: Path, top: int) -> None:
    """Trace the refresh's allocations; show them after reading and at the peak.

    The peak snapshot is taken as XlsxWriter starts assembling the file (every cell is
    then held in memory), by wrapping ``Workbook.close`` for this run only.

    Parameters
    ----------
    src : Path
        The input workbook.
    dst : Path
        Where to write the refreshed one.
    top : int
        Lines listed per snapshot.
    """
    snapshots: dict[str, tracemalloc.Snapshot] = {}
    close = xlsxwriter.workbook.Workbook.close

    def close_after_snapshot(self: xlsxwriter.workbook.Workbook) -> None:
        snapshots["write"] = tracemalloc.take_snapshot()
        close(self)

    tracemalloc.start()
    book = read_workbook(src)
    snapshots["read"] = tracemalloc.take_snapshot()
    clean, _ = validate(book.sheets.inputs())
    report = layout_report(compute(clean), input_ranges(book.sheets))
    xlsxwriter.workbook.Workbook.close = close_after_snapshot  # type: ignore[method-assign]
    try:
        build(dst, book.sheets, report, vba=None)
    finally:
        xlsxwriter.workbook.Workbook.close = close  # type: ignore[method-assign]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\n### Memory: traced peak {peak / 2**20:,.0f} MiB (tracemalloc, Python allocations)")
    _print_snapshot("After read", snapshots["read"], top)
    _print_snapshot("During write, before the file is assembled", snapshots["write"], top)


def udf_profile(rows: int, top: int) -> None:
    """Profile one array call of ``OCE`` and of ``PAYBACK_MONTHS`` on `rows` rows.

    Parameters
    ----------
    rows : int
        Rows of the ranges (2-D lists, as xlwings passes them).
    top : int
        Functions listed per call.
    """
    from om_xl import udfs

    rng = np.random.default_rng(7)
    h2 = rng.uniform(5.0, 60.0, (rows, 1)).tolist()
    p2 = rng.uniform(1.0, 20.0, (rows, 1)).tolist()
    c2 = rng.uniform(1e4, 2e5, (rows, 1)).tolist()
    profits = rng.normal(6000.0, 9000.0, (rows, 36)).tolist()
    udfs.OCE(h2[:10], p2[:10])  # warm up
    print(f"\n### Array UDFs on {rows:,} rows")
    for name, call in (
        ("OCE", lambda: udfs.OCE(h2, p2)),
        ("PAYBACK_MONTHS", lambda: udfs.PAYBACK_MONTHS(c2, profits)),
    ):
        _, seconds, stats = profiled(call)
        print_profile(name, seconds, seconds, stats, top, of="call")


def main(argv: list[str] | None = None) -> None:
    """Write the input workbook and print the profiles as Markdown.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).
    """
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--top", type=int, default=12, help="functions or lines per list")
    parser.add_argument("--memory", action="store_true", help="also trace memory")
    parser.add_argument("--udf-rows", type=int, default=100_000, help="0: skip the UDFs")
    parser.add_argument("--skip-refresh", action="store_true", help="only the UDFs")
    args = parser.parse_args(argv)
    if not args.skip_refresh:
        with tempfile.TemporaryDirectory(prefix="om_xl-profile-") as tmp:
            src, dst = Path(tmp) / "inputs.xlsx", Path(tmp) / "refreshed.xlsx"
            print(f"## Profile of a refresh of {args.customers:,} customers", file=sys.stderr)
            make_input(args.customers, src)
            print(f"## Refresh of {args.customers:,} customers x 10 processes x 36 months")
            time_profile(src, dst, args.top)
            if args.memory:
                memory_profile(src, dst, args.top)
    if args.udf_rows > 0:
        udf_profile(args.udf_rows, args.top)


if __name__ == "__main__":
    main()
