"""The desk's trust: a damaged CRL from the platform is said as such, never as every
sealed document found tampered with; a good CRL kept before stays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from support.decision_env import DEMO
from support.sandbox_env import user

from backoffice.decisions.sealing import CRL_KEY
from backoffice.sandbox.server import Sandbox
from backoffice.signing.documents import DocumentData, DocumentKind
from backoffice.signing.errors import SigningError
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.render import render_document
from backoffice.signing.seal import seal_pdf


def _sealed(sandbox: Sandbox, code: str, name: str, tmp_path: Path) -> bytes:
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(code, b"pw"))
    data = DocumentData(kind=DocumentKind.GRANT, issuing_body=name,
                        case_code="220100-2025-000001", service_item_name="食品经营许可证核发",
                        applicant_name="王芳（虚构）", application_date=dt.date(2025, 3, 3),
                        issued_on=dt.date(2025, 3, 10), document_number="长市监许〔2025〕1号",
                        legal_basis="《食品经营许可和备案管理办法》第二十一条")
    return seal_pdf(render_document(data), Pkcs12Provider(p12, b"pw")).pdf


def test_a_damaged_crl_says_so_and_never_blames_the_document(
        sandbox: Sandbox, device: Any, tmp_path: Path) -> None:
    pki = sandbox.app.state.platform.pki.pki
    code = next(u.department_code for u in DEMO.users if "signer" in u.roles)
    name = pki.names[code]
    signer = device(user(DEMO, code, "signer"))
    sealed = _sealed(sandbox, code, name, tmp_path)
    signer.sealer.refresh_trust()
    assert signer.sealer.verify(sealed, signer=name).ok

    # The platform serves a CRL that is none: it is refused, the good one kept stays.
    good = pki.crl_der
    pki.crl_der = pki.root.asn1_cert().dump()
    try:
        with pytest.raises(SigningError) as err:
            signer.sealer.refresh_trust()
    finally:
        pki.crl_der = good
    assert err.value.code == "verify.bad_crl"
    assert signer.sealer.verify(sealed, signer=name).ok

    # A CRL kept damaged (storage, or kept before it was checked): the verification says so.
    with signer.store.write() as uow:
        uow.sync_state.set(CRL_KEY, b"not a CRL".hex())
    with pytest.raises(SigningError) as err:
        signer.sealer.verify(sealed, signer=name)
    assert err.value.code == "verify.bad_crl"
