"""A setting an earlier version saved that this one refuses: said once, kept to be corrected.

The Settings dialog and the welcome page now check what is typed; earlier
versions saved a platform address, a CA certificate file or a proxy without
checking. Such a value is neither dropped nor fixed behind the person's
back — it may be one letter from right, or a file on a drive not yet
mounted. It stays stored as it was. The first time the session shows the
welcome page or signs in, the window's banner says, once, which value and
why, in the words the Settings dialog would use on OK (its own
:meth:`~ui.dialogs.settings_dialog.SettingsDialog.problem`), with a button
that opens Settings, where the stored value is shown for correcting (or
clearing). Until then a sign-in that needs it says why it cannot, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.settings import Setting, Settings

if TYPE_CHECKING:
    from ui.shell import Shell

_TOLD = "savedSettingsTold"  # a property of the shell: once a session, not at every sign-in


def stored_text(settings: Settings, setting: Setting[str]) -> str:
    """The value as stored, even one ``settings.get`` would refuse (and give the default for)."""
    raw = settings.qsettings.value(setting.key)
    return raw if isinstance(raw, str) else setting.default


def problem(settings: Settings, lang: str | None) -> str | None:
    """What the Settings dialog would refuse in the stored values, in words; None if nothing."""
    from ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(None, settings, lang=lang)
    try:
        return dialog.problem()
    finally:
        dialog.deleteLater()


def note_once(shell: Shell) -> tuple[str, str] | None:
    """The banner's title and text for a stored value that cannot be used; None when there
    is none, or it was told already in this session."""
    if shell.property(_TOLD):
        return None
    shell.setProperty(_TOLD, True)
    refused = problem(shell.settings, shell.lang)
    if refused is None:
        return None
    return (QCoreApplication.translate("SavedSettings", "A saved setting cannot be used"),
            QCoreApplication.translate(
                "SavedSettings", "{problem} It was saved by an earlier version and is kept as "
                "it is: correct it (or clear it) in Settings.").format(problem=refused))
