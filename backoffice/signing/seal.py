"""Applying the department's e-seal: a PAdES signature with the seal's image on the page.

Offline the seal is PAdES B-B (signed, no trusted time): the document is then
*awaiting a timestamp* (待加盖时间戳). We never write that into the signed
bytes; :mod:`.verify` reports it (``verify.awaiting_timestamp``) and
:class:`SealResult` says so, so the decision desk can retry later with
:func:`add_timestamp`. When a TSA (RFC 3161) is reachable at sealing, the
signature gets a signature timestamp (B-T), the revocation information of the
chain goes into the document security store (B-LT) and a document timestamp
closes it (B-LTA).

**Revocation.** Given the CRLs of the trust the document will be verified
against (online: the platform's, just fetched), :func:`seal_pdf` and
:func:`add_timestamp` first look the seal's certificate up in them and
refuse a revoked one (``signing.own_certificate_revoked``): otherwise the
long-term seal would fail and fall back to B-B, and a revoked certificate
would still seal. Offline there is no fresh CRL: the seal is B-B, and
verification against the CRL refuses it later (``verify.revoked``).
Likewise an expired or not yet valid certificate, or (given the trust it
will be verified against) one that does not chain to a trusted root, is
refused (``signing.own_certificate_expired`` …): its seal could never be
timestamped. Only an unreachable TSA falls back to B-B.

The seal's place comes from the document: :mod:`.render` leaves an empty
signature field :data:`SEAL_FIELD` where GB/T 9704 wants the seal. A PDF
that arrived some other way gets a field on its last page.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import images
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation import add_validation_info
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from backoffice.signing.errors import SigningError
from backoffice.signing.layout import DRAFT_KEYWORD
from backoffice.signing.providers import (
    SigningProvider,
    same_organisation,
    subject_organisation,
    validity_problem,
)
from backoffice.signing.sealimage import DEFAULT_PURPOSE, draw_seal

_log = logging.getLogger(__name__)

SEAL_FIELD = "Seal"
# A PDF without our field: the seal goes low on the right of its last page (points).
FALLBACK_BOX = (360, 110, 480, 230)


@dataclass(frozen=True)
class SealResult:
    pdf: bytes
    level: str  # "B-B", "B-T", "B-LTA"
    awaiting_timestamp: bool
    signer: str  # the organisation the certificate names
    timestamp_problem: str = ""  # why the TSA was not used, when one was asked for


def read_pdf(data: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        raise SigningError("signing.not_a_pdf", reason=type(exc).__name__) from exc


def document_info(reader: PdfFileReader, key: str) -> str:
    """An entry of the document information (``/Author``, ``/Subject``…), "" when absent.

    The renderer writes the issuing body as the author and the case code
    first in the subject (:func:`backoffice.signing.layout.layout`).
    """
    try:
        return str(reader.trailer["/Info"].get_object().get(key, ""))
    except (KeyError, AttributeError, TypeError):
        return ""


def is_draft(reader: PdfFileReader) -> bool:
    return DRAFT_KEYWORD in document_info(reader, "/Keywords")


def _field_spec(reader: PdfFileReader, field_name: str) -> fields.SigFieldSpec | None:
    """None when the document has the (empty) field; a new field's spec otherwise."""
    for name, value, _ref in fields.enumerate_sig_fields(reader):
        if name == field_name:
            if value is not None:
                raise SigningError("signing.already_sealed", field=field_name)
            return None
    pages = int(reader.root["/Pages"]["/Count"])
    return fields.SigFieldSpec(field_name, on_page=pages - 1, box=FALLBACK_BOX)


def revoked_on(certificate: object, crls: Iterable[bytes]) -> str | None:
    """When ``certificate`` (asn1crypto) was revoked by a CRL of its issuer (ISO date), or None.

    Only CRLs whose issuer is the certificate's issuer count; an unreadable
    CRL is skipped (the verification reports the revocation state anyway).
    """
    from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
    from cryptography import x509

    if not isinstance(certificate, asn1_x509.Certificate):
        return None
    cert = x509.load_der_x509_certificate(certificate.dump())
    for der in crls:
        try:
            crl = x509.load_der_x509_crl(der)
        except ValueError:
            _log.warning("an unreadable CRL was skipped")
            continue
        if crl.issuer != cert.issuer:
            continue
        entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if entry is not None:
            return entry.revocation_date_utc.date().isoformat()
    return None


def _refuse_revoked(certificate: object, crls: Iterable[bytes], organisation: str) -> None:
    since = revoked_on(certificate, crls)
    if since is not None:
        raise SigningError("signing.own_certificate_revoked", signer=organisation, since=since)


def refuse_unusable(certificate: Any, organisation: str,
                    validation_context: ValidationContext | None,
                    intermediates: Iterable[Any] = ()) -> None:
    """Refuse a certificate that cannot make a seal that verifies: expired, not yet
    valid, or (given ``validation_context``, the trust it will be verified against)
    not chaining to a trusted root.

    Checked before anything is signed: such a seal can never get its timestamp,
    and sealing with it would spend a document number on a document that can
    never be issued.
    """
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, RevokedError

    if not isinstance(certificate, asn1_x509.Certificate):
        return
    problem = validity_problem(certificate, dt.datetime.now(dt.UTC))
    if problem == "expired":
        raise SigningError("signing.own_certificate_expired", signer=organisation,
                           until=certificate.not_valid_after.date().isoformat())
    if problem == "not_yet_valid":
        raise SigningError("signing.own_certificate_not_yet_valid", signer=organisation,
                           since=certificate.not_valid_before.date().isoformat())
    if validation_context is None:
        return
    validator = CertificateValidator(certificate, intermediate_certs=list(intermediates),
                                     validation_context=validation_context)
    try:
        asyncio.run(validator.async_validate_path())
    except RevokedError:
        return  # told from the CRLs by _refuse_revoked, with its date
    except (PathBuildingError, PathValidationError) as exc:
        _log.warning("seal certificate of %s not trusted: %s", organisation,
                     type(exc).__name__)
        raise SigningError("signing.own_certificate_untrusted", signer=organisation) from exc


def seal_pdf(
    pdf: bytes,
    provider: SigningProvider,
    *,
    field_name: str = SEAL_FIELD,
    purpose: str = DEFAULT_PURPOSE,
    reason: str = "行政许可决定",
    location: str = "",
    timestamper: TimeStamper | None = None,
    validation_context: ValidationContext | None = None,
    allow_draft: bool = False,
    crls: Iterable[bytes] = (),
    department: str = "",
) -> SealResult:
    """``pdf`` sealed by ``provider``'s key.

    With ``timestamper`` (and a ``validation_context`` that can find the
    revocation information, usually fetching), the result is B-LTA; if the TSA
    cannot be reached the seal is still applied, as B-B awaiting a timestamp.
    A draft (no document number yet) is refused unless ``allow_draft``; a
    certificate on one of ``crls``, or one whose organisation is not
    ``department`` (when given), is refused before anything is signed.
    """
    reader = read_pdf(pdf)
    if is_draft(reader) and not allow_draft:
        raise SigningError("signing.draft_document")
    new_field = _field_spec(reader, field_name)
    with provider.open() as signer:
        cert = signer.signing_cert
        if cert is None:
            raise SigningError("signing.no_certificate", provider=provider.describe())
        organisation = subject_organisation(cert)
        _refuse_revoked(cert, crls, organisation)
        refuse_unusable(cert, organisation, validation_context, signer.cert_registry)
        if department and not same_organisation(organisation, department):
            # Every department's certificate chains to the same root: only the
            # organisation it names tells whose seal it is.
            raise SigningError("signing.wrong_department", signer=organisation,
                               department=department)
        style = StaticStampStyle(
            background=images.PdfImage(draw_seal(organisation, purpose)),
            border_width=0, background_opacity=1.0)
        problem = ""
        if timestamper is not None:
            try:
                out = _sign(pdf, signer, field_name, new_field, style, reason, location,
                            organisation, timestamper, validation_context)
                return SealResult(out, "B-LTA" if validation_context else "B-T", False,
                                  organisation)
            except OSError as exc:
                # Offline is normal for a reviewer's laptop: seal now, timestamp later.
                # Only then: any other failure would fail the timestamp later too, and
                # a B-B fallback would spend a number on a seal that stays stuck.
                problem = type(exc).__name__
                _log.warning("timestamp authority not reachable (%s): sealing B-B", problem)
        out = _sign(pdf, signer, field_name, new_field, style, reason, location, organisation,
                    None, None)
        return SealResult(out, "B-B", True, organisation, problem)


def _sign(pdf: bytes, signer: signers.Signer, field_name: str,
          new_field: fields.SigFieldSpec | None, style: StaticStampStyle, reason: str,
          location: str, organisation: str, timestamper: TimeStamper | None,
          validation_context: ValidationContext | None) -> bytes:
    long_term = timestamper is not None and validation_context is not None
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=organisation or None,
        embed_validation_info=long_term,
        use_pades_lta=long_term,
        validation_context=validation_context,
    )
    pdf_signer = signers.PdfSigner(meta, signer, timestamper=timestamper, stamp_style=style,
                                   new_field_spec=new_field)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    output = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=output)
    except OSError:
        raise  # the TSA: the caller falls back to B-B
    except Exception as exc:
        # pyHanko's errors mix causes (an expired certificate, a token refusing): the
        # class names it for the log; the user hears that sealing failed and where.
        _log.warning("sealing failed: %s", type(exc).__name__, exc_info=exc)
        raise SigningError("signing.seal_failed", reason=type(exc).__name__) from exc
    return output.getvalue()


def add_timestamp(pdf: bytes, timestamper: TimeStamper,
                  validation_context: ValidationContext, *,
                  crls: Iterable[bytes] = ()) -> bytes:
    """A sealed B-B document made long-term: revocation info in the DSS, a document timestamp.

    For the seal that was applied offline and is awaiting its timestamp.
    The signed bytes stay as they were; both go in incremental updates. A
    seal whose certificate is on one of ``crls`` is refused: it was revoked
    before its time could be proven.
    """
    reader = read_pdf(pdf)
    sigs = [s for s in reader.embedded_regular_signatures]
    if not sigs:
        raise SigningError("signing.nothing_to_timestamp")
    crls = list(crls)
    for sig in sigs:
        organisation = subject_organisation(sig.signer_cert)
        _refuse_revoked(sig.signer_cert, crls, organisation)
        refuse_unusable(sig.signer_cert, organisation, validation_context,
                        sig.other_embedded_certs)
    data = pdf
    try:
        for index in range(len(sigs)):
            current = read_pdf(data).embedded_regular_signatures[index]
            out = add_validation_info(current, validation_context, skip_timestamp=True,
                                      output=io.BytesIO())
            data = out.getvalue()
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        output = io.BytesIO()
        signers.PdfTimeStamper(timestamper).timestamp_pdf(
            writer, "sha256", validation_context=validation_context, output=output)
    except OSError:
        raise
    except Exception as exc:
        _log.warning("timestamping failed: %s", type(exc).__name__, exc_info=exc)
        raise SigningError("signing.timestamp_failed", reason=type(exc).__name__) from exc
    return output.getvalue()
