"""A photo attached to a form that was never saved stays on this machine.

QA: attach a photo in the field form, kill the app without saving; the next
sync uploaded it, and the platform held a photo no record names. The sync
now uploads only the photos a saved command names; the other stays cached,
pinned (a draft may still be saved with it), and goes up once it is saved.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from inspections.joint import confirm_first_slot, photo, request_both, staff, two_department_case
from support.sync_env import Device

from backoffice.domain.inspections import InspectionPart
from backoffice.inspections import field, service
from backoffice.sandbox import files as platform_files
from backoffice.sandbox.server import Sandbox
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import PIN_UPLOAD, FileCache


def _on_platform(sandbox: Sandbox, sha: str) -> bool:
    store = platform_files.FileStore.for_engine(sandbox.platform.engine)
    return store.info(sha) is not None


def lead_part(lead: SyncEngine, other: SyncEngine) -> tuple[str, InspectionPart]:
    """A joint inspection confirmed by both; the lead's person and their part, open."""
    code, lead_dept, other_dept = two_department_case()
    request_both(lead, other, code, lead_dept, other_dept)
    confirm_first_slot(lead, other, code, lead_dept, other_dept)
    user = lead.client.username
    assert user is not None
    return user, _part(lead)


def _part(lead: SyncEngine) -> InspectionPart:
    code, lead_dept, _ = two_department_case()
    with lead.store.read() as uow:
        return next(p for p in uow.inspection_parts.for_case(code)
                    if p.department_code == lead_dept)


def test_a_photo_only_attached_is_not_uploaded_until_a_saved_part_names_it(
        sandbox: Sandbox, device: Device, tmp_path: Path) -> None:
    _, lead_dept, other_dept = two_department_case()
    with FileCache(tmp_path / "files") as files:
        lead = device(staff(lead_dept, "inspector"), files=files)
        user, mine = lead_part(lead, device(staff(other_dept, "inspector")))

        unsaved = field.attach_photo(files, photo(colour="red"), caption="未保存")
        saved = field.attach_photo(files, photo(colour="blue"), caption="现场")
        service.save_part(lead.store, user, replace(mine, photos=(saved,)))

        report = lead.sync_once()
        assert report.uploaded == 1 and report.push.applied == 1, report
        assert _on_platform(sandbox, saved.sha256)
        assert not _on_platform(sandbox, unsaved.sha256)
        # Kept, and still held against eviction: the draft may yet be saved.
        assert files.pins(unsaved.sha256) == {PIN_UPLOAD}
        assert files.evict(target_bytes=0) == [saved.sha256]  # uploaded: a download now
        assert files.has(unsaved.sha256)
        assert lead.sync_once().uploaded == 0
        assert not _on_platform(sandbox, unsaved.sha256)

        # Saved after all: now it goes.
        service.save_part(lead.store, user, replace(_part(lead), photos=(saved, unsaved)))
        assert lead.sync_once().uploaded == 1
        assert _on_platform(sandbox, unsaved.sha256)
        assert files.pending_uploads() == []
