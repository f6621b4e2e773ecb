"""Domain dataclasses to JSON and back, driven by their type hints.

Used for the ``confirmed`` column (the server's record as it came), for the
base and server snapshots kept with a conflicted command, and by the
row mapping for the few values SQL stores as JSON (tuples of names).
Reading goes through the dataclass constructor, so a stored record is
validated by the same rules as a fresh one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from typing import Any, TypeVar, cast

from backoffice.domain.commands import JSONValue

T = TypeVar("T")


_FIELDS: dict[type, tuple[str, ...]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    # Cached: dataclasses.fields() is slow enough to show in a 50,000-record pull.
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cast(Any, cls)))
    return names


def dump(obj: object) -> dict[str, JSONValue]:
    """A JSON-able dict of a dataclass instance (nested dataclasses too)."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"not a dataclass instance: {obj!r}")
    return {name: dump_value(getattr(obj, name)) for name in field_names(type(obj))}


def dump_value(value: object) -> JSONValue:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, enum.Enum):
        return cast(JSONValue, value.value)
    # datetime before date: a datetime is a date too.
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [dump_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dump(value)
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


_HINTS: dict[type, dict[str, Any]] = {}


def hints(cls: type) -> dict[str, Any]:
    # Cached: get_type_hints evaluates the string annotations on every call.
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls)
    return found


def load(cls: type[T], data: typing.Mapping[str, Any]) -> T:
    """An instance of ``cls`` from :func:`dump`'s output; unknown keys are ignored.

    Ignoring unknown keys lets an older client read a record a newer platform
    sent with extra fields; missing keys take the dataclass defaults.
    """
    types_of = hints(cls)
    kwargs = {
        f.name: load_value(types_of[f.name], data[f.name])
        for f in dataclasses.fields(cast(Any, cls))
        if f.name in data
    }
    return cls(**kwargs)


def load_value(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return load_value(inner[0], value)
    if origin is tuple:
        (item, *_rest) = typing.get_args(hint)
        return tuple(load_value(item, v) for v in value)
    if value is None:
        return None
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return hint(value)
        if issubclass(hint, dt.datetime):
            return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
        if issubclass(hint, dt.date):
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        if dataclasses.is_dataclass(hint):
            return load(hint, value)
    return value
