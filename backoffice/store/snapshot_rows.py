"""Rows straight from domain objects, for the bulk writes of a snapshot (:mod:`.snapshot`).

The values are those :meth:`.repositories.Repository.upsert_many` binds —
the same statement (:func:`.repositories._plan`), the fields as
:meth:`.mapping.EntitySpec.to_row` turns them into column values (enums as
values, tuples as JSON lists), then each column's bind processor — without
building a dict per row: one C-level getter per object and only the
conversions some column needs. ``tests/store/test_store_snapshot.py``
compares the stored tables with the normal path's.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from sqlalchemy.orm import Session

from backoffice.store import codec, mapping
from backoffice.store.mapping import VERSION_COLUMN, EntitySpec
from backoffice.store.repositories import CHUNK, _execute_many, _plan

Convert = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Values:
    """A row's bound values from an object: one C-level getter, then the few conversions.

    The same values :meth:`.mapping.EntitySpec.to_row` and the plan's
    ``values`` give (enums as values, tuples as JSON lists, then each
    column's bind processor), without the dict in between.
    """

    get: Callable[[Any], tuple[Any, ...]]
    converts: tuple[tuple[int, Convert], ...]
    # (position, value) of columns the object has no attribute for.
    constants: tuple[tuple[int, Any], ...]

    def __call__(self, obj: Any) -> tuple[Any, ...]:
        found = self.get(obj)
        if not self.converts and not self.constants:
            return found
        values = list(found)
        for at, convert in self.converts:
            values[at] = convert(values[at])
        for at, value in self.constants:
            values.insert(at, value)
        return tuple(values)


def _values(
    session: Session, table: Any, columns: Sequence[str], cls: type,
    attribute: Callable[[str], str], constants: dict[str, Any],
) -> _Values:
    """The values of ``columns`` from instances of ``cls`` (``attribute``: column → dotted name)."""
    dialect = session.get_bind().dialect
    names: list[str] = []
    converts: list[tuple[int, Convert]] = []
    fixed: list[tuple[int, Any]] = []
    for at, column in enumerate(columns):
        process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        if column in constants:
            value = constants[column]
            fixed.append((at, value if process is None else process(value)))
            continue
        name = attribute(column)
        names.append(name)
        convert = _converter(process, _needs_column_value(_hint(cls, name)))
        if convert is not None:
            converts.append((len(names) - 1, convert))
    getter = attrgetter(*names)
    get: Callable[[Any], tuple[Any, ...]] = getter if len(names) > 1 else (
        lambda obj: (getter(obj),))
    return _Values(get, tuple(converts), tuple(fixed))


def _hint(cls: type, dotted: str) -> Any:
    hint: Any = cls
    for part in dotted.split("."):
        hint = codec.hints(_unwrap(hint))[part]
    return hint


def _unwrap(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (inner, *_rest) = [a for a in typing.get_args(hint) if a is not type(None)]
        return inner
    return hint


# Types column_value passes through as they are (a StrEnum is not one of them).
_PLAIN = (str, int, bool, float, dt.date, dt.datetime, type(None))


def _needs_column_value(hint: Any) -> bool:
    """Whether :func:`.mapping.column_value` may change a value of this type.

    Only for plain types (and unions of them) is the answer no; an enum, a
    tuple, anything else goes through it, as through ``to_row``.
    """
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_needs_column_value(a) for a in typing.get_args(hint))
    return hint not in _PLAIN


def _converter(process: Convert | None, column_value: bool) -> Convert | None:
    if not column_value:
        return process
    if process is None:
        return mapping.column_value
    return lambda value: process(mapping.column_value(value))


@dataclass(frozen=True, slots=True)
class _Children:
    """One child table of an entity: replaced wholesale for the parents written."""

    spec: mapping.ChildSpec
    plan: Any
    delete_sql: str
    element: _Values | None  # None: a tuple of plain values (``value_column``)
    convert_value: Convert

    def replace(self, session: Session, parents: Sequence[Any]) -> None:
        key_of = attrgetter(_parent_key(parents))
        field = attrgetter(self.spec.field)
        for start in range(0, len(parents), CHUNK):
            part = parents[start:start + CHUNK]
            connection = session.connection()
            connection.exec_driver_sql(self.delete_sql,
                                       (json.dumps([key_of(p) for p in part]),))
            rows: list[Any] = []
            for parent in part:
                key = key_of(parent)
                for position, element in enumerate(field(parent)):
                    if self.element is None:
                        rows.append((key, position, self.convert_value(element)))
                    else:
                        rows.append((key, position, *self.element(element)))
            _execute_many(session, self.plan, rows)


def _parent_key(parents: Sequence[Any]) -> str:
    return mapping.spec_of(parents[0]).key


@dataclass(frozen=True, slots=True)
class Writer:
    """An entity's upsert, its row values, and its child tables."""

    plan: Any
    values: _Values
    children: tuple[_Children, ...]


_WRITERS: dict[tuple[str, str], Writer] = {}


def writer(session: Session, spec: EntitySpec[Any]) -> Writer:
    dialect = session.get_bind().dialect
    found = _WRITERS.get((spec.kind, dialect.name))
    if found is not None:
        return found
    # The columns of to_row (in their order: the cache key of the normal
    # path's plan) plus ``confirmed``; the derived ones are finish()'s.
    names = codec.field_names(spec.cls)
    flat = {f"{outer}_{inner}": f"{outer}.{inner}" for outer in spec.flatten
            for inner in codec.field_names(codec.hints(spec.cls)[outer])}
    child_fields = {c.field for c in spec.children}
    columns: list[str] = []
    for name in names:
        if name in child_fields:
            continue
        if name in spec.flatten:
            columns += [c for c in flat if c.startswith(name + "_")]
        else:
            columns.append(VERSION_COLUMN if name == "version" else name)
    constants: dict[str, Any] = {"confirmed": None}
    if VERSION_COLUMN not in columns:
        constants[VERSION_COLUMN] = 0  # as upsert_many: an unversioned record is at 0
        columns.append(VERSION_COLUMN)
    columns.append("confirmed")
    plan = _plan(session, spec.table, tuple(columns), "upsert")

    def attribute(column: str) -> str:
        if column == VERSION_COLUMN:
            return "version"
        return flat.get(column, column)

    values = _values(session, spec.table, plan.columns, spec.cls, attribute, constants)
    children = tuple(_children(session, spec, child) for child in spec.children)
    found = _WRITERS[(spec.kind, dialect.name)] = Writer(plan, values, children)
    return found


def _children(session: Session, spec: EntitySpec[Any], child: mapping.ChildSpec) -> _Children:
    table = child.table
    columns = tuple(c.name for c in table.columns)
    plan = _plan(session, table, columns, "insert")
    if columns[:2] != (child.parent_column, "position"):
        raise AssertionError(f"unexpected column order of {table.name}: {columns}")
    quote = session.get_bind().dialect.identifier_preparer.quote
    delete_sql = (f"DELETE FROM {quote(table.name)} WHERE {quote(child.parent_column)} "
                  "IN (SELECT value FROM json_each(?))")
    dialect = session.get_bind().dialect
    processes = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    if any(processes[:2]):
        raise AssertionError(f"{table.name}: parent key and position are bound as they are")
    if child.value_column is not None:
        if columns[2:] != (child.value_column,):
            raise AssertionError(f"unexpected columns of {table.name}: {columns}")
        (element_type, *_rest) = typing.get_args(codec.hints(spec.cls)[child.field])
        convert = _converter(processes[2], _needs_column_value(element_type))
        return _Children(child, plan, delete_sql, None, convert or _same)
    (element_type, *_rest) = typing.get_args(codec.hints(spec.cls)[child.field])
    element = _values(session, table, columns[2:], element_type, lambda c: c, {})
    return _Children(child, plan, delete_sql, element, _same)


def _same(value: Any) -> Any:
    return value
