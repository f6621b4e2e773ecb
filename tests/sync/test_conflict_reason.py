"""A refused or conflicted change said in words, whatever details its code's sentence needs."""

from __future__ import annotations

import pytest

from backoffice.domain.commands import Command
from backoffice.store.outbox import OutboxEntry, OutboxState
from backoffice.sync.case_view import conflict_reason


def entry(code: str | None, state: OutboxState = OutboxState.REFUSED) -> OutboxEntry:
    command = Command.new("task.claim", "T-1", 3, {"assignee": "li"}, author="li")
    return OutboxEntry(1, command, state, 1, code, None, None, None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_code_whose_sentence_needs_details_not_kept_gets_the_general_sentence(
        lang: str) -> None:
    # The platform's sentence names the colleague and the task; the outbox kept the code only.
    said = conflict_reason(entry("task.claimed_by_other"), lang)
    assert "task.claimed_by_other" in said and "=" not in said and "{" not in said
    assert said == conflict_reason(entry("no.such_code"), lang).replace(
        "no.such_code", "task.claimed_by_other")
    conflicted = conflict_reason(entry("inspection.not_confirmed", OutboxState.CONFLICT), lang)
    assert conflicted != said.replace("task.claimed_by_other", "inspection.not_confirmed")


def test_a_code_whose_sentence_can_be_filled_is_said() -> None:
    assert conflict_reason(entry(None, OutboxState.CONFLICT), "en") == (
        "Someone changed this record on the platform before your change arrived.")
    said = conflict_reason(entry("task.claimed_by_other"), "en",
                           {"task": "T-1", "assignee": "wang"})
    assert said.startswith("wang has claimed review task T-1")
    assert "li" in conflict_reason(entry("sync.wrong_author"), "en")


def test_the_list_and_the_detail_say_a_stopped_change_by_the_same_rule() -> None:
    from backoffice.sync.reasons import stopped_reason

    # What the inbox's result column and the detail's message show from (state, code).
    refused = stopped_reason("task.claimed_by_other", refused=True, lang="en")
    assert refused == "The platform refused this change (reason code task.claimed_by_other)."
    assert stopped_reason(None, refused=False, lang="en") == (
        "Someone changed this record on the platform before your change arrived.")
    assert "{" not in stopped_reason("inspection.not_confirmed", refused=False, lang="zh")
