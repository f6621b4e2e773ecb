"""``backoffice document|seal|timestamp|verify|archive``: the run functions.

Arguments are declared in ``backoffice/cli.py``. Exit codes: 0 done (for
``verify`` and ``archive verify``: valid); 3 verified and rejected (the
reasons on stdout); 2 a :class:`BackofficeError` (bad input, wrong password);
1 unexpected. Passwords and PINs come from stdin (``--password-stdin``) or a
prompt, never from argv, and are never logged.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from backoffice import cli_text, exit_codes, messages, paths, system_reasons
from backoffice.domain import clock
from backoffice.signing.errors import SigningError
from backoffice.signing.revocation_words import china_time, revocation_words

if TYPE_CHECKING:  # pyHanko is imported only by the commands that need it
    from backoffice.signing.archive import ArchiveReport
    from backoffice.signing.verify import VerificationResult

_log = logging.getLogger(__name__)

REJECTED = 3


def _say(code: str, lang: str | None, **params: Any) -> None:
    print(messages.render_code(code, params, lang))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SigningError("signing.file_unreadable", path=str(path),
                           reason=system_reasons.reason(exc)) from exc


def _write(path: Path, data: bytes) -> None:
    # Never a half-written seal: write aside, then replace in one step.
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise SigningError("signing.file_unwritable", path=str(path),
                           reason=system_reasons.reason(exc)) from exc


def _secret(args: argparse.Namespace, source: str) -> str:
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin is None or not sys.stdin.isatty():
        # A script or a service: nobody can answer a prompt, and getpass would
        # read standard input after an English warning.
        raise SigningError("signing.no_terminal")
    else:
        try:
            line = getpass.getpass(messages.render_code("signing.password_prompt",
                                                        {"source": source}, args.lang) + " ")
        except EOFError:  # Ctrl-D (Ctrl-Z on Windows) at the prompt
            line = ""
    if not line:
        raise SigningError("signing.no_password")
    return line


def _provider(args: argparse.Namespace) -> Any:
    from backoffice.signing.providers import Pkcs11Provider, Pkcs12Provider

    if args.p12 is not None:
        return Pkcs12Provider(args.p12, _secret(args, str(args.p12)).encode())
    if not (args.token_label and args.key_label):
        raise SigningError("signing.pkcs11_labels_missing")
    pin = _secret(args, f"{args.token_label}/{args.key_label}")
    return Pkcs11Provider(args.pkcs11_lib, args.token_label, args.key_label, pin,
                          cert_label=args.cert_label)


def _crls(args: argparse.Namespace) -> tuple[bytes, ...]:
    from backoffice.signing.verify import read_crl_file

    # A file that is no CRL (a certificate given by mistake) is named here, exit 2:
    # not a verdict on the document.
    return tuple(read_crl_file(path, _read(path)) for path in args.crl)


def _long_term(args: argparse.Namespace) -> tuple[Any, Any]:
    """The TSA, and a context of the trust roots: the seal's certificate must chain
    to them, offline too (docs/signing.md). Online (a TSA given) the context
    fetches the revocation info of a long-term seal."""
    from pyhanko_certvalidator import ValidationContext

    from backoffice.signing.verify import load_certificates, parse_crls

    roots = load_certificates(args.trust or _default_trust_files())
    context = (ValidationContext(trust_roots=list(roots), allow_fetching=bool(args.tsa),
                                 crls=list(parse_crls(_crls(args))))
               if roots else None)
    if not args.tsa:
        return None, context
    from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper

    return HTTPTimeStamper(args.tsa, timeout=15), context  # type: ignore[no-untyped-call]


def _awaiting(args: argparse.Namespace) -> None:
    """Why the seal has no timestamp: none was asked for, or the TSA was not reachable."""
    _say("signing.awaiting_timestamp_notice" if args.tsa else "signing.no_tsa_notice", args.lang)


def _refused(headline: str, problems: list[str], lang: str | None, **params: Any) -> int:
    """A document refused because it does not verify: the headline and each reason, exit 2."""
    _log.warning("%s: %s", headline, ", ".join(problems))
    print("backoffice: " + messages.render_code(headline, params, lang), file=sys.stderr)
    for code in problems:
        print("  ✗ " + messages.render_code(code, {}, lang), file=sys.stderr)
    return exit_codes.USAGE


# --- document ----------------------------------------------------------------


def run_document_render(args: argparse.Namespace) -> int:
    from backoffice.signing.documents import DocumentData, DocumentKind
    from backoffice.signing.render import render_document

    data = DocumentData.from_json_file(args.case_json)
    if args.kind:
        data = dataclasses.replace(data, kind=DocumentKind(args.kind))
    if args.number:
        data = dataclasses.replace(data, document_number=args.number)
    _write(args.out, render_document(data))
    code = "document.rendered_draft" if data.draft else "document.rendered"
    _say(code, args.lang, path=str(args.out), kind=data.kind.value)
    return 0


# --- seal, timestamp -----------------------------------------------------------


# The conformance level, for a person: "B-B" alone says nothing to one.
_LEVEL_WORDS = {"B-B": "signing.level_bb", "B-T": "signing.level_bt",
                "B-LTA": "signing.level_blta"}


def run_seal(args: argparse.Namespace) -> int:
    from backoffice.signing.seal import document_info, read_pdf, seal_pdf

    pdf = _read(args.input)
    # Our renderer names the issuing body as the document's author: only its
    # certificate may seal the document.
    department = document_info(read_pdf(pdf), "/Author")
    crls = _crls(args)
    provider = _provider(args)
    timestamper, context = _long_term(args)
    result = seal_pdf(pdf, provider, purpose=args.purpose, timestamper=timestamper,
                      validation_context=context, allow_draft=args.allow_draft, crls=crls,
                      department=department)
    _write(args.out, result.pdf)
    level = messages.render_code(_LEVEL_WORDS.get(result.level, ""), {}, args.lang) \
        if result.level in _LEVEL_WORDS else result.level
    _say("signing.sealed", args.lang, signer=result.signer, level=level, path=str(args.out))
    if result.awaiting_timestamp:
        _awaiting(args)
    return 0


def run_timestamp(args: argparse.Namespace) -> int:
    from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
    from pyhanko_certvalidator import ValidationContext

    from backoffice.signing.seal import add_timestamp
    from backoffice.signing.verify import (
        RevocationPolicy,
        VerifyPolicy,
        load_certificates,
        verify_pdf,
    )

    pdf = _read(args.input)
    roots = load_certificates(args.trust or _default_trust_files())
    # A timestamp would vouch for the document as it is now: one changed after
    # its seal, or sealed by a revoked certificate, gets none. Revocation info
    # not found yet is what timestamping fetches, so that alone does not refuse.
    found = verify_pdf(pdf, VerifyPolicy(trust_roots=roots, allow_fetching=True,
                                         missing_revocation=RevocationPolicy.WARN))
    if not found.ok:
        return _refused("signing.not_timestamped", found.problems, args.lang,
                        path=str(args.input))
    context = ValidationContext(trust_roots=list(roots), allow_fetching=True)
    stamper = HTTPTimeStamper(args.tsa, timeout=15)  # type: ignore[no-untyped-call]
    _write(args.out, add_timestamp(pdf, stamper, context))
    _say("signing.timestamped", args.lang, path=str(args.out))
    return 0


# --- verify ------------------------------------------------------------------


def _default_trust_files() -> list[Path]:
    folder = paths.data_dir(create=False) / "trust"
    return sorted(folder.glob("*.pem")) if folder.is_dir() else []


def _policy(args: argparse.Namespace) -> Any:
    from backoffice.signing.verify import RevocationPolicy, VerifyPolicy, load_certificates

    at = getattr(args, "at", None)  # archive create judges now: it has no --at
    return VerifyPolicy(
        trust_roots=load_certificates(args.trust or _default_trust_files()),
        crls=_crls(args),
        allow_fetching=args.allow_fetching,
        missing_revocation=RevocationPolicy(args.revocation),
        require_timestamp=args.require_timestamp,
        signer=args.signer,
        moment=moment(at) if at else None,
    )


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def moment(text: str) -> dt.datetime:
    """``--at``: a date with its time, China time unless a zone is given, from 2000
    up to now. A date alone is refused: which moment of the day would be a guess,
    and a revocation that day may fall either side of it."""
    value = text.strip()
    try:
        if _MOMENT.fullmatch(value) is None:
            raise ValueError(value)
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        raise SigningError("verify.bad_moment", value=text) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=clock.shanghai_tz())
    if not dt.datetime(2000, 1, 1, tzinfo=dt.UTC) <= at <= dt.datetime.now(dt.UTC):
        # Later than now would judge with revocation information not issued yet.
        raise SigningError("verify.moment_out_of_range", value=text)
    return at


def _as_of(policy: Any) -> str | None:
    """The JSON's ``as_of``: the moment given with --at (null: now)."""
    return policy.moment.isoformat() if policy.moment else None


def run_verify(args: argparse.Namespace) -> int:
    from backoffice.signing.verify import verify_pdf

    policy = _policy(args)
    result = verify_pdf(_read(args.input), policy)
    if args.json:
        print(json.dumps(_nulls({**result.to_dict(), "as_of": _as_of(policy)}),
                         ensure_ascii=False, indent=2))
        return 0 if result.ok else REJECTED
    _say(_headline(result), args.lang)
    _said_as_of(policy, args.lang)
    for code in result.problems:
        print("  ✗ " + messages.render_code(code, {}, args.lang))
    for code in result.warnings:
        print("  ! " + messages.render_code(code, {}, args.lang))
    for sig in result.signatures:
        if sig.kind:
            when = china_time(sig.timestamp or sig.signed_at)
            kind = cli_text.word(sig.kind, messages.resolve_language(args.lang))
            print(f"  · {kind} {sig.field_name}: {sig.signer or '-'} {when}"
                  + (f" ({sig.detail})" if sig.detail else ""))
            _said_revocation(sig, args.lang)
    return 0 if result.ok else REJECTED


def _said_as_of(policy: Any, lang: str | None) -> None:
    if policy.moment is not None:
        _say("verify.judged_as_of", lang, moment=china_time(policy.moment.isoformat()))


def _said_revocation(seal: Any, lang: str | None) -> None:
    """When a seal's certificate is revoked: when, why, and whether that undoes the seal."""
    words = revocation_words(seal, lang)
    if words:
        print("    " + words)


# Not known is null in the JSON, not "" (a script tests for null).
_NULL_WHEN_EMPTY = frozenset({"timestamp", "signed_at", "certificate_judged_at", "detail",
                              "revoked_at", "revocation_reason", "invalidity_date",
                              "revocation_case"})


def _nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: None if k in _NULL_WHEN_EMPTY and v == "" else _nulls(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_nulls(v) for v in value]
    return value


def _headline(result: VerificationResult) -> str:
    """The verdict's first line: "not revoked" only where revocation was confirmed."""
    from backoffice.signing.verify import Revocation

    if not result.ok:
        return "verify.rejected"
    # Under "warn" a seal without revocation information passes with a warning;
    # under "ignore" nothing required that information at all. The JSON's
    # "revocation" is the same answer.
    if result.revocation == Revocation.REVOKED_AFTER_SEAL:
        return "verify.valid_revoked_after_seal"
    confirmed = result.revocation == Revocation.GOOD
    return "verify.valid" if confirmed else "verify.valid_revocation_unconfirmed"


# --- archive -----------------------------------------------------------------


def run_archive_create(args: argparse.Namespace) -> int:
    from backoffice.signing.archive import (
        ArchiveFile,
        DecisionRejected,
        check_decision,
        create_archive,
        verify_archive,
    )

    files = [ArchiveFile("decision", args.decision.name, _read(args.decision))]
    for role, given in (("material", args.material), ("correction", args.correction),
                        ("inspection", args.inspection)):
        files += [ArchiveFile(role, path.name, _read(path)) for path in given]
    # Checked as `archive verify` with the same options will check the package:
    # before the key is asked for, the decision; after sealing, the whole.
    policy = _policy(args)
    try:
        check_decision(args.case_code, files[0].data, policy)
    except DecisionRejected as exc:
        return _refused("archive.decision_rejected", exc.problems, args.lang,
                        case_code=args.case_code)
    provider = _provider(args)
    timestamper, _ = _long_term(args)
    crls = policy.crls
    if not crls and (args.tsa or args.allow_fetching):  # online: the package brings its own
        crls = _fetched_crls(provider, args.lang)
    data, awaiting = create_archive(args.case_code, files, provider, timestamper=timestamper,
                                    crls=crls)
    report = verify_archive(data, policy)
    if not report.ok:
        _log.warning("archive of %s not written: %s", args.case_code,
                     ", ".join(f.code for f in report.problems))
        print("backoffice: " + messages.render_code("archive.not_verifiable", {},
                                                    args.lang), file=sys.stderr)
        _findings(report, args.lang, sys.stderr, warnings=False)
        return exit_codes.USAGE
    _write(args.out, data)
    _say("archive.created", args.lang, path=str(args.out), files=len(files))
    if awaiting:
        _awaiting(args)
    return 0


def _fetched_crls(provider: Any, lang: str | None) -> tuple[bytes, ...]:
    """The CRLs the seal certificate names, fetched to travel in the package; each one
    that could not be fetched said on stderr (offline: give --crl)."""
    from backoffice.signing.archive import fetch_crls

    with provider.open() as signer:
        cert = signer.signing_cert
    found = fetch_crls(cert)
    for url in found.fetched:
        _say("archive.crl_fetched", lang, url=url)
    for url, why in found.failed:
        _log.warning("CRL %s not fetched: %s", url, why)
        print("backoffice: " + messages.render_code("archive.crl_not_fetched", {
            "url": url, "reason": why}, lang), file=sys.stderr)
    return found.crls


def run_archive_verify(args: argparse.Namespace) -> int:
    from backoffice.signing.archive import verify_archive

    policy = _policy(args)
    report = verify_archive(_read(args.input), policy)
    if args.json:
        print(json.dumps(_nulls({**report.to_dict(), "as_of": _as_of(policy)}),
                         ensure_ascii=False, indent=2))
        return 0 if report.ok else REJECTED
    _say("archive.valid" if report.ok else "archive.rejected", args.lang)
    _said_as_of(policy, args.lang)
    _findings(report, args.lang, sys.stdout)
    _said_revocation(report, args.lang)
    return 0 if report.ok else REJECTED


def _findings(report: ArchiveReport, lang: str | None, out: TextIO, *,
              warnings: bool = True) -> None:
    from backoffice.signing.archive import finding_params

    marked = [("✗", report.problems), ("!", report.warnings if warnings else [])]
    for mark, findings in marked:
        for f in findings:
            text = messages.render_code(f.code, finding_params(report, f), lang)
            print(f"  {mark} {f.path + ': ' if f.path else ''}{text}", file=out)
