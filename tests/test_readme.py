"""README's promises that a test can keep."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_gives_the_test_command_that_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    command = re.search(r"^TEST_CMD='(.+)'$", ci, re.MULTILINE).group(1)
    assert command in (ROOT / "README.md").read_text()
