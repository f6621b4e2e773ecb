"""Acceptance through the command line: render, seal, verify, archive — as an administrator runs them."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from signing_support import (
    HERE,
    KEY_LABEL,
    NUMBER,
    PASSWORD,
    SOFTHSM_LIB,
    TOKEN_LABEL,
    USER_PIN,
    flip,
    sample,
)

from backoffice.signing.render import render_document
from backoffice.signing.testpki import REVOKED_NAME, TestPki

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]
EN = {"BACKOFFICE_LANG": "en"}


def test_render_seal_verify_acceptance(run_cli: CliRunner, pki: TestPki,
                                       pki_files: dict[str, Path], tmp_path: Path) -> None:
    doc, sealed = tmp_path / "grant.pdf", tmp_path / "grant-sealed.pdf"
    rendered = run_cli("document", "render", "--case-json", str(HERE / "sample_grant.json"),
                       "--number", NUMBER, "--out", str(doc), env=EN)
    assert rendered.returncode == 0, rendered.stderr
    assert "written to" in rendered.stdout

    result = run_cli("seal", str(doc), "--p12", str(pki_files["MSA-220100"]), "--password-stdin",
                     "--out", str(sealed), input=PASSWORD.decode() + "\n", env=EN)
    assert result.returncode == 0, result.stderr
    assert "B-B" in result.stdout and "awaiting its timestamp" in result.stdout

    ok = run_cli("verify", str(sealed), "--trust", str(pki_files["root"]),
                 "--crl", str(pki_files["crl"]), "--json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    report = json.loads(ok.stdout)
    assert report["verdict"] == "valid" and report["warnings"] == ["verify.awaiting_timestamp"]

    # pyHanko's own validation agrees.
    sig = PdfFileReader(io.BytesIO(sealed.read_bytes())).embedded_regular_signatures[0]
    status = validate_pdf_signature(sig, ValidationContext(
        trust_roots=[pki.root.asn1_cert()], crls=[pki.crl_der]))
    assert status.bottom_line and status.intact and status.trusted and not status.revoked

    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(flip(sealed.read_bytes()))
    bad = run_cli("verify", str(tampered), "--trust", str(pki_files["root"]),
                  "--crl", str(pki_files["crl"]), env=EN)
    assert bad.returncode == 3
    assert "Rejected" in bad.stdout and "changed after sealing" in bad.stdout

    # Without revocation information the default policy rejects, and says why.
    unknown = run_cli("verify", str(sealed), "--trust", str(pki_files["root"]),
                      env={"BACKOFFICE_LANG": "zh"})
    assert unknown.returncode == 3 and "未找到签章证书的吊销信息" in unknown.stdout
    assert "  · 签章 " in unknown.stdout, unknown.stdout  # the kind in words, as the rest

    unsigned = run_cli("verify", str(doc), "--trust", str(pki_files["root"]), env=EN)
    assert unsigned.returncode == 3 and "no seal" in unsigned.stdout

    # Naming the department that must have sealed it: any other department's
    # certificate chains to the same root.
    trusted = ("--trust", str(pki_files["root"]), "--crl", str(pki_files["crl"]))
    own = run_cli("verify", str(sealed), *trusted, "--signer", "长春市市场监督管理局", env=EN)
    assert own.returncode == 0, own.stdout + own.stderr
    other = run_cli("verify", str(sealed), *trusted, "--signer", "长春市消防救援支队", env=EN)
    assert other.returncode == 3 and "Rejected" in other.stdout, other.stdout


def test_online_seal_then_verify_needs_nothing_else(run_cli: CliRunner, pki: TestPki,
                                                    pki_files: dict[str, Path],
                                                    grant_pdf: bytes, tmp_path: Path) -> None:
    doc, sealed = tmp_path / "grant.pdf", tmp_path / "grant-lta.pdf"
    doc.write_bytes(grant_pdf)
    result = run_cli("seal", str(doc), "--p12", str(pki_files["MSA-220100"]), "--password-stdin",
                     "--tsa", pki.tsa_url, "--trust", str(pki_files["root"]),
                     "--out", str(sealed), input=PASSWORD.decode() + "\n", env=EN)
    assert result.returncode == 0, result.stderr
    assert "B-LTA" in result.stdout
    ok = run_cli("verify", str(sealed), "--trust", str(pki_files["root"]),
                 "--require-timestamp", env=EN)
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout.startswith("Valid")


def test_revoked_and_untrusted_exit_3(run_cli: CliRunner, pki_files: dict[str, Path],
                                      tmp_path: Path) -> None:
    doc, sealed = tmp_path / "grant.pdf", tmp_path / "revoked.pdf"
    # The revoked certificate's department's own document: seal refuses another's.
    doc.write_bytes(render_document(sample(document_number=NUMBER, issuing_body=REVOKED_NAME)))
    assert run_cli("seal", str(doc), "--p12", str(pki_files["REVOKED-220100"]),
                   "--password-stdin", "--out", str(sealed),
                   input=PASSWORD.decode() + "\n").returncode == 0
    revoked = run_cli("verify", str(sealed), "--trust", str(pki_files["root"]),
                      "--crl", str(pki_files["crl"]), env=EN)
    assert revoked.returncode == 3 and "revoked" in revoked.stdout

    other = tmp_path / "other-root.pem"
    other.write_bytes(TestPki.generate(departments=()).root.cert_pem)
    untrusted = run_cli("verify", str(sealed), "--trust", str(other), env=EN)
    assert untrusted.returncode == 3 and "trusted root" in untrusted.stdout


def test_wrong_password_exits_2_and_never_echoes_it(run_cli: CliRunner,
                                                    pki_files: dict[str, Path],
                                                    grant_pdf: bytes, tmp_path: Path) -> None:
    doc = tmp_path / "grant.pdf"
    doc.write_bytes(grant_pdf)
    result = run_cli("seal", str(doc), "--p12", str(pki_files["MSA-220100"]), "--password-stdin",
                     "--out", str(tmp_path / "x.pdf"), input="secret-guess\n", env=EN)
    assert result.returncode == 2 and "wrong password" in result.stderr
    assert "secret-guess" not in result.stdout + result.stderr
    log = (tmp_path / "data" / "logs" / "backoffice.log")
    assert not log.exists() or "secret-guess" not in log.read_text(encoding="utf-8")


def test_pkcs11_seal_with_pin_from_stdin(run_cli: CliRunner, softhsm: Path,
                                         pki_files: dict[str, Path], grant_pdf: bytes,
                                         tmp_path: Path) -> None:
    doc, sealed = tmp_path / "grant.pdf", tmp_path / "token.pdf"
    doc.write_bytes(grant_pdf)
    result = run_cli("seal", str(doc), "--pkcs11-lib", str(SOFTHSM_LIB),
                     "--token-label", TOKEN_LABEL, "--key-label", KEY_LABEL, "--pin-stdin",
                     "--out", str(sealed), input=USER_PIN + "\n",
                     env={"SOFTHSM2_CONF": str(softhsm), **EN})
    assert result.returncode == 0, result.stderr
    ok = run_cli("verify", str(sealed), "--trust", str(pki_files["root"]),
                 "--crl", str(pki_files["crl"]))
    assert ok.returncode == 0, ok.stdout


@pytest.mark.timeout(180)
def test_archive_create_and_verify(run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path],
                                   sealed_bb: object, tmp_path: Path) -> None:
    decision = tmp_path / "decision.pdf"
    decision.write_bytes(sealed_bb.pdf)  # type: ignore[attr-defined]
    material = tmp_path / "营业执照.pdf"
    material.write_bytes(b"%PDF-1.4 licence (fictional)")
    package = tmp_path / "case.zip"
    created = run_cli("archive", "create", "--case-code", "220100-2025-000123",
                      "--decision", str(decision), "--material", str(material),
                      "--p12", str(pki_files["MSA-220100"]), "--password-stdin",
                      "--tsa", pki.tsa_url, "--trust", str(pki_files["root"]),
                      "--crl", str(pki_files["crl"]), "--out", str(package),
                      input=PASSWORD.decode() + "\n", env=EN)
    assert created.returncode == 0, created.stderr
    ok = run_cli("archive", "verify", str(package), "--trust", str(pki_files["root"]),
                 "--crl", str(pki_files["crl"]), env=EN)
    assert ok.returncode == 0, ok.stdout
    import zipfile

    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(forged, "w") as dst:
        for name in src.namelist():
            if name != "materials/营业执照.pdf":
                dst.writestr(name, src.read(name))
    bad = run_cli("archive", "verify", str(forged), "--trust", str(pki_files["root"]),
                  "--crl", str(pki_files["crl"]), "--json")
    assert bad.returncode == 3
    assert json.loads(bad.stdout)["problems"] == [
        {"code": "archive.missing_file", "path": "materials/营业执照.pdf", "detail": None}]


def test_unreadable_files_are_told_in_chinese_without_system_text(
        run_cli: CliRunner, tmp_path: Path) -> None:
    # "无法读取文件 …（No such file or directory）": the system's English in a Chinese line.
    broken = tmp_path / "data.json"
    broken.write_text("{不是 JSON", encoding="utf-8")
    zh = {"BACKOFFICE_LANG": "zh"}
    for args, said in (
            (("verify", str(tmp_path / "无.pdf")), "文件或文件夹不存在"),
            (("document", "render", "--case-json", str(broken), "--out", str(tmp_path / "x.pdf")),
             "文件不是有效的 JSON")):
        result = run_cli(*args, env=zh)
        assert result.returncode == 2, result
        assert said in result.stderr and "No such" not in result.stderr, result.stderr
        assert "Expecting" not in result.stderr and "Error" not in result.stderr, result.stderr
