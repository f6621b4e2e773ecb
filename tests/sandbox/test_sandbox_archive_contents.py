"""The archive package holds the whole case: notice and inspection beside decision and materials.

A fresh case walked on the platform over HTTP: a site inspection recorded
with a photo, a one-time correction notice issued and answered, every
opinion given, the decision sealed by the signing service and issued. The
package the platform files must hold the notice (the text the applicant got,
issued and answered days) under ``corrections/`` and the inspection (record,
result, who, when, photo) under ``inspections/``, and still verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from support.inspection_case import free_visit
from support.sandbox_env import Client, demo_clock, demo_data, start, user, version
from support.verdicts import pass_on_platform
from support.visit_clock import at_the_visit

from backoffice.domain.model import Case
from backoffice.sandbox.server import Sandbox
from backoffice.signing.archive import verify_archive
from backoffice.signing.verify import Revocation, VerifyPolicy

DEMO = demo_data(fresh=1)
CASE: Case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[0])
TASKS = {t.department_code: t for t in DEMO.tasks if t.case_code == CASE.case_code}
LEAD = CASE.lead_department
CST = dt.timezone(dt.timedelta(hours=8))
PHOTO = b"\xff\xd8\xff\xe0 a photo of the east fence " + CASE.case_code.encode()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    # On the demo's day: the platform refuses visits before its own time.
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def _login(sandbox: Sandbox, department: str, role: str = "reviewer") -> Client:
    return Client(sandbox.url, user(DEMO, department, role)).login()


def _applied(result: dict[str, Any]) -> dict[str, Any]:
    assert result["status"] == "applied", result
    return result


def _task(sandbox: Sandbox, client: Client, department: str, action: str,
          payload: dict[str, Any] | None = None) -> dict[str, Any]:
    task = TASKS[department].id
    if action == "give_opinion":
        pass_on_platform(sandbox, client, task)
    return _applied(client.command(f"task.{action}", "review_task", task,
                                   version(sandbox, "review_task", task), payload))


def _inspect(sandbox: Sandbox) -> str:
    """The lead's site inspection: requested, planned, confirmed, recorded with a photo."""
    inspector = _login(sandbox, LEAD, "inspector")
    _applied(inspector.command("inspection.request", "case", CASE.case_code, 0, {
        "department_code": LEAD, "reason": "核实施工现场", "checklist": ["围挡设置"]}))
    (iid,) = [s.id for s in sandbox.platform._records("inspection")
              if s.case_code == CASE.case_code]
    case = sandbox.platform.record("case", CASE.case_code)
    assert case is not None
    day = dt.date.fromisoformat(case.body["due_date"]) - dt.timedelta(days=1)
    # On a working day, in working hours, when the free/busy leaves the inspector free.
    starts = free_visit(sandbox.platform.calendar, day, [inspector.username])
    _applied(inspector.command("inspection.propose", "inspection", iid,
                               version(sandbox, "inspection", iid), {
        "starts_at": starts.isoformat(), "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "inspectors": [inspector.username]}))
    proposal = sandbox.platform.record("inspection", iid)
    assert proposal is not None
    _applied(inspector.command("inspection.confirm", "inspection", iid, 0, {
        "department_code": LEAD, "proposal": proposal.body["proposal"]}))
    sha = hashlib.sha256(PHOTO).hexdigest()
    up = inspector.session.put(f"{inspector.base}/api/v1/files/{sha}", data=PHOTO, timeout=10,
                               headers={"Authorization": f"Bearer {inspector.access}",
                                        "Content-Type": "image/jpeg"})
    assert up.status_code in (200, 201), up.text
    pid = f"{iid}--{LEAD}"
    with at_the_visit(sandbox, iid):  # confirmed on site, not before
        on_site = _login(sandbox, LEAD, "inspector")
        _applied(on_site.command("inspection.record_part", "inspection_part", pid,
                                 version(sandbox, "inspection_part", pid), {
            "lines": [{"item": "围挡设置", "verdict": "pass", "note": ""}],
            "findings": "现场与申报一致。", "result": "pass", "confirm": True,
            "photos": [{"sha256": sha, "original_sha256": hashlib.sha256(b"o").hexdigest(),
                        "caption": "东侧围挡"}]}))
    return iid


def _correct(sandbox: Sandbox, lead: Client) -> str:
    """The lead's one-time notice, issued once the others gave their opinion; answered."""
    material = next(m for m in DEMO.materials
                    if m.case_code == CASE.case_code and m.department_code == LEAD)
    _task(sandbox, lead, LEAD, "claim")
    asked = _task(sandbox, lead, LEAD, "request_correction", {"items": [
        {"material_name": material.name, "department_code": LEAD, "reason": "缺少法人签字"}]})
    notice = next(r for r in asked["related"] if r["entity"] == "correction_notice")["id"]
    pass_on_platform(sandbox, lead, TASKS[LEAD].id)  # the notice waits for the lead's checks
    _applied(lead.command("correction_notice.issue", "correction_notice", notice,
                          version(sandbox, "correction_notice", notice)))
    sandbox.platform.answer_correction(CASE.case_code)
    return str(notice)


def _issued_archive(sandbox: Sandbox) -> tuple[bytes, str]:
    iid = _inspect(sandbox)
    lead = _login(sandbox, LEAD)  # now: one from before expired while the clock was ahead
    for department in sorted(set(TASKS) - {LEAD}):
        other = _login(sandbox, department)
        _task(sandbox, other, department, "claim")
        _task(sandbox, other, department, "give_opinion", {"opinion": "同意。"})
    _correct(sandbox, lead)
    _task(sandbox, lead, LEAD, "give_opinion", {"opinion": "同意。"})
    drafted = _applied(lead.command("decision.draft", "case", CASE.case_code, 0, {
        "kind": "grant", "legal_basis": "《建筑工程施工许可管理办法》第四条", "submit": True,
        "joint": len(TASKS) > 1}))
    decision = drafted["record"]["id"]
    signer = _login(sandbox, LEAD, "signer")
    sandbox.app.state.platform.signing.delay = 0
    rid = str(uuid.uuid4())
    assert signer.post("/signing-requests", {"id": rid, "decision_id": decision}).status_code \
        == 202
    # The status read seals (a due request): give it the time a loaded machine needs.
    done = signer.session.get(f"{signer.base}/api/v1/signing-requests/{rid}", timeout=300,
                              headers={"Authorization": f"Bearer {signer.access}"})
    assert done.json()["status"] == "signed", done.text
    issued = _applied(signer.command("decision.issue", "decision", decision,
                                     version(sandbox, "decision", decision)))
    return signer.get(f"/files/{issued['record']['archive_sha256']}").content, iid


def test_the_archive_holds_the_notice_and_the_inspection_and_verifies(
        sandbox: Sandbox) -> None:
    package, iid = _issued_archive(sandbox)
    zf = zipfile.ZipFile(io.BytesIO(package))
    manifest = json.loads(zf.read("manifest.json"))
    roles = {e["role"] for e in manifest["files"]}
    assert roles == {"decision", "material", "correction", "inspection"}, roles

    (notice_path,) = [e["path"] for e in manifest["files"] if e["role"] == "correction"]
    assert notice_path.startswith("corrections/")
    notice = json.loads(zf.read(notice_path))
    stored = sandbox.platform.record("correction_notice", notice["id"])
    assert stored is not None
    assert (notice["issued_on"], notice["answered_on"]) == (
        stored.body["issued_on"], stored.body["answered_on"])
    assert notice["status"] == "answered" and notice["answered_on"]
    names = {d.code: d.name for d in DEMO.departments}
    assert notice["items"][0]["department_name"] == names[LEAD]
    (told,) = notice["told"]
    assert "缺少法人签字" in told["text"] and names[LEAD] in told["text"]

    record = json.loads(zf.read(f"inspections/{iid}.json"))
    assert record["inspection"]["status"] == "recorded"
    assert record["inspection"]["site_address"] and record["inspection"]["starts_at"]
    (part,) = record["parts"]
    assert (part["result"], part["findings"], part["department_name"]) == (
        "pass", "现场与申报一致。", names[LEAD])
    assert part["confirmed_by"] == user(DEMO, LEAD, "inspector") and part["confirmed_at"]
    (photo,) = part["photos"]
    assert photo["caption"] == "东侧围挡" and photo["path"].startswith("inspections/")
    assert zf.read(photo["path"]) == PHOTO
    entry = next(e for e in manifest["files"] if e["path"] == photo["path"])
    assert entry["role"] == "inspection"
    assert dt.datetime.fromisoformat(entry["recorded_at"]) == \
        dt.datetime.fromisoformat(part["confirmed_at"])

    pki = sandbox.app.state.platform.pki.pki
    policy = VerifyPolicy(trust_roots=(pki.root.asn1_cert(),), crls=(pki.crl_der,),
                          signer=names[LEAD])
    report = verify_archive(package, policy)
    assert report.ok, report.to_dict()
    # From itself alone, no CRL given: the decision's DSS, the manifest seal's CRL.
    alone = verify_archive(package, VerifyPolicy(trust_roots=(pki.root.asn1_cert(),),
                                                 signer=names[LEAD]))
    assert alone.ok and alone.revocation == Revocation.GOOD, alone.to_dict()
    assert report.files == len(manifest["files"]) == len(zf.namelist()) - 2
    # The new entries are held to the sealed manifest like the others: a photo
    # changed or a notice taken out is found.
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as out:
        for name in zf.namelist():
            if name != notice_path:
                out.writestr(name, b"retouched" if name == photo["path"] else zf.read(name))
    found = {(p.code, p.path) for p in verify_archive(forged.getvalue(), policy).problems}
    assert found == {("archive.hash_mismatch", photo["path"]),
                     ("archive.missing_file", notice_path)}, found
