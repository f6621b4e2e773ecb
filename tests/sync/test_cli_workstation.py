"""``backoffice sync`` runs the same round as the open app (``backoffice.workstation``).

A field laptop may sync from a scheduled task with no window open: a photo
no saved command names must stay on the laptop then too, and platform
seals must be followed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from support.platform_env import PASSWORD
from support.sync_env import data, reviewers
from test_cli_acceptance import cli_env, platform_db  # noqa: F401  # the fixtures, shared

from backoffice import workstation
from backoffice.sandbox import db
from backoffice.sandbox.server import running_sandbox
from backoffice.store import kept_page
from backoffice.sync import accounts

PHOTO = "现场照片（离线拍摄）".encode() * 500


def test_cli_sync_keeps_unsaved_photos_here_and_follows_seals(
    tmp_path: Path, run_cli: object, cli_env: dict[str, str | None],  # noqa: F811
    platform_db: Path,  # noqa: F811
) -> None:
    run = run_cli  # type: ignore[assignment]
    path = platform_db
    me = reviewers(data().tasks[0].department_code)[0]
    with running_sandbox(str(path)) as sandbox:
        login = run("login", "--server", sandbox.url, "--user", me, "--password-stdin",
                    env=cli_env, input=PASSWORD + "\n")
        assert login.returncode == 0, login.stderr

        account = accounts.current()
        assert account is not None and account.username == me
        with workstation.open_files(account) as files:
            # Attached to a form never saved: the scheduled sync leaves it here too.
            sha = files.add_local(PHOTO)
            assert files.pending_uploads() == [sha]

        synced = run("sync", "--once", env=cli_env)
        assert synced.returncode == 0, synced.stderr
        # The page the app paints first at its next start: kept by this sync
        # too, so a scheduled sync does not cost that start its speed.
        found = kept_page.read(account.store_path(), account.department_code)
        assert found is not None and found[0].count > 0 and found[0].rows

        with workstation.open_files(account) as files:
            assert files.pending_uploads() == [sha]
    engine = db.make_engine(path)
    with engine.connect() as conn:
        stored = conn.execute(select(db.files.c.sha256).where(db.files.c.sha256 == sha)).all()
    engine.dispose()
    assert not stored and hashlib.sha256(PHOTO).hexdigest() == sha

    store = accounts.open_store(account)
    try:
        with workstation.open_files(account) as files:
            parts = workstation.assemble(account, store, accounts.resume(account), files)
            assert parts.sealer in parts.engine.followers
            assert parts.engine.files is files
            assert parts.engine.department_code == account.department_code
    finally:
        store.close()
