"""``backoffice conflicts --discard`` lets go of the discarded command's photos, as the app does.

A saved inspection record names its photos, pinned for upload in the file
cache. Discarded on the command line, the command is gone but its photos
stayed pinned — the command line could not read the field drafts — for a day
until the sign-in's sweep. Now it discards as the app's conflict list does
(``files_outbox.discard_and_release``, the kept drafts read below the UI):
the photos nothing else names are unpinned, a kept draft's stays. The real
``backoffice`` in a child process, a real store file and file cache folder.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from inspections.joint import photo
from support.platform_env import start, user
from support.queued_elsewhere import queue_a_comment

from backoffice.domain.commands import Command
from backoffice.domain.inspections import InspectionPhoto
from backoffice.inspections import field
from backoffice.inspections import field_drafts as drafts
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState, Store
from backoffice.sync.files import PIN_UPLOAD, FileCache, default_root

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def _in_conflict(store: Store, *photos: InspectionPhoto) -> Command:
    """A saved record naming ``photos``, in the conflicts."""
    command = Command.new("inspection.record_part", "part-1", 1, {
        "photos": [{"sha256": p.sha256, "original_sha256": p.original_sha256,
                    "caption": p.caption} for p in photos]}, author="inspector")
    with store.write() as uow:
        uow.outbox.append(command, base_record=None)
        uow.outbox.set_state(command.id, OutboxState.CONFLICT)
    return command


def test_a_discard_on_the_command_line_releases_the_photos_nothing_else_holds(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    account = queue_a_comment(sandbox.url, user())
    with Store.open(account.store_path()) as store, \
            FileCache(default_root(account.profile)) as files:
        alone, drafted = (field.attach_photo(files, photo(800, 600, colour), caption=colour)
                          for colour in ("red", "blue"))
        discarded = _in_conflict(store, alone, drafted)
        drafts.keep(store, {"inspection-1": drafts.Draft((), "草稿", (drafted,), "", None,
                                                         False)}, files)

    done = run_cli("conflicts", "--discard", discarded.id)
    assert done.returncode == 0, done.stderr

    with Store.open(account.store_path()) as store, \
            FileCache(default_root(account.profile)) as files:
        assert store.conflicts() == []
        assert files.pins(alone.sha256) == frozenset()
        assert files.pins(drafted.sha256) == {PIN_UPLOAD}  # the draft may still be saved
        assert files.evict(target_bytes=0) == [alone.sha256]

