"""A seal outrun by another one: said on the desk while it holds, gone once the decision
moves on (pytest-qt against the sandbox, two workstations of one signer).

The signer seals on the desk here; before this workstation's seal goes up, the
same decision is sealed on another one. The sync closes this seal as not used
and says so under the sealed decision; once the decision is issued (from the
other workstation, which holds the sealed document) the sentence no longer
applies and goes, while the job keeps its record.
"""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from support.decision_env import DEMO, clock, device, sandbox
from support.sandbox_env import user
from test_decision_certificates import _seal_locally, _signer_on_submitted
from test_decision_form import _open

from backoffice.decisions import jobs
from backoffice.decisions.sealing import SUPERSEDED
from backoffice.sandbox.server import Sandbox
from backoffice.signing.providers import Pkcs12Provider

__all__ = ["clock", "device", "sandbox"]  # fixtures

NOT_USED = "this later seal was not used"


def test_a_superseded_seal_is_told_while_sealed_and_goes_once_issued(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _signer_on_submitted(sandbox, device, 3)
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(case.lead_department, b"pw"))
    ws = _seal_locally(qtbot, signer, case.case_code, p12)
    form = ws.form
    [mine] = jobs.all_jobs(signer.store)
    assert mine.open, form.state.text()

    # The same signer's other workstation seals the same decision first.
    other = device(user(DEMO, case.lead_department, "signer"), name="laptop")
    other.engine.sync_once()
    other.sealer.refresh_trust()
    other.sealer.reserve_numbers()
    for dev in (signer, other):  # as in the app: the session's sealer follows every sync
        dev.engine.add_follower(dev.sealer)
    first = other.desk.seal_locally(other.desk.find(case.case_code, draft.id).decision,
                                    Pkcs12Provider(p12, b"pw"))
    other.engine.sync_once()  # timestamped, queued and pushed
    record = sandbox.app.state.platform.record("decision", draft.id).body
    assert (record["status"], record["document_number"]) == ("sealed", first.document_number)

    signer.engine.sync_once()
    [job] = jobs.all_jobs(signer.store)
    assert (job.state, job.error) == (jobs.FAILED, SUPERSEDED), job
    _open(qtbot, ws, case.case_code)
    assert form.state.text().startswith("Sealed") and NOT_USED in form.state.text()

    # Issued from the workstation that holds the sealed document.
    other.desk.issue(other.desk.find(case.case_code, draft.id).decision)
    other.engine.sync_once()
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "issued"
    signer.engine.sync_once()
    _open(qtbot, ws, case.case_code)
    text = form.state.text()
    assert text.startswith("Issued") and NOT_USED not in text, text
    # Not shown, not forgotten: the job keeps what became of it.
    assert jobs.all_jobs(signer.store) == [job]
