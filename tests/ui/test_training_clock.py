"""The training platform runs on the clock it is given: seeded for its day, served on it.

The walk-through tests in training mode depended on the machine's date (the
data is generated for the platform's day, and on a holiday or a weekend it
comes out otherwise); they now start it on the demo's day, as the rest of
the suite runs the sandbox (``support.training_env``). The app's own
default stays the system's clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select
from support.sandbox_env import DEMO_NOW, TODAY, demo_clock
from support.training_env import TRAINING_CASES, platform_records

from backoffice.domain import clock
from backoffice.sandbox import db
from ui import training


def _column(column: Any) -> list[Any]:
    engine = db.make_engine(training.database())
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(column)).scalars())
    finally:
        engine.dispose()


def _day(value: object) -> dt.date:
    return clock.to_shanghai_date(dt.datetime.fromisoformat(str(value)))


def test_the_training_platform_is_seeded_and_served_on_its_clock(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(training.CASES_ENV, TRAINING_CASES)
    server = training.TrainingServer(clock=demo_clock())
    try:
        platform = server.start(live=False)
        accepted = [_day(c["accepted_at"]) for c in platform_records("case")]
        # Generated for the demo's day: the fresh cases came in that morning, none later.
        assert max(accepted) == TODAY
        assert max(dt.datetime.fromisoformat(c["accepted_at"])
                   for c in platform_records("case")) <= DEMO_NOW
        # The signer's practice case was walked on the platform's clock too.
        walked = _column(db.command_results.c.applied_at)
        assert walked and {_day(at) for at in walked} == {TODAY}
        # And the platform serves on it: the sign-in it records is of the demo's day.
        signed_in = requests.post(f"{platform.url}/api/v1/auth/login", timeout=30, json={
            "username": platform.username, "password": training.TRAINING_PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        [began] = _column(db.sessions.c.created_at)
        assert clock.to_shanghai_date(dt.datetime.fromtimestamp(int(began), dt.UTC)) == TODAY
    finally:
        server.stop()
