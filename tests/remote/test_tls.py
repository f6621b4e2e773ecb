"""TLS: an HTTPS front for the sandbox with a certificate of our own test CA."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from support.faultproxy import FaultProxy, fault_proxy
from support.platform_env import PASSWORD, Make, settings

from backoffice.remote import RemoteError, build_session
from backoffice.sandbox.server import Sandbox


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


@dataclass
class Pki:
    ca: Path  # the CA certificate: what an administrator installs
    cert: Path  # the server's, for 127.0.0.1 and localhost
    key: Path
    other_cert: Path  # from the same CA, for another host
    other_key: Path


def make_pki(folder: Path) -> Pki:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("Test intranet CA"))
          .issuer_name(_name("Test intranet CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))

    def leaf(stem: str, names: list[x509.GeneralName]) -> tuple[Path, Path]:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(_name(stem))
                .issuer_name(ca.subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=30))
                .add_extension(x509.SubjectAlternativeName(names), critical=False)
                .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                               critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    ca_key.public_key()), critical=False)
                .sign(ca_key, hashes.SHA256()))
        paths = folder / f"{stem}.pem", folder / f"{stem}.key"
        paths[0].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        paths[1].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        return paths

    mine = leaf("platform", [x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                             x509.DNSName("localhost")])
    other = leaf("other", [x509.DNSName("other.example.cn")])
    return Pki(folder / "ca.pem", *mine, *other)


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
