""""Open in another program": the copy's name, and copies that do not outlive the app.

The copies were named by dropping every character but letters and a few
marks (营业执照.pdf became 营业执照pdf.pdf; CON stayed CON, the console on
Windows) and left in the temp folder for good — applicants' files.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot
from test_inbox_detail_viewer import Platform
from test_material_viewer_pdf import files, settle  # noqa: F401 - fixture

from backoffice.domain.model import Material
from backoffice.sync.files import FileCache
from ui.inbox import material_files
from ui.inbox.material_files import Copies, copy_name
from ui.inbox.material_viewer import MaterialViewer

PDF, ZIP = b"%PDF-1.7", b"PK\x03\x04"


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("营业执照.pdf", PDF, "营业执照.pdf"),
    ("营业执照", PDF, "营业执照.pdf"),
    ("Plan v1.2.pdf", PDF, "Plan v1.2.pdf"),
    ("site plan.exe", PDF, "site plan.pdf"),  # the content decides, not the name
    ("申请表.docx", ZIP, "申请表.docx"),  # a zip the name says is a Word document
    ("申请表.exe", ZIP, "申请表.zip"),  # never one that runs
    ("CON", PDF, "_CON.pdf"),
    ("nul.txt", PDF, "_nul.pdf"),
    ("com1.scan.pdf", PDF, "_com1.scan.pdf"),
    ("LPT\u00b9", PDF, "_LPT\u00b9.pdf"),
    ("../../etc/passwd", PDF, "etcpasswd.pdf"),
    ("..\\..\\Windows\\x.pdf", PDF, "WindowsX.pdf".replace("X", "x")),
    ("...", PDF, "material.pdf"),
    ("", b"", "material.bin"),
])
def test_a_copy_is_named_for_the_material_safely(name: str, head: bytes, expected: str) -> None:
    assert copy_name(name, head) == expected


def test_copies_go_with_the_viewer_and_a_dead_process_s_at_next_start(
        qtbot: QtBot, files: FileCache, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "temp" / material_files.ROOT_NAME
    # A run that crashed: its folder and its lock, its process gone.
    script = (
        "import os, sys; from pathlib import Path; sys.path.insert(0, sys.argv[2])\n"
        "from ui.inbox.material_files import Copies\n"
        "c = Copies(Path(sys.argv[1])); c.copy(Path(sys.argv[3]), 'left behind')\n"
        "os._exit(0)\n")
    source = tmp_path / "source.pdf"
    source.write_bytes(PDF + b" a page")
    subprocess.run([sys.executable, "-c", script, str(root), str(Path.cwd()), str(source)],
                   check=True)
    assert list(root.rglob("left behind.pdf"))
    # A run still going: its folder stays.
    living = Copies(root)
    kept = living.copy(source, "still open")
    monkeypatch.setattr(tempfile, "tempdir", str(root.parent))  # this test's temp folder
    monkeypatch.setattr(material_files, "_shared", None)  # as at a start

    opened: list[str] = []

    class Handler(QObject):
        @Slot(QUrl)
        def open(self, url: QUrl) -> None:  # the system's program, here a list
            opened.append(url.toLocalFile())

    handler = Handler()
    QDesktopServices.setUrlHandler("file", handler, "open")
    try:
        v = MaterialViewer(files, Platform(), lang="en")  # the first viewer of a start
        qtbot.addWidget(v)
        assert not list(root.rglob("left behind.pdf")) and kept.exists()
        sha = files.add_local(ZIP + b" a Word document", pin=None)
        v.show_material(Material(id="M1", case_code="c", name="申请表.docx",
                                 department_code="d", file_sha256=sha))
        settle(qtbot, v)
        assert v.state == "unsupported"
        v.open_external.click()
        qtbot.waitUntil(lambda: bool(opened))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    copy = Path(opened[0])
    assert copy.name == "申请表.docx" and copy.read_bytes().startswith(ZIP)
    assert root in copy.parents
    v.wait()  # the session closes
    assert not copy.exists() and kept.exists()
    living.clear()
    assert not kept.exists()


def test_copies_of_earlier_versions_are_cleared(tmp_path: Path) -> None:
    old = tmp_path / "backoffice-ab_cd12z"  # tempfile.mkdtemp(prefix="backoffice-")
    old.mkdir()
    (old / "营业执照pdf.pdf").write_bytes(PDF)
    other = tmp_path / "backoffice-sandbox-files"  # someone else's
    other.mkdir()
    (other / "a").write_bytes(b"")
    material_files.clear_legacy(tmp_path)
    assert not old.exists() and other.exists()
