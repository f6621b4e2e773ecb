"""The first-run page: connect to the central platform, or try the app in training mode.

Shown instead of the workspaces while no platform is configured. It only
asks; the shell does the work when a signal arrives (``connectRequested``
opens the sign-in with the address, ``trainingRequested`` starts the local
sandbox and signs in as the demo reviewer, ``trainingResetRequested`` asks a
trainer whether to remove the training data, ``ui/training_roles.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.settings import platform_url_problem, valid_url
from ui.widgets.plain import PlainLabel


class WelcomePage(QWidget):
    connectRequested = Signal(str)
    trainingRequested = Signal()
    trainingResetRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, url: str = "",
                 lang: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self._lang = lang

        title = PlainLabel(QCoreApplication.translate("WelcomePage", "Welcome to OneVisit Back Office"), self)
        title.setObjectName("welcomeTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        intro = PlainLabel(QCoreApplication.translate(
            "WelcomePage",
            "Your department's review tasks, site inspections and decisions, on this computer — "
            "also when the network is down."), self)
        intro.setWordWrap(True)

        connect_title = PlainLabel(QCoreApplication.translate("WelcomePage", "Connect to the central platform"), self)
        bold = QFont(connect_title.font())
        bold.setBold(True)
        connect_title.setFont(bold)
        connect_text = PlainLabel(QCoreApplication.translate(
            "WelcomePage",
            "Enter the address your administrator gave you; you then sign in with your own account."), self)
        connect_text.setWordWrap(True)
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setObjectName("welcomeUrl")
        self.url_edit.setPlaceholderText("https://")
        self.url_edit.setAccessibleName(QCoreApplication.translate("WelcomePage", "Platform address"))
        self.url_edit.returnPressed.connect(self.request_connect)
        self.url_edit.textChanged.connect(self._update)
        self.connect_button = QPushButton(QCoreApplication.translate("WelcomePage", "&Connect"), self)
        self.connect_button.setObjectName("welcomeConnect")
        self.connect_button.clicked.connect(self.request_connect)
        self.hint = PlainLabel("", self)
        self.hint.setObjectName("welcomeHint")
        self.hint.setWordWrap(True)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.connect_button)

        training_title = PlainLabel(QCoreApplication.translate("WelcomePage", "Training mode"), self)
        training_title.setFont(bold)
        training_text = PlainLabel(QCoreApplication.translate(
            "WelcomePage",
            "Try everything on made-up demo cases from a practice platform on this computer; "
            "nothing reaches the real platform."), self)
        training_text.setWordWrap(True)
        self.training_button = QPushButton(QCoreApplication.translate("WelcomePage", "Start &training mode"), self)
        self.training_button.setObjectName("welcomeTraining")
        self.training_button.clicked.connect(self.trainingRequested)
        self.reset_button = QPushButton(QCoreApplication.translate(
            "WelcomePage", "Reset training data…"), self)
        self.reset_button.setObjectName("welcomeTrainingReset")
        self.reset_button.setToolTip(QCoreApplication.translate(
            "WelcomePage", "For a trainer: remove the training data of this computer, so that "
            "the next start of training mode seeds new demo data."))
        self.reset_button.clicked.connect(self.trainingResetRequested)
        training_row = QHBoxLayout()
        training_row.addWidget(self.training_button)
        training_row.addWidget(self.reset_button)
        training_row.addStretch(1)
        self.training_hint = PlainLabel("", self)
        self.training_hint.setObjectName("welcomeTrainingHint")
        self.training_hint.setWordWrap(True)

        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(16)
        column.addWidget(connect_title)
        column.addWidget(connect_text)
        column.addLayout(url_row)
        column.addWidget(self.hint)
        column.addSpacing(8)
        column.addWidget(rule)
        column.addSpacing(8)
        column.addWidget(training_title)
        column.addWidget(training_text)
        column.addLayout(training_row)
        column.addWidget(self.training_hint)

        # A calm, readable column in the middle, whatever the window's size.
        holder = QWidget(self)
        holder.setMaximumWidth(560)
        holder.setLayout(column)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(holder, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.setFocusProxy(self.url_edit)
        self._starting = False
        # Typed by the person and not yet used for a sign-in: an address the
        # page is shown with again must not replace it.
        self._typed = False
        self.url_edit.textEdited.connect(self._edited)
        self._update()

    def show_address(self, url: str) -> None:
        """The last platform address used, so that signing back in is one step.

        Kept when the person has typed something not yet used: their text wins.
        An address already used to connect is not kept: it may be the one the
        person moved away from since (the "changes at another address" banner).
        """
        if url and not (self._typed and self.url_edit.text().strip()):
            self.url_edit.setText(url)

    @Slot()
    def _edited(self) -> None:
        self._typed = True

    def set_training_starting(self, starting: bool) -> None:
        """Nothing to press while training mode starts: one start, no sign-in under it."""
        self._busy(starting, QCoreApplication.translate(
            "WelcomePage", "Starting the training platform…") if starting else "")

    def set_training_resetting(self, resetting: bool) -> None:
        """Nothing to press while the training data goes: no start on half a folder."""
        self._busy(resetting, QCoreApplication.translate(
            "WelcomePage", "Removing the training data…") if resetting else "")

    def _busy(self, busy: bool, text: str) -> None:
        self._starting = busy
        self.training_button.setEnabled(not busy)
        self.reset_button.setEnabled(not busy)
        self.url_edit.setEnabled(not busy)
        self.training_hint.setText(text)
        self._update()

    def show_training_note(self, text: str) -> None:
        """What became of a reset of the training data (plain text)."""
        self.training_hint.setText(text)

    def show_training_problem(self, text: str) -> None:
        """Why training mode did not start (plain text); the button works again."""
        self.training_hint.setText(QCoreApplication.translate(
            "WelcomePage", "Training mode could not start: {reason}").format(reason=text))

    @Slot()
    def _update(self) -> None:
        self.connect_button.setEnabled(bool(self.url_edit.text().strip()) and not self._starting)
        self.hint.clear()

    @Slot()
    def request_connect(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            return
        if not valid_url(url, ("http", "https")):
            self.hint.setText(QCoreApplication.translate(
                "WelcomePage", "This is not a web address; it looks like https://platform.example."))
            return
        # Checked before the shell keeps it: an address sign-in refuses was saved.
        refused = platform_url_problem(url, self._lang)
        if refused is not None:
            self.hint.setText(refused)
            return
        self._typed = False
        self.connectRequested.emit(url)
