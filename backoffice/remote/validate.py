"""Answers checked against the contract, one record at a time.

A change-feed page or a command batch's results arrive as one JSON document,
but a single malformed record must not cost the others, nor reach the store
as if it were valid. So the envelope (cursor, ``has_more``, the list itself)
must be right or the whole answer is ``remote.bad_payload``; inside it, each
change or result is validated on its own, and one that fails is returned
apart as :class:`Rejected` — quarantined, with its raw form (size-capped),
its entity and id if they can be read, and a short reason — and logged.

The common case costs one pass: the whole page is decoded straight from the
JSON bytes into the structs :mod:`backoffice.api.fast` derives from the
contract's models (msgspec: a few µs a record, against ~35 µs for a pydantic
model). Those accept a subset of what the models accept, with the same
values; a page they refuse goes to the models themselves — first the whole
page, then, if that fails too, change by change — so a record in a form only
the models take is still taken, and a malformed one is quarantined with the
models' reason.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Annotated, Any

import msgspec
import requests.utils
from pydantic import Field, ValidationError

from backoffice.api import fast, v1
from backoffice.api.records import (
    CaseRecord,
    DepartmentRecord,
    MaterialRecord,
    ReviewTaskRecord,
    ServiceItemRecord,
    Strict,
    record_key,
)
from backoffice.remote.errors import BAD_PAYLOAD, RemoteError

_log = logging.getLogger("backoffice.remote")

RAW_CAP = 16 * 1024  # characters of a rejected item's JSON kept for the quarantine


@dataclass(frozen=True, slots=True)
class Rejected:
    """An item of an answer that failed validation; never applied."""

    reason: str  # the first validation error, e.g. "record.case.status: Input should be …"
    raw: dict[str, Any] | str  # the item as received, or its JSON cut to RAW_CAP characters
    entity: str | None = None
    id: str | None = None
    command_id: str | None = None


# A valid change: the contract's model, or the struct derived from it (same fields).
PulledChange = v1.Change | fast.FastChange


@dataclass(frozen=True, slots=True)
class PulledPage:
    changes: Sequence[PulledChange]  # valid, in feed order
    rejected: list[Rejected]
    next_cursor: str
    has_more: bool
    applied_command_ids: list[str]


@dataclass(frozen=True, slots=True)
class PushResults:
    results: list[v1.CommandResult]  # valid, in the order of the answer
    rejected: list[Rejected]


Cursor = Annotated[str, Field(min_length=1, max_length=200)]


class _PageEnvelope(Strict):
    changes: list[Any]
    next_cursor: Cursor
    has_more: bool
    applied_command_ids: list[str] = Field(default_factory=list)


class _Change(v1.Change):
    """``v1.Change`` without its model validator, which pydantic would call per change.

    The page's pass checks the same in :func:`_consistent` (a fraction of
    the cost of calling back into Python from the validator); a page where
    a change fails it is validated again change by change, with the real model.
    """

    def _consistent(self) -> v1.Change:  # type: ignore[override]  # drops the validator
        return self


class _Page(v1.ChangesPage):
    changes: list[_Change]  # type: ignore[assignment]


def _consistent(change: v1.Change) -> bool:
    """What ``v1.Change``'s validator checks (``record_key`` by one lookup per record)."""
    record = change.record
    if record is None:
        return change.change != "upsert"
    key = _KEYS.get(type(record))
    return (change.change == "upsert" and record.version == change.version
            and record.entity == change.entity
            and (key(record) if key else record_key(record)[1]) == change.id)


_KEYS: dict[type, Callable[[Any], str]] = {
    cls: attrgetter(name)
    for cls, name in ((DepartmentRecord, "code"), (ServiceItemRecord, "code"),
                      (CaseRecord, "case_code"), (MaterialRecord, "id"),
                      (ReviewTaskRecord, "id"))
}


class _ResultsEnvelope(Strict):
    results: list[Any]


def reason(exc: ValidationError) -> str:
    """A short, input-free summary: the first error's location and message."""
    found = exc.errors(include_url=False, include_input=False, include_context=False)
    if not found:
        return "invalid"
    first = found[0]
    where = ".".join(str(p) for p in first["loc"])
    text = f"{where}: {first['msg']}" if where else str(first["msg"])
    if len(found) > 1:
        text += f" (+{len(found) - 1} more)"
    return text[:300]


def _capped(raw: Any) -> dict[str, Any] | str:
    try:
        text = json.dumps(raw, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(raw)
    if isinstance(raw, dict) and len(text) <= RAW_CAP:
        return raw
    return text[:RAW_CAP]


def _field(raw: Any, name: str, cap: int = 128) -> str | None:
    value = raw.get(name) if isinstance(raw, dict) else None
    return value[:cap] if isinstance(value, str) else None


def _reject(raw: Any, why: str, *, what: str) -> Rejected:
    rejected = Rejected(why, _capped(raw), _field(raw, "entity", 64), _field(raw, "id"),
                        _field(raw, "command_id"))
    _log.warning("quarantined a malformed %s (entity=%s id=%s command=%s): %s", what,
                 rejected.entity, rejected.id, rejected.command_id, why)
    return rejected


def _json(body: bytes, host: str) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:
        raise RemoteError(BAD_PAYLOAD, host=host, reason=unreadable_json(body, exc)) from None


def unreadable_json(body: bytes, exc: ValueError) -> str:
    """Why ``body`` is not JSON: ``truncated`` when JSON stops short, else ``not_json``.

    A cut answer is a broken connection or a proxy, not a platform that sends
    another format: calling it "not JSON" sent support after the wrong party.
    """
    starts = body.lstrip()[:1]
    if starts not in (b"{", b"["):
        return "not_json"
    if isinstance(exc, json.JSONDecodeError):
        ended = exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated string")
    else:  # pydantic's: "EOF while parsing …"
        ended = "EOF while parsing" in str(exc)
    return "truncated" if ended else "not_json"


def _envelope(model: type[Strict], data: Any, host: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RemoteError(BAD_PAYLOAD, host=host, reason="wrong_shape",
                          detail=reason(exc)) from None


def parse_page(body: bytes, *, host: str) -> PulledPage:
    """A change-feed page; raises ``remote.bad_payload`` unless its envelope is valid."""
    try:
        quick = fast.decode_page(body)
    except (msgspec.ValidationError, msgspec.DecodeError, fast.NotFast):
        pass
    else:
        if 0 < len(quick.next_cursor) <= 200 and all(map(fast.consistent, quick.changes)):
            return PulledPage(quick.changes, [], quick.next_cursor, quick.has_more,
                              quick.applied_command_ids)
    return _parse_page_models(body, host=host)


def next_page_cursor(headers: Mapping[str, str]) -> str | None:
    """The cursor a feed answer's ``Link: <…?since=C…>; rel="next"`` header names, if any.

    Only the cursor is taken, never the URL: the next request is built as
    usual, to the signed-in platform. A header that does not name one plainly
    (no such link, a path other than the feed's, a cursor of another form or
    over the contract's 200 characters) is ignored — the page's own
    ``next_cursor`` then leads on, a round trip later.
    """
    value = headers.get("Link")
    if not value:
        return None
    for link in requests.utils.parse_header_links(value):
        if link.get("rel") != "next":
            continue
        try:
            parts = urllib.parse.urlsplit(link.get("url", ""))
        except ValueError:  # e.g. a broken IPv6 host: not plainly a link
            return None
        since = urllib.parse.parse_qs(parts.query).get("since", [])
        if parts.path.endswith("/changes") and len(since) == 1 and _CURSOR.fullmatch(since[0]):
            return since[0]
    return None


_CURSOR = re.compile(r"[A-Za-z0-9_.~=-]{1,200}")  # URL-safe, as cursors are


def _parse_page_models(body: bytes, *, host: str) -> PulledPage:
    """:func:`parse_page` by the pydantic models alone (the fast path's fallback)."""
    try:
        page = _Page.model_validate_json(body)
    except ValidationError:
        pass
    else:
        if 0 < len(page.next_cursor) <= 200 and all(map(_consistent, page.changes)):
            return PulledPage(list(page.changes), [], page.next_cursor, page.has_more,
                              list(page.applied_command_ids))
    envelope: _PageEnvelope = _envelope(_PageEnvelope, _json(body, host), host)
    changes: list[v1.Change] = []
    rejected: list[Rejected] = []
    for raw in envelope.changes:
        try:
            changes.append(v1.Change.model_validate(raw))
        except ValidationError as exc:
            rejected.append(_reject(raw, reason(exc), what="change"))
    return PulledPage(changes, rejected, envelope.next_cursor, envelope.has_more,
                      list(envelope.applied_command_ids))


def parse_results(body: bytes, sent: Collection[str], *, host: str) -> PushResults:
    """A command batch's results; a result for a command not in ``sent`` is rejected too."""
    items: list[Any]
    results: list[v1.CommandResult] = []
    rejected: list[Rejected] = []
    try:
        parsed = v1.CommandResults.model_validate_json(body)
    except ValidationError:
        items = _envelope(_ResultsEnvelope, _json(body, host), host).results
    else:
        items = list(parsed.results)
    for item in items:
        try:
            result = item if isinstance(item, v1.CommandResult) else \
                v1.CommandResult.model_validate(item)
        except ValidationError as exc:
            rejected.append(_reject(item, reason(exc), what="command result"))
            continue
        if result.command_id not in sent:
            rejected.append(_reject(result.model_dump(mode="json"),
                                    "command_id: not a command of this batch",
                                    what="command result"))
            continue
        results.append(result)
    return PushResults(results, rejected)
