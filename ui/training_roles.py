"""Training mode: sign in as another demo role of the department, the platform kept running.

A trainee practises more than the reviewer's work: the inspector's (joint
inspection planner, field mode) and the signer's (decision desk, seal).
File → Switch user in training mode asks which demo account of the
department to be (:class:`TrainingRoleDialog`); the current one is signed
out and the chosen one signed in on the same training platform, with its
own training store (``ui/training.py``). Leaving training mode for a real
sign-in stays one button away in that dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import training
from ui.training import TrainingAccount
from ui.widgets.listing import listed
from ui.widgets.placeholder import PlaceholderPage

if TYPE_CHECKING:
    from ui.dialogs.welcome import WelcomePage
    from ui.session import Connection
    from ui.shell import Shell

_log = logging.getLogger("ui.training_roles")

# The dialog's result when the trainee leaves training mode for a real sign-in.
LEAVE = 2
# Its result when the trainer resets the training data (confirmed).
RESET = 3


def role_names(roles: tuple[str, ...]) -> str:
    """The roles a trainee can practise, in words and in the order of ``training.ROLES``;
    a role code this app has no words for is left out, never shown as a code."""
    names = {
        "reviewer": QCoreApplication.translate("TrainingRoles", "Reviewer"),
        "inspector": QCoreApplication.translate("TrainingRoles", "Inspector"),
        "signer": QCoreApplication.translate("TrainingRoles", "Signer"),
        "coordinator": QCoreApplication.translate("TrainingRoles", "Coordinator"),
    }
    return listed(names[r] for r in training.ROLES if r in roles and r in names)


def confirm_reset(parent: QWidget, text: str, reset: Callable[[], None]) -> QMessageBox:
    """The question before the training data goes, ``text`` its words; Cancel is the
    default (Enter removes nothing). ``reset`` runs on the answer Reset."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate(
        "TrainingRoles", "Reset training data"), text, QMessageBox.StandardButton.NoButton,
        parent)
    box.setObjectName("trainingResetConfirm")
    box.setTextFormat(Qt.TextFormat.PlainText)
    confirmed = box.addButton(QCoreApplication.translate("TrainingRoles", "Reset"),
                              QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.buttonClicked.connect(lambda clicked: reset() if clicked is confirmed else None)
    box.open()
    return box


def reset_problem(exc: BaseException, lang: str | None) -> str:
    """Why the training data was not reset, in words."""
    if isinstance(exc, training.TrainingInUse):
        return QCoreApplication.translate(
            "TrainingRoles", "The training data was not reset: Back Office runs in training "
            "mode in another window on this computer. Leave training mode there first.")
    from backoffice import messages

    return QCoreApplication.translate(
        "TrainingRoles", "The training data could not be reset: {reason}").format(
            reason=messages.describe(exc, lang))


class TrainingRoleDialog(QDialog):
    """The department's demo accounts, with their roles and names (plain text)."""

    def __init__(self, parent: QWidget | None, accounts: list[TrainingAccount], *,
                 current: str, department: str) -> None:
        super().__init__(parent)
        self.setObjectName("trainingRoleDialog")
        self.setWindowTitle(QCoreApplication.translate(
            "TrainingRoles", "Sign in as another training role"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.chosen: str | None = None
        intro = QLabel(QCoreApplication.translate(
            "TrainingRoles", "Practise another role of {department}. The training platform "
            "keeps running, and each account has its own training store.").format(
                department=department), self)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # names come from the platform
        intro.setWordWrap(True)
        self.accounts = QListWidget(self)
        self.accounts.setObjectName("trainingAccounts")
        self.accounts.setAccessibleName(QCoreApplication.translate("TrainingRoles", "Training accounts"))
        self._listed = {a.username: a for a in accounts}
        for account in training.practicable(accounts):
            text = f"{role_names(account.roles)} — {account.display_name} ({account.username})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, account.username)
            if account.username == current:
                item.setText(text + " — " + QCoreApplication.translate(
                    "TrainingRoles", "signed in now"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.accounts.addItem(item)
        buttons = QDialogButtonBox(self)
        self.sign_in_button = buttons.addButton(QCoreApplication.translate(
            "TrainingRoles", "Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.leave_button = QPushButton(QCoreApplication.translate(
            "TrainingRoles", "Leave training mode…"), self)
        self.leave_button.setToolTip(QCoreApplication.translate(
            "TrainingRoles", "Stop the training platform and sign in to a real one."))
        buttons.addButton(self.leave_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button = QPushButton(QCoreApplication.translate(
            "TrainingRoles", "Reset training data…"), self)
        self.reset_button.setObjectName("trainingReset")
        self.reset_button.setToolTip(QCoreApplication.translate(
            "TrainingRoles", "For a trainer: start training afresh with new demo data, "
            "every training account's work on this computer removed."))
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.confirm: QMessageBox | None = None
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.accounts)
        layout.addWidget(buttons)
        self.resize(560, 360)
        self.accounts.currentItemChanged.connect(self._chose)
        self.accounts.itemActivated.connect(lambda _: self.accept())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.leave_button.clicked.connect(lambda: self.done(LEAVE))
        self.reset_button.clicked.connect(self.ask_reset)
        for row in range(self.accounts.count()):
            if self.accounts.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.accounts.setCurrentRow(row)
                break

    def ask_reset(self) -> None:
        """Confirm first: what every training account did on this computer goes."""
        self.confirm = confirm_reset(self, QCoreApplication.translate(
            "TrainingRoles", "Reset the training data of this computer?\n\nThe training "
            "platform is seeded again with new demo data, and the training stores of "
            "every training account are removed: the cases, verdicts, notices and "
            "decisions practised so far are gone. Training mode then starts afresh, "
            "signed in as the default reviewer. Real work is not touched."),
            lambda: self.done(RESET))

    def _chose(self, item: QListWidgetItem | None) -> None:
        usable = item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
        self.chosen = str(item.data(Qt.ItemDataRole.UserRole)) if usable and item else None
        self.sign_in_button.setEnabled(usable)

    def accept(self) -> None:
        if self.chosen is not None:
            super().accept()

    def chosen_account(self) -> TrainingAccount | None:
        return None if self.chosen is None else self._listed.get(self.chosen)

    def choose(self, username: str) -> None:
        """Select ``username``'s row (the keyboard's and the tests' way alike)."""
        for row in range(self.accounts.count()):
            if self.accounts.item(row).data(Qt.ItemDataRole.UserRole) == username:
                self.accounts.setCurrentRow(row)


class TrainingRoles(QObject):
    """File → Switch user in training mode: another demo account, the platform kept."""

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.switching = False
        # Shown in the window from the old account's workspaces going until every
        # workspace of the new one is in: never an empty window in between.
        self.page: PlaceholderPage | None = None
        self.confirm: QMessageBox | None = None  # the welcome page's reset, asked

    def ask(self) -> None:
        """The department's accounts read (worker), then the dialog."""
        session = self.shell.session
        if session is None or not session.training or not self.shell.dialogs.enabled:
            return
        account = session.account
        self.shell.background.run(
            lambda: training.department_accounts(account.department_code),
            lambda found: self._show(cast("list[TrainingAccount]", found), account.username,
                                     account.department_name),
            self._unlisted)

    def _show(self, accounts: list[TrainingAccount], current: str, department: str) -> None:
        session = self.shell.session
        if session is None or session.account.username != current:
            return  # signed out or switched meanwhile
        dialog = TrainingRoleDialog(self.shell.window, accounts, current=current,
                                    department=department)
        self.shell.dialogs.open_dialog(dialog)
        dialog.finished.connect(lambda result: self._answered(dialog, result))

    def _unlisted(self, exc: BaseException) -> None:
        _log.warning("the training accounts could not be read: %s", exc)
        from backoffice import messages

        self.shell.window.statusBar().showMessage(messages.describe(exc, self.shell.lang), 10000)

    def _answered(self, dialog: TrainingRoleDialog, result: int) -> None:
        if result == LEAVE:  # the switch of a real sign-in: training mode ends
            self.shell.sign_out(then=self.shell.dialogs.ask_sign_in)
        elif result == RESET:
            self.reset()
        elif result == QDialog.DialogCode.Accepted and dialog.chosen is not None:
            self.switch_to(dialog.chosen, dialog.chosen_account())

    def reset(self) -> None:
        """The training data reset: the platform stopped and signed out of, its folder
        and the training stores removed (worker), then training mode started afresh,
        which seeds the platform again."""
        shell = self.shell

        def removed(paths: object) -> None:
            _log.info("training data reset: %d folders removed", len(cast("list[object]", paths)))
            shell.start_training()

        def failed(exc: BaseException) -> None:
            _log.warning("the training data could not be reset: %s", exc)
            text = reset_problem(exc, shell.lang)
            shell.window.statusBar().showMessage(text, 15000)
            # Signed out by now: the welcome page keeps saying why, after the status bar.
            if (welcome := _welcome(shell)) is not None:
                welcome.show_training_note(text)

        shell.sign_out(then=lambda: shell.background.run(training.reset, removed, failed))

    def ask_reset_outside(self) -> None:
        """The welcome page's "Reset training data…": for a trainer preparing the next
        class, training mode not running here. Asked first; the next start seeds anew."""
        shell = self.shell
        if shell.session is not None or shell.training_starting:
            return
        self.confirm = confirm_reset(shell.window, QCoreApplication.translate(
            "TrainingRoles", "Reset the training data of this computer?\n\nThe training "
            "platform and the training stores of every training account are removed: the "
            "cases, verdicts, notices and decisions practised so far are gone. The next "
            "start of training mode seeds new demo data. Real work is not touched."),
            self._reset_outside)

    def _reset_outside(self) -> None:
        shell = self.shell
        welcome = _welcome(shell)
        if shell.session is not None or shell.training_starting or welcome is None:
            return  # training began meanwhile: the dialog of Switch user resets then
        welcome.set_training_resetting(True)

        def removed(paths: object) -> None:
            _log.info("training data reset: %d folders removed", len(cast("list[object]", paths)))
            welcome.set_training_resetting(False)
            welcome.show_training_note(QCoreApplication.translate(
                "TrainingRoles", "The training data was reset: the next start of training "
                "mode seeds new demo data."))

        def failed(exc: BaseException) -> None:
            _log.warning("the training data could not be reset: %s", exc)
            welcome.set_training_resetting(False)
            welcome.show_training_note(reset_problem(exc, shell.lang))

        shell.background.run(training.reset, removed, failed)

    def switch_to(self, username: str, account: TrainingAccount | None = None) -> None:
        """Sign out of this training account and in as ``username``, the platform kept.

        ``account``: its name and roles, which the window says while it switches.
        """
        shell = self.shell
        session = shell.session
        if session is None or not session.training or shell.training.platform is None \
                or self.switching:
            return
        self.switching = True
        options, server = shell.options(), shell.training
        connection = shell.detach()
        shell.window.set_training(True)
        shell.window.block_sign_in(True)
        self._show_page(username, account)

        def switch() -> Connection:
            from ui import session as sessions

            if connection is not None:
                _sign_out(connection)
            return sessions.connect_training(server, options, username=username)

        shell.background.run(switch, self._switched, self._failed)

    def _show_page(self, username: str, account: TrainingAccount | None) -> None:
        """The page that says who the window is switching to, in place of the workspaces.

        Not a status-bar message: that would hide the training badge, and the
        workspaces' placeholders would say "not part of this version" meanwhile.
        """
        window = self.shell.window
        self._drop_page()
        if account is not None:
            title = QCoreApplication.translate("TrainingRoles", "Switching to {name} ({roles})…") \
                .format(name=account.display_name, roles=role_names(account.roles))
        else:
            title = QCoreApplication.translate("TrainingRoles", "Switching to {name}…").format(
                name=username)
        self.page = PlaceholderPage(title, QCoreApplication.translate(
            "TrainingRoles", "The training platform keeps running. This account's own training "
            "store is opened and synced; its workspaces follow in a moment."),
            QCoreApplication.translate("TrainingRoles", "Signing in as another training role…"),
            window.root)
        self.page.setObjectName("trainingSwitchPage")
        self._cover()

    def _cover(self) -> None:
        """The switching page on top, the navigation off (there is nothing to go to)."""
        window = self.shell.window
        if self.page is None:
            return
        if window.root.indexOf(self.page) < 0:
            window.root.addWidget(self.page)
        window.root.setCurrentWidget(self.page)
        window.nav.setEnabled(False)
        window.workspace_actions.setEnabled(False)

    def _uncover(self) -> None:
        """Every workspace of the new account is in: they replace the switching page."""
        if self.page is not None and self.shell.window.root.currentWidget() is self.page:
            self.shell.window.show_workspaces()
        self._drop_page()

    def _drop_page(self) -> None:
        page, self.page = self.page, None
        if page is not None:
            self.shell.window.root.removeWidget(page)
            page.deleteLater()

    def _over(self) -> None:
        self.switching = False
        self.shell.window.block_sign_in(False)

    def _switched(self, connection: object) -> None:
        self._over()
        shell = self.shell
        if shell.session is not None or shell.training.platform is None:
            # Quit (the platform stopped) or someone else signed in meanwhile.
            self._drop_page()
            done = cast("Connection", connection)
            done.files.close()
            done.store.close()
            return
        # The inbox comes first and the other workspaces after its rows: the page
        # stays until they are all in, rather than show one still missing.
        shell.attach(cast("Connection", connection), then=self._uncover)
        self._cover()

    def _failed(self, exc: BaseException) -> None:
        """No training account signed in: training mode ends, the welcome page says why."""
        self._over()
        shell = self.shell
        _log.warning("signing in as another training role failed: %s", exc)
        shell.training.stop()
        if shell.session is None:
            shell.window.set_training(False)
        shell.dialogs.show_welcome()
        self._drop_page()
        from backoffice import messages

        welcome = _welcome(shell)
        if welcome is not None:
            welcome.show_training_problem(messages.describe(exc, shell.lang))


def _welcome(shell: Shell) -> WelcomePage | None:
    from ui.dialogs.welcome import WelcomePage

    page = shell.dialogs.welcome
    return page if isinstance(page, WelcomePage) else None


def _sign_out(connection: Connection) -> None:
    """The training sign-in revoked on the platform (worker); a failure only logged.

    Not :func:`ui.session.sign_out`: training sign-ins are never saved, so
    neither the keyring nor "current" has anything of them.
    """
    client = connection.client
    client.allow_requests()  # closing the session cancelled them
    try:
        client.logout()
    except Exception as exc:  # noqa: BLE001 - the platform forgets it when it expires
        _log.warning("signing out of the training account failed: %s", exc)
