"""Sealing with a PKCS#11 token: SoftHSM2 with the seal key and certificate imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from signing_support import KEY_LABEL, SOFTHSM_LIB, TOKEN_LABEL, policy

from backoffice.signing.errors import SigningError
from backoffice.signing.providers import Pkcs11Provider
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import verify_pdf


def test_seal_with_a_softhsm_token_verifies(pki: TestPki, grant_pdf: bytes,
                                            token_provider: Pkcs11Provider) -> None:
    sealed = seal_pdf(grant_pdf, token_provider)
    assert sealed.signer == "长春市市场监督管理局" and sealed.level == "B-B"
    result = verify_pdf(sealed.pdf, policy(pki))
    assert result.ok, result.to_dict()
    assert result.signatures[0].subject.find("长春市市场监督管理局电子印章") >= 0


def test_wrong_pin_is_a_coded_error_without_the_pin(softhsm: Path, grant_pdf: bytes) -> None:
    provider = Pkcs11Provider(SOFTHSM_LIB, TOKEN_LABEL, KEY_LABEL, "999999")
    with pytest.raises(SigningError) as err:
        seal_pdf(grant_pdf, provider)
    assert err.value.code == "signing.pkcs11_failed"
    assert err.value.params["reason"] == "PinIncorrect"
    assert "999999" not in str(err.value)


def test_unknown_key_label_is_a_coded_error(softhsm: Path, grant_pdf: bytes) -> None:
    provider = Pkcs11Provider(SOFTHSM_LIB, TOKEN_LABEL, "no-such-key", "123456")
    with pytest.raises(SigningError) as err:
        seal_pdf(grant_pdf, provider)
    assert err.value.code == "signing.pkcs11_key_missing"


def test_unknown_token_is_a_coded_error(softhsm: Path, grant_pdf: bytes) -> None:
    provider = Pkcs11Provider(SOFTHSM_LIB, "no-such-token", KEY_LABEL, "123456")
    with pytest.raises(SigningError) as err:
        seal_pdf(grant_pdf, provider)
    assert err.value.code == "signing.pkcs11_token_missing"
