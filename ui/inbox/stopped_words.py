"""How a stopped command's state is headed: the inbox list, the task detail and the
conflict list say it alike.

One heading per kind of stop (:func:`backoffice.store.stopped.stopped_kind`):
a conflict (a colleague changed the record first) is not said as a refusal,
nor is a command held back behind a conflict or given up after the
platform's failures. The reason after the heading is the sync's sentence
(:func:`backoffice.sync.reasons.stopped_reason`), unchanged.

Worded in the conflict list's context, whose words these were first: one
translation for the three places.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from backoffice.store.stopped import StoppedKind, stopped_kind
from backoffice.sync.reasons import stopped_reason


def stopped_heading(state: str, code: str | None) -> str:
    """The heading of a command in ``state`` (``conflict``/``refused``) with ``code``."""
    kind = stopped_kind(state, code)
    if kind is StoppedKind.REFUSED:
        return QCoreApplication.translate("ConflictListDialog", "Refused by the platform")
    if kind is StoppedKind.NOT_APPLIED:
        return QCoreApplication.translate("ConflictListDialog", "Not applied")
    return QCoreApplication.translate("ConflictListDialog", "In conflict")


def stopped_line(state: str, code: str | None, lang: str,
                 details: Mapping[str, Any] | None = None) -> str:
    """The heading and why the command stopped, as one line ("In conflict: …")."""
    reason = stopped_reason(code, refused=state == "refused", lang=lang, details=details)
    return QCoreApplication.translate("ConflictListDialog", "{state}: {reason}").format(
        state=stopped_heading(state, code), reason=reason)
