"""A seal whose certificate has expired since: judged at the time a timestamp proves.

A decision stays in force for years, its seal certificate for one or two. What
makes the seal outlive it is a trusted time (standard 8.1.7, 9.8): the
signature timestamp of a B-T/B-LTA seal, or a document timestamp added after a
B-B seal, proves the seal existed then. So a certificate expired *now* is
judged as pyHanko's point-in-time validation judges it, at that time: in force
then, chaining to our roots, and not revoked before it.

The revocation information for that judgment is what the document embeds
(DSS) and the CRLs given, but only what was issued while the certificate was
in force: a CA drops expired certificates from its CRL, so a list issued later
says nothing about them (and would say "not revoked" of every one). It may be
issued after the proven time (it is fetched for the DSS right after sealing),
hence ``retroactive_revinfo``. Nothing is fetched: what is published now is
issued after the expiry.

The timestamps themselves are judged the same way once their authority's
certificate has expired: at the time a later trusted document timestamp
proves (the B-LTA chain, kept alive by renewing it with a new timestamp, 9.8).

A seal with no trusted time (B-B, never timestamped) has nothing to be judged
at but now, and an expired certificate stays refused.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from asn1crypto import crl as asn1_crl  # type: ignore[import-untyped]  # no stubs
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

if TYPE_CHECKING:
    from backoffice.signing.verify import VerifyPolicy

_log = logging.getLogger(__name__)


def proven_time(tst: Any, stamp_times: Iterable[dt.datetime]) -> dt.datetime | None:
    """The earliest time a trusted timestamp proves a seal existed.

    ``tst``: pyHanko's validation of the seal's signature timestamp (None: it has
    none); ``stamp_times``: the times of the trusted document timestamps after
    the seal's revision.
    """
    times = list(stamp_times)
    if tst is not None and tst.intact and tst.valid and tst.trusted:
        times.append(tst.timestamp)
    return min(times, default=None)


def past_context(policy: VerifyPolicy, dss: DocumentSecurityStore | None,
                 cert: asn1_x509.Certificate,
                 at: dt.datetime) -> Callable[[str], ValidationContext]:
    """Validation contexts (by revocation mode) judging the signer certificate ``cert`` at ``at``.

    Not PDF-only: an archive manifest's detached seal is judged the same way.
    """
    until = cert.not_valid_after
    crls = [c for c in (*policy.parsed_crls, *_dss_crls(dss)) if _issued(c) <= until]
    ocsps = [o for o in _dss_ocsps(dss) if (_produced(o) or until) <= until]
    certs = list(dss.load_certs()) if dss is not None else []

    def context(mode: str) -> ValidationContext:
        return ValidationContext(
            trust_roots=list(policy.trust_roots), other_certs=certs, moment=at,
            crls=crls, ocsps=ocsps, revocation_mode=mode, retroactive_revinfo=True,
            allow_fetching=False)
    return context


def _issued(crl: asn1_crl.CertificateList) -> dt.datetime:
    return crl["tbs_cert_list"]["this_update"].native  # type: ignore[no-any-return]


def _produced(response: asn1_ocsp.OCSPResponse) -> dt.datetime | None:
    try:
        basic = response["response_bytes"]["response"].parsed
        return basic["tbs_response_data"]["produced_at"].native  # type: ignore[no-any-return]
    except (ValueError, TypeError, KeyError):
        return None  # not a usable response: certvalidator ignores it too


def _dss_crls(dss: DocumentSecurityStore | None) -> list[asn1_crl.CertificateList]:
    if dss is None:
        return []
    return [asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL))
            for ref in dss.crls]


def _dss_ocsps(dss: DocumentSecurityStore | None) -> list[asn1_ocsp.OCSPResponse]:
    if dss is None:
        return []
    return [asn1_ocsp.OCSPResponse.load(ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE))
            for ref in dss.ocsps]
