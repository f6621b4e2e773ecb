"""``backoffice …`` in a subprocess, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from backoffice import __version__, cli, paths
from backoffice.domain.errors import BackofficeError

REPO = Path(__file__).resolve().parent.parent

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture


def _table(stdout: str) -> dict[str, str]:
    rows = {}
    for line in stdout.splitlines():
        name, _, value = line.partition("  ")
        rows[name.strip()] = value.strip()
    return rows


def test_version(run_cli: CliRunner) -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"backoffice {__version__}" == "backoffice 0.1.0"


@pytest.mark.parametrize(("lang", "usage"), [("en", "usage: backoffice"),
                                             ("zh", "用法：backoffice")])
def test_no_command_is_a_usage_error(run_cli: CliRunner, lang: str, usage: str) -> None:
    result = run_cli(env={"BACKOFFICE_LANG": lang})
    assert result.returncode == 2
    assert usage in result.stderr


def test_paths_honour_backoffice_data_dir(run_cli: CliRunner, data_dir: Path) -> None:
    result = run_cli("paths", env={"BACKOFFICE_LANG": "en"})
    assert result.returncode == 0, result.stderr
    rows = _table(result.stdout)
    assert rows["data"] == str(data_dir)
    assert rows["logs"] == str(data_dir / "logs")
    assert rows["cache"] == str(data_dir / "cache")
    assert rows["store"] == str(data_dir / "store.sqlite3")
    assert rows["log file"] == str(data_dir / "logs" / "backoffice.log")
    assert (data_dir / "logs").is_dir() and (data_dir / "cache").is_dir()
    assert not (data_dir / "store.sqlite3").exists()  # paths only names it


@pytest.mark.skipif(os.name != "posix", reason="Windows profile folders are private by ACL")
def test_the_data_logs_and_cache_are_the_users_alone(run_cli: CliRunner, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    data_dir.chmod(0o755)  # as an older version, or a portable install, left it
    before = os.umask(0o022)  # the usual one: files readable by every account
    try:
        result = run_cli("paths")
    finally:
        os.umask(before)
    assert result.returncode == 0, result.stderr
    for folder in (data_dir, data_dir / "logs", data_dir / "cache"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (("--lang", "en"), {}, "is a file, but a folder is needed there."),
        (("--lang", "zh"), {}, "是一个文件，此处需要的是文件夹。"),
        ((), {"BACKOFFICE_LANG": "en"}, "is a file, but a folder is needed there."),
        ((), {"BACKOFFICE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"},
         "是一个文件"),
    ],
)
def test_backoffice_error_is_told_in_the_users_language_with_exit_2(
        run_cli: CliRunner, data_dir: Path, args: tuple[str, ...], env: dict[str, str | None],
        expected: str) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file where the data folder should be")
    result = run_cli(*args, "paths", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"backoffice: {data_dir}")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("server", ["ftp://platform.example", "http://platform.example.gov.cn",
                                    # urlsplit raises on it: was an "unexpected error", exit 1
                                    "https://[::1"])
def test_login_to_an_unusable_address_says_so_before_asking_for_the_password(
        run_cli: CliRunner, server: str) -> None:
    result = run_cli("login", "--server", server, "--user", "wang", env={"BACKOFFICE_LANG": "en"},
                     input="")
    assert result.returncode == 2
    assert "Password" not in result.stdout + result.stderr
    assert "No password given" not in result.stderr
    assert server in result.stderr


def test_text_from_a_terminal_in_another_encoding_is_refused_with_the_reason(
        run_cli: CliRunner) -> None:
    # A GBK terminal under a UTF-8 locale: Python keeps the bytes as surrogates.
    text = os.fsdecode("请补充营业执照".encode("gbk"))
    result = run_cli("comment", "220100-20250303-000002", text, env={"BACKOFFICE_LANG": "en"})
    assert result.returncode == 2, result.stderr
    assert "The text argument is not text in the system's encoding" in result.stderr
    assert "Unexpected" not in result.stderr


@pytest.mark.parametrize("interval", ["0", "-5", "nan", "9.5", "soon"])
def test_a_sync_interval_that_would_flood_the_platform_is_refused(
        run_cli: CliRunner, interval: str) -> None:
    result = run_cli("sync", "--interval", interval, env={"BACKOFFICE_LANG": "en"})
    assert result.returncode == 2
    assert "--interval" in result.stderr and "seconds" in result.stderr


def test_a_reader_that_closes_the_pipe_early_ends_the_command_quietly(
        data_dir: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # gone before anything is written: like "| true"
    try:
        child = subprocess.run([sys.executable, "-m", "backoffice.cli", "paths"], cwd=REPO,
                               stdout=write, stderr=subprocess.PIPE, text=True, timeout=60,
                               check=False)
    finally:
        os.close(write)
    assert child.returncode == 141
    assert child.stderr == ""  # no "Unexpected error", no "Exception ignored"


def test_unexpected_error_is_logged_with_traceback_and_exits_1(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args: object) -> int:
        raise ZeroDivisionError("division by zero in a command")

    real = cli.commands

    def with_broken() -> dict[str, cli.Command]:
        return {**real(), "broken": cli.Command("fails", cli._no_arguments, broken)}

    monkeypatch.setattr(cli, "commands", with_broken)
    assert cli.main(["--lang", "en", "broken"]) == 1
    err = capsys.readouterr().err
    log = data_dir / "logs" / "backoffice.log"
    # The class name goes to the log only.
    assert err == f"backoffice: An unexpected error occurred. Details are in the log: {log}\n"
    text = log.read_text(encoding="utf-8")
    assert "broken failed unexpectedly" in text
    assert "  | ZeroDivisionError: division by zero in a command" in text


def test_backoffice_error_in_process(capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(args: object) -> int:
        raise BackofficeError("store.newer_schema", found=9, supported=3, path="/x/store.sqlite3")

    real = cli.commands
    monkeypatch.setattr(cli, "commands", lambda: {**real(), "refuse": cli.Command("", cli._no_arguments, refuse)})
    assert cli.main(["--lang", "zh", "refuse"]) == 2
    assert "结构版本 9，本版本最高支持 3" in capsys.readouterr().err


def test_app_demo_smoke_exits_0_offscreen(run_cli: CliRunner, data_dir: Path) -> None:
    result = run_cli("app", "--demo", "--smoke", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    text = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "starting app" in text and "start-up complete" in text
    assert "ERROR" not in text


def test_app_without_display_says_so_instead_of_aborting(run_cli: CliRunner) -> None:
    result = run_cli("--lang", "en", "app",
                     env={"QT_QPA_PLATFORM": None, "DISPLAY": None, "WAYLAND_DISPLAY": None})
    assert result.returncode == 2
    assert "No display to open the window on" in result.stderr


def test_app_smoke_without_display_falls_back_to_offscreen(run_cli: CliRunner) -> None:
    result = run_cli("app", "--smoke",
                     env={"QT_QPA_PLATFORM": None, "DISPLAY": None, "WAYLAND_DISPLAY": None})
    assert result.returncode == 0, result.stderr


def test_app_start_up_failure_exits_nonzero_with_reason(run_cli: CliRunner, data_dir: Path) -> None:
    # Logs can be written, but the cache folder is blocked by a file.
    (data_dir / "logs").mkdir(parents=True)
    (data_dir / "cache").write_text("in the way")
    result = run_cli("--lang", "en", "app", "--demo", "--smoke", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2
    assert f"{data_dir / 'cache'} is a file, but a folder is needed there." in result.stderr
    text = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "app start-up failed: paths.not_a_directory" in text


def test_app_start_up_failure_when_even_the_log_cannot_be_written(run_cli: CliRunner, data_dir: Path) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file")
    result = run_cli("--lang", "zh", "app", "--smoke", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2
    assert f"{data_dir} 是一个文件" in result.stderr


def test_screenshot_to_an_unwritable_place_fails(run_cli: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("file")
    result = run_cli("--lang", "en", "app", "--screenshot", str(blocker / "shot.png"),
                     env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2
    assert "Could not save the screenshot" in result.stderr


def test_module_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "backoffice", "--version"], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.stdout.strip() == "backoffice 0.1.0"


# --- start-up cost: building the parser imports nothing heavy ------------------

_PARSER_IMPORTS = textwrap.dedent("""
    import sys
    from backoffice import cli
    parser = cli.build_parser()
    parser.parse_args(["store", "info", "--json"])
    try:
        cli.main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0, exc.code
    heavy = sorted({m.split(".")[0] for m in sys.modules}
                   & {"sqlalchemy", "alembic", "PySide6", "shiboken6", "ui"})
    print("HEAVY:", heavy)
""")


def test_building_the_parser_imports_no_sqlalchemy_alembic_or_qt() -> None:
    result = subprocess.run([sys.executable, "-c", _PARSER_IMPORTS], cwd=REPO, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert f"backoffice {__version__}" in result.stdout
    assert "HEAVY: []" in result.stdout, result.stdout


# --- --lang before or after `app` -------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["app"], None),
        (["--lang", "en", "app"], "en"),
        (["app", "--lang", "en"], "en"),
        (["--lang", "en", "app", "--lang", "zh"], "zh"),  # the nearer one wins
        (["--lang", "en", "app", "--demo"], "en"),  # a sub-command default must not undo it
        (["--lang", "zh", "paths"], "zh"),
    ],
)
def test_lang_before_or_after_app(argv: list[str], lang: str | None) -> None:
    assert cli.build_parser().parse_args(argv).lang == lang


def test_app_lang_en_after_the_command(run_cli: CliRunner) -> None:
    # README: English comes with --lang en; `backoffice app --lang en` said
    # "unrecognized arguments" and exited 2.
    result = run_cli("app", "--lang", "en", "--demo",
                     env={"QT_QPA_PLATFORM": None, "DISPLAY": None, "WAYLAND_DISPLAY": None,
                          "BACKOFFICE_LANG": "zh"})
    assert result.returncode == 2
    assert "unrecognized arguments" not in result.stderr
    assert "No display to open the window on" in result.stderr


def test_app_lang_en_smoke(run_cli: CliRunner) -> None:
    result = run_cli("app", "--lang", "en", "--smoke", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr


# --- profile names that Windows would not keep apart -----------------------------


@pytest.mark.parametrize(
    "profile",
    ["CON", "con", "Nul", "aux", "PRN", "COM1", "com9", "LPT1", "lpt3", "con.txt", "NUL.tar.gz",
     "abc.", "abc..", "abc ", " abc", "../escape", "a/b", "a\\b", ".hidden", "", "x" * 101],
)
def test_invalid_profile_names_are_refused(profile: str) -> None:
    with pytest.raises(BackofficeError) as caught:
        paths.store_path(profile, create=False)
    assert caught.value.code == "paths.invalid_profile"
    assert caught.value.params == {"profile": profile}


@pytest.mark.parametrize("profile", ["training", "zhangsan", "user-01", "a.b", "console",
                                     "com10", "lpt", "nul_1", "张三", "CONTOSO"])
def test_valid_profile_names(profile: str, data_dir: Path) -> None:
    assert paths.store_path(profile) == data_dir / "profiles" / profile / "store.sqlite3"


@pytest.mark.parametrize("encoding", [{"PYTHONIOENCODING": "latin-1"},
                                      # the C locale itself: ASCII with "surrogateescape"
                                      {"PYTHONIOENCODING": None, "PYTHONCOERCECLOCALE": "0",
                                       "PYTHONUTF8": "0"}])
def test_an_output_that_cannot_hold_chinese_gets_english_and_escapes_not_a_crash(
        run_cli: CliRunner, data_dir: Path, encoding: dict[str, str | None]) -> None:
    # A terminal or file in the C locale, or cp1252 on an English Windows: printing a
    # Chinese word was an "unexpected error" (exit 1), and --help a traceback.
    env = {"BACKOFFICE_LANG": None, "LC_ALL": "C", **encoding}
    helped = run_cli("--help", env=env)
    assert helped.returncode == 0, helped.stderr
    assert "usage: backoffice" in helped.stdout  # English: the locale named no language
    asked = run_cli("--lang", "zh", "--help", env=env)  # asked for: escaped, still said
    assert asked.returncode == 0, asked.stderr
    assert "\\u7528\\u6cd5" in asked.stdout  # 用法
    paths_zh = run_cli("--lang", "zh", "paths", env=env)
    assert paths_zh.returncode == 0, paths_zh.stderr
    assert f"\\u6570\\u636e\\u76ee\\u5f55  {data_dir}" in paths_zh.stdout  # 数据目录
    assert "Traceback" not in helped.stderr + asked.stderr + paths_zh.stderr
