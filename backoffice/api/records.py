"""Wire records: what the change feed and command results carry, per entity.

Each record names its ``entity`` so a list of mixed records is a
discriminated union (:data:`WireRecord`). Field names follow the domain
dataclasses (``backoffice.domain.model``) so conversion is mechanical
(:mod:`backoffice.api.convert`). ``extra="forbid"``: a record with a field we
do not know is malformed for this contract version, and the client
quarantines it rather than silently dropping data.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from backoffice.domain.inspections import InspectionResult
from backoffice.domain.model import (
    Answer,
    ApplicantKind,
    CaseKind,
    Check,
    CorrectionNoticeStatus,
    DecisionKind,
    DecisionStatus,
    SpecialProcedureKind,
    Verdict,
)
from backoffice.domain.states import CaseStatus, InspectionStatus, TaskStatus

Id = Annotated[str, Field(min_length=1, max_length=128)]
Code = Annotated[str, Field(min_length=1, max_length=64)]
Text = Annotated[str, Field(max_length=20_000)]
Version = Annotated[int, Field(ge=0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DepartmentRecord(Strict):
    entity: Literal["department"] = "department"
    code: Code
    name: Text
    division_code: Code
    version: Version = 0


class ServiceItemRecord(Strict):
    entity: Literal["service_item"] = "service_item"
    code: Code
    name: Text
    department_code: Code
    promised_days: Annotated[int, Field(ge=0)]
    statutory_days: Annotated[int, Field(ge=0)]
    kind: CaseKind = CaseKind.PROMISED
    material_names: tuple[Text, ...] = ()
    needs_inspection: bool = False
    version: Version = 0


class ApplicantRecord(Strict):
    name: Text
    id_number: Text
    kind: ApplicantKind = ApplicantKind.PERSON
    phone: Text = ""


class CaseRecord(Strict):
    entity: Literal["case"] = "case"
    case_code: Code
    service_item_code: Code
    service_item_name: Text
    applicant: ApplicantRecord
    lead_department: Code
    kind: CaseKind
    status: CaseStatus
    accepted_at: dt.datetime
    promised_days: Annotated[int, Field(ge=0)]
    statutory_days: Annotated[int, Field(ge=0)]
    division_code: Text = ""
    site_address: Text = ""
    # The platform's computed deadline (working days, suspensions and approved
    # extensions applied); authoritative for the client.
    due_date: dt.date | None = None
    # A special procedure is running: due_date is a projection as of the day
    # the platform computed it and moves while the clock is stopped.
    clock_stopped: bool = False
    # Every department with a live review task on the case (synchronized review).
    departments: tuple[Code, ...] = ()
    version: Version = 0


class ReviewTaskRecord(Strict):
    """A department's review task.

    ``view="reduced"`` is how another department's task on a shared case
    looks: status, step deadline and the *published* opinion only; the
    assignee is withheld (``None``) and the opinion is empty until given.
    """

    entity: Literal["review_task"] = "review_task"
    id: Id
    case_code: Code
    department_code: Code
    status: TaskStatus
    step_days: Annotated[int, Field(ge=0)]
    assignee: Text | None = None
    opinion: Text = ""
    step_due_date: dt.date | None = None  # the platform's, clamped to the case's
    view: Literal["full", "reduced"] = "full"
    version: Version = 0


class CheckRecord(Strict):
    check: Check
    verdict: Verdict = Verdict.PENDING
    note: Text = ""


class MaterialRecord(Strict):
    entity: Literal["material"] = "material"
    id: Id
    case_code: Code
    name: Text
    department_code: Code
    required: bool = True
    original_required: bool = False
    file_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    from_shared_platform: bool = False
    checks: tuple[CheckRecord, ...] = ()
    version: Version = 0


class DeferredMaterialRecord(Strict):
    entity: Literal["deferred_material"] = "deferred_material"
    id: Id
    case_code: Code
    material_name: Text
    commitment: Text
    committed_on: dt.date
    due_date: dt.date
    fulfilled_on: dt.date | None = None
    version: Version = 0
    # The department that reviews the material (and asks for it in the
    # correction notice when it is missing); "" when unknown.
    department_code: Annotated[str, Field(max_length=64)] = ""


class CorrectionItemRecord(Strict):
    material_name: Text
    department_code: Code
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class RemovedCorrectionItemRecord(Strict):
    """An item the lead department dropped (``dropped_reason``) or reworded ("")."""

    material_name: Text
    department_code: Code
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    dropped_reason: Annotated[str, Field(max_length=2000)] = ""


class CorrectionNoticeRecord(Strict):
    entity: Literal["correction_notice"] = "correction_notice"
    id: Id
    case_code: Code
    items: tuple[CorrectionItemRecord, ...]
    status: CorrectionNoticeStatus = CorrectionNoticeStatus.DRAFT
    issued_on: dt.date | None = None
    # The day the applicant's corrections came in: until then, from issued_on,
    # the case's clock stands (domain.corrections.correction_suspension).
    answered_on: dt.date | None = None
    second_notice_reason: Text = ""
    version: Version = 0
    # What the lead department took out of the draft before issuing it, and why.
    removed: tuple[RemovedCorrectionItemRecord, ...] = ()


class SpecialProcedureRecord(Strict):
    entity: Literal["special_procedure"] = "special_procedure"
    id: Id
    case_code: Code
    kind: SpecialProcedureKind
    started_on: dt.date
    ended_on: dt.date | None = None
    applicant_notified_on: dt.date | None = None
    version: Version = 0


class ExtensionRecord(Strict):
    """延期 (Art. 42). Requested by a department, approved by a signer.

    Only an approved extension is a domain :class:`~backoffice.domain.model.Extension`
    (it moves the deadline); a requested one is visible so the signer can act.
    """

    entity: Literal["extension"] = "extension"
    id: Id
    case_code: Code
    working_days: Annotated[int, Field(gt=0, le=60)]
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    status: Literal["requested", "approved"] = "approved"
    requested_by: Text = ""
    requested_on: dt.date | None = None
    approved_by: Text = ""
    approved_on: dt.date | None = None
    version: Version = 0


class DecisionRecord(Strict):
    entity: Literal["decision"] = "decision"
    id: Id
    case_code: Code
    department_code: Code
    kind: DecisionKind
    status: DecisionStatus = DecisionStatus.DRAFT
    reasons: Text = ""
    legal_basis: Text = ""
    decided_on: dt.date | None = None
    document_number: Text | None = None
    report_by: dt.date | None = None
    version: Version = 0
    joint: bool = False
    public_notice: bool = False
    notice_days: Annotated[int, Field(ge=0, le=60)] = 0
    overdue_reason: Text = ""
    document_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    archive_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    drafted_by: Text = ""
    sealed_by: Text = ""
    # How it reached the applicant, once issued (9.7); "" before, or from a
    # platform that does not record it.
    delivery: Literal["", "window", "courier", "online"] = ""
    delivery_address: Text = ""


class CommentRecord(Strict):
    """A remark on a case, visible to every department on it; append-only."""

    entity: Literal["comment"] = "comment"
    id: Id  # the id of the command that wrote it
    case_code: Code
    department_code: Code
    author: Text
    text: Annotated[str, Field(min_length=1, max_length=4000)]
    created_at: dt.datetime
    version: Version = 0


NotificationChannel = Literal["sms", "mail", "portal"]
NotificationKind = Literal["correction_notice", "inspection_appointment", "other"]
MAX_NOTIFICATION = 2000  # characters of a notification's text
# A correction notice goes out whole, however many items its departments found
# (each reason up to 2,000 characters): cut, the items lost could never be told
# (one notice only). Longer than this, issuing is refused before anything goes out.
MAX_NOTICE_TEXT = 60_000


class NotificationRecord(Strict):
    """A notification sent to the applicant of a case; append-only.

    Written by ``notification.send`` (``id`` = the command id) and, with
    ``kind="correction_notice"``, by issuing a correction notice. Visible to
    every department on the case and listed in the case timeline.
    """

    entity: Literal["notification"] = "notification"
    id: Id
    case_code: Code
    department_code: Code
    channel: NotificationChannel
    kind: NotificationKind
    # notification.send takes MAX_NOTIFICATION; the written correction notice may be longer.
    text: Annotated[str, Field(min_length=1, max_length=MAX_NOTICE_TEXT)]
    sent_at: dt.datetime
    author: Text
    version: Version = 0


Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Reason = Annotated[str, Field(max_length=2000)]


class InspectionAnswerRecord(Strict):
    department_code: Code
    answer: Answer = Answer.PENDING
    reason: Reason = ""
    by: Text = ""


class InspectionRecord(Strict):
    """A (joint) site inspection; seen whole by every participating department.

    ``lead_department`` is the organiser. ``proposal`` numbers the slots
    proposed; ``answers`` are the departments' answers to the current one.
    ``originals``: the material originals the applicant was told to bring.
    """

    entity: Literal["inspection"] = "inspection"
    id: Id
    case_code: Code
    lead_department: Code
    departments: tuple[Code, ...]
    site_address: Text
    status: InspectionStatus = InspectionStatus.REQUESTED
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    inspectors: tuple[Annotated[str, Field(min_length=1, max_length=64)], ...] = ()
    version: Version = 0
    proposal: Annotated[int, Field(ge=0)] = 0
    answers: tuple[InspectionAnswerRecord, ...] = ()
    originals: tuple[Text, ...] = ()
    reason: Reason = ""
    after_deadline_reason: Reason = ""


class InspectionRequestRecord(Strict):
    """A department's request for a site inspection, and the joint inspection it joined."""

    entity: Literal["inspection_request"] = "inspection_request"
    id: Id
    case_code: Code
    department_code: Code
    site_address: Text
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    checklist: tuple[Annotated[str, Field(min_length=1, max_length=2000)], ...] = ()
    requested_by: Text
    requested_at: dt.datetime
    inspection_id: Annotated[str, Field(max_length=128)] = ""
    task_id: Annotated[str, Field(max_length=128)] = ""
    version: Version = 0


class ChecklistLineRecord(Strict):
    item: Annotated[str, Field(min_length=1, max_length=2000)]
    verdict: Verdict = Verdict.PENDING
    note: Reason = ""


class InspectionPhotoRecord(Strict):
    sha256: Sha256Hex  # the uploaded (downscaled) file: GET /api/v1/files/{sha256}
    original_sha256: Sha256Hex  # the photo as taken
    caption: Reason = ""


class OnSiteCorrectionRecord(Strict):
    item: Text
    requirement: Annotated[str, Field(min_length=1, max_length=2000)]


class InspectionPartRecord(Strict):
    """One participating department's part of the joint record (``inspection.record_part``)."""

    entity: Literal["inspection_part"] = "inspection_part"
    id: Id
    inspection_id: Id
    case_code: Code
    department_code: Code
    lines: tuple[ChecklistLineRecord, ...] = ()
    findings: Text = ""
    photos: tuple[InspectionPhotoRecord, ...] = ()
    corrections: tuple[OnSiteCorrectionRecord, ...] = ()
    result: InspectionResult | None = None
    recorded_by: Text = ""
    confirmed_by: Text = ""
    confirmed_at: dt.datetime | None = None
    version: Version = 0


WireRecord = Annotated[
    DepartmentRecord
    | ServiceItemRecord
    | CaseRecord
    | ReviewTaskRecord
    | MaterialRecord
    | DeferredMaterialRecord
    | CorrectionNoticeRecord
    | SpecialProcedureRecord
    | ExtensionRecord
    | DecisionRecord
    | CommentRecord
    | NotificationRecord
    | InspectionRecord
    | InspectionRequestRecord
    | InspectionPartRecord,
    Field(discriminator="entity"),
]

ENTITIES: tuple[str, ...] = (
    "department", "service_item", "case", "review_task", "material", "deferred_material",
    "correction_notice", "special_procedure", "extension", "decision", "comment",
    "notification", "inspection", "inspection_request", "inspection_part",
)


def record_key(record: WireRecord) -> tuple[str, str]:
    """``(entity, id)``: the identity the change feed uses."""
    if isinstance(record, (DepartmentRecord, ServiceItemRecord)):
        return record.entity, record.code
    if isinstance(record, CaseRecord):
        return record.entity, record.case_code
    return record.entity, record.id
