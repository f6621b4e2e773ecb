"""Rows straight from objects, for the bulk writes of a snapshot (:mod:`.snapshot`).

The values are those :meth:`.repositories.Repository.upsert_many` binds —
the same statement (:func:`.repositories._plan`), the fields as
:meth:`.mapping.EntitySpec.to_row` turns them into column values (enums as
values, tuples as JSON lists), then each column's bind processor — without
building a dict per row: one generated function per table, a tuple
expression of attribute reads with only the conversions some column needs.

The objects are domain objects, or wire records' structs
(:mod:`backoffice.api.fast`) that carry the same values under the same
names (``renames`` aside): :func:`writer` with ``source``.
``tests/store/test_store_snapshot.py`` and ``test_store_snapshot_structs.py``
compare the stored tables with the normal path's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import msgspec
from sqlalchemy import JSON, Boolean, Date, DateTime
from sqlalchemy.orm import Session

from backoffice.store import codec, mapping
from backoffice.store.deadline_columns import DERIVE_INPUTS, DERIVED_COLUMNS
from backoffice.store.engine import json_text
from backoffice.store.mapping import VERSION_COLUMN, EntitySpec
from backoffice.store.repositories import CHUNK, _execute_many, _plan

Convert = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Values:
    """A row's bound values from an object, by one generated function.

    The same values :meth:`.mapping.EntitySpec.to_row` and the plan's
    ``values`` give (enums as values, tuples as JSON lists, then each
    column's bind processor), without the dict in between: the function is
    one tuple expression of attribute reads, conversions only where a
    column needs one, and constants.
    """

    # The row of an object; with derived columns, their values beside it.
    function: Callable[..., tuple[Any, ...]]

    def __call__(self, obj: Any) -> tuple[Any, ...]:
        return self.function(obj)


def _values(
    session: Session, table: Any, columns: Sequence[str], cls: type,
    attribute: Callable[[str], str], constants: dict[str, Any],
    source: _Source | None = None, derived: Sequence[str] = (),
) -> _Values:
    """The values of ``columns`` from instances of ``cls`` (``attribute``: column → dotted name).

    With ``source``: from instances of ``source.cls`` instead, which has the
    same values under the same names but ``source.renames`` (checked here:
    every name read must be one of its fields, of the domain's type).
    ``derived``: columns whose values come from a mapping given beside the
    object (the deadline columns), through the column's bind processor.
    """
    dialect = session.get_bind().dialect
    parts: list[str] = []
    namespace: dict[str, Any] = {}
    for at, column in enumerate(columns):
        process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        if column in derived:
            namespace[f"_c{at}"] = process or _same
            parts.append(f"_c{at}(d[{column!r}])")
            continue
        if column in constants:
            value = constants[column]
            namespace[f"_k{at}"] = value if process is None else process(value)
            parts.append(f"_k{at}")
            continue
        name = attribute(column)
        if not all(part.isidentifier() for part in name.split(".")):
            raise AssertionError(f"not an attribute path: {name!r}")
        hint = _hint(cls, name)
        path = name if source is None else source.path(name, hint)
        read = f"o.{path}"
        if process is None and isinstance(hint, type) and issubclass(hint, enum.Enum):
            # column_value of a (non-optional) enum: its value, read directly.
            parts.append(f"{read}._value_")
            continue
        element = _dataclass_tuple(hint)
        if source is not None and element is not None:
            # A tuple of the domain's dataclasses is a JSON list of their
            # dicts; from a struct, msgspec's builtins are those same dicts
            # (enums as values) when the element has the same fields in order.
            _same_fields(element, _hint(source.cls, path))
            namespace[f"_c{at}"] = _json_list(table.c[column].type, dialect)
            parts.append(f"_c{at}({read})")
            continue
        shortcut = _shortcut(table.c[column].type, dialect, hint)
        if shortcut is not None:
            namespace[f"_c{at}"] = shortcut
            parts.append(read if shortcut is _same else f"_c{at}({read})")
            continue
        convert = _converter(process, _needs_column_value(hint))
        if convert is None:
            parts.append(read)
        else:
            namespace[f"_c{at}"] = convert
            parts.append(f"_c{at}({read})")
    code = f"def _row(o, d=None):\n    return ({', '.join(parts)},)\n"
    exec(compile(code, f"<row of {cls.__name__}>", "exec"), namespace)  # noqa: S102
    return _Values(namespace["_row"])


def _dataclass_tuple(hint: Any) -> type | None:
    """The element type of a ``tuple[SomeDataclass, ...]`` hint, else None."""
    if typing.get_origin(hint) is not tuple:
        return None
    (element, *_rest) = typing.get_args(hint)
    if isinstance(element, type) and dataclasses.is_dataclass(element):
        return element
    return None


def _same_fields(element: type, source_hint: Any) -> None:
    (own, *_rest) = typing.get_args(source_hint) or (None,)
    if own is None or not isinstance(own, type) or not issubclass(own, msgspec.Struct) \
            or own.__struct_fields__ != codec.field_names(element):
        raise NotImplementedError(f"{source_hint} is not {element.__name__}'s fields in order")


def _json_list(kind: Any, dialect: Any) -> Convert:
    """A tuple of structs as its JSON column stores it: the dicts of their fields.

    The store's engine writes JSON with :func:`.engine.json_text`, so
    msgspec encodes the structs into that same text directly (the dicts'
    keys in field order, enums as values).
    """
    if not isinstance(kind, JSON) or getattr(dialect, "_json_serializer", None) is not json_text:
        raise NotImplementedError(f"a tuple of structs into {kind!r} without json_text")
    encode = msgspec.json.encode
    return lambda value: encode(value).decode()


_SQLITE_DATE = "%(year)04d-%(month)02d-%(day)02d"


def _shortcut(kind: Any, dialect: Any, hint: Any) -> Convert | None:
    """A cheaper conversion giving the stored value SQLAlchemy's bind processor gives.

    On SQLite only: a ``bool`` for a Boolean column as it is (the processor
    makes it ``int``; sqlite3 stores ``True`` as the same integer 1), and a
    date for a Date column by ``date.isoformat`` (the processor formats
    ``%04d-%02d-%02d``: the same text for every date). ``_same`` for as is,
    None when there is none.
    """
    if dialect.name != "sqlite":
        return None
    impl = kind.dialect_impl(dialect)
    if isinstance(kind, Boolean) and hint is bool:
        return _same
    if isinstance(kind, Date) and not isinstance(kind, DateTime) \
            and getattr(impl, "_storage_format", None) == _SQLITE_DATE \
            and getattr(impl, "_reg", None) is None:
        if hint is dt.date:
            return dt.date.isoformat
        if _unwrap(hint) is dt.date and set(typing.get_args(hint)) == {dt.date, type(None)}:
            return _iso_or_none
    return None


def _iso_or_none(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True, slots=True)
class _Source:
    """Another type the rows are read from: a wire record's struct (``api/fast.py``).

    Its fields carry the domain object's values, under the same names but
    ``renames`` (domain name → its name; :func:`backoffice.api.convert.to_domain`
    does the same the other way).
    """

    cls: type
    renames: tuple[tuple[str, str], ...] = ()

    def path(self, dotted: str, hint: Any) -> str:
        renames = dict(self.renames)
        parts = dotted.split(".")
        parts[0] = renames.get(parts[0], parts[0])
        found: Any = self.cls
        for part in parts:
            hints = codec.hints(_unwrap(found))
            if part not in hints:
                raise NotImplementedError(f"{self.cls.__name__} has no {'.'.join(parts)}")
            found = hints[part]
        plain = _unwrap(hint) in _PLAIN or isinstance(_unwrap(hint), type) and issubclass(
            _unwrap(hint), enum.Enum)
        if plain and _unwrap(found) is not _unwrap(hint):
            raise NotImplementedError(f"{self.cls.__name__}.{dotted}: {found} is not {hint}")
        return ".".join(parts)


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

    def replace(self, session: Session, parents: Sequence[Any], key: str) -> None:
        """The child rows of ``parents`` (their key field: ``key``), written anew."""
        key_of = attrgetter(key)
        field = attrgetter(self.spec.field)
        for start in range(0, len(parents), CHUNK):
            part = parents[start:start + CHUNK]
            connection = session.connection()
            connection.exec_driver_sql(self.delete_sql,
                                       (json.dumps([key_of(p) for p in part]),))
            rows: list[Any] = []
            if self.element is None:
                convert = self.convert_value
                for parent in part:
                    key = key_of(parent)
                    rows += [(key, position, convert(element))
                             for position, element in enumerate(field(parent))]
            else:
                # Elements are often shared (the domain's converters reuse
                # equal values): their values once, keyed by identity (the
                # element kept alive beside its values).
                seen: dict[int, tuple[Any, tuple[Any, ...]]] = {}
                values = self.element
                for parent in part:
                    key = key_of(parent)
                    for position, element in enumerate(field(parent)):
                        found = seen.get(id(element))
                        if found is None:
                            found = seen[id(element)] = (element, values(element))
                        rows.append((key, position, *found[1]))
            _execute_many(session, self.plan, rows)


@dataclass(frozen=True, slots=True)
class Writer:
    """An entity's upsert, its row values, and its child tables.

    ``derived``: the deadline columns of the upsert, for which ``values``
    wants a mapping beside the object (``values.function(obj, mapping)``);
    ``inputs`` reads from an object what :meth:`.DeadlineKeeper.derive`
    computes them from, as a fresh dict it fills in.
    """

    plan: Any
    values: _Values
    children: tuple[_Children, ...]
    derived: tuple[str, ...] = ()
    inputs: Callable[[Any], dict[str, Any]] | None = None


_WRITERS: dict[tuple[str, str, _Source | None], Writer] = {}


def writer(session: Session, spec: EntitySpec[Any], source: type | None = None,
           renames: tuple[tuple[str, str], ...] = ()) -> Writer:
    """The writer of ``spec``'s rows from its domain objects, or from ``source`` objects.

    ``source``: a type with the domain object's fields under the same names
    but ``renames`` (domain name, source name) — a wire record's struct.
    Raises ``NotImplementedError`` when it lacks one.
    """
    dialect = session.get_bind().dialect
    origin = None if source is None else _Source(source, renames)
    found = _WRITERS.get((spec.kind, dialect.name, origin))
    if found is not None:
        return found
    # The columns of to_row (in their order: the cache key of the normal
    # path's plan) plus ``confirmed`` and the deadline columns, computed
    # beside the rows (snapshot.write).
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
    derived = DERIVED_COLUMNS.get(spec.kind, ())
    columns += derived
    plan = _plan(session, spec.table, tuple(columns), "upsert")

    def attribute(column: str) -> str:
        if column == VERSION_COLUMN:
            return "version"
        return flat.get(column, column)

    values = _values(session, spec.table, plan.columns, spec.cls, attribute, constants, origin,
                     derived)
    children = tuple(_children(session, spec, child, origin) for child in spec.children)
    inputs = None
    if derived:
        names = DERIVE_INPUTS[spec.kind]
        read = attrgetter(*(name if origin is None else origin.path(name, _hint(spec.cls, name))
                            for name in names))

        def inputs(obj: Any) -> dict[str, Any]:
            return dict(zip(names, read(obj), strict=True))

    found = _WRITERS[(spec.kind, dialect.name, origin)] = Writer(
        plan, values, children, derived, inputs)
    return found


def _children(session: Session, spec: EntitySpec[Any], child: mapping.ChildSpec,
              origin: _Source | None = None) -> _Children:
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
        if origin is not None:
            raise NotImplementedError(f"{table.name}: plain child values from {origin.cls}")
        (element_type, *_rest) = typing.get_args(codec.hints(spec.cls)[child.field])
        convert = _converter(processes[2], _needs_column_value(element_type))
        return _Children(child, plan, delete_sql, None, convert or _same)
    if origin is not None:
        # No record written from its struct has a child table (a material's
        # checks are a JSON column).
        raise NotImplementedError(f"{table.name}: child rows from {origin.cls}")
    (element_type, *_rest) = typing.get_args(codec.hints(spec.cls)[child.field])
    element = _values(session, table, columns[2:], element_type, lambda c: c, {})
    return _Children(child, plan, delete_sql, element, _same)


def _same(value: Any) -> Any:
    return value
