"""The one-time correction notice (一次性告知, 6.9, 9.3.3; 行政许可法 Art. 32).

The notice and its items, what the lead department removed or reworded
before issuing it, and the rule that a case gets one notice
(:func:`ensure_one_time_notice`, with its one reasoned exception) together
with the way departments add to the case's single draft
(:func:`draft_correction`), and the applicant's time on a notice, which
stops the case's clock (:func:`correction_suspension`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace

from backoffice.domain.guards import _require
from backoffice.domain.materials import Material
from backoffice.domain.time_limits import Suspension

# The ``reason`` of the clock suspension a correction notice causes.
CORRECTION_REASON = "correction"


class CorrectionNoticeStatus(enum.StrEnum):
    DRAFT = "draft"  # departments still adding items
    ISSUED = "issued"  # sent to the applicant, all items at once (6.9)
    ANSWERED = "answered"  # applicant supplied the corrections


@dataclass(frozen=True, slots=True)
class CorrectionItem:
    material_name: str
    department_code: str
    reason: str

    def __post_init__(self) -> None:
        _require(bool(self.reason.strip()), "correction.item_without_reason",
                 material=self.material_name)


@dataclass(frozen=True, slots=True)
class RemovedCorrectionItem:
    """An item the lead department took out of the draft before issuing it.

    ``dropped_reason`` says why it was dropped; empty when the item was only
    reworded (its new wording is among the notice's items). Kept on the
    notice so supervision can see what a department asked for and what the
    applicant was told, and so the department's item is not proposed again.
    """

    material_name: str
    department_code: str
    reason: str  # the wording the department contributed
    dropped_reason: str = ""


@dataclass(frozen=True, slots=True)
class CorrectionNotice:
    """一次性告知书: every department's corrections to the applicant at once.

    A case has one notice (6.9, 9.3.3; 行政许可法 Art. 32): departments put
    their items into the case's single draft (:func:`draft_correction`,
    :meth:`combined_with`) and the draft goes out once (:meth:`issue`). The
    rule and its one exception: :func:`ensure_one_time_notice`.
    """

    id: str
    case_code: str
    items: tuple[CorrectionItem, ...]
    status: CorrectionNoticeStatus = CorrectionNoticeStatus.DRAFT
    issued_on: dt.date | None = None
    version: int = 0
    removed: tuple[RemovedCorrectionItem, ...] = ()
    # The day the applicant's corrections came in (the platform records it).
    answered_on: dt.date | None = None

    def __post_init__(self) -> None:
        _require(
            self.status == CorrectionNoticeStatus.DRAFT or bool(self.items),
            "correction.empty_notice",
            notice=self.id,
        )

    def suspension(self) -> Suspension | None:
        """The clock suspension the applicant's time on this notice causes, if any."""
        return correction_suspension(self.status, self.issued_on, self.answered_on)

    def combined_with(self, other: CorrectionNotice) -> CorrectionNotice:
        """One notice for the case: departments' lists are merged, never drip-fed."""
        _require(other.case_code == self.case_code, "correction.other_case",
                 notice=self.id, other=other.id)
        _require(self.status == CorrectionNoticeStatus.DRAFT, "correction.already_issued",
                 notice=self.id)
        seen = set(self.items)
        merged = self.items + tuple(i for i in other.items if i not in seen)
        removed = self.removed + tuple(r for r in other.removed if r not in self.removed)
        return replace(self, items=merged, removed=removed)

    def issue(
        self,
        on: dt.date,
        *,
        earlier: Iterable[CorrectionNotice] = (),
        second_notice_reason: str = "",
    ) -> CorrectionNotice:
        """This draft sent to the applicant on ``on``.

        ``earlier``: the case's other notices, so that a second notice is
        refused (:func:`ensure_one_time_notice`). An empty draft cannot go out.
        """
        _require(self.status == CorrectionNoticeStatus.DRAFT, "correction.already_issued",
                 notice=self.id)
        ensure_one_time_notice(earlier, self, second_notice_reason=second_notice_reason)
        return replace(self, status=CorrectionNoticeStatus.ISSUED, issued_on=on)

    def edited(
        self, item: CorrectionItem, *, reason: str = "", dropped_reason: str = ""
    ) -> CorrectionNotice:
        """The draft with ``item`` reworded to ``reason``, or dropped for ``dropped_reason``.

        The lead department's editing before the one notice goes out (6.9):
        whatever it changes of another department's item stays on the record
        (:class:`RemovedCorrectionItem`). Exactly one of the two is given.
        """
        _require(self.status == CorrectionNoticeStatus.DRAFT, "correction.already_issued",
                 notice=self.id)
        _require(item in self.items, "correction.item_not_found", notice=self.id,
                 material=item.material_name)
        _require(bool(reason.strip()) != bool(dropped_reason.strip()), "correction.bad_edit",
                 notice=self.id, material=item.material_name)
        if dropped_reason.strip():
            items = tuple(i for i in self.items if i != item)
        else:
            new = CorrectionItem(item.material_name, item.department_code, reason)
            _require(new not in self.items, "correction.item_not_found", notice=self.id,
                     material=item.material_name)
            items = tuple(new if i == item else i for i in self.items)
        gone = RemovedCorrectionItem(item.material_name, item.department_code, item.reason,
                                     dropped_reason)
        return replace(self, items=items, removed=(*self.removed, gone))


def correction_suspension(
    status: str, issued_on: dt.date | None, answered_on: dt.date | None
) -> Suspension | None:
    """The applicant's time on a correction notice (补正): not the department's.

    The one rule for the platform, the store and the domain (docs/deadlines.md):
    from the day the notice is issued to the day the corrections come in, both
    inclusive, the case's clock stands, as for a special procedure, and the
    working days used before stay used (the case was accepted: the clock
    resumes rather than starting again). An issued notice is a running
    suspension; a draft stops nothing (the applicant was not told yet: that
    time is the department's). Plain values in, so the store's rows and the
    platform's records use it as they are. None also for an answered notice
    without ``answered_on`` (recorded before the day was kept: its end is
    unknown) and for days that contradict each other, which must not break
    every deadline of a pull.
    """
    if issued_on is None or status == CorrectionNoticeStatus.DRAFT:
        return None
    if status == CorrectionNoticeStatus.ISSUED:
        return Suspension(issued_on, None, reason=CORRECTION_REASON)
    if status != CorrectionNoticeStatus.ANSWERED or answered_on is None or answered_on < issued_on:
        return None
    return Suspension(issued_on, answered_on, reason=CORRECTION_REASON)


def ensure_one_time_notice(
    existing: Iterable[CorrectionNotice],
    new: CorrectionNotice,
    *,
    second_notice_reason: str = "",
) -> None:
    """Refuse a second correction notice for a case (一次性告知).

    The standard (6.9, 9.3.3) and 行政许可法 Art. 32 want *everything* to be
    corrected told in one notice. Once a notice for the case has gone out
    (issued or answered), another one is what the rule forbids — drip-feeding
    the applicant — and raises ``correction.second_notice`` (params
    ``case_code``, ``issued_on`` of the first notice). Departments that find
    something while the notice is still a draft add it to that draft.

    One exception, explicit and reasoned: the applicant's **supplement is
    itself defective** (the resubmitted floor plan still does not mark the
    emergency exits). Art. 32 is about the materials the applicant handed
    in; a defect in a supplement did not exist when the first notice was
    written, so no notice could have told it, and refusing to tell it would
    leave a refusal as the only way out for a fixable application. A second notice is therefore allowed only when

    - ``second_notice_reason`` says why (it travels with the command and is on
      the record for supervision; a blank one counts as none),
    - every earlier notice is answered (the supplement is in: while a notice
      is out, more items would be drip-feeding), and
    - every item names a material listed in an earlier notice, i.e. one the
      applicant supplemented; any other material was there to be checked the
      first time (``correction.second_notice_new_material``).
    """
    earlier = [
        n
        for n in existing
        if n.case_code == new.case_code
        and n.id != new.id
        and n.status != CorrectionNoticeStatus.DRAFT
    ]
    if not earlier:
        return
    dates = sorted(n.issued_on for n in earlier if n.issued_on is not None)
    issued_on = dates[0].isoformat() if dates else ""
    answered = all(n.status == CorrectionNoticeStatus.ANSWERED for n in earlier)
    _require(
        answered and bool(second_notice_reason.strip()),
        "correction.second_notice",
        case_code=new.case_code,
        issued_on=issued_on,
    )
    supplemented = {item.material_name for n in earlier for item in n.items}
    for item in new.items:
        _require(
            item.material_name in supplemented,
            "correction.second_notice_new_material",
            case_code=new.case_code,
            material=item.material_name,
            issued_on=issued_on,
        )


def draft_correction(
    existing: Iterable[CorrectionNotice],
    case_code: str,
    items: Iterable[CorrectionItem],
    *,
    new_id: str,
    second_notice_reason: str = "",
) -> CorrectionNotice:
    """The case's one draft notice with a department's ``items`` added.

    Every draft of the case found in ``existing`` is folded into the first
    one (departments' lists are combined, never sent apart); with no draft, a
    new one gets ``new_id``. The result already passes
    :func:`ensure_one_time_notice`, so a department cannot start a second
    notice once the first has gone out, except as that function allows.
    """
    notices = [n for n in existing if n.case_code == case_code]
    drafts = [n for n in notices if n.status == CorrectionNoticeStatus.DRAFT]
    draft = drafts[0] if drafts else CorrectionNotice(new_id, case_code, ())
    for other in drafts[1:]:
        draft = draft.combined_with(other)
    draft = draft.combined_with(CorrectionNotice(draft.id, case_code, tuple(items)))
    ensure_one_time_notice(notices, draft, second_notice_reason=second_notice_reason)
    return draft


def ensure_not_shared(items: Iterable[CorrectionItem], materials: Iterable[Material]) -> None:
    """No correction item for a material the platform looks up itself (9.1.2).

    An e-licence from the shared platform (``from_shared_platform``) is not
    the applicant's to supply: asking them for it again is what 9.1.2 forbids.
    A failed check on one means the record is to be queried again, not
    corrected by the applicant. ``materials``: the case's, as far as known.
    """
    shared = {(m.name, m.department_code) for m in materials if m.from_shared_platform}
    for item in items:
        _require((item.material_name, item.department_code) not in shared,
                 "correction.shared_platform_material", material=item.material_name)
