"""TLS: an HTTPS front for the sandbox with a certificate of our own test CA."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from support.faultproxy import FaultProxy, fault_proxy
from support.pki import Pki, make_pki
from support.platform_env import PASSWORD, Make, settings

from backoffice.remote import RemoteError, build_session
from backoffice.sandbox.server import Sandbox


@contextmanager
def front(sandbox: Sandbox, cert: Path, key: Path) -> Iterator[FaultProxy]:
    """An HTTPS front for the sandbox serving ``cert``."""
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    with fault_proxy(sandbox.url, tls=server) as running:
        yield running


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path)


@pytest.fixture
def https(sandbox: Sandbox, pki: Pki) -> Iterator[FaultProxy]:
    with front(sandbox, pki.cert, pki.key) as running:
        yield running


def test_an_unknown_ca_is_refused(https: FaultProxy, make_client: Make, reviewer: str) -> None:
    client = make_client(https.url)
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.code == "remote.tls"
    assert not caught.value.transient
    assert https.connections == 0  # refused in the handshake


def test_the_configured_ca_bundle_is_trusted(https: FaultProxy, make_client: Make,
                                             reviewer: str, pki: Pki
                                             ) -> None:
    client = make_client(https.url, ca_bundle=pki.ca)
    assert client.login(reviewer, PASSWORD).username == reviewer
    assert client.changes(None, limit=5).changes
    assert https.connections >= 1


def test_verification_cannot_be_switched_off(https: FaultProxy) -> None:
    session = build_session(settings())
    with pytest.raises(requests.exceptions.SSLError):
        session.get(f"{https.url}/openapi.json", verify=False, timeout=10)
    session.verify = False
    with pytest.raises(requests.exceptions.SSLError):
        session.get(f"{https.url}/openapi.json", timeout=10)


def test_the_ca_bundle_adds_trust_and_removes_no_check(
        sandbox: Sandbox, https: FaultProxy, pki: Pki, make_client: Make, reviewer: str) -> None:
    session = build_session(settings(ca_bundle=pki.ca))
    assert session.get(f"{https.url}/openapi.json", timeout=10).status_code == 200
    # A certificate of the trusted CA, but for another host: still refused.
    with front(sandbox, pki.other_cert, pki.other_key) as other:
        client = make_client(other.url, ca_bundle=pki.ca)
        with pytest.raises(RemoteError) as caught:
            client.login(reviewer, PASSWORD)
        assert caught.value.code == "remote.tls"


def test_an_unusable_ca_bundle_is_a_clear_error(tmp_path: Path, make_client: Make) -> None:
    for path in (tmp_path / "missing.pem", _write(tmp_path / "junk.pem", "not a certificate")):
        with pytest.raises(RemoteError) as caught:
            make_client("https://platform.example.cn", ca_bundle=path)
        assert caught.value.code == "remote.bad_ca_bundle"
        assert caught.value.params["path"] == str(path)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
