"""What ``login`` and ``logout`` say at the edges: no terminal, a colleague, no platform.

In process (``cli.main``) against the sandbox on loopback, with the tests'
memory keyring; a stopped sandbox is a platform that cannot be reached.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from support import seeded_platform
from support.platform_env import PASSWORD, demo_data, user
from support.queued_elsewhere import queue_a_comment

from backoffice import cli, exit_codes, messages
from backoffice.sandbox.server import Sandbox, running_sandbox
from backoffice.sync import accounts

Capture = pytest.CaptureFixture[str]
platform_file, sandbox = seeded_platform.platform_file, seeded_platform.sandbox  # fixtures


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))  # not a terminal


def _login(monkeypatch: pytest.MonkeyPatch, url: str, name: str, lang: str = "en") -> int:
    _stdin(monkeypatch, PASSWORD + "\n")
    return cli.main(["--lang", lang, "login", "--server", url, "--user", name,
                     "--password-stdin"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_login_with_no_terminal_and_nothing_on_stdin_says_to_use_password_stdin(
        monkeypatch: pytest.MonkeyPatch, capsys: Capture, lang: str) -> None:
    _stdin(monkeypatch, "")  # a scheduled task: no terminal, stdin empty (</dev/null)
    done = cli.main(["--lang", lang, "login", "--server", "https://127.0.0.1:9",
                     "--user", "someone"])
    err = capsys.readouterr().err
    assert done == exit_codes.USAGE, err
    assert messages.render_code("sync.no_password_no_terminal", {}, lang) in err
    assert "--password-stdin" in err
    # Not Python's English warning (nor a prompt) in a Chinese session, nor "unexpected".
    assert "Warning" not in err and "echoed" not in err
    assert messages.render_code("cli.unexpected", {"log": ""}, lang)[:8] not in err


def test_login_as_a_colleague_says_who_was_signed_out_and_that_their_queue_is_kept(
        sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    first = queue_a_comment(sandbox.url, user())  # signed in, one comment not yet sent
    colleague = next(u.username for u in demo_data().users
                     if u.username != first.username and "reviewer" in u.roles)
    done = _login(monkeypatch, sandbox.url, colleague)
    out = capsys.readouterr().out
    assert done == 0, out
    assert messages.render_code("cli.previous_signed_out", {
        "previous": first.username, "user": colleague}, "en") in out
    assert messages.render_code("cli.queue_kept", {
        "count": 1, "user": first.username, "url": first.platform_url}, "en") in out


def test_login_again_as_the_same_person_says_nobody_was_signed_out(
        sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    me = user()
    assert _login(monkeypatch, sandbox.url, me) == 0
    assert _login(monkeypatch, sandbox.url, me) == 0
    assert "signed out" not in capsys.readouterr().out


def test_logout_with_the_platform_unreachable_says_the_sign_in_was_not_revoked_there(
        platform_file: Path, capsys: Capture) -> None:
    with running_sandbox(str(platform_file)) as sandbox:
        account, _client = accounts.sign_in(sandbox.url, user(), PASSWORD)
    done = cli.main(["--lang", "en", "logout"])  # nobody serves the address now
    out = capsys.readouterr().out
    assert done == 0, out
    assert out.splitlines()[0] == messages.render_code(
        "cli.signed_out_unrevoked", {"user": account.username}, "en")
    assert accounts.current() is None


def test_logout_with_the_platform_there_says_only_signed_out(
        sandbox: Sandbox, capsys: Capture) -> None:
    account, _client = accounts.sign_in(sandbox.url, user(), PASSWORD)
    assert cli.main(["--lang", "en", "logout"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == messages.render_code(
        "cli.signed_out", {"user": account.username}, "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_login_to_an_unreachable_platform_says_signing_in_needs_it(
        platform_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture,
        lang: str) -> None:
    with running_sandbox(str(platform_file)) as sandbox:
        url = sandbox.url
    done = _login(monkeypatch, url, user(), lang)
    err = capsys.readouterr().err
    assert done == exit_codes.OFFLINE, err
    assert messages.render_code("cli.login_unreachable", {"host": "127.0.0.1"}, lang)[:6] in err
    assert "offline" not in err and "离线" not in err  # no sign-in to work offline with


def test_not_signed_in_names_the_server_and_user_of_the_last_account(
        sandbox: Sandbox, capsys: Capture) -> None:
    account, _client = accounts.sign_in(sandbox.url, user(), PASSWORD)
    assert cli.main(["--lang", "en", "logout"]) == 0
    capsys.readouterr()
    for command in (["tasks"], ["status"]):
        done = cli.main(["--lang", "en", *command])
        err = capsys.readouterr().err
        assert done == exit_codes.NOT_SIGNED_IN, err
        assert (f"backoffice login --server {account.platform_url} "
                f"--user {account.username}") in err, err


def test_not_signed_in_before_any_login_keeps_the_placeholders(capsys: Capture) -> None:
    assert cli.main(["--lang", "en", "tasks"]) == exit_codes.NOT_SIGNED_IN
    assert messages.render_code("sync.not_signed_in", {}, "en") in capsys.readouterr().err


@pytest.mark.parametrize(("lang", "said_once"), [("zh", "系统密钥环"), ("en", "system keyring")])
def test_no_keyring_is_said_once(lang: str, said_once: str) -> None:
    # "it has no system keyring (this computer has no system keyring)"
    said = messages.render_code("cli.status_not_remembered",
                                {"user": "u", "reason": "system.no_keyring"}, lang)
    assert said.count(said_once) == 1, said
