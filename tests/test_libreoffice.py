"""LibreOffice Calc, headless, as the spreadsheet engine we did not write.

The refreshed sample workbook is opened in LibreOffice, every native formula is
recalculated, and every sheet (chart sheets included) is rendered to PNG by
tools/lo_check.py. In CI a missing LibreOffice fails the run; elsewhere it skips.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from om_xl.workbook.layout import CHART_SHEETS

ROOT = Path(__file__).resolve().parents[1]

if shutil.which("soffice") is None:
    if os.environ.get("CI"):
        pytest.fail(
            "LibreOffice (soffice) is missing: .ci/run installs libreoffice-calc-nogui",
            pytrace=False,
        )
    pytest.skip("LibreOffice is not installed", allow_module_level=True)


def om_xl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "om_xl.cli", *args], capture_output=True, text=True, check=False
    )


def without_cached_results(src: Path, dst: Path) -> int:
    """Copy a workbook with every formula's stored result removed; the count removed.

    A formula cell keeps the value om_xl computed; stripped of it, a Check can only be
    OK if LibreOffice computes the formula itself.
    """
    removed = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data, n = re.subn(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
                removed += n
            zout.writestr(item, data)
    return removed


def lo_check(workbook: Path, *options: str) -> dict:
    """tools/lo_check.py's values of `workbook`, recalculated by LibreOffice."""
    values = workbook.with_suffix(".json")
    lo = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "lo_check.py"),
            str(workbook),
            "--values",
            str(values),
            "--timeout",
            "300",
            *options,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lo.returncode == 0, lo.stderr
    return json.loads(values.read_text())


def refreshed_for_libreoffice(source: Path) -> Path:
    """Refresh `source` (left untouched) and strip the formulas' stored results."""
    refreshed = source.with_name("r" + source.suffix)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    run = om_xl("refresh", str(source), "-o", str(refreshed))
    assert run.returncode == 0, run.stderr
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest  # the input is untouched
    stripped = source.with_name("r-uncached" + source.suffix)
    assert without_cached_results(refreshed, stripped) > 100
    return stripped


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    source = folder / "w.xlsm"
    assert om_xl("new", str(source), "--sample").returncode == 0
    pngs = folder / "png"
    return lo_check(refreshed_for_libreoffice(source), "--png", str(pngs)), pngs


def test_no_formula_evaluates_to_an_error(checked):
    values, _ = checked
    assert values["formula_errors"] == []
    assert sum(s["formula_cells"] for s in values["sheet_order"]) > 100


def assert_checks_ok(values: dict, rows: int) -> dict:
    """Every Checks row (more than `rows`) OK as LibreOffice computes it; the cells."""
    checks = values["sheets"]["Checks"]
    ok = {k: c for k, c in checks.items() if k.startswith("G")}
    assert len(ok) > rows
    assert all(c["type"] == "bool" and c["value"] is True for c in ok.values()), [
        k for k, c in ok.items() if c["value"] is not True
    ]
    # the differences themselves, column E (LibreOffice) less column D (om_xl)
    differences = [checks[f"F{k[1:]}"]["value"] for k in ok]
    numbers = [d for d in differences if isinstance(d, int | float)]
    assert len(numbers) > rows and max(abs(d) for d in numbers) < 1e-6
    # a difference between dates is shown as days, never as a date
    dated = [k[1:] for k in ok if checks[f"E{k[1:]}"]["type"] == "date"]
    assert dated and all(checks[f"F{r}"]["type"] != "date" for r in dated)
    return checks


def test_every_check_row_is_ok_as_libreoffice_computes_it(checked):
    values, _ = checked
    assert_checks_ok(values, 50)


def test_fde_planned_past_the_report_month_agrees_in_libreoffice(tmp_path):
    """The hand-built portfolio, with FDE work typed ahead for a customer still deploying."""
    import pandas as pd
    from portfolio_fixture import inputs

    from om_xl.workbook.build import build
    from om_xl.workbook.content import InputSheets

    raw = inputs()
    planned = pd.DataFrame(
        [["B", "P1", pd.Timestamp("2026-08-10"), 4.0, 1_500.0, "integration"]],
        columns=raw.deployment.columns,
    )
    raw.deployment = pd.concat([raw.deployment, planned], ignore_index=True)
    source = tmp_path / "w.xlsx"
    build(source, InputSheets.from_inputs(raw), report=None)
    values = lo_check(refreshed_for_libreoffice(source))
    assert values["formula_errors"] == []
    checks = assert_checks_ok(values, 20)
    cod = [c["value"] for c in checks.values() if "Deployment" in c.get("formula", "")]
    # A: 5 days x 1,000 before its first outcome; B: 10 x 1,500 so far (not August's 4);
    # C: no FDE log; D: 1 day x 1,000
    assert sorted(cod) == [0, 1_000, 5_000, 15_000]


def _drawn_share(png: Path) -> float:
    from PIL import Image

    image = Image.open(png).convert("L")
    histogram = image.histogram()
    return 1 - histogram[255] / sum(histogram)


def test_every_chart_sheet_renders_with_drawn_content(checked):
    _, pngs = checked
    rendered = {p.stem.split("-", 1)[1].replace("_", " "): p for p in pngs.glob("*.png")}
    for sheet in CHART_SHEETS:
        assert sheet in rendered, f"no PNG for {sheet}"
        assert _drawn_share(rendered[sheet]) > 0.02, f"{sheet} is blank"
    assert _drawn_share(rendered["Dashboard"]) > 0.02
