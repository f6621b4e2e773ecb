"""A re-sync from scratch after an upgrade is announced, not shown as "records received" alone.

It pulls every record again and takes as long as a first pull: the sync
status says so while it runs (and when a re-sync cut short goes on after a
restart), the CLI's ``status`` and ``sync --once`` say it in both
languages. The real sandbox on loopback, real store files, the real
``backoffice`` in a child process.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable

from support.platform_env import PASSWORD
from support.store_tables import move_to_revision
from support.sync_env import Device, busiest_unclaimed_department, reviewers
from test_resync_after_upgrade import (
    _answered_notice,
    _set_aside_by_an_older_build,
    resync_cut_short,
)

from backoffice import messages
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store, resync
from backoffice.sync import accounts, resync_start
from backoffice.sync.engine import SyncEngine
from backoffice.sync.status import SyncState, SyncStatus

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def _watched(engine: SyncEngine) -> list[SyncStatus]:
    seen: list[SyncStatus] = []
    engine.status.subscribe(seen.append)
    return seen


def test_the_status_says_a_resync_after_an_upgrade_while_it_runs(
        sandbox: Sandbox, device: Device) -> None:
    username, notice = _answered_notice()
    engine = device(username)
    engine.sync_once()
    _set_aside_by_an_older_build(engine.store, notice)
    seen = _watched(engine)

    assert engine.sync_once().pull.resynced

    during = [s for s in seen if s.state is SyncState.SYNCING and s.resync_after_upgrade]
    assert during and max(s.received for s in during) > 0  # its records, counted as it goes
    assert not engine.status.current.resync_after_upgrade  # swept with its last page
    seen.clear()
    engine.sync_once()  # an ordinary round: nothing to announce
    assert seen and not any(s.resync_after_upgrade for s in seen)


def test_a_resync_after_an_upgrade_cut_short_is_still_announced_at_the_next_start(
        sandbox: Sandbox, device: Device) -> None:
    engine, username, _notice = resync_cut_short(device)
    assert engine.status.current.resync_after_upgrade  # under way still

    restarted = device(username, "laptop", page_size=20)  # the same store file
    seen = _watched(restarted)
    assert not restarted.sync_once().pull.resynced  # on from its cursor, not from scratch
    assert any(s.resync_after_upgrade and s.state is SyncState.SYNCING for s in seen)
    assert not restarted.status.current.resync_after_upgrade


def test_a_resync_the_platform_forces_is_no_upgrade_unless_it_restarts_one(
        sandbox: Sandbox, device: Device) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0])
    engine.sync_once()
    store = engine.store
    resync_start.start_over(store, resync_start.CURSOR_EXPIRED)
    with store.read() as uow:
        assert resync.active(uow) and not resync_start.after_upgrade(uow)
        assert resync_start.upgrade_resync(uow) is None
    with store.write() as uow:
        uow.sync_state.set(resync.ACTIVE_KEY, resync.UPGRADED)  # as an upgrade's began
    resync_start.start_over(store, resync_start.CURSOR_EXPIRED)
    with store.read() as uow:
        assert resync_start.upgrade_resync(uow) == resync_start.UNDER_WAY


def test_the_cli_says_a_resync_after_an_upgrade_is_due_then_under_way(
        run_cli: CliRunner, sandbox: Sandbox) -> None:
    name = reviewers(busiest_unclaimed_department())[0]
    account, client = accounts.sign_in(sandbox.url, name, PASSWORD)
    with Store.open(account.store_path()) as store:
        SyncEngine(store, client).sync_once()
    # As a build before 0012 left it: the upgrade (0013) asks for a re-sync.
    move_to_revision(account.store_path(), "0011", down=True)

    for lang in ("en", "zh"):
        status = run_cli("--lang", lang, "status", env=NO_KEYRING)
        assert status.returncode == 0, status.stderr
        assert messages.render_code("cli.resync_due", {}, lang) in status.stdout

    synced = run_cli("--lang", "zh", "sync", "--once", "--password-stdin",
                     env=NO_KEYRING, input=PASSWORD + "\n")
    assert synced.returncode == 0, synced.stderr
    assert messages.render_code("cli.resync_under_way", {}, "zh") in synced.stdout
    after = run_cli("--lang", "en", "status", env=NO_KEYRING)
    assert messages.render_code("cli.resync_due", {}, "en") not in after.stdout
    assert messages.render_code("cli.resync_under_way", {}, "en") not in after.stdout
    again = run_cli("--lang", "en", "sync", "--once", "--password-stdin",
                    env=NO_KEYRING, input=PASSWORD + "\n")
    assert again.returncode == 0, again.stderr
    assert messages.render_code("cli.resync_under_way", {}, "en") not in again.stdout
