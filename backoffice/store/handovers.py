"""The case's inspections as a queued transfer will leave them.

A ``task.transfer`` to another department changes more than its task on the
platform: once the department has no live task left on the case, its place
in the case's open inspections goes to the receiving department
(:func:`backoffice.domain.inspection_hand_over.hand_over`, applied by
``backoffice/sandbox/inspections.py``). The store shows that as soon as the
transfer is queued, so the person does not plan, answer or record for an
inspection the platform will no longer let the department touch: an
inspection's effective state is its confirmed record, its own active
commands, then the hand-overs of the case's active transfers, in the order
they were queued (:mod:`backoffice.store.pending` keeps it so).

The departed department's inspectors leave the team: the store knows them
from the department's colleague list (``backoffice.sync.colleagues``), kept
at every sync; before the first, the team is shown as it was until the
platform's answer. The receiver's new part is the platform's to make.
"""

from __future__ import annotations

from collections.abc import Iterable

from backoffice.domain.commands import Command
from backoffice.domain.extensions import LIVE_TASK
from backoffice.domain.inspection_hand_over import hand_over
from backoffice.domain.model import Inspection
from backoffice.store.outbox import ACTIVE
from backoffice.store.uow import UnitOfWork


def moves_department(command: Command) -> bool:
    """A transfer of the task to another department (not to a colleague)."""
    return (command.kind == "task.transfer" and command.payload.get("to_user") is None
            and isinstance(command.payload.get("to_department"), str))


def case_of(uow: UnitOfWork, command: Command) -> str | None:
    """The case of a transfer's task, as the store has it (None when not kept)."""
    task = uow.tasks.confirmed(command.entity_id) or uow.tasks.get(command.entity_id)
    return None if task is None else task.case_code


def transfers(uow: UnitOfWork) -> dict[str, list[tuple[str, str]]]:
    """Per case, (leaving, receiving) of each active transfer, in the order queued.

    Only those that take the department off the case's review: the platform
    hands over nothing while the department still has a live task there.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for entry in uow.outbox.entries(ACTIVE, entity="review_task"):
        if not moves_department(entry.command):
            continue
        task = uow.tasks.get(entry.command.entity_id)
        if task is None:
            continue
        still = any(t.department_code == task.department_code and t.id != task.id
                    and t.status in LIVE_TASK for t in uow.tasks.for_case(task.case_code))
        if not still:
            out.setdefault(task.case_code, []).append(
                (task.department_code, str(entry.command.payload["to_department"])))
    return out


def overlay(uow: UnitOfWork, inspection: Inspection,
            queued: dict[str, list[tuple[str, str]]] | None = None) -> Inspection:
    """``inspection`` after the hand-overs of its case's active transfers (``queued``)."""
    moves = (transfers(uow) if queued is None else queued).get(inspection.case_code, [])
    if not moves:
        return inspection
    parts = uow.inspection_parts.for_case(inspection.case_code)
    team = _inspectors(uow)
    for leaving, receiving in moves:
        inspection = hand_over(inspection, leaving, receiving, leaving_team=team,
                                  parts=parts)
    return inspection


def affected(uow: UnitOfWork, records: Iterable[object]) -> list[str]:
    """The ids of the inspections among ``records`` whose case has an active transfer."""
    cases = set(transfers(uow))
    return [r.id for r in records
            if isinstance(r, Inspection) and r.case_code in cases] if cases else []


def _inspectors(uow: UnitOfWork) -> set[str]:
    # Imported here: the colleague list's module uses the store, which uses this one.
    from backoffice.sync.colleagues import COLLEAGUES_KEY, parse

    return {c.username for c in parse(uow.sync_state.get(COLLEAGUES_KEY))
            if "inspector" in c.roles}
