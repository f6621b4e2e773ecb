"""The sandbox platform's own PKI: root CA, a seal per department, a CRL, a TSA.

TEST ONLY, like :mod:`backoffice.signing.testpki`, which makes it: generated
the first time the platform needs it (not at every start: RSA keys are
slow) and kept beside the database in ``pki/`` (never committed; a re-seeded
database folder gets a new one). An in-memory database keeps it in memory.

The platform seals with it, timestamps with its TSA in process, and serves
the root, the CRL and the TSA (``/api/v1/pki/…``) so a client can verify
and timestamp its own local seals. One certificate is on the CRL; tests make
a department use it (:meth:`SandboxPki.revoke`) to see a revoked seal refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pyhanko.sign import signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from backoffice.signing.providers import SigningProvider
from backoffice.signing.testpki import Issued, TestPki

REVOKED = "__revoked__"


def _dump(issued: Issued) -> dict[str, str]:
    key = issued.key.private_bytes(serialization.Encoding.PEM,
                                   serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption())
    return {"cert": issued.cert_pem.decode(), "key": key.decode()}


def _load(data: dict[str, str]) -> Issued:
    key = serialization.load_pem_private_key(data["key"].encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return Issued(x509.load_pem_x509_certificate(data["cert"].encode()), key)


class IssuedProvider(SigningProvider):
    """A seal whose key the platform holds (the department's, in its HSM in real life)."""

    def __init__(self, issued: Issued, root: Issued) -> None:
        self._issued, self._root = issued, root

    def describe(self) -> str:
        return "platform seal"

    def open(self) -> contextlib.AbstractContextManager[signers.Signer]:
        signer = signers.SimpleSigner(
            signing_cert=self._issued.asn1_cert(), signing_key=self._issued.asn1_key(),
            cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                [self._root.asn1_cert()]))
        return contextlib.nullcontext(signer)


class SandboxPki:
    """The PKI of one sandbox database; made on first use, then read from ``folder``."""

    def __init__(self, folder: Path | None, departments: Callable[[], Iterable[tuple[str, str]]],
                 base_url: str = "http://127.0.0.1/api/v1/pki/") -> None:
        self._folder, self._departments, self._base_url = folder, departments, base_url
        self._lock = threading.Lock()
        self._pki: TestPki | None = None
        self._assigned: dict[str, str] = {}  # department -> REVOKED when revoked

    @property
    def pki(self) -> TestPki:
        with self._lock:
            if self._pki is None:
                self._pki = self._read() or self._generate()
            return self._pki

    def _file(self) -> Path | None:
        return None if self._folder is None else self._folder / "pki.json"

    def _read(self) -> TestPki | None:
        path = self._file()
        if path is None or not path.is_file():
            return None
        raw = json.loads(path.read_text("utf-8"))
        self._assigned = dict(raw.get("assigned", {}))
        return TestPki(_load(raw["root"]), _load(raw["tsa"]),
                       {k: _load(v) for k, v in raw["seals"].items()}, _load(raw["revoked"]),
                       bytes.fromhex(raw["crl"]), raw["base_url"], dict(raw["names"]))

    def _generate(self) -> TestPki:
        pki = TestPki.generate(self._base_url, list(self._departments()))
        self._pki = pki
        self._write(pki)
        return pki

    def _write(self, pki: TestPki) -> None:
        path = self._file()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = {"root": _dump(pki.root), "tsa": _dump(pki.tsa), "revoked": _dump(pki.revoked),
               "seals": {k: _dump(v) for k, v in pki.seals.items()}, "crl": pki.crl_der.hex(),
               "base_url": pki.base_url, "names": pki.names, "assigned": self._assigned}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(raw), "utf-8")
        tmp.replace(path)

    def revoke(self, department: str) -> None:
        """From now on ``department`` seals with the certificate on the CRL (tests)."""
        pki = self.pki
        with self._lock:
            self._assigned[department] = REVOKED
            self._write(pki)

    def restore(self, department: str) -> None:
        """``department`` seals with its own certificate again."""
        pki = self.pki
        with self._lock:
            self._assigned.pop(department, None)
            self._write(pki)

    def seal_of(self, department: str) -> Issued | None:
        pki = self.pki
        if self._assigned.get(department) == REVOKED:
            return pki.revoked
        return pki.seals.get(department)

    def provider(self, department: str) -> IssuedProvider | None:
        issued = self.seal_of(department)
        return None if issued is None else IssuedProvider(issued, self.pki.root)

    def pkcs12(self, department: str, password: bytes) -> bytes:
        """The department's seal as a .p12, for a local certificate (training, tests)."""
        issued = self.seal_of(department)
        if issued is None:
            raise KeyError(department)
        return self.pki.pkcs12(issued, password)

    def timestamper(self) -> DummyTimeStamper:
        stamper = self.pki.timestamper()
        assert isinstance(stamper, DummyTimeStamper)
        return stamper

    def validation_context(self, *, moment: dt.datetime | None = None) -> ValidationContext:
        """Our root, our CRL, nothing fetched: what the platform validates against."""
        pki = self.pki
        return ValidationContext(trust_roots=[pki.root.asn1_cert()], crls=[pki.crl_der],
                                 allow_fetching=False, revocation_mode="require",
                                 moment=moment)

    def is_revoked(self, issued: Issued) -> bool:
        crl = x509.load_der_x509_crl(self.pki.crl_der)
        return crl.get_revoked_certificate_by_serial_number(
            issued.certificate.serial_number) is not None
