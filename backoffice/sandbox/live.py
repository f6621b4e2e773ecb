"""``--live``: the one-window desk and the applicants, playing next to the sandbox.

A :class:`LiveDesk` ticks in a background thread. Each tick (:meth:`LiveDesk.step`)
may

- **accept a new case** at the one-window desk: a catalog entry of the demo
  generator, built by the generator's own code (:class:`~.demo.cases.CaseFactory`
  and :class:`~.demo.lifecycle.CaseLife`) as a case accepted *now* and routed
  to its departments — unclaimed tasks, materials with their files; its code
  continues the division's serial of the day, so it never collides with a
  seeded one;
- have an applicant **answer an issued correction notice** (the notice is
  answered, waiting tasks and the case go back to review, the materials it
  named come with a new file and pending checks);
- **end a running special procedure**;
- once :meth:`LiveDesk.play_colleagues_of` names a trainee's department, play the
  other departments' reviewers and inspectors on its cases (:mod:`.live_colleagues`),
  and the lead department's decision where the lead is not the trainee's
  (:mod:`.live_decisions`), and bring it a case of its own now and then
  (:attr:`Odds.own_case`).

The desk accepts cases only when the service hall is open: on working days, in
the working hours (Beijing time) of :data:`~backoffice.domain.inspections_timing.WORKING_HOURS`;
applicants answer online at any hour.

Everything goes through :class:`~.platform.Platform`, so each change lands in
the change log and the clients see it in their feed. Random and clock are
injectable: with a seed, the same database gives the same ticks. Tests call
:meth:`step` directly; the thread only decides *when* to tick.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from sqlalchemy import select

from backoffice.domain.clock import shanghai_tz
from backoffice.domain.inspections_timing import WORKING_HOURS
from backoffice.domain.states import CaseStatus
from backoffice.sandbox import db
from backoffice.sandbox.live_colleagues import Colleagues, Pace
from backoffice.sandbox.platform import Clock, Platform

_log = logging.getLogger("backoffice.sandbox.live")

Event = tuple[str, str]  # ("accepted" | "answered" | "procedure_ended" | "colleague_…", id)


@dataclass(frozen=True, slots=True)
class Odds:
    """Chance per tick of each thing happening."""

    new_case: float = 0.8
    answer: float = 0.35
    end_procedure: float = 0.15
    # A case for the trainee's department besides (one every few minutes at the
    # training desk's pace), when one is named.
    own_case: float = 0.25


class LiveDesk:
    """The desk and the applicants; :meth:`start`/:meth:`stop` run it in a thread."""

    def __init__(self, platform: Platform, *, seed: int | None = None,
                 clock: Clock | None = None, odds: Odds | None = None,
                 interval: tuple[float, float] = (30.0, 90.0),
                 font: Path | None = None) -> None:
        self.platform = platform
        self.clock: Clock = clock or platform.clock
        self.rng = random.Random(f"{seed}:live") if seed is not None else random.Random()
        self._waits = random.Random(f"{seed}:live-waits") if seed is not None \
            else random.Random()
        self.odds, self.interval, self.font = odds or Odds(), interval, font
        self.steps = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._world: _World | None = None
        self._seed = seed
        self.colleagues: Colleagues | None = None
        self.departments: frozenset[str] = frozenset()

    def play_colleagues_of(self, *departments: str, pace: Pace | None = None) -> None:
        """The trainee works in ``departments``: play everyone else on their cases."""
        self.departments = frozenset(departments)
        self.colleagues = Colleagues(self.platform, self.departments, seed=self._seed,
                                     clock=self.clock, pace=pace)

    def hall_open(self) -> bool:
        """Whether the one-window desk receives applicants now (Beijing time)."""
        now = self.clock().astimezone(shanghai_tz())
        return self.platform.calendar.is_working_day(now.date()) and any(
            a <= now.time() < b for a, b in WORKING_HOURS)

    # -- one tick -------------------------------------------------------------
    def step(self) -> list[Event]:
        """One tick; returns what happened (possibly nothing)."""
        events: list[Event] = []
        rng = self.rng
        open_ = self.hall_open()
        if rng.random() < self.odds.new_case and open_:
            code = self.accept_case()
            if code is not None:
                events.append(("accepted", code))
        if self.departments and rng.random() < self.odds.own_case and open_:
            code = self.accept_case(self.departments)
            if code is not None:
                events.append(("accepted", code))
        if rng.random() < self.odds.answer:
            waiting = self.platform.issued_notices()
            if waiting:
                case_code = rng.choice(waiting)
                self.platform.answer_correction(case_code)
                events.append(("answered", case_code))
        if rng.random() < self.odds.end_procedure:
            running = self.platform.running_procedures()
            if running:
                proc = rng.choice(running)
                self.platform.end_procedure(proc)
                events.append(("procedure_ended", proc))
        if self.colleagues is not None:
            events.extend(self.colleagues.step())
        self.steps += 1
        return events

    def accept_case(self, departments: frozenset[str] = frozenset()) -> str | None:
        """A new case at the desk, routed; its code, or None when the catalog offers none.

        ``departments``: one of them takes part in it (none: any case).
        """
        world = self._world or _World.load(self.platform, self.font)
        self._world = world
        entries = world.entries if not departments else {
            key: found for key, listed in world.entries.items()
            if (found := [e for e in listed if departments & _involved(e)])}
        if not entries:
            return None
        from backoffice.sandbox.demo.cases import CLASS_WEIGHTS, DIVISION_WEIGHTS, CaseFactory
        from backoffice.sandbox.demo.lifecycle import CaseLife, Plan
        from backoffice.sandbox.demo.places import DIVISION_BY_CODE

        rng = self.rng
        divisions = [d for d in DIVISION_WEIGHTS if any(k[0] == d for k in entries)]
        division = rng.choices(divisions, [DIVISION_WEIGHTS[d] for d in divisions])[0]
        classes = [c for c in CLASS_WEIGHTS if (division, c) in entries]
        cls = rng.choices(classes, [CLASS_WEIGHTS[c] for c in classes])[0]
        entry = rng.choice(entries[(division, cls)])
        accepted = self.clock().astimezone(shanghai_tz()).replace(microsecond=0)
        factory = CaseFactory(rng=rng, today=accepted.date(), calendar=self.platform.calendar,
                              catalog=world.catalog, departments=world.departments,
                              users=world.users, files=world.files)
        prefix = f"{division}-{accepted:%Y%m%d}-"
        code = f"{prefix}{self.platform.last_serial(prefix) + 1:06d}"
        seconds = accepted.hour * 3600 + accepted.minute * 60 + accepted.second
        plan = Plan(DIVISION_BY_CODE[division], entry, cls, CaseStatus.ROUTED, 0, seconds,
                    frozenset())
        CaseLife(factory, plan, code, accepted).build()
        rec = factory.records
        shas = {x.file_sha256 for x in rec.materials if x.file_sha256}
        self.platform.accept_case(rec.cases[0], rec.tasks, rec.materials, rec.deferred,
                                  {sha: world.files[sha] for sha in sorted(shas)})
        return code

    # -- the thread -----------------------------------------------------------
    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("the live desk is already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sandbox-live", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.wait(self._waits.uniform(*self.interval)):
            try:
                for kind, id in self.step():
                    _log.info("live: %s %s", kind, id)
            except Exception:  # noqa: BLE001 - a bad tick must not end the demo
                _log.exception("live desk tick failed")


def _involved(entry: Any) -> frozenset[str]:
    """The departments a catalog entry's case goes to, its lead among them."""
    return frozenset({s.department_code for s in entry.departments}
                     | {entry.lead.department_code})


@dataclass(slots=True)
class _World:
    """What the generator's case code draws on, restricted to what the database serves."""

    catalog: tuple[Any, ...]
    entries: dict[tuple[str, str], list[Any]]
    departments: tuple[Any, ...]
    users: tuple[Any, ...]
    files: Any

    @classmethod
    def load(cls, platform: Platform, font: Path | None) -> _World:
        from backoffice.sandbox.demo.cases import CaseFactory
        from backoffice.sandbox.demo.catalog import build_catalog
        from backoffice.sandbox.demo.files import DemoFiles, MaterialImages, find_cjk_font
        from backoffice.sandbox.demo.places import DemoUser, build_departments

        r = db.records.c
        with platform.engine.connect() as conn:
            rows = conn.execute(select(r.entity, r.id).where(
                r.entity.in_(("department", "service_item")))).all()
            users = tuple(DemoUser(u.username, u.display_name, u.department_code,
                                   tuple(u.roles.split()))
                          for u in conn.execute(select(db.users).order_by(db.users.c.username)))
        known = {(e, i) for e, i in rows}
        departments = tuple(d for d in build_departments() if ("department", d.code) in known)
        present = {d.code for d in departments}
        reviewed = {u.department_code for u in users if "reviewer" in u.roles}
        signing = {u.department_code for u in users if "signer" in u.roles}
        catalog = tuple(
            e for e in build_catalog(departments)
            if ("service_item", e.item.code) in known
            and {s.department_code for s in e.departments} <= present & reviewed
            and e.lead.department_code in signing)
        entries: dict[tuple[str, str], list[Any]] = {}
        for entry in catalog:
            kind = CaseFactory._class(entry)
            if kind != "immediate":  # decided at the window, never routed
                entries.setdefault((entry.item.code.split("-")[0], kind), []).append(entry)
        files = DemoFiles(MaterialImages(font or find_cjk_font())) if entries else None
        return cls(catalog, entries, departments, users, files)

