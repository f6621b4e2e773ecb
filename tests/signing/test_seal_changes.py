"""After a seal only revocation info, timestamps and further valid seals may be added.

Each case adds a real incremental update to a really sealed document, the way
someone holding the PDF could, and verifies the result.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
from pyhanko_certvalidator import ValidationContext
from signing_support import PASSWORD, policy

from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import SealResult, add_timestamp, seal_pdf
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import verify_pdf

MSA = "长春市市场监督管理局"


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def with_unsigned_field(pdf: bytes) -> bytes:
    """An empty signature field whose appearance paints boxes over the page's text."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    append_signature_field(writer, SigFieldSpec("Void", on_page=0, box=(100, 300, 500, 500)))
    appearance = writer.add_object(generic.StreamObject(
        {generic.NameObject("/BBox"): generic.ArrayObject(
            [generic.FloatObject(x) for x in (0, 0, 400, 200)]),  # type: ignore[no-untyped-call]
         generic.NameObject("/Type"): generic.NameObject("/XObject"),
         generic.NameObject("/Subtype"): generic.NameObject("/Form")},
        stream_data=b"1 1 1 rg 0 0 400 200 re f"))
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == "Void":
            ap = {generic.NameObject("/N"): appearance}
            field["/AP"] = generic.DictionaryObject(ap)  # type: ignore[no-untyped-call]
            writer.update_container(field)
    return _written(writer)


def with_title(pdf: bytes, title: str) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    writer.set_info(generic.DictionaryObject(  # type: ignore[no-untyped-call]
        {generic.NameObject("/Title"): generic.TextStringObject(title)}))
    return _written(writer)


def with_title_in_place(pdf: bytes, title: str) -> bytes:
    """The document info object itself rewritten with a new title, as an editor saves
    it incrementally: the same object number, so the trailer points where it did."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    info = writer.trailer["/Info"]
    info[generic.NameObject("/Title")] = generic.TextStringObject(title)
    writer.update_container(info)
    return _written(writer)


def _info_reference(pdf: bytes) -> object:
    return PdfFileReader(io.BytesIO(pdf), strict=False).trailer.raw_get("/Info").reference


@pytest.fixture(scope="module")
def co_sealed(sealed_bb: SealResult, pki_files: dict[str, Path]) -> bytes:
    """The MSA's document sealed once more, by the fire brigade, in a field of its own."""
    fire = Pkcs12Provider(pki_files["FIRE-220100"], PASSWORD)
    return seal_pdf(sealed_bb.pdf, fire, field_name="Seal-FIRE").pdf


def test_an_unsigned_field_drawn_over_a_b_lta_seal_is_rejected(
        pki: TestPki, sealed_lta: SealResult) -> None:
    assert verify_pdf(sealed_lta.pdf, policy(pki, crl=False, signer=MSA)).ok
    result = verify_pdf(with_unsigned_field(sealed_lta.pdf),
                        policy(pki, crl=False, signer=MSA))
    assert not result.ok and result.problems == ["verify.not_whole_document"]
    assert result.signatures[0].modification == "FORM_FILLING"


def test_an_unsigned_field_after_an_offline_seal_is_rejected(
        pki: TestPki, sealed_bb: SealResult) -> None:
    result = verify_pdf(with_unsigned_field(sealed_bb.pdf), policy(pki))
    assert result.problems == ["verify.not_whole_document"]


def test_a_new_title_after_sealing_is_rejected(pki: TestPki, sealed_lta: SealResult) -> None:
    result = verify_pdf(with_title(sealed_lta.pdf, "不予行政许可决定书"), policy(pki, crl=False))
    assert not result.ok and result.problems == ["verify.not_whole_document"]


@pytest.mark.parametrize("level", ["sealed_lta", "sealed_bb"])
def test_a_title_rewritten_in_place_after_sealing_is_rejected(
        pki: TestPki, level: str, request: pytest.FixtureRequest) -> None:
    sealed: SealResult = request.getfixturevalue(level)
    changed = with_title_in_place(sealed.pdf, "不予行政许可决定书")
    assert _info_reference(changed) == _info_reference(sealed.pdf)  # rewritten, not replaced
    result = verify_pdf(changed, policy(pki, signer=MSA))
    assert not result.ok and "verify.not_whole_document" in result.problems, result.to_dict()


@pytest.mark.parametrize("level", ["sealed_lta", "sealed_bb"])
@pytest.mark.parametrize("junk", [
    b"\n% appended\nJUNK JUNK\n",
    b"0",  # one byte is enough
    # what a reader would take for the end of the last revision again
    b"JUNK\nstartxref\n{startxref}\n%%EOF\n",
])
def test_bytes_appended_after_the_end_of_the_document_are_not_covered(
        pki: TestPki, level: str, junk: bytes, request: pytest.FixtureRequest) -> None:
    sealed: SealResult = request.getfixturevalue(level)
    startxref = PdfFileReader(io.BytesIO(sealed.pdf), strict=False).last_startxref
    appended = sealed.pdf + junk.replace(b"{startxref}", str(startxref).encode())
    result = verify_pdf(appended, policy(pki, signer=MSA))
    assert not result.ok and "verify.not_whole_document" in result.problems, result.to_dict()
    seal = result.signatures[0]
    assert "verify.not_whole_document" in seal.problems


def test_an_end_of_line_after_the_last_end_of_file_marker_is_not_junk(
        pki: TestPki, sealed_lta: SealResult) -> None:
    """Writers end "%%EOF" with one end of line or none; the seal stands either way."""
    assert sealed_lta.pdf.endswith(b"%%EOF\n")
    context = ValidationContext(trust_roots=[pki.root.asn1_cert()], allow_fetching=True)
    renewed = add_timestamp(sealed_lta.pdf, HTTPTimeStamper(pki.tsa_url), context)  # type: ignore[no-untyped-call]
    for ending in (b"", b"\r\n"):
        unsigned = IncrementalPdfFileWriter(io.BytesIO(renewed), strict=False)
        data = _written(unsigned).removesuffix(b"\n") + ending  # an empty update by another tool
        result = verify_pdf(data, policy(pki, crl=False, signer=MSA))
        assert result.ok, (ending, result.to_dict())


def test_revocation_info_and_timestamps_added_later_are_accepted(
        pki: TestPki, sealed_lta: SealResult) -> None:
    # A B-LTA document renewed: more DSS and a second document timestamp.
    context = ValidationContext(trust_roots=[pki.root.asn1_cert()], allow_fetching=True)
    renewed = add_timestamp(sealed_lta.pdf, HTTPTimeStamper(pki.tsa_url), context)  # type: ignore[no-untyped-call]
    assert renewed.startswith(sealed_lta.pdf)
    result = verify_pdf(renewed, policy(pki, crl=False, signer=MSA))
    assert result.ok, result.to_dict()
    assert [s.kind for s in result.signatures].count("document_timestamp") == 2


def test_a_co_seal_is_accepted(pki: TestPki, co_sealed: bytes) -> None:
    result = verify_pdf(co_sealed, policy(pki))
    assert result.ok, result.to_dict()
    first, second = result.signatures
    assert (first.signer, second.signer) == (MSA, "长春市消防救援支队")
    assert first.modification == "FORM_FILLING" and second.coverage == "ENTIRE_FILE"


def test_an_unsigned_field_after_a_co_seal_is_rejected(pki: TestPki, co_sealed: bytes) -> None:
    result = verify_pdf(with_unsigned_field(co_sealed), policy(pki))
    assert result.problems == ["verify.not_whole_document"]
    assert all("verify.not_whole_document" in s.problems for s in result.signatures)


def test_a_co_seal_of_an_untrusted_certificate_covers_nothing(
        pki: TestPki, sealed_bb: SealResult, tmp_path: Path) -> None:
    stranger = TestPki.generate(departments=(("MSA-220100", MSA),))
    files = stranger.write(tmp_path, PASSWORD)
    forged = seal_pdf(sealed_bb.pdf, Pkcs12Provider(files["MSA-220100"], PASSWORD),
                      field_name="Seal-2").pdf
    result = verify_pdf(forged, policy(pki))
    first, second = result.signatures
    assert "verify.untrusted" in second.problems
    assert "verify.not_whole_document" in first.problems
