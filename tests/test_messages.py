"""Messages for error codes: both languages, same placeholders, every raised code covered."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import backoffice
from backoffice import messages
from backoffice.domain.commands import COMMAND_ENTITIES
from backoffice.domain.errors import BackofficeError, IllegalTransition
from backoffice.domain.model import Applicant, Case, CaseKind, Check
from backoffice.domain.states import CASE_MACHINE, TASK_MACHINE, CaseStatus, TaskStatus

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("code", sorted(messages.CATALOG))
def test_every_entry_has_both_languages_with_the_same_placeholders(code: str) -> None:
    entry = messages.CATALOG[code]
    assert set(entry) == set(messages.LANGUAGES)
    assert all(entry[lang].strip() for lang in messages.LANGUAGES)
    # Like Electrum's i18n check: a translation that drops or invents a
    # placeholder would raise or lie at the worst moment.
    assert messages.placeholders(entry["zh"]) == messages.placeholders(entry["en"])


def test_placeholder_check_would_catch_a_mismatch() -> None:
    assert messages.placeholders("{a} and {b!r:>3}") == {"a", "b"}
    assert messages.placeholders("{{literal}} {a.x}") == {"a"}
    assert messages.placeholders("{path}") != messages.placeholders("{pth}")


def _backoffice_error_classes() -> list[type[BackofficeError]]:
    for info in pkgutil.walk_packages(backoffice.__path__, "backoffice."):
        if ".migrations" not in info.name and info.name != "backoffice.__main__":
            importlib.import_module(info.name)
    seen: list[type[BackofficeError]] = []
    todo: list[type[BackofficeError]] = [BackofficeError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


def test_every_error_class_code_has_a_message() -> None:
    missing = {c.code: c.__qualname__ for c in _backoffice_error_classes() if c.code not in messages.CATALOG}
    assert missing == {}


# A string that looks like an error code: "case.bad_code", "store.not_found".
_CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
# Helpers that raise with the code they are given (model._require, commands._bad_payload …).
_HELPERS = frozenset({"_require", "_bad_payload"})
_HELPER_PREFIXES = ("_require", "_fail")


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _code_literals(nodes: list[ast.expr]) -> Iterator[ast.Constant]:
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE.match(node.value):
            yield node


def raised_codes(source: str, error_names: frozenset[str]) -> Iterator[tuple[int, str]]:
    """(line, code) of every code-like string literal that can end up as an error's code.

    Found: arguments (positional or keyword) of a call to an error class, to
    a helper such as ``_require(cond, "code", …)`` or ``_bad_payload``, or to
    any function named ``_require…`` / ``_fail…``; and any such literal
    anywhere inside a ``raise`` statement.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in error_names or name in _HELPERS or name.startswith(_HELPER_PREFIXES):
                args = [*node.args, *(k.value for k in node.keywords)]
                for literal in _code_literals(args):
                    yield literal.lineno, literal.value
        elif isinstance(node, ast.Raise):
            inside = [n for n in ast.walk(node) if isinstance(n, ast.expr)]
            for literal in _code_literals(inside):
                yield literal.lineno, literal.value


def test_the_scan_finds_codes_passed_to_helpers() -> None:
    source = """
def f(x):
    _require(x > 0, "a.through_require", value=x)
    _require_limits(1, 2, "b.through_prefix")
    _fail_hard(code="c.by_keyword")
    raise _bad_payload("kind", "field")
    raise make_error("d.inside_raise")
    DomainError("e.direct")
    logger.info("f.not_a_code_here")
"""
    found = {code for _, code in raised_codes(source, frozenset({"DomainError"}))}
    assert found == {
        "a.through_require",
        "b.through_prefix",
        "c.by_keyword",
        "d.inside_raise",
        "e.direct",
    }


def test_every_literal_code_raised_in_backoffice_has_a_message() -> None:
    names = frozenset(c.__name__ for c in _backoffice_error_classes())
    missing = []
    for path in sorted((REPO / "backoffice").rglob("*.py")):
        for line, code in raised_codes(path.read_text(encoding="utf-8"), names):
            if code not in messages.CATALOG:
                missing.append(f"{path.relative_to(REPO)}:{line} {code}")
    assert missing == []


# --- words for identifiers in params --------------------------------------------


def test_every_state_action_and_record_kind_has_words_in_both_languages() -> None:
    identifiers = {
        *(s.value for s in CaseStatus),
        *(s.value for s in TaskStatus),
        *CASE_MACHINE.actions,
        *TASK_MACHINE.actions,
        CASE_MACHINE.entity,
        TASK_MACHINE.entity,
        *COMMAND_ENTITIES.values(),
        *(c.value for c in Check),
    }
    missing = sorted(i for i in identifiers if i not in messages.TERMS)
    assert missing == []
    for ident in identifiers:
        words = messages.TERMS[ident]
        assert set(words) == set(messages.LANGUAGES), ident
        assert all(words[lang].strip() for lang in messages.LANGUAGES), ident


def test_terms_keep_the_glossary_words() -> None:
    # PRODUCT.md glossary: one word, one meaning.
    assert messages.TERMS["review_task"] == {"zh": "审核任务", "en": "review task"}
    assert messages.TERMS["case"] == {"zh": "办件", "en": "case"}
    assert messages.TERMS["route"]["zh"] == "按责转办"
    assert "转办" not in messages.TERMS["transfer"]["zh"]  # not routing: 移交


def _task_error() -> IllegalTransition:
    with pytest.raises(IllegalTransition) as err:
        TASK_MACHINE.apply(TaskStatus.OPINION_GIVEN, "claim")
    return err.value


def _case_error() -> IllegalTransition:
    case = Case(
        case_code="220100-2025-000001",
        service_item_code="SI-FOOD-01",
        service_item_name="食品经营许可证核发",
        applicant=Applicant("王芳（虚构）", "220101199001010000"),
        lead_department="MSA-220100",
        kind=CaseKind.PROMISED,
        status=CaseStatus.ACCEPTED,
        accepted_at=dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC),
        promised_days=10,
        statutory_days=20,
    )
    with pytest.raises(IllegalTransition) as err:
        case.apply("decide")
    return err.value


def test_illegal_transition_of_a_real_task_is_worded() -> None:
    error = _task_error()
    zh = messages.render(error, "zh")
    en = messages.render(error, "en")
    assert zh == "审核任务当前为“已出具意见”，不能“认领”（转为“审核中”）：办理环节须按程序依次进行。"
    assert en == (
        "The review task is “opinion given”, where “claim” (to “in review”) is not allowed: "
        "steps must follow the procedure in order."
    )
    for raw in ("review_task", "opinion_given", "in_review"):
        assert raw not in zh and raw not in en


def test_illegal_transition_of_a_real_case_is_worded() -> None:
    error = _case_error()
    zh = messages.render(error, "zh")
    en = messages.render(error, "en")
    assert "办件" in zh and "已受理" in zh and "作出决定" in zh and "已决定" in zh
    assert "The case is “accepted”" in en and "“decide”" in en and "“decided”" in en
    for raw in ("accepted", "decide"):
        assert raw not in zh
    assert error.params["current"] == "accepted"  # the error keeps its identifiers


def test_terms_word_only_known_params_and_values() -> None:
    assert messages.term("review_task", "zh") == "审核任务"
    assert messages.term("in_review/suspended", "en") == "in review/clock suspended"
    assert messages.term("in_review/nonsense", "en") == "in_review/nonsense"
    assert messages.term("?", "zh") == "?"
    # an id that happens to be a term is not worded: "id" is not a term param
    error = BackofficeError("store.not_found", entity="review_task", id="case")
    assert messages.render(error, "zh") == "本地存储中没有审核任务 case。"


def test_illegal_transition_names_both_states_in_both_languages() -> None:
    error = IllegalTransition(entity="审核任务", action="认领", current="已办结", target="审核中")
    zh = messages.render(error, "zh")
    en = messages.render(error, "en")
    for text in (zh, en):
        assert "已办结" in text and "审核中" in text and "审核任务" in text and "认领" in text
    assert "不能" in zh
    assert "not allowed" in en


def test_newer_schema_message() -> None:
    error = BackofficeError("store.newer_schema", found="0007", supported="0005", path="/d/store.sqlite3")
    assert messages.render(error, "en").startswith("The local store /d/store.sqlite3 was written by a newer")
    assert "0007" in messages.render(error, "zh") and "0005" in messages.render(error, "zh")


def test_unknown_code_still_shows_code_and_params() -> None:
    error = BackofficeError("sync.no_such_thing", page=3, cursor="abc")
    assert messages.render(error, "en") == "Error sync.no_such_thing (cursor='abc', page=3)"
    assert messages.render(error, "zh") == "错误 sync.no_such_thing (cursor='abc', page=3)"


def test_known_code_with_missing_params_falls_back_instead_of_raising() -> None:
    error = BackofficeError("deadline.negative_days")  # raised without `days`
    assert messages.render(error, "en") == "Error deadline.negative_days"


def test_base_error_has_a_message() -> None:
    assert messages.render(BackofficeError(), "zh") == "操作失败。"


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("en", {"BACKOFFICE_LANG": "zh"}, "en"),
        (None, {"BACKOFFICE_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"BACKOFFICE_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"BACKOFFICE_LANG": "fr", "LANG": "en_GB.UTF-8"}, "en"),  # unknown value skipped
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LANG": "C.UTF-8"}, "zh"),  # not getlocale's en_US guess
        (None, {"LANG": "de_DE.UTF-8"}, "zh"),
    ],
)
def test_language_resolution(explicit: str | None, env: dict[str, str], expected: str,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("BACKOFFICE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert messages.resolve_language(explicit) == expected


def test_windows_style_locale_names(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("BACKOFFICE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(messages.locale, "getlocale", lambda: ("Chinese (Simplified)_China", "936"))
    assert messages.resolve_language() == "zh"
    monkeypatch.setattr(messages.locale, "getlocale", lambda: ("English_United States", "1252"))
    assert messages.resolve_language() == "en"


@pytest.mark.parametrize("code", sorted(messages.COUNTED_BY))
def test_a_count_of_one_reads_singular_in_english_and_the_same_in_chinese(code: str) -> None:
    one = messages.CATALOG[f"{code}.one"]
    assert messages.placeholders(one["en"]) == messages.placeholders(messages.CATALOG[code]["en"])
    params = {p: "x" for p in messages.placeholders(one["en"])}
    counted = messages.COUNTED_BY[code]
    singular = messages.render_code(code, {**params, counted: 1}, "en")
    plural = messages.render_code(code, {**params, counted: 2}, "en")
    assert singular != plural and "(s)" not in singular + plural
    assert (messages.render_code(code, {**params, counted: 1}, "zh")
            == messages.CATALOG[code]["zh"].format(**{**params, counted: 1}))


def test_no_english_sentence_hedges_its_plural_with_s_in_brackets() -> None:
    assert [c for c, e in messages.CATALOG.items() if "(s)" in e["en"]] == []
    assert messages.render_code("cli.days_late", {"days": 1}, "en") == "1 working day late"
