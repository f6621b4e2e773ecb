"""The local pages say what they count and say "none"; ``--json`` stays the same in any language.

In process (``cli.main``), the store a real SQLite file synced from the sandbox.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from support import seeded_platform
from support.platform_env import PASSWORD, demo_data, user
from support.queued_elsewhere import queue_a_comment

from backoffice import cli, exit_codes, messages
from backoffice.domain.errors import DomainError
from backoffice.domain.notes import check_comment_text
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync import accounts, case_view

Capture = pytest.CaptureFixture[str]
platform_file, sandbox = seeded_platform.platform_file, seeded_platform.sandbox  # fixtures


def _run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    done = cli.main(list(argv))
    said = capsys.readouterr()
    return done, said.out, said.err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_inbox_says_there_are_no_tasks(
        sandbox: Sandbox, capsys: Capture, lang: str) -> None:
    accounts.sign_in(sandbox.url, user(), PASSWORD)  # never synced: nothing in the store
    done, out, _ = _run(capsys, "--lang", lang, "tasks")
    assert done == 0
    assert out.strip() == messages.render_code("cli.no_tasks", {}, lang)
    done, out, _ = _run(capsys, "--lang", lang, "tasks", "--all")
    assert out.strip() == messages.render_code("cli.no_tasks_all", {}, lang)


def test_status_counts_the_departments_open_tasks_as_tasks_lists_them(
        sandbox: Sandbox, capsys: Capture) -> None:
    busy = Counter(t.department_code for t in demo_data().tasks if t.status in case_view.OPEN)
    account = queue_a_comment(sandbox.url, user(busy.most_common(1)[0][0]))  # synced
    with Store.open(account.store_path()) as store:
        listed = len(case_view.inbox_rows(store, account.department_code, limit=100_000))
        with store.read() as uow:
            everyone = uow.tasks.count()
    assert 0 < listed < everyone  # the cases' other departments' tasks are stored too
    done, out, _ = _run(capsys, "--lang", "en", "status", "--json")
    assert done == 0
    assert json.loads(out)["tasks"] == listed


def test_conflicts_json_gives_a_reason_code_the_same_in_every_language(
        sandbox: Sandbox, capsys: Capture) -> None:
    account = queue_a_comment(sandbox.url, user())
    with Store.open(account.store_path()) as store:
        [queued] = store.pending_commands()
        store.mark_conflict(queued.command.id, "sync.conflict")
    found = {}
    for lang in ("zh", "en"):
        done, out, _ = _run(capsys, "--lang", lang, "conflicts", "--json")
        assert done == 0
        [found[lang]] = json.loads(out)
    assert found["zh"]["reason_code"] == found["en"]["reason_code"] == "sync.conflict"
    assert found["en"]["reason"] == messages.render_code("sync.conflict", {}, "en")
    assert found["zh"]["reason"] == messages.render_code("sync.conflict", {}, "zh")
    done, out, _ = _run(capsys, "--lang", "zh", "status", "--json")
    assert json.loads(out)["conflicts"][0]["reason_code"] == "sync.conflict"


@pytest.mark.parametrize("text", ["\u200b", "\u200b\u200d \ufeff", "\u2060\n\t"])
def test_a_comment_of_only_invisible_characters_is_refused_as_empty(
        sandbox: Sandbox, capsys: Capture, text: str) -> None:
    with pytest.raises(DomainError):
        check_comment_text(text)  # the one rule, for the app as for the command line
    account = queue_a_comment(sandbox.url, user())
    with Store.open(account.store_path()) as store, store.read() as uow:
        case = uow.cases.all()[0]
    done, _, err = _run(capsys, "--lang", "en", "comment", case.case_code, text)
    assert done == exit_codes.USAGE
    assert messages.render_code("comment.bad_text", {"limit": 4000}, "en") in err
    with Store.open(account.store_path()) as store:
        assert len(store.pending_commands()) == 1  # only the one queued before


def test_a_comment_with_visible_text_around_invisible_marks_is_taken() -> None:
    check_comment_text("\u200b同意\u200b")


def test_status_names_the_case_of_a_conflicted_change(
        sandbox: Sandbox, capsys: Capture) -> None:
    account = queue_a_comment(sandbox.url, user())
    with Store.open(account.store_path()) as store:
        [queued] = store.pending_commands()
        store.mark_conflict(queued.command.id, "sync.conflict")
    done, out, _ = _run(capsys, "--lang", "en", "status", "--json")
    assert done == 0
    [conflict] = json.loads(out)["conflicts"]
    assert conflict["case_code"] == queued.command.entity_id  # as `conflicts --json` says it


def test_a_pasted_case_code_is_trimmed_and_a_typed_one_never_reaches_the_terminal_raw(
        sandbox: Sandbox, capsys: Capture) -> None:
    account = queue_a_comment(sandbox.url, user())
    with Store.open(account.store_path()) as store, store.read() as uow:
        case = uow.cases.all()[0]
    done, out, _ = _run(capsys, "--lang", "en", "comment", f"  {case.case_code}\n", "补充说明")
    assert done == 0 and f"{case.case_code}\n" not in out and case.case_code in out
    done, _, err = _run(capsys, "--lang", "en", "comment", "a\x1b]0;pwned\x07b", "补充说明")
    assert done != 0 and "\x1b" not in err and "\x07" not in err
