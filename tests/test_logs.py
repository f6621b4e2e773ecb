"""Logs: one line per event, tracebacks of crashes, and never a secret."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from backoffice import logs

PASSWORD = "Pa55w0rd!长春"
BEARER = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXZpZXdlciJ9.c2lnbmF0dXJl"
REFRESH = "rt-7f3c2a9e-4b1d-4c8e-9a6f"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def log_file(data_dir: Path) -> Path:
    path = logs.setup_logging()
    assert path is not None and path.is_relative_to(data_dir)
    return path


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_secrets_never_reach_the_log_file(log_file: Path) -> None:
    log = logging.getLogger("backoffice.remote.auth")
    logs.register_secret(PASSWORD)
    log.info("signing in reviewer zhangsan with %s", PASSWORD)
    log.info("form body: username=zhangsan&password=%s", "p%40ss-unregistered")
    log.info("request headers: %s", {"Authorization": f"Bearer {BEARER}", "Accept": "application/json"})
    log.warning("GET /api/v1/tasks Authorization: Bearer %s -> 401", BEARER)
    log.info("token response: %s", json.dumps({"access_token": BEARER, "refresh_token": REFRESH,
                                                "expires_in": 3600}))
    log.info("refresh with refresh_token=%s", REFRESH)
    try:
        raise RuntimeError(f"login failed for password={PASSWORD}")
    except RuntimeError:
        log.exception("sign-in crashed")
    _flush()
    text = log_file.read_text(encoding="utf-8")
    for secret in (PASSWORD, BEARER, REFRESH, "p%40ss-unregistered", "Pa55w0rd"):
        assert secret not in text
    # …while the rest of the line stays useful.
    assert "signing in reviewer zhangsan with ***" in text
    assert "Authorization: Bearer *** -> 401" in text
    assert '"expires_in": 3600' in text
    assert "RuntimeError" in text


def test_registered_secret_is_also_hidden_url_and_json_escaped(log_file: Path) -> None:
    secret = 'we&ird "pass" wörd'
    logs.register_secret(secret)
    logging.getLogger("t").info("url %s json %s", "we%26ird%20%22pass%22%20w%C3%B6rd",
                                json.dumps({"p": secret}))
    _flush()
    text = log_file.read_text(encoding="utf-8")
    assert "ird" not in text and "pass" not in text


def test_short_secrets_are_matched_as_whole_tokens_only() -> None:
    logs.register_secret("4711")
    assert logs.redact("pin 4711 sent") == "pin *** sent"
    assert logs.redact("case 220104711 routed") == "case 220104711 routed"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Keys with a word before the secret word, joined by _ or -.
        ("connect with db_password=hunter2 now", "connect with db_password=*** now"),
        ("pkcs12_password: p12-Secret", "pkcs12_password: ***"),
        ("form new_password=n3w-Secret&confirm=1", "form new_password=***&confirm=1"),
        ("secret_key=sk_live_51Hx", "secret_key=***"),
        ("DB_PASSWORD='quo\\'ted'", "DB_PASSWORD='***'"),
        ("--password=cli-Secret --verbose", "--password=*** --verbose"),
        ("password_hash=$2b$12$abc", "password_hash=***"),
        # camelCase, any case.
        ("accessToken=at-8f2c", "accessToken=***"),
        ("refreshToken: rt-7f3c", "refreshToken: ***"),
        ('{"clientSecret": "cs-1", "sessionId": "s-2"}', '{"clientSecret": "***", "sessionId": "***"}'),
        # A password in a URL's user info.
        ("GET https://alice:s3cr3t@host/x -> 200", "GET https://alice:***@host/x -> 200"),
        ("postgresql+psycopg://u:p%40ss@db:5432/x", "postgresql+psycopg://u:***@db:5432/x"),
        # Cookies, whole.
        ("Cookie: SESSIONID=abc123; theme=dark", "Cookie: ***"),
        ("Set-Cookie: SESSIONID=abc123; Path=/; HttpOnly", "Set-Cookie: ***"),
        ("{'Cookie': 'SESSIONID=abc; lang=zh', 'Accept': 'json'}", "{'Cookie': '***', 'Accept': 'json'}"),
        # API keys and session headers.
        ("X-API-Key: xk-789", "X-API-Key: ***"),
        ("api-key=ak-1&page=2", "api-key=***&page=2"),
        ("apikey=ak-2", "apikey=***"),
        ("X-Auth-Token: xt-3", "X-Auth-Token: ***"),
        # Python bytes reprs: the secret inside the quotes goes, not just the b.
        ("{'pwd': b'bytes-secret'}", "{'pwd': b'***'}"),
        ('{"token": B"tok-secret"}', '{"token": B"***"}'),
        ("{'Cookie': b'sid=1'}", "{'Cookie': b'***'}"),
        # A secret after a key that is not one, in the same value.
        ("url=https://h/x?password=abc&y=2", "url=https://h/x?password=***&y=2"),
        # Short words only whole.
        ("pin=4711", "pin=***"),
        ("PIN: 4711", "PIN: ***"),
        ("密码：abc123 已提交", "密码：*** 已提交"),
    ],
)
def test_credential_shapes_are_redacted(text: str, expected: str) -> None:
    assert logs.redact(text) == expected
    assert logs.redact(expected) == expected  # idempotent: a record may pass two handlers


@pytest.mark.parametrize(
    "text",
    [
        "passport=E12345678 checked",
        "tokenizer=jieba, max_tokens=512",
        "password_policy_version=3",  # a key that merely mentions a secret word
        "token_type: Bearer, expires_in: 3600",
        "pin_attempts=2 spinner=on pinyin: changchun",
        "secretary=王芳 case code: 220104-2024-000123",
        "GET http://localhost:8080/api/v1/tasks?page=2&sort=due",
        "cookies: 3 stored, session: started at 09:30:15",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert logs.redact(text) == text


def test_one_line_per_event(log_file: Path) -> None:
    logging.getLogger("t").info("material name:\nline two\r\nline three")
    _flush()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert lines[-1].endswith("material name:\\nline two\\r\\nline three")


def test_traceback_lines_are_prefixed_so_events_stay_greppable(log_file: Path) -> None:
    try:
        {}["missing"]
    except KeyError:
        logging.getLogger("t").exception("lookup failed")
    _flush()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("lookup failed"))
    trace = lines[start + 1:]
    assert trace and all(line.startswith("  | ") for line in trace)
    assert trace[0] == "  | Traceback (most recent call last):"
    assert trace[-1] == "  | KeyError: 'missing'"


def test_setup_is_idempotent(log_file: Path) -> None:
    before = list(logging.getLogger().handlers)
    assert logs.setup_logging() == log_file
    assert logging.getLogger().handlers == before
    logging.getLogger("t").info("once")
    _flush()
    assert log_file.read_text(encoding="utf-8").count(" once") == 1


def test_thread_exceptions_are_logged(log_file: Path) -> None:
    def boom() -> None:
        raise ValueError("worker broke")

    thread = threading.Thread(target=boom, name="store-worker")
    thread.start()
    thread.join()
    _flush()
    text = log_file.read_text(encoding="utf-8")
    assert "unhandled exception in thread store-worker: ValueError" in text
    assert "  | ValueError: worker broke" in text


def test_unusable_log_dir_falls_back_without_raising(data_dir: Path) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("not a directory")
    assert logs.setup_logging() is None


def _run(code: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, BACKOFFICE_DATA_DIR=str(data_dir), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


def test_unhandled_exception_is_logged_with_traceback(data_dir: Path) -> None:
    result = _run("""
        from backoffice import logs
        logs.setup_logging()
        def open_case(code):
            raise LookupError("no case " + code)
        open_case("220104-2024-000123")
    """, data_dir)
    assert result.returncode == 1
    assert "LookupError" in result.stderr  # the default report still reaches a console
    text = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "CRITICAL" in text and "unhandled exception: LookupError" in text
    assert "  | Traceback (most recent call last):" in text
    assert "in open_case" in text
    assert "  | LookupError: no case 220104-2024-000123" in text


def test_works_without_stdout_and_stderr(data_dir: Path) -> None:
    # What a windowed PyInstaller build gets.
    result = _run("""
        import sys, threading
        sys.stdout = None
        sys.stderr = None
        from backoffice import logs
        logs.setup_logging(console_level=10)
        import logging
        logging.getLogger("t").warning("no console here")
        t = threading.Thread(target=lambda: 1 / 0)
        t.start(); t.join()
        raise SystemError("after all that")
    """, data_dir)
    assert result.returncode == 1
    assert result.stderr == ""
    text = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "no console here" in text
    assert "  | ZeroDivisionError: division by zero" in text
    assert "  | SystemError: after all that" in text


class _FullDisk:
    """A file whose writes fail as on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")

    def seek(self, offset: int, whence: int = 0) -> int:  # the rotation's check
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_log_file_on_a_full_disk_is_one_line_on_stderr_not_a_traceback_per_event(
        log_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKOFFICE_LANG", "en")
    (handler,) = [h for h in logging.getLogger().handlers
                  if getattr(h, "baseFilename", None) == str(log_file)]
    handler.stream = _FullDisk()  # type: ignore[attr-defined]
    capsys.readouterr()
    for i in range(3):
        logging.getLogger("backoffice.test").warning("event %d", i)
    err = capsys.readouterr().err
    assert err == f"backoffice: cannot write the log file {log_file}: No space left on device\n"
