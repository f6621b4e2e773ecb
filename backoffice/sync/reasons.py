"""Why a queued change stopped, in words — the one rule for the app and the CLI.

The outbox keeps the platform's code and the details its sentence needs
(which department, which date), as far as they were plain enough to keep
(``backoffice.store.outbox.plain_details``); a row stored before 0014 has
none. A code whose sentence the kept ``details`` and the caller's
``params`` (a colleague's name) can fill is said; so is one whose catalog
has a sentence for it without its details (``<code>.unnamed``:
"role.missing" without the role); any other gets a general sentence with
the code, for support — never a raw code with a parameter dump.

The same for a record set aside (quarantined) as malformed: its reason is
kept as written for support (``code: {params}`` for a rule it breaks,
``where: what`` for a form it does not have); a person reads it as a
sentence (:func:`set_aside_reason`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from backoffice import messages
from backoffice.store.reason_details import plain_details

if TYPE_CHECKING:
    from backoffice.store import Store

# "record.time_out_of_range: {'field': 'created_at', …}": a rule's code and params,
# as the sync keeps them (wire.py, engine.py).
_CODED = re.compile(r"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+): (\{.*\})", re.DOTALL)
# The parts of a path that hold records rather than name a field of one (a result's).
_CONTAINERS = frozenset({"record", "related"})
SET_ASIDE_SHOWN = 20  # the newest, in ``backoffice status`` and the diagnostics


def stopped_reason(code: str | None, *, refused: bool, lang: str | None = None,
                   params: Mapping[str, Any] | None = None,
                   details: Mapping[str, Any] | None = None) -> str:
    """``code`` (None: a plain conflict) of a change ``refused`` or in conflict, in words.

    ``details``: the platform's, kept with the code; they win over the
    caller's ``params``, which are worked out here after the fact.
    """
    code = code or "sync.conflict"
    # Checked again: a caller may hand them on from anywhere, and they are said as text.
    given = messages.with_fallbacks(code, {**(params or {}), **(plain_details(details) or {})})
    template = messages.CATALOG.get(code, {}).get(messages.resolve_language(lang))
    if template is not None and messages.placeholders(template) <= given.keys():
        return messages.render_code(code, given, lang)
    if f"{code}.unnamed" in messages.CATALOG:
        return messages.render_code(f"{code}.unnamed", {}, lang)
    general = "sync.refused_code" if refused else "sync.conflict_code"
    return messages.render_code(general, {"code": code}, lang)


def set_aside_reason(reason: str, lang: str | None = None) -> str:
    """The reason a record was set aside (as kept) as a sentence in ``lang``.

    A code whose sentence its params fill is said; any other code gets a
    general sentence naming it; a form not matching the contract names
    where, when that is plain enough to say.
    """
    coded = _CODED.fullmatch(reason)
    if coded is not None:
        code = coded.group(1)
        try:
            params = plain_details(ast.literal_eval(coded.group(2))) or {}
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            params = {}  # a value without a literal (a date): the code alone is said
        template = messages.CATALOG.get(code, {}).get(messages.resolve_language(lang))
        if template is not None and messages.placeholders(template) <= params.keys():
            return messages.render_code(code, params, lang)
        return messages.render_code("sync.set_aside_code", {"code": code}, lang)
    where = where_words(reason.split(": ", 1)[0] if ": " in reason else "", lang)
    if where is not None:
        return messages.render_code("sync.set_aside_malformed", {"where": where}, lang)
    return messages.render_code("sync.set_aside_malformed.unnamed", {}, lang)


def where_words(path: str, lang: str | None = None) -> str | None:
    """The contract's field ``path`` ("record.department.version") in glossary words.

    The record's own field is named (the applicant of a case, not the
    applicant's name), and the kind of record it is in; a field the glossary
    has no word for is "a field of" its record, and without a known record
    kind nothing is said (None): a person never reads a dotted path. The
    stored reason (``--json``'s ``raw_reason``) keeps it for support.
    """
    # Here, not at the top: the shell imports this module before its first paint,
    # and the contract's models (pydantic) are loaded only after it.
    from backoffice.api.records import ENTITIES

    parts = [p for p in path.split(".") if p and not p.isdigit()]
    kinds = [p for p in parts if p in ENTITIES]
    names = [p for p in parts if p not in ENTITIES and p not in _CONTAINERS]
    entity = kinds[-1] if kinds else None
    # The first name after the innermost record kind is that record's own field.
    below = parts[parts.index(entity) + 1:] if entity else names
    name = field_word(below[0], lang) if below and below[0] in names else None
    if name is not None:
        if entity is None:
            return messages.render_code("sync.set_aside_where.field", {"name": name}, lang)
        return messages.render_code("sync.set_aside_where.field_of",
                                    {"name": name, "entity": entity}, lang)
    if entity is not None:
        return messages.render_code("sync.set_aside_where.record", {"entity": entity}, lang)
    return None


def field_word(name: str, lang: str | None = None) -> str | None:
    """A field of the contract's records in words; None when the glossary has none."""
    for key in (f"field.{name}", name):
        if key in messages.TERMS:
            return messages.term(key, lang)
    return None


def set_aside(store: Store, lang: str | None = None, *,
              limit: int = SET_ASIDE_SHOWN) -> list[dict[str, Any]]:
    """The newest records set aside: what, when, why in words, and the reason as kept."""
    with store.read() as uow:
        kept = uow.quarantine.entries(limit=limit)
    return [{"id": q.id, "source": q.source, "entity": q.entity, "entity_id": q.entity_id,
             "received_at": q.received_at.isoformat(),
             "reason": set_aside_reason(q.reason, lang), "raw_reason": q.reason}
            for q in kept]
