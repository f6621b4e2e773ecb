"""``backoffice verify``: its first line and its JSON claim "not revoked" only when confirmed.

A seal whose certificate has no revocation information passes under
``--revocation warn`` (with a warning) and ``ignore``: its headline must not
say it is not revoked.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from signing_support import PASSWORD

from backoffice import messages
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import SealResult, seal_pdf

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def sealed(sealed_bb: SealResult, tmp_path: Path) -> Path:
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed_bb.pdf)
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("given", "headline", "warned"), [
    (("--revocation", "warn"), "verify.valid_revocation_unconfirmed", True),
    (("--revocation", "ignore"), "verify.valid_revocation_unconfirmed", False),
    (("--revocation", "warn", "--crl", "CRL"), "verify.valid", False),
    (("--crl", "CRL"), "verify.valid", False),
])
def test_the_headline_says_not_revoked_only_when_revocation_was_confirmed(
        run_cli: CliRunner, pki_files: dict[str, Path], sealed: Path, lang: str,
        given: tuple[str, ...], headline: str, warned: bool) -> None:
    args = [str(pki_files["crl"]) if a == "CRL" else a for a in given]
    shown = run_cli("--lang", lang, "verify", str(sealed), "--trust", str(pki_files["root"]), *args)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    first, *rest = shown.stdout.splitlines()
    assert first == messages.render_code(headline, {}, lang)
    unknown = "  ! " + messages.render_code("verify.revocation_unknown", {}, lang)
    assert (unknown in rest) is warned, shown.stdout


@pytest.mark.parametrize(("given", "revocation", "revoked", "warned"), [
    (("--revocation", "warn"), "unconfirmed", None, True),
    (("--revocation", "ignore"), "unconfirmed", None, False),
    (("--revocation", "warn", "--crl", "CRL"), "good", False, False),
    (("--crl", "CRL"), "good", False, False),
])
def test_the_json_says_not_revoked_only_when_revocation_was_confirmed(
        run_cli: CliRunner, pki_files: dict[str, Path], sealed: Path,
        given: tuple[str, ...], revocation: str, revoked: bool | None, warned: bool) -> None:
    args = [str(pki_files["crl"]) if a == "CRL" else a for a in given]
    shown = run_cli("verify", str(sealed), "--trust", str(pki_files["root"]), "--json", *args)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    verdict = json.loads(shown.stdout)
    assert verdict["verdict"] == "valid" and verdict["revocation"] == revocation
    [seal] = verdict["signatures"]
    assert seal["revoked"] is revoked and seal["revocation"] == revocation
    assert ("verify.revocation_unknown" in verdict["warnings"]) is warned
    # The fields that were there before stay, with their meaning.
    assert {"problems", "warnings", "signatures"} <= verdict.keys()
    assert seal["intact"] and seal["valid"] and seal["trusted"] and seal["kind"] == "seal"


def test_the_json_says_revoked_for_a_revoked_seal(
        run_cli: CliRunner, pki_files: dict[str, Path], grant_pdf: bytes, tmp_path: Path) -> None:
    sealed = tmp_path / "revoked.pdf"
    provider = Pkcs12Provider(pki_files["REVOKED-220100"], PASSWORD)
    sealed.write_bytes(seal_pdf(grant_pdf, provider).pdf)
    shown = run_cli("verify", str(sealed), "--trust", str(pki_files["root"]),
                    "--crl", str(pki_files["crl"]), "--json")
    assert shown.returncode == 3, shown.stdout + shown.stderr
    verdict = json.loads(shown.stdout)
    assert verdict["verdict"] == "rejected" and verdict["revocation"] == "revoked"
    assert verdict["signatures"][0]["revoked"] is True
