"""Offline, the store refuses what the platform refuses once a case's deadline has passed.

An extension asked for or approved after the due date (行政许可法 Art. 42),
and a special procedure dated back on or before a due date already passed
(Art. 45): ``store.deadline_rules`` checks them against the deadline the
person sees, on the day the command is queued, before anything is queued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from store_factories import SHANGHAI, case_code, make_case, make_task

from backoffice.domain import clock
from backoffice.domain.commands import Command
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import (
    Extension,
    ExtensionStatus,
    SpecialProcedure,
    SpecialProcedureKind,
)
from backoffice.store import Store

CODE = case_code(1)
D = dt.date
# Accepted Mon 3 March 2025, ten working days: due Mon 17 March.
ACCEPTED = dt.datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI)
DUE = D(2025, 3, 17)
REQUESTED = Extension(10, "需专家论证", "", None, CODE, "extension-1", 1,
                      status=ExtensionStatus.REQUESTED, requested_by="李军（虚构）",
                      requested_on=D(2025, 3, 14))

On = Callable[[D], None]


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch) -> On:
    """The workstation's clock on ``day``, at ten in the morning in Beijing."""
    def set_day(day: D) -> None:
        at = dt.datetime.combine(day, dt.time(10), SHANGHAI)
        monkeypatch.setattr(clock, "now", lambda: at)
    return set_day


@pytest.fixture
def seeded(store: Store) -> Store:
    store.apply_confirmed([make_case(1, accepted_at=ACCEPTED, promised_days=10)])
    store.apply_confirmed([make_task(1)])
    return store


def _ask(store: Store) -> None:
    store.record_command(Command.new(
        "extension.request", CODE, 1, {"working_days": 5, "reason": "需专家论证"},
        author="lijun"))


def _approve(store: Store) -> None:
    store.record_command(Command.new("extension.approve", "extension-1", 1, author="wangju"))


def _suspend(store: Store, started: D) -> None:
    store.record_command(Command.new(
        "case.suspend", CODE, 1,
        {"procedure": "expert_review", "started_on": started.isoformat(), "reason": "专家评审"},
        author="lijun"))


def test_an_extension_is_asked_for_until_the_due_day_and_not_after(
        seeded: Store, on: On) -> None:
    on(DUE)
    _ask(seeded)
    on(D(2025, 3, 18))
    with pytest.raises(BackofficeError) as refused:
        _ask(seeded)
    assert refused.value.code == "extension.after_deadline"
    assert refused.value.params["due"] == DUE.isoformat()
    assert len(seeded.pending_commands()) == 1  # the one in time


def test_an_approval_after_the_due_day_is_refused(seeded: Store, on: On) -> None:
    seeded.apply_confirmed([REQUESTED])
    on(D(2025, 3, 25))
    with pytest.raises(BackofficeError) as refused:
        _approve(seeded)
    assert refused.value.code == "extension.after_deadline"
    assert seeded.pending_commands() == []
    on(DUE)
    _approve(seeded)


def test_a_running_stop_keeps_the_period_open(seeded: Store, on: On) -> None:
    running = SpecialProcedure("P-1", CODE, SpecialProcedureKind.EXPERT_REVIEW, D(2025, 3, 10))
    seeded.apply_confirmed([running])
    on(D(2025, 3, 25))
    _ask(seeded)  # the clock stands since 10 March: nobody is late


def test_a_procedure_is_not_dated_back_once_the_deadline_has_passed(
        seeded: Store, on: On) -> None:
    on(D(2025, 3, 25))
    for started in (D(2025, 3, 14), DUE):
        with pytest.raises(BackofficeError) as refused:
            _suspend(seeded, started)
        assert refused.value.code == "special_procedure.after_deadline"
        assert refused.value.params["due"] == DUE.isoformat()
    assert seeded.pending_commands() == []
    _suspend(seeded, D(2025, 3, 18))  # after it: accepted, stops nothing


def test_before_the_deadline_a_procedure_may_still_be_dated_back(
        seeded: Store, on: On) -> None:
    on(DUE)
    _suspend(seeded, D(2025, 3, 5))
