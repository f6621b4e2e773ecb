"""The signing commands check before they seal: what they make, verify accepts (QA, signing tools).

``archive create`` sealed a package around an unsealed, changed or other
case's decision; a package it made failed ``archive verify`` with the same
options; ``seal`` sealed with a certificate of another CA or department;
``timestamp`` vouched for a document changed after sealing; the password
prompt crashed without a terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from signing_support import NUMBER, PASSWORD, flip, policy, sample

from backoffice.signing import cli as signing_cli
from backoffice.signing.archive import (
    FORMAT,
    MANIFEST,
    MANIFEST_SIG,
    ArchiveFile,
    _sign_manifest,
    create_archive,
    verify_archive,
)
from backoffice.signing.errors import SigningError
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.render import render_document
from backoffice.signing.seal import SealResult, seal_pdf
from backoffice.signing.testpki import TestPki

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]
EN = {"BACKOFFICE_LANG": "en"}
ZH = {"BACKOFFICE_LANG": "zh"}
CASE = "220100-2025-000123"  # sample_grant.json's


def _trust(pki_files: dict[str, Path]) -> tuple[str, ...]:
    return ("--trust", str(pki_files["root"]), "--crl", str(pki_files["crl"]))


def _create(run_cli: CliRunner, pki_files: dict[str, Path], decision: Path, out: Path,
            case_code: str = CASE, *more: str) -> subprocess.CompletedProcess[str]:
    return run_cli("archive", "create", "--case-code", case_code, "--decision", str(decision),
                   "--p12", str(pki_files["MSA-220100"]), "--password-stdin", "--out", str(out),
                   *more, input=PASSWORD.decode() + "\n", env=EN)


# --- archive create ------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_archive_create_refuses_a_decision_that_does_not_verify(
        run_cli: CliRunner, pki_files: dict[str, Path], grant_pdf: bytes,
        sealed_bb: SealResult, tmp_path: Path) -> None:
    out = tmp_path / "case.zip"
    unsealed, changed = tmp_path / "unsealed.pdf", tmp_path / "changed.pdf"
    unsealed.write_bytes(grant_pdf)
    changed.write_bytes(flip(sealed_bb.pdf))
    for decision, why in ((unsealed, "no seal"), (changed, "changed after sealing")):
        refused = _create(run_cli, pki_files, decision, out, CASE, *_trust(pki_files))
        assert refused.returncode == 2, refused
        assert "does not verify" in refused.stderr and why in refused.stderr, refused.stderr
        assert "unexpected" not in refused.stderr
        assert not out.exists()


@pytest.mark.timeout(180)
def test_archive_create_refuses_a_bad_case_code_and_another_case_decision(
        run_cli: CliRunner, pki_files: dict[str, Path], sealed_bb: SealResult,
        tmp_path: Path) -> None:
    out, decision = tmp_path / "case.zip", tmp_path / "decision.pdf"
    decision.write_bytes(sealed_bb.pdf)
    bad = _create(run_cli, pki_files, decision, out, "x", *_trust(pki_files))
    assert bad.returncode == 2 and "not a valid case code" in bad.stderr, bad
    other = _create(run_cli, pki_files, decision, out, "220100-2025-999999", *_trust(pki_files))
    assert other.returncode == 2, other
    assert f"is of case {CASE}, not of case 220100-2025-999999" in other.stderr, other.stderr
    assert not out.exists()


def test_the_library_refuses_another_case_decision_too(sealed_bb: SealResult,
                                                       p12: Pkcs12Provider) -> None:
    # The platform calls create_archive without a policy: the case is checked anyway.
    with pytest.raises(SigningError) as err:
        create_archive("220100-2025-999999", [ArchiveFile("decision", "d.pdf", sealed_bb.pdf)],
                       p12)
    assert err.value.code == "archive.decision_of_other_case"
    assert err.value.params["named"] == CASE


@pytest.mark.timeout(180)
def test_what_archive_create_makes_archive_verify_accepts_with_the_same_options(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path], sealed_bb: SealResult,
        tmp_path: Path) -> None:
    out, decision = tmp_path / "case.zip", tmp_path / "decision.pdf"
    decision.write_bytes(sealed_bb.pdf)
    root = ("--trust", str(pki_files["root"]))
    # Without the CRL the manifest's seal would carry no revocation information:
    # refused with the reason, nothing written.
    no_crl = _create(run_cli, pki_files, decision, out, CASE, *root, "--tsa", pki.tsa_url)
    assert no_crl.returncode == 2, no_crl
    assert "revocation" in no_crl.stderr and not out.exists(), no_crl.stderr

    made = _create(run_cli, pki_files, decision, out, CASE, *_trust(pki_files),
                   "--tsa", pki.tsa_url)
    assert made.returncode == 0, made.stderr
    assert "(1 file," in made.stdout, made.stdout
    # The CRL travels in the manifest's seal, the decision's own is checked with it.
    again = run_cli("archive", "verify", str(out), *_trust(pki_files), env=EN)
    assert again.returncode == 0, again.stdout
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read(MANIFEST))["case_code"] == CASE


def _package_under(case_code: str, decision: bytes, provider: Pkcs12Provider) -> bytes:
    """A package whose sealed manifest files ``decision`` under ``case_code``, as an
    older build or a hand-made tool could write it."""
    import hashlib

    path = "decision/决定书.pdf"
    manifest = json.dumps({"format": FORMAT, "case_code": case_code,
                           "created_at": dt.datetime.now(dt.UTC).isoformat(),
                           "files": [{"path": path, "role": "decision",
                                      "sha256": hashlib.sha256(decision).hexdigest(),
                                      "size": len(decision),
                                      "recorded_at": dt.datetime.now(dt.UTC).isoformat()}]},
                          ensure_ascii=False).encode()
    signature, _ = _sign_manifest(manifest, provider, None)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(MANIFEST, manifest)
        zf.writestr(MANIFEST_SIG, signature)
        zf.writestr(path, decision)
    return out.getvalue()


def test_archive_verify_notices_a_decision_of_another_case(
        pki: TestPki, sealed_bb: SealResult, p12: Pkcs12Provider) -> None:
    report = verify_archive(_package_under("220100-2025-999999", sealed_bb.pdf, p12),
                            policy(pki))
    assert [(f.code, f.detail) for f in report.problems] == [("archive.case_mismatch", CASE)]
    assert verify_archive(_package_under(CASE, sealed_bb.pdf, p12), policy(pki)).ok


# --- the password --------------------------------------------------------------------


def test_no_terminal_for_the_password_says_to_use_password_stdin(
        run_cli: CliRunner, pki_files: dict[str, Path], grant_pdf: bytes,
        tmp_path: Path) -> None:
    doc = tmp_path / "grant.pdf"
    doc.write_bytes(grant_pdf)
    for env, said in ((EN, "--password-stdin"), (ZH, "--password-stdin")):
        result = run_cli("seal", str(doc), "--p12", str(pki_files["MSA-220100"]),
                         "--out", str(tmp_path / "x.pdf"), input="", env=env)
        assert result.returncode == 2, result
        assert said in result.stderr and "unexpected" not in result.stderr, result.stderr
        assert "Warning" not in result.stderr and "意外" not in result.stderr, result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_end_of_input_at_the_prompt_is_no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    def ctrl_d(prompt: str = "") -> str:
        raise EOFError  # what getpass raises for Ctrl-D at the terminal

    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    monkeypatch.setattr(getpass, "getpass", ctrl_d)
    args = argparse.Namespace(password_stdin=False, lang="en")
    with pytest.raises(SigningError) as err:
        signing_cli._secret(args, "seal.p12")
    assert err.value.code == "signing.no_password"


# --- seal ----------------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_seal_refuses_another_ca_and_another_department_offline(
        run_cli: CliRunner, pki_files: dict[str, Path], grant_pdf: bytes,
        tmp_path: Path) -> None:
    doc, out = tmp_path / "grant.pdf", tmp_path / "sealed.pdf"
    doc.write_bytes(grant_pdf)
    foreign = TestPki.generate(departments=(("MSA-220100", "长春市市场监督管理局"),))
    foreign_p12 = tmp_path / "foreign.p12"
    foreign_p12.write_bytes(foreign.pkcs12(foreign.seals["MSA-220100"], PASSWORD))
    root = ("--trust", str(pki_files["root"]))
    for p12, said in ((foreign_p12, "not issued under the platform's trusted root"),
                      (pki_files["FIRE-220100"], "not of 长春市市场监督管理局")):
        refused = run_cli("seal", str(doc), "--p12", str(p12), "--password-stdin", *root,
                          "--out", str(out), input=PASSWORD.decode() + "\n", env=EN)
        assert refused.returncode == 2, refused
        assert said in refused.stderr, refused.stderr
        assert not out.exists()
    own = run_cli("seal", str(doc), "--p12", str(pki_files["MSA-220100"]), "--password-stdin",
                  *root, "--out", str(out), input=PASSWORD.decode() + "\n", env=EN)
    assert own.returncode == 0, own.stderr
    assert "B-B: no timestamp yet" in own.stdout, own.stdout
    assert "No timestamp authority was given" in own.stdout, own.stdout


# --- timestamp -----------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_timestamp_refuses_a_changed_or_revoked_document_in_words(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path], sealed_bb: SealResult,
        grant_pdf: bytes, tmp_path: Path) -> None:
    changed, revoked, out = tmp_path / "changed.pdf", tmp_path / "revoked.pdf", tmp_path / "t.pdf"
    changed.write_bytes(flip(sealed_bb.pdf))
    revoked.write_bytes(seal_pdf(grant_pdf, Pkcs12Provider(pki_files["REVOKED-220100"],
                                                           PASSWORD)).pdf)
    for doc, said in ((changed, "changed after sealing"), (revoked, "has been revoked")):
        refused = run_cli("timestamp", str(doc), "--tsa", pki.tsa_url,
                          "--trust", str(pki_files["root"]), "--out", str(out), env=EN)
        assert refused.returncode == 2, refused
        assert "gets no timestamp" in refused.stderr and said in refused.stderr, refused.stderr
        assert "Error" not in refused.stderr, refused.stderr
        assert not out.exists()


# --- verify's output -----------------------------------------------------------------


@pytest.mark.timeout(180)
def test_verify_shows_china_time_and_json_says_null_for_unknown(
        run_cli: CliRunner, pki_files: dict[str, Path], sealed_lta: SealResult,
        sealed_bb: SealResult, tmp_path: Path) -> None:
    lta, bb = tmp_path / "lta.pdf", tmp_path / "bb.pdf"
    lta.write_bytes(sealed_lta.pdf)
    bb.write_bytes(sealed_bb.pdf)
    text = run_cli("verify", str(lta), "--trust", str(pki_files["root"]), env=EN)
    assert text.returncode == 0, text.stdout
    times = re.findall(r"\d{4}-\d\d-\d\d[ T][\d:.]+\S*", text.stdout)
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", t) for t in times), \
        text.stdout
    assert "UTC+8" in text.stdout and "+00:00" not in text.stdout

    shown = run_cli("verify", str(bb), *_trust(pki_files), "--json")
    seal = json.loads(shown.stdout)["signatures"][0]
    assert seal["timestamp"] is None and seal["certificate_judged_at"] is None
    assert seal["detail"] is None and seal["signed_at"]
    stamped = json.loads(run_cli("verify", str(lta), "--trust", str(pki_files["root"]),
                                 "--json").stdout)["signatures"][0]
    assert dt.datetime.fromisoformat(stamped["timestamp"]).utcoffset() is not None


def test_archive_verify_json_says_null_for_unknown(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path], sealed_bb: SealResult,
        p12: Pkcs12Provider, tmp_path: Path) -> None:
    package = tmp_path / "offline.zip"
    package.write_bytes(create_archive(CASE, [ArchiveFile("decision", "d.pdf", sealed_bb.pdf)],
                                       p12)[0])
    shown = run_cli("archive", "verify", str(package), *_trust(pki_files), "--json")
    report = json.loads(shown.stdout)
    assert report["timestamp"] is None, report
    assert all(w["detail"] is None for w in report["warnings"]), report
    assert report["decision"]["signatures"][0]["timestamp"] is None


def test_the_rendered_document_names_its_case_and_issuing_body() -> None:
    # What archive create and seal read to match the decision to its case and department.
    from backoffice.signing.seal import document_info, read_pdf

    reader = read_pdf(render_document(sample(document_number=NUMBER)))
    assert document_info(reader, "/Author") == "长春市市场监督管理局"
    assert document_info(reader, "/Subject").split()[0] == CASE

