"""What the command line's pages say of a case, a person and a queued change.

Split from :mod:`backoffice.sync.case_view` (which re-exports these): the
case codes people type, said back safely; logins said as the names people
know; a conflicted change said by its case and department, not by the id of
the record it changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backoffice.cli_text import COLON, word
from backoffice.domain.errors import BackofficeError
from backoffice.shown import safe
from backoffice.store import Store
from backoffice.store.outbox import OutboxEntry, OutboxState
from backoffice.sync import colleagues
from backoffice.sync.accounts import Account
from backoffice.sync.reasons import stopped_reason

# A case code is 22 characters; what is said of a longer one is its start.
SAID_LENGTH = 40


def given_code(code: str) -> str:
    """A case code as typed or pasted: the spaces and line breaks around it are not part of it."""
    return code.strip()


def said_code(code: str) -> str:
    """A case code from the command line as a message may repeat it.

    Shown as the ``case`` page shows the platform's text (a terminal must not
    act on an escape sequence in it), and no longer than a line.
    """
    text = safe(given_code(code))
    return text if len(text) <= SAID_LENGTH else text[:SAID_LENGTH - 1] + "…"


def not_found_case(code: str) -> BackofficeError:
    return BackofficeError("store.not_found", entity="case", id=said_code(code))


def people(store: Store, account: Account | None = None) -> dict[str, str]:
    """Logins to the names people know them by: the department's colleagues as last synced.

    A login not in the list is shown as it is.
    """
    names = {c.username: c.display_name for c in colleagues.cached(store) if c.display_name}
    if account is not None and account.display_name:
        names[account.username] = account.display_name
    return names


def command_kind(kind: str, lang: str, payload: Mapping[str, Any] | None = None) -> str:
    """A queued command's kind in words: a task's by its action (``task.claim`` → claim).

    A transfer to a colleague (``to_user``) keeps the task in the department:
    it is a hand-over, not the transfer to another department its kind says.
    """
    if kind == "task.transfer" and payload and payload.get("to_user"):
        return word("hand_over", lang)
    return word(kind.removeprefix("task.") if kind.startswith("task.") else kind, lang)


def conflict_reason(entry: OutboxEntry, lang: str | None = None,
                    params: Mapping[str, Any] | None = None) -> str:
    """Why a queued change was refused or conflicted, in words (:mod:`.reasons`)."""
    return stopped_reason(entry.last_error, refused=entry.state is OutboxState.REFUSED,
                          lang=lang, params={"author": entry.command.author, **(params or {})},
                          details=entry.error_details)


def case_of_change(entry: OutboxEntry, store: Store | None) -> dict[str, Any]:
    """The case and department of the record a change is about, as the records say.

    A task's or a material's id means nothing to a person; the record the
    change was made against names its case and department. ``store``: the
    department's name from the local store (its code without one).
    """
    record = entry.base_record or entry.server_record or {}
    case_code, department = record.get("case_code"), record.get("department_code")
    if entry.command.entity == "case":  # a comment keeps no record: its id is the case's
        case_code = entry.command.entity_id
    if not isinstance(case_code, str):
        return {}
    said: dict[str, Any] = {"case_code": case_code}
    if isinstance(department, str):
        said["department_code"] = department
        found = None
        if store is not None:
            with store.read() as uow:
                found = uow.departments.get(department)
        said["department_name"] = found.name if found is not None else department
    return said


def conflict_data(entry: OutboxEntry, lang: str | None = None, *,
                  store: Store | None = None) -> dict[str, Any]:
    """Both versions of a conflicted command, for a person to decide.

    ``case_code`` and the department (code and name) beside the record's id
    when the change is about a case's record.
    """
    return {
        "id": entry.command.id,
        "kind": entry.command.kind,
        "entity": entry.command.entity,
        "entity_id": entry.command.entity_id,
        "state": entry.state.value,
        "reason": conflict_reason(entry, lang),
        "payload": dict(entry.command.payload),
        "made_at": entry.command.created_at.isoformat(),
        "yours_based_on": entry.base_record,
        "platform_now": entry.server_record,
    } | case_of_change(entry, store)


def conflict_cells(conflict: dict[str, Any], lang: str, *, colon: bool = True) -> list[str]:
    """A conflicted change in words (``status``, ``conflicts``): id, what, state, why.

    What it is about by its case and department; the record's id only for a
    change that names no case. ``colon``: the state and the reason in one
    cell, as a label and its text.
    """
    about = " ".join(filter(None, (conflict.get("case_code"), conflict.get("department_name")))) \
        or conflict["entity_id"]
    what = f"{command_kind(conflict['kind'], lang, conflict.get('payload'))} {about}"
    state = word(conflict["state"], lang)
    if colon:
        return [conflict["id"], what, f"{state}{COLON[lang]}{conflict['reason']}"]
    return [conflict["id"], what, state, conflict["reason"]]
