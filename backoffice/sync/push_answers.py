"""A push's answer, applied to the store: each command confirmed, conflicted or refused.

Split from :mod:`backoffice.sync.engine`, which sends the batches; all
results of one request are applied here in one transaction (docs/sync.md,
"Push").
"""

from __future__ import annotations

from collections.abc import Sequence

from backoffice.domain.commands import APPEND_KINDS
from backoffice.remote.validate import PushResults
from backoffice.store import Store, outcomes, pending
from backoffice.store.mapping import Entity
from backoffice.store.outbox import OutboxEntry
from backoffice.sync.reports import PushReport
from backoffice.sync.wire import Quarantine, keep_quarantined, result_record

CONFLICT = "sync.conflict"  # last_error of a command the platform found stale


def apply_results(store: Store, batch: Sequence[OutboxEntry], results: PushResults,
                  report: PushReport) -> set[str]:
    """Apply one request's ``results``; the ids the platform failed on, queued again.

    Those (``server.error``) are no verdict on the command: the engine does
    not resend them in the same round.
    """
    sent = {e.command.id for e in batch}
    answered: set[str] = set()
    failed: set[str] = set()
    with store.write() as uow:
        keep_quarantined(uow, [
            Quarantine("push", r.reason, r.raw, r.entity, r.id) for r in results.rejected
        ])
        queued = uow.outbox.get_many(sent)
        # Applied appends (comments) with nothing related: their record is
        # new and shapes no other, so they are confirmed together at the
        # end — one delete and one write for the lot, not a few queries each.
        appended: list[tuple[str, Entity]] = []
        for result in results.results:
            cid = result.command_id
            entry = queued.get(cid)
            if cid not in sent or cid in answered or entry is None:
                continue
            answered.add(cid)
            status = result.first_status if result.status == "duplicate" else result.status
            record = result_record(uow, result.record)
            if (status == "applied" and record is not None and not result.related
                    and entry.command.kind in APPEND_KINDS):
                appended.append((cid, record))
                report.applied += 1
            elif status == "applied":
                pending.confirm_command(uow, cid, record=record)
                related = [r for r in (result_record(uow, x) for x in result.related) if r]
                if related:
                    pending.apply_confirmed(uow, related)
                report.applied += 1
            elif status == "conflict":
                outcomes.mark_conflict(uow, cid, CONFLICT, server_record=record)
                report.conflicts.append(cid)
            elif result.error is not None and result.error.code == outcomes.PLATFORM_FAILED:
                # Rolled back and not remembered by the platform: no
                # verdict on the command, which is sent again (a few times).
                if outcomes.mark_platform_failed(uow, cid):
                    failed.add(cid)
                    report.unanswered += 1
                else:
                    report.refused.append(cid)
            else:
                code = result.error.code if result.error else "remote.rejected"
                outcomes.mark_refused(uow, cid, code, getattr(result.error, "details", None))
                report.refused.append(cid)
        if appended:
            uow.outbox.delete_many(cid for cid, _ in appended)
            pending.apply_confirmed(uow, [record for _, record in appended])
    report.unanswered += len(sent - answered)
    return failed
