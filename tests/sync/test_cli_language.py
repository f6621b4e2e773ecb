"""``backoffice status``, ``tasks`` and ``case`` read in the language asked for.

Through the real command line against the seeded sandbox's department:
labels, states, checks and their verdicts, deadline levels, timeline events
and queued commands are words (``messages.TERMS``), not identifiers, in
Chinese and in English; columns line up on a terminal, where a Chinese
character takes two cells; ``--json`` keeps the identifiers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from support.platform_env import PASSWORD
from support.sandbox_env import seed_file
from support.sync_env import busiest_unclaimed_department, data, reviewers

from backoffice.sandbox.server import running_sandbox
from backoffice.sync.case_view import cells, table

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUPPORT = Path(__file__).resolve().parents[1] / "support"
# The pages' fixture runs the command line some twenty times, on a busy machine too.
pytestmark = pytest.mark.timeout(600)


def test_table_aligns_wide_characters_by_terminal_cells() -> None:
    assert cells("审核中") == 6 and cells("in review") == 9 and cells("“一件事”") == 8
    lines = table([["待认领", "a"], ["in review", "b"], ["已出具意见", "c"]], indent="  ")
    assert lines == ["  待认领      a", "  in review   b", "  已出具意见  c"]
    assert table([["办件", "5"], ["last sync", "-"]], right=frozenset({0})) == [
        "     办件  5", "last sync  -"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The three pages in both languages, and the JSON, of one synced store with a queued claim."""
    import os
    import subprocess
    import sys

    tmp = tmp_path_factory.mktemp("cli_language")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "BACKOFFICE_DATA_DIR": str(tmp / "data"),
           "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
           "BACKOFFICE_TEST_KEYRING": str(tmp / "keyring.json"), "PYTHONPATH": str(SUPPORT),
           "BACKOFFICE_LANG": "en"}

    def run(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run([sys.executable, "-m", "backoffice.cli", *args], env=env,
                              capture_output=True, text=True, encoding="utf-8", input=stdin,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    department = busiest_unclaimed_department()
    me = reviewers(department)[0]
    with running_sandbox(str(seed_file(tmp / "platform.sqlite3", data(), files=False))) as sb:
        run("login", "--server", sb.url, "--user", me, "--password-stdin", stdin=PASSWORD + "\n")
        run("sync", "--once")
    rows = json.loads(run("tasks", "--all", "--json", "--limit", "1000"))
    claimed = next(r["case_code"] for r in rows if r["status"] == "unclaimed")
    run("claim", claimed)  # offline: the case page shows it waiting to be sent
    codes = sorted({r["case_code"] for r in rows})
    shown: dict[str, Any] = {"codes": codes, "claimed": claimed, "me": me, "json": {
        "status": json.loads(run("status", "--json")),
        "tasks": json.loads(run("tasks", "--all", "--json", "--limit", "1000")),
        "cases": [json.loads(run("case", code, "--json")) for code in codes]}}
    for lang in ("zh", "en"):
        shown[lang] = {
            "status": run("--lang", lang, "status"),
            "tasks": run("--lang", lang, "tasks", "--all", "--limit", "1000"),
            "cases": [run("--lang", lang, "case", code) for code in codes],
        }
    return shown


def _platform_words(pages: dict[str, Any]) -> list[str]:
    """What the platform and the machine say, which no language changes."""
    status = pages["json"]["status"]
    words = [status["platform"], status["store"], status["last_sync"], status["user"]]
    words += sorted({u.username for u in data().users}, key=len, reverse=True)
    words += [t["id"] for case in pages["json"]["cases"] for t in case["tasks"]]
    return words


def _leftover(text: str, pages: dict[str, Any]) -> list[str]:
    """The Latin words of ``text`` once codes, names, paths and times are taken out."""
    for value in _platform_words(pages):
        text = text.replace(value, "")
    text = re.sub(r"\b[A-Z]+-\d+\b", "", text)  # department codes
    return re.findall(r"[A-Za-z_]+", text)


def test_the_pages_read_wholly_in_chinese(pages: dict[str, Any]) -> None:
    zh = pages["zh"]
    for page in (zh["status"], zh["tasks"], *zh["cases"]):
        assert _leftover(page, pages) == [], page
    status = dict(line.split(maxsplit=1) for line in zh["status"].splitlines())
    assert status["已登录"] == "是" and status["待发送"] == "1" and status["冲突"] == "0"
    assert status["本地存储"] == pages["json"]["status"]["store"]
    assert {"平台", "用户名", "部门", "办件", "审核任务", "已隔离", "上次同步"} <= status.keys()
    # The last sync in Beijing time to the minute, as the app's status bar has it.
    last = dt.datetime.fromisoformat(pages["json"]["status"]["last_sync"])
    assert status["上次同步"] == last.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    assert "待认领" in zh["tasks"] and "已出具意见" in zh["tasks"]
    whole = "\n".join(zh["cases"])
    for words in ("申请人", "办理时限", "审核任务", "申请材料", "办理记录", "已受理",
                  "真实性：", "合法性：", "规范性：", "已超期 ", "待发送 / 冲突",
                  "认领 ", "现场勘察  [已申请]"):
        assert words in whole, words


def test_the_english_pages_word_identifiers_too(pages: dict[str, Any]) -> None:
    en = pages["en"]
    for page in (en["status"], en["tasks"], *en["cases"]):
        leftover = _leftover(page, pages)
        assert not [w for w in leftover if "_" in w or w in ("True", "False")], page
    assert "signed in  yes" in en["status"] and "waiting to be sent  1" in en["status"]
    assert "unclaimed" in en["tasks"] and "opinion given" in en["tasks"]
    whole = "\n".join(en["cases"])
    assert "working days late · overdue" not in whole  # "late" says it once
    for words in ("  applicant  ", "  due        ", "working days late", "  review tasks",
                  "  timeline", "authenticity: ", "waiting to be sent / conflicts",
                  "site inspection  [requested]"):
        assert words in whole, words
    assert re.search(r"\n    claim \S+  waiting to be sent\n", whole), whole
    assert "opinion_given" not in whole and "in_review" not in whole


def _cell_of(line: str, pattern: str) -> int:
    """The terminal cell where ``pattern`` first matches in ``line``."""
    found = re.search(pattern, line)
    assert found is not None, (pattern, line)
    return cells(line[:found.start()])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_columns_line_up_in_terminal_cells(pages: dict[str, Any], lang: str) -> None:
    # Every step deadline of the inbox starts in the same cell: the status
    # column before it is as wide on the terminal, wide characters and all.
    tasks = pages[lang]["tasks"].splitlines()[1:]  # under the header
    assert len(tasks) == len(pages["json"]["tasks"]), tasks
    assert len({_cell_of(line, r"\d{4}-\d\d-\d\d") for line in tasks}) == 1, tasks
    # The status page's values start in one cell (its labels right-aligned).
    status = pages[lang]["status"].splitlines()
    assert len({_cell_of(line, r"(?<=\S  )\S") for line in status}) == 1, status
    # And each case page's timeline: the summaries start in one cell.
    checked = 0
    for page, case in zip(pages[lang]["cases"], pages["json"]["cases"], strict=True):
        lines = page.splitlines()
        start = next(i for i, ln in enumerate(lines) if ln.strip() in ("timeline", "办理记录"))
        events = list(itertools.takewhile(lambda ln: ln.startswith("    "), lines[start + 1:]))
        assert len(events) == len(case["timeline"]), page
        # Summaries that are identifiers are worded, an extension's in a sentence, an
        # inspection request with the language's colon; the others are the platform's text.
        ends = {_cell_of(ln, re.escape(e["summary"])) for ln, e in zip(
            events, case["timeline"], strict=True) if e["summary"] and e["kind"] not in (
                "suspended", "resumed", "decision", "inspection_recorded",
                "extension_requested", "extension_approved", "inspection_requested")}
        assert len(ends) <= 1, page
        checked += len(events) > 1
    assert checked


_COUNT = {"zh": r"(剩余 \d+ 个工作日|已超期 \d+ 个工作日|今日到期|计时已中止)",
          "en": r"(\d+ working days left|\d+ working days late|due today|clock suspended)"}


_WORDS = {"zh": {"late": "已超期 {} 个工作日", "left": "剩余 {} 个工作日", "due_today": "今日到期"},
          "en": {"late": "{} working days late", "left": "{} working days left",
                 "due_today": "due today"}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tasks_head_their_columns_and_word_both_clocks_as_the_app(
        pages: dict[str, Any], lang: str) -> None:
    head, *lines = pages[lang]["tasks"].splitlines()
    assert head.split("  ")[0] == {"zh": "统一审核编码", "en": "case code"}[lang]
    for title in {"zh": ("状态", "环节截止日期", "办件办理时限", "审核人", "事项", "申请人"),
                  "en": ("status", "step deadline", "case deadline", "assignee")}[lang]:
        assert f"  {title}" in head, head
    stopped = {"zh": "计时已中止", "en": "clock suspended"}[lang]
    seen = set()
    for line, row in zip(lines, pages["json"]["tasks"], strict=True):
        assert not re.search(r"\s-\d", line), line  # never a bare negative count
        # The case's clock as its JSON has it, in words; an ended case's date is history.
        if row["case_ended"]:
            assert f"{row['case_due']} · " not in line, line
        else:
            case_words = stopped if row["level"] == "clock_stopped" else _WORDS[lang][
                "due_today" if row["level"] == "due_today" else "late" if row["remaining"] < 0
                else "left"].format(abs(row["remaining"]))
            assert f"{row['case_due']} · {case_words}" in line, (case_words, line)
        # The step's: no count once the department's part is over (or the case has
        # ended), none while it waits.
        step = re.search(re.escape(row["step_due"]) + r"(?: · " + _COUNT[lang] + ")?", line)
        assert step is not None, line
        counted = step.group(1)
        if row["case_ended"] or row["status"] in ("opinion_given", "transferred", "withdrawn"):
            assert counted is None, line
        elif row["status"] == "suspended" or row["level"] == "clock_stopped":
            assert counted == stopped, line
        else:
            assert counted is not None and counted != stopped, line
        seen.add(row["status"])
    assert {"opinion_given", "unclaimed"} <= seen


def test_json_keeps_the_identifiers(pages: dict[str, Any]) -> None:
    status = pages["json"]["status"]
    assert list(status) == ["platform", "user", "department", "department_code",
                            "department_name", "store", "cases", "tasks",
                            "pending", "conflicted", "refused", "quarantined", "last_sync",
                            "conflicts", "set_aside", "signed_in"]
    assert status["signed_in"] is True and status["pending"] == 1
    assert {r["status"] for r in pages["json"]["tasks"]} >= {"unclaimed", "opinion_given"}
    claimed = next(c for c in pages["json"]["cases"] if c["case"]["case_code"] == pages["claimed"])
    assert [q["kind"] for q in claimed["queued"]] == ["task.claim"]
    assert claimed["queued"][0]["state"] == "pending"
    checks = {c["verdict"] for case in pages["json"]["cases"] for m in case["materials"]
              for c in m["checks"]}
    assert checks <= {"pending", "pass", "fail", "not_applicable"} and "pass" in checks
    kinds = {e["kind"] for case in pages["json"]["cases"] for e in case["timeline"]}
    assert "accepted" in kinds



def test_the_local_store_has_one_name_in_chinese() -> None:
    # The pages (status, the app) call it 本地存储; a message that says
    # 本地数据库 would name a second thing the reviewer cannot find.
    from backoffice import messages

    assert messages.TERMS["store"]["zh"] == "本地存储"
    said = {code: t["zh"] for code, t in messages.CATALOG.items() if "local store" in t["en"].lower()}
    assert said and "cli.signed_in" in said
    assert [code for code, zh in said.items() if "本地存储" not in zh] == []
    assert [code for code, t in messages.CATALOG.items() if "本地数据库" in t["zh"]] == []


@pytest.mark.parametrize(("lang", "words"), [("en", "2026-12-01 · clock suspended"),
                                             ("zh", "2026-12-01 · 计时已中止")])
def test_a_suspended_clock_is_said_as_the_app_says_it(lang: str, words: str) -> None:
    # 中止计时 is "clock suspended" in the app (list, filter, detail); the CLI said "stopped".
    from backoffice.sync.case_view import deadline_words

    assert deadline_words("2026-12-01", None, "clock_stopped", lang) == words
    assert deadline_words("2026-12-01", 3, "clock_stopped", lang, full=True) == words
