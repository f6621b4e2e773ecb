"""Start-up time: process start → first window painted.

Prints numbers, asserts nothing. Usage::

    .venv/bin/python tests/benchmarks/startup.py [--runs 7] [--bundle dist/OneVisitBackOffice]

Three ways to start, each run several times after one warm-up run (which
fills the disk cache and is not counted):

- **bare PySide6**: a script that shows an empty ``QMainWindow`` — the floor
  set by Python and Qt themselves;
- **from source**: ``python -m backoffice app --smoke``, what
  ``backoffice app`` runs (``backoffice-gui`` skips only argparse's sub-commands);
- **from the bundle**: the windowed executable of ``dist/OneVisitBackOffice/``,
  when it has been built (``installer/build.sh``).

The time is ``time.time()`` just before the process is spawned to the
wall-clock time the window wrote on its first paint into the file named by
``BACKOFFICE_STARTUP_PROBE`` (``ui/main_window.py``). Every run is offscreen
(``QT_QPA_PLATFORM=offscreen``), with a fresh ``BACKOFFICE_DATA_DIR`` (the
store is created after the first paint, so that is not timed) and the
default, Chinese interface (its translations load before the paint).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "OneVisitBackOffice"
GUI_EXE = "OneVisitBackOffice" + (".exe" if sys.platform == "win32" else "")
PROBE = "BACKOFFICE_STARTUP_PROBE"
TIMEOUT_S = 120

# The floor: Python, PySide6 and one painted QMainWindow, nothing of ours.
BARE_WINDOW = f"""
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            with open(os.environ[{PROBE!r}], "w", encoding="utf-8") as f:
                f.write(repr(time.time()))
            QTimer.singleShot(100, QApplication.quit)

app = QApplication(sys.argv[:1])
window = Window()
window.resize(1100, 700)
window.show()
QTimer.singleShot(5000, app.quit)
sys.exit(app.exec())
"""


def _once(argv: list[str]) -> float:
    """Seconds from spawning ``argv`` to its first paint, as written to the probe."""
    with tempfile.TemporaryDirectory(prefix="backoffice-startup-") as tmp:
        probe = Path(tmp) / "first-paint"
        env = dict(os.environ)
        env.update({
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": env.get("LANG") or "C.UTF-8",
            "BACKOFFICE_DATA_DIR": str(Path(tmp) / "data"),
            PROBE: str(probe),
        })
        env.pop("BACKOFFICE_LANG", None)
        started = time.time()
        done = subprocess.run(argv, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
        if not probe.exists():
            raise RuntimeError(f"{argv[0]}: no first paint (exit code {done.returncode})\n"
                               f"{done.stdout}{done.stderr}")
        return float(probe.read_text(encoding="utf-8")) - started


def _measure(label: str, argv: list[str], runs: int) -> None:
    try:
        _once(argv)  # warm-up: disk cache, .pyc files
        times = [_once(argv) for _ in range(runs)]
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"{label:<34} failed: {exc}")
        return
    print(f"{label:<34} min {1000 * min(times):7.1f} ms   median "
          f"{1000 * statistics.median(times):7.1f} ms   max {1000 * max(times):7.1f} ms"
          f"   ({runs} runs)")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Process start to first window painted.")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (after a warm-up)")
    parser.add_argument("--bundle", type=Path, default=BUNDLE,
                        help="the one-folder bundle (default: dist/OneVisitBackOffice)")
    args = parser.parse_args(argv)
    _measure("bare PySide6 QMainWindow", [sys.executable, "-c", BARE_WINDOW], args.runs)
    _measure("from source (backoffice app)",
             [sys.executable, "-m", "backoffice", "app", "--smoke"], args.runs)
    exe = args.bundle / GUI_EXE
    if exe.is_file():
        _measure("from the bundle", [str(exe), "--smoke"], args.runs)
    else:
        print(f"{'from the bundle':<34} skipped: no {exe} (build it with installer/build.sh)")


if __name__ == "__main__":
    main()
