"""An upgraded store takes back what an older build set aside or dropped: a re-sync, once.

The platform sends a record again only when it changes. A record an older
build quarantined ("Extra inputs are not permitted": the platform was
upgraded first) or dropped (a requested extension before migration 0012)
would stay out of the upgraded store for good; instead the store asks for
a re-sync from scratch, which applies what this build can read, keeps the
queued commands on top and goes on where it stopped when cut short.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.store_tables import move_to_revision
from support.sync_env import Device, data, queue, reviewers

from backoffice.domain import clock as domain_clock
from backoffice.domain.commands import Command
from backoffice.domain.model import CorrectionNotice, ExtensionStatus
from backoffice.remote.errors import CANCELLED, RemoteError
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store, resync
from backoffice.store.pending import remove_records
from backoffice.sync.engine import SyncEngine
from backoffice.sync.status import SyncStatus

OLD_BUILD = "0.1.0+0008"  # what the older build would have noted, had it noted anything


@pytest.fixture(autouse=True)
def _on_the_platforms_day(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    # The workstation on the platform's (the demo's) day: on the machine's the
    # demo's deadlines have passed, and no extension or procedure dated back is taken then.
    monkeypatch.setattr(domain_clock, "now", sandbox.platform.clock)


def _answered_notice() -> tuple[str, CorrectionNotice]:
    """A reviewer of the case's lead department and an answered notice they see."""
    notice = next(n for n in data().correction_notices if n.answered_on is not None)
    case = next(c for c in data().cases if c.case_code == notice.case_code)
    return reviewers(case.lead_department)[0], notice


def _set_aside_by_an_older_build(store: Store, notice: CorrectionNotice) -> None:
    """The store as the older build left it: the notice quarantined, not stored."""
    with store.write() as uow:
        remove_records(uow, [("correction_notice", notice.id)])
        uow.quarantine.add("changes", "answered_on: Extra inputs are not permitted",
                           {"entity": "correction_notice", "id": notice.id},
                           entity="correction_notice", entity_id=notice.id)
        uow.sync_state.set(resync.BUILD_KEY, OLD_BUILD)


def _notice(store: Store, key: str) -> CorrectionNotice | None:
    with store.read() as uow:
        return uow.correction_notices.get(key)


def test_a_record_an_older_build_quarantined_comes_back_after_the_upgrade(
    sandbox: Sandbox, device: Device
) -> None:
    username, notice = _answered_notice()
    engine = device(username)
    engine.sync_once()
    assert _notice(engine.store, notice.id) is not None
    _set_aside_by_an_older_build(engine.store, notice)
    # A comment queued offline on the old build: re-applied on top, still queued.
    comment = queue(engine, "comment.add", "case", notice.case_code, {"text": "已核对"})

    report = engine.pull()  # the upgraded build's first pull, before any push

    assert report.resynced
    back = _notice(engine.store, notice.id)
    assert back is not None and back.answered_on == notice.answered_on
    with engine.store.read() as uow:
        assert uow.quarantine.count() == 0
        assert not resync.active(uow) and uow.sync_state.get(resync.WANTED_KEY) is None
    assert [e.command.id for e in engine.store.pending_commands()] == [comment.id]
    # Once: the next round goes on from the cursor, and pushes the comment.
    again = engine.sync_once()
    assert not again.pull.resynced and again.push.applied == 1


def test_the_same_build_does_not_resync_for_what_it_quarantined_itself(
    sandbox: Sandbox, device: Device
) -> None:
    username, _ = _answered_notice()
    engine = device(username)
    engine.sync_once()
    with engine.store.write() as uow:
        uow.quarantine.add("changes", "bad", {}, entity="correction_notice", entity_id="X")
    assert not engine.sync_once().pull.resynced


def resync_cut_short(device: Device) -> tuple[SyncEngine, str, CorrectionNotice]:
    """A laptop whose re-sync after an upgrade stopped after its first page:
    (its engine, the user, the notice an older build had set aside)."""
    username, notice = _answered_notice()
    engine = device(username, "laptop", page_size=20)
    # More pages than are fetched ahead of the one applied (two): the stop
    # below cuts the re-sync short whatever the timing.
    assert engine.sync_once().pull.pages > 4
    _set_aside_by_an_older_build(engine.store, notice)

    def stop_after_a_page(status: SyncStatus) -> None:
        if status.received > 0:
            engine.stop()

    engine.status.update(received=0)
    engine.status.subscribe(stop_after_a_page)
    try:
        engine.sync_once()
    except RemoteError as exc:
        assert exc.code == CANCELLED
    else:
        raise AssertionError("the pull was not cut short")
    return engine, username, notice


def test_a_resync_cut_short_goes_on_at_the_next_start(
    sandbox: Sandbox, device: Device, tmp_path: Path
) -> None:
    engine, username, notice = resync_cut_short(device)
    with engine.store.read() as uow:
        assert resync.active(uow) and uow.sync_state.get("cursor") is not None

    restarted = device(username, "laptop", page_size=20)  # the same store file
    report = restarted.sync_once()
    assert not report.pull.resynced  # not from scratch again: on from the cursor
    with restarted.store.read() as uow:
        assert not resync.active(uow) and uow.quarantine.count() == 0
    back = _notice(restarted.store, notice.id)
    assert back is not None and back.answered_on == notice.answered_on


def _signer(department: str) -> str:
    return next(u.username for u in data().users
                if u.department_code == department and "signer" in u.roles)


def test_a_store_synced_before_0012_resyncs_once_and_keeps_the_request(
    sandbox: Sandbox, device: Device, tmp_path: Path
) -> None:
    code = data().fresh_cases[1]
    case = next(c for c in data().cases if c.case_code == code)
    lead = device(reviewers(case.lead_department)[0], department_code=case.lead_department)
    lead.sync_once()
    request = Command.new("extension.request", code, 0,
                          {"working_days": 10, "reason": "需专家论证"},
                          author=lead.client.username or "")
    lead.store.record_command(request)
    assert lead.sync_once().push.applied == 1

    signer = device(_signer(case.lead_department), "signer",
                    department_code=case.lead_department)
    signer.sync_once()
    signer.store.close()
    path = tmp_path / "signer.sqlite3"
    # Back to 0011, as a build before 0012 left it: the request dropped.
    move_to_revision(path, "0011", down=True)

    with Store.open(path) as store:  # the upgrade: 0012, 0013
        with store.read() as uow:
            assert uow.extensions.for_case(code) == []
            assert uow.sync_state.get(resync.WANTED_KEY) == "0013"
        upgraded = SyncEngine(store, signer.client, department_code=case.lead_department)
        report = upgraded.sync_once()
        assert report.pull.resynced
        with store.read() as uow:
            (kept,) = uow.extensions.for_case(code)
            assert uow.sync_state.get(resync.WANTED_KEY) is None
        assert kept.status is ExtensionStatus.REQUESTED
        assert (kept.working_days, kept.reason) == (10, "需专家论证")
        assert not upgraded.sync_once().pull.resynced  # once


def test_the_build_names_its_contract_the_same_in_every_process() -> None:
    """A build is told by its contract too, and one build must not differ from itself
    between runs (else every start would re-sync a store with records set aside)."""
    import subprocess
    import sys

    script = "from backoffice.sync.resync_start import this_build; print(this_build())"
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout.strip() for _ in range(2)}
    (build,) = runs
    version, revision, contract = build.split("+")
    assert version and revision and len(contract) == 12
