"""``archive create`` online fetches the CRL its seal certificate names, to carry it.

Without ``--crl`` the package carried no revocation list, so even online
``archive create --tsa`` made nothing ``archive verify --trust`` would accept
(revocation unknown), and refused to write it. Offline, the person is told
which list could not be fetched and what to give instead.
"""

from __future__ import annotations

import errno
import json
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from signing_support import NUMBER, PASSWORD, sample

from backoffice import messages, system_reasons
from backoffice.signing.archive import fetch_crls
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.render import render_document
from backoffice.signing.seal import SealResult, seal_pdf
from backoffice.signing.testpki import PkiServer, TestPki

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]
EN = {"BACKOFFICE_LANG": "en"}
CASE = "220100-2025-000123"


def test_online_the_package_brings_its_own_crl(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path], sealed_lta: SealResult,
        tmp_path: Path) -> None:
    decision, package = tmp_path / "decision.pdf", tmp_path / "case.zip"
    decision.write_bytes(sealed_lta.pdf)
    created = run_cli("archive", "create", "--case-code", CASE, "--decision", str(decision),
                      "--p12", str(pki_files["MSA-220100"]), "--password-stdin",
                      "--tsa", pki.tsa_url, "--trust", str(pki_files["root"]),
                      "--out", str(package), input=PASSWORD.decode() + "\n", env=EN)
    assert created.returncode == 0, created.stdout + created.stderr
    assert f"Fetched the revocation list (CRL) {pki.crl_url}" in created.stdout
    shown = run_cli("archive", "verify", str(package), "--trust", str(pki_files["root"]),
                    "--json")
    assert shown.returncode == 0, shown.stdout
    report = json.loads(shown.stdout)
    assert report["revocation"] == "good" and report["revoked"] is False


@pytest.mark.parametrize(("lang", "why"), [
    ("en", "(the server refused the connection: nothing answers at that address)"),
    ("zh", "（服务器拒绝连接，该地址无服务应答）"),
])
def test_offline_it_says_which_list_was_not_fetched_and_why_in_words(
        run_cli: CliRunner, tmp_path: Path, lang: str, why: str) -> None:
    """Why, in the person's language: the system's "Connection refused" was put into
    the Chinese sentence as it was."""
    # Port 9 (discard) on loopback: nothing listens, the connection is refused.
    offline = TestPki.generate("http://127.0.0.1:9/",
                               departments=(("MSA-220100", "长春市市场监督管理局"),))
    files = offline.write(tmp_path / "pki", PASSWORD)
    decision, package = tmp_path / "decision.pdf", tmp_path / "case.zip"
    document = render_document(sample(document_number=NUMBER))
    decision.write_bytes(seal_pdf(document, Pkcs12Provider(files["MSA-220100"], PASSWORD)).pdf)
    created = run_cli("archive", "create", "--case-code", CASE, "--decision", str(decision),
                      "--p12", str(files["MSA-220100"]), "--password-stdin",
                      "--allow-fetching", "--revocation", "warn", "--trust", str(files["root"]),
                      "--out", str(package), input=PASSWORD.decode() + "\n",
                      env={"BACKOFFICE_LANG": lang})
    assert created.returncode == 0, created.stdout + created.stderr
    assert "http://127.0.0.1:9/crl/root.crl" in created.stderr, created.stderr
    assert why in created.stderr, created.stderr
    assert "Connection refused" not in created.stderr
    assert "--crl" in created.stderr and "Traceback" not in created.stderr
    if lang == "en":
        assert "Could not fetch the revocation list (CRL)" in created.stderr


def test_a_server_without_the_list_is_said_in_words(tmp_path: Path) -> None:
    """An HTTP error was "HTTP Error 404: Not Found" in the sentence, in any language."""
    with PkiServer() as server:
        pki = TestPki.generate(server.base_url + "moved/",
                               departments=(("MSA-220100", "长春市市场监督管理局"),))
        server.serve(pki)
        found = fetch_crls(pki.seals["MSA-220100"].asn1_cert(), timeout=30)
    assert found.crls == () and found.failed == ((pki.crl_url, "system.http_error"),)
    said = messages.render_code("archive.crl_not_fetched",
                                {"url": pki.crl_url, "reason": found.failed[0][1]}, "zh")
    assert "服务器未返回该文件" in said and "HTTP Error" not in said and "system." not in said


@pytest.mark.parametrize(("exc", "code"), [
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
     "system.connection_refused"),
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "system.host_unknown"),
    (TimeoutError("timed out"), "system.timed_out"),
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"),
     "system.connection_reset"),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), "system.unreachable"),
])
def test_a_network_refusal_is_a_worded_code(exc: BaseException, code: str) -> None:
    assert system_reasons.reason(exc) == code
    for lang in messages.LANGUAGES:
        said = messages.render_code("archive.crl_not_fetched", {"url": "u", "reason": code},
                                    lang)
        assert messages.CATALOG[code][lang] in said and str(exc) not in said
