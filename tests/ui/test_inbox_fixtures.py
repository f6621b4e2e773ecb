"""A seeded store and a stand-in session for the inbox list tests (no tests here).

The store is real (a SQLite file, ``apply_confirmed`` as the sync would
write it); the session is a stand-in with what the list needs: ``store``,
``account``, ``local_action()`` and ``statusChanged``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from backoffice.domain.model import (
    Applicant,
    Case,
    CaseKind,
    DeferredMaterial,
    Department,
    Material,
    ReviewTask,
)
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store
from backoffice.sync.accounts import Account

SHANGHAI = ZoneInfo("Asia/Shanghai")
MSA = "MSA-220100"
FIRE = "FIRE-220100"
ME = "wangfang"
TODAY = dt.date(2025, 3, 10)
NAMES = ["王芳（虚构）", "李伟（虚构）", "张敏（虚构）", "刘洋（虚构）"]
ITEMS = ["食品经营许可证核发", "公共场所卫生许可", "建设工程规划许可证核发"]


def code(n: int) -> str:
    return f"220100-2025-{n:06d}"


def applicant_of(n: int) -> str:
    # Every 10th case is a restaurant company: found by 餐, 餐饮 and 餐饮有.
    return "长春味道餐饮有限公司（虚构）" if n % 10 == 0 else NAMES[n % 4]


def status_of(n: int) -> TaskStatus:
    return [TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.UNCLAIMED,
            TaskStatus.AWAITING_APPLICANT, TaskStatus.UNCLAIMED][n % 5]


def make_task(n: int, *, version: int = 1, **changes: object) -> ReviewTask:
    status = changes.pop("status", status_of(n))
    assert isinstance(status, TaskStatus)
    values: dict[str, object] = {
        "assignee": None if status is TaskStatus.UNCLAIMED else (ME if n % 2 else "lijun"),
        "step_due_date": TODAY + dt.timedelta(days=(n % 15) - 5),
    }
    values.update(changes)
    return ReviewTask(f"T-{n:06d}", code(n), MSA, status, 5, version=version,
                      **values)  # type: ignore[arg-type]


def make_case(n: int) -> Case:
    return Case(code(n), "SI", ITEMS[n % 3], Applicant(applicant_of(n), f"2201{n:014d}"), MSA,
                CaseKind.PROMISED, CaseStatus.IN_REVIEW,
                dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI) + dt.timedelta(minutes=n), 10, 20,
                platform_due_date=TODAY + dt.timedelta(days=n % 20), version=1)


def add(store: Store, numbers: range) -> None:
    """Cases ``numbers``, one MSA task each, a FIRE task on every third case."""
    store.apply_confirmed([make_case(n) for n in numbers])
    store.apply_confirmed([Material(f"M-{n}", code(n), "营业执照", MSA, version=1)
                           for n in numbers])
    tasks = [make_task(n) for n in numbers]
    tasks += [ReviewTask(f"F-{n:06d}", code(n), FIRE, TaskStatus.OPINION_GIVEN, 5,
                         assignee="zhao", version=1) for n in numbers if n % 3 == 0]
    store.apply_confirmed(tasks)
    store.apply_confirmed([DeferredMaterial(f"D-{n}", code(n), "健康证明", "承诺补交",
                                            dt.date(2025, 3, 1), dt.date(2025, 3, 20), version=1)
                           for n in numbers if n % 7 == 0])


def seed(store: Store, n_cases: int) -> None:
    store.apply_confirmed([Department(MSA, "市场监管局", "220100"),
                           Department(FIRE, "消防救援支队", "220100")])
    add(store, range(1, n_cases + 1))


def open_seeded(path: Path, n_cases: int) -> Store:
    store = Store.open(path)
    seed(store, n_cases)
    return store


class StandInSession(QObject):
    """Just what the inbox list needs of ``ui.session.Session``."""

    statusChanged = Signal(object)
    syncProgressed = Signal(object)

    def __init__(self, store: Store, username: str = ME, department: str = MSA) -> None:
        super().__init__()
        self.store = store
        self.account = Account("https://platform.invalid", username, "王芳", department)
        self.local_actions = 0

    def local_action(self) -> None:
        self.local_actions += 1
