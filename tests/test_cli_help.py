"""``backoffice --help`` and argparse's errors in the language of ``--lang`` or the environment.

In process, through :func:`backoffice.cli.main`: the help of the program
and of every command and action, argparse's own words ("usage:",
"options", its errors) and our help texts, wholly in Chinese but for what
is typed (options, metavars, choices, names of files and standards).
"""

from __future__ import annotations

import argparse
import re

import pytest

from backoffice import cli, cli_help


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The argv of every command and action: ``()``, ``("store",)``, ``("store", "info")`` …"""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _commands(child, (*path, name))
    return found


COMMANDS = _commands(cli.build_parser())


def _typed(parser: argparse.ArgumentParser) -> set[str]:
    """The words a person types, which no language changes: options, choices, names."""
    words: set[str] = set(parser.prog.split())
    for action in parser._actions:
        words |= {w for o in action.option_strings for w in o.strip("-").split("-")}
        words |= {w for c in action.choices or () for w in str(c).split("_")}
    return words


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        cli.main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_every_help_text_has_its_chinese() -> None:
    texts = cli_help.help_texts(cli.build_parser())
    assert len(texts) > 80
    assert [t for t in texts if t not in cli_help.ZH] == []
    assert all(re.search(r"[\u4e00-\u9fff]", cli_help.ZH[t]) for t in texts)


# Names of standards, formats and files, said the same in Chinese.
_KEPT = {"backoffice", "zh", "en", "ca", "url", "pdf", "json", "png", "pkcs", "pin", "rfc", "crl",
         "ocsp", "der", "pem", "gb", "sqlite", "sqlalchemy", "https", "http", "onevisit", "back",
         "office", "so", "dll", "p12", "pfx"}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "backoffice")
def test_help_is_wholly_chinese_for_lang_zh(capsys: pytest.CaptureFixture[str],
                                            command: tuple[str, ...]) -> None:
    page = _help(capsys, "--lang", "zh", *command)
    assert page.startswith("用法：backoffice") and "选项" in page, page
    parser = cli.build_parser()
    for name in command:
        parser = next(a for a in parser._actions
                      if isinstance(a, argparse._SubParsersAction)).choices[name]
    kept = _KEPT | {w.lower() for w in _typed(parser)}
    text = re.sub(r"\S*[/.$<]\S*", "", page)  # file names, paths, the environment variable
    text = re.sub(r"\b[A-Z][A-Z0-9_]*\b", "", text)  # metavars
    leftover = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text) if w.lower() not in kept]
    assert leftover == [], page


def test_help_stays_english_for_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    page = _help(capsys, "--lang", "en", "sync")
    assert page.startswith("usage: backoffice sync")
    assert "show this help message and exit" in page and "one sync, then exit" in page


def test_without_lang_the_environment_decides(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKOFFICE_LANG", "zh")
    assert "同步一次后退出" in _help(capsys, "sync")
    monkeypatch.setenv("BACKOFFICE_LANG", "en")
    assert "one sync, then exit" in _help(capsys, "sync")
    # The nearer --lang wins, as when parsed.
    assert "同步一次后退出" in _help(capsys, "--lang", "en", "sync", "--lang=zh")


def test_usage_errors_are_said_in_chinese_and_argparse_is_given_back(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--lang", "zh", "sync", "--interval", "0"])
    assert done.value.code == 2
    error = capsys.readouterr().err
    assert "用法：backoffice sync" in error
    assert "backoffice sync：错误：参数 --interval：至少 10 秒，不能是 0" in error
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh"])
    assert "缺少必需的参数：COMMAND" in capsys.readouterr().err
    # Once parsed, argparse says its own words again (another parser in the process).
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert cli_help.said("usage: ") == "usage: "


@pytest.mark.parametrize(("argv", "lang"), [
    (["--lang", "zh", "tasks"], "zh"),
    (["--lang=en", "tasks"], "en"),
    (["--lang", "en", "app", "--lang", "zh"], "zh"),
    (["comment", "X", "--", "--lang", "zh"], None),  # after --: a comment's text
    (["tasks"], None),
])
def test_the_language_is_found_before_parsing(argv: list[str], lang: str | None) -> None:
    assert cli.asked_language(argv) == lang
