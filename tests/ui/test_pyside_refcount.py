"""Canary for PySide6 6.12.0 on Python 3.11: void Qt calls drop a reference to None.

After about a thousand such calls the process dies with ``Fatal Python error:
none_dealloc``. Run in a subprocess so a crash is a test failure with its
output, not the end of the test run. See the pin in pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CALLS = 5000

_SCRIPT = textwrap.dedent(f"""
    import sys
    import PySide6
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        label.setText("审核任务")
    after = sys.getrefcount(None)
    print(PySide6.__version__, before, after)
""")


def test_void_calls_keep_none_alive() -> None:
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, f"crashed ({result.returncode}): {result.stderr[-2000:]}"
    version, before, after = result.stdout.split()
    # A little noise from the interpreter is fine; the bug loses one per call.
    assert int(after) >= int(before) - 50, (
        f"PySide6 {version}: None lost {int(before) - int(after)} references in {CALLS} setText calls")
