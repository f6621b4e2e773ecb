"""``backoffice --help`` and argparse's errors in the language of ``--lang`` or the environment.

In process, through :func:`backoffice.cli.main`: the help of the program
and of every command and action, argparse's own words ("usage:",
"options", its errors) and our help texts, wholly in Chinese but for what
is typed (options, metavars, choices, names of files and standards).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from backoffice import cli, cli_help, cli_text


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
    words: set[str] = set(re.split(r"[\s-]", parser.prog))
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
    assert _untranslated(page, parser) == [], page


def _untranslated(page: str, parser: argparse.ArgumentParser) -> list[str]:
    """The Latin words of a help page that are neither typed nor names."""
    kept = _KEPT | {w.lower() for w in _typed(parser)}
    text = re.sub(r"\S*[/.$<]\S*", "", page)  # file names, paths, the environment variable
    text = re.sub(r"\b[A-Z][A-Z0-9_]*\b", "", text)  # metavars
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text) if w.lower() not in kept]


def test_the_gui_help_is_in_the_language_asked_for(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app  # Qt: only this test needs it

    assert [t for t in cli_help.help_texts(app.build_parser()) if t not in cli_help.ZH] == []

    def page(*argv: str) -> str:
        with pytest.raises(SystemExit) as done:
            app.main([*argv, "--help"])
        assert done.value.code == 0
        return capsys.readouterr().out

    chinese = page("--lang", "zh")
    assert chinese.startswith("用法：backoffice-gui") and "培训模式" in chinese, chinese
    assert _untranslated(chinese, app.build_parser()) == [], chinese
    monkeypatch.setenv("BACKOFFICE_LANG", "zh")  # as a Chinese locale does
    assert page().startswith("用法：backoffice-gui")
    assert "training mode" in page("--lang", "en")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


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
    assert "backoffice sync：错误：参数 --interval：须为 10 至 86400 秒（最长一天），不能是 0" in error
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh"])
    assert "缺少必需的参数：命令" in capsys.readouterr().err
    # Once parsed, argparse says its own words again (another parser in the process).
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert cli_help.said("usage: ") == "usage: "


def _cjk(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def test_every_metavar_has_its_chinese() -> None:
    from ui import app  # Qt: backoffice-gui's parser

    for parser in (cli.build_parser(), app.build_parser()):
        assert [m for m in cli_help.metavars(parser)
                if m not in cli_help.METAVARS and not _cjk(m)] == []
    assert all(_cjk(name) for name in cli_help.METAVARS.values())
    for parser in (cli.build_parser("zh"), app.build_parser("zh")):
        assert all(_cjk(m) for m in cli_help.metavars(parser)), cli_help.metavars(parser)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "backoffice")
def test_chinese_help_fits_80_columns_and_names_values_in_chinese(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        command: tuple[str, ...]) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    page = _help(capsys, "--lang", "zh", *command)
    # argparse keeps two columns spare; a Chinese character takes two.
    assert [line for line in page.splitlines() if cli_text.cells(line) > 78] == [], page
    assert re.findall(r"-[\w-]+ ([A-Z][A-Z0-9_.]*)\b", page) == [], page
    usage = page.split("\n\n")[0].splitlines()
    if len(usage) > 1:  # the usage's lines continue under the options, past "用法：backoffice …"
        lead = cli_text.cells(f"用法：backoffice {' '.join(command)} ".replace("  ", " "))
        assert all(len(line) - len(line.lstrip(" ")) == lead for line in usage[1:]), usage


def test_a_chinese_line_wraps_between_characters_not_before_punctuation() -> None:
    text = "在标准错误上显示已接收的记录和文件数（默认：标准错误为终端时显示）"
    lines = cli_help.wrap(text, 20)
    assert "".join(lines) == text and len(lines) == 4
    assert all(cli_text.cells(line) <= 20 for line in lines)
    assert not any(line[0] in "，。：）" or line[-1] == "（" for line in lines), lines
    assert cli_help.wrap("PKCS#11：证书标签 (default: key label)", 16) == [
        "PKCS#11：证书标", "签 (default: key", "label)"]



def test_a_placeholder_in_angle_brackets_is_kept_whole() -> None:
    text = cli_help.ZH["database: a SQLite file path or a SQLAlchemy URL "
                       "(default: <data dir>/sandbox/platform.sqlite3)"]
    for width in range(40, 60):
        lines = cli_help.wrap(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert any("<数据目录>" in line for line in lines), lines


@pytest.mark.parametrize(("argv", "lang"), [
    (["--lang", "zh", "tasks"], "zh"),
    (["--lang=en", "tasks"], "en"),
    (["--lang", "en", "app", "--lang", "zh"], "zh"),
    (["comment", "X", "--", "--lang", "zh"], None),  # after --: a comment's text
    (["tasks"], None),
])
def test_the_language_is_found_before_parsing(argv: list[str], lang: str | None) -> None:
    assert cli.asked_language(argv) == lang


# --- what the commands print besides their pages --------------------------------------


def _latin(text: str) -> list[str]:
    """Latin words left once paths are taken out (WAL is a name)."""
    text = re.sub(r"\S*[/\\]\S*", "", text)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w != "WAL"]


def test_paths_store_and_sandbox_lines_in_chinese(capsys: pytest.CaptureFixture[str],
                                                  data_dir: Path, tmp_path: Path) -> None:
    assert cli.main(["--lang", "zh", "paths"]) == 0
    rows = dict(line.split(maxsplit=1) for line in capsys.readouterr().out.splitlines())
    assert rows["数据目录"] == str(data_dir) and rows["本地存储"] == str(data_dir / "store.sqlite3")
    assert rows["日志文件"] == str(data_dir / "logs" / "backoffice.log")

    assert cli.main(["--lang", "zh", "store", "info"]) == 0
    assert "是否存在  否（首次启动程序时创建）" in capsys.readouterr().out
    assert cli.main(["--lang", "zh", "store", "migrate"]) == 0
    assert "：结构版本 " in capsys.readouterr().out
    assert cli.main(["--lang", "zh", "store", "info"]) == 0
    page = capsys.readouterr().out
    assert "（已是最新；本程序：" in page and "WAL 已开启" in page and "待发送队列  " in page
    head = page.split("\n  ")[0]  # the labels' lines, above the tables' counts
    assert _latin(head) == [], page

    db = tmp_path / "platform.sqlite3"
    seed = ["sandbox", "seed", "--db", str(db), "--seed", "1", "--demo-password", "pw12345"]
    assert cli.main(["--lang", "zh", *seed, "--cases", "3"]) == 0
    said = capsys.readouterr().out
    assert re.fullmatch(r"已生成 3 件办件、\d+ 个用户，用时 [\d.]+ 秒\n", said), said
    assert cli.main(["--lang", "en", *seed, "--cases", "3"]) == 0
    assert capsys.readouterr().out.startswith("seeded 3 cases, ")
    assert cli.main(["--lang", "zh", *seed, "--cases", "-1"]) == 2
    assert "--cases 须为 0 或正整数，不能是 -1。" in capsys.readouterr().err


def test_the_sandbox_says_where_it_serves_in_chinese(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "backoffice.cli", "--lang", "zh", "sandbox", "serve",
         "--db", str(tmp_path / "platform.sqlite3"), "--port", "0"],
        env={**os.environ, "PYTHONIOENCODING": "utf-8"}, text=True, encoding="utf-8",
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout is not None
        banner = child.stdout.readline()
    finally:
        child.terminate()
        child.communicate(timeout=30)
    assert re.fullmatch(r"沙箱平台已在 http://127\.0\.0\.1:\d+ 上运行（数据库 sqlite:///\S+）\n",
                        banner), banner


def test_a_value_of_the_wrong_type_is_named_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, said in ((["tasks", "--limit", "x"], "参数 --limit：不是整数：'x'"),
                       (["sandbox", "seed", "--cases", "1.5", "--seed", "1"],
                        "参数 --cases：无效的整数值：'1.5'")):
        with pytest.raises(SystemExit) as done:
            cli.main(["--lang", "zh", *argv])
        assert done.value.code == 2
        error = capsys.readouterr().err
        assert said in error, error
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "tasks", "--limit", "x"])
    assert "argument --limit: not a whole number: 'x'" in capsys.readouterr().err
    assert cli.build_parser("zh").parse_args(["tasks", "--limit", "7"]).limit == 7


def test_chinese_section_titles_end_in_a_full_width_colon(
        capsys: pytest.CaptureFixture[str]) -> None:
    page = _help(capsys, "--lang", "zh")
    titles = [line for line in page.splitlines() if line and not line.startswith(" ")]
    assert {"位置参数：", "选项："} <= set(titles), page
    assert "位置参数:" not in page and "选项:" not in page, page
    english = _help(capsys, "--lang", "en").splitlines()
    assert "positional arguments:" in english and "options:" in english


@pytest.mark.parametrize(("lang", "said"), [("en", "this account's next sign-in"),
                                             ("zh", "该账户下次登录")])
def test_logout_says_whose_next_sign_in_sends_the_queue(
        capsys: pytest.CaptureFixture[str], lang: str, said: str) -> None:
    # Another person's sign-in here does not send it: "the next sign-in" let it seem so.
    shown = "".join(_help(capsys, "--lang", lang, "logout").split())  # unwrapped
    assert said.replace(" ", "") in shown
