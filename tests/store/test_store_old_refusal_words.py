"""A refusal kept before its sentence changed still reads as a sentence.

``inspection.inspector_busy`` said the inspector's account (``user``) until
it came to say their name (``inspector``); a refusal the store kept before
carries ``user`` only. Real store, the refusal written by the store's own
function as the sync engine calls it, with the details the platform sent then.
"""

from __future__ import annotations

import datetime as dt

from store_factories import make_case

from backoffice import messages
from backoffice.domain.commands import Command
from backoffice.domain.model import Inspection, InspectionStatus
from backoffice.store import Store, outcomes
from backoffice.sync.case_view import conflict_reason

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2025, 3, 10, 9, 0, tzinfo=CST)
CASE = make_case(1)
OLD_DETAILS = {"user": "whly.cc.inspector1", "start": "2025-03-10 09:00",
               "end": "2025-03-10 11:00"}


def test_an_inspector_busy_refusal_kept_with_the_account_only_is_a_sentence(
        store: Store) -> None:
    store.apply_confirmed([CASE, Inspection("I-1", CASE.case_code, "MSA", ("MSA",), "人民大街1号",
                                            InspectionStatus.REQUESTED)])
    command = Command.new("inspection.propose", "I-1", 0, {
        "starts_at": AT.isoformat(), "ends_at": (AT + dt.timedelta(hours=2)).isoformat(),
        "inspectors": ["whly.cc.inspector1"]}, author="msa", now=AT)
    store.record_command(command)
    with store.write() as uow:
        outcomes.mark_refused(uow, command.id, "inspection.inspector_busy", OLD_DETAILS)
    (kept,) = [e for e in store.conflicts() if e.command.id == command.id]
    assert conflict_reason(kept, "zh") == (
        "whly.cc.inspector1 在 2025-03-10 09:00 至 2025-03-10 11:00 已有其他现场勘察安排，"
        "请另选时间或人员。")
    assert messages.render_code("inspection.inspector_busy", OLD_DETAILS, "en").startswith(
        "whly.cc.inspector1 is already booked")
    # Said by name when the refusal has it.
    assert messages.render_code("inspection.inspector_busy",
                                {**OLD_DETAILS, "inspector": "王明"}, "en").startswith("王明")
