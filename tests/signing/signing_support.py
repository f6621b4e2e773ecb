"""Shared helpers of the signing tests (a unique module name: tests/ has no packages)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from backoffice.signing.documents import DocumentData
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import VerifyPolicy

HERE = Path(__file__).resolve().parent
PASSWORD = b"test-only-password"
SOFTHSM_LIB = Path("/usr/lib/softhsm/libsofthsm2.so")
TOKEN_LABEL = "onevisit-test"
KEY_LABEL = "seal-MSA-220100"
USER_PIN = "123456"
NUMBER = "长市监许准字〔2025〕第0187号"


def sample(name: str = "grant", **changes: object) -> DocumentData:
    data = DocumentData.from_json_file(HERE / f"sample_{name}.json")
    return dataclasses.replace(data, **changes) if changes else data  # type: ignore[arg-type]


def policy(pki: TestPki, *, crl: bool = True, **more: object) -> VerifyPolicy:
    """Our trust root; the test CA's CRL given offline unless ``crl=False``."""
    return VerifyPolicy(trust_roots=(pki.root.asn1_cert(),),
                        crls=(pki.crl_der,) if crl else (), **more)  # type: ignore[arg-type]
