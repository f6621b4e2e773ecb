"""Where the seal's key is: the signing-provider interface and the local providers.

A provider hands out a pyHanko ``Signer`` for the duration of one sealing
(``with provider.open() as signer: …``), because a token needs a session that
must be closed again. This issue has the local-certificate providers — a
PKCS#12 file and a PKCS#11 token (USB key); the platform's signing service is
a third provider (issue #10), a ``Signer`` that asks the platform for the
signature value.

Passwords and PINs come in as arguments from stdin or a prompt (never argv),
are kept only as long as the provider lives, and never reach a log line or an
error's parameters.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]  # no stubs
from pyhanko.sign import signers

from backoffice import system_reasons
from backoffice.signing.errors import SigningError


class SigningProvider(abc.ABC):
    """A source of signatures for seals: one pyHanko signer per sealing."""

    @abc.abstractmethod
    def open(self) -> contextlib.AbstractContextManager[signers.Signer]:
        """The signer, usable until the context ends (a token's session closes then)."""

    @abc.abstractmethod
    def describe(self) -> str:
        """Where the key is, for logs and the user: never the secret."""


def subject_organisation(cert: asn1_x509.Certificate) -> str:
    """The organisation (the department) a seal certificate names, else its common name."""
    native = cert.subject.native
    return str(native.get("organization_name") or native.get("common_name") or "")


def same_organisation(named: str, expected: str) -> bool:
    """Whether a certificate's organisation ``named`` is the department ``expected``.

    A CA types the name its own way: full- or half-width brackets and digits,
    spaces, Latin case. Those differ between the certificate and the
    department's record without naming another body; any other difference does.
    """
    def key(name: str) -> str:
        return "".join(unicodedata.normalize("NFKC", name).split()).casefold()
    return key(named) == key(expected)


def validity_problem(cert: asn1_x509.Certificate, at: dt.datetime) -> str | None:
    """``"expired"`` or ``"not_yet_valid"`` when ``at`` is outside the certificate's validity."""
    if at > cert.not_valid_after:
        return "expired"
    if at < cert.not_valid_before:
        return "not_yet_valid"
    return None


class Pkcs12Provider(SigningProvider):
    """A seal key and certificate in a PKCS#12 (.p12/.pfx) file."""

    def __init__(self, path: Path, password: bytes | None) -> None:
        self.path = path
        self._password = password

    def describe(self) -> str:
        return f"PKCS#12 {self.path}"

    @contextlib.contextmanager
    def open(self) -> Iterator[signers.Signer]:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise SigningError("signing.key_file_unreadable", path=str(self.path),
                               reason=system_reasons.reason(exc)) from exc
        from cryptography.hazmat.primitives.serialization import pkcs12

        try:
            key, cert, _ = pkcs12.load_key_and_certificates(data, self._password)
            # A certificate exported without its key (or a key without its certificate)
            # opens fine, and then pyHanko fails on the missing part: say which it is.
            if key is None:
                raise SigningError("signing.pkcs12_no_key", path=str(self.path))
            if cert is None:
                raise SigningError("signing.no_certificate", provider=self.describe())
            signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(),
                                                           passphrase=self._password)
        except ValueError as exc:
            # "could not load" only; a wrong password is by far the usual cause.
            raise SigningError("signing.pkcs12_unreadable", path=str(self.path)) from exc
        yield signer


class Pkcs11Provider(SigningProvider):
    """A seal key on a PKCS#11 token (a USB key; SoftHSM2 in tests)."""

    def __init__(self, library: Path, token_label: str, key_label: str, pin: str,
                 cert_label: str | None = None) -> None:
        self.library = library
        self.token_label = token_label
        self.key_label = key_label
        self.cert_label = cert_label or key_label
        self._pin = pin

    def describe(self) -> str:
        return f"PKCS#11 {self.library} token {self.token_label!r} key {self.key_label!r}"

    @contextlib.contextmanager
    def open(self) -> Iterator[signers.Signer]:
        from pkcs11 import PKCS11Error
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11 as hanko_pkcs11

        if not self.library.is_file():
            raise SigningError("signing.pkcs11_library_missing", path=str(self.library))
        try:
            session = hanko_pkcs11.open_pkcs11_session(
                str(self.library), token_criteria=TokenCriteria(label=self.token_label),
                user_pin=self._pin)
        except PKCS11Error as exc:
            if type(exc) is PKCS11Error and str(exc).startswith("No token"):
                # pyHanko's own error when no slot holds a token with that label.
                raise SigningError("signing.pkcs11_token_missing",
                                   token=self.token_label) from exc
            # The exception's class names the cause (PinIncorrect, TokenNotPresent …); its
            # text could in principle echo input, so only the class goes further.
            raise SigningError("signing.pkcs11_failed", token=self.token_label,
                               reason=type(exc).__name__) from exc
        try:
            try:
                signer = hanko_pkcs11.PKCS11Signer(session, cert_label=self.cert_label,
                                                   key_label=self.key_label)
                # Pull the certificate now, so a missing key is told here, not mid-signing.
                _ = signer.signing_cert
            except PKCS11Error as exc:
                raise SigningError("signing.pkcs11_key_missing", token=self.token_label,
                                   key=self.key_label, reason=type(exc).__name__) from exc
            yield signer
        finally:
            session.close()
