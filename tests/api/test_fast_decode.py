"""The fast page decoder (msgspec, derived) against the contract's pydantic models.

``backoffice.api.fast`` derives its structs from the models; the client
takes a page by them when they accept it, else by the models. So what must
hold, for any page:

* sound — whatever the fast decoder accepts, the models accept too, with
  the same values (so accepting it fast changes nothing);
* complete for what the platform sends — every valid record, in the JSON
  form the platform writes, is accepted fast (else the speed is lost, not
  correctness);
* and so ``parse_page`` (fast, then models) answers exactly as the models
  alone do (``_parse_page_models``): same changes, same quarantined items
  with the same reasons.

Records are generated from the models' own field annotations and
constraints (valid ones), then mutated: wrong types, out of range, bad enum
values, missing and unknown fields, overlong strings, a newline after a
hash, sub-microsecond times, numbers as strings, and so on.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from typing import Annotated, Any, Literal

import annotated_types
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from backoffice.api import fast, v1
from backoffice.remote import validate

_TZ = [dt.UTC, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-5, minutes=-30))]


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(_constraints(list(item.metadata)))
        elif isinstance(item, annotated_types.MinLen):
            found["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            found["max_length"] = item.max_length
        elif isinstance(item, (annotated_types.Ge, annotated_types.Gt, annotated_types.Le)):
            found.update(vars(item) if hasattr(item, "__dict__") else
                         {k: getattr(item, k) for k in item.__dataclass_fields__})
        else:
            found.update(vars(item))  # pattern
    return found


def _value(hint: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """JSON values (as the platform writes them) valid for a field."""
    origin = typing.get_origin(hint)
    if origin is Annotated:
        base, *extra = typing.get_args(hint)
        return _value(base, [*metadata, *extra])
    limits = _constraints(metadata)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_value(a, metadata) for a in typing.get_args(hint)))
    if origin is Literal:
        return st.sampled_from(typing.get_args(hint))
    if origin in (tuple, list):
        return st.lists(_value(typing.get_args(hint)[0], []), max_size=3)
    if hint is type(None):
        return st.none()
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return _record(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from([m.value for m in hint])
    if hint is bool:
        return st.booleans()
    if hint is int:
        low = limits.get("ge", limits.get("gt", -(2**40) - 1) + 1)
        return st.integers(low, limits.get("le", 2**40))
    if hint is dt.date:
        return st.dates().map(dt.date.isoformat)
    if hint is dt.datetime:
        return st.datetimes(timezones=st.none() | st.sampled_from(_TZ)).map(dt.datetime.isoformat)
    if hint is str:
        if "pattern" in limits:
            return st.from_regex(limits["pattern"].rstrip("$").lstrip("^") + r"\Z",
                                 fullmatch=True)
        low, high = limits.get("min_length", 0), limits.get("max_length", 20)
        return st.text(min_size=low, max_size=min(high, low + 12))
    raise NotImplementedError(hint)


def _record(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """A valid record of ``model`` as a JSON object (optional fields sometimes left out)."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        strategy = _value(info.annotation, list(info.metadata))
        if info.is_required():
            required[name] = strategy
        else:
            optional[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


WIRE = fast.WIRE_MODELS
_BAD = ["", "x", "7", "1.5", "2026-01-01", "2026-01-01T00:00", "2026-01-01T00:00:00.1234567Z",
        "a" * 65, "a" * 129, "é" * 2001, "0" * 64 + "\n", "A" * 64, 0, 1, -1, 1.0, 1.5,
        2**64, True, False, None, [], ["x"], {}, {"x": 1}]


@st.composite
def _mutated(draw: st.DrawFn, model: type[BaseModel]) -> dict[str, Any]:
    record = dict(draw(_record(model)))
    how = draw(st.sampled_from(["set", "drop", "extra", "entity", "nested", "none"]))
    names = list(model.model_fields)
    if how == "set":
        record[draw(st.sampled_from(names))] = draw(st.sampled_from(_BAD))
    elif how == "drop" and record:
        del record[draw(st.sampled_from(sorted(record)))]
    elif how == "extra":
        record[draw(st.sampled_from(["extra", "Entity", "case_code ", "due"]))] = 1
    elif how == "entity":
        record["entity"] = draw(st.sampled_from(["", "cases", "Case", None, 1,
                                                 *[m.model_fields["entity"].default
                                                   for m in WIRE]]))
    elif how == "nested":
        lists = [k for k, v in record.items() if isinstance(v, list) and v
                 and isinstance(v[0], dict)] + [k for k, v in record.items()
                                                 if isinstance(v, dict)]
        if lists:
            key = draw(st.sampled_from(lists))
            inner = record[key][0] if isinstance(record[key], list) else record[key]
            inner = dict(inner)
            if inner and draw(st.booleans()):
                inner[draw(st.sampled_from(sorted(inner)))] = draw(st.sampled_from(_BAD))
            else:
                inner["unknown"] = "x"
            record[key] = [inner] if isinstance(record[key], list) else inner
    return record


def _change(record: Any, *, seq: int = 1, tweak: str = "") -> dict[str, Any]:
    entity = record.get("entity") if isinstance(record, dict) else None
    key = ""
    if isinstance(record, dict):
        key = record.get({"department": "code", "service_item": "code",
                          "case": "case_code"}.get(str(entity), "id"), "")
    version = record.get("version", 0) if isinstance(record, dict) else 0
    change = {"seq": seq, "entity": entity, "id": key, "version": version, "change": "upsert",
              "record": record}
    if tweak == "id":
        change["id"] = f"{key}x"
    elif tweak == "version":
        change["version"] = version + 1 if isinstance(version, int) else 0
    elif tweak == "deleted":
        change["change"] = "deleted"
    elif tweak == "left_scope":
        change.update(change="left_scope", record=None)
    elif tweak == "no_record":
        change["record"] = None
    return change


def _page(changes: list[dict[str, Any]], cursor: Any = "c1") -> bytes:
    return json.dumps({"changes": changes, "next_cursor": cursor, "has_more": False,
                       "applied_command_ids": []}, ensure_ascii=False).encode()


def _plain(value: Any) -> Any:
    """Comparable Python values of a model or struct (attributes, recursively)."""
    if isinstance(value, BaseModel):
        return (type(value).__name__, {k: _plain(getattr(value, k))
                                       for k in type(value).model_fields})
    if isinstance(value, fast.FastRecord | fast.FastChange | fast.FastPage):
        fields = {k: _plain(getattr(value, k)) for k in value.__struct_fields__}
        if hasattr(type(value), "entity") and "entity" not in fields:
            fields["entity"] = _plain(value.entity)  # the tag
        return (value.model.__name__, fields)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return (value, value.utcoffset())  # the same instant *and* offset
    if isinstance(value, enum.Enum):
        return (type(value), value)
    return (type(value), value)


def _models(body: bytes) -> v1.ChangesPage | None:
    try:
        page = v1.ChangesPage.model_validate_json(body)
    except ValidationError:
        return None
    return page if 0 < len(page.next_cursor) <= 200 else None


def _fast(body: bytes) -> fast.FastPage | None:
    try:
        page = fast.decode_page(body)
    except (ValueError, fast.msgspec.DecodeError):
        return None
    ok = 0 < len(page.next_cursor) <= 200 and all(map(fast.consistent, page.changes))
    return page if ok else None


def _same_answer(body: bytes) -> None:
    """The properties of the module docstring, for one page."""
    quick, models = _fast(body), _models(body)
    if quick is not None:
        assert models is not None, "the fast decoder took a page the contract refuses"
        assert _plain(quick)[1] == _plain(models)[1]
    together = validate.parse_page(body, host="h")
    alone = validate._parse_page_models(body, host="h")
    assert [_plain(c)[1] for c in together.changes] == [_plain(c)[1] for c in alone.changes]
    assert together.rejected == alone.rejected
    assert (together.next_cursor, together.has_more) == (alone.next_cursor, alone.has_more)


def test_the_fast_path_is_on() -> None:
    """Off (every page by the models) only when a model could not be mirrored."""
    assert fast.DISABLED is None


def test_every_wire_model_is_derived_with_its_fields_and_tag() -> None:
    for model in WIRE:
        struct = fast.struct_of(model)
        fields = set(model.model_fields) - {"entity"}
        assert set(struct.__struct_fields__) == fields, model
        assert struct.entity == model.model_fields["entity"].default


@pytest.mark.parametrize("model", WIRE, ids=lambda m: m.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_valid_records_are_taken_fast_with_the_models_values(model: type[BaseModel],
                                                             data: st.DataObject) -> None:
    record = data.draw(_record(model))
    record.setdefault("entity", model.model_fields["entity"].default)
    body = _page([_change(record)])
    if _models(body) is None:
        return  # a generated value the contract refuses after all (e.g. a pattern edge)
    quick = _fast(body)
    assert quick is not None, body[:500]
    _same_answer(body)


@pytest.mark.parametrize("model", WIRE, ids=lambda m: m.__name__)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_records_get_the_models_answer(model: type[BaseModel],
                                               data: st.DataObject) -> None:
    record = data.draw(_mutated(model))
    tweak = data.draw(st.sampled_from(["", "", "", "id", "version", "deleted", "left_scope",
                                       "no_record"]))
    good = data.draw(_record(model))
    good["entity"] = model.model_fields["entity"].default
    changes = [_change(good, seq=1), _change(record, seq=2, tweak=tweak)]
    _same_answer(_page(changes))


@settings(max_examples=100, deadline=None)
@given(cursor=st.sampled_from(["", "c", "x" * 200, "x" * 201, 5, None]),
       has_more=st.sampled_from([True, False, 0, "true", None]),
       applied=st.sampled_from([[], ["a"], [1], "a", None]))
def test_envelopes_get_the_models_answer(cursor: Any, has_more: Any, applied: Any) -> None:
    body = json.dumps({"changes": [], "next_cursor": cursor, "has_more": has_more,
                       "applied_command_ids": applied}).encode()
    if _models(body) is None:
        assert _fast(body) is None
        with pytest.raises(Exception):  # noqa: B017 - remote.bad_payload, as before
            validate._parse_page_models(body, host="h")
    else:
        _same_answer(body)


def test_a_pattern_is_anchored_at_the_very_end() -> None:
    """Python's ``$`` matches before a final newline; the contract's (Rust) does not."""
    record = {"entity": "material", "id": "m1", "case_code": "C1", "name": "n",
              "department_code": "D", "file_sha256": "0" * 64 + "\n"}
    body = _page([_change(record)])
    assert _fast(body) is None and _models(body) is None
    _same_answer(body)


def test_sub_microsecond_times_are_left_to_the_models() -> None:
    """msgspec rounds a seventh fractional digit, pydantic cuts it: the models decide."""
    record = {"entity": "comment", "id": "c1", "case_code": "C1", "department_code": "D",
              "author": "a", "text": "t", "created_at": "2026-01-01T00:00:00.9999999+08:00"}
    body = _page([_change(record)])
    assert _fast(body) is None
    page = validate.parse_page(body, host="h")
    assert page.changes[0].record.created_at.microsecond == 999999  # type: ignore[union-attr]


def test_lax_forms_only_the_models_take_still_get_through() -> None:
    """A number as a string is the models' to take (pydantic's lax mode), not lost."""
    record = {"entity": "department", "code": "D", "name": "n", "division_code": "1",
              "version": "3"}
    body = _page([{"seq": 1, "entity": "department", "id": "D", "version": 3,
                   "change": "upsert", "record": record}])
    assert _fast(body) is None
    page = validate.parse_page(body, host="h")
    assert not page.rejected and page.changes[0].record.version == 3  # type: ignore[union-attr]


def test_a_malformed_record_is_quarantined_alone_with_the_models_reason() -> None:
    good = {"entity": "department", "code": "D", "name": "n", "division_code": "1"}
    bad = {"entity": "case", "case_code": "C1", "status": "nonsense"}
    page = validate.parse_page(_page([_change(good), _change(bad, seq=2)]), host="h")
    assert [c.id for c in page.changes] == ["D"]
    (rejected,) = page.rejected
    assert rejected.entity == "case" and rejected.reason.startswith("record.case.")
