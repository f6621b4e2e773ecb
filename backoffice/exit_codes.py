"""The exit code of every ``backoffice`` command, by the kind of failure.

A script must tell "the platform cannot be reached, try later" from "the
password is wrong" without reading the sentence (its language follows the
locale). Each kind of failure the remote layer reports
(:mod:`backoffice.remote.errors`) has a code of its own, the same for every
command; usage errors keep argparse's 2, and so does any other refusal the
command words (a file that cannot be read, a case not in the local store).

Matched by the error's ``code`` string, not its class: importing
:mod:`backoffice.remote.errors` would import requests into every command,
``backoffice --version`` included (``tests/test_cli.py`` checks
``sys.modules``); ``tests/test_cli_exit_codes.py`` checks the strings are
the remote layer's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OK = 0
UNEXPECTED = 1  # a bug: the traceback is in the log
USAGE = 2  # argparse's; also any other worded refusal of what was asked
REJECTED = 3  # verify / archive verify: checked, and not valid (backoffice.signing.cli)
OFFLINE = 4
NOT_SIGNED_IN = 5
SIGN_IN_REFUSED = 6
FORBIDDEN = 7
CONFLICT = 8
SERVER_ERROR = 9
BAD_PAYLOAD = 10
INSECURE = 11
INTERRUPTED = 130
READER_GONE = 141

_BY_CODE: dict[str, int] = {
    "remote.offline": OFFLINE,
    "cli.login_unreachable": OFFLINE,  # login's own words for remote.offline
    "remote.timeout": OFFLINE,
    "remote.proxy_unreachable": OFFLINE,
    "remote.cancelled": OFFLINE,
    "remote.signed_out": NOT_SIGNED_IN,
    "sync.not_signed_in": NOT_SIGNED_IN,
    # The saved sign-in is there but the keyring will not give it: the way
    # on is a sign-in (unlock, or the password on standard input).
    "credentials.unreadable": NOT_SIGNED_IN,
    "cli.sync_keyring_unreadable": NOT_SIGNED_IN,
    "cli.status_not_remembered": NOT_SIGNED_IN,
    "remote.forbidden": FORBIDDEN,
    "remote.conflict": CONFLICT,
    "remote.server_error": SERVER_ERROR,
    "remote.throttled": SERVER_ERROR,
    "remote.bad_payload": BAD_PAYLOAD,
    "remote.tls": INSECURE,
    "remote.tls_handshake": INSECURE,
}

# A refusal while signing in: 401 is a wrong user name or password, 429 the
# platform holding back sign-ins for the name (remote.errors.from_response).
_SIGN_IN_STATUSES = frozenset({401, 429})


def for_error(code: str, params: Mapping[str, Any]) -> int:
    """The exit code for a worded failure (a ``BackofficeError``'s code and params)."""
    if code == "remote.rejected" and params.get("status") in _SIGN_IN_STATUSES:
        return SIGN_IN_REFUSED
    return _BY_CODE.get(code, USAGE)


# What ``backoffice --help`` lists under the options, and docs/sync.md repeats.
MEANINGS: tuple[tuple[int, str, str], ...] = (
    (OK, "done", "完成"),
    (UNEXPECTED, "unexpected error (details in the log)", "意外错误（详见日志）"),
    (USAGE, "usage error, or what was given was refused (the reason is said)",
     "用法错误，或所给内容被拒绝（会说明原因）"),
    (REJECTED, "verify: checked and not valid", "验证：已验证但无效"),
    (OFFLINE, "the platform cannot be reached (network, proxy, no answer in time)",
     "无法连接平台（网络、代理或响应超时）"),
    (NOT_SIGNED_IN, "not signed in, the sign-in expired, or the saved sign-in cannot be read",
     "未登录、登录已失效，或无法读取已保存的登录"),
    (SIGN_IN_REFUSED, "sign-in refused: wrong user name or password, or too many attempts",
     "登录被拒绝：用户名或密码错误，或尝试次数过多"),
    (FORBIDDEN, "the platform does not allow this", "平台不允许此操作"),
    (CONFLICT, "the record was changed on the platform meanwhile", "平台上的记录已被他人修改"),
    (SERVER_ERROR, "the platform failed or is busy", "平台出错或繁忙"),
    (BAD_PAYLOAD, "the platform's answer cannot be read", "平台返回的内容无法识别"),
    (INSECURE, "no secure connection: the platform's certificate or TLS was refused",
     "无法建立安全连接：平台的证书或 TLS 不被接受"),
    (INTERRUPTED, "interrupted (Ctrl-C)", "被用户中断"),
)

_TITLE = {"en": "exit codes:", "zh": "退出码："}


def epilog(lang: str) -> str:
    """The exit codes as ``--help`` lists them, one a line, in ``lang``."""
    zh = lang == "zh"
    lines = [f"  {code:>3}  {zh_text if zh else en_text}" for code, en_text, zh_text in MEANINGS]
    return "\n".join([_TITLE["zh" if zh else "en"], *lines])
