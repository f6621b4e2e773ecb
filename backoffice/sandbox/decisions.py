"""Decision commands of the platform: draft, submit, seal (a local seal), issue.

The rules are the domain's (:mod:`backoffice.domain.decisions`), the same the
client applies offline. What only the platform can do lives here: checking a
locally sealed document against its own trust roots and CRL (and that the
seal is the deciding department's, not any trusted one), the document
numbers it hands out, moving the case, the archive package and the
applicant's notification on issue, and the register of refusals (6.7).

Who: the **lead department** decides. Reviewers (and coordinators) draft and
submit; only a ``signer`` seals (here or through the signing service); a
signer or reviewer of the lead issues.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Connection, Date, Integer, String, Table, select, update

from backoffice.api import convert
from backoffice.domain import commands as dc
from backoffice.domain import decision_model as dm
from backoffice.domain import decisions as dd
from backoffice.domain import model as m
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.errors import DomainError
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import db
from backoffice.sandbox.commands import Ctx, Kind
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.ledger import Body, Ledger, Stored

if TYPE_CHECKING:
    from backoffice.sandbox.pki import SandboxPki
    from backoffice.signing.archive import ArchiveFile

REVIEWER = ("reviewer", "coordinator")
_LIVE_REVIEW = frozenset({TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW,
                          TaskStatus.AWAITING_APPLICANT, TaskStatus.SUSPENDED})

document_numbers = Table(
    "document_numbers", db.metadata,
    Column("department_code", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)
# Numbers handed to a department for seals made on its own machines
# (offline): a local seal must carry one of them, once, on a decision of its
# kind. ``kind`` NULL: reserved before numbers had kinds, when all were 许.
reserved_numbers = Table(
    "reserved_numbers", db.metadata,
    Column("number", String(128), primary_key=True),
    Column("department_code", String(64), nullable=False),
    Column("reserved_by", String(64), nullable=False),
    Column("decision_id", String(128), nullable=True),
    Column("kind", String(16), nullable=True),
)
# 6.7: refusals (不予受理, 不予许可) are registered and filed.
refusal_register = Table(
    "refusal_register", db.metadata,
    Column("decision_id", String(128), primary_key=True),
    Column("case_code", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("document_number", String(128), nullable=False),
    Column("archive_sha256", String(64), nullable=True),
    Column("filed_on", Date, nullable=False),
)


def allocate_number(conn: Connection, department: str, year: int, *,
                    escalate: bool = False) -> str:
    """The department's next document number of ``year`` (文号), e.g. ``吉市住建许〔2025〕3号``.

    Worded as the demo's own numbers are (one function for both); 报 for an
    escalation. One count per department and year, whatever the kind.
    """
    from backoffice.sandbox.demo.cases import document_number  # Pillow: only when sealing

    c = document_numbers.c
    last = conn.execute(select(c.last).where(c.department_code == department,
                                             c.year == year)).scalar()
    if last is None:
        conn.execute(document_numbers.insert().values(department_code=department, year=year,
                                                      last=1))
        n = 1
    else:
        n = int(last) + 1
        conn.execute(update(document_numbers).where(
            c.department_code == department, c.year == year).values(last=n))
    return document_number(department, year, n, escalate=escalate)


def reserve_numbers(conn: Connection, department: str, username: str, year: int,
                    count: int, *, kind: dd.NumberKind = "decision") -> list[str]:
    """``count`` numbers for local seals of ``kind`` (``escalate``: 报, ``decision``: 许)."""
    numbers = [allocate_number(conn, department, year, escalate=kind == "escalate")
               for _ in range(count)]
    conn.execute(reserved_numbers.insert(), [
        {"number": n, "department_code": department, "reserved_by": username,
         "decision_id": None, "kind": kind} for n in numbers])
    return numbers


def _domain(body: Body) -> Any:
    return convert.to_domain(convert.parse_record(body))


def _case(ledger: Ledger, code: str) -> Stored:
    case = ledger.get("case", code)
    if case is None:
        raise ApiError(404, "not_found", entity="case", id=code)
    return case


def lead_of(ctx: Ctx, target: Stored) -> None:
    code = target.id if target.entity == "case" else str(target.case_code)
    if _case(ctx.ledger, code).body["lead_department"] != ctx.user.department_code:
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)


def lead_reviewer(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*REVIEWER)
    lead_of(ctx, target)


def lead_signer(ctx: Ctx, target: Stored) -> None:
    ctx.need_role("signer")
    lead_of(ctx, target)


def lead_staff(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*REVIEWER, "signer")
    lead_of(ctx, target)


def check(ledger: Ledger, decision: m.Decision, today: dt.date, *, for_seal: bool,
          calendar: WorkCalendar | None = None) -> None:
    """Raise the first blocking finding of :func:`backoffice.domain.decisions.check_decision`."""
    case: m.Case = _domain(_case(ledger, decision.case_code).body)
    tasks = [_domain(s.body) for s in ledger.of_case(decision.case_code, "review_task")]
    notices = [_domain(s.body) for s in ledger.of_case(decision.case_code, "correction_notice")]
    inspections = [_domain(s.body) for s in ledger.of_case(decision.case_code, "inspection")]
    # A refusal is read by a person: departments by name (their codes ride along).
    name = _NameBook(ledger)
    names = {t.department_code: name(t.department_code) for t in tasks}
    for finding in dd.check_decision(decision, case, tasks=tasks, notices=notices,
                                     inspections=inspections, today=today, for_seal=for_seal,
                                     calendar=calendar, department_names=names):
        if finding.blocking:
            # A list of names goes on the wire as a JSON list, for the client to word.
            raise DomainError(finding.code, **{k: list(v) if isinstance(v, tuple) else v
                                               for k, v in finding.params.items()})


def draft(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    decision = dc.decision_draft(dc.Command(
        str(ctx.command.id), ctx.command.kind, ctx.command.entity, ctx.command.entity_id,
        ctx.command.base_version, ctx.command.created_at, ctx.command.payload,
        author=ctx.user.username), ctx.user.department_code)
    check(ctx.ledger, decision, ctx.today, for_seal=False, calendar=ctx.calendar)
    return "decision", ctx.put("decision", convert.to_wire(decision),
                               department_code=ctx.user.department_code)


def submit(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    decision = dd.apply_to_decision(ctx.command.kind, ctx.command.payload, _domain(target.body),
                                    author=ctx.user.username, on=ctx.today)
    check(ctx.ledger, decision, ctx.today, for_seal=False, calendar=ctx.calendar)
    return "decision", ctx.put("decision", {**target.body, **convert.to_wire(decision)},
                               department_code=target.department_code)


def apply_seal(ledger: Ledger, target: Stored, *, author: str, sha256: str, number: str,
               today: dt.date, calendar: WorkCalendar | None = None) -> list[tuple[str, Body]]:
    """The decision sealed with the document ``sha256``; the case decided or reported.

    Shared by ``decision.seal`` (a local seal) and the signing service.
    Returns what changed, decision first.
    """
    payload = {"document_sha256": sha256, "document_number": number}
    decision = dd.apply_to_decision("decision.seal", payload, _domain(target.body),
                                    author=author, on=today)
    check(ledger, decision, today, for_seal=True, calendar=calendar)
    changed = [("decision", ledger.put("decision", {**target.body, **convert.to_wire(decision)},
                                        department_code=target.department_code))]
    case_stored = _case(ledger, decision.case_code)
    case: m.Case = _domain(case_stored.body)
    after = dd.case_after_seal(decision, case)
    if after.status != case.status:
        changed.append(("case", ledger.put("case", {**case_stored.body,
                                                    "status": after.status.value})))
    if after.status == CaseStatus.NOT_ACCEPTED:
        # Not accepted: the case ends, and with it every review still under way
        # (a given opinion stays as it was given).
        for task in ledger.of_case(decision.case_code, "review_task"):
            if TaskStatus(task.body["status"]) in _LIVE_REVIEW:
                ended = _domain(task.body).apply("withdraw")
                changed.append(("review_task", ledger.put(
                    "review_task", {**task.body, "status": ended.status.value},
                    department_code=task.department_code)))
    link(ledger.conn, sha256, decision.id)
    return changed


def link(conn: Connection, sha256: str, decision_id: str) -> None:
    """Whoever sees the decision may download its document."""
    _refer(conn, sha256, "decision", decision_id)


def link_archive(conn: Connection, sha256: str, department_code: str) -> None:
    """Only the deciding department may download the case's archive package."""
    _refer(conn, sha256, "archive", department_code)


def _refer(conn: Connection, sha256: str, entity: str, id: str) -> None:
    ref = {"sha256": sha256, "entity": entity, "id": id}
    fr = db.file_refs.c
    if conn.execute(select(fr.sha256).where(*(fr[k] == v for k, v in ref.items()))).first() \
            is None:
        conn.execute(db.file_refs.insert().values(**ref))


# A material's file in the archive is named by what its bytes are, not assumed a PDF.
_SIGNATURES = ((b"%PDF-", ".pdf"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"))


def _extension(content: bytes) -> str:
    return next((ext for magic, ext in _SIGNATURES if content.startswith(magic)), ".bin")


def department_name(ledger: Ledger, code: str) -> str:
    """The department's name, as a person reads it (its code if the ledger has none)."""
    found = ledger.get("department", code)
    return str(found.body.get("name") or code) if found else code


class _NameBook:
    """Departments by name, as the applicant and a later reader know them."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._names: dict[str, str] = {}

    def __call__(self, code: str) -> str:
        if code not in self._names:
            self._names[code] = department_name(self._ledger, code)
        return self._names[code]


def _json(record: Any) -> bytes:
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True).encode()


def _moment(value: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _correction_file(notice: Body, told: list[Body], names: _NameBook) -> ArchiveFile:
    """A notice that went out: its items, its days, and the text the applicant got.

    The platform's notification of the issue carries that text; it is the one
    sent on the notice's day that names every item of it.
    """
    from backoffice.signing.archive import ArchiveFile

    items = notice.get("items", ())
    sent = [n for n in told
            if (_moment(n.get("sent_at")) or dt.datetime.min).date().isoformat()
            == notice.get("issued_on")
            and all(str(i["material_name"]) in n["text"] and str(i["reason"]) in n["text"]
                    for i in items)]
    record = {**notice,
              "items": [{**i, "department_name": names(str(i["department_code"]))}
                        for i in items],
              "told": [{k: n[k] for k in ("channel", "sent_at", "author", "text")}
                       for n in sent]}
    return ArchiveFile("correction", f"{notice['id']}.json", _json(record),
                       _moment(sent[0]["sent_at"]) if sent else None)


class DecisionKinds:
    """The command kinds; ``pki`` and the file store come from the platform."""

    def __init__(self, pki: SandboxPki, read_file: Any, store_file: Any) -> None:
        self.pki, self._read, self._store = pki, read_file, store_file

    def kinds(self) -> dict[str, Kind]:
        return {
            "decision.draft": Kind("case", draft, lead_reviewer, checks_base=False),
            "decision.submit": Kind("decision", submit, lead_reviewer),
            "decision.seal": Kind("decision", self.seal, lead_signer),
            "decision.issue": Kind("decision", self.issue, lead_staff),
        }

    def seal(self, ctx: Ctx, target: Stored) -> tuple[str, Body]:
        """A seal made with the department's certificate on its own machine."""
        from backoffice.signing.verify import VerifyPolicy, verify_pdf

        payload = ctx.command.payload
        sha, number = payload.get("document_sha256"), payload.get("document_number")
        if not isinstance(sha, str) or not isinstance(number, str):
            raise DomainError("command.bad_payload", kind=ctx.command.kind,
                              field="document_sha256" if not isinstance(sha, str)
                              else "document_number")
        rn = reserved_numbers.c
        row = ctx.ledger.conn.execute(select(rn.department_code, rn.decision_id, rn.kind).where(
            rn.number == number)).first()
        if row is None or row.department_code != ctx.user.department_code or \
                row.decision_id not in (None, target.id):
            raise ApiError(422, "decision.number_not_reserved", number=number[:128])
        # An escalation (上报告知书) is numbered 报, any other decision 许: a
        # document saying the other would be filed under the wrong number.
        wanted = dd.number_kind(_domain(target.body).kind)
        if (row.kind or "decision") != wanted:
            raise ApiError(422, "decision.number_wrong_kind", number=number[:128])
        data = self._read(ctx.ledger.conn, sha, ctx.user.department_code)
        if data is None:
            raise ApiError(422, "decision.document_missing", sha256=sha[:64])
        pki = self.pki.pki
        # Every department's certificate chains to our root: the seal must also be
        # the deciding department's own, by the organisation its certificate names.
        department = ctx.ledger.get("department", str(target.department_code))
        name = str(department.body["name"]) if department is not None else ""
        result = verify_pdf(data, VerifyPolicy(trust_roots=(pki.root.asn1_cert(),),
                                               crls=(pki.crl_der,),
                                               signer=name or str(target.department_code)))
        if not result.ok:
            raise ApiError(422, "decision.seal_invalid",
                           reason=result.problems[0] if result.problems else "")
        changed = apply_seal(ctx.ledger, target, author=ctx.user.username, sha256=sha,
                             number=number, today=ctx.today, calendar=ctx.calendar)
        ctx.ledger.conn.execute(update(reserved_numbers).where(rn.number == number)
                                .values(decision_id=target.id))
        for entity, body in changed[1:]:
            ctx.related.append((entity, body))
        return changed[0]

    def _case_files(self, ledger: Ledger, case_code: str) -> list[ArchiveFile]:
        """What the case's file holds beside the decision (9.8, docs/signing.md).

        The materials; each correction notice that went out, with the text
        the applicant got; each inspection with its requests and every
        department's part of the record, and their photos.
        """
        from backoffice.signing.archive import ArchiveFile

        files: list[ArchiveFile] = []
        for material in ledger.of_case(case_code, "material"):
            content = self._file(ledger.conn, material.body.get("file_sha256"))
            if content is not None:
                files.append(ArchiveFile("material", f"{material.id}{_extension(content)}",
                                         content))
        names = _NameBook(ledger)
        told = [n.body for n in ledger.of_case(case_code, "notification")
                if n.body.get("kind") == "correction_notice"]
        for notice in ledger.of_case(case_code, "correction_notice"):
            if notice.body.get("status") != m.CorrectionNoticeStatus.DRAFT.value:
                files.append(_correction_file(notice.body, told, names))
        parts = ledger.of_case(case_code, "inspection_part")
        requests = ledger.of_case(case_code, "inspection_request")
        for inspection in ledger.of_case(case_code, "inspection"):
            files += self._inspection_files(
                inspection.body, [p.body for p in parts if p.body["inspection_id"] == inspection.id],
                [r.body for r in requests if r.body.get("inspection_id") == inspection.id],
                names, ledger.conn)
        return files

    def _file(self, conn: Connection, sha: object) -> bytes | None:
        return self._read(conn, sha, None) if isinstance(sha, str) else None

    def _inspection_files(self, inspection: Body, parts: list[Body], requests: list[Body],
                          names: _NameBook, conn: Connection) -> list[ArchiveFile]:
        """The record as JSON, each photo beside it, named in the record by its path."""
        from backoffice.signing.archive import FOLDERS, ArchiveFile

        files: list[ArchiveFile] = []
        shown = []
        for part in parts:
            confirmed = _moment(part.get("confirmed_at"))
            photos = []
            for n, photo in enumerate(part.get("photos", ()), 1):
                content = self._file(conn, photo.get("sha256"))
                path = None
                if content is not None:
                    name = f"{part['id']}-photo-{n}{_extension(content)}"
                    files.append(ArchiveFile("inspection", name, content, confirmed))
                    path = f"{FOLDERS['inspection']}/{name}"
                photos.append({**photo, "path": path})
            shown.append({**part, "department_name": names(str(part["department_code"])),
                          "photos": photos})
        record = {"inspection": {**inspection, "department_names": {
                      d: names(d) for d in inspection.get("departments", ())}},
                  "requests": requests, "parts": shown}
        times = [t for t in (_moment(p.get("confirmed_at")) for p in parts) if t is not None]
        files.insert(0, ArchiveFile("inspection", f"{inspection['id']}.json", _json(record),
                                    max(times) if times else None))
        return files

    def issue(self, ctx: Ctx, target: Stored) -> tuple[str, Body]:
        """Issued: the archive package filed, the applicant told, refusals registered."""
        from backoffice.signing.archive import ArchiveFile, create_archive

        decision = dd.apply_to_decision(ctx.command.kind, ctx.command.payload,
                                        _domain(target.body), author=ctx.user.username,
                                        on=ctx.today)
        case = _case(ctx.ledger, decision.case_code)
        dd.check_issue(decision, _domain(case.body))
        conn = ctx.ledger.conn
        document = self._read(conn, str(decision.document_sha256), None)
        if document is None:
            raise ApiError(422, "decision.document_missing",
                           sha256=str(decision.document_sha256))
        files = [ArchiveFile("decision", f"{decision.id}.pdf", document),
                 *self._case_files(ctx.ledger, decision.case_code)]
        provider = self.pki.provider(decision.department_code)
        if provider is None:
            raise ApiError(422, "signing.no_certificate",
                           provider=department_name(ctx.ledger, decision.department_code))
        # The CRL goes into the manifest's seal: the package verifies from itself alone.
        package, _ = create_archive(decision.case_code, files, provider,
                                    timestamper=self.pki.timestamper(), now=ctx.now,
                                    crls=(self.pki.pki.crl_der,))
        archive_sha = hashlib.sha256(package).hexdigest()
        self._store(conn, archive_sha, package, "application/zip")
        # The package holds every department's materials: it is the deciding
        # department's file of the case (9.8), not the decision's to show to
        # whoever sees it — other departments never get one another's materials.
        link_archive(conn, archive_sha, decision.department_code)
        body = ctx.put("decision", {**target.body, **convert.to_wire(decision),
                                    "archive_sha256": archive_sha},
                       department_code=target.department_code)
        if case.body["status"] == CaseStatus.DECIDED.value:
            ctx.put("case", {**case.body, **convert.to_wire(_domain(case.body).apply("issue"))})
        if decision.kind in (m.DecisionKind.REFUSE, m.DecisionKind.REFUSE_ACCEPTANCE):
            conn.execute(refusal_register.insert().values(
                decision_id=decision.id, case_code=decision.case_code, kind=decision.kind.value,
                document_number=decision.document_number or "", archive_sha256=archive_sha,
                filed_on=ctx.today))
        from backoffice.sandbox.review import _notify

        _notify(ctx, decision.case_code, f"notification-{ctx.command.id}", "portal", "other",
                f"审查决定已作出（{decision.document_number}），{delivery_words(decision)}")
        return "decision", body


def delivery_words(decision: m.Decision) -> str:
    """What the applicant is told of how the decision reaches them (9.7); it is the
    case's timeline's record of the delivery (``notification_sent``)."""
    if decision.delivery == dm.WINDOW:
        return "请携带有效身份证件到受理窗口领取决定书（窗口领取）。"
    if decision.delivery == dm.COURIER:
        return f"决定书将邮寄送达至：{decision.delivery_address}（邮寄送达）。"
    return "请通过政务服务平台下载决定书（网上下载）。"
