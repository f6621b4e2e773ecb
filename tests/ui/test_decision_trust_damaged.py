"""A damaged CRL from the platform does not cost the signer the reserved numbers.

The desk refreshed the trust files and then reserved the numbers that let a
signer seal offline, in one step: the damaged CRL's refusal skipped the
reservation, without a word. Each is now its own step. Real sandbox, real
desk and workspace.
"""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from support.decision_env import DEMO, clock, device, sandbox
from support.sandbox_env import user
from test_decision_form import _workspace

from backoffice.sandbox.server import Sandbox

__all__ = ["clock", "device", "sandbox"]  # fixtures


def test_a_damaged_crl_leaves_the_signer_numbers_to_seal_offline(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    pki = sandbox.app.state.platform.pki.pki
    code = next(u.department_code for u in DEMO.users if "signer" in u.roles)
    signer = device(user(DEMO, code, "signer"))
    signer.engine.sync_once()
    assert signer.desk.sealer.numbers() == []
    good = pki.crl_der
    pki.crl_der = pki.root.asn1_cert().dump()  # a certificate where the CRL should be
    try:
        _workspace(qtbot, signer)  # its first step: the roles, the trust, the numbers
    finally:
        pki.crl_der = good
    assert len(signer.desk.sealer.numbers()) >= 3
