"""The inbox's detail pane is built on the GUI thread once the first rows are painted.

Its modules (the material viewer, the notice forms, the case actions: some
90 modules) are imported before that on the shell's worker, with the other
workspaces' libraries: imported by ``ensure_detail`` on the GUI thread they
held the window with its first rows for 0.5-2.5 s
(``tests/benchmarks/inbox_ui.py``, docs/benchmarks.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_building_the_detail_pane_imports_nothing_after_the_workers_import() -> None:
    # A fresh interpreter: this test process has imported everything already.
    code = (
        "import sys\n"
        "from ui import shell\n"
        "shell._import_workspace_libraries()\n"
        "before = set(sys.modules)\n"
        "from ui.inbox.detail import TaskDetail\n"  # what InboxWorkspace.ensure_detail imports
        "print(sorted(set(sys.modules) - before))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, timeout=120, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip().splitlines()[-1] == "[]"
