"""The banner that offers signing in again once the platform no longer accepts the sign-in.

An expired or revoked sign-in stops the sync, but not the work: the person
goes on, their changes queue in their own store. Without this banner the
window said only "Sign-in expired" in the status bar, and nothing led back
to the platform but signing out. Its button asks the window to sign in
again (``MainWindow.signInRequested``); the shell then asks for the
password of the same account only (``ui/sign_in_again.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QPushButton, QWidget

from ui.widgets.banner import ProblemBanner


class SignInAgainBanner(ProblemBanner):
    """Hidden until :meth:`follow` says the sign-in expired."""

    signInRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("signInExpired", parent)
        self.button = QPushButton(QCoreApplication.translate("SignInAgain", "Sign in again…"), self)
        self.button.setObjectName("signInAgain")
        self.button.clicked.connect(self.signInRequested.emit)
        layout = self.layout()
        if isinstance(layout, QBoxLayout):  # ProblemBanner's column
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)

    def follow(self, expired: bool) -> None:
        """Shown while the sign-in is expired, hidden otherwise."""
        if not expired:
            self.hide()
            return
        self.show_problem(
            QCoreApplication.translate(
                "SignInAgain", "The central platform no longer accepts your sign-in"),
            QCoreApplication.translate(
                "SignInAgain", "It has expired or was ended on the platform. You can go on "
                "working: your changes are kept here and sent once you sign in again with "
                "your password."))
