"""The sync engine: push the outbox, pull the change feed, keep the calendar.

One engine per local store, i.e. per platform and user (see
:mod:`backoffice.sync.accounts`). It holds no state of its own between
syncs: everything that must survive a crash — the cursor, the outbox, a
re-sync under way, the platform's calendar — lives in the store and is
written in the transaction of the data it belongs to (SYNC.md, principle 2).

**Push.** Queued commands go in the order they were made, with their ids as
idempotency keys. Commands are marked ``sent`` *before* the request (once
signed in: a batch whose token refresh failed never left, and stays
pending; one that could not connect, or was answered 401 before a refresh
that failed, is put back), so a
crash or a lost answer leaves them sent: the next push resends them and
the platform answers "duplicate" with its first result.
Only the first queued command of each record goes in a round: the next one
was made on top of it, and is sent (re-based by the store on the answer's
version) once the first is confirmed. Append commands (comments) do not
wait. All results of one request are applied in one transaction.

**Pull.** Page by page; each page — records, removals, quarantined records,
the commands it confirms and the new cursor — is one transaction, after
which the still-queued commands are re-applied on top (the store does that
inside ``apply_confirmed``). An expired cursor, or a store that asks for
it (:mod:`.resync_start`), starts a re-sync from scratch that sweeps away,
at its last page, whatever the snapshot did not bring.

**Followers.** Work that must go on in the background after each good
round — the seals under way of the decision desk — registers as a
:class:`RoundFollower` (the engine does not know what it follows). It runs
inside the round's lock, so never beside a sync; its failures are its own
(recorded on its jobs) and never fail the round. When it queued a command or
finished something on the platform, the round pushes and pulls once more.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, cast

from backoffice.api import v1
from backoffice.domain.calendar import PublishedCalendar, WorkCalendar
from backoffice.domain.commands import APPEND_KINDS, Command
from backoffice.domain.errors import BackofficeError
from backoffice.domain.opinion_readiness import OPINION
from backoffice.remote.cancel import Cancel, cancel_scope
from backoffice.remote.errors import CANCELLED, CURSOR_EXPIRED, SIGNED_OUT, TIMEOUT, RemoteError
from backoffice.remote.transport import clock_offset
from backoffice.remote.validate import PulledPage, PushResults
from backoffice.store import Store, deferred_indexes, pending, resync, sent_marks, snapshot
from backoffice.store.outbox import OutboxEntry, OutboxState
from backoffice.store.sqlite_file import PUBLISHED_CALENDAR_KEY
from backoffice.sync import colleagues, resync_start
from backoffice.sync.files import (
    DEFAULT_PREFETCH_BYTES,
    FileCache,
    FileTransport,
    UploadTransport,
    inbox_prefetch_order,
)
from backoffice.sync.files_outbox import files_to_send
from backoffice.sync.page_size import PageSize
from backoffice.sync.pages_ahead import PagesAhead
from backoffice.sync.push_answers import apply_results
from backoffice.sync.reports import PullReport, PushReport, SyncReport, add_pull, add_push
from backoffice.sync.status import LAST_SUCCESS_KEY, StatusHub, SyncState, clock_skew, mark_current
from backoffice.sync.wire import (
    command_in,
    keep_quarantined,
    page_ops,
    quarantine_orphans,
    to_entity,
)

_log = logging.getLogger("backoffice.sync")

WRONG_AUTHOR = "sync.wrong_author"
# A round in which the platform failed on some commands (they stay queued).
PLATFORM_FAILED_ROUND = "sync.platform_failed"
# A request body stays well under the platform's 1 MiB limit (each command's
# payload plus a generous allowance for its envelope).
MAX_BATCH_BYTES = 768 * 1024
PREFETCH_CHUNK = 16  # files per prefetch call: the time limit is checked between chunks


class Platform(Protocol):
    """What the engine needs of :class:`backoffice.remote.client.PlatformClient`."""

    @property
    def username(self) -> str | None: ...
    def changes(self, cursor: str | None, limit: int = ..., *,
                on_next: Callable[[str], None] | None = None) -> PulledPage: ...
    def push(self, commands: list[v1.CommandIn], *,
             leaving: Callable[[], None] | None = None,
             not_taken: Callable[[], None] | None = None) -> PushResults: ...
    def calendar(self, year: int | None = None) -> list[v1.CalendarYear]: ...


class RoundFollower(Protocol):
    """Background work after each good round (``Sealer`` of ``backoffice.decisions``)."""

    def follow_round(self, pending: Sequence[Command], *, online: bool) -> bool:
        """One step of what is due; True when the platform should hear or be asked again.

        ``pending``: the outbox's active commands. ``online``: the platform
        just answered (work held back by a lost connection is due now).
        Records its own failures; must not raise.
        """
        ...


class SyncEngine:
    def __init__(
        self,
        store: Store,
        client: Platform,
        *,
        status: StatusHub | None = None,
        page_size: int = v1.MAX_PAGE,
        pages: PageSize | None = None,
        batch_size: int = 200,
        files: FileCache | None = None,
        department_code: str | None = None,
        prefetch_bytes: int = DEFAULT_PREFETCH_BYTES,
        prefetch_seconds: float = 5.0,
        followers: Sequence[RoundFollower] = (),
    ) -> None:
        self.store = store
        self.client = client
        # With a file cache: local files are uploaded before commands that may
        # name them are pushed, and the inbox's material files are prefetched
        # (nearest deadline first, within ``prefetch_bytes``) after the pull.
        self.files = files
        self.department_code = department_code
        self.prefetch_bytes = prefetch_bytes
        self.prefetch_seconds = prefetch_seconds
        self.status = status or StatusHub()
        # ``page_size``: the largest page asked for; how large the next one
        # is adapts to the link (``pages``, to set how).
        self.pages = pages or PageSize(page_size, smallest=min(100, page_size))
        self.pages.resume_kept(store)
        self.batch_size = min(batch_size, v1.MAX_COMMANDS)
        self._one_at_a_time = threading.Lock()
        # Every request of a round, on this thread and on its helpers, is
        # made under this: stop() ends them where they are.
        self._cancel = Cancel()
        self.followers: list[RoundFollower] = list(followers)
        # Commands the platform failed on this round (server.error): queued
        # again, but not resent before the next round, which the scheduler
        # starts after its back-off.
        self._platform_failed: set[str] = set()
        self.refresh_counts()

    def stop(self) -> None:
        """End the round under way at once, and every later one before it starts.

        For a session that closes (quit, sign-out, switch user) in the middle
        of a sync — a first pull over a slow link may have minutes to go. The
        requests in flight are cancelled (``remote.cancelled``); what was
        committed stays, as after a lost connection: every page came with its
        cursor, a command sent without an answer is sent again under its id,
        a download resumes from its part file. Only pure local work still
        under way (the page being applied) runs to its end.
        """
        self._cancel.fire()

    @property
    def stopped(self) -> bool:
        return self._cancel.fired

    def add_follower(self, follower: RoundFollower) -> None:
        """Follow ``follower`` after every round from now on (once, however often added)."""
        if all(f is not follower for f in self.followers):
            self.followers.append(follower)

    # --- the whole round ---------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """Push, pull, push what the pull freed, refresh the calendar.

        Raises :class:`RemoteError` (after recording it in the status) when
        the platform cannot be reached or refuses; nothing queued is lost.
        """
        with self._one_at_a_time, cancel_scope(self._cancel):
            if self._cancel.fired:
                raise RemoteError(CANCELLED)
            before = self.status.current.state
            self.status.update(state=SyncState.SYNCING, received=0, files_fetched=0)
            self._platform_failed.clear()
            try:
                uploaded = self._upload_files()
                pushed = self.push()
                # Before a first pull: its deadline columns are computed once,
                # at its end, with the platform's calendar rather than twice.
                early = self.store.cursor() is None
                calendar_changed = self.pull_calendar() if early else False
                pulled = self.pull()
                if pulled.confirmed or pulled.records:
                    # A pull may confirm a command whose answer was lost and
                    # so free the command queued behind it.
                    add_push(pushed, self.push())
                if not early:
                    calendar_changed = self.pull_calendar()
                colleagues.refresh(self.store, self.client, self.department_code)
                followed = self._follow(online=True)
                if followed:
                    # A seal queued (decision.seal) or finished on the platform:
                    # send it, and bring the sealed decision and case back.
                    add_push(pushed, self.push())
                    add_pull(pulled, self.pull())
                prefetched = self._prefetch_files()
                if self._platform_failed:
                    # The rest of the round went on; ending it as failed puts
                    # the next one, which resends them, after the back-off.
                    # Its pull went through all the same: the store is current.
                    mark_current(self.store)
                    raise RemoteError(PLATFORM_FAILED_ROUND, n=len(self._platform_failed))
            except RemoteError as exc:
                self._failed(exc, before)
                raise
            except BaseException as exc:
                if not isinstance(exc, Exception):
                    # Ctrl-C in ``backoffice sync --once``: the helper threads'
                    # requests end too, so the process exits now.
                    self._cancel.fire()
                code = exc.code if isinstance(exc, BackofficeError) else type(exc).__name__
                self.status.update(state=SyncState.ERROR, error=code, error_params={})
                self.refresh_counts()
                raise
            now = mark_current(self.store)
            self.status.update(state=SyncState.IDLE, last_success=now, error=None,
                               error_params={}, next_attempt=None,
                               clock_skew=self._clock_skew())
            self.refresh_counts()
            return SyncReport(pushed, pulled, calendar_changed, uploaded, prefetched, followed)

    def follow_now(self) -> bool | None:
        """The followers outside a round (a desk on screen); None while a sync runs.

        Never waits for the round under way: that round follows them itself.
        """
        if not self._one_at_a_time.acquire(blocking=False):
            return None
        try:
            return self._follow(online=False)
        finally:
            self._one_at_a_time.release()

    def _follow(self, *, online: bool) -> bool:
        if not self.followers:
            return False
        pending = [e.command for e in self.store.pending_commands()]
        changed = False
        for follower in list(self.followers):
            try:
                changed = follower.follow_round(pending, online=online) or changed
            except Exception as exc:  # noqa: BLE001 - a follower must not fail the sync
                _log.error("after-sync follower %s failed: %s", type(follower).__name__,
                           type(exc).__name__, exc_info=exc)
        return changed

    def _failed(self, exc: RemoteError, before: SyncState) -> None:
        if exc.code == CANCELLED:
            # Stopped by us: nothing is wrong with the platform, and nothing was
            # learnt of it either. "Online" after a first round cut short at quit
            # or sign-out claimed a sync that never happened.
            self.status.update(state=before)
            self.refresh_counts()
            return
        if exc.code == SIGNED_OUT:
            state = SyncState.SIGNED_OUT
        elif exc.transient:
            state = SyncState.OFFLINE
        else:
            state = SyncState.ERROR
        self.status.update(state=state, error=exc.code, error_params=dict(exc.params),
                           clock_skew=self._clock_skew())
        self.refresh_counts()

    def _clock_skew(self) -> int | None:
        # As the platform's last answer found it (the Date header): a clock
        # far off makes every deadline and timestamp computed here wrong.
        url = getattr(self.client, "base_url", None)
        return clock_skew(clock_offset(url)) if isinstance(url, str) else None

    def fetch_set_aside_again(self) -> None:
        """Pull every record again at the next round: the person asks for what was set aside.

        The feed sends a record again only when it changes, so one set aside
        (a page garbled on its way) stays out until a re-sync brings it.
        """
        with self.store.write() as uow:
            resync.ask(uow)

    def refresh_counts(self) -> None:
        """Publish the outbox and quarantine counts (after a local action, say)."""
        with self.store.read() as uow:
            counts = uow.outbox.counts()
            quarantined = uow.quarantine.count()
            last = uow.sync_state.get(LAST_SUCCESS_KEY)
        self.status.update(
            pending=counts[OutboxState.PENDING] + counts[OutboxState.SENT],
            conflicts=counts[OutboxState.CONFLICT] + counts[OutboxState.REFUSED],
            quarantined=quarantined,
            last_success=dt.datetime.fromisoformat(last) if last else None,
        )

    # --- pull ----------------------------------------------------------------------

    def pull(self) -> PullReport:
        """Every page after the stored cursor, each applied in its own transaction.

        The next pages are fetched (and validated) on helper threads while
        this one is applied, asked for as soon as the platform names them
        (:mod:`.pages_ahead`): the platform builds them and the network
        carries them meanwhile, which on a first pull is about as long as
        applying them. Pages are still applied strictly in order, each with
        its cursor, and an error — of a fetch or of an apply — stops the
        pull after the pages before it, as if fetched one by one. A request
        for a page reads nothing from the store, so asking for it early
        changes nothing but the time.
        """
        report = PullReport()
        cursor, why = resync_start.cursor_to_pull(self.store, self.status)
        report.resynced = why is not None
        self._pulled_cases: set[str] = set()  # stored by this pull's pages (quarantine_orphans)
        ahead = PagesAhead(self._fetch_page)
        try:
            while True:
                try:
                    page = ahead.take(cursor)
                except RemoteError as exc:
                    if exc.code == TIMEOUT:
                        with self.store.write() as uow:
                            self.pages.keep(uow)  # smaller from the next pull on
                    if exc.code != CURSOR_EXPIRED or cursor is None:
                        raise
                    resync_start.start_over(self.store, resync_start.CURSOR_EXPIRED)
                    cursor, report.resynced = None, True
                    continue
                self._apply_page(page, report, first=cursor is None)
                cursor = page.next_cursor
                if not page.has_more:
                    resync_start.announce(self.status, False)  # swept with the last page
                    return report
        finally:
            # On an error, pages fetched ahead are dropped unapplied; the
            # next pull asks for them again from the stored cursor.
            ahead.close()

    def _fetch_page(self, cursor: str | None, on_next: Callable[[str], None]) -> PulledPage:
        def changes(after: str | None, size: int) -> PulledPage:
            return self.client.changes(after, size, on_next=on_next)

        return self.pages.fetch(changes, cursor)  # under our scope: PagesAhead carries it

    def _push_batch(self, commands: list[v1.CommandIn], ids: list[str]) -> PushResults:
        marks: sent_marks.SentMarks = {}

        def leaving() -> None:
            with self.store.write() as uow:
                marks.update(sent_marks.mark_sent(uow, ids))

        def not_taken() -> None:
            with self.store.write() as uow:
                sent_marks.unmark_sent(uow, marks)

        with cancel_scope(self._cancel):  # on a helper thread
            # Marked sent right before the request's first byte goes onto a
            # connection that is up, and committed before that byte is
            # written: killed before the mark, nothing of the request left;
            # after it, the command is "sent" and resent under its id. A
            # failed refresh, a platform down or a network off never gets
            # there: the batch stays pending all along, and the inbox never
            # says "sent" for it. Marked and then answered 401 with the
            # sign-in not renewable, the platform applied none: put back.
            return self.client.push(commands, leaving=leaving, not_taken=not_taken)

    def _apply_page(self, page: PulledPage, report: PullReport, *, first: bool) -> None:
        ops = page_ops(page.changes, page.rejected)
        # Not durable: a page lost to a power cut goes with its cursor, and
        # the next pull asks for it again.
        with self.store.write(durable=False) as uow:
            pulled = self._pulled_cases

            def stored(codes: set[str]) -> set[str]:
                # A first pull's materials come pages after their cases: those
                # are known without asking the store.
                rest = codes - pulled
                return (codes & pulled) | (uow.cases.stored(rest) if rest else set())

            pulled |= quarantine_orphans(ops, stored)
            pulled -= {key for entity, key in ops.removed if entity == "case"}
            self.pages.keep(uow)
            keep_quarantined(uow, ops.quarantined)
            resyncing = resync.active(uow)
            if resyncing:
                seen = [(c.entity, c.id) for c in page.changes if c.change == "upsert"]
                seen += [(q.entity, q.entity_id) for q in ops.quarantined
                         if q.entity is not None and q.entity_id is not None]
                # The re-sync's first copy of a record is the platform's state now,
                # whatever version the store holds: a platform restored from a
                # backup has a shorter history, with lower versions.
                first_seen = resync.unseen(uow, seen)
                resync.mark(uow, seen)
                deferred_indexes.restore(uow.session.connection())  # the normal way reads by them
                applied = pending.apply_confirmed(
                    uow,
                    ops.domain_records(),
                    cursor=page.next_cursor,
                    applied_command_ids=page.applied_command_ids,
                    removed=ops.removed,
                    whatever_version=first_seen,
                )
            else:
                # An empty store's first pull goes the bulk way (store/snapshot.py).
                applied = snapshot.apply_page(
                    uow,
                    ops.records,
                    cursor=page.next_cursor,
                    applied_command_ids=page.applied_command_ids,
                    removed=ops.removed,
                    first=first,
                    last=not page.has_more,
                    bulk=ops.bulk,
                    to_domain=to_entity,
                )
            swept, held = resync.sweep(uow) if not page.has_more and resyncing else (0, ())
            if resyncing and not page.has_more and snapshot.active(uow):
                snapshot.finish(uow)  # a snapshot cut short by the re-sync still owes it
        report.pages += 1
        report.records += applied.written
        report.removed += len(ops.removed) + swept
        report.quarantined += len(ops.quarantined)
        report.confirmed += applied.confirmed
        report.conflicts += applied.conflicts
        report.held += [*applied.left_scope, *held]
        if applied.written or ops.removed:
            # Committed: readers see these records now (the inbox refreshes).
            self.status.update(received=self.status.current.received + applied.written
                               + len(ops.removed))

    # --- push ----------------------------------------------------------------------

    def push(self) -> PushReport:
        """Send the queue in batches, one request at a time, in the order made.

        The platform applies commands in the order they arrive, so a batch
        goes out only after the previous one was answered. What overlaps is
        our share: once an answer is in, the next batch is chosen, marked
        sent and sent on a helper thread, and the answer is applied while
        the platform works on that batch. Chosen before the answer is
        applied, it holds no command waiting on one just answered (the
        answered ones are still queued, so their followers wait as usual and
        go in the batch after). An error stops the push after the answers
        before it were applied, as when sent one by one.
        """
        report = PushReport()
        tried: set[str] = set(self._platform_failed)
        answered: tuple[list[OutboxEntry], PushResults] | None = None  # not yet applied
        sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push")
        try:
            while True:
                batch = self._next_batch(tried, report)
                if not batch and answered is None:
                    return report
                flight = None
                if batch:
                    ids = [e.command.id for e in batch]
                    tried.update(ids)
                    flight = sender.submit(self._push_batch,
                                           [command_in(e.command) for e in batch], ids)
                if answered is not None:
                    self._platform_failed |= apply_results(self.store, *answered, report)
                    answered = None
                if flight is not None:
                    results = flight.result()
                    report.requests += 1
                    report.sent += len(batch)
                    answered = (batch, results)
        finally:
            # A batch still in flight (applying an answer failed) is let
            # finish: its commands stay sent, and the next push resends them
            # under the same ids only after this request is over.
            sender.shutdown(wait=True)

    def _next_batch(self, tried: set[str], report: PushReport) -> list[OutboxEntry]:
        me = self.client.username
        batch: list[OutboxEntry] = []
        waiting: set[tuple[str, str]] = set()  # records whose earlier command goes first
        # A verdict left for a later request: an opinion after it waits too, or the
        # platform would find that check still pending (opinion_readiness, 9.5.1).
        verdict_left = False
        not_mine = size = 0
        for entry in self.store.pending_commands():
            cmd = entry.command
            target = (cmd.entity, cmd.entity_id)
            shapes_record = cmd.kind not in APPEND_KINDS
            if cmd.kind == OPINION and verdict_left:
                waiting.add(target)
            if shapes_record and target in waiting:
                verdict_left = verdict_left or cmd.entity == "material"
                continue
            if shapes_record:
                waiting.add(target)
            if cmd.author != me:
                not_mine += 1
                verdict_left = verdict_left or cmd.entity == "material"
                continue
            if cmd.id in tried:
                verdict_left = verdict_left or cmd.entity == "material"
                continue  # sent in this push without a valid answer: next sync
            size += len(json.dumps(dict(cmd.payload), ensure_ascii=False).encode()) + 512
            if batch and size > MAX_BATCH_BYTES:
                break  # the platform's body limit: the rest goes in the next request
            batch.append(entry)
            if len(batch) >= self.batch_size:
                break
        report.not_mine = not_mine
        return batch

    # --- files ----------------------------------------------------------------------

    def _upload_files(self) -> int:
        if self.files is None:
            return 0
        # Resumable: a file cut off mid-way goes on from the platform's offset
        # next round (its upload id is in the cache's index), even after a restart.
        # Only what a saved command names: a photo of a form never saved stays here.
        report = self.files.upload_pending(cast(UploadTransport, self.client),
                                           named=files_to_send(self.store))
        for error in report.failed.values():
            # Signed out or offline: nothing else will get through either.
            # Any other failure (a file the platform refuses) stays pinned
            # and queued, and must not hold back the rest of the sync.
            if isinstance(error, RemoteError) and (error.code == SIGNED_OUT or error.transient):
                raise error
        return len(report.uploaded)

    def _prefetch_files(self) -> int:
        """Bring the inbox's files into the cache, nearest deadline first.

        At most ``prefetch_seconds`` per sync: the sync lock is held
        meanwhile, and a person's action must not wait behind a hundred
        downloads; the next sync goes on where this one stopped (files
        already cached cost nothing). A file that failed stays "not yet
        downloaded" (SYNC.md, principle 6) and is tried again next time.
        """
        if self.files is None or self.department_code is None:
            return 0
        order = inbox_prefetch_order(self.store, self.department_code)
        client = cast(FileTransport, self.client)
        started, fetched, used = time.monotonic(), 0, 0
        for start in range(0, len(order), PREFETCH_CHUNK):
            if time.monotonic() - started > self.prefetch_seconds or used >= self.prefetch_bytes:
                break
            report = self.files.prefetch(client, order[start:start + PREFETCH_CHUNK],
                                         budget_bytes=self.prefetch_bytes - used)
            fetched += len(report.fetched)
            used += report.bytes
            if report.fetched:
                # Cached and verified before anyone hears of it.
                self.status.update(files_fetched=fetched)
            if report.stopped is not None:
                break
        return fetched

    # --- calendar ------------------------------------------------------------------

    def pull_calendar(self) -> bool:
        """Fetch the platform's work calendar; True when it changed (deadlines recomputed)."""
        years = self.client.calendar()
        data = [y.model_dump(mode="json") for y in years]
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
        with self.store.read() as uow:
            if uow.sync_state.get(PUBLISHED_CALENDAR_KEY) == text:
                return False
        try:
            calendar = WorkCalendar.standard(PublishedCalendar.from_data(data))
        except BackofficeError as exc:
            # Keep estimating with what we had; the platform's dates still rule.
            with self.store.write() as uow:
                uow.quarantine.add("calendar", f"{exc.code}: {exc.params}", data)
            return False
        # Recompute first, then remember: a crash in between recomputes again.
        self.store.set_calendar(calendar)
        with self.store.write() as uow:
            uow.sync_state.set(PUBLISHED_CALENDAR_KEY, text)
        return True
