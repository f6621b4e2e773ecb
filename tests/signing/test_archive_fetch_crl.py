"""``archive create`` online fetches the CRL its seal certificate names, to carry it.

Without ``--crl`` the package carried no revocation list, so even online
``archive create --tsa`` made nothing ``archive verify --trust`` would accept
(revocation unknown), and refused to write it. Offline, the person is told
which list could not be fetched and what to give instead.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from signing_support import NUMBER, PASSWORD, sample

from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.render import render_document
from backoffice.signing.seal import SealResult, seal_pdf
from backoffice.signing.testpki import TestPki

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


def test_offline_it_says_which_list_was_not_fetched(
        run_cli: CliRunner, tmp_path: Path) -> None:
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
                      "--out", str(package), input=PASSWORD.decode() + "\n", env=EN)
    assert created.returncode == 0, created.stdout + created.stderr
    assert ("Could not fetch the revocation list (CRL) http://127.0.0.1:9/crl/root.crl"
            in created.stderr), created.stderr
    assert "--crl" in created.stderr and "Traceback" not in created.stderr
