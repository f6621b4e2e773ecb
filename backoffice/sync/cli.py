"""``backoffice login|logout|sync|status|tasks|case|claim|comment|conflicts``.

For headless use, scheduled tasks and administrators. Everything but
``login`` and ``sync`` works offline on the local store of the current
account; ``claim`` and ``comment`` only queue (the next sync sends them).
Arguments are declared in :mod:`backoffice.cli`; every failure is a
:class:`BackofficeError` the main command line words and exits on with the
code of its kind (:mod:`backoffice.exit_codes`).
"""

from __future__ import annotations

import argparse
import errno
import getpass
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

from backoffice import messages
from backoffice.domain.commands import Command
from backoffice.domain.errors import BackofficeError
from backoffice.remote.client import PlatformClient, check_url
from backoffice.remote.credentials import LEFT_UNREVOKED, UNREADABLE, CredentialsError, no_keyring
from backoffice.remote.errors import OFFLINE, RemoteError
from backoffice.shown import safe_all
from backoffice.store import Store, kept_page
from backoffice.sync import accounts, case_view, case_words
from backoffice.sync.accounts import Account
from backoffice.sync.cli_common import open_store as _store
from backoffice.sync.cli_common import print_json as _print_json
from backoffice.sync.cli_common import say as _say
from backoffice.sync.reports import SyncReport
from backoffice.sync.scheduler import SyncScheduler
from backoffice.sync.status import SyncState, SyncStatus, clock_skew_message
from backoffice.sync.status_cli import reason_code, stopped_counts
from backoffice.sync.status_cli import run_status as run_status  # noqa: PLC0414 - backoffice.cli runs it from here


def _account() -> Account:
    account = accounts.current()
    if account is None:
        raise BackofficeError("sync.not_signed_in")
    return account


def _signed_in_client(account: Account) -> PlatformClient:
    try:
        client = accounts.resume(account)
    except CredentialsError as exc:
        if exc.code != UNREADABLE:
            raise
        if no_keyring(exc) and not accounts.kept_in_keyring(account):
            # No keyring to unlock and none kept this sign-in: status's sentence,
            # which gives the one way (the password on standard input).
            raise BackofficeError("cli.status_not_remembered", user=account.username,
                                  reason=exc.params.get("reason", exc.code)) from exc
        # A scheduled sync on a machine whose keyring is locked has a way out.
        raise BackofficeError("cli.sync_keyring_unreadable",
                              reason=exc.params.get("reason", "")) from exc
    if client is None:
        raise BackofficeError("sync.not_signed_in")
    return client


# --- sign-in ------------------------------------------------------------------


def _password(args: argparse.Namespace, user: str) -> str:
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin is None or not sys.stdin.isatty():
        # A scheduled task: nobody to type it. getpass would fall back to
        # stdin, warn in English that it may echo, and meet EOF as a crash.
        raise BackofficeError("sync.no_password_no_terminal")
    else:
        try:
            line = getpass.getpass(
                messages.render_code("cli.password_prompt", {"user": user}, args.lang) + " "
            )
        except EOFError:  # Ctrl-D at the prompt
            line = ""
    if not line:
        raise BackofficeError("sync.no_password")
    return line


def run_login(args: argparse.Namespace) -> int:
    check_url(args.server)  # before the password prompt: a typo in the address is said first
    password = _password(args, args.user)
    previous = accounts.current()
    # Keyring optional: a headless machine has none, and its scheduled
    # ``sync --password-stdin`` still needs the account this records.
    try:
        account, client = accounts.sign_in(
            args.server, args.user, password, settings=accounts.network_settings(
                **({"ca_bundle": args.ca_bundle} if args.ca_bundle else {})),
            keyring_optional=True)
    except RemoteError as exc:
        if exc.code != OFFLINE:
            raise
        # Not remote.offline's "working offline": there is no sign-in to work with yet.
        raise BackofficeError("cli.login_unreachable", **exc.params) from exc
    with _store(account) as store:
        path = store.path
    _say(args, "cli.signed_in", name=account.display_name, department=account.department_name,
         server=client.base_url, store=str(path))
    if previous is not None and not previous.same_login(account):
        # One sign-in at a time here: the colleague before was signed out by this one.
        _say(args, "cli.previous_signed_out", previous=previous.username,
             user=account.username)
        _say_kept(args, previous)
    why = client.not_remembered
    if why is not None:
        _end_unremembered(client)
        # As the app's banner words it: a refused keyrings.alt backend by its name.
        _say(args, "cli.signed_in_not_remembered",
             reason=why.params.get("reason") or why.params.get("backend") or why.code)
    _tell_stranded(args, account)
    return 0


def _end_unremembered(client: PlatformClient) -> None:
    """Revoke a sign-in only this process held: nothing can use its token once it exits."""
    if client.not_remembered is not None:
        client.logout()


def _tell_stranded(args: argparse.Namespace, account: Account) -> None:
    """The same user's unsent work at other platform addresses, as the app's banner says it."""
    for left in accounts.stranded_elsewhere(account):
        _say(args, "accounts.stranded", count=left.waiting + left.conflicts,
             user=left.account.username, url=left.account.platform_url)


def run_logout(args: argparse.Namespace) -> int:
    account = accounts.current()
    if account is not None:
        return _log_out(args, account)
    # Signed out before with the keyring locked: what that logout had to leave
    # in the keyring is revoked and removed now ("log out again").
    left = accounts.left_in_keyring()
    if not left:
        raise BackofficeError("sync.not_signed_in")
    return max([_log_out(args, each) for each in left])


def _log_out(args: argparse.Namespace, account: Account) -> int:
    # Keyring optional: a locked one must not keep the person signed in on this machine.
    client = PlatformClient(account.platform_url, settings=accounts.http_settings(account),
                            keyring_optional=True)
    held = client.resume(account.username)  # a token to revoke on the platform
    unread = client.not_remembered  # this process holds no token but the keyring's
    saved_here = accounts.kept_in_keyring(account)  # before the sign-out drops the mark
    # Revoked on the platform if reachable; the keyring entry goes, or goes when it can.
    outcome = accounts.sign_out_here(account, client)
    kept = outcome.left
    done = 0
    if kept is None and unread is not None and not saved_here:
        # A headless login: "the saved sign-in was removed" would be news of nothing.
        _say(args, "cli.signed_out_nothing_saved", user=account.username)
    elif kept is None and held and not outcome.revoked:
        # Gone from here, yet the platform honours it until it expires.
        _say(args, "cli.signed_out_unrevoked", user=account.username)
    elif kept is None:
        _say(args, "cli.signed_out", user=account.username)
    else:
        # Not done: a saved sign-in is left, still valid on the platform if not revoked.
        code = "cli.signed_out_not_revoked" if kept.code == LEFT_UNREVOKED \
            else "cli.signed_out_keyring_locked"
        print(messages.render_code(code, {"user": account.username,
                                          "reason": kept.params.get("reason", kept.code)},
                                   getattr(args, "lang", None)), file=sys.stderr)
        done = 2
    _say_kept(args, account)
    return done


def _say_kept(args: argparse.Namespace, account: Account) -> None:
    """What ``account``, signed out, left unsent here: kept for its next sign-in."""
    if not account.store_path().exists():
        return  # never synced here: nothing queued, and no store to make for it
    with _store(account) as store:
        # A conflict is not sent until the person re-applies or discards it: told apart.
        waiting, conflicted = len(store.pending_commands()), len(store.conflicts())
    # Kept for this account alone: another person signing in here has another store.
    kept_for = {"user": account.username, "url": account.platform_url}
    if waiting:
        _say(args, "cli.queue_kept", count=waiting, **kept_for)
    if conflicted:
        _say(args, "cli.conflicts_kept", count=conflicted, **kept_for)


# --- sync and status ------------------------------------------------------------


def run_sync(args: argparse.Namespace) -> int:
    account = _account()
    if args.password_stdin:
        # For this process only, so a scheduled sync works without a keyring.
        account, client = accounts.sign_in(
            account.platform_url, account.username, _password(args, account.username),
            settings=accounts.http_settings(account), keyring_optional=True)
    else:
        client = _signed_in_client(account)
    try:
        done = _sync(args, account, client)
    except KeyboardInterrupt:
        raise  # stops at once, as Ctrl-C promises: the platform lets the token expire
    except BaseException:
        _end_unremembered(client)
        raise
    _end_unremembered(client)
    return done


def _sync(args: argparse.Namespace, account: Account, client: PlatformClient) -> int:
    _tell_stranded(args, account)
    with _store(account) as store:
        # Photos and locally sealed decisions go up, seals are followed: a
        # scheduled ``backoffice sync`` does what the open app would.
        from backoffice import workstation  # imports the decision desk: only when syncing

        engine = workstation.assemble(account, store, client, workstation.open_files(account)).engine
        show_progress = sys.stderr.isatty() if args.progress is None else args.progress
        if show_progress:
            # Before the state's printer: a progress line ends before a state line.
            engine.status.subscribe(_ProgressPrinter(args, sys.stderr))
        engine.status.subscribe(_resync_announcer(args))
        try:
            if args.once:
                _report(args, engine.sync_once(), engine.status.current, store)
                return 0
            scheduler = SyncScheduler(engine, interval=args.interval)
            reader_gone = threading.Event()
            engine.status.subscribe(_state_printer(args, store, reader_gone))
            scheduler.start()
            try:
                reader_gone.wait()  # or Ctrl-C (exit 130), or the process is stopped
            finally:
                scheduler.stop()
            # "| head -1" has what it wanted: stop as other tools do (cli.main: exit 141).
            raise BrokenPipeError(errno.EPIPE, "the reader of the sync's lines is gone")
        finally:
            # What the app shows first at its next start, as the app does when
            # it quits: a scheduled sync must not cost the next start its speed.
            kept_page.keep_if_possible(store, account.department_code)


def _state_printer(args: argparse.Namespace, store: Store,
                   reader_gone: threading.Event) -> Callable[[SyncStatus], None]:
    """A line when the state, the queue or the changes stopped change.

    Not for every status: each page a pull stores updates it too (its count
    of records received), and a first pull has dozens. A closed output sets
    ``reader_gone``: syncing on, it logged a traceback at every change.
    """
    last: list[tuple[str, int, int]] = []

    def show(status: SyncStatus) -> None:
        key = (status.state.value, status.pending, status.conflicts)
        if last != [key]:
            last[:] = [key]
            conflicts, refused = stopped_counts(store)
            try:
                _say(args, "cli.sync_state", sync_state=key[0], pending=key[1],
                     conflicts=conflicts, refused=refused)
                sys.stdout.flush()
            except BrokenPipeError:
                reader_gone.set()

    return show


def _resync_announcer(args: argparse.Namespace) -> Callable[[SyncStatus], None]:
    """A line when a re-sync after an upgrade starts: why this sync takes so long."""
    said = [False]

    def show(status: SyncStatus) -> None:
        if status.resync_after_upgrade and not said[0]:
            _say(args, "cli.resync_under_way")
        said[0] = status.resync_after_upgrade

    return show


class _ProgressPrinter:
    """The round's progress on stderr, at most every ``every`` seconds.

    A first pull of a large department takes a minute: a person at a
    terminal sees it move. On a terminal the line is rewritten in place
    (``\r``, padded with spaces rather than a terminal escape, which older
    Windows consoles print as text); elsewhere a line each time.
    """

    def __init__(self, args: argparse.Namespace, stream: TextIO, every: float = 1.0) -> None:
        self.lang = getattr(args, "lang", None)
        self.stream = stream
        self.every = every
        self.in_place = stream.isatty()
        self._shown_at: float | None = None
        self._width = 0  # of the line written in place, 0 when there is none

    def __call__(self, status: SyncStatus) -> None:
        if status.state is not SyncState.SYNCING:
            self._shown_at = None
            self._end_line()
            return
        if not (status.received or status.files_fetched):
            return
        now = time.monotonic()
        if self._shown_at is not None and now - self._shown_at < self.every:
            return
        self._shown_at = now
        text = messages.render_code("cli.sync_progress", {
            "records": f"{status.received:,}", "files": f"{status.files_fetched:,}"}, self.lang)
        if self.in_place:
            self.stream.write("\r" + text.ljust(self._width))
            self._width = max(self._width, len(text))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def _end_line(self) -> None:
        if self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


def _report(args: argparse.Namespace, report: SyncReport, status: SyncStatus,
            store: Store) -> None:
    conflicts, refused = stopped_counts(store)
    _say(args, "cli.sync_done", sent=report.push.sent, applied=report.push.applied,
         records=report.pull.records, removed=report.pull.removed,
         pending=status.pending, conflicts=conflicts, refused=refused)
    if report.pull.quarantined:
        _say(args, "cli.quarantined", count=report.pull.quarantined)
    if status.clock_skew is not None:
        # A warning, not a failure: the sync itself went through.
        code, params = clock_skew_message(status.clock_skew)
        print(f"backoffice: {messages.render_code(code, params, args.lang)}", file=sys.stderr)


# --- the local inbox and one case ---------------------------------------------------


def run_tasks(args: argparse.Namespace) -> int:
    account = _account()
    with _store(account) as store:
        if args.json:
            _print_json(case_view.inbox_rows(store, account.department_code, limit=args.limit,
                                             every_status=args.all))
            return 0
        lines = case_view.inbox_table(store, account.department_code,
                                      messages.resolve_language(args.lang), limit=args.limit,
                                      every_status=args.all)
    if len(lines) <= 1:  # the header alone read as a failure: say there are none
        _say(args, "cli.no_tasks_all" if args.all else "cli.no_tasks")
        return 0
    for line in lines:
        print(line)
    return 0


def run_case(args: argparse.Namespace) -> int:
    account = _account()
    with _store(account) as store:
        data = case_view.case_data(store, args.case_code, account)
    if args.json:
        _print_json(data)
    else:
        case_view.print_case(data, args.lang)
    return 0


# --- queued actions ------------------------------------------------------------------


def run_claim(args: argparse.Namespace) -> int:
    account = _account()
    with _store(account) as store:
        task = case_view.own_task(store, args.case_code, account.department_code)
        store.queue("task.claim", task.id, {"assignee": account.username},
                    author=account.username)
    _say(args, "cli.queued", action=messages.term("claim", args.lang),
         case_code=case_words.said_code(args.case_code))
    return 0


def run_comment(args: argparse.Namespace) -> int:
    account = _account()
    with _store(account) as store:
        with store.read() as uow:
            case = uow.cases.get(case_words.given_code(args.case_code))
        if case is None:
            raise case_words.not_found_case(args.case_code)
        store.record_command(Command.new(
            "comment.add", case.case_code, case.version, {"text": args.text},
            author=account.username))
    _say(args, "cli.queued", action=messages.term("comment", args.lang),
         case_code=case_words.said_code(args.case_code))
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    account = _account()
    with _store(account) as store:
        if args.reapply:
            fresh = store.reapply_command(args.reapply)
            _say(args, "cli.reapplied", command=args.reapply, new=fresh.id)
        elif args.discard:
            # As the app's conflict list: the photos only it named are let go in the cache.
            from backoffice.inspections.field_drafts import discard_command
            from backoffice.workstation import open_files

            with open_files(account) as files:
                if not discard_command(store, files, args.discard):
                    raise BackofficeError("store.unknown_command", command=args.discard)
            _say(args, "cli.discarded", command=args.discard)
        else:
            found = [case_view.conflict_data(e, args.lang, store=store) | reason_code(e)
                     for e in store.conflicts()]
            if args.json:
                _print_json(found)
            else:
                _print_conflicts(found, messages.resolve_language(args.lang))
    return 0


def _print_conflicts(found: list[dict[str, Any]], lang: str) -> None:
    if not found:
        print(messages.render_code("cli.no_conflicts", {}, lang))
        return
    head = [case_view.word(key, lang) for key in ("change_id", "change", "status", "reason_given")]
    rows = [case_view.conflict_cells(e, lang, colon=False) for e in safe_all(found)]
    for line in case_view.table([head, *rows]):
        print(line)
