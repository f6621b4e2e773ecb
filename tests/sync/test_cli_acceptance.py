"""The issue's acceptance, through the real command line in child processes.

Seeded sandbox serving → ``backoffice login`` → ``backoffice sync --once``
fills the local store → the sandbox stops → ``claim`` and ``comment``
offline → the sandbox starts again on the same port → ``sync --once``:
every action is on the platform exactly once.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from support.platform_env import PASSWORD, settings
from support.sandbox_env import seed_file
from support.sync_env import busiest_unclaimed_department, data, reviewers

from backoffice import exit_codes
from backoffice.domain.commands import Command
from backoffice.domain.states import TaskStatus
from backoffice.remote import PlatformClient
from backoffice.sandbox import db
from backoffice.sandbox.ledger import LIVE_TASK
from backoffice.sandbox.server import Sandbox, running_sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine

SUPPORT = Path(__file__).resolve().parents[1] / "support"


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str | None]:
    return {
        "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
        "BACKOFFICE_TEST_KEYRING": str(tmp_path / "keyring.json"),
        "PYTHONPATH": str(SUPPORT),
        "BACKOFFICE_LANG": "en",
    }


@pytest.fixture
def platform_db(tmp_path: Path) -> Path:
    """A platform database seeded with the demo data (no files registered)."""
    return seed_file(tmp_path / "platform.sqlite3", data(), files=False)


@contextlib.contextmanager
def _signed_in(platform_db: Path, run: Any, cli_env: dict[str, str | None]) -> Iterator[Sandbox]:
    """The platform serving, a reviewer of its busiest department signed in by the CLI."""
    me = reviewers(busiest_unclaimed_department())[0]
    with running_sandbox(str(platform_db)) as sandbox:
        login = run("login", "--server", sandbox.url, "--user", me, "--password-stdin",
                    env=cli_env, input=PASSWORD + "\n")
        assert login.returncode == 0, login.stderr
        yield sandbox


def test_offline_actions_reach_the_platform_exactly_once(
    tmp_path: Path, run_cli: object, cli_env: dict[str, str | None]
) -> None:
    run = run_cli  # type: ignore[assignment]
    path = seed_file(tmp_path / "platform.sqlite3", data())
    department = busiest_unclaimed_department()
    me = reviewers(department)[0]
    task = next(t for t in data().tasks
                if t.department_code == department and t.status == TaskStatus.UNCLAIMED)

    with running_sandbox(str(path)) as sandbox:
        url, port = sandbox.url, int(sandbox.url.rsplit(":", 1)[1])
        login = run("login", "--server", url, "--user", me, "--password-stdin",
                    env=cli_env, input=PASSWORD + "\n")
        assert login.returncode == 0, login.stderr
        assert PASSWORD not in login.stdout + login.stderr
        synced = run("sync", "--once", env=cli_env)
        assert synced.returncode == 0, synced.stderr
        tasks = json.loads(run("tasks", "--json", "--limit", "1000", env=cli_env).stdout)
        assert task.case_code in {t["case_code"] for t in tasks}

    # The platform is gone: the actions queue.
    offline = run("sync", "--once", env=cli_env)
    assert offline.returncode == exit_codes.OFFLINE and "reach" in offline.stderr.lower(), offline.stderr
    assert run("claim", task.case_code, env=cli_env).returncode == 0
    comment = run("comment", task.case_code, "请消防支队一并勘察（离线备注）", env=cli_env)
    assert comment.returncode == 0, comment.stderr
    status = json.loads(run("status", "--json", env=cli_env).stdout)
    assert status["pending"] == 2 and status["user"] == me
    shown = json.loads(run("case", task.case_code, "--json", env=cli_env).stdout)
    mine = next(t for t in shown["tasks"] if t["id"] == task.id)
    assert mine["assignee"] == me and mine["status"] == "in_review"  # offline, already shown
    assert [c["pending"] for c in shown["comments"]] == [True]

    with running_sandbox(str(path), port=port) as sandbox:
        first = run("sync", "--once", env=cli_env)
        assert first.returncode == 0, first.stderr
        again = run("sync", "--once", env=cli_env)  # nothing left: no second effect
        assert again.returncode == 0, again.stderr
        stored = sandbox.platform.record("review_task", task.id)
        assert stored is not None and stored.body["assignee"] == me
        with sandbox.platform.engine.connect() as conn:
            bodies = conn.execute(select(db.records.c.body).where(
                db.records.c.entity == "comment")).scalars().all()
        texts = [json.loads(b)["text"] for b in bodies
                 if json.loads(b)["case_code"] == task.case_code]
        assert texts == ["请消防支队一并勘察（离线备注）"]
    status = json.loads(run("status", "--json", env=cli_env).stdout)
    assert status["pending"] == 0 and status["conflicted"] == 0
    shown = json.loads(run("case", task.case_code, "--json", env=cli_env).stdout)
    assert [c["pending"] for c in shown["comments"]] == [False]
    page = run("case", task.case_code, env=cli_env)
    assert page.returncode == 0 and "请消防支队一并勘察（离线备注）" in page.stdout
    # People by the names they go by (the colleague list the sync keeps), not their logins.
    my_name = next(u.display_name for u in data().users if u.username == me)
    assert my_name in page.stdout and me not in page.stdout and "timeline" in page.stdout
    # The refresh token is in the keyring and nowhere else: not in the store,
    # not in accounts.json, not in the log.
    (secret,) = json.loads((tmp_path / "keyring.json").read_text()).values()
    data_dir = Path(os.environ["BACKOFFICE_DATA_DIR"])
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    out = run("logout", env=cli_env)
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "keyring.json").read_text()) == {}
    assert run("sync", "--once", env=cli_env).returncode == exit_codes.NOT_SIGNED_IN


# A colleague's comment written to take over an administrator's terminal:
# clear the screen, set the title, overwrite the line with a forged one.
HOSTILE = "好的\x1b[2J\x1b]0;pwned\x07\r\n2026-11-30 09:00  decision grant\x9b31m"


def test_the_platforms_text_cannot_drive_the_terminal(
    tmp_path: Path, platform_db: Path, run_cli: object, cli_env: dict[str, str | None]
) -> None:
    run = run_cli  # type: ignore[assignment]
    mine = busiest_unclaimed_department()
    # A case both departments see (a live task each: the platform's scope).
    shared = next(t for t in data().tasks if t.department_code == mine and t.status in LIVE_TASK
                  and any(o.case_code == t.case_code and o.department_code != mine
                          and o.status in LIVE_TASK for o in data().tasks))
    other = next(o.department_code for o in data().tasks
                 if o.case_code == shared.case_code and o.department_code != mine
                 and o.status in LIVE_TASK)
    with _signed_in(platform_db, run, cli_env) as sandbox:
        client = PlatformClient(sandbox.url, settings=settings())
        client.login(reviewers(other)[0], PASSWORD)
        with Store.open(tmp_path / "colleague.sqlite3") as store:
            colleague = SyncEngine(store, client)
            colleague.sync_once()
            with store.read() as uow:
                case = uow.cases.get(shared.case_code)
            assert case is not None
            store.record_command(Command.new("comment.add", case.case_code, case.version,
                                             {"text": HOSTILE}, author=reviewers(other)[0]))
            assert colleague.sync_once().push.applied == 1
        assert run("sync", "--once", env=cli_env).returncode == 0
        page = run("case", shared.case_code, env=cli_env)
        listed = run("tasks", "--all", "--limit", "1000", env=cli_env)
        status = run("status", env=cli_env)
    assert page.returncode == 0, page.stderr
    for out in (page.stdout, listed.stdout, status.stdout):
        assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in out), out
    # Shown, not acted on: the escape as its picture, the forged line inside the comment's.
    assert "好的␛[2J␛]0;pwned␇␍ ⏎ 2026-11-30 09:00  decision grant\ufffd31m" in page.stdout
    # JSON escapes them its own way and keeps the text exact.
    shown = json.loads(run("case", shared.case_code, "--json", env=cli_env).stdout)
    assert HOSTILE in [c["text"] for c in shown["comments"]]


def test_a_conflict_is_listed_in_the_language_asked_for_and_discarded(
    tmp_path: Path, platform_db: Path, run_cli: object, cli_env: dict[str, str | None]
) -> None:
    run = run_cli  # type: ignore[assignment]
    department = busiest_unclaimed_department()
    colleague_name = reviewers(department)[1]  # the CLI signed in as the first
    task = next(t for t in data().tasks
                if t.department_code == department and t.status == TaskStatus.UNCLAIMED)
    with _signed_in(platform_db, run, cli_env) as sandbox:
        assert run("sync", "--once", env=cli_env).returncode == 0
        client = PlatformClient(sandbox.url, settings=settings())
        client.login(colleague_name, PASSWORD)
        with Store.open(tmp_path / "colleague.sqlite3") as store:
            colleague = SyncEngine(store, client)
            colleague.sync_once()
            with store.read() as uow:
                version = uow.tasks.get(task.id).version
            store.record_command(Command.new("task.claim", task.id, version,
                                             {"assignee": colleague_name},
                                             author=colleague_name))
            assert colleague.sync_once().push.applied == 1
        assert run("claim", task.case_code, env=cli_env).returncode == 0  # from the old base
        assert run("sync", "--once", env=cli_env).returncode == 0
        zh = json.loads(run("--lang", "zh", "conflicts", "--json", env=cli_env).stdout)
        en = json.loads(run("--lang", "en", "conflicts", "--json", env=cli_env).stdout)
        status = run("--lang", "zh", "status", env=cli_env)
        assert [c["kind"] for c in en] == ["task.claim"]
        assert en[0]["reason"] != zh[0]["reason"]  # each in the language asked for
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh[0]["reason"])
        assert zh[0]["reason"] in status.stdout
        # The conflict's row in words: what was asked (认领), where it stands.
        assert f"冲突  {zh[0]['id']}  认领 " in status.stdout and "存在冲突：" in status.stdout
        assert "task.claim" not in status.stdout
        # ``conflicts`` itself: a table with its heads, in words; the JSON behind --json.
        for lang, found, heads, words in (
                ("zh", zh, ["编号", "修改", "状态", "原因"], f"认领 {task.case_code} "),
                ("en", en, ["id", "change", "status", "reason"], f"claim {task.case_code} ")):
            page = run("--lang", lang, "conflicts", env=cli_env)
            assert page.returncode == 0
            head, row = page.stdout.splitlines()
            assert head.split() == heads and row.startswith(found[0]["id"] + "  ")
            assert words in row and row.endswith(found[0]["reason"]) and "task." not in row
            # The case and department, not the task's id (…-T4); the JSON has both.
            assert found[0]["entity_id"] not in row and found[0]["case_code"] == task.case_code
            assert found[0]["department_code"] == department
        assert run("conflicts", "--discard", en[0]["id"], env=cli_env).returncode == 0
        assert json.loads(run("conflicts", "--json", env=cli_env).stdout) == []
        for lang, none in (("zh", "没有冲突。\n"), ("en", "No conflicts.\n")):
            assert run("--lang", lang, "conflicts", env=cli_env).stdout == none


def test_sync_without_once_prints_each_change_of_state_once(
    platform_db: Path, run_cli: object, cli_env: dict[str, str | None]
) -> None:
    """Kept running (a service account's terminal): a line per change, not per pulled page."""
    run = run_cli  # type: ignore[assignment]
    with _signed_in(platform_db, run, cli_env):
        env = {**os.environ, "PYTHONIOENCODING": "utf-8",
               **{k: v for k, v in cli_env.items() if v is not None}}
        child = subprocess.Popen(
            [sys.executable, "-m", "backoffice.cli", "sync"], env=env, text=True,
            encoding="utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lines: list[str] = []
        try:
            assert child.stdout is not None
            for line in child.stdout:  # until the first round is over
                lines.append(line.strip())
                if line.startswith("Sync: idle") and len(lines) > 1:
                    break
        finally:
            child.terminate()
            child.wait(30)
    # Before the first round (not known to be online yet), during it, after it.
    assert lines == ["Sync: connecting; waiting to be sent: 0; conflicts: 0; refused by the platform: 0.",
                     "Sync: syncing; waiting to be sent: 0; conflicts: 0; refused by the platform: 0.",
                     "Sync: idle; waiting to be sent: 0; conflicts: 0; refused by the platform: 0."], lines


@pytest.mark.timeout(120)
def test_ctrl_c_ends_a_sync_stalled_on_the_link_at_once(
    platform_db: Path, run_cli: object, cli_env: dict[str, str | None]
) -> None:
    """Exit 130 now, not when the stalled requests of the pull's helper threads time out.

    Those threads are joined at exit; before, Ctrl-C during a first pull
    left the process waiting for their deadline (60 s).
    """
    run = run_cli  # type: ignore[assignment]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           **{k: v for k, v in cli_env.items() if v is not None}}
    with _signed_in(platform_db, run, cli_env) as sandbox:
        sandbox.faults.stall("/api/v1/changes", times=20, seconds=120)
        # A test run in the background has SIGINT ignored, and so would the
        # child: it listens again before the command line starts.
        listening = ("import runpy, signal, sys; "
                     "signal.signal(signal.SIGINT, signal.default_int_handler); "
                     "sys.argv = ['backoffice', 'sync', '--once']; "
                     "runpy.run_module('backoffice.cli', run_name='__main__')")
        child = subprocess.Popen(
            [sys.executable, "-c", listening], env=env, text=True,
            encoding="utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            for _ in range(3000):
                if any(kind == "stall" for _, _, kind in sandbox.faults.injected):
                    break
                time.sleep(0.01)
            else:
                raise AssertionError("the pull never reached the platform")
            child.send_signal(signal.SIGINT)
            _, err = child.communicate(timeout=20)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == 130, err
        assert "Traceback" not in err
        sandbox.faults.clear()
        again = run("sync", "--once", env=cli_env)
        assert again.returncode == 0, again.stderr


def test_syncs_of_two_processes_on_one_store_converge_and_push_once(
    tmp_path: Path, platform_db: Path, run_cli: object, cli_env: dict[str, str | None]
) -> None:
    """A scheduled ``sync --once`` may run while another (or the open app) syncs the same store.

    Nothing but SQLite's one writer at a time orders them: each page, each
    push's choice and each answer is a transaction of its own, and the
    platform keeps one result per command id. Both first pulls and both
    pushes run at once here.
    """
    run = run_cli  # type: ignore[assignment]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           **{k: v for k, v in cli_env.items() if v is not None}}

    def both() -> list[subprocess.CompletedProcess[str]]:
        children = [subprocess.Popen([sys.executable, "-m", "backoffice.cli", "sync", "--once"],
                                     env=env, text=True, encoding="utf-8",
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                    for _ in range(2)]
        done = []
        for child in children:
            out, err = child.communicate(timeout=120)
            done.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
        return done

    case = next(t.case_code for t in data().tasks
                if t.department_code == busiest_unclaimed_department())
    with _signed_in(platform_db, run, cli_env) as sandbox:
        for done in both():  # two first pulls into one empty store
            assert done.returncode == 0, done.stderr
        for i in range(6):
            assert run("comment", case, f"并行同步 {i}", env=cli_env).returncode == 0
        for done in both():
            assert done.returncode == 0, done.stderr
        with sandbox.platform.engine.connect() as conn:
            bodies = conn.execute(select(db.records.c.body).where(
                db.records.c.entity == "comment")).scalars().all()
        texts = sorted(json.loads(b)["text"] for b in bodies
                       if json.loads(b)["text"].startswith("并行同步"))
        assert texts == [f"并行同步 {i}" for i in range(6)]  # each once
        status = json.loads(run("status", "--json", env=cli_env).stdout)
        assert (status["pending"], status["conflicted"], status["quarantined"]) == (0, 0, 0)
        listed = json.loads(run("tasks", "--json", "--limit", "1000", env=cli_env).stdout)
        again = run("sync", "--once", env=cli_env)
        assert again.returncode == 0 and "records received 0," in again.stdout, again.stdout
        assert json.loads(run("tasks", "--json", "--limit", "1000", env=cli_env).stdout) == listed
    with sqlite3.connect(status["store"]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == \
            conn.execute("SELECT count(*) FROM search_documents").fetchone()[0]


def test_sync_once_shows_its_progress_on_stderr_when_asked(
    platform_db: Path, run_cli: object, cli_env: dict[str, str | None]
) -> None:
    """A first pull takes a while: at a terminal (or with --progress) it is seen moving."""
    run = run_cli  # type: ignore[assignment]
    with _signed_in(platform_db, run, cli_env):
        shown = run("sync", "--once", "--progress", env=cli_env)
        assert shown.returncode == 0, shown.stderr
        quiet = run("sync", "--once", env=cli_env)  # stderr is a pipe: a scheduled task's log
        assert quiet.returncode == 0, quiet.stderr
    (first, *_rest) = shown.stderr.splitlines()
    assert first.startswith("Syncing: ") and "records received" in first, shown.stderr
    assert int(first.split()[3].rstrip(",").replace(",", "")) > 0
    # The summary is where it was, alone on stdout.
    assert shown.stdout.startswith("Synced: ") and len(shown.stdout.splitlines()) == 1
    assert "Syncing" not in quiet.stderr


def test_the_progress_line_is_rewritten_in_place_at_a_terminal() -> None:
    import argparse
    import io

    from backoffice.sync.cli import _ProgressPrinter
    from backoffice.sync.status import SyncState, SyncStatus

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    show = _ProgressPrinter(argparse.Namespace(lang="en"), out, every=0.0)
    show(SyncStatus(state=SyncState.SYNCING))  # nothing received yet: nothing shown
    show(SyncStatus(state=SyncState.SYNCING, received=12_345))
    show(SyncStatus(state=SyncState.SYNCING, received=9, files_fetched=16))
    show(SyncStatus(state=SyncState.IDLE))  # the round is over: the line ends
    show(SyncStatus(state=SyncState.IDLE))
    first = "Syncing: records received 12,345, files downloaded 0…"
    second = "Syncing: records received 9, files downloaded 16…"
    # The shorter line covers the longer one's end with spaces.
    assert out.getvalue() == "\r" + first + "\r" + second.ljust(len(first)) + "\n"
    # At most every ``every`` seconds; the next round starts afresh.
    out = Terminal()
    show = _ProgressPrinter(argparse.Namespace(lang="zh"), out, every=3600.0)
    for received in (1, 2, 3):
        show(SyncStatus(state=SyncState.SYNCING, received=received))
    show(SyncStatus(state=SyncState.OFFLINE))
    show(SyncStatus(state=SyncState.SYNCING, received=4))
    assert out.getvalue() == ("\r正在同步：已接收 1 条记录，已下载 0 个文件…\n"
                              "\r正在同步：已接收 4 条记录，已下载 0 个文件…")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Sync: syncing; waiting to be sent: 2; conflicts: 0; refused by the platform: 0.",
            "Sync: signed out; waiting to be sent: 2; conflicts: 0; refused by the platform: 0."]),
    ("zh", ["同步：正在同步；待发送：2；冲突：0；被平台拒绝：0。", "同步：已退出登录；待发送：2；冲突：0；被平台拒绝：0。"]),
])
def test_the_state_lines_are_worded_in_the_language_asked_for(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str,
        expected: list[str]) -> None:
    import argparse
    import threading

    from backoffice.sync.cli import _state_printer
    from backoffice.sync.status import SyncState, SyncStatus

    with Store.open(tmp_path / "store.sqlite3") as store:
        show = _state_printer(argparse.Namespace(lang=lang), store, threading.Event())
        show(SyncStatus(state=SyncState.SYNCING, pending=2))
        show(SyncStatus(state=SyncState.SIGNED_OUT, pending=2))
    assert capsys.readouterr().out.splitlines() == expected
