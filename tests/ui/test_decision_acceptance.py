"""The decision desk issue's acceptance, in training mode, as one walk-through.

The training reviewer drafts a grant and a refusal in the decision form of
the window; a signer of the department (a second device on the same training
platform) seals both through the platform's signing service; the signed PDFs
pass pyHanko's own long-term validation (timestamped, revocation information
embedded); both are issued; ``backoffice archive verify`` accepts the
package and rejects a tampered copy; the reviewer's window shows the result.
"""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.platform_env import settings
from support.sandbox_env import Client
from support.training_env import (
    SLOW,
    platform_records,
    start_training,
    sync,
    training_shell,
    user_of,
)
from support.verdicts import pass_over_http

from backoffice.decisions import jobs
from backoffice.decisions.desk import DecisionDesk
from backoffice.decisions.sealing import Sealer
from backoffice.domain.model import DecisionKind
from backoffice.remote import PlatformClient
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui import training
from ui.decisions.workspace import DecisionWorkspace
from ui.shell import Shell

__all__ = ["training_shell"]  # the fixture


def _cases_to_decide(department: str, count: int) -> list[str]:
    """Cases this department leads that can be walked to ``deciding``: no notice, no
    inspection, no decision, every task unclaimed, in review or with its opinion."""
    busy = {r["case_code"] for e in ("correction_notice", "inspection", "decision",
                                     "special_procedure")
            for r in platform_records(e)}
    tasks: dict[str, list[dict[str, Any]]] = {}
    for t in platform_records("review_task"):
        tasks.setdefault(t["case_code"], []).append(t)
    found = []
    for case in sorted(platform_records("case"), key=lambda c: c["case_code"]):
        code = case["case_code"]
        mine = tasks.get(code, [])
        if (case["lead_department"] == department and code not in busy and mine
                and case["status"] in ("routed", "in_review", "deciding")
                and all(t["status"] in ("unclaimed", "in_review", "opinion_given",
                                        "transferred") for t in mine)):
            found.append(code)
    assert len(found) >= count, f"not {count} cases of {department} to decide"
    return found[:count]


def _walk(url: str, code: str) -> None:
    """Every department's reviewer claims and gives the opinion (another desk's work)."""
    for task in [t for t in platform_records("review_task") if t["case_code"] == code]:
        # A task in review is its holder's to finish: verdicts are theirs (9.5.1).
        name = task.get("assignee") or user_of(task["department_code"], "reviewer")
        session = requests.Session()
        token = session.post(f"{url}/api/v1/auth/login", json={
            "username": name, "password": training.TRAINING_PASSWORD}, timeout=30).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        steps = {"unclaimed": ["task.claim", "task.give_opinion"],
                 "in_review": ["task.give_opinion"]}.get(task["status"], [])
        version = task["version"]
        for kind in steps:
            if kind == "task.give_opinion":
                pass_over_http(Client(url, name, access=token["access_token"], session=session),
                               platform_records("material"), code, str(task["department_code"]))
            body = {"commands": [{
                "id": __import__("uuid").uuid4().hex, "kind": kind, "format_version": 1,
                "author": name, "entity": "review_task", "entity_id": task["id"],
                "base_version": version,
                "payload": {"opinion": "同意。"} if kind == "task.give_opinion" else {},
                "created_at": "2025-03-03T10:00:00+08:00"}]}
            result = session.post(f"{url}/api/v1/commands", json=body, headers=headers,
                                  timeout=30).json()["results"][0]
            assert result["status"] == "applied", result
            version = result["record"]["version"]


def _draft_in_window(qtbot: QtBot, ws: DecisionWorkspace, code: str, kind: DecisionKind,
                     reasons: str) -> None:
    ws.open_case(code)
    qtbot.waitUntil(lambda: ws.case is not None and ws.case.case_code == code
                    and not ws.busy(), timeout=SLOW)
    form = ws.form
    form.kind.setCurrentIndex(form.kind.findData(kind.value))
    form.reasons.setPlainText(reasons)
    form.legal_basis.setText("《中华人民共和国行政许可法》第三十八条")
    form.overdue_reason.setText("培训演示")  # recorded only if the deadline has passed
    qtbot.waitUntil(lambda: not ws.busy() and form.submit.isEnabled(), timeout=SLOW)
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ws.busy() and ws.current is not None, timeout=SLOW)


def _pyhanko_validates(pdf: bytes, root: Any) -> None:
    """pyHanko's own validation, with only what the PDF carries (its DSS) and our root:
    revocation checked hard (no fetching), a trusted signature timestamp."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(pdf))
    dss = DocumentSecurityStore.read_dss(reader)
    assert len(reader.root["/DSS"]["/CRLs"]) >= 1  # revocation information embedded
    context = dss.as_validation_context({"trust_roots": [root], "allow_fetching": False,
                                         "revocation_mode": "hard-fail"})
    sig = reader.embedded_regular_signatures[0]
    status = validate_pdf_signature(sig, context)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    assert status.timestamp_validity.trusted


def test_training_reviewer_drafts_signer_seals_and_the_archive_verifies(
        qtbot: QtBot, training_shell: Shell, tmp_path: Path) -> None:
    shell = training_shell
    session = start_training(qtbot, shell)
    me = session.account
    grant_case, refuse_case = _cases_to_decide(me.department_code, 2)
    for code in (grant_case, refuse_case):
        _walk(me.platform_url, code)
    sync(qtbot, shell)

    # The reviewer drafts both in the window's decision form.
    ws = shell.window.findChild(DecisionWorkspace, "decisionWorkspace")
    assert ws is not None
    qtbot.waitUntil(lambda: ws.desk.may_draft and not ws.busy(), timeout=SLOW)
    _draft_in_window(qtbot, ws, grant_case, DecisionKind.GRANT, "")
    _draft_in_window(qtbot, ws, refuse_case, DecisionKind.REFUSE, "经营场所与申请材料不一致")
    sync(qtbot, shell)

    # A signer of the department, on a second device, seals both through the platform.
    signer = user_of(me.department_code, "signer")
    client = PlatformClient(me.platform_url, settings=settings(), transient=True)
    client.login(signer, training.TRAINING_PASSWORD)
    store = Store.open(tmp_path / "signer.sqlite3")
    cache = FileCache(tmp_path / "signer-files")
    try:
        engine = SyncEngine(store, client)
        engine.sync_once()
        ticks = itertools.count(step=10_000)  # every follow finds every job due
        sealer = Sealer(store, client, cache, username=signer, clock=lambda: float(next(ticks)))
        desk = DecisionDesk(store, sealer, username=signer, roles=("signer",),
                            department_code=me.department_code)
        sealer.refresh_trust()
        decisions = {code: desk.decisions(code)[-1].decision for code in (grant_case,
                                                                            refuse_case)}
        assert {d.kind for d in decisions.values()} == {DecisionKind.GRANT, DecisionKind.REFUSE}
        for decision in decisions.values():
            assert decision.status.value == "submitted" and decision.drafted_by == me.username
            desk.seal_with_platform(decision)

        states: list[str] = []
        for _ in range(60):  # the service seals a second after the request
            qtbot.wait(1000)
            states = [j.state for j in sealer.follow()]
            if all(s == jobs.SIGNED for s in states):
                break
        assert states == [jobs.SIGNED, jobs.SIGNED], jobs.all_jobs(store)
        engine.sync_once()

        root_pem = client.pki_file("root.pem")
        from asn1crypto import pem, x509

        root = x509.Certificate.load(pem.unarmor(root_pem)[2])
        for code in (grant_case, refuse_case):
            sealed = desk.decisions(code)[-1].decision
            assert sealed.status.value == "sealed" and sealed.document_number
            pdf = desk.document(sealed)
            assert pdf is not None
            _pyhanko_validates(pdf, root)
            desk.issue(sealed)
        engine.sync_once()
        engine.sync_once()

        # The archive package of the refusal: accepted as it is, rejected when tampered.
        issued = desk.decisions(refuse_case)[-1].decision
        assert issued.status.value == "issued" and issued.archive_sha256
        package = cache.fetch(client, issued.archive_sha256).read_bytes()
        (tmp_path / "root.pem").write_bytes(root_pem)
        (tmp_path / "root.crl").write_bytes(client.pki_file("crl"))
        good, bad = tmp_path / "archive.zip", tmp_path / "tampered.zip"
        good.write_bytes(package)
        with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(bad, "w") as out:
            for info in src.infolist():
                data = src.read(info)
                if info.filename.startswith("decision/"):
                    data = data.replace(b"/Producer", b"/Producex", 1)
                out.writestr(info, data)

        def verify(path: Path) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "backoffice", "archive", "verify", str(path),
                 "--trust", str(tmp_path / "root.pem"), "--crl", str(tmp_path / "root.crl"),
                 "--json"], check=False, capture_output=True, text=True, timeout=120)

        accepted = verify(good)
        assert accepted.returncode == 0, accepted.stdout + accepted.stderr
        rejected = verify(bad)
        assert rejected.returncode == 3, rejected.stdout + rejected.stderr
        problems = json.loads(rejected.stdout)["problems"]
        assert "archive.hash_mismatch" in {p["code"] for p in problems}
    finally:
        cache.close()
        store.close()

    # The reviewer's window shows the result.
    sync(qtbot, shell)
    with session.store.read() as uow:
        assert uow.cases.get(refuse_case).status.value == "issued"
    ws.open_case(refuse_case)
    qtbot.waitUntil(lambda: ws.case is not None and ws.case.case_code == refuse_case
                    and not ws.busy() and "Issued" in ws.form.state.text(), timeout=SLOW)
