"""A workstation clock far off the platform's is noticed (the Date header) and published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.sync_env import Device, busiest_unclaimed_department, reviewers

from backoffice import messages
from backoffice.domain import clock
from backoffice.sandbox.server import Sandbox
from backoffice.sync.status import clock_skew, clock_skew_message


def test_a_clock_hours_off_is_in_the_sync_status_and_a_right_one_is_not(
        sandbox: Sandbox, device: Device, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0])
    engine.sync_once()
    assert engine.status.current.clock_skew is None  # this computer's clock is right
    right = clock.now
    monkeypatch.setattr(clock, "now", lambda: right() + dt.timedelta(hours=3))  # 3 h fast
    engine.sync_once()
    skew = engine.status.current.clock_skew
    assert skew is not None and skew == 3 * 3600
    code, params = clock_skew_message(skew)
    assert messages.render_code(code, params, "en").startswith(
        "This computer's clock is 3 hours off the platform's: deadlines and times may be wrong.")
    monkeypatch.setattr(clock, "now", right)
    engine.sync_once()
    assert engine.status.current.clock_skew is None  # set right: the warning goes


@pytest.mark.parametrize(("offset", "words"), [
    (4 * 60, None),  # the Date header's whole seconds and the way there blur a few
    (-17 * 60, "17 minutes"),
    (119 * 60, "119 minutes"),
    (5 * 3600 + 20 * 60, "5 hours"),
    (-(6 * 365 + 1) * 86400, "2,191 days"),  # a laptop back in 2020
])
def test_the_warning_says_how_far_off_in_minutes_hours_or_days(
        offset: float, words: str | None) -> None:
    skew = clock_skew(offset)
    if words is None:
        assert skew is None
        return
    assert skew is not None
    code, params = clock_skew_message(skew)
    assert f"clock is {words} off" in messages.render_code(code, params, "en")


def test_sync_once_warns_of_a_clock_far_off_on_stderr_and_still_succeeds(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import argparse

    from backoffice.store import Store
    from backoffice.sync import cli as sync_cli
    from backoffice.sync.reports import PullReport, PushReport, SyncReport
    from backoffice.sync.status import SyncStatus

    report = SyncReport(PushReport(), PullReport(records=3))
    with Store.open(tmp_path / "store.sqlite3") as store:
        for lang, words in (("en", "3 hours off the platform"), ("zh", "本机时钟与平台相差 3 小时")):
            sync_cli._report(argparse.Namespace(lang=lang), report,
                             SyncStatus(clock_skew=3 * 3600), store)
            out, err = capsys.readouterr()
            assert words in err and words not in out
        sync_cli._report(argparse.Namespace(lang="en"), report, SyncStatus(), store)
    assert capsys.readouterr().err == ""
