"""Why a seal did not seal is said only while it still says where the decision stands."""

from __future__ import annotations

import pytest

from backoffice.decisions import jobs
from backoffice.decisions.desk import DeskDecision
from backoffice.decisions.sealing import NOT_TAKEN, SUPERSEDED
from backoffice.domain.model import Decision, DecisionKind, DecisionStatus

FAILED = jobs.SealingJob("d1", jobs.PLATFORM, jobs.FAILED, "signer", error="signing.refused")
S = DecisionStatus


def _shown(status: DecisionStatus, job: jobs.SealingJob) -> str | None:
    decision = Decision("d1", "C1", "SCJG", DecisionKind.GRANT, status)
    return DeskDecision(decision, job=job).seal_error


@pytest.mark.parametrize(("status", "error", "shown"), [
    # Awaiting a seal: why the last one failed, so the signer seals again.
    (S.SUBMITTED, "signing.refused", True),
    (S.SUBMITTED, NOT_TAKEN, True),
    # Sealed by another seal meanwhile, or issued: a failure no longer holds.
    (S.SEALED, "signing.refused", False),
    (S.ISSUED, NOT_TAKEN, False),
    # A second seal not used: said beside the seal that was, gone once issued.
    (S.SEALED, SUPERSEDED, True),
    (S.ISSUED, SUPERSEDED, False),
])
def test_a_closed_seal_s_error_is_shown_while_it_holds(
        status: DecisionStatus, error: str, shown: bool) -> None:
    assert _shown(status, FAILED.moved(error=error)) == (error if shown else None)


def test_a_seal_under_way_or_done_has_no_such_error() -> None:
    assert _shown(S.SUBMITTED, FAILED.moved(state=jobs.PENDING, error="remote.offline")) is None
    assert _shown(S.SEALED, FAILED.moved(state=jobs.SIGNED, error=None)) is None
