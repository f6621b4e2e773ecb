"""Shared helpers of the signing tests (a unique module name: tests/ has no packages)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from backoffice.domain.model import Applicant, Case, CaseKind, Department
from backoffice.domain.states import CaseStatus
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


def sample_case(accepted_at: dt.datetime) -> tuple[Case, Department]:
    """A case of the food licence accepted at ``accepted_at``, and its lead department."""
    case = Case(case_code="220100-2025-000123", service_item_code="SI-FOOD-01",
                service_item_name="食品经营许可证核发",
                applicant=Applicant("王芳（虚构）", "220101199001010000"),
                lead_department="MSA-220100", kind=CaseKind.PROMISED, status=CaseStatus.ACCEPTED,
                accepted_at=accepted_at, promised_days=10, statutory_days=20,
                site_address="长春市朝阳区（虚构）")
    return case, Department("MSA-220100", "长春市市场监督管理局", "220100")


def policy(pki: TestPki, *, crl: bool = True, **more: object) -> VerifyPolicy:
    """Our trust root; the test CA's CRL given offline unless ``crl=False``."""
    return VerifyPolicy(trust_roots=(pki.root.asn1_cert(),),
                        crls=(pki.crl_der,) if crl else (), **more)  # type: ignore[arg-type]


def flip(pdf: bytes) -> bytes:
    """``pdf`` changed after sealing by one letter of its sealed bytes.

    In the creator's name, which the renderer writes as plain text: a bit
    flipped in a compressed stream sometimes left a PDF no reader could open,
    and the verdict was "unreadable" instead of "changed".
    """
    at = pdf.index(b"/Creator (OneVisit Back Office)")
    return pdf[:at] + pdf[at:].replace(b"Office", b"Offica", 1)
