"""Why a queued change stopped, in words — the one rule for the app and the CLI.

The outbox keeps the platform's code and the details its sentence needs
(which department, which date), as far as they were plain enough to keep
(``backoffice.store.outbox.plain_details``); a row stored before 0014 has
none. A code whose sentence the kept ``details`` and the caller's
``params`` (a colleague's name) can fill is said; so is one whose catalog
has a sentence for it without its details (``<code>.unnamed``:
"role.missing" without the role); any other gets a general sentence with
the code, for support — never a raw code with a parameter dump.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backoffice import messages
from backoffice.store.reason_details import plain_details


def stopped_reason(code: str | None, *, refused: bool, lang: str | None = None,
                   params: Mapping[str, Any] | None = None,
                   details: Mapping[str, Any] | None = None) -> str:
    """``code`` (None: a plain conflict) of a change ``refused`` or in conflict, in words.

    ``details``: the platform's, kept with the code; they win over the
    caller's ``params``, which are worked out here after the fact.
    """
    code = code or "sync.conflict"
    # Checked again: a caller may hand them on from anywhere, and they are said as text.
    given = {**(params or {}), **(plain_details(details) or {})}
    template = messages.CATALOG.get(code, {}).get(messages.resolve_language(lang))
    if template is not None and messages.placeholders(template) <= given.keys():
        return messages.render_code(code, given, lang)
    if f"{code}.unnamed" in messages.CATALOG:
        return messages.render_code(f"{code}.unnamed", {}, lang)
    general = "sync.refused_code" if refused else "sync.conflict_code"
    return messages.render_code(general, {"code": code}, lang)
