"""A request for a site inspection starts from the requesting department's own points.

A bundle's catalog checklist holds every member department's points, each
marked 【short name】; a department that requests the inspection is offered
its own, never those of a department that is not even in the inspection.
"""

from __future__ import annotations

import pytest
from inspections.joint import staff, two_department_case
from support.sync_env import Device, data

from backoffice.inspections import service
from backoffice.sandbox.demo.catalog import CatalogEntry, build_catalog
from backoffice.sandbox.demo.places import KIND_BY_ABBR, abbr_of, build_departments
from backoffice.sandbox.server import Sandbox

DEPARTMENTS = build_departments()
NAMES = {d.code: d.name for d in DEPARTMENTS}
BUNDLES = [e for e in build_catalog(DEPARTMENTS) if e.bundle is not None]


def _marked(point: str, department: str) -> bool:
    return point.startswith(f"【{KIND_BY_ABBR[abbr_of(department)].short}】")


def test_the_construction_bundle_gives_each_department_its_own_points() -> None:
    """The QA walk: 住建 and 自然资源 of 吉林市 never get 生态环境's points."""
    entry = next(e for e in BUNDLES if e.item.code == "220200-YJS-004")
    assert any(p.startswith("【生态环境】") for p in entry.checklist)
    for department in ("ZJ-220200", "ZRZY-220200"):
        ours = service.points_of(entry.checklist, NAMES[department])
        assert ours == tuple(p for p in entry.checklist if _marked(p, department))
        assert not any("生态环境" in p for p in ours)


@pytest.mark.parametrize("entry", BUNDLES, ids=lambda e: e.item.code)
def test_every_bundle_member_gets_exactly_its_marked_points(entry: CatalogEntry) -> None:
    for step in entry.departments:
        ours = service.points_of(entry.checklist, NAMES[step.department_code])
        assert ours == tuple(p for p in entry.checklist if _marked(p, step.department_code))
        assert bool(ours) == step.needs_inspection  # none at all when it has none


def test_unmarked_points_are_everyones_and_nobody_known_gets_no_marked_ones() -> None:
    checklist = ("经营场所与申请一致", "【消防】疏散通道畅通", "【住建】施工许可公示")
    assert service.points_of(checklist, "长春市住房和城乡建设局") == (
        "经营场所与申请一致", "【住建】施工许可公示")
    assert service.points_of(checklist, "长春市自然资源局") == ("经营场所与申请一致",)
    assert service.points_of(checklist, None) == ("经营场所与申请一致",)


def test_the_request_is_filled_with_the_signed_in_departments_points_online_and_offline(
        sandbox: Sandbox, device: Device) -> None:
    code, lead_dept, other_dept = two_department_case()
    case = next(c for c in data().cases if c.case_code == code)
    for department in (lead_dept, other_dept):
        engine = device(staff(department, "reviewer"))
        engine.sync_once()
        online = service.catalog_checklist(engine.store, engine.client, case.service_item_code)
        entry = next(e for e in BUNDLES if e.item.code == case.service_item_code)
        assert online and online == tuple(p for p in entry.checklist if _marked(p, department))
        # Offline the kept catalog and the kept department give the same points.
        assert service.catalog_checklist(engine.store, None, case.service_item_code) == online
        # Named explicitly, another department's are given instead.
        others = service.catalog_checklist(engine.store, None, case.service_item_code,
                                           department=lead_dept if department == other_dept
                                           else other_dept)
        assert others and not set(others) & set(online)
