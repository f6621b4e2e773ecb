"""The bulk write path of ``Repository.upsert_many`` (compiled once, run through the DB-API).

It must store exactly what SQLAlchemy's Core insert stores (dates as ISO
text, aware datetimes as naive UTC, booleans, JSON), still turn constraint
violations into ``store.integrity``, and rewrite child rows only where they
changed — a correction notice re-sent with the same items keeps its rows.
A material's check verdicts are a JSON column of the material (migration
0010): stored as the list of their dicts, in order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from store_factories import case_code, make_case, make_material

from backoffice.domain.corrections import CorrectionItem, CorrectionNotice
from backoffice.domain.errors import StoreError
from backoffice.domain.model import Check, CheckVerdict, ServiceItem, Verdict
from backoffice.store import Store, mapping
from backoffice.store.schema import CaseRow, CorrectionItemRow, ServiceItemRow, table_of

_items = table_of(CorrectionItemRow)


def _raw(store: Store, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with store.read() as uow:
        return [tuple(r) for r in uow.session.connection().exec_driver_sql(sql, params)]


def _item_rows(store: Store, notice_id: str) -> list[tuple[Any, ...]]:
    return _raw(store, "SELECT rowid, position, material_name, department_code, reason "
                "FROM correction_items WHERE notice_id = ? ORDER BY position", notice_id)


def _notice(n: int, *reasons: str) -> CorrectionNotice:
    return CorrectionNotice(f"N-{n}", case_code(1), tuple(
        CorrectionItem(f"材料{i}", "MSA-220100", reason) for i, reason in enumerate(reasons)))


def test_rows_are_stored_as_the_core_insert_stores_them(tmp_path: Path) -> None:
    """Same raw column values (no type processing on the way back) as SQLAlchemy Core."""
    case = make_case(1, platform_due_date=dt.date(2025, 3, 20))
    item = ServiceItem("SI-1", "食品经营许可", "MSA-220100", 10, 20, material_names=("执照", "证明"),
                       needs_inspection=True)
    fast = Store.open(tmp_path / "fast.sqlite")
    core = Store.open(tmp_path / "core.sqlite")
    try:
        with fast.write() as uow:
            uow.cases.upsert_many([case])
            uow.service_items.upsert_many([item])
        with core.write() as uow:
            for spec, obj, model in ((mapping.CASES, case, CaseRow),
                                     (mapping.SERVICE_ITEMS, item, ServiceItemRow)):
                row = spec.to_row(obj) | {"confirmed": None}
                if spec is mapping.CASES:
                    uow.deadlines.derive("case", [row])
                uow.session.execute(sqlite_insert(table_of(model)), [row])
        for table in ("cases", "service_items"):
            assert _raw(fast, f"SELECT * FROM {table}") == _raw(core, f"SELECT * FROM {table}")
        accepted = _raw(fast, "SELECT accepted_at FROM cases")[0][0]
        assert accepted.startswith("2025-03-01 01:30:00")  # 09:30 in Shanghai, as naive UTC
    finally:
        fast.close()
        core.close()


def test_upsert_updates_every_column_of_an_existing_row(store: Store) -> None:
    with store.write() as uow:
        uow.cases.upsert_many([make_case(1, version=1)])
    newer = make_case(1, version=2, applicant="李娜（虚构）", site_address="吉林市船营区（虚构）")
    with store.write() as uow:
        uow.cases.upsert_many([newer])
    with store.read() as uow:
        assert uow.cases.get(case_code(1)) == newer
        assert uow.session.scalar(select(table_of(CaseRow).c.confirmed)) is None


def test_a_broken_foreign_key_is_still_store_integrity(store: Store) -> None:
    with pytest.raises(StoreError) as caught, store.write() as uow:
        uow.materials.upsert_many([make_material(1, case=99)])  # no such case
    assert caught.value.code == "store.integrity"
    with store.read() as uow:
        assert uow.materials.count() == 0  # the transaction rolled back


def test_unchanged_children_are_not_rewritten(store: Store) -> None:
    notice = _notice(1, "复印件模糊", "缺少签章")
    with store.write() as uow:
        uow.cases.upsert(make_case(1))
        uow.correction_notices.upsert(notice)
    before = _item_rows(store, notice.id)
    with store.write() as uow:  # a new version, same items
        uow.correction_notices.upsert(dataclasses.replace(notice, version=2))
    assert _item_rows(store, notice.id) == before  # same rows, same rowids
    with store.read() as uow:
        assert uow.correction_notices.get(notice.id) == dataclasses.replace(notice, version=2)


@pytest.mark.parametrize(
    "reasons",
    [("复印件模糊（重新扫描）",), ("缺少签章", "复印件模糊"), ()],
    ids=["fewer-and-changed", "reordered", "none"],
)
def test_changed_children_are_replaced(store: Store, reasons: tuple[str, ...]) -> None:
    notice = _notice(1, "复印件模糊", "缺少签章")
    other = _notice(2, "照片不清")
    with store.write() as uow:
        uow.cases.upsert(make_case(1))
        uow.correction_notices.upsert_many([notice, other])
    other_rows = _item_rows(store, other.id)
    changed = dataclasses.replace(_notice(1, *reasons), version=2)
    with store.write() as uow:
        uow.correction_notices.upsert_many([changed, other])
    with store.read() as uow:
        assert uow.correction_notices.get(notice.id) == changed
        assert uow.correction_notices.get(other.id) == other
        n = uow.session.execute(
            select(_items.c.position).where(_items.c.notice_id == notice.id)
        ).all()
    assert len(n) == len(reasons)
    assert _item_rows(store, other.id) == other_rows  # untouched


@pytest.mark.parametrize(
    "checks",
    [
        (CheckVerdict(Check.AUTHENTICITY, Verdict.FAIL, "复印件模糊"),),
        (CheckVerdict(Check.CONFORMITY), CheckVerdict(Check.AUTHENTICITY, Verdict.PASS)),
        (),
    ],
    ids=["fewer-and-changed", "reordered", "none"],
)
def test_a_materials_checks_are_a_json_list_in_order(
        store: Store, checks: tuple[CheckVerdict, ...]) -> None:
    material = make_material(1)
    with store.write() as uow:
        uow.cases.upsert(make_case(1))
        uow.materials.upsert(material)
    changed = dataclasses.replace(material, version=2, checks=checks)
    with store.write() as uow:
        uow.materials.upsert_many([changed])
    with store.read() as uow:
        assert uow.materials.get(material.id) == changed
    (stored,) = _raw(store, "SELECT checks FROM materials WHERE id = ?", material.id)[0]
    assert json.loads(stored) == [
        {"check": c.check.value, "verdict": c.verdict.value, "note": c.note} for c in checks]


def test_children_of_a_new_parent_are_written(store: Store) -> None:
    notices = [_notice(n, f"理由{n}") for n in range(1, 4)]
    with store.write() as uow:
        uow.cases.upsert(make_case(1))
        uow.correction_notices.upsert_many(notices)
    with store.read() as uow:
        assert [uow.correction_notices.get(n.id) for n in notices] == notices
