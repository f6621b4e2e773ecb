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
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backoffice import cli_text, messages, paths, system_reasons
from backoffice.signing.errors import SigningError

if TYPE_CHECKING:  # pyHanko is imported only by the commands that need it
    from backoffice.signing.verify import VerificationResult

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
    else:
        line = getpass.getpass(messages.render_code("signing.password_prompt",
                                                    {"source": source}, args.lang) + " ")
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


def _long_term(args: argparse.Namespace) -> tuple[Any, Any]:
    """The TSA and, with trust roots, a context that fetches revocation info (we are online)."""
    if not args.tsa:
        return None, None
    from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
    from pyhanko_certvalidator import ValidationContext

    from backoffice.signing.verify import load_certificates

    roots = load_certificates(args.trust)
    context = ValidationContext(trust_roots=list(roots), allow_fetching=True) if roots else None
    return HTTPTimeStamper(args.tsa, timeout=15), context  # type: ignore[no-untyped-call]


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


def run_seal(args: argparse.Namespace) -> int:
    from backoffice.signing.seal import seal_pdf

    pdf = _read(args.input)
    provider = _provider(args)
    timestamper, context = _long_term(args)
    result = seal_pdf(pdf, provider, purpose=args.purpose, timestamper=timestamper,
                      validation_context=context, allow_draft=args.allow_draft)
    _write(args.out, result.pdf)
    _say("signing.sealed", args.lang, signer=result.signer, level=result.level,
         path=str(args.out))
    if result.awaiting_timestamp:
        _say("signing.awaiting_timestamp_notice", args.lang)
    return 0


def run_timestamp(args: argparse.Namespace) -> int:
    from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
    from pyhanko_certvalidator import ValidationContext

    from backoffice.signing.seal import add_timestamp
    from backoffice.signing.verify import load_certificates

    roots = load_certificates(args.trust or _default_trust_files())
    context = ValidationContext(trust_roots=list(roots), allow_fetching=True)
    stamper = HTTPTimeStamper(args.tsa, timeout=15)  # type: ignore[no-untyped-call]
    _write(args.out, add_timestamp(_read(args.input), stamper, context))
    _say("signing.timestamped", args.lang, path=str(args.out))
    return 0


# --- verify ------------------------------------------------------------------


def _default_trust_files() -> list[Path]:
    folder = paths.data_dir(create=False) / "trust"
    return sorted(folder.glob("*.pem")) if folder.is_dir() else []


def _policy(args: argparse.Namespace) -> Any:
    from backoffice.signing.verify import (
        RevocationPolicy,
        VerifyPolicy,
        load_certificates,
        read_crl_file,
    )

    return VerifyPolicy(
        trust_roots=load_certificates(args.trust or _default_trust_files()),
        # A file that is no CRL (a certificate given by mistake) is named here, exit 2:
        # not a verdict on the document.
        crls=tuple(read_crl_file(path, _read(path)) for path in args.crl),
        allow_fetching=args.allow_fetching,
        missing_revocation=RevocationPolicy(args.revocation),
        require_timestamp=args.require_timestamp,
        signer=args.signer,
    )


def run_verify(args: argparse.Namespace) -> int:
    from backoffice.signing.verify import verify_pdf

    result = verify_pdf(_read(args.input), _policy(args))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0 if result.ok else REJECTED
    _say(_headline(result), args.lang)
    for code in result.problems:
        print("  ✗ " + messages.render_code(code, {}, args.lang))
    for code in result.warnings:
        print("  ! " + messages.render_code(code, {}, args.lang))
    for sig in result.signatures:
        if sig.kind:
            when = sig.timestamp or sig.signed_at or "-"
            kind = cli_text.word(sig.kind, messages.resolve_language(args.lang))
            print(f"  · {kind} {sig.field_name}: {sig.signer or '-'} {when}"
                  + (f" ({sig.detail})" if sig.detail else ""))
    return 0 if result.ok else REJECTED


def _headline(result: VerificationResult) -> str:
    """The verdict's first line: "not revoked" only where revocation was confirmed."""
    from backoffice.signing.verify import Revocation

    if not result.ok:
        return "verify.rejected"
    # Under "warn" a seal without revocation information passes with a warning;
    # under "ignore" nothing required that information at all. The JSON's
    # "revocation" is the same answer.
    confirmed = result.revocation == Revocation.GOOD
    return "verify.valid" if confirmed else "verify.valid_revocation_unconfirmed"


# --- archive -----------------------------------------------------------------


def run_archive_create(args: argparse.Namespace) -> int:
    from backoffice.signing.archive import ArchiveFile, create_archive

    files = [ArchiveFile("decision", args.decision.name, _read(args.decision))]
    for role, given in (("material", args.material), ("correction", args.correction),
                        ("inspection", args.inspection)):
        files += [ArchiveFile(role, path.name, _read(path)) for path in given]
    provider = _provider(args)
    timestamper, _ = _long_term(args)
    data, awaiting = create_archive(args.case_code, files, provider, timestamper=timestamper)
    _write(args.out, data)
    _say("archive.created", args.lang, path=str(args.out), files=len(files))
    if awaiting:
        _say("signing.awaiting_timestamp_notice", args.lang)
    return 0


def run_archive_verify(args: argparse.Namespace) -> int:
    from backoffice.signing.archive import verify_archive

    report = verify_archive(_read(args.input), _policy(args))
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0 if report.ok else REJECTED
    _say("archive.valid" if report.ok else "archive.rejected", args.lang)
    for mark, findings in (("✗", report.problems), ("!", report.warnings)):
        for f in findings:
            text = messages.render_code(f.code, {"name": f.path}, args.lang)
            print(f"  {mark} {f.path + ': ' if f.path else ''}{text}")
    return 0 if report.ok else REJECTED
