"""The workspaces of the main window, in navigation order, with their texts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication


@dataclass(frozen=True)
class Workspace:
    key: str
    name: str
    description: str


def workspaces() -> tuple[Workspace, ...]:
    """The workspaces in navigation order, with their (translated) texts."""
    return (
        Workspace(
            "inbox",
            QCoreApplication.translate("MainWindow", "Inbox"),
            QCoreApplication.translate(
                "MainWindow",
                "The department's review tasks for synchronized review: what is due, what is "
                "assigned to you, what waits for the applicant. Each case will show its materials "
                "with the verdicts on authenticity, legality and conformity, the other departments' "
                "progress on the same case, and the deadline in working days.",
            ),
        ),
        Workspace(
            "planner",
            QCoreApplication.translate("MainWindow", "Inspection planner"),
            QCoreApplication.translate(
                "MainWindow",
                "Joint site inspections: find a time before the deadline when every department "
                "concerned has an inspector free, confirm it and notify the applicant, record the "
                "findings on site even when offline, and sync them back.",
            ),
        ),
        Workspace(
            "decisions",
            QCoreApplication.translate("MainWindow", "Decision desk"),
            QCoreApplication.translate(
                "MainWindow",
                "The decision form and the decision document, the e-seal, verification of signed "
                "documents, and the archive package.",
            ),
        ),
    )
