"""The inbox's first page kept beside the store: used only while it is the store's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from store_factories import make_case, make_task

from backoffice.domain.commands import Command
from backoffice.domain.model import Department
from backoffice.domain.states import TaskStatus
from backoffice.store import Store, TaskQuery, kept_page
from backoffice.store import inbox_views as views
from backoffice.store.inbox_views import QuickContext

MSA, FIRE = "MSA-220100", "FIRE-220100"
LIMIT = 5


@pytest.fixture
def seeded(store: Store) -> Store:
    store.apply_confirmed([Department(MSA, "市场监管局", "220100"),
                           Department(FIRE, "消防救援支队", "220100")])
    store.apply_confirmed([make_case(n, accepted_day=1 + n % 4) for n in range(1, 9)])
    store.apply_confirmed(
        [make_task(n, case=n) for n in range(1, 9)]
        + [make_task(100 + n, case=n, department=FIRE, status=TaskStatus.IN_REVIEW,
                     assignee="lina") for n in range(1, 4)])
    return store


def _first_page(store: Store) -> tuple[int, bool, list[views.TaskListRow]]:
    import datetime as dt

    today = dt.date(2025, 3, 10)
    with store.read() as uow:
        total, exact, ids = views.first_page(uow.session, TaskQuery(MSA), (),
                                             QuickContext("x", today, today), limit=LIMIT)
        return total, exact, views.page_rows(uow.session, ids, MSA)


def test_a_kept_page_reads_back_as_the_store_shows_it(seeded: Store) -> None:
    kept = kept_page.keep(seeded, MSA, LIMIT)
    found = kept_page.read(seeded.path, MSA)
    assert found is not None
    page, calendar = found
    total, exact, rows = _first_page(seeded)
    assert (page.count, page.exact, list(page.rows)) == (total, exact, rows) == \
        (kept.count, kept.exact, list(kept.rows))
    assert total == 8 and len(rows) == LIMIT
    assert any(other.department_code == FIRE for row in rows for other in row.others)
    assert calendar.fingerprint() == seeded.calendar.fingerprint()


@pytest.mark.parametrize("write", ["pulled", "queued", "nothing changed"])
def test_any_write_after_it_makes_it_stale(seeded: Store, write: str) -> None:
    kept_page.keep(seeded, MSA, LIMIT)
    if write == "pulled":
        seeded.apply_confirmed([make_case(9)])
    elif write == "queued":
        seeded.record_command(Command.new("task.claim", "T-000001", 1, {"assignee": "wangfang"}))
    else:  # a write transaction that wrote nothing still counts: cheap and safe
        with seeded.write():
            pass
    assert kept_page.read(seeded.path, MSA) is None
    kept_page.keep(seeded, MSA, LIMIT)  # kept again: good again
    assert kept_page.read(seeded.path, MSA) is not None


def test_a_write_by_another_process_makes_it_stale(seeded: Store) -> None:
    kept_page.keep(seeded, MSA, LIMIT)
    code = ("import sys\nfrom backoffice.store import Store\n"
            "from store_factories import make_case\n"
            "with Store.open(sys.argv[1]) as s:\n    s.apply_confirmed([make_case(10)])\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    subprocess.run([sys.executable, "-c", code, str(seeded.path)], check=True, env=env)
    assert kept_page.read(seeded.path, MSA) is None


def test_another_department_or_format_is_not_used(seeded: Store) -> None:
    kept_page.keep(seeded, MSA, LIMIT)
    assert kept_page.read(seeded.path, FIRE) is None
    file = kept_page.path_of(seeded.path)
    data = json.loads(file.read_text(encoding="utf-8"))
    file.write_text(json.dumps({**data, "format": kept_page.FORMAT + 1}), encoding="utf-8")
    assert kept_page.read(seeded.path, MSA) is None
    file.write_text(json.dumps({**data, "revision": "0001"}), encoding="utf-8")
    assert kept_page.read(seeded.path, MSA) is None
    file.write_text(json.dumps(data), encoding="utf-8")
    assert kept_page.read(seeded.path, MSA) is not None


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b"{}", b"[]",
                                     b'{"format": 1, "rows": "not rows"}'])
def test_a_rotten_file_is_not_used(seeded: Store, content: bytes) -> None:
    kept_page.keep(seeded, MSA, LIMIT)
    kept_page.path_of(seeded.path).write_bytes(content)
    assert kept_page.read(seeded.path, MSA) is None


def test_a_row_of_another_shape_is_not_used(seeded: Store) -> None:
    kept_page.keep(seeded, MSA, LIMIT)
    file = kept_page.path_of(seeded.path)
    data = json.loads(file.read_text(encoding="utf-8"))
    data["rows"][0]["step_due"] = "not a date"
    file.write_text(json.dumps(data), encoding="utf-8")
    assert kept_page.read(seeded.path, MSA) is None


def test_nothing_kept_or_no_store(tmp_path: Path, seeded: Store) -> None:
    assert kept_page.read(seeded.path, MSA) is None  # never kept
    assert kept_page.read(tmp_path / "absent.sqlite", MSA) is None


def test_reading_it_changes_nothing_and_needs_no_sqlalchemy(seeded: Store) -> None:
    kept_page.keep(seeded, MSA, LIMIT)
    path = seeded.path
    seeded.close()  # no -wal file left: the reader must not create one
    before = sorted(p.name for p in path.parent.iterdir())
    code = ("import sys\nfrom pathlib import Path\nfrom backoffice.store import kept_page\n"
            "found = kept_page.read(Path(sys.argv[1]), 'MSA-220100')\n"
            "assert found is not None and len(found[0].rows) == 5\n"
            "assert 'sqlalchemy' not in sys.modules, 'SQLAlchemy was imported'\n")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert sorted(p.name for p in path.parent.iterdir()) == before


def test_a_failed_keep_leaves_no_partial_file(seeded: Store) -> None:
    # The file's place taken by a folder: the move fails, nothing half is left.
    target = kept_page.path_of(seeded.path)
    target.mkdir()
    (target / "x").write_text("in the way")
    with pytest.raises(OSError):
        kept_page.keep(seeded, MSA, LIMIT)
    assert not [p for p in seeded.path.parent.iterdir() if p.name.endswith(".partial")]
    kept_page.keep_if_possible(seeded, MSA)  # logged, not raised
    assert kept_page.read(seeded.path, MSA) is None
