"""``backoffice`` runs without Qt: no module below it imports PySide6, shiboken6 or ui."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BACKOFFICE = REPO / "backoffice"
FORBIDDEN = ("PySide6", "shiboken6", "ui")
# The composition root may name the GUI module as a string, at call time.
ALLOWED_DYNAMIC = {("backoffice/cli.py", "ui.app")}


def _forbidden(module: str) -> bool:
    return module.split(".")[0] in FORBIDDEN


def _violations(path: Path, root: Path = REPO) -> list[str]:
    rel = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{rel}:{node.lineno} import {a.name}" for a in node.names if _forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and _forbidden(node.module):
                found.append(f"{rel}:{node.lineno} from {node.module} import …")
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            arg = node.args[0]
            if (name in ("import_module", "__import__") and isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str) and _forbidden(arg.value)
                    and (rel, arg.value) not in ALLOWED_DYNAMIC):
                found.append(f"{rel}:{node.lineno} {name}({arg.value!r})")
    return found


def test_no_qt_or_ui_import_below_backoffice() -> None:
    files = sorted(BACKOFFICE.rglob("*.py"))
    assert len(files) > 5
    violations = [v for f in files for v in _violations(f)]
    assert violations == []


def test_the_scan_catches_indented_and_dynamic_imports(tmp_path: Path) -> None:
    probe = tmp_path / "backoffice" / "probe.py"
    probe.parent.mkdir()
    probe.write_text(
        "import json\n"
        "def f():\n"
        "    from PySide6.QtCore import QObject\n"
        "    import ui.app\n"
        "    importlib.import_module('shiboken6')\n"
        "from uikit import x\n"  # a name that merely starts with "ui"
    )
    assert len(_violations(probe, tmp_path)) == 3


_IMPORT_ALL = r"""
import pkgutil, sys, importlib
import backoffice
failed = []
for info in pkgutil.walk_packages(backoffice.__path__, "backoffice.", onerror=failed.append):
    # Alembic's env.py and revision scripts run only inside alembic.
    if ".migrations" in info.name or info.name == "backoffice.__main__":
        continue
    importlib.import_module(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print("QT:", qt)
print("FAILED:", failed)
print("COUNT:", sum(1 for m in sys.modules if m.startswith("backoffice")))
"""


def test_importing_every_backoffice_module_loads_no_qt() -> None:
    result = subprocess.run([sys.executable, "-c", _IMPORT_ALL], cwd=REPO, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "QT: []" in result.stdout, result.stdout
    assert "FAILED: []" in result.stdout, result.stdout


@pytest.mark.parametrize("code", ["import backoffice, ui", "import backoffice.cli, ui.app"])
def test_packages_import(code: str) -> None:
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
