"""Values the command line refuses before any command runs, said in the chosen language.

``tasks --limit -1`` listed everything, ``efficiency --from 20261201`` and
``2026-W49-1`` were taken though the help says YYYY-MM-DD, ``sync --interval
1e9`` was a schedule of 31 years, and ``--interval ""`` was "not a number".
"""

from __future__ import annotations

import pytest

from backoffice import cli, exit_codes

Capture = pytest.CaptureFixture[str]


def _refused(capsys: Capture, *argv: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--lang", "en", *argv])
    assert stopped.value.code == exit_codes.USAGE
    return capsys.readouterr().err


@pytest.mark.parametrize("value", ["-1", "0", "-100", "ten"])
def test_tasks_limit_must_be_a_positive_whole_number(capsys: Capture, value: str) -> None:
    err = _refused(capsys, "tasks", f"--limit={value}")
    assert "--limit" in err and value in err, err


@pytest.mark.parametrize("value", ["20261201", "2026-W49-1", "2026-12-1", "2026-02-30", "01.12.2026"])
@pytest.mark.parametrize("flag", ["--from", "--to"])
def test_efficiency_dates_are_yyyy_mm_dd_only(capsys: Capture, flag: str, value: str) -> None:
    err = _refused(capsys, "efficiency", flag, value)
    assert "YYYY-MM-DD" in err and value in err, err


@pytest.mark.parametrize("value", ["1e9", "inf", "86401", "9"])
def test_sync_interval_is_bounded_to_a_day(capsys: Capture, value: str) -> None:
    err = _refused(capsys, "sync", "--interval", value)
    assert "86400" in err and "10" in err, err


def test_an_empty_interval_is_said_empty(capsys: Capture) -> None:
    assert "must not be empty" in _refused(capsys, "sync", "--interval", "")


def test_refusals_are_said_in_chinese(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh", "tasks", "--limit", "-1"])
    assert "至少为 1" in capsys.readouterr().err


def test_values_in_bounds_are_taken() -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["tasks", "--limit", "1"]).limit == 1
    assert parser.parse_args(["sync", "--interval", "86400"]).interval == 86400.0
    assert parser.parse_args(["sync", "--interval", "10"]).interval == 10.0
    assert parser.parse_args(["efficiency", "--from", "2026-12-01"]).start == "2026-12-01"


def test_tasks_help_says_colleagues_tasks_are_listed_too(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "tasks", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "still need you" not in out
    assert "whoever holds them" in out
