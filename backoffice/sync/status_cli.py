"""``backoffice status``: the account, its store's counts, what waits for a person.

Split from :mod:`backoffice.sync.cli` (which re-exports :func:`run_status`):
the table, ``--json`` (docs/sync.md lists its keys) and the counts of the
changes stopped, conflicts and refusals apart.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from backoffice import cli_text, exit_codes, messages
from backoffice.remote.client import PlatformClient
from backoffice.remote.credentials import CredentialsError, no_keyring
from backoffice.shown import safe_all
from backoffice.store import OutboxState, Store
from backoffice.store.inbox import TaskQuery
from backoffice.store.outbox import OutboxEntry
from backoffice.sync import accounts, case_view, case_words, reasons, resync_start
from backoffice.sync.accounts import Account
from backoffice.sync.cli_common import open_store as _store
from backoffice.sync.cli_common import print_json as _print_json
from backoffice.sync.cli_common import say as _say
from backoffice.sync.status import LAST_SUCCESS_KEY


def run_status(args: argparse.Namespace) -> int:
    account = accounts.current()
    if account is None:
        return _signed_out_status(args)
    client = PlatformClient(account.platform_url, settings=accounts.http_settings(account))
    with _store(account) as store:
        engine_free = status_data(store, account, args.lang)
        with store.read() as uow:
            # Not in the JSON, whose keys scripts rely on: a sentence below the table.
            upgrade = resync_start.upgrade_resync(uow)
    try:
        engine_free["signed_in"] = client.credentials.load(account.username) is not None
    except CredentialsError as exc:
        engine_free["signed_in"], code, params = _unread_sign_in(exc, account)
        print(f"backoffice: {messages.render_code(code, params, args.lang)}", file=sys.stderr)
    if args.json:
        _print_json(engine_free)
        return 0
    engine_free = safe_all(engine_free)  # a terminal must not act on the platform's text
    lang = messages.resolve_language(args.lang)
    rows = [[case_view.word(key, lang), _status_value(key, value, lang)]
            for key, value in engine_free.items() if key not in _JSON_ONLY]
    rows += [[case_view.word("refusal" if e["state"] == OutboxState.REFUSED.value else "conflicts",
                             lang), "  ".join(case_view.conflict_cells(e, lang))]
             for e in engine_free["conflicts"]]
    # Each record set aside, why in words; --json keeps the reason as stored too.
    rows += [[case_view.word("set_aside", lang), "  ".join(filter(None, (
        case_view.word(q["entity"], lang), q["entity_id"], q["reason"])))]
             for q in engine_free["set_aside"]]
    for line in case_view.table(rows, right=frozenset({0})):
        print(line)
    if engine_free["quarantined"] > len(engine_free["set_aside"]):
        _say(args, "cli.set_aside_more", shown=len(engine_free["set_aside"]),
             count=engine_free["quarantined"])
    if upgrade is not None:
        _say(args, _RESYNC_SAID[upgrade])
    return 0


def _signed_out_status(args: argparse.Namespace) -> int:
    """``status`` with nobody signed in: what is known of the last account, and exit 5.

    A script asking for JSON gets JSON (``signed_in`` false; the last
    account's platform, user and store, and its store's counts if it has
    one: the queue kept for its next sign-in). The exit code is the one
    every command gives when nobody is signed in (:mod:`backoffice.exit_codes`).
    """
    last = next(iter(accounts.known()), None)
    if last is not None and last.store_path().exists():
        with _store(last) as store:
            data = status_data(store, last, args.lang)
    else:
        data = status_data(None, last, args.lang)
    data["signed_in"] = False
    if args.json:
        _print_json(data)
    else:
        lang = messages.resolve_language(args.lang)
        rows = [[case_view.word(key, lang), _status_value(key, value, lang)]
                for key, value in safe_all(data).items() if key in _SIGNED_OUT_ROWS]
        for line in case_view.table(rows, right=frozenset({0})):
            print(line)
    print(f"backoffice: {cli_text.not_signed_in_words(args.lang)}", file=sys.stderr)
    return exit_codes.for_error(cli_text.NOT_SIGNED_IN, {})


_SIGNED_OUT_ROWS = ("platform", "user", "department", "store", "pending", "conflicted",
                    "refused", "signed_in")
# Not rows of the table: "department" says both, as a person reads it.
_JSON_ONLY = ("conflicts", "set_aside", "department_code", "department_name")


def _unread_sign_in(exc: CredentialsError,
                    account: Account) -> tuple[bool | None, str, dict[str, Any]]:
    """``status``'s "signed in" when the keyring cannot be read, and what to say of it."""
    if no_keyring(exc) and not accounts.kept_in_keyring(account):
        # Nothing was saved here and nothing can be: "unlock the keyring, or sign in
        # with your password" would send the person after a sign-in that is not kept.
        return False, "cli.status_not_remembered", {
            "user": account.username, "reason": exc.params.get("reason", exc.code)}
    # Locked, or gone since it kept this sign-in: the local store needs no keyring, so
    # the table still helps, the keyring's part unknown.
    return None, exc.code, dict(exc.params)


# ``status``: a re-sync after an upgrade, under way or due (``resync_start.upgrade_resync``).
_RESYNC_SAID = {resync_start.UNDER_WAY: "cli.resync_under_way", resync_start.DUE: "cli.resync_due"}


def _status_value(key: str, value: Any, lang: str) -> str:
    if value is None:
        return "-" if key == "last_sync" else case_view.word("unknown", lang)
    if isinstance(value, bool):
        return case_view.word("yes" if value else "no", lang)
    if key == "last_sync":
        return case_view.local_time(value)  # as the app shows it; the JSON keeps UTC
    return str(value)


def status_data(store: Store | None, account: Account | None,
                lang: str | None = None) -> dict[str, Any]:
    """``status --json`` (docs/sync.md lists the keys); None where nothing is known:
    no account (``platform`` …), no store (the counts), never synced (``last_sync``)."""
    data: dict[str, Any] = dict.fromkeys(
        ("platform", "user", "department", "department_code", "department_name", "store",
         "cases", "tasks", "pending", "conflicted", "refused", "quarantined", "last_sync"))
    data |= {"conflicts": [], "set_aside": []}
    if account is not None:
        data |= {
            "platform": account.platform_url,
            "user": account.username,
            # As a person reads it; a script takes the code and the name apart.
            "department": f"{account.department_name} ({account.department_code})",
            "department_code": account.department_code or None,
            "department_name": account.department_name or None,
            "store": str(account.store_path()),
        }
    if store is None:
        return data
    with store.read() as uow:
        counts = uow.outbox.counts()
        data |= {
            "store": str(store.path),
            "cases": uow.cases.count(),
            # As ``backoffice tasks`` lists them: the cases' other departments' tasks
            # are in the store too, and counting them made 71 of the 23 listed.
            "tasks": uow.tasks.inbox_count(TaskQuery(account.department_code,
                                                     statuses=case_view.OPEN))
            if account is not None else uow.tasks.count(),
            "pending": counts[OutboxState.PENDING] + counts[OutboxState.SENT],
            # Apart: a refusal (a role the person lacks, a rule) is no conflict.
            "conflicted": counts[OutboxState.CONFLICT],
            "refused": counts[OutboxState.REFUSED],
            "quarantined": uow.quarantine.count(),
            "last_sync": uow.sync_state.get(LAST_SUCCESS_KEY) or None,
        }
    data["conflicts"] = [
        {"id": e.command.id, "kind": e.command.kind, "entity_id": e.command.entity_id,
         "state": e.state.value, "payload": dict(e.command.payload),
         "reason": case_view.conflict_reason(e, lang)} | reason_code(e)
        | case_words.case_of_change(e, store)
        for e in store.conflicts()
    ]
    data["set_aside"] = reasons.set_aside(store, lang)
    return data


def reason_code(entry: OutboxEntry) -> dict[str, Any]:
    """Why a change stopped, for scripts: the same whatever ``--lang`` says.

    ``reason`` is the sentence in the chosen language (README: ``--json``
    keeps the identifiers); a script compares ``reason_code``.
    """
    return {"reason_code": entry.last_error, "reason_details": dict(entry.error_details or {})}


def stopped_counts(store: Store) -> tuple[int, int]:
    """The changes in conflict, and those the platform refused: told apart.

    ``SyncStatus.conflicts`` counts both (what waits for a person), but a
    refusal — the person's role may not do this, a rule of the platform —
    is no conflict: nobody changed the record meanwhile, and re-applying
    will not help (exit codes 7 and 8 tell them apart the same way).
    """
    with store.read() as uow:
        counts = uow.outbox.counts()
    return counts[OutboxState.CONFLICT], counts[OutboxState.REFUSED]
