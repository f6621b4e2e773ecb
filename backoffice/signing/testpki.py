"""A test PKI for seals: root CA, one seal certificate per department, a CRL, a TSA.

TEST ONLY. Everything here is generated at run time (keys never leave the
process unless :meth:`TestPki.write` puts them in a folder the caller owns),
names say "测试" / "TEST", and nothing here is imported by the sealing or
verification code. The tests use it, and the sandbox platform (issue #10)
serves it: :class:`PkiServer` answers RFC 3161 time-stamp requests and serves
the CRL over HTTP on a loopback port.

The server is bound before the certificates are made, because the seal
certificates name the CRL's URL (CRL distribution point) and that needs the
port: ``server = PkiServer(); pki = TestPki.generate(server.base_url);
server.serve(pki)``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]  # no stubs
from asn1crypto import tsp as asn1_tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

TEST_MARK = "测试用（TEST ONLY）"
# Departments as a Jilin city has them; the code is the department code of the demo data.
DEFAULT_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("MSA-220100", "长春市市场监督管理局"),
    ("FIRE-220100", "长春市消防救援支队"),
    ("HEALTH-220100", "长春市卫生健康委员会"),
)
REVOKED_CODE = "REVOKED-220100"
REVOKED_NAME = "长春市城市管理局"  # its seal certificate is on the CRL


def _name(common: str, org: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "吉林省"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TEST_MARK),
        x509.NameAttribute(NameOID.COMMON_NAME, common),
    ])


def _key() -> rsa.RSAPrivateKey:
    # RSA: pyHanko's DummyTimeStamper signs with PKCS#1 v1.5 only.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class Issued:
    """A certificate and its key (both cryptography objects)."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def cert_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_der(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.DER,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())

    def asn1_cert(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.cert_der)

    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(self.key_der)


@dataclass(frozen=True)
class CrlEntry:
    """One revoked certificate of a CRL: when, why, and since when it is invalid
    (RFC 5280 5.3.2 invalidityDate, e.g. when its key is known to have been compromised)."""

    serial: int
    revoked_at: dt.datetime
    reason: x509.ReasonFlags | None = None
    invalid_since: dt.datetime | None = None


def signed_crl(root: Issued, entries: Iterable[CrlEntry], *, issued: dt.datetime,
               number: int) -> bytes:
    """A CRL (DER) of ``root``, valid for 30 days from ``issued``."""
    builder = (x509.CertificateRevocationListBuilder()
               .issuer_name(root.certificate.subject)
               .last_update(issued).next_update(issued + dt.timedelta(days=30))
               .add_extension(x509.CRLNumber(number), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   root.key.public_key()), critical=False))
    for entry in entries:
        revoked = (x509.RevokedCertificateBuilder().serial_number(entry.serial)
                   .revocation_date(entry.revoked_at))
        if entry.reason is not None:
            revoked = revoked.add_extension(x509.CRLReason(entry.reason), critical=False)
        if entry.invalid_since is not None:
            revoked = revoked.add_extension(x509.InvalidityDate(entry.invalid_since),
                                            critical=False)
        builder = builder.add_revoked_certificate(revoked.build())
    return builder.sign(root.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


@dataclass
class TestPki:
    """Root CA, TSA, seal certificates by department code, and the root's CRL."""

    __test__ = False  # not a pytest test class, despite the name

    root: Issued
    tsa: Issued
    seals: dict[str, Issued]
    revoked: Issued
    crl_der: bytes
    base_url: str
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def generate(cls, base_url: str = "http://127.0.0.1:9/",
                 departments: Iterable[tuple[str, str]] = DEFAULT_DEPARTMENTS,
                 *, now: dt.datetime | None = None) -> TestPki:
        now = now or dt.datetime.now(dt.UTC)
        base_url = base_url if base_url.endswith("/") else base_url + "/"
        crl_url = base_url + "crl/root.crl"
        root_key = _key()
        root_name = _name("吉林省政务服务电子印章根证书（测试）", "吉林省政务服务测试认证中心")
        root_cert = (
            x509.CertificateBuilder()
            .subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256())
        )
        root = Issued(root_cert, root_key)

        def issue(common: str, org: str, *, tsa: bool = False) -> Issued:
            key = _key()
            builder = (
                x509.CertificateBuilder()
                .subject_name(_name(common, org)).issuer_name(root_name)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=730))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    root_key.public_key()), critical=False)
                .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                    [x509.UniformResourceIdentifier(crl_url)], None, None, None)]),
                    critical=False)
            )
            if tsa:
                builder = builder.add_extension(
                    x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                    critical=True,
                ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                                critical=True)
            else:
                builder = builder.add_extension(
                    x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                    critical=True,
                )
            return Issued(builder.sign(root_key, hashes.SHA256()), key)

        tsa = issue("吉林省政务服务时间戳服务（测试）", "吉林省政务服务测试认证中心", tsa=True)
        names = dict(departments)
        seals = {code: issue(f"{name}电子印章", name) for code, name in names.items()}
        revoked = issue(f"{REVOKED_NAME}电子印章（已吊销）", REVOKED_NAME)
        crl = signed_crl(root, [CrlEntry(revoked.certificate.serial_number,
                                         now - dt.timedelta(minutes=30),
                                         x509.ReasonFlags.key_compromise)],
                         issued=now - dt.timedelta(hours=1), number=1)
        return cls(root, tsa, seals, revoked, crl, base_url, names)

    def crl(self, entries: Iterable[CrlEntry], *, issued: dt.datetime,
            number: int = 2) -> bytes:
        """Another CRL of the root (DER), issued at ``issued``: a revocation dated as a
        test needs, with the reason and invalidity date it needs."""
        return signed_crl(self.root, entries, issued=issued, number=number)

    @property
    def tsa_url(self) -> str:
        return self.base_url + "tsa"

    @property
    def crl_url(self) -> str:
        return self.base_url + "crl/root.crl"

    def pkcs12(self, issued: Issued, password: bytes, friendly_name: str = "seal") -> bytes:
        return pkcs12.serialize_key_and_certificates(
            friendly_name.encode(), issued.key, issued.certificate, [self.root.certificate],
            serialization.BestAvailableEncryption(password),
        )

    def write(self, folder: Path, password: bytes) -> dict[str, Path]:
        """Root PEM, CRL, and a PKCS#12 per seal into ``folder``: what a sandbox serves."""
        folder.mkdir(parents=True, exist_ok=True)
        out = {"root": folder / "root.pem", "crl": folder / "root.crl"}
        out["root"].write_bytes(self.root.cert_pem)
        out["crl"].write_bytes(self.crl_der)
        for code, issued in (*self.seals.items(), (REVOKED_CODE, self.revoked)):
            path = folder / f"{code}.p12"
            path.write_bytes(self.pkcs12(issued, password))
            out[code] = path
        return out

    def timestamper(self) -> object:
        """An in-process TSA (pyHanko's ``DummyTimeStamper``) for this PKI."""
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        return DummyTimeStamper(tsa_cert=self.tsa.asn1_cert(), tsa_key=self.tsa.asn1_key(),
                                certs_to_embed=None)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        pki = self.server.pki
        if self.path != "/tsa" or pki is None:
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            request = asn1_tsp.TimeStampReq.load(self.rfile.read(length))
            stamper = pki.timestamper()
            response = stamper.request_tsa_response(request)  # type: ignore[attr-defined]
            body = response.dump()
        except Exception:  # noqa: BLE001 - a malformed request: say so, keep serving
            self.send_error(400)
            return
        self._reply(body, "application/timestamp-reply")

    def do_GET(self) -> None:
        pki = self.server.pki
        if self.path == "/crl/root.crl" and pki is not None:
            self._reply(pki.crl_der, "application/pkix-crl")
        elif self.path == "/root.pem" and pki is not None:
            self._reply(pki.root.cert_pem, "application/x-pem-file")
        else:
            self.send_error(404)

    def _reply(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        del format, args  # quiet: tests and the sandbox have their own logs


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pki: TestPki | None = None


class PkiServer:
    """RFC 3161 TSA (``POST /tsa``) and CRL (``GET /crl/root.crl``) on a loopback port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = _Server((host, port), _Handler)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def serve(self, pki: TestPki) -> PkiServer:
        self._server.pki = pki
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="test-pki-server", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
