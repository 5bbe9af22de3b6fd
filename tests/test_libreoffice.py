"""LibreOffice Calc, headless, as the spreadsheet engine we did not write.

The refreshed sample workbook is opened in LibreOffice, every native formula is
recalculated, and every sheet (chart sheets included) is rendered to PNG by
tools/lo_check.py. In CI a missing LibreOffice fails the run; elsewhere it skips.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
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


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    source, refreshed = folder / "w.xlsm", folder / "r.xlsm"
    assert om_xl("new", str(source), "--sample").returncode == 0
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    run = om_xl("refresh", str(source), "-o", str(refreshed))
    assert run.returncode == 0, run.stderr
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest  # the input is untouched
    values, pngs = folder / "values.json", folder / "png"
    lo = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "lo_check.py"),
            str(refreshed),
            "--values",
            str(values),
            "--png",
            str(pngs),
            "--timeout",
            "300",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lo.returncode == 0, lo.stderr
    return json.loads(values.read_text()), pngs


def test_no_formula_evaluates_to_an_error(checked):
    values, _ = checked
    assert values["formula_errors"] == []
    assert sum(s["formula_cells"] for s in values["sheet_order"]) > 100


def test_every_check_row_is_ok_as_libreoffice_computes_it(checked):
    values, _ = checked
    checks = values["sheets"]["Checks"]
    ok = {k: c for k, c in checks.items() if k.startswith("G")}
    assert len(ok) > 50
    assert all(c["type"] == "bool" and c["value"] is True for c in ok.values()), [
        k for k, c in ok.items() if c["value"] is not True
    ]
    # the differences themselves, column E (LibreOffice) less column D (om_xl)
    differences = [checks[f"F{k[1:]}"]["value"] for k in ok]
    numbers = [d for d in differences if isinstance(d, int | float)]
    assert len(numbers) > 50 and max(abs(d) for d in numbers) < 1e-6
    # a difference between dates is shown as days, never as a date
    dated = [k[1:] for k in ok if checks[f"E{k[1:]}"]["type"] == "date"]
    assert dated and all(checks[f"F{r}"]["type"] != "date" for r in dated)


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
