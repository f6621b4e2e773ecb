"""A TLS failure that is not about the certificate is not said as one.

``https://`` to a platform that answers plain HTTP (the sandbox) used to read
"the certificate could not be verified … install the platform's CA", sending
the administrator after a CA that would not help. A certificate that cannot
be verified is still ``remote.tls`` (tests/remote/test_tls.py).
"""

from __future__ import annotations

import pytest
from support.platform_env import PASSWORD, Make

from backoffice import messages
from backoffice.remote import RemoteError
from backoffice.remote.errors import TLS_HANDSHAKE
from backoffice.sandbox.server import Sandbox


def test_https_to_a_plain_http_platform_is_not_a_certificate_error(
    sandbox: Sandbox, make_client: Make, reviewer: str
) -> None:
    assert sandbox.url.startswith("http://")
    client = make_client("https://" + sandbox.url.removeprefix("http://"))
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.code == TLS_HANDSHAKE and not caught.value.transient
    zh, en = messages.render(caught.value, "zh"), messages.render(caught.value, "en")
    assert "TLS（https）" in zh and "CA" not in zh
    assert "did not answer over TLS (https)" in en and "certificate" not in en
