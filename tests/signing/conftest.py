"""Fixtures of the signing tests: one test PKI per session, its TSA/CRL server, a SoftHSM token.

RSA key generation is the slow part, so the PKI, the server and the sealed
sample documents are made once per session; every test reads them and writes
only into its own temp dir.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
from pyhanko_certvalidator import ValidationContext
from signing_support import (
    KEY_LABEL,
    NUMBER,
    PASSWORD,
    SOFTHSM_LIB,
    TOKEN_LABEL,
    USER_PIN,
    sample,
)

from backoffice.signing.providers import Pkcs11Provider, Pkcs12Provider
from backoffice.signing.render import render_document
from backoffice.signing.seal import SealResult, seal_pdf
from backoffice.signing.testpki import PkiServer, TestPki


@pytest.fixture(scope="session")
def pki() -> Iterator[TestPki]:
    server = PkiServer()
    test_pki = TestPki.generate(server.base_url)
    server.serve(test_pki)
    yield test_pki
    server.close()


@pytest.fixture(scope="session")
def pki_files(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return pki.write(tmp_path_factory.mktemp("pki"), PASSWORD)


@pytest.fixture(scope="session")
def p12(pki_files: dict[str, Path]) -> Pkcs12Provider:
    return Pkcs12Provider(pki_files["MSA-220100"], PASSWORD)


@pytest.fixture(scope="session")
def grant_pdf() -> bytes:
    return render_document(sample(document_number=NUMBER))


@pytest.fixture(scope="session")
def sealed_bb(grant_pdf: bytes, p12: Pkcs12Provider) -> SealResult:
    return seal_pdf(grant_pdf, p12)


@pytest.fixture(scope="session")
def sealed_lta(pki: TestPki, grant_pdf: bytes, p12: Pkcs12Provider) -> SealResult:
    """B-LTA, as the platform seals: signature timestamp, DSS, document timestamp."""
    context = ValidationContext(trust_roots=[pki.root.asn1_cert()], allow_fetching=True)
    return seal_pdf(grant_pdf, p12, timestamper=HTTPTimeStamper(pki.tsa_url),  # type: ignore[no-untyped-call]
                    validation_context=context)


@pytest.fixture(scope="session")
def softhsm(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SoftHSM2 token holding the MSA seal key and certificate; yields the config path.

    SOFTHSM2_CONF points at a temp config for the whole session: the PKCS#11
    library reads it once, at its first initialisation in the process.
    """
    if not SOFTHSM_LIB.is_file() or shutil.which("softhsm2-util") is None:
        pytest.fail("SoftHSM2 is required (apt-get install softhsm2)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\n"
                    "objectstore.backend = file\nlog.level = ERROR\n")
    before = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
                    "--pin", USER_PIN, "--so-pin", "654321"], check=True, capture_output=True)
    _import_into_token(pki)
    yield conf
    if before is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = before


def _import_into_token(pki: TestPki) -> None:
    import pkcs11
    from pkcs11 import Attribute
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    seal = pki.seals["MSA-220100"]
    pkcs1 = seal.key.private_bytes(serialization.Encoding.DER,
                                   serialization.PrivateFormat.TraditionalOpenSSL,
                                   serialization.NoEncryption())
    token = pkcs11.lib(str(SOFTHSM_LIB)).get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=USER_PIN) as session:
        key = decode_rsa_private_key(pkcs1)
        key.update({Attribute.LABEL: KEY_LABEL, Attribute.ID: b"\x01", Attribute.TOKEN: True,
                    Attribute.SIGN: True, Attribute.PRIVATE: True, Attribute.SENSITIVE: True})
        session.create_object(key)
        cert = decode_x509_certificate(seal.cert_der)
        cert.update({Attribute.LABEL: KEY_LABEL, Attribute.ID: b"\x01", Attribute.TOKEN: True})
        session.create_object(cert)


@pytest.fixture()
def token_provider(softhsm: Path) -> Pkcs11Provider:
    return Pkcs11Provider(SOFTHSM_LIB, TOKEN_LABEL, KEY_LABEL, USER_PIN)
