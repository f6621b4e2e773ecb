"""``backoffice verify``: its first line claims "not revoked" only when that was confirmed.

A seal whose certificate has no revocation information passes under
``--revocation warn`` (with a warning) and ``ignore``: its headline must not
say it is not revoked.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from backoffice import messages
from backoffice.signing.seal import SealResult

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
