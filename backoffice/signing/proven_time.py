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

The same holds for a certificate revoked *after* the proven time (a department
reorganised, its certificates revoked): EN 319 102-1's past signature
validation, and pyHanko's point-in-time validation, keep such a seal valid.
We make one exception: a revocation for a compromised key. Whoever held the
key could have made the seal before it was revoked; a timestamp proves when,
not who. Revoked at or before the proven time, or with no proven time, the
seal is revoked.

A CRL entry may say since when the key is known or suspected compromised, or
the certificate otherwise invalid: its invalidity date (RFC 5280 §5.3.2),
earlier than the revocation as a rule. That date, not the revocation's, is
when the certificate stopped answering for seals: one it precedes (or equals)
the proven time of is not valid, whatever the reason; a compromise it dates
after the proven time leaves the seal valid, as EN 319 102-1 holds a
revocation after a signature's proof of existence does. Without the date a
compromise keeps undoing the seal, for nothing says when it began. The date
is read only from an entry of a CRL whose signature the issuer's key verifies,
and that agrees with the revocation pyHanko validated.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from asn1crypto import crl as asn1_crl  # type: ignore[import-untyped]  # no stubs
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator

from backoffice.signing.providers import validity_problem

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


# RFC 5280 reasons saying a key was in other hands; pyHanko gives a CRL entry
# without a reason as "unspecified", which is not among them (see docs/signing.md).
COMPROMISED = frozenset({"key_compromise", "ca_compromise", "aa_compromise"})


# The cases of Revoked.case that leave the seal valid.
SPARING = frozenset({"after_proven_time", "compromised_after_proven_time"})


@dataclass(frozen=True)
class Revoked:
    """A signer certificate's revocation, as validated revocation information says it."""

    at: dt.datetime
    reason: str  # RFC 5280's, as asn1crypto names it: "affiliation_changed", "key_compromise"…
    # The CRL entry's invalidityDate, when it has one (see the module's docstring).
    invalid_since: dt.datetime | None = None

    @property
    def since(self) -> dt.datetime:
        """When the certificate stopped answering for seals: the earlier of the two dates."""
        if self.invalid_since is not None and self.invalid_since < self.at:
            return self.invalid_since
        return self.at

    def case(self, proven: dt.datetime | None) -> str:
        """Which rule applies to a seal a trusted timestamp proves made at ``proven``."""
        if proven is None:
            return "no_proven_time"
        if self.at <= proven:
            return "before_proven_time"
        if self.since <= proven:
            return "invalid_before_proven_time"
        if self.reason in COMPROMISED:
            if self.invalid_since is None:  # compromised since when? not said: any time
                return "key_compromise_after_proven_time"
            return "compromised_after_proven_time"
        return "after_proven_time"

    def spares(self, proven: dt.datetime | None) -> bool:
        """Whether the seal stays valid despite the revocation."""
        return self.case(proven) in SPARING


def revocation_of(status: Any,
                  crls: Sequence[asn1_crl.CertificateList] = ()) -> Revoked | None:
    """The signer certificate's revocation in pyHanko's ``status`` (None: not revoked,
    or a CA's above it, which stays as pyHanko judged it), with the invalidity
    date the entry has in one of ``crls`` (pyHanko does not give it)."""
    details = getattr(status, "revocation_details", None)
    if details is None or details.ca_revoked:
        return None
    return Revoked(details.revocation_date, str(details.revocation_reason.native),
                   invalidity_date(status, crls, details.revocation_date))


def invalidity_date(status: Any, crls: Sequence[asn1_crl.CertificateList],
                    revoked_at: dt.datetime) -> dt.datetime | None:
    """The invalidityDate of the signer certificate's entry revoking it at ``revoked_at``,
    from a CRL of its issuer signed by the issuer's key (the one pyHanko's path
    names); None when no such entry has one.

    The date can make a seal valid (a compromise after its proven time), so a
    CRL nobody signed must not be able to give it.
    """
    cert = status.signing_cert
    try:
        issuer_key = status.validation_path.find_issuing_authority(cert).public_key
    except (AttributeError, LookupError):
        return None
    for crl in crls:
        tbs = crl["tbs_cert_list"]
        if tbs["issuer"] != cert.issuer:
            continue
        entry = next((e for e in tbs["revoked_certificates"] or ()
                      if e["user_certificate"].native == cert.serial_number
                      and e["revocation_date"].native == revoked_at), None)
        if entry is None or entry.invalidity_date_value is None or not _signed_by(crl, issuer_key):
            continue
        return entry.invalidity_date_value.native  # type: ignore[no-any-return]
    return None


def _signed_by(crl: asn1_crl.CertificateList, key: Any) -> bool:
    try:
        DefaultSignatureValidator().validate_signature(
            crl["signature"].native, crl["tbs_cert_list"].dump(), key,
            crl["signature_algorithm"])
    except Exception:  # noqa: BLE001 - InvalidSignature, or an algorithm it cannot check
        _log.warning("a CRL naming the seal certificate is not signed by its issuer: "
                     "its invalidity date is not taken")
        return False
    return True


def judging_time(status: Any, proven: dt.datetime | None, at: dt.datetime,
                 lookup: Callable[[dt.datetime], Any],
                 crls: Sequence[asn1_crl.CertificateList] = ()) -> tuple[dt.datetime | None,
                                                                          Revoked | None]:
    """The time to judge a signer certificate at (None: ``at``, the policy's) and its
    revocation as known.

    ``status``: pyHanko's validation at ``at``; ``lookup(t)``: validation at
    ``t`` with :func:`past_context`. Once the certificate has expired it is
    judged at ``proven``, where a later revocation is not seen: so its
    revocation is looked up at the end of its validity (a CA drops it from
    the CRL after that). ``crls``: the CRLs known (given, embedded, carried),
    where the revocation's invalidity date is read.
    """
    cert = status.signing_cert
    known = revocation_of(status, crls)
    if proven is None:
        return None, known
    if validity_problem(cert, at) == "expired":
        return proven, revocation_of(lookup(cert.not_valid_after), crls)
    if known is not None and known.spares(proven):
        return proven, known
    return None, known


def past_context(policy: VerifyPolicy, dss: DocumentSecurityStore | None,
                 cert: asn1_x509.Certificate,
                 at: dt.datetime) -> Callable[[str], ValidationContext]:
    """Validation contexts (by revocation mode) judging the signer certificate ``cert`` at ``at``.

    Not PDF-only: an archive manifest's detached seal is judged the same way.
    """
    until = cert.not_valid_after
    crls = [c for c in known_crls(policy, dss) if _issued(c) <= until]
    ocsps = [o for o in _dss_ocsps(dss) if (_produced(o) or until) <= until]
    certs = list(dss.load_certs()) if dss is not None else []
    # In force still (revoked after the proven time), what is published now
    # speaks of it: fetched as at the policy's time.
    fetching = policy.allow_fetching and policy.at < until

    def context(mode: str) -> ValidationContext:
        return ValidationContext(
            trust_roots=list(policy.trust_roots), other_certs=certs, moment=at,
            crls=crls, ocsps=ocsps, revocation_mode=mode, retroactive_revinfo=True,
            allow_fetching=fetching)
    return context


def known_crls(policy: VerifyPolicy,
               dss: DocumentSecurityStore | None) -> list[asn1_crl.CertificateList]:
    """The CRLs given and those the document embeds (its DSS)."""
    return [*policy.parsed_crls, *_dss_crls(dss)]


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
