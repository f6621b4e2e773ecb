"""``POST /api/v1/commands``: idempotent, per-command results, the batch goes on.

Each command runs in its own transaction under the platform's write lock:

1. its id was seen → the stored first result, as ``duplicate`` (no effect);
2. envelope checks: ``format_version`` known, ``author`` is the caller,
   ``created_at`` aware and in the years 2000–2099, the kind known and
   addressed to the right entity, the payload's strings Unicode and its
   days and times in the years 2000–2099 → else ``refused``;
3. the target exists (``not_found``) and the caller's department may act on
   it (``forbidden``) — checked before the version, so a conflict never
   shows a record the caller may not see;
4. ``base_version`` equals the record's version → else ``conflict`` with the
   current record (kinds that only append — comments, extension requests —
   skip this: they do not depend on the record's state);
5. the handler (:mod:`backoffice.sandbox.review`) applies the domain rules;
   a :class:`BackofficeError` rolls the transaction back → ``refused``;
   any other failure too (``server.error``, logged, not remembered: the
   batch goes on, and a resend is tried again).

Every result, whatever its status, is stored under the command id with the
change seq it made (and, when applied, its kind and the platform's time:
the case timeline dates claims, opinions and transfers by it), so a resend —
in this batch or any later one — returns it again. Storing conflicts and refusals too keeps "same id, same answer"
exact; the client makes a *new* command when a person re-applies.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from backoffice.api.v1 import COMMAND_FORMAT, CommandIn
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.clock import shanghai_tz
from backoffice.domain.errors import BackofficeError
from backoffice.domain.payload_dates import check_payload_dates
from backoffice.sandbox import db, errors
from backoffice.sandbox.auth import User
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.faults import Faults
from backoffice.sandbox.ledger import Body, Ledger, Stored, key_of, view

_log = logging.getLogger("backoffice.sandbox")


@dataclass(slots=True)
class Ctx:
    ledger: Ledger
    user: User
    command: CommandIn
    today: dt.date
    calendar: WorkCalendar
    now: dt.datetime  # the platform's time, Asia/Shanghai, whole seconds
    related: list[tuple[str, Body]] = field(default_factory=list)

    def need_role(self, *roles: str) -> None:
        if not set(roles) & set(self.user.roles):
            raise ApiError(403, "role.missing", role="/".join(roles))

    def put(self, entity: str, body: Body, *, department_code: str | None = None) -> Body:
        stored = self.ledger.put(entity, body, department_code=department_code)
        self.related.append((entity, stored))
        return stored


# Returns the record the command produced: the target, or what it created.
Handler = Callable[[Ctx, Stored], tuple[str, Body]]


@dataclass(frozen=True, slots=True)
class Kind:
    entity: str
    handler: Handler
    authorize: Callable[[Ctx, Stored], None]
    checks_base: bool = True


class Conflict(Exception):
    def __init__(self, current: Stored) -> None:
        super().__init__("conflict")
        self.current = current


class CommandService:
    def __init__(self, engine: Engine, lock: threading.Lock, kinds: dict[str, Kind],
                 today: Callable[[], dt.date], calendar: WorkCalendar,
                 now: Callable[[], dt.datetime]) -> None:
        self._engine, self._lock, self._kinds = engine, lock, kinds
        self._today, self._calendar, self._now = today, calendar, now
        # Fault mode for tests (Faults.break_commands): set by the app.
        self.faults: Faults | None = None

    def run_batch(self, user: User, commands: list[CommandIn]) -> list[dict[str, Any]]:
        return [self.run(user, c) for c in commands]

    def run(self, user: User, command: CommandIn) -> dict[str, Any]:
        cid = str(command.id)
        with self._lock:
            first = self._stored_result(cid)
            if first is not None:
                author, result = first
                if author != user.username:
                    return _refused(cid, "command.id_reused")
                return {**result, "status": "duplicate", "first_status": result["status"]}
            seq: int | None = None
            now = self._now().astimezone(shanghai_tz()).replace(microsecond=0)
            try:
                with self._engine.begin() as conn:
                    result, seq = self._apply(conn, user, command, now)
                    self._remember(conn, user, command, result, seq, now)
                return result
            except Conflict as exc:
                result = {"command_id": cid, "status": "conflict",
                          "record": view(exc.current.entity, exc.current.body,
                                         user.department_code)}
            except ApiError as exc:
                result = _refused(cid, exc.code, **exc.details)
            except BackofficeError as exc:
                result = _refused(cid, exc.code, **exc.params)
            except Exception:  # noqa: BLE001 - one command's failure never stops the batch
                # The platform's fault, not a verdict on the command: rolled
                # back and not remembered, so a resend is tried afresh.
                _log.exception("command %s (%s) failed", cid, command.kind)
                return _refused(cid, "server.error")
            with self._engine.begin() as conn:
                self._remember(conn, user, command, result, None)
            return result

    def _stored_result(self, cid: str) -> tuple[str, dict[str, Any]] | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(db.command_results.c.author, db.command_results.c.result)
                               .where(db.command_results.c.command_id == cid)).first()
        return (row.author, json.loads(row.result)) if row is not None else None

    def _remember(self, conn: Connection, user: User, command: CommandIn,
                  result: dict[str, Any], seq: int | None,
                  applied_at: dt.datetime | None = None) -> None:
        conn.execute(db.command_results.insert().values(
            command_id=str(command.id), author=user.username,
            target=f"{command.entity}:{command.entity_id}", status=result["status"], seq=seq,
            result=json.dumps(result, ensure_ascii=False), kind=command.kind[:64],
            applied_at=applied_at.isoformat() if applied_at else None))

    def _apply(self, conn: Connection, user: User, command: CommandIn, now: dt.datetime
               ) -> tuple[dict[str, Any], int]:
        if command.format_version != COMMAND_FORMAT:
            raise ApiError(400, "command.unsupported_format", format_version=command.format_version)
        if command.author != user.username:
            raise ApiError(403, "command.wrong_author")
        _check_created_at(command)
        kind = self._kinds.get(command.kind)
        if kind is None:
            raise ApiError(400, "command.unknown_kind", kind=command.kind)
        if kind.entity != command.entity:
            raise ApiError(400, "command.wrong_entity", kind=command.kind, entity=command.entity,
                           expected=kind.entity)
        bad = _not_unicode(command.payload, "payload")
        if bad is not None:
            raise ApiError(422, "command.bad_payload", kind=command.kind, field=bad)
        check_payload_dates(command.kind, command.payload)
        ledger = Ledger(conn)
        target = ledger.get(command.entity, command.entity_id)
        if target is None:
            raise ApiError(404, "not_found", entity=command.entity, id=command.entity_id)
        ctx = Ctx(ledger, user, command, self._today(), self._calendar, now)
        kind.authorize(ctx, target)
        if kind.checks_base and command.base_version != target.version:
            raise Conflict(target)
        main_entity, main = kind.handler(ctx, target)
        if self.faults is not None and self.faults.take_command(command.kind):
            raise RuntimeError(f"fault mode: command {command.id} breaks after its handler")
        dept = user.department_code
        main_key = (main_entity, key_of(main_entity, main))
        related, seen = [], {main_key}
        for entity, body in reversed(ctx.related):  # latest state of each, once
            key = (entity, key_of(entity, body))
            if key not in seen:
                seen.add(key)
                related.append(view(entity, body, dept))
        result = {"command_id": str(command.id), "status": "applied",
                  "record": view(main_entity, main, dept), "related": related[::-1]}
        return result, ledger.last_seq


# When a person may have acted: the platform's records and days (a comment's
# time, the day of a decision or notice) come from ``created_at``, so a time
# no clock can convert, or decades off, is refused rather than stored for
# every department to receive. Fixed years, as the work calendar's, not the
# platform's clock: a demo platform runs on a clock of its own.
EARLIEST_ACT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST_ACT = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def _check_created_at(command: CommandIn) -> None:
    at = command.created_at
    if at.tzinfo is None or at.utcoffset() is None or not EARLIEST_ACT <= at < LATEST_ACT:
        raise ApiError(400, "command.bad_created_at", created_at=at.isoformat(),
                       earliest=EARLIEST_ACT.date().isoformat(),
                       latest=LATEST_ACT.date().isoformat())


def _not_unicode(value: Any, path: str) -> str | None:
    """The path of the first string (or key) in ``value`` UTF-8 cannot hold, or None.

    JSON's ``\\udc00`` escapes decode to lone surrogates: text no database
    or client can store. The envelope's typed fields refuse them when the
    batch is decoded; the payload is free JSON, checked here.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}".encode("utf-8", "backslashreplace").decode("utf-8")
            found = _not_unicode(key, here) or _not_unicode(item, here)
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _not_unicode(item, f"{path}[{i}]")
            if found is not None:
                return found
    return None


def _refused(cid: str, code: str, **details: Any) -> dict[str, Any]:
    return {"command_id": cid, "status": "refused", "error": errors.body(code, details)}
