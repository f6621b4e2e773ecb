"""The preview's temporary copy of the decision document goes with the preview.

PDFium opens paths, so the shown document is written to the temp folder. It
was removed only on the preview's ``closeEvent``, which a widget inside a
window never gets: every desk closed, signed out of or quit left its
documents — applicants' names and ID numbers in them — in the temp folder
(610 of them were there after a day of tests).
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from backoffice.signing.documents import DocumentData
from backoffice.signing.render import render_document
from ui.decisions.preview import DecisionPreview

SAMPLE = Path(__file__).resolve().parents[1] / "signing" / "sample_grant.json"


@pytest.fixture(scope="module")
def document() -> bytes:
    data = DocumentData.from_json_file(SAMPLE)
    return render_document(dataclasses.replace(data, document_number="长市监许准字〔2025〕第0187号"))


def test_the_document_s_file_is_removed_when_the_window_holding_the_preview_goes(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: bytes) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    window = QWidget()
    preview = DecisionPreview(window)
    QVBoxLayout(window).addWidget(preview)
    window.resize(600, 800)
    window.show()
    preview.show_pdf(document)
    preview.show_pdf(document)  # a new document replaces the file of the one before
    qtbot.waitUntil(lambda: preview.page_count > 0 and preview.pages_drawn == preview.page_count,
                    timeout=30_000)
    assert len(list(tmp_path.glob("decision-*.pdf"))) == 1
    shiboken6.delete(window)  # as a workspace goes at sign-out: no closeEvent for the preview
    assert list(tmp_path.glob("decision-*.pdf")) == []
