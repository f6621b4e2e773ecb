"""Messages for error codes: both languages, same placeholders, every raised code covered."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import backoffice
from backoffice import messages
from backoffice.domain.errors import BackofficeError, IllegalTransition

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


def test_every_literal_code_raised_in_backoffice_has_a_message() -> None:
    names = {c.__name__ for c in _backoffice_error_classes()}
    missing = []
    for path in sorted((REPO / "backoffice").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (name in names and isinstance(first, ast.Constant) and isinstance(first.value, str)
                    and first.value not in messages.CATALOG):
                missing.append(f"{path.relative_to(REPO)}:{node.lineno} {first.value}")
    assert missing == []


def test_illegal_transition_names_both_states_in_both_languages() -> None:
    error = IllegalTransition(entity="审核任务", current="已办结", target="审核中")
    zh = messages.render(error, "zh")
    en = messages.render(error, "en")
    for text in (zh, en):
        assert "已办结" in text and "审核中" in text and "审核任务" in text
    assert "不能" in zh
    assert "cannot" in en


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
