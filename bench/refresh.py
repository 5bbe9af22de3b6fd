"""Benchmark ``om-xl refresh`` phase by phase, against the I/O floor, a formula model and UDFs.

    python bench/refresh.py [--sizes 100,1000,2900,5000] [--runs 3] [--big-runs 1]
                            [--formula-sizes 100,1000] [--formula-customers 50]
                            [--skip-formula-model] [--udf-rows 100000] [--quick]
                            [--out FILE] [--json FILE]

For each size (customers x 10 processes x 36 months, the dense sample portfolio) it
writes an input workbook without a report, then measures (issue 7). A dense portfolio
above about 2,970 customers would run its Outcomes table past Excel's last row
(1,048,576), so at 5,000 customers the realistic sample portfolio of the same size is
written instead (customers signed over the period, processes deployed over time); 2,900
dense customers (1,023,893 Outcomes rows) is the largest full grid.

1. **Refresh**, the four phases of ``om-xl refresh`` called in the order
   :func:`om_xl.workbook.refresh.refresh_workbook` calls them: read
   (``read_workbook``), validate (``validate`` of ``book.sheets.inputs()``), compute
   (``compute`` then ``layout_report``) and write (``build`` without a VBA project).
   Every run is a fresh subprocess, so each run's peak resident memory (``VmHWM``, see
   :func:`peak_mb`) is the peak memory of one whole refresh (imports included).
2. **The I/O floor**, in the same subprocess scheme: read every sheet of the same input
   workbook with python-calamine (values only), and write a workbook with as many cells
   as the refreshed one (its input values, then numbers) with XlsxWriter in
   ``constant_memory`` mode, with no computation.
3. **The formula model** a finance team would build: the input workbook plus a
   per-process helper sheet (SUMIFS over Outcomes) and a Dashboard of native formulas
   (SUMPRODUCT, SUMIFS, COUNTIFS, MINIFS) for the same per-customer figures, recalculated
   by headless LibreOffice through ``tools/lo_check.py``; its figures are checked
   against om_xl's Dashboard. LibreOffice's SUMIFS scan every Outcomes row, so the
   full model takes about 20 minutes per recalculation at 1,000 customers: by default
   the formulas cover the first ``--formula-customers`` (50) customers, still reading
   the whole input tables, and the time is scaled by customers / 50 (linear: each
   formula costs the same; ``--formula-customers 0`` builds the full model).
4. **Array UDFs**: ``OCE`` and ``PAYBACK_MONTHS`` through :mod:`om_xl.udfs` on
   100,000-row ranges (2-D lists, as xlwings passes them) against 100,000 single-cell
   calls.

It prints Markdown tables (and the targets, met or missed) to standard output and
progress to standard error. ``--runs`` runs are made at each size below 2,500
customers, ``--big-runs`` at 2,500 and above. ``--quick`` is a smoke test (100
customers, one run, 10,000 UDF rows).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import hashlib
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine as calamine
import xlsxwriter

import om_xl
from om_xl.portfolio import compute, sample_inputs, validate
from om_xl.report import layout_report
from om_xl.schema import ASSUMPTIONS, CUSTOMERS, TABLES
from om_xl.workbook.build import build, input_ranges
from om_xl.workbook.content import InputSheets, TableCells
from om_xl.workbook.layout import DATA_ROW, HEADER_ROW, SETTINGS_COLUMNS
from om_xl.workbook.read import column_letter, read_workbook

ROOT = Path(__file__).resolve().parent.parent
LO_CHECK = ROOT / "tools" / "lo_check.py"
PROCESSES, MONTHS = 10, 36
BIG = 2_500  # sizes from here on get --big-runs runs
EXCEL_ROWS = 1_048_576  # the last row of an Excel worksheet
#: The targets of issue 7.
FLOOR_RATIO_TARGET = 1.5
COMPUTE_SHARE_TARGET = 0.10
MEMORY_TARGET_MB = 2048.0
UDF_TARGET_S = 0.050
#: Relative tolerance when comparing the formula model's figures with om_xl's.
TOLERANCE = 1e-6
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
CUSTOMER_ID = CUSTOMERS.column("customer_id").header


# --- small helpers ------------------------------------------------------------------------


def say(message: str) -> None:
    """Print a progress line to standard error.

    Parameters
    ----------
    message : str
        The line to print.
    """
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def peak_mb() -> float:
    """The peak resident memory of this process so far, in MiB.

    Linux's ``ru_maxrss`` of a child started by a large parent includes the parent's
    resident memory (the high-water mark survives fork and exec), so the peak is read
    from ``VmHWM`` in ``/proc/self/status``: the high-water mark of this process's own
    address space since it started. Without ``/proc``, ``ru_maxrss`` is used.

    Returns
    -------
    float
        The peak resident set size in MiB.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Stat:
    """Median, minimum and maximum of repeated measurements."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """The median (``nan`` without measurements)."""
        return statistics.median(self.values) if self.values else math.nan

    @property
    def low(self) -> float:
        """The minimum (``nan`` without measurements)."""
        return min(self.values) if self.values else math.nan

    @property
    def high(self) -> float:
        """The maximum (``nan`` without measurements)."""
        return max(self.values) if self.values else math.nan

    def show(self, unit: str = "s", digits: int = 2) -> str:
        """The median with the range, e.g. ``3.10 s (3.02-3.31)``.

        Parameters
        ----------
        unit : str
            Unit written after the median.
        digits : int
            Decimals.

        Returns
        -------
        str
            The text for a table cell; only the median when there is one value.
        """
        if not self.values:
            return "n/a"
        text = f"{self.median:,.{digits}f} {unit}".rstrip()
        if len(self.values) > 1:
            text += f" ({self.low:,.{digits}f}-{self.high:,.{digits}f})"
        return text


def source_fingerprint() -> str:
    """A short hash of om_xl's source files, tying figures to the code measured.

    Returns
    -------
    str
        The first 12 hex digits of a SHA-256 over every ``om_xl/**/*.py``.
    """
    digest = hashlib.sha256()
    package = Path(om_xl.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def count_cells(path: Path) -> tuple[int, int]:
    """Count the cells (``<c`` elements) and formulas of a workbook's worksheets.

    Parameters
    ----------
    path : Path
        An .xlsx or .xlsm file.

    Returns
    -------
    tuple of int
        Cells (blank cells with a format included, as the file stores them) and
        formula cells, over every worksheet part.
    """
    cells = formulas = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            tail = b""
            with z.open(name) as fh:
                while chunk := fh.read(1 << 24):
                    buf = tail + chunk  # both tags are 3 bytes: a 2-byte tail never recounts
                    cells += buf.count(b"<c ")
                    formulas += buf.count(b"<f>")
                    tail = buf[-2:]
    return cells, formulas


def _serial(value: Any) -> float:
    """A date (or number) as an Excel serial number; blanks as ``nan``."""
    if value is None or value is pd.NaT:
        return math.nan
    if isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        return (pd.Timestamp(value) - _EXCEL_EPOCH) / pd.Timedelta(days=1)
    return float(value)


# --- the input workbook -------------------------------------------------------------------


class DoesNotFitError(Exception):
    """A generated portfolio has a table longer than an Excel sheet."""

    def __init__(self, message: str, rows: dict[str, int]) -> None:
        super().__init__(message)
        self.rows = rows


def make_input(customers: int, path: Path) -> InputSheets:
    """Generate the sample portfolio and write it as an input workbook (no report).

    The dense portfolio (every customer with the whole history, every process live) where
    it fits a workbook; above about 2,970 customers its Outcomes table would run past
    Excel's last row, and the realistic portfolio of the same size (customers signed
    over the period, processes deployed over time, some churn) is written instead.

    Parameters
    ----------
    customers : int
        Number of customers (10 processes and 36 months each).
    path : Path
        The .xlsx to write.

    Returns
    -------
    InputSheets
        The input cells written.

    Raises
    ------
    DoesNotFitError
        If a table would run past Excel's last row (1,048,576): about 2,970 customers
        of this shape fill the Outcomes sheet, and XlsxWriter silently drops the cells
        of any row beyond it.
    """
    raw = sample_inputs(customers, PROCESSES, MONTHS, dense=True)
    if DATA_ROW - 1 + len(raw.outcomes) > EXCEL_ROWS:
        # the full grid cannot be a workbook: the realistic mix of the same size can
        raw = sample_inputs(customers, PROCESSES, MONTHS)
    sheets = InputSheets.from_inputs(raw)
    rows = {name: len(t.rows) for name, t in sheets.tables.items()}
    for name, n in rows.items():
        if DATA_ROW - 1 + n > EXCEL_ROWS:
            raise DoesNotFitError(
                f"does not fit in a workbook: {n:,} {name} rows would reach row "
                f"{DATA_ROW - 1 + n:,}, past Excel's last row ({EXCEL_ROWS:,})",
                rows,
            )
    build(path, sheets, report=None)
    return sheets


# --- subprocess workers: one refresh, one floor, the UDFs ----------------------------------


def refresh_once(src: Path, dst: Path) -> dict[str, float]:
    """Run the phases of ``om-xl refresh`` once, timing each (in a fresh process).

    Parameters
    ----------
    src : Path
        The input workbook.
    dst : Path
        Where to write the refreshed workbook.

    Returns
    -------
    dict
        Seconds per phase (``read``, ``validate``, ``model``, ``layout``, ``compute`` =
        model + layout, ``write``, ``total``) and the peak memory in MiB after the
        imports and after each phase (``mem_*``, ``peak_rss``).
    """
    out = {"mem_imports": peak_mb()}
    t0 = time.perf_counter()
    book = read_workbook(src)
    t1 = time.perf_counter()
    out["mem_read"] = peak_mb()
    clean, problems = validate(book.sheets.inputs())
    if book.problems or problems:
        raise RuntimeError(f"the generated inputs have problems: {(book.problems + problems)[:3]}")
    t2 = time.perf_counter()
    out["mem_validate"] = peak_mb()
    portfolio = compute(clean)
    t3 = time.perf_counter()
    report = layout_report(portfolio, input_ranges(book.sheets))
    t4 = time.perf_counter()
    out["mem_compute"] = peak_mb()
    build(dst, book.sheets, report, vba=None)
    t5 = time.perf_counter()
    out["mem_write"] = peak_mb()
    out.update(
        read=t1 - t0,
        validate=t2 - t1,
        model=t3 - t2,
        layout=t4 - t3,
        compute=t4 - t2,
        write=t5 - t4,
        total=t5 - t0,
    )
    return out


def floor_once(src: Path, cells: int, dst: Path) -> dict[str, float]:
    """Time the I/O floor once: calamine reads every sheet, XlsxWriter writes `cells` cells.

    The write is a workbook of the values read (sheet by sheet, rows as they are) and,
    on one more sheet, numbers in rows of 20 until it holds `cells` cells: the same
    count as the refreshed workbook, with no computation, in ``constant_memory`` mode.

    Parameters
    ----------
    src : Path
        The input workbook.
    cells : int
        Cells the written workbook must hold.
    dst : Path
        Where to write.

    Returns
    -------
    dict
        ``read``, ``write`` and ``total`` seconds, ``cells_read`` (non-empty values) and
        ``peak_rss`` (MiB).
    """
    t0 = time.perf_counter()
    book = calamine.CalamineWorkbook.from_path(str(src))
    data = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    t1 = time.perf_counter()
    nonempty = sum(v != "" and v is not None for rows in data.values() for r in rows for v in r)
    filler = max(cells - nonempty, 0)
    width = 20
    numbers = [1000.0 + j + 0.25 for j in range(width)]
    t2 = time.perf_counter()
    out = xlsxwriter.Workbook(
        str(dst), {"constant_memory": True, "default_date_format": "yyyy-mm-dd"}
    )
    for name, rows in data.items():
        ws = out.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    ws = out.add_worksheet("Report")
    full, rest = divmod(filler, width)
    for r in range(full):
        ws.write_row(r, 0, numbers)
    if rest:
        ws.write_row(full, 0, numbers[:rest])
    out.close()
    t3 = time.perf_counter()
    return {
        "read": t1 - t0,
        "write": t3 - t2,
        "total": (t1 - t0) + (t3 - t2),
        "cells_read": nonempty,
        "peak_rss": peak_mb(),
    }


def _timed(call: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """Seconds of each of `runs` calls of `call`, and the last result."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - t0)
    return times, result


def _loop(call: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> tuple[float, list[Any]]:
    """Seconds to call `call` once per argument tuple, and the results."""
    results = []
    t0 = time.perf_counter()
    for a in args:
        results.append(call(*a))
    return time.perf_counter() - t0, results


def _same(a: Any, b: Any) -> bool:
    """Whether two UDF results show the same (numbers to 1e-9, error literals equal)."""
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(b))
    return a == b


def udf_bench(rows: int, runs: int) -> dict[str, Any]:
    """Time ``OCE`` and ``PAYBACK_MONTHS`` on `rows`-row ranges and as `rows` single calls.

    Ranges are 2-D lists as xlwings passes them (``[[x], [y], ...]``; the payback
    profits a `rows` x 36 table). Single calls are made two ways: with plain scalars,
    and with the 1 x 1 lists xlwings passes for one cell when an argument is declared
    ``ndim=2`` (as every om_xl range argument is).

    Parameters
    ----------
    rows : int
        Rows per range, and number of single-cell calls.
    runs : int
        Runs of each range call (single calls are made once).

    Two reference points come with each range call: the same call with Python's
    garbage collector paused (xlwings keeps the collector on, and building ``rows``
    result lists triggers collections that walk every live container), and the
    list-array floor: converting the argument lists to float arrays and a float result
    back to lists, the least any list-based UDF must do.

    Returns
    -------
    dict
        Per function: ``array``, ``paused`` and ``floor`` (seconds of each run),
        ``scalar`` and ``cell`` (seconds for all single calls) and ``agree`` (whether
        the range call's answers equal the single calls').
    """
    from om_xl import udfs  # needs xlwings; imported only here

    rng = np.random.default_rng(7)
    out: dict[str, Any] = {"rows": rows, "months": MONTHS}

    def convert(*ranges: list[list[float]]) -> list[list[float]]:
        arrays = [np.asarray(r, dtype=float) for r in ranges]
        return arrays[0][:, :1].tolist()

    def measure(name: str, call: Callable[..., Any], ranges: tuple, singles: list) -> None:
        gc.collect()  # each series starts from the same collector state
        times, answers = _timed(lambda: call(*ranges), runs)
        paused = _timed(lambda: _paused(lambda: call(*ranges)), runs)[0]
        floor = _timed(lambda: _paused(lambda: convert(*ranges)), runs)[0]
        scalar, one_by_one = _loop(call, singles)
        cell, _ = _loop(call, (tuple(map(_as_cell, args)) for args in singles))
        agree = all(_same(a[0], b) for a, b in zip(answers, one_by_one, strict=True))
        out[name] = {"array": times, "paused": paused, "floor": floor}
        out[name].update(scalar=scalar, cell=cell, agree=agree)

    human, price = rng.uniform(5.0, 60.0, rows), rng.uniform(1.0, 20.0, rows)
    ranges = (human.reshape(-1, 1).tolist(), price.reshape(-1, 1).tolist())
    measure("OCE", udfs.OCE, ranges, list(zip(human.tolist(), price.tolist(), strict=True)))
    del human, price, ranges
    costs = rng.uniform(1e4, 2e5, rows)
    profits = rng.normal(6000.0, 9000.0, (rows, MONTHS)).tolist()
    singles = [(c, [p]) for c, p in zip(costs.tolist(), profits, strict=True)]
    measure(
        "PAYBACK_MONTHS", udfs.PAYBACK_MONTHS, (costs.reshape(-1, 1).tolist(), profits), singles
    )
    return out


def _as_cell(value: Any) -> Any:
    """One cell as xlwings passes it to an ``ndim=2`` argument: ``[[value]]``."""
    return value if isinstance(value, list) else [[value]]


def _paused(call: Callable[[], Any]) -> Any:
    """Call `call` with the garbage collector paused (what a fix in om_xl would do)."""
    gc.disable()
    try:
        return call()
    finally:
        gc.enable()


def worker(argv: list[str]) -> None:
    """Run one measurement in this (fresh) process and print its JSON on one line.

    Parameters
    ----------
    argv : list of str
        ``refresh SRC DST``, ``floor SRC CELLS DST`` or ``udf ROWS RUNS``.
    """
    kind, *args = argv
    if kind == "refresh":
        result: dict[str, Any] = refresh_once(Path(args[0]), Path(args[1]))
    elif kind == "floor":
        result = floor_once(Path(args[0]), int(args[1]), Path(args[2]))
    elif kind == "udf":
        result = udf_bench(int(args[0]), int(args[1]))
    else:
        raise SystemExit(f"unknown worker {kind!r}")
    result["peak_rss"] = peak_mb()
    print(json.dumps(result))


def run_worker(*args: Any) -> dict[str, Any]:
    """Run :func:`worker` in a fresh Python process and return what it measured.

    Parameters
    ----------
    *args : Any
        The worker's arguments (turned into strings).

    Returns
    -------
    dict
        The worker's JSON.
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the formula model ----------------------------------------------------------------------


def _write_cell(ws: Any, row: int, col: int, value: Any) -> None:
    """Write one input cell by its type (text stays text); blanks are skipped."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value)
    else:
        ws.write_string(row, col, str(value))


#: Dashboard columns of the formula model: header and the om_xl Dashboard column it
#: recomputes (``None`` for intermediate columns not compared).
FORMULA_DASHBOARD: list[tuple[str, str | None]] = [
    ("Customer ID", None),
    ("First outcome", "first_outcome_date"),
    ("TTFO (days)", "ttfo_days"),
    ("COD", "cod"),
    ("FDE cost to date", "fde_cost_to_date"),
    ("Units to date", "units_to_date"),
    ("Revenue to date", "revenue_to_date"),
    ("Gross profit to date", "gross_profit_to_date"),
    ("Labor value to date", "labor_value_to_date"),
    ("OCE (x)", "oce"),
    ("GMO per outcome", "gmo_per_outcome"),
    ("GMO margin", "gmo_margin"),
    ("PPR", "ppr"),
    ("J-curve position", "position"),
    ("Revenue, report month", None),
    ("Revenue, NRR start month", None),
    ("NRR", "nrr"),
]
CALC_SHEET, DASHBOARD_SHEET = "Process calc", "Dashboard"


def _key(table: TableCells, row: list[Any]) -> str:
    """The customer id of a table row, as text."""
    value = row[table.headers.index(CUSTOMER_ID)]
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _dashboard_formulas(sheets: InputSheets, limit: int) -> tuple[list[list[str]], list[list[str]]]:
    """The formula model: per process row (helper sheet) and per customer (Dashboard).

    Parameters
    ----------
    sheets : InputSheets
        The input cells.
    limit : int
        Formulas only for the first `limit` customers and their processes (0: all);
        every formula still reads the whole input ranges.

    Returns
    -------
    tuple of list
        Formulas of the helper sheet's rows (aligned with the Processes rows; empty for
        the processes of customers left out) and of the Dashboard's rows (aligned with
        the Customers rows).
    """
    ranges = input_ranges(sheets)
    col, cell = ranges.col, ranges.cell
    c_, p_, d_, o_ = "customers", "processes", "deployment", "outcomes"
    customers, processes = sheets.tables[c_], sheets.tables[p_]
    n_proc = len(processes.rows)
    n_cust = min(limit, len(customers.rows)) if limit > 0 else len(customers.rows)
    chosen = {_key(customers, row) for row in customers.rows[:n_cust]}
    last = DATA_ROW + max(n_proc, 1) - 1
    calc = f"'{CALC_SHEET}'!"
    units = {k: f"{calc}${k}${DATA_ROW}:${k}${last}" for k in "BCD"}
    end, month_start, lag_start, lag_end = (f"{calc}${k}$2" for k in "BCDE")
    proc_rows = []
    for i, row in enumerate(processes.rows):
        if _key(processes, row) not in chosen:
            proc_rows.append([])
            continue
        r = DATA_ROW + i
        crit = (
            f"{col(o_, 'customer_id')},{cell(p_, 'customer_id', r)},"
            f"{col(o_, 'process_id')},{cell(p_, 'process_id', r)}"
        )
        total = f"{col(o_, 'units')},{crit},{col(o_, 'month')}"
        proc_rows.append(
            [
                f'=SUMIFS({total},"<="&{end})',
                f'=SUMIFS({total},">="&{month_start},{col(o_, "month")},"<="&{end})',
                f'=SUMIFS({total},">="&{lag_start},{col(o_, "month")},"<="&{lag_end})',
            ]
        )
    rate = ranges.setting("fde_daily_rate")
    fde = f'{col(d_, "fde_days")}*({col(d_, "daily_rate")}+({col(d_, "daily_rate")}="")*{rate})'
    mine = f"({col(p_, 'customer_id')}={{id}})"
    margin = (
        f"({col(p_, 'price_per_unit')}-{col(p_, 'token_cost_per_unit')}-"
        f"{col(p_, 'oversight_cost_per_unit')}-{col(p_, 'infra_cost_per_unit')})"
    )
    cust_rows = []
    for i in range(n_cust):
        r = DATA_ROW + i
        ident = cell(c_, "customer_id", r)
        signed = cell(c_, "signature_date", r)
        stated = cell(c_, "first_outcome_date", r)
        churn = cell(c_, "churn_date", r)
        own = mine.format(id=ident)
        units_pos = f'{col(o_, "customer_id")},{ident},{col(o_, "units")},">0"'
        f = {h: f"{column_letter(j)}{r}" for j, (h, _) in enumerate(FORMULA_DASHBOARD)}
        deploy = f"SUMPRODUCT(({col(d_, 'customer_id')}={ident})*({col(d_, 'date')}<="
        cust_rows.append(
            [
                f"={ident}",
                f'=IF({stated}<>"",{stated},IF(COUNTIFS({units_pos})=0,"",MAX({signed},'
                f"EOMONTH(MINIFS({col(o_, 'month')},{units_pos}),-1)+1)))",
                f'=IF({f["First outcome"]}="","",{f["First outcome"]}-{signed})',
                f'={deploy}IF({f["First outcome"]}="",2958465,{f["First outcome"]}))*{fde})',
                f"={deploy}{end})*{fde})",
                f"=SUMIFS({units['B']},{col(p_, 'customer_id')},{ident})",
                f"=SUMPRODUCT({own}*{col(p_, 'price_per_unit')}*{units['B']})",
                f"=SUMPRODUCT({own}*{margin}*{units['B']})",
                f"=SUMPRODUCT({own}*{col(p_, 'human_cost_per_unit')}*{units['B']})",
                f"=IF({f['Revenue to date']}>0,"
                f'{f["Labor value to date"]}/{f["Revenue to date"]},"")',
                f'=IF({f["Units to date"]}>0,{f["Gross profit to date"]}/{f["Units to date"]},"")',
                f"=IF({f['Revenue to date']}>0,"
                f'{f["Gross profit to date"]}/{f["Revenue to date"]},"")',
                f'=IF(AND({churn}<>"",{churn}<={end}),0,COUNTIFS({col(p_, "customer_id")},'
                f'{ident},{col(p_, "status")},"deployed",{col(p_, "deployed_date")},"<="&'
                f"{end})/COUNTIF({col(p_, 'customer_id')},{ident}))",
                f"=-{cell(c_, 'acquisition_cost', r)}-{f['FDE cost to date']}"
                f"+{f['Gross profit to date']}",
                f"=SUMPRODUCT({own}*{col(p_, 'price_per_unit')}*{units['C']})",
                f"=SUMPRODUCT({own}*{col(p_, 'price_per_unit')}*{units['D']})",
                f"=IF({f['Revenue, NRR start month']}>0,"
                f'{f["Revenue, report month"]}/{f["Revenue, NRR start month"]},"")',
            ]
        )
    return proc_rows, cust_rows


def write_formula_model(path: Path, sheets: InputSheets, limit: int) -> tuple[int, int]:
    """Write the input workbook's cells plus the formula model's sheets.

    The input sheets hold the same cells at the same places as the workbook om_xl
    writes (Assumptions values in column B from row 5, each table's header in row 4);
    a helper sheet holds three SUMIFS per process (units to date, in the report month
    and in the NRR window's first month), and the Dashboard one formula row per
    customer. Cached values are left at 0: LibreOffice recalculates on load.

    Parameters
    ----------
    path : Path
        The .xlsx to write.
    sheets : InputSheets
        The input cells.
    limit : int
        Formulas for the first `limit` customers only (0: all of them).

    Returns
    -------
    tuple of int
        Number of formula cells, and of customers they cover.
    """
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    ranges = input_ranges(sheets)
    ws = book.add_worksheet(ASSUMPTIONS.sheet)
    for j, h in enumerate(SETTINGS_COLUMNS):
        ws.write_string(HEADER_ROW - 1, j, h)
    for i, s in enumerate(ASSUMPTIONS.settings):
        value = sheets.settings.get(s.name, s.default)
        for j, v in enumerate((s.label, value, s.unit, s.name)):
            _write_cell(ws, DATA_ROW - 1 + i, j, v)
    for table in TABLES:
        cells = sheets.tables[table.name]
        ws = book.add_worksheet(table.sheet)
        for j, h in enumerate(cells.headers):
            ws.write_string(HEADER_ROW - 1, j, h)
        for i, row in enumerate(cells.rows):
            for j, v in enumerate(row):
                _write_cell(ws, HEADER_ROW + i, j, v)
    proc_rows, cust_rows = _dashboard_formulas(sheets, limit)
    money = book.add_format({"num_format": "#,##0.00"})
    ws = book.add_worksheet(CALC_SHEET)
    as_of = ranges.settings["as_of_month"]
    window = ranges.settings["nrr_window"]
    ws.write_row(0, 1, ["Report month end", "Report month start", "NRR start", "NRR start end"])
    lag = f'IF(UPPER({window})="MOM",1,12)'
    ws.write_formula(
        1, 1, f'=EOMONTH(IF({as_of}="",MAX({ranges.col("outcomes", "month")}),{as_of}),0)'
    )
    ws.write_formula(1, 2, "=EOMONTH(B2,-1)+1")
    ws.write_formula(1, 3, f"=EOMONTH(B2,-{lag}-1)+1")
    ws.write_formula(1, 4, f"=EOMONTH(B2,-{lag})")
    ws.write_row(HEADER_ROW - 1, 1, ["Units to date", "Units, report month", "Units, NRR start"])
    for i, row in enumerate(proc_rows):
        for j, text in enumerate(row):
            ws.write_formula(HEADER_ROW + i, 1 + j, text, money)
    ws = book.add_worksheet(DASHBOARD_SHEET)
    ws.write_row(HEADER_ROW - 1, 0, [h for h, _ in FORMULA_DASHBOARD])
    for i, row in enumerate(cust_rows):
        for j, text in enumerate(row):
            ws.write_formula(HEADER_ROW + i, j, text, money)
    book.close()
    return 4 + sum(map(len, proc_rows)) + sum(map(len, cust_rows)), len(cust_rows)


def om_xl_dashboard(sheets: InputSheets) -> pd.DataFrame:
    """om_xl's Dashboard for the inputs, with the FDE cost to date the model also shows.

    Parameters
    ----------
    sheets : InputSheets
        The input cells.

    Returns
    -------
    DataFrame
        One row per customer, in the Customers table's order.
    """
    clean, problems = validate(sheets.inputs())
    if problems:
        raise RuntimeError(f"the generated inputs have problems: {problems[:3]}")
    dashboard = compute(clean).dashboard.copy()
    dashboard["fde_cost_to_date"] = dashboard["cod"] + dashboard["post_launch_deployment_cost"]
    return dashboard


def compare_dashboard(values: dict[str, Any], expected: pd.DataFrame) -> tuple[int, int, list[str]]:
    """Compare the recalculated formula Dashboard with om_xl's figures.

    Parameters
    ----------
    values : dict
        ``lo_check``'s ``sheets`` JSON for the Dashboard sheet (``{"B5": {...}}``).
    expected : DataFrame
        :func:`om_xl_dashboard`.

    Returns
    -------
    tuple
        Cells that agree, cells compared, and up to five disagreements described.
    """
    agree = total = 0
    wrong: list[str] = []
    by_id = expected.set_index(expected["customer_id"].astype(str))
    n = len(expected)
    for i in range(n):
        r = DATA_ROW + i
        cid = values.get(f"A{r}", {}).get("value")
        if cid is None or str(cid) not in by_id.index:
            continue
        row = by_id.loc[str(cid)]
        for j, (header, key) in enumerate(FORMULA_DASHBOARD):
            if key is None:
                continue
            got = values.get(f"{column_letter(j)}{r}", {})
            value = got.get("value") if got.get("type") in ("number", "date") else None
            mine = math.nan if value is None else float(value)
            want = _serial(row[key])
            total += 1
            same = (math.isnan(mine) and math.isnan(want)) or (
                not math.isnan(want) and abs(mine - want) <= TOLERANCE * max(1.0, abs(want))
            )
            if same:
                agree += 1
            elif len(wrong) < 5:
                wrong.append(f"{cid} {header}: formula {mine!r}, om_xl {want!r}")
    return agree, total, wrong


def run_formula_model(path: Path, expected: pd.DataFrame, timeout: int) -> dict[str, Any]:
    """Recalculate the formula model in headless LibreOffice through ``tools/lo_check.py``.

    Parameters
    ----------
    path : Path
        The formula-model workbook.
    expected : DataFrame
        om_xl's Dashboard, to compare the recalculated figures with.
    timeout : int
        Seconds before ``lo_check`` gives up.

    Returns
    -------
    dict
        ``lo_check``'s ``timings_s``, the whole run's seconds (``wall``), the engine,
        formula errors, and the comparison with om_xl (``agree``, ``compared``,
        ``wrong``); ``failed`` with the reason when LibreOffice did not finish.
    """
    values = path.with_suffix(".json")
    command = [sys.executable, str(LO_CHECK), str(path), "--values", str(values)]
    command += ["--timeout", str(timeout)]
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if done.returncode not in (0, 1) or not values.exists():
        return {"failed": f"lo_check exit {done.returncode}: {done.stderr.strip()[-400:]}"}
    result = json.loads(values.read_text())
    agree, compared, wrong = compare_dashboard(result["sheets"].get(DASHBOARD_SHEET, {}), expected)
    return {
        "timings": result["timings_s"],
        "wall": wall,
        "engine": result.get("engine", "LibreOffice"),
        "formula_errors": len(result.get("formula_errors", [])),
        "agree": agree,
        "compared": compared,
        "wrong": wrong,
    }


# --- the whole benchmark ----------------------------------------------------------------------


@dataclass
class SizeResult:
    """Everything measured at one portfolio size."""

    customers: int
    rows: dict[str, int] = field(default_factory=dict)
    input_mb: float = 0.0
    output_mb: float = 0.0
    cells: int = 0
    formulas: int = 0
    floor_cells: int = 0
    refresh: dict[str, Stat] = field(default_factory=dict)
    floor: dict[str, Stat] = field(default_factory=dict)
    peak_mb: float = 0.0
    floor_peak_mb: float = 0.0
    phase_peaks: dict[str, float] = field(default_factory=dict)
    formula: dict[str, Any] | None = None
    #: Why the size was not measured (its tables do not fit in a workbook).
    skipped: str = ""


def bench_size(
    customers: int, runs: int, workdir: Path, formula: int | None, timeout: int
) -> SizeResult:
    """Measure one size: input workbook, refresh and floor runs, and the formula model.

    Parameters
    ----------
    customers : int
        Number of customers.
    runs : int
        Refresh and floor runs (interleaved, each in a fresh process).
    workdir : Path
        Folder for the workbooks.
    formula : int or None
        Also build and recalculate the formula model, with formulas for the first
        `formula` customers (0: all); ``None``: no formula model.
    timeout : int
        Seconds LibreOffice may take.

    Returns
    -------
    SizeResult
        The measurements.
    """
    res = SizeResult(customers)
    src = workdir / f"inputs-{customers}.xlsx"
    say(f"{customers:,} customers: generating and writing the input workbook")
    try:
        sheets = make_input(customers, src)
    except DoesNotFitError as exc:
        say(f"{customers:,} customers: {exc}")
        res.skipped, res.rows = str(exc), exc.rows
        return res
    res.rows = {name: len(t.rows) for name, t in sheets.tables.items()}
    res.input_mb = src.stat().st_size / 2**20
    model_path = expected = None
    n_formulas = covered = 0
    if formula is not None:
        say(f"{customers:,} customers: writing the formula model")
        model_path = workdir / f"formula-model-{customers}.xlsx"
        n_formulas, covered = write_formula_model(model_path, sheets, formula)
        expected = om_xl_dashboard(sheets)
    del sheets
    phases = ("read", "validate", "compute", "model", "layout", "write", "total")
    res.refresh = {k: Stat() for k in phases}
    res.floor = {k: Stat() for k in ("read", "write", "total")}
    dst = workdir / f"refreshed-{customers}.xlsx"
    for run in range(runs):
        say(f"{customers:,} customers: refresh run {run + 1}/{runs}")
        got = run_worker("refresh", src, dst)
        for k in phases:
            res.refresh[k].values.append(got[k])
        if got["peak_rss"] > res.peak_mb:
            res.peak_mb = got["peak_rss"]
            res.phase_peaks = {k: v for k, v in got.items() if k.startswith("mem_")}
        if run == 0:
            res.cells, res.formulas = count_cells(dst)
            res.output_mb = dst.stat().st_size / 2**20
        say(f"{customers:,} customers: I/O floor run {run + 1}/{runs} ({res.cells:,} cells)")
        floor_dst = workdir / f"floor-{customers}.xlsx"
        got = run_worker("floor", src, res.cells, floor_dst)
        for k in res.floor:
            res.floor[k].values.append(got[k])
        res.floor_peak_mb = max(res.floor_peak_mb, got["peak_rss"])
        if run == 0:
            res.floor_cells = count_cells(floor_dst)[0]
    if model_path is not None and expected is not None:
        say(f"{customers:,} customers: recalculating the formula model in LibreOffice")
        res.formula = run_formula_model(model_path, expected, timeout)
        res.formula.update(formula_cells=n_formulas, covered=covered)
    return res


# --- reporting ---------------------------------------------------------------------------------


def _s(seconds: float, digits: int = 2) -> str:
    return "n/a" if seconds != seconds else f"{seconds:,.{digits}f} s"


def _ratio(a: float, b: float) -> float:
    return a / b if b and b == b and a == a else math.nan


def _x(ratio: float) -> str:
    return "n/a" if ratio != ratio else f"{ratio:.2f}x"


def environment(fingerprint: str) -> list[str]:
    """Lines describing the machine and the libraries measured.

    Parameters
    ----------
    fingerprint : str
        :func:`source_fingerprint` when the benchmark started.

    Returns
    -------
    list of str
        Markdown bullet lines.
    """
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("numpy", "pandas", "python-calamine", "XlsxWriter", "xlwings")
    )
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    now = source_fingerprint()
    changed = "" if now == fingerprint else f", CHANGED during the run (was {fingerprint})"
    return [
        f"- Run {dt.datetime.now():%Y-%m-%d %H:%M}, om_xl {om_xl.__version__} "
        f"(source fingerprint {now}{changed}), Python {platform.python_version()}, "
        f"{versions}",
        f"- {os.cpu_count()} CPUs ({cpu}), "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
    ]


def render(
    sizes: list[SizeResult],
    udf: dict[str, Any] | None,
    command: str,
    runs: dict[int, int],
    fingerprint: str,
) -> str:
    """The results as Markdown: refresh, floor, formula model, UDFs and targets.

    Parameters
    ----------
    sizes : list of SizeResult
        The measurements per size.
    udf : dict or None
        :func:`udf_bench`'s result.
    command : str
        The command line that produced them.
    runs : dict
        Runs made per size.
    fingerprint : str
        :func:`source_fingerprint` when the benchmark started.

    Returns
    -------
    str
        Markdown.
    """
    out = ["## Results", "", f"`{command}`", "", *environment(fingerprint), ""]
    out += [
        "### Refresh, phase by phase (median of the runs, min-max in brackets)",
        "",
        "| customers | outcome rows | cells out (formulas) | runs | read | validate "
        "| compute (of which layout) | write | refresh total | peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    measured = [r for r in sizes if not r.skipped]
    for r in sizes:
        f = r.refresh
        if r.skipped:
            out.append(
                f"| {r.customers:,} | {r.rows.get('outcomes', 0):,} | {r.skipped} | | | | | | | |"
            )
            continue
        out.append(
            f"| {r.customers:,} | {r.rows.get('outcomes', 0):,} | {r.cells:,} ({r.formulas:,}) "
            f"| {runs[r.customers]} | {f['read'].show()} | {f['validate'].show()} "
            f"| {f['compute'].show()} ({_s(f['layout'].median)}) | {f['write'].show()} "
            f"| {f['total'].show()} | {r.peak_mb:,.0f} MiB |"
        )
    if measured:
        big = measured[-1]
        peaks = ", ".join(f"{k[4:]} {v:,.0f} MiB" for k, v in big.phase_peaks.items())
        out += [
            "",
            "Peak memory is the largest peak RSS (`VmHWM`) of the refresh processes (one whole "
            "refresh each, imports included). Peak so far after each phase at "
            f"{big.customers:,} customers: {peaks}.",
        ]
    out += [
        "",
        "### The I/O floor: calamine read + XlsxWriter `constant_memory` write, same cells",
        "",
        "| customers | input file | output file | floor read | floor write | floor total "
        "| refresh / floor | read / floor read | write / floor write |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in measured:
        f, g = r.refresh, r.floor
        out.append(
            f"| {r.customers:,} | {r.input_mb:,.1f} MB | {r.output_mb:,.1f} MB "
            f"| {g['read'].show()} | {g['write'].show()} | {g['total'].show()} "
            f"| **{_x(_ratio(f['total'].median, g['total'].median))}** "
            f"| {_x(_ratio(f['read'].median, g['read'].median))} "
            f"| {_x(_ratio(f['write'].median, g['write'].median))} |"
        )
    formula = [r for r in sizes if r.formula is not None]
    if formula:
        out += [
            "",
            "### The formula model in LibreOffice (recalculation vs om_xl refresh)",
            "",
            "| customers | formulas for (cells) | LO load, recalc on load included "
            "| LO calculateAll | calculateAll, all customers | whole lo_check run "
            "| om_xl refresh | refresh / recalculation | om_xl compute / recalculation "
            "| figures agreeing with om_xl |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in formula:
            fm = r.formula or {}
            if "failed" in fm:
                out.append(
                    f"| {r.customers:,} | {fm.get('covered', 0):,} customers | failed: "
                    f"{fm['failed']} | | | | | | | |"
                )
                continue
            recalc = fm["timings"].get("calculate_all", math.nan)
            scale = r.customers / fm["covered"] if fm["covered"] else math.nan
            everyone = recalc * scale
            mark = "" if scale == 1 else " (est.)"
            total = r.refresh["total"].median
            out.append(
                f"| {r.customers:,} | {fm['covered']:,} customers ({fm['formula_cells']:,}) "
                f"| {_s(fm['timings'].get('load', math.nan))} | {_s(recalc)} "
                f"| {_s(everyone)}{mark} | {_s(fm['wall'])} | {_s(total)} "
                f"| **{_x(_ratio(total, everyone))}**{mark} "
                f"| {_x(_ratio(r.refresh['compute'].median, everyone))}{mark} "
                f"| {fm['agree']:,} / {fm['compared']:,} |"
            )
        out += [
            "",
            "calculateAll is LibreOffice's full recalculation of the loaded workbook (lo_check "
            "also recalculates once while loading). Where the formulas cover fewer customers "
            "than the portfolio, every formula still reads the whole input tables, so the time "
            "for all customers is estimated as measured x customers / customers covered.",
        ]
        wrong = [w for r in formula for w in (r.formula or {}).get("wrong", [])]
        if wrong:
            out += ["", "Disagreements (first few): " + "; ".join(wrong)]
    if udf:
        out += [
            "",
            f"### Array UDFs: one {udf['rows']:,}-row call vs {udf['rows']:,} single-cell calls",
            "",
            "| function | one range call | same, GC paused | list-array floor "
            "| single calls, scalars | per call | single calls, 1x1 ranges | per call "
            "| range call speed-up | answers agree |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in ("OCE", "PAYBACK_MONTHS"):
            u = udf[name]
            array = Stat(u["array"])
            per = udf["rows"]
            args = "(h, p)" if name == "OCE" else f"(cost, {udf['months']} months)"
            out.append(
                f"| `{name}{args}` | {_ms(array)} | {_ms(Stat(u['paused']))} "
                f"| {_ms(Stat(u['floor']))} "
                f"| {_s(u['scalar'])} | {u['scalar'] / per * 1e6:,.0f} µs "
                f"| {_s(u['cell'])} | {u['cell'] / per * 1e6:,.0f} µs "
                f"| {_x(_ratio(u['scalar'], array.median))} | {'yes' if u['agree'] else 'NO'} |"
            )
        out += [
            "",
            "GC paused: the same call inside `gc.disable()`/`gc.enable()`. List-array floor: "
            "`np.asarray(..., dtype=float)` of each argument's lists plus `.tolist()` of a "
            "float column, the conversions any list-based UDF makes. Single calls: one Python "
            "call per row, as one formula per cell would make (plain values, or the 1x1 "
            "lists xlwings passes to an `ndim=2` argument).",
        ]
    out += ["", *targets(sizes, udf)]
    return "\n".join(out) + "\n"


def _ms(stat: Stat) -> str:
    text = f"{stat.median * 1000:,.0f} ms"
    if len(stat.values) > 1:
        text += f" ({stat.low * 1000:,.0f}-{stat.high * 1000:,.0f})"
    return text


def targets(sizes: list[SizeResult], udf: dict[str, Any] | None) -> list[str]:
    """The targets of issue 7, each met or missed with its figure.

    Parameters
    ----------
    sizes : list of SizeResult
        The measurements per size.
    udf : dict or None
        :func:`udf_bench`'s result.

    Returns
    -------
    list of str
        Markdown lines of the targets table.
    """
    by = {r.customers: r for r in sizes}
    sizes = [r for r in sizes if not r.skipped]
    rows = []

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("**met**" if ok else "**missed**")

    r = by.get(1000)
    if r is not None:
        total, floor = r.refresh["total"].median, r.floor["total"].median
        ratio = _ratio(total, floor)
        rows.append(
            (
                f"1,000 customers refresh within {FLOOR_RATIO_TARGET}x of the I/O floor",
                f"{total:.1f} s vs floor {floor:.1f} s: {ratio:.2f}x",
                verdict(ratio <= FLOOR_RATIO_TARGET),
            )
        )
    else:
        rows.append(("1,000 customers refresh within 1.5x of the I/O floor", "", verdict(None)))
    shares = [
        (s.customers, _ratio(s.refresh["compute"].median, s.refresh["total"].median)) for s in sizes
    ]
    if shares:
        worst = max(share for _, share in shares)
        rows.append(
            (
                f"computation under {COMPUTE_SHARE_TARGET:.0%} of the refresh",
                ", ".join(f"{c:,}: {share:.1%}" for c, share in shares),
                verdict(worst < COMPUTE_SHARE_TARGET),
            )
        )
    r = by.get(5000)
    title = f"5,000 customers under {MEMORY_TARGET_MB / 1024:.0f} GB peak memory"
    if r is not None and not r.skipped:
        rows.append((title, f"{r.peak_mb:,.0f} MiB", verdict(r.peak_mb < MEMORY_TARGET_MB)))
    elif r is not None and sizes and sizes[-1].customers >= BIG:
        big = sizes[-1]  # the largest portfolio measured stands in for it
        rows.append(
            (
                title,
                f"5,000 customers: {r.skipped}. At {big.customers:,} customers "
                f"({big.rows.get('outcomes', 0):,} Outcomes rows), the largest measured: "
                f"{big.peak_mb:,.0f} MiB",
                verdict(big.peak_mb < MEMORY_TARGET_MB)
                + f" at {big.customers:,}; not measurable at 5,000",
            )
        )
    else:
        rows.append((title, "", verdict(None)))
    for name in ("OCE", "PAYBACK_MONTHS"):
        if udf is None:
            rows.append((f"{name}: a 100,000-row array call under 50 ms", "", verdict(None)))
            continue
        med = Stat(udf[name]["array"]).median
        rows.append(
            (
                f"{name}: a {udf['rows']:,}-row array call under {UDF_TARGET_S * 1000:.0f} ms",
                f"{med * 1000:,.0f} ms",
                verdict(med < UDF_TARGET_S if udf["rows"] >= 100_000 else None),
            )
        )
    return [
        "### Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
    ]


def _sizes(text: str) -> list[int]:
    return [int(s.replace("_", "").replace(",", "")) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print (and optionally save) the Markdown results.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).
    """
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        worker(argv[1:])
        return
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        default="100,1000,2900,5000",
        help="customer counts, comma-separated (default 100,1000,2900,5000; 2,900 is about "
        "the largest that fits an Excel sheet, and a size that does not fit is reported, "
        "not measured)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument(
        "--big-runs", type=int, default=1, help=f"runs at {BIG:,} customers and more (default 1)"
    )
    parser.add_argument(
        "--formula-sizes",
        default="100,1000",
        help="sizes (among --sizes) for the formula model (default 100,1000)",
    )
    parser.add_argument(
        "--formula-customers",
        type=int,
        default=50,
        help="formulas for the first N customers only, over the whole input tables, and the "
        "recalculation time scaled by customers / N (default 50; 0: every customer)",
    )
    parser.add_argument(
        "--skip-formula-model",
        action="store_true",
        help="do not build and recalculate the formula model",
    )
    parser.add_argument(
        "--lo-timeout",
        type=int,
        default=900,
        help="seconds LibreOffice may take per recalculation (default 900)",
    )
    parser.add_argument(
        "--udf-rows",
        type=int,
        default=100_000,
        help="rows of the UDF ranges (default 100000); 0 skips the UDFs",
    )
    parser.add_argument(
        "--udf-runs", type=int, default=5, help="runs of each range call (default 5)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: 100 customers, one run, 10,000 UDF rows"
    )
    parser.add_argument("--out", type=Path, help="also write the Markdown to this file")
    parser.add_argument("--json", type=Path, help="also write every measurement as JSON")
    parser.add_argument("--workdir", type=Path, help="folder for the workbooks (kept)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.big_runs = "100", 1, 1
        args.formula_sizes, args.udf_rows, args.udf_runs = "100", 10_000, 3
    sizes = _sizes(args.sizes)
    formula_sizes = set() if args.skip_formula_model else set(_sizes(args.formula_sizes))
    if not formula_sizes <= set(sizes):
        parser.error("--formula-sizes must be among --sizes (the ratio needs the refresh)")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="om_xl-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    command = "python bench/refresh.py " + " ".join(argv) if argv else "python bench/refresh.py"
    started = time.perf_counter()
    fingerprint = source_fingerprint()
    results, runs = [], {}
    try:
        for n in sizes:
            runs[n] = args.big_runs if n >= BIG else args.runs
            limit = args.formula_customers if n in formula_sizes else None
            results.append(bench_size(n, runs[n], workdir, limit, args.lo_timeout))
            for p in workdir.glob(f"*-{n}.*"):
                p.unlink()  # big files go as soon as a size is done
        udf = None
        if args.udf_rows > 0:
            say(f"UDFs on {args.udf_rows:,} rows")
            udf = run_worker("udf", args.udf_rows, args.udf_runs)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    text = render(results, udf, command, runs, fingerprint)
    text += f"\nWhole benchmark: {(time.perf_counter() - started) / 60:.1f} minutes.\n"
    print(text)
    if args.out:
        args.out.write_text(text)
    if args.json:
        payload = {
            "sizes": [
                {
                    **{
                        k: v
                        for k, v in dataclasses.asdict(r).items()
                        if k not in ("refresh", "floor")
                    },
                    "refresh": {k: s.values for k, s in r.refresh.items()},
                    "floor": {k: s.values for k, s in r.floor.items()},
                }
                for r in results
            ],
            "udf": udf,
        }
        args.json.write_text(json.dumps(payload, indent=1, default=str))


if __name__ == "__main__":
    main()
