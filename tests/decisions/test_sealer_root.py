"""The platform's root certificate kept for the desk: one that is no certificate (an
error page served in its place, a damaged store) is refused when it arrives, the one
kept before stays; one kept damaged is a finding of the verification, never an
exception out of it (the sync's fetch of sealed documents caught only ours).

Real sandbox, real store file, a real sealed PDF.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from support.decision_env import DEMO
from support.sandbox_env import user
from test_sealer_crl import _sealed

from backoffice.decisions import fetching
from backoffice.decisions.sealing import BAD_ROOT, ROOT_KEY
from backoffice.sandbox.server import Sandbox
from backoffice.signing.errors import SigningError


def _signer(sandbox: Sandbox, device: Any) -> tuple[Any, str, str]:
    pki = sandbox.app.state.platform.pki.pki
    code = next(u.department_code for u in DEMO.users if "signer" in u.roles)
    return device(user(DEMO, code, "signer")), code, pki.names[code]


def test_a_root_that_is_no_certificate_is_refused_and_the_good_one_stays(
        sandbox: Sandbox, device: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pki = sandbox.app.state.platform.pki.pki
    signer, code, name = _signer(sandbox, device)
    sealed = _sealed(sandbox, code, name, tmp_path)
    signer.sealer.refresh_trust()
    with signer.store.read() as uow:
        good = uow.sync_state.get(ROOT_KEY)
    assert good and signer.sealer.verify(sealed, signer=name).ok

    real = pki.root
    pki.root = SimpleNamespace(cert_pem=b"<html><body>Service unavailable</body></html>")
    try:
        with caplog.at_level(logging.WARNING, "backoffice.decisions"), \
                pytest.raises(SigningError) as err:
            signer.sealer.refresh_trust()
    finally:
        pki.root = real
    assert err.value.code == BAD_ROOT
    assert "root certificate is not one" in caplog.text
    with signer.store.read() as uow:
        assert uow.sync_state.get(ROOT_KEY) == good
    assert signer.sealer.verify(sealed, signer=name).ok


@pytest.mark.parametrize("kept", ["<html>", ("-----BEGIN CERTIFICATE-----\nAAAA\n"
                                              "-----END CERTIFICATE-----\n")])
def test_a_root_kept_damaged_is_a_finding_not_an_exception(
        sandbox: Sandbox, device: Any, tmp_path: Path, kept: str) -> None:
    signer, code, name = _signer(sandbox, device)
    sealed = _sealed(sandbox, code, name, tmp_path)
    signer.sealer.refresh_trust()
    with signer.store.write() as uow:
        uow.sync_state.set(ROOT_KEY, kept)
    result = signer.sealer.verify(sealed, signer=name)
    assert not result.ok and result.problems == [BAD_ROOT]


def test_the_fetch_of_a_sealed_document_replaces_a_damaged_root(
        sandbox: Sandbox, device: Any, tmp_path: Path) -> None:
    """The sync's fetch of a document sealed elsewhere with a root kept damaged: the
    platform's good root replaces it and the document verifies (it raised ValueError)."""
    signer, code, name = _signer(sandbox, device)
    sealed = _sealed(sandbox, code, name, tmp_path)
    signer.engine.sync_once()  # the departments' names, which the seal must bear
    sha = signer.cache.add_local(sealed)
    with signer.store.write() as uow:
        uow.sync_state.set(ROOT_KEY, "<html>")
    fetching.fetch_opened(signer.sealer, "D-1", sha, code)
    assert fetching.fetch_error(signer.store, "D-1") is None
    assert signer.sealer.root_usable()
