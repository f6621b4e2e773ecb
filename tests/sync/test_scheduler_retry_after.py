"""The scheduler waits as long as the platform's ``Retry-After`` asks before syncing again.

A platform under load answers 429 or 503 with the time to come back;
asking every few seconds regardless (the back-off's 5 s, doubling) only
adds to its load. The real sandbox on loopback answering 429 with
``Retry-After``, a real store, the scheduler's own round.
"""

from __future__ import annotations

from support.sync_env import Device, busiest_unclaimed_department, reviewers

from backoffice.sandbox.server import Sandbox
from backoffice.sync.scheduler import RETRY_AFTER_CAP, SyncScheduler

CHANGES = "/api/v1/changes"


def _throttled_round(sandbox: Sandbox, device: Device, retry_after: int | None) -> float:
    """The delay the scheduler chooses after a round the platform throttled."""
    # No retries inside the request: the round fails at once with the answer's Retry-After.
    engine = device(reviewers(busiest_unclaimed_department())[0], http={"retries": 0})
    sandbox.faults.fail(CHANGES, times=1, status=429, retry_after=retry_after)
    scheduler = SyncScheduler(engine, backoff_initial=5.0, backoff_max=300.0, jitter=0.0)
    return scheduler._run_once()  # one round, on this thread (the loop's own step)


def test_a_throttled_round_waits_for_the_platforms_retry_after(
        sandbox: Sandbox, device: Device) -> None:
    assert _throttled_round(sandbox, device, 120) == 120.0


def test_without_retry_after_the_back_off_is_its_own(sandbox: Sandbox, device: Device) -> None:
    assert _throttled_round(sandbox, device, None) == 5.0


def test_a_retry_after_beyond_reason_is_capped(sandbox: Sandbox, device: Device) -> None:
    assert _throttled_round(sandbox, device, 10 * RETRY_AFTER_CAP) == float(RETRY_AFTER_CAP)
