"""Quick filters, their counts in one query, and the extras of one page of the inbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text as sa_text
from store_factories import case_code, make_case, make_task

from backoffice.domain.commands import Command
from backoffice.domain.model import (
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    DeferredMaterial,
    Department,
    SpecialProcedure,
    SpecialProcedureKind,
)
from backoffice.domain.states import TaskStatus
from backoffice.store import Store, TaskQuery, TaskSort, inbox_pages, inbox_quick
from backoffice.store import inbox_views as views
from backoffice.store.inbox_views import QuickContext, QuickFilter

MSA = "MSA-220100"
FIRE = "FIRE-220100"
TODAY = dt.date(2025, 3, 10)
CTX = QuickContext(me="wangfang", today=TODAY, soon_until=dt.date(2025, 3, 11))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "store.sqlite")
    s.apply_confirmed([Department(MSA, "市场监管局", "220100"), Department(FIRE, "消防救援支队", "220100")])
    s.apply_confirmed([make_case(n) for n in range(1, 7)])
    s.apply_confirmed([
        make_task(1, case=1, step_due_date=dt.date(2025, 3, 7)),  # overdue, unclaimed
        make_task(2, case=2, status=TaskStatus.IN_REVIEW, assignee="wangfang",
                  step_due_date=dt.date(2025, 3, 11)),  # due soon, mine
        make_task(3, case=3, status=TaskStatus.AWAITING_APPLICANT, assignee="lijun",
                  step_due_date=dt.date(2025, 3, 1)),  # the notice is out: not overdue
        make_task(4, case=4, status=TaskStatus.SUSPENDED, assignee="wangfang"),
        make_task(5, case=5, status=TaskStatus.IN_REVIEW, assignee="lijun",
                  step_due_date=dt.date(2025, 4, 1)),
        make_task(6, case=1, department=FIRE, status=TaskStatus.IN_REVIEW, assignee="zhao"),
    ])
    # The applicant has case 3's notice: its clock waits.
    s.apply_confirmed([CorrectionNotice(
        "N-3", case_code(3), (CorrectionItem("营业执照", MSA, "缺少盖章"),),
        CorrectionNoticeStatus.ISSUED, dt.date(2025, 3, 3), version=1)])
    # Case 4's task waits for a special procedure begun before its deadline: its
    # clock stands (one begun after the deadline would stop nothing).
    s.apply_confirmed([SpecialProcedure("P-4", case_code(4), SpecialProcedureKind.TESTING,
                                        dt.date(2025, 3, 4))])
    s.apply_confirmed([DeferredMaterial("D-1", case_code(1), "健康证明", "承诺十日内补交",
                                        dt.date(2025, 3, 1), dt.date(2025, 3, 12), version=1)])
    yield s
    s.close()


def test_quick_counts_in_one_query_match_each_filter(store: Store) -> None:
    query = TaskQuery(MSA)
    with store.read() as uow:
        counts = views.quick_counts(uow.session, query, CTX)
        for quick in QuickFilter:
            assert counts[quick] == views.count(uow.session, query, {quick}, CTX), quick
    assert counts == {
        QuickFilter.MINE: 2, QuickFilter.UNCLAIMED: 1, QuickFilter.DUE_SOON: 1,
        QuickFilter.OVERDUE: 1, QuickFilter.AWAITING_APPLICANT: 1,
        QuickFilter.CLOCK_STOPPED: 2, QuickFilter.CONFLICTS: 0,  # awaiting, suspended
    }


def test_quick_filters_combine_and_page_in_the_inbox_order(store: Store) -> None:
    query = TaskQuery(MSA, sort=TaskSort.STEP_DUE)
    with store.read() as uow:
        plain = views.page_ids(uow.session, query, (), CTX, limit=100, offset=0)
        assert plain == uow.tasks.inbox_ids(query, limit=100)
        # paged in twos gives the same order, undated tasks last
        paged = [i for off in range(0, 6, 2)
                 for i in views.page_ids(uow.session, query, (), CTX, limit=2, offset=off)]
        assert paged == plain
        mine = views.page_ids(uow.session, query, {QuickFilter.MINE}, CTX, limit=10, offset=0)
        assert sorted(mine) == ["T-000002", "T-000004"]  # T-4's step due is estimated
        both = {QuickFilter.MINE, QuickFilter.DUE_SOON}
        assert views.page_ids(uow.session, query, both, CTX, limit=10, offset=0) == ["T-000002"]


def test_conflicted_command_counts_as_conflict(store: Store) -> None:
    with store.read() as uow:
        confirmed = uow.tasks.confirmed("T-000001")
    assert confirmed is not None
    cmd = Command.new("task.claim", "T-000001", confirmed.version, {"assignee": "wangfang"})
    store.record_command(cmd)
    store.mark_refused(cmd.id, "state.illegal_transition")
    with store.read() as uow:
        assert views.count(uow.session, TaskQuery(MSA), {QuickFilter.CONFLICTS}, CTX) == 1
        (row,) = views.page_rows(uow.session, ["T-000001"], MSA)
    assert row.outbox_state == "refused"
    assert row.outbox_error == "state.illegal_transition"


def test_page_rows_bring_case_deferred_and_other_departments(store: Store) -> None:
    with store.read() as uow:
        rows = views.page_rows(uow.session, ["T-000002", "T-000001", "gone"], MSA)
    assert [r.task_id for r in rows] == ["T-000002", "T-000001"]
    first = rows[1]
    assert first.applicant == "王芳（虚构）" and first.service_item == "食品经营许可证核发"
    assert first.deferred_outstanding == 1 and first.deferred_next_due == dt.date(2025, 3, 12)
    assert [(o.department_name, o.status, o.assignee) for o in first.others] == [
        ("消防救援支队", "in_review", "zhao")]
    assert rows[0].others == () and rows[0].deferred_outstanding == 0
    assert first.step_due == dt.date(2025, 3, 7)


def test_search_text_narrows_counts(store: Store) -> None:
    with store.read() as uow:
        counts = views.quick_counts(uow.session, TaskQuery(MSA, text="不存在的人"), CTX)
    assert set(counts.values()) == {0}


def test_quick_counts_by_index_agree_with_one_pass_over_the_rows(store: Store) -> None:
    # Conflicts and stopped clocks are counted from their few rows, not by
    # testing every task: the figures must be the same either way.
    with store.read() as uow:
        confirmed = uow.tasks.confirmed("T-000001")
    assert confirmed is not None
    cmd = Command.new("task.claim", "T-000001", confirmed.version, {"assignee": "wangfang"})
    store.record_command(cmd)
    store.mark_refused(cmd.id, "state.illegal_transition")
    with store.write() as uow:  # case 4's clock stops: its task is suspended too (counted once)
        uow.session.execute(sa_text("UPDATE cases SET clock_stopped = 1 "
                                    "WHERE case_code IN (:a, :b)"),
                            {"a": case_code(4), "b": case_code(5)})
    with store.read() as uow:
        by_index = views.quick_counts(uow.session, TaskQuery(MSA), CTX)
        one_pass = views.quick_counts(uow.session, TaskQuery(MSA, text="220100"), CTX)
        for quick in QuickFilter:
            assert by_index[quick] == views.count(uow.session, TaskQuery(MSA), {quick}, CTX)
    assert by_index == one_pass
    # awaiting the applicant (3), suspended (4), in review on a stopped case (5)
    assert by_index[QuickFilter.CONFLICTS] == 1 and by_index[QuickFilter.CLOCK_STOPPED] == 3


@pytest.mark.parametrize("sort", list(TaskSort))
@pytest.mark.parametrize("descending", [False, True])
def test_first_page_of_a_search_is_the_count_and_the_page_in_inbox_order(
        store: Store, sort: TaskSort, descending: bool) -> None:
    store.apply_confirmed([make_case(n) for n in range(7, 12)])
    store.apply_confirmed([make_task(n, case=n, step_due_date=None if n % 2 else
                                     dt.date(2025, 3, n)) for n in range(7, 12)])
    for text in ("", "王", "王芳", "王芳（", "220100"):
        query = TaskQuery(MSA, text=text, sort=sort, descending=descending)
        with store.read() as uow:
            total, exact, ids = views.first_page(uow.session, query, (), CTX, limit=4)
            assert exact and total == views.count(uow.session, query, (), CTX)
            assert ids == views.page_ids(uow.session, query, (), CTX, limit=4, offset=0)
            assert ids == uow.tasks.inbox_ids(query, limit=4)


@pytest.mark.parametrize("walk_above", [0, 20_000])  # 0: every search walks the index
@pytest.mark.parametrize("sample", [1, 2_000])
@pytest.mark.parametrize("quick", [frozenset(), frozenset({QuickFilter.UNCLAIMED})])
def test_a_capped_count_says_more_than_the_cap_without_counting_every_hit(
        store: Store, monkeypatch: pytest.MonkeyPatch, walk_above: int, sample: int,
        quick: frozenset[QuickFilter]) -> None:
    # Patched where they are read (inbox_views only re-exports them).
    monkeypatch.setattr(inbox_quick, "WALK_ABOVE", walk_above)
    monkeypatch.setattr(inbox_quick, "COUNT_SAMPLE", sample)
    store.apply_confirmed([make_case(n) for n in range(7, 12)])
    store.apply_confirmed([make_task(n, case=n, step_due_date=None if n % 2 else
                                     dt.date(2025, 3, n)) for n in range(7, 12)])
    for text in ("", "王", "王芳（", "220100", "无此"):
        for sort in TaskSort:
            query = TaskQuery(MSA, text=text, sort=sort)
            with store.read() as uow:
                exact = views.count(uow.session, query, quick, CTX)
                for cap in (0, 1, 2, exact, exact + 1, 100):
                    n, is_exact = views.capped_count(uow.session, query, quick, CTX, cap=cap)
                    if not text.strip() or exact <= cap:
                        assert (n, is_exact) == (exact, True), (text, cap)
                    else:
                        assert (n, is_exact) == (cap + 1, False), (text, cap)
                    total, first_exact, ids = views.first_page(
                        uow.session, query, quick, CTX, limit=3, cap=cap)
                    assert (first_exact and total == exact) or (
                        not first_exact and total == cap + 1 < exact + 1)
                    assert ids == views.page_ids(uow.session, query, quick, CTX,
                                                 limit=3, offset=0)
                    assert ids == inbox_pages._ids(uow.session, query, frozenset(quick), CTX, 3, 0)


@pytest.mark.parametrize("sort", list(TaskSort))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("text", ["", "王", "220100"])
def test_keyset_pages_are_the_offset_pages(
        store: Store, sort: TaskSort, descending: bool, text: str) -> None:
    # Several tasks share each date (the tie is broken by id) and some have none.
    store.apply_confirmed([make_case(n) for n in range(7, 30)])
    store.apply_confirmed([make_task(n, case=n, step_due_date=None if n % 5 == 0 else
                                     dt.date(2025, 3, n % 4 + 1)) for n in range(7, 30)])
    query = TaskQuery(MSA, text=text, sort=sort, descending=descending)
    with store.read() as uow:
        s = uow.session
        everything = views.page_ids(s, query, (), CTX, limit=1000, offset=0)
        assert everything == uow.tasks.inbox_ids(query, limit=None)
        histogram = views.key_histogram(s, query, (), CTX)
        if views.histogram_helps(query):
            assert histogram is not None and histogram.total == len(everything)
        else:
            assert histogram is None
        for size in (1, 4):
            for offset in range(len(everything) + 2):
                expected = everything[offset:offset + size]
                assert views.page_ids(s, query, (), CTX, limit=size, offset=offset) == expected
                if histogram is not None:
                    start = histogram.start_at(offset)
                    assert views.page_ids(s, query, (), CTX, limit=size, offset=0,
                                          start=start) == expected, (size, offset)
                if 0 < offset <= len(everything):
                    for back in (1, 2):  # after the row `back` rows before, skipping the rest
                        if offset - back < 0:
                            continue
                        row = views.page_rows(s, [everything[offset - back]], MSA)[0]
                        after = views.start_after(row.data if hasattr(row, "data") else row,
                                                  sort, back - 1)
                        assert after is not None
                        assert views.page_ids(s, query, (), CTX, limit=size, offset=0,
                                              start=after) == expected, (size, offset, back)


@pytest.mark.parametrize("walk_above", [0, 20_000])  # 0: every search walks the index
@pytest.mark.parametrize(("text", "same_as"), [("\x00", ""), ("\x00\x01 \x7f", ""),
                                               ("王芳\x00", "王芳"), ("\x00王\x1b芳（", "王 芳（")])
def test_control_characters_in_a_search_separate_terms(
        store: Store, monkeypatch: pytest.MonkeyPatch, walk_above: int, text: str,
        same_as: str) -> None:
    # A NUL pasted into the search box: SQLite reads a bound string only up to
    # it, so it must never reach a MATCH or a LIKE (FTS5: "unterminated string").
    monkeypatch.setattr(inbox_quick, "WALK_ABOVE", walk_above)
    with store.read() as uow:
        s = uow.session
        for quick in (frozenset(), frozenset({QuickFilter.MINE})):
            query, plain = TaskQuery(MSA, text=text), TaskQuery(MSA, text=same_as)
            assert views.first_page(s, query, quick, CTX, limit=3) == views.first_page(
                s, plain, quick, CTX, limit=3)
            assert views.count(s, query, quick, CTX) == views.count(s, plain, quick, CTX)
            assert views.page_ids(s, query, quick, CTX, limit=10, offset=0) == views.page_ids(
                s, plain, quick, CTX, limit=10, offset=0)
        assert views.quick_counts(s, query, CTX) == views.quick_counts(s, plain, CTX)
