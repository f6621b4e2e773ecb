"""Sealing with a PKCS#12 file and verifying: every kind of tampering is caught."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from signing_support import PASSWORD, policy

from backoffice.signing.errors import SigningError
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import SealResult, add_timestamp, seal_pdf
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import RevocationPolicy, VerifyPolicy, verify_pdf


def pyhanko_bottom_line(pdf: bytes, pki: TestPki) -> bool:
    """pyHanko's own opinion, as a second judge: trusted roots, the CRL, no fetching."""
    sig = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_regular_signatures[0]
    context = ValidationContext(trust_roots=[pki.root.asn1_cert()], crls=[pki.crl_der],
                                allow_fetching=False)
    return bool(validate_pdf_signature(sig, context).bottom_line)


def flip_signed_byte(pdf: bytes) -> bytes:
    """One bit flipped in the page content, well inside the signed byte range."""
    data = bytearray(pdf)
    at = data.index(b"stream", data.index(b"/Contents")) + 40
    data[at] ^= 0x01
    return bytes(data)


def test_offline_seal_is_b_b_and_awaiting_timestamp(pki: TestPki, sealed_bb: SealResult) -> None:
    assert sealed_bb.level == "B-B" and sealed_bb.awaiting_timestamp
    assert sealed_bb.signer == "长春市市场监督管理局"
    result = verify_pdf(sealed_bb.pdf, policy(pki))
    assert result.ok, result.to_dict()
    assert result.problems == [] and result.warnings == ["verify.awaiting_timestamp"]
    assert result.awaiting_timestamp
    [seal] = result.signatures
    assert seal.intact and seal.valid and seal.trusted and not seal.revoked
    assert seal.coverage == "ENTIRE_FILE" and seal.timestamp == ""
    assert pyhanko_bottom_line(sealed_bb.pdf, pki)


def test_the_signed_bytes_keep_the_document_text(sealed_bb: SealResult, grant_pdf: bytes) -> None:
    # The seal is an incremental update: the rendered document is its unchanged prefix.
    assert sealed_bb.pdf.startswith(grant_pdf)


def test_flipped_byte_is_rejected_as_tampered(pki: TestPki, sealed_bb: SealResult) -> None:
    tampered = flip_signed_byte(sealed_bb.pdf)
    result = verify_pdf(tampered, policy(pki))
    assert not result.ok and result.problems == ["verify.tampered"]
    assert not pyhanko_bottom_line(tampered, pki)


def test_flipped_byte_in_the_signature_itself_is_rejected(pki: TestPki,
                                                          sealed_bb: SealResult) -> None:
    data = bytearray(sealed_bb.pdf)
    # The hex CMS sits in the gap of the byte range, zero-padded; the RSA signature
    # value is at the end of the DER: flip a digit there.
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)", data)
    assert match is not None
    start, end = int(match[2]) + 1, int(match[3]) - 1
    contents = start + len(bytes(data[start:end]).rstrip(b"0")) - 100
    data[contents] = ord("0") if data[contents] != ord("0") else ord("1")
    result = verify_pdf(bytes(data), policy(pki))
    assert not result.ok and "verify.tampered" in result.problems


def test_untrusted_root_is_rejected(sealed_bb: SealResult) -> None:
    stranger = TestPki.generate(departments=())
    result = verify_pdf(sealed_bb.pdf, VerifyPolicy(trust_roots=(stranger.root.asn1_cert(),)))
    assert not result.ok and result.problems == ["verify.untrusted"]


def test_revoked_certificate_is_rejected(pki: TestPki, pki_files: dict[str, Path],
                                         grant_pdf: bytes) -> None:
    revoked = seal_pdf(grant_pdf, Pkcs12Provider(pki_files["REVOKED-220100"], PASSWORD))
    result = verify_pdf(revoked.pdf, policy(pki))
    assert not result.ok and result.problems == ["verify.revoked"]
    assert not pyhanko_bottom_line(revoked.pdf, pki)
    # The same answer when the CRL is fetched from the distribution point the
    # certificate names (the test PKI serves it on a loopback port).
    fetched = verify_pdf(revoked.pdf, policy(pki, crl=False, allow_fetching=True))
    assert fetched.problems == ["verify.revoked"]


def test_missing_revocation_info_follows_the_policy(pki: TestPki, sealed_bb: SealResult) -> None:
    strict = verify_pdf(sealed_bb.pdf, policy(pki, crl=False))
    assert not strict.ok and strict.problems == ["verify.revocation_unknown"]
    lenient = verify_pdf(sealed_bb.pdf, policy(pki, crl=False,
                                               missing_revocation=RevocationPolicy.WARN))
    assert lenient.ok and "verify.revocation_unknown" in lenient.warnings
    ignored = verify_pdf(sealed_bb.pdf, policy(pki, crl=False,
                                               missing_revocation=RevocationPolicy.IGNORE))
    assert ignored.ok and "verify.revocation_unknown" not in ignored.warnings


def test_requiring_a_timestamp_rejects_an_offline_seal(pki: TestPki,
                                                       sealed_bb: SealResult) -> None:
    result = verify_pdf(sealed_bb.pdf, policy(pki, require_timestamp=True))
    assert result.problems == ["verify.awaiting_timestamp"]


def test_unsigned_and_unreadable_files_are_rejected(pki: TestPki, grant_pdf: bytes) -> None:
    assert verify_pdf(grant_pdf, policy(pki)).problems == ["verify.unsigned"]
    assert verify_pdf(b"not a pdf at all", policy(pki)).problems == ["verify.unreadable"]


def test_no_trust_roots_is_rejected(sealed_bb: SealResult) -> None:
    assert verify_pdf(sealed_bb.pdf, VerifyPolicy()).problems == ["verify.no_trust_roots"]


def test_content_added_after_sealing_is_not_covered(pki: TestPki, sealed_bb: SealResult) -> None:
    from pyhanko.stamp import TextStamp, TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(sealed_bb.pdf), strict=False)
    TextStamp(writer, TextStampStyle(stamp_text="准予")).apply(0, 100, 100)
    out = io.BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue(), policy(pki))
    assert not result.ok and "verify.not_whole_document" in result.problems


def test_online_seal_is_long_term_and_timestamped(pki: TestPki, sealed_lta: SealResult) -> None:
    assert sealed_lta.level == "B-LTA" and not sealed_lta.awaiting_timestamp
    # Revocation info is in the document: no CRL needed, revocation required.
    result = verify_pdf(sealed_lta.pdf, policy(pki, crl=False))
    assert result.ok, result.to_dict()
    assert result.warnings == []
    seal, stamp = result.signatures
    assert seal.timestamp and stamp.kind == "document_timestamp" and stamp.trusted
    assert seal.modification == "LTA_UPDATES"


def test_unreachable_tsa_still_seals_awaiting_timestamp(grant_pdf: bytes,
                                                        p12: Pkcs12Provider) -> None:
    nowhere = HTTPTimeStamper("http://127.0.0.1:9/tsa", timeout=2)
    result = seal_pdf(grant_pdf, p12, timestamper=nowhere)
    assert result.level == "B-B" and result.awaiting_timestamp and result.timestamp_problem


def test_the_awaited_timestamp_is_added_later(pki: TestPki, sealed_bb: SealResult) -> None:
    context = ValidationContext(trust_roots=[pki.root.asn1_cert()], allow_fetching=True)
    upgraded = add_timestamp(sealed_bb.pdf, HTTPTimeStamper(pki.tsa_url), context)
    assert upgraded.startswith(sealed_bb.pdf)  # the signed bytes are untouched
    result = verify_pdf(upgraded, policy(pki, crl=False))
    assert result.ok and not result.awaiting_timestamp, result.to_dict()


def test_a_sealed_field_cannot_be_sealed_again(sealed_bb: SealResult,
                                               p12: Pkcs12Provider) -> None:
    with pytest.raises(SigningError) as err:
        seal_pdf(sealed_bb.pdf, p12)
    assert err.value.code == "signing.already_sealed"


def test_wrong_password_is_a_coded_error(pki_files: dict[str, Path], grant_pdf: bytes) -> None:
    with pytest.raises(SigningError) as err:
        seal_pdf(grant_pdf, Pkcs12Provider(pki_files["MSA-220100"], b"wrong"))
    assert err.value.code == "signing.pkcs12_unreadable"
    assert "wrong" not in str(err.value)


def test_a_foreign_pdf_gets_a_seal_field_on_its_last_page(pki: TestPki,
                                                          p12: Pkcs12Provider) -> None:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "A document from elsewhere")
    canvas.save()
    sealed = seal_pdf(buffer.getvalue(), p12)
    assert verify_pdf(sealed.pdf, policy(pki)).ok
