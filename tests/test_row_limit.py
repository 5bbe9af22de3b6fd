"""An Outcomes table filled to Excel's last row refreshes, in bounded memory.

Slow (a few minutes): ``pytest -m "not slow"`` leaves it out locally; CI runs it.
"""

import re
import subprocess
import sys

import pytest
import python_calamine as calamine

from om_xl.portfolio import sample_inputs
from om_xl.workbook.build import build
from om_xl.workbook.content import InputSheets

EXCEL_ROWS = 1_048_576
#: Peak memory of the refresh process allowed on this file.
LIMIT_GB = 3.0
#: Runs the refresh and reports its own peak memory (a child's ru_maxrss would start
#: from its parent's, this test's, which has just built the file).
REFRESH_AND_PEAK = (
    "import sys, om_xl.cli as cli; status = cli.main(sys.argv[1:]); "
    "print(next(ln for ln in open('/proc/self/status') if ln.startswith('VmHWM')), "
    "file=sys.stderr); sys.exit(status)"
)

pytestmark = pytest.mark.slow


def test_outcomes_at_the_row_limit(tmp_path):
    raw = sample_inputs(3_000, 10, 36, dense=True)
    raw.outcomes = raw.outcomes.iloc[: EXCEL_ROWS - 4]  # header in row 4, data to the end
    source, out = tmp_path / "limit.xlsx", tmp_path / "out.xlsx"
    build(source, InputSheets.from_inputs(raw), None)
    del raw
    done = subprocess.run(
        [sys.executable, "-c", REFRESH_AND_PEAK, "refresh", str(source), "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr
    peak_gb = int(re.search(r"VmHWM:\s+(\d+) kB", done.stderr).group(1)) / 2**20
    print(f"refresh peak memory: {peak_gb:.2f} GB")
    assert peak_gb < LIMIT_GB
    outcomes = calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Outcomes")
    assert outcomes.height == EXCEL_ROWS  # rows 1 to 1,048,576
