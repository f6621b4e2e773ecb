"""A warning before the opinion while a deferred material of the department is overdue.

A deferred material (容缺受理, 3.5) was accepted against the applicant's
written commitment to hand it in by a date, and at acceptance the applicant
was told in one go the material, the time limit and what happens when it is
late (9.3.6). Past that date the commitment is broken: an opinion given now
is given on an application still missing that material, and it is the
department's to decide whether the overdue handling applies. Not a refusal
(the department may have reasons, and the platform takes the opinion), but
said in words before the opinion is queued: ``opinionOverdueDeferred`` asks,
and only "Give the opinion" queues it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from backoffice.domain.materials import DeferredMaterial
from ui.inbox.detail_data import Snapshot
from ui.inbox.detail_text import safe
from ui.widgets.question import final_question


def overdue_deferred(s: Snapshot) -> list[DeferredMaterial]:
    """The department's deferred materials past their due date and not handed in."""
    return [d for d in s.own_deferred if d.overdue(s.today)]


def confirm_opinion(parent: QWidget, s: Snapshot | None, give: Callable[[], None]) -> None:
    """``give()`` at once when nothing of the department is overdue; else after asking.

    The question does not block (its answer arrives by signal): Cancel,
    Escape and closing it queue nothing.
    """
    late = overdue_deferred(s) if s is not None else []
    if not late:
        give()
        return
    separator = QCoreApplication.translate("TaskDetail", ", ")
    listed = separator.join(
        QCoreApplication.translate("TaskDetail", "{material} (due {date})").format(
            material=safe(d.material_name), date=d.due_date.isoformat())
        for d in late)
    box = final_question(
        parent, name="opinionOverdueDeferred",
        title=QCoreApplication.translate("TaskDetail", "Deferred material overdue"),
        text=QCoreApplication.translate(
            "TaskDetail",
            "The applicant has not handed in {materials}, accepted as deferred against a "
            "written commitment: the due date has passed.").format(materials=listed),
        consequence=QCoreApplication.translate(
            "TaskDetail",
            "The opinion would be given on an application still missing it. The applicant "
            "was told at acceptance what happens when it is late; apply that, or add it to "
            "the correction notice first. Give the opinion anyway?"),
        action=QCoreApplication.translate("TaskDetail", "Give the opinion"))

    def answered(_result: int) -> None:
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
            give()

    box.finished.connect(answered)
    box.open()
