"""A 403 or 404 from the platform says what to do next (real sandbox).

QA: a 403 during sync said only "The platform does not allow this", a 404
"The platform has no such record or file": neither said whom to ask or
what to check.
"""

from __future__ import annotations

import pytest

from backoffice import messages
from backoffice.remote import PlatformClient, RemoteError
from backoffice.sandbox.server import Sandbox


@pytest.mark.parametrize(("status", "code", "en", "zh"), [
    (403, "remote.forbidden", "ask your administrator", "请联系管理员"),
    (404, "remote.not_found", "Check the platform address", "核对本机使用的平台地址"),
])
def test_a_refusal_says_whom_to_ask_or_what_to_check(
        sandbox: Sandbox, signed_in: PlatformClient, status: int, code: str, en: str,
        zh: str) -> None:
    sandbox.faults.fail("/api/v1/changes", status=status)
    with pytest.raises(RemoteError) as caught:
        signed_in.changes(None, limit=1)
    assert caught.value.code == code
    assert en in messages.render(caught.value, "en")
    assert zh in messages.render(caught.value, "zh")
