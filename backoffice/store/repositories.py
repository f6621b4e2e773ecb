"""Repositories: domain dataclasses in, domain dataclasses out.

A repository lives inside one unit of work (one session, one transaction,
see :class:`backoffice.store.store.UnitOfWork`); nothing it returns is tied to
the session, so results may cross threads. Reads and writes go through
SQLAlchemy Core on the mapped tables: the ORM identity map would only add
stale-object questions to rows we never hand out anyway.

``upsert`` writes a record *as the platform confirmed it* (effective =
confirmed). The sync does not call it directly but through
:func:`backoffice.store.pending.apply_confirmed`, which re-applies the
person's pending commands afterwards; ``write_effective`` changes only what
the person sees. Both, and ``delete``, let the unit of work's
:class:`DerivedColumns` keep computed columns (deadlines) in step.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Generic, Protocol, cast

from sqlalchemy import ColumnElement, CursorResult, Table, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backoffice.domain.errors import StoreError
from backoffice.domain.model import DeferredMaterial
from backoffice.store import codec, search
from backoffice.store.mapping import VERSION_COLUMN, E, EntitySpec, RowLike
from backoffice.store.schema import DeferredMaterialRow, SyncStateRow, table_of

# SQLite allows 32,766 bound values per statement; stay far below it.
CHUNK = 500

# Entities whose rows feed a case's search document.
_INDEXED = frozenset({"case", "material"})


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class DerivedColumns(Protocol):
    """Columns computed from rows (see :mod:`.deadline_columns`), in the same transaction."""

    def derive(self, kind: str, rows: list[dict[str, Any]]) -> None:
        """Fill the computed columns of rows of ``kind`` about to be written."""

    def changed(self, kind: str, case_codes: Iterable[str]) -> None:
        """Rows of ``kind`` of these cases were written or deleted."""


class Repository(Generic[E]):
    def __init__(
        self, session: Session, spec: EntitySpec[E], derived: DerivedColumns | None = None
    ) -> None:
        self.session = session
        self.spec = spec
        self.table = spec.table
        self._pk = self.table.c[_pk_name(spec)]
        self.derived = derived

    # ---- reads -------------------------------------------------------------

    def get(self, key: str) -> E | None:
        found = self._select([self._pk == key])
        return found[0] if found else None

    def get_many(self, keys: Iterable[str]) -> dict[str, E]:
        wanted = list(dict.fromkeys(keys))
        out: dict[str, E] = {}
        for part in chunks(wanted):
            for obj in self._select([self._pk.in_(part)]):
                out[self.spec.key_of(obj)] = obj
        return out

    def all(self, *, limit: int | None = None, offset: int = 0) -> list[E]:
        """Every record (or a page of them) in key order."""
        return self._select([], order_by=[self._pk], limit=limit, offset=offset)

    def for_case(self, case_code: str) -> list[E]:
        return self._select([self.table.c.case_code == case_code], order_by=[self._pk])

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(self.table)) or 0

    def confirmed(self, key: str) -> E | None:
        """The last state the platform confirmed (None for an unknown key)."""
        row = self.session.execute(select(self.table.c.confirmed).where(self._pk == key)).first()
        if row is None:
            return None
        if row[0] is None:
            # Nothing applied on top: the effective columns are the confirmed state.
            return self.get(key)
        return codec.load(self.spec.cls, row[0])

    def confirmed_json(self, key: str) -> dict[str, Any] | None:
        """The confirmed state as the JSON :mod:`.codec` writes."""
        found = self.confirmed(key)
        return None if found is None else codec.dump(found)

    def confirmed_versions(self, keys: Iterable[str]) -> dict[str, int]:
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        # Asked before every write of a pulled page and of each pushed
        # command's answer: plain SQL with the keys as one JSON array costs
        # a fraction of building and caching an IN (…) statement each time.
        quote = self.session.get_bind().dialect.identifier_preparer.quote
        pk = quote(self._pk.name)
        sql = (f"SELECT {pk}, {quote(VERSION_COLUMN)} FROM {quote(self.table.name)} "
               f"WHERE {pk} IN (SELECT value FROM json_each(?))")
        found = self.session.connection().exec_driver_sql(sql, (json.dumps(wanted),))
        return {key: value for key, value in found}

    def _select(
        self,
        where: Sequence[ColumnElement[bool]],
        *,
        order_by: Sequence[Any] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[E]:
        stmt = select(self.table).where(*where).order_by(*order_by).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = list(self.session.execute(stmt).mappings())
        return self.hydrate(rows)

    def hydrate(self, rows: Sequence[RowLike]) -> list[E]:
        """Domain objects from table rows, with their child rows loaded."""
        keys = [r[self._pk.name] for r in rows]
        children: dict[str, dict[str, list[RowLike]]] = defaultdict(lambda: defaultdict(list))
        for child in self.spec.children:
            parent = child.table.c[child.parent_column]
            for part in chunks(keys):
                for child_row in self.session.execute(
                    select(child.table).where(parent.in_(part))
                ).mappings():
                    children[child_row[child.parent_column]][child.field].append(child_row)
        return [self.spec.from_row(r, children[r[self._pk.name]]) for r in rows]

    # ---- writes ------------------------------------------------------------

    def upsert(self, obj: E) -> None:
        self.upsert_many([obj])

    def upsert_many(self, objs: Iterable[E]) -> None:
        """Write records as confirmed by the platform: effective = confirmed.

        ``confirmed`` is left NULL, meaning "the effective columns are the
        confirmed state"; a copy is kept only while commands are applied on
        top (:meth:`hold_confirmed`), so a store of 200,000 tasks does not
        carry 200,000 redundant JSON documents.
        """
        items = list(objs)
        if not items:
            return
        rows = []
        for obj in items:
            if not self.spec.key_of(obj):
                # E.g. an Extension made without the platform's id.
                raise StoreError("store.missing_key", entity=self.spec.kind, field=self.spec.key)
            row = self.spec.to_row(obj)
            row.setdefault(VERSION_COLUMN, 0)
            row["confirmed"] = None
            rows.append(row)
        if self.derived is not None:
            self.derived.derive(self.spec.kind, rows)
        columns = tuple(rows[0])
        plan = _plan(self.session, self.table, columns, "upsert")
        _execute_many(self.session, plan, [plan.values(r) for r in rows])
        self._write_children(items)
        self._after_write(items)

    def write_effective(self, obj: E) -> None:
        """Change what the person sees; the confirmed state stays as it is."""
        row = self.spec.to_row(obj)
        if self.derived is not None:
            self.derived.derive(self.spec.kind, [row])
        row.pop(VERSION_COLUMN, None)
        key = row.pop(self._pk.name)
        self.session.execute(update(self.table).where(self._pk == key).values(**row))
        self._write_children([obj])
        self._after_write([obj])

    def hold_confirmed(self, confirmed: E) -> None:
        """Keep ``confirmed`` aside: the effective state is about to diverge from it."""
        self.session.execute(
            update(self.table)
            .where(self._pk == self.spec.key_of(confirmed))
            .values(confirmed=codec.dump(confirmed))
        )

    def release_confirmed(self, key: str) -> None:
        """The effective columns are the confirmed state again."""
        self.session.execute(update(self.table).where(self._pk == key).values(confirmed=None))

    def keys_for_case(self, case_code: str) -> list[str]:
        if "case_code" not in self.table.c:
            return []
        return list(self.session.scalars(select(self._pk).where(self.table.c.case_code == case_code)))

    def delete(self, key: str) -> bool:
        """Remove a record (children go with it, by cascade)."""
        case_codes = self._case_codes_of([key])
        result = self.session.execute(delete(self.table).where(self._pk == key))
        if self.spec.kind in _INDEXED and self.spec.kind != "case":
            search.refresh_or_defer(self.session, case_codes)
        if self.derived is not None and self.spec.kind != "case":
            self.derived.changed(self.spec.kind, case_codes)
        return bool(cast(CursorResult[Any], result).rowcount)

    def _write_children(self, items: Sequence[E]) -> None:
        """Replace the child rows of ``items`` — only where they differ.

        A pulled record usually brings the children it had (a material
        re-sent for a new file keeps its verdicts), and a first pull has none
        stored yet: comparing first skips the delete and the insert for those,
        which were most of a material's cost.
        """
        if not self.spec.children:
            return
        keys = [self.spec.key_of(o) for o in items]
        for child in self.spec.children:
            table = child.table
            plan = _plan(self.session, table, tuple(c.name for c in table.columns), "insert")
            new = {
                k: [plan.values(r) for r in self.spec.child_rows(o)[child.field]]
                for k, o in zip(keys, items, strict=True)
            }
            stored = _stored_children(self.session, table, child.parent_column, plan.columns,
                                      keys)
            changed = [k for k in new if stored.get(k, []) != new[k]]
            replace = [k for k in changed if k in stored]
            parent = table.c[child.parent_column]
            for part in chunks(replace):
                self.session.execute(delete(table).where(parent.in_(part)))
            _execute_many(self.session, plan, [v for k in changed for v in new[k]])

    def _after_write(self, items: Sequence[E]) -> None:
        codes = {c for c in map(self.spec.case_code_of, items) if c is not None}
        if self.spec.kind in _INDEXED:
            search.refresh_or_defer(self.session, codes)
        if self.derived is not None:
            self.derived.changed(self.spec.kind, codes)

    def _case_codes_of(self, keys: Sequence[str]) -> set[str]:
        if "case_code" not in self.table.c:
            return set()
        return set(self.session.scalars(select(self.table.c.case_code).where(self._pk.in_(keys))))


@dataclass(frozen=True, slots=True)
class _Plan:
    """A write compiled once, then run through the DB-API cursor.

    Repeated executemany through the Core statement costs more in
    SQLAlchemy (compiling, building and processing each row's parameters)
    than in SQLite; here the SQL text comes from SQLAlchemy once per table
    and column set, and each value goes through the same bind processor the
    column's type would apply (dates as ISO text, aware datetimes as naive
    UTC, JSON, booleans), so the rows stored are the same.
    """

    sql: str
    columns: tuple[str, ...]
    # (position, processor) of the columns whose type converts the value.
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]
    # The row's values in column order, as one C-level call.
    pick: Callable[[Mapping[str, Any]], tuple[Any, ...]]

    def values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        found = self.pick(row)
        if not self.processors:
            return found
        out = list(found)
        for at, process in self.processors:
            out[at] = process(out[at])
        return tuple(out)


_PLANS: dict[tuple[Any, ...], _Plan] = {}


def _plan(session: Session, table: Table, columns: tuple[str, ...], kind: str) -> _Plan:
    dialect = session.get_bind().dialect
    cache_key = (table, columns, kind, dialect.name, dialect.paramstyle)
    found = _PLANS.get(cache_key)
    if found is not None:
        return found
    (pk,) = table.primary_key.columns if kind == "upsert" else (None,)
    stmt: Any = sqlite_insert(table)
    if pk is not None:
        stmt = stmt.on_conflict_do_update(
            index_elements=[pk],
            set_={name: stmt.excluded[name] for name in columns if name != pk.name},
        )
    compiled = stmt.compile(dialect=dialect, column_keys=list(columns))
    # The statement's own parameter order (the table's column order).
    order = tuple(compiled.positiontup or ())
    if sorted(order) != sorted(columns):
        raise AssertionError(f"unexpected parameters for {table.name}: {order} vs {columns}")
    processors = tuple(
        (at, process)
        for at, c in enumerate(order)
        if (process := table.c[c].type.dialect_impl(dialect).bind_processor(dialect))
    )
    pick: Callable[[Mapping[str, Any]], tuple[Any, ...]] = (
        itemgetter(*order) if len(order) > 1 else lambda row: (row[order[0]],)
    )
    found = _PLANS[cache_key] = _Plan(compiled.string, order, processors, pick)
    return found


def _execute_many(session: Session, plan: _Plan, values: Sequence[tuple[Any, ...]]) -> None:
    """Run ``plan`` for each tuple of :meth:`_Plan.values`."""
    if not values:
        return  # exec_driver_sql would run the statement once without parameters
    # exec_driver_sql, not the raw cursor: DB-API errors still become
    # SQLAlchemy's (IntegrityError → store.integrity), and events still fire.
    session.connection().exec_driver_sql(plan.sql, list(values))


def _stored_children(
    session: Session, table: Table, parent: str, columns: tuple[str, ...], keys: Sequence[str]
) -> dict[str, list[tuple[Any, ...]]]:
    """The stored child rows of these parents as bound values, in position order.

    Read through the DB-API (no result processing), so they compare equal to
    :meth:`_Plan.values` of the same rows. The keys go as one JSON array
    (``json_each``): one statement, whatever their number.
    """
    quote = session.get_bind().dialect.identifier_preparer.quote
    sql = (
        f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table.name)} "
        f"WHERE {quote(parent)} IN (SELECT value FROM json_each(?)) "
        f"ORDER BY {quote(parent)}, {quote('position')}"
    )
    at = columns.index(parent)
    out: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in session.connection().exec_driver_sql(sql, (json.dumps(list(keys)),)):
        out[row[at]].append(tuple(row))
    return dict(out)


def _pk_name(spec: EntitySpec[Any]) -> str:
    (pk,) = spec.table.primary_key.columns
    return pk.name


class DeferredMaterialRepository(Repository[DeferredMaterial]):
    def outstanding_counts(self, case_codes: Iterable[str], *, on: dt.date) -> dict[str, int]:
        """Per case, deferred materials not yet supplied on ``on`` (0 when none)."""
        codes = list(dict.fromkeys(case_codes))
        out = dict.fromkeys(codes, 0)
        t = table_of(DeferredMaterialRow)
        open_ = (t.c.fulfilled_on.is_(None)) | (t.c.fulfilled_on > on)
        for part in chunks(codes):
            stmt = (
                select(t.c.case_code, func.count())
                .where(t.c.case_code.in_(part), open_)
                .group_by(t.c.case_code)
            )
            for code, n in self.session.execute(stmt):
                out[code] = n
        return out


class SyncStateRepository:
    """Key/value state of the sync; written in the transaction of its page."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = table_of(SyncStateRow)

    def get(self, key: str) -> str | None:
        value: str | None = self.session.scalar(
            select(self.table.c.value).where(self.table.c.key == key)
        )
        return value

    def set(self, key: str, value: str) -> None:
        stmt = sqlite_insert(self.table).values(key=key, value=value)
        self.session.execute(
            stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        )

    def delete(self, key: str) -> None:
        self.session.execute(delete(self.table).where(self.table.c.key == key))

    def items(self) -> dict[str, str]:
        return {k: v for k, v in self.session.execute(select(self.table.c.key, self.table.c.value))}
