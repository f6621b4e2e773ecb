"""backoffice/ and ui/ are typed: mypy --strict over both (settings in pyproject.toml).

ui/ since a function its shell called had gone unnoticed for a day: only a
worker's warning in the log said that signing out did nothing.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.timeout(300)
def test_the_packages_pass_mypy_strict(tmp_path: Path) -> None:
    # Not importorskip: a check that skips silently is a check nobody runs.
    assert importlib.util.find_spec("mypy") is not None, (
        "mypy is missing: it comes with the test extras (pip install -e '.[test]', or ./bootstrap.sh test)")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=REPO, capture_output=True, text=True, timeout=290, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
