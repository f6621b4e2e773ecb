"""Fast decoders of change-feed pages, derived from the contract's pydantic models.

The contract is the pydantic models of :mod:`backoffice.api.records` and
:mod:`backoffice.api.v1` (they also make the OpenAPI document). Building a
pydantic model per record costs ~35 µs; a first pull brings a couple of
hundred thousand records. So this module *derives*, at import, a
:mod:`msgspec` ``Struct`` for every model a change-feed page may contain —
same field names, types, defaults, length/range/pattern constraints,
``extra="forbid"`` as ``forbid_unknown_fields``, the ``entity``
discriminator as the struct's tag — and decodes a page's JSON bytes straight
into them, in C.

msgspec is strict where pydantic is lax (pydantic takes ``"7"`` for an int,
``1.0`` for an int, a number for a date …); the fast decoder accepts a
subset of what the contract accepts, never more, and gives the same values
for it (``tests/api/test_fast_decode.py`` proves both with generated and
mutated records). Anything it rejects is decided by the pydantic models
(:func:`backoffice.remote.validate.parse_page` falls back to them, record by
record, so the quarantine keeps their reasons).

A derived struct has the pydantic model's attributes (``record.case_code``,
``record.applicant.name``, ``change.record`` …) and ``entity`` as a class
attribute, so code that reads records works on both. An unknown type or
constraint in a model is an error at import, never a silently weaker check.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import re
import types
import typing
from typing import Annotated, Any, Literal

import annotated_types
import msgspec
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from backoffice.api import records as r
from backoffice.api import v1

_log = logging.getLogger("backoffice.remote")

_PLAIN = (str, int, bool, dt.date, dt.datetime, type(None))


class FastRecord(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """Base of the derived record structs (``model`` names the pydantic model)."""

    model: typing.ClassVar[type[BaseModel]]
    entity: typing.ClassVar[str]  # a wire record's tag (every derived record of a feed has one)


def _pattern(pattern: str) -> str:
    # pydantic matches with Rust's regex, where ``$`` is the very end;
    # msgspec with Python's re.search, where ``$`` also matches before a
    # final newline. ``\Z`` is Rust's ``$`` in Python.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    if "$" in pattern.replace("\\$", ""):
        raise NotImplementedError(f"pattern with an inner $: {pattern!r}")
    return pattern


def _meta(metadata: list[Any]) -> msgspec.Meta | None:
    kwargs: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, annotated_types.MinLen):
            kwargs["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            kwargs["max_length"] = item.max_length
        elif isinstance(item, annotated_types.Ge):
            kwargs["ge"] = item.ge
        elif isinstance(item, annotated_types.Gt):
            kwargs["gt"] = item.gt
        elif isinstance(item, annotated_types.Le):
            kwargs["le"] = item.le
        elif isinstance(item, annotated_types.Lt):
            kwargs["lt"] = item.lt
        elif type(item).__name__ == "_PydanticGeneralMetadata" and set(vars(item)) == {"pattern"}:
            kwargs["pattern"] = _pattern(vars(item)["pattern"])
        elif isinstance(item, FieldInfo):
            inner = _meta(list(item.metadata))
            if inner is not None:
                kwargs.update({k: getattr(inner, k) for k in _META_KEYS
                               if getattr(inner, k) is not None})
        else:
            raise NotImplementedError(f"constraint {item!r}")
    return msgspec.Meta(**kwargs) if kwargs else None


_META_KEYS = ("min_length", "max_length", "ge", "gt", "le", "lt", "pattern")


def _type(hint: Any, metadata: list[Any] = ()) -> Any:  # type: ignore[assignment]
    """The msgspec type of a pydantic field's annotation (and its constraints)."""
    origin = typing.get_origin(hint)
    if origin is Annotated:
        base, *extra = typing.get_args(hint)
        return _type(base, [*metadata, *extra])
    meta = _meta(list(metadata)) if metadata else None
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if meta is not None:
            raise NotImplementedError(f"constraints on a union: {hint!r}")
        return typing.Union[tuple(_type(a) for a in args)]  # noqa: UP007
    if origin is Literal:
        if meta is not None:
            raise NotImplementedError(f"constraints on a literal: {hint!r}")
        return hint
    if origin in (tuple, list):
        args = typing.get_args(hint)
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise NotImplementedError(f"fixed-size tuple {hint!r}")
        inner = _type(args[0])
        built: Any = tuple[inner, ...] if origin is tuple else list[inner]  # type: ignore[valid-type]
        return Annotated[built, meta] if meta is not None else built
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        if meta is not None:
            raise NotImplementedError(f"constraints on a model: {hint!r}")
        return struct_of(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        if not all(isinstance(m.value, str) for m in hint):
            raise NotImplementedError(f"enum with values other than str: {hint!r}")
        return hint
    if hint is bool and meta is None:
        return bool
    if hint in _PLAIN:
        return Annotated[hint, meta] if meta is not None else hint
    raise NotImplementedError(f"type {hint!r}")


_STRUCTS: dict[type[BaseModel], type[FastRecord]] = {}


def struct_of(model: type[BaseModel]) -> type[FastRecord]:
    """The msgspec struct derived from a pydantic ``model`` (cached)."""
    found = _STRUCTS.get(model)
    if found is not None:
        return found
    config = model.model_config
    if config.get("extra") != "forbid":
        raise NotImplementedError(f"{model.__name__}: only extra='forbid' models are derived")
    if set(config) - {"extra", "frozen"}:
        # Any other setting (strict, str_strip_whitespace, str_max_length …)
        # changes what the model takes: not mirrored, so not derived.
        raise NotImplementedError(f"{model.__name__}: model_config {sorted(config)}")
    decorators = model.__pydantic_decorators__
    if (decorators.model_validators or decorators.field_validators) and model is not v1.Change:
        # Validators are Python: their checks are repeated by the caller (see
        # validate.parse_page for v1.Change's); any other model is refused.
        raise NotImplementedError(f"{model.__name__} has validators")
    tag: str | None = None
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for name, info in model.model_fields.items():
        if info.alias not in (None, name) or info.validation_alias not in (None, name):
            raise NotImplementedError(f"{model.__name__}.{name}: aliases")
        annotation = info.annotation
        if name == "entity" and typing.get_origin(annotation) is Literal:
            (tag,) = typing.get_args(annotation)
            continue  # the discriminator: the struct's tag
        kind = _type(annotation, list(info.metadata))
        if info.default_factory is not None:
            factory = typing.cast(typing.Callable[[], Any], info.default_factory)
            if info.default_factory_takes_validated_data:
                raise NotImplementedError(f"{model.__name__}.{name}: a factory of the data")
            fields.append((name, kind, msgspec.field(default_factory=factory)))
        elif info.default is not PydanticUndefined:
            fields.append((name, kind, info.default))
        else:
            fields.append((name, kind))
    namespace: dict[str, Any] = {"model": model}
    options: dict[str, Any] = {"forbid_unknown_fields": True}
    if tag is not None:
        namespace["entity"] = tag
        options.update(tag_field="entity", tag=tag)
    struct: type[FastRecord] = msgspec.defstruct(  # type: ignore[assignment]
        f"Fast{model.__name__}", fields, bases=(FastRecord,), namespace=namespace,
        module=__name__, kw_only=True, **options,
    )
    _STRUCTS[model] = struct
    return struct


def _members(union: Any) -> tuple[type[BaseModel], ...]:
    base, *_meta_args = typing.get_args(union)
    return typing.get_args(base)


WIRE_MODELS: tuple[type[BaseModel], ...] = _members(r.WireRecord)
# Why the fast path is off (None: on). A model this module cannot mirror
# exactly — a new kind of constraint, a validator, another pydantic's
# metadata — turns it off for every page (the models decide them all:
# slower, never weaker) rather than stopping the app;
# tests/api/test_fast_decode.py fails while it is off.
DISABLED: str | None = None
try:
    FastWireRecord: Any = typing.Union[tuple(struct_of(m) for m in WIRE_MODELS)]  # noqa: UP007
    if set(typing.get_args(v1.ChangeKind)) != {"upsert", "deleted", "left_scope"}:
        raise NotImplementedError("ChangeKind changed: review FastChange")
except NotImplementedError as exc:
    FastWireRecord = Any
    DISABLED = str(exc)
    _log.warning("fast decoding of change-feed pages is off: %s", DISABLED)


class FastChange(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, gc=False):
    """:class:`v1.Change` (its validator's checks: :func:`consistent`)."""

    seq: int
    entity: str
    id: str
    version: int
    change: v1.ChangeKind
    record: FastWireRecord | None = None

    model: typing.ClassVar[type[BaseModel]] = v1.Change


def consistent(change: FastChange) -> bool:
    """What ``v1.Change``'s model validator checks."""
    record = change.record
    if record is None:
        return change.change != "upsert"
    return (change.change == "upsert" and record.version == change.version
            and record.entity == change.entity and _key(record) == change.id)


_KEY_FIELD = {"department": "code", "service_item": "code", "case": "case_code"}


def _key(record: Any) -> str:
    """``record_key``'s id, by the record's entity."""
    return str(getattr(record, _KEY_FIELD.get(record.entity, "id")))


class FastPage(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """:class:`v1.ChangesPage`."""

    changes: list[FastChange]
    next_cursor: str
    has_more: bool
    applied_command_ids: list[str] = msgspec.field(default_factory=list)

    model: typing.ClassVar[type[BaseModel]] = v1.ChangesPage


def _check_mirrors(struct: type[msgspec.Struct], model: type[BaseModel]) -> None:
    """A hand-written mirror has the model's fields, no more, no fewer."""
    if set(struct.__struct_fields__) != set(model.model_fields):
        raise NotImplementedError(f"{struct.__name__} no longer mirrors {model.__name__}")


try:
    _check_mirrors(FastChange, v1.Change)
    _check_mirrors(FastPage, v1.ChangesPage)
except NotImplementedError as exc:
    DISABLED = str(exc)
    _log.warning("fast decoding of change-feed pages is off: %s", DISABLED)

_PAGE_DECODER = msgspec.json.Decoder(FastPage)

# A time with more than six digits of fractional seconds: msgspec rounds them
# to the microsecond, pydantic cuts them off. Where the bytes hold anything
# like it — a point and seven digits, even inside a text — the page is left
# to the models. (Starting with a literal, the search skips ahead by memchr:
# 0.3 ms for a 640 kB page; a pattern starting with \d costs 20 times that.)
_SUBMICRO = re.compile(rb"\.[0-9]{7}")


class NotFast(ValueError):
    """A page this decoder leaves to the models (a form where their values could differ)."""


def decode_page(body: bytes) -> FastPage:
    """A page's bytes as structs.

    Raises :class:`msgspec.ValidationError` or ``DecodeError`` when they
    break what the structs accept, :class:`NotFast` for a form only the
    models decide.
    """
    if DISABLED is not None:
        raise NotFast(DISABLED)
    if _SUBMICRO.search(body):
        raise NotFast("sub-microsecond time")
    return _PAGE_DECODER.decode(body)


def to_builtins(value: Any) -> Any:
    """A struct (or a list of them) as JSON-able builtins, as ``model_dump(mode="json")``."""
    return msgspec.to_builtins(value)
