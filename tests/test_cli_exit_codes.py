"""One exit code per kind of failure, the same for every command; ``status --json`` signed out.

The real ``backoffice`` in a child process against the sandbox: stopped
(offline), a wrong password, nobody signed in. The kinds a child cannot
easily meet (forbidden, conflict, server error, bad payload) are checked on
the errors the remote layer itself builds from such answers.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support import seeded_platform
from support.platform_env import PASSWORD, user
from support.queued_elsewhere import queue_a_comment

from backoffice import cli, exit_codes
from backoffice.domain.errors import BackofficeError
from backoffice.remote import errors
from backoffice.sandbox.server import Sandbox, running_sandbox
from backoffice.sync import accounts

SUPPORT = Path(__file__).resolve().parent / "support"
CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
platform_file, sandbox = seeded_platform.platform_file, seeded_platform.sandbox  # fixtures


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str | None]:
    """A child whose keyring is a file: what its login saves, its next command reads."""
    return {"PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
            "BACKOFFICE_TEST_KEYRING": str(tmp_path / "keyring.json"),
            "PYTHONPATH": str(SUPPORT), "BACKOFFICE_LANG": "en"}


def _login(run_cli: CliRunner, url: str, env: dict[str, str | None],
           password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    return run_cli("login", "--server", url, "--user", user(), "--password-stdin",
                   input=password + "\n", env=env)


# --- against the sandbox ------------------------------------------------------------


@pytest.mark.parametrize("command", [("sync", "--once"), ("tasks",), ("claim", "C-1"),
                                     ("logout",), ("status",), ("status", "--json")])
def test_nobody_signed_in_is_its_own_exit_code_for_every_command(
        run_cli: CliRunner, env: dict[str, str | None], command: tuple[str, ...]) -> None:
    done = run_cli(*command, env=env)
    assert done.returncode == exit_codes.NOT_SIGNED_IN == 5, done.stderr
    assert "Not signed in" in done.stderr


def test_a_wrong_password_is_told_apart_from_an_unreachable_platform(
        run_cli: CliRunner, env: dict[str, str | None], platform_file: Path) -> None:
    with running_sandbox(str(platform_file)) as sandbox:
        wrong = _login(run_cli, sandbox.url, env, password="not it")
        assert wrong.returncode == exit_codes.SIGN_IN_REFUSED == 6, wrong.stderr
    offline = _login(run_cli, sandbox.url, env)  # the same address, nobody serving it
    assert offline.returncode == exit_codes.OFFLINE == 4, offline.stderr
    assert "cannot be reached" in offline.stderr


def test_a_stopped_platform_is_offline_for_sync_and_the_local_commands_still_work(
        run_cli: CliRunner, env: dict[str, str | None], platform_file: Path) -> None:
    with running_sandbox(str(platform_file)) as sandbox:
        assert _login(run_cli, sandbox.url, env).returncode == 0
        assert run_cli("sync", "--once", env=env).returncode == 0
    offline = run_cli("sync", "--once", env=env)
    assert offline.returncode == exit_codes.OFFLINE, offline.stderr
    status = run_cli("status", "--json", env=env)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["signed_in"] is True


def test_status_json_when_signed_out_is_json_with_what_is_known(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    before = run_cli("status", "--json", env={"BACKOFFICE_LANG": "en"})
    assert before.returncode == exit_codes.NOT_SIGNED_IN
    first = json.loads(before.stdout)
    assert first["signed_in"] is False and first["platform"] is None and first["pending"] is None

    account = queue_a_comment(sandbox.url, user())
    accounts.clear_current()  # signed out, the queue kept in the account's store
    after = run_cli("status", "--json", env={"BACKOFFICE_LANG": "en"})
    assert after.returncode == exit_codes.NOT_SIGNED_IN, after.stderr
    data = json.loads(after.stdout)  # stdout is JSON and nothing else
    assert data["signed_in"] is False
    assert (data["platform"], data["user"]) == (account.platform_url, account.username)
    assert data["store"] == str(account.store_path())
    assert data["pending"] == 1
    assert "Not signed in" in after.stderr


def test_status_json_gives_null_for_no_sync_and_the_department_code_and_name_apart(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    account, _client = accounts.sign_in(sandbox.url, user(), PASSWORD)
    done = run_cli("status", "--json", env={"BACKOFFICE_LANG": "en"})
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["last_sync"] is None
    assert data["department_code"] == account.department_code != ""
    assert data["department_name"] == account.department_name != ""
    # Kept as it was, for the scripts that read it.
    assert data["department"] == f"{account.department_name} ({account.department_code})"
    table = run_cli("status", env={"BACKOFFICE_LANG": "en"})
    assert table.returncode == 0, table.stderr
    last = next(line for line in table.stdout.splitlines() if "last sync" in line)
    assert last.split()[-1] == "-"


# --- the kinds the remote layer builds ------------------------------------------------


def _answer(status: int, *, signing_in: bool = False) -> int:
    error = errors.from_response(status, {}, b"", host="platform.example", signing_in=signing_in)
    return exit_codes.for_error(error.code, error.params)


def test_each_kind_of_platform_answer_has_its_code() -> None:
    assert _answer(401) == exit_codes.NOT_SIGNED_IN
    assert _answer(401, signing_in=True) == exit_codes.SIGN_IN_REFUSED
    assert _answer(429, signing_in=True) == exit_codes.SIGN_IN_REFUSED
    assert _answer(403) == exit_codes.FORBIDDEN
    assert _answer(409) == exit_codes.CONFLICT
    assert _answer(503) == exit_codes.SERVER_ERROR
    assert _answer(429) == exit_codes.SERVER_ERROR
    assert _answer(302) == exit_codes.BAD_PAYLOAD
    assert _answer(422) == exit_codes.USAGE  # a refusal of what was given
    refused = errors.from_exception(ConnectionRefusedError(), host="platform.example")
    assert exit_codes.for_error(refused.code, refused.params) == exit_codes.OFFLINE


def test_the_codes_are_distinct_and_the_remote_layers_own() -> None:
    numbers = [code for code, _, _ in exit_codes.MEANINGS]
    assert len(numbers) == len(set(numbers))
    remote = {value for name, value in vars(errors).items()
              if name.isupper() and isinstance(value, str) and value.startswith("remote.")}
    assert {code for code in exit_codes._BY_CODE if code.startswith("remote.")} <= remote


def test_an_error_of_no_remote_kind_keeps_exit_2() -> None:
    assert cli.handle_failure(BackofficeError("store.not_found", entity="case", id="x"),
                              lang="en") == exit_codes.USAGE


@pytest.mark.parametrize(("lang", "title", "line"), [
    ("en", "exit codes:", "4 the platform cannot be reached"),
    ("zh", "退出码：", "4 无法连接平台"),
])
def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str], lang: str, title: str,
                                   line: str) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", lang, "--help"])
    shown = capsys.readouterr().out
    assert title in shown
    assert any(row.strip().startswith(line) for row in shown.splitlines()), shown
