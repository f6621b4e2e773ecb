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
    where = reason.split(": ", 1)[0] if ": " in reason else ""
    field = (plain_details({"field": where}) or {}).get("field")
    if isinstance(field, str) and field.strip():
        return messages.render_code("sync.set_aside_malformed", {"field": field}, lang)
    return messages.render_code("sync.set_aside_malformed.unnamed", {}, lang)


def set_aside(store: Store, lang: str | None = None, *,
              limit: int = SET_ASIDE_SHOWN) -> list[dict[str, Any]]:
    """The newest records set aside: what, when, why in words, and the reason as kept."""
    with store.read() as uow:
        kept = uow.quarantine.entries(limit=limit)
    return [{"id": q.id, "source": q.source, "entity": q.entity, "entity_id": q.entity_id,
             "received_at": q.received_at.isoformat(),
             "reason": set_aside_reason(q.reason, lang), "raw_reason": q.reason}
            for q in kept]
