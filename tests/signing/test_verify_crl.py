"""A CRL that cannot be read is said as such, never as a document changed after sealing;
and a fault while checking a seal is "not checked", never tampering."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from asn1crypto import pem  # type: ignore[import-untyped]  # no stubs
from signing_support import policy

from backoffice.signing import verify
from backoffice.signing.errors import SigningError
from backoffice.signing.seal import SealResult
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import VerifyPolicy, verify_pdf

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def sealed_file(sealed_bb: SealResult, tmp_path: Path) -> Path:
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed_bb.pdf)
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_that_is_no_crl_is_named_and_the_document_not_blamed(
        run_cli: CliRunner, pki_files: dict[str, Path], sealed_file: Path, tmp_path: Path,
        lang: str) -> None:
    trust = ("--trust", str(pki_files["root"]))
    good = run_cli("verify", str(sealed_file), *trust, "--crl", str(pki_files["crl"]))
    assert good.returncode == 0, good.stdout + good.stderr

    text = tmp_path / "passwd"
    text.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    # The root certificate given by mistake: DER of another kind, and PEM of another kind.
    for wrong in (pki_files["root"], text):
        result = run_cli("verify", str(sealed_file), *trust, "--crl", str(wrong),
                         env={"BACKOFFICE_LANG": lang})
        assert result.returncode == 2, result.stdout + result.stderr
        said = result.stdout + result.stderr
        assert str(wrong) in said
        assert ("Cannot read the CRL file" if lang == "en" else "无法读取吊销列表文件") in said
        assert "changed after sealing" not in said and "被修改" not in said


def test_a_certificate_as_der_crl_is_refused_when_the_policy_is_built(pki: TestPki) -> None:
    cert_der = pki.root.asn1_cert().dump()
    with pytest.raises(SigningError) as err:
        VerifyPolicy(trust_roots=(pki.root.asn1_cert(),), crls=(cert_der,))
    assert err.value.code == "verify.bad_crl"
    with pytest.raises(SigningError) as err:
        verify.read_crl_file(Path("root.der"), cert_der)
    assert err.value.code == "verify.bad_crl_file" and err.value.params["path"] == "root.der"


def test_a_pem_crl_file_reads_as_its_der(pki: TestPki) -> None:
    armored = pem.armor("X509 CRL", pki.crl_der)
    assert verify.read_crl_file(Path("root.crl"), armored) == pki.crl_der


def test_a_fault_while_checking_is_not_called_tampering(
        pki: TestPki, sealed_bb: SealResult, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug, not the document")

    # The validator failing the way a bug of ours would (nothing wrong with the document).
    monkeypatch.setattr(verify, "validate_pdf_signature", broken)
    result = verify_pdf(sealed_bb.pdf, policy(pki))
    assert not result.ok
    assert result.problems == ["verify.check_failed"]
    assert result.signatures[0].detail == "RuntimeError"


def test_a_signature_pyhanko_cannot_read_is_still_tampering(pki: TestPki,
                                                           sealed_bb: SealResult) -> None:
    data = bytearray(sealed_bb.pdf)
    match = re.search(rb"/Contents\s*<", data)
    assert match is not None
    # A byte of the signer's certificate inside the CMS: pyHanko raises reading it.
    at = match.end() + 2 * 1500
    data[at] = ord("F") if data[at] != ord("F") else ord("E")
    result = verify_pdf(bytes(data), policy(pki))
    assert result.problems == ["verify.tampered"]
    assert result.signatures[0].detail == "ValueError"
