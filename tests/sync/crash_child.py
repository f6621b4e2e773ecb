"""A client that works and syncs in a loop until it is killed (test_crash_safety.py).

argv: store path, platform URL, user, password, log of recorded comment ids.
Each recorded comment's id is appended to the log *after* its transaction
committed, so every logged id must reach the platform, exactly once.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import uuid
from pathlib import Path

from backoffice.domain.commands import Command
from backoffice.domain.states import TaskStatus
from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.http import HttpSettings
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine


def main() -> None:
    path, url, user, password, log = sys.argv[1:6]
    store = Store.open(path)
    client = PlatformClient(url, settings=HttpSettings(retries=1, backoff_factor=0.01))
    client.login(user, password)
    # Small pages and batches: more transactions, more places to be killed in.
    engine = SyncEngine(store, client, page_size=15, batch_size=3)
    Path(log + ".ready").touch()  # the parent times most kills from here
    with open(log, "a", encoding="utf-8") as out:
        while True:
            act(store, user, out)
            try:
                engine.sync_once()
            except RemoteError:
                pass


def act(store: Store, user: str, out: object) -> None:
    with store.read() as uow:
        cases = uow.cases.all(limit=3)
        tasks = [t for t in uow.tasks.all()
                 if t.department_code == os.environ["CRASH_DEPARTMENT"]]
    now = dt.datetime.now(dt.UTC)
    for case in cases:
        command = Command.new("comment.add", case.case_code, case.version,
                              {"text": f"crash-{uuid.uuid4()}"}, author=user, now=now)
        store.record_command(command)
        out.write(command.id + "\n")  # type: ignore[attr-defined]
        out.flush()  # type: ignore[attr-defined]
        os.fsync(out.fileno())  # type: ignore[attr-defined]
    # A claim/release toggle on one task: a chain of commands on one record.
    for task in tasks[:1]:
        with store.read() as uow:
            confirmed = uow.tasks.confirmed(task.id)
        assert confirmed is not None
        if task.status == TaskStatus.UNCLAIMED:
            store.record_command(Command.new("task.claim", task.id, confirmed.version,
                                             {"assignee": user}, author=user, now=now))
        elif task.status == TaskStatus.IN_REVIEW and task.assignee == user:
            store.record_command(Command.new("task.release", task.id, confirmed.version,
                                             author=user, now=now))


if __name__ == "__main__":
    Path(sys.argv[5]).touch()
    main()
