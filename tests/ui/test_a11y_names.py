"""Every control of the planner, the decision desk, the material review and the training
roles has a name for a screen reader, in words and in the UI's language.

Orca said "list", "edit" (once its placeholder was typed over), a drop-down's
value ("Week", "Grant") or the tool bar's short label ("↺", "−") where the
control's name belonged.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_inbox_detail_viewer import Platform
from test_inbox_layout import lang  # noqa: F401 - fixture
from test_material_viewer_pdf import files  # noqa: F401 - fixture

from backoffice.sync.files import FileCache
from ui.decisions.form import DecisionForm
from ui.inbox.detail_materials import MaterialList
from ui.inbox.material_viewer import MaterialViewer
from ui.planner.panels import PlanPage
from ui.training import TrainingAccount
from ui.training_roles import TrainingRoleDialog

NAMED = (QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit,
         QAbstractSpinBox, QToolButton)
HAN = re.compile(r"[\u4e00-\u9fff]")


def names(root: QWidget) -> dict[str, str]:
    """What a screen reader calls each control of ``root`` (by object name)."""
    found = {}
    for w in root.findChildren(QWidget):
        if not isinstance(w, NAMED) or not w.objectName() or w.objectName().startswith("qt_"):
            continue  # a combo's own line edit, a header, the tool bar's » button
        iface = QAccessible.queryAccessibleInterface(w)
        assert iface is not None
        # A drop-down's interface says its value on Linux (the name is a relation there):
        # the name given is what Windows and macOS read.
        found[w.objectName()] = (w.accessibleName() if isinstance(w, QComboBox)
                                 else iface.text(QAccessible.Text.Name))
    return found


def check(found: dict[str, str], wanted: set[str], language: str) -> None:
    assert wanted <= set(found), wanted - set(found)
    for name, said in found.items():
        assert said and any(c.isalpha() for c in said), (name, said)
        if language == "zh":
            assert HAN.search(said), (name, said)  # translated, not English left over


def test_the_planner_says_what_each_control_is(qtbot: QtBot, lang: str) -> None:  # noqa: F811
    page = PlanPage()
    qtbot.addWidget(page)
    found = names(page)
    check(found, {"plannerRequests", "plannerSlots", "plannerAfterDeadlineReason",
                  "plannerRescheduleReason", "plannerAnswerReason", "plannerCancelReason",
                  "plannerNotice", "plannerSpan"}, lang)
    assert found["plannerSpan"] != page.span.currentText()
    # A visible title takes the focus to what it names.
    assert page.slots_title.buddy() is page.slots
    assert page.notice_title.buddy() is page.notice


def test_the_decision_desk_says_what_each_control_is(qtbot: QtBot, lang: str) -> None:  # noqa: F811
    form = DecisionForm(lang=lang)
    qtbot.addWidget(form)
    found = names(form)
    check(found, {"decisionKind", "decisionDelivery", "sealMethod", "decisionReasons"}, lang)
    for box in (form.kind, form.delivery, form.method):
        assert box.accessibleName() != box.currentText()


def test_the_material_review_says_what_each_control_is(
        qtbot: QtBot, files: FileCache, lang: str) -> None:  # noqa: F811
    materials = MaterialList()
    qtbot.addWidget(materials)
    check(names(materials), {"materialList", "materialNote"}, lang)
    viewer = MaterialViewer(files, Platform(), lang=lang)
    qtbot.addWidget(viewer)
    found = names(viewer)
    check(found, {"materialRotateLeft", "materialRotateRight", "materialZoomOut",
                  "materialZoomIn"}, lang)
    for symbol in ("\u21ba", "\u21bb", "\u2212", "+"):
        assert symbol not in found.values()


def test_the_training_roles_say_what_their_list_is(qtbot: QtBot, lang: str) -> None:  # noqa: F811
    accounts = [TrainingAccount("zj.reviewer1", "Wang Fang", ("reviewer",))]
    dialog = TrainingRoleDialog(None, accounts, current="", department="Housing")
    qtbot.addWidget(dialog)
    check(names(dialog), {"trainingAccounts"}, lang)
