"""Field mode's unsaved entries, one draft per inspection, kept until saved.

An inspector on site moves between inspections before saving; what was
typed and the photos attached must still be there when they come back, and
after the session closes (sign-out, quit, a crash after a switch). A draft
is the form as the person left it — raw text and choices, not an
:class:`InspectionPart`, which refuses half-done entries (a failed point
without its note yet) that are normal while typing.

Drafts live in the local store's key/value table, never in the outbox:
nothing of them reaches the platform until the person saves. A photo
attached to a draft is pinned in the file cache, never evicted while the
draft is kept; a draft dropped (saved, emptied, or final meanwhile) lets go
of the photos nothing else names (``files_outbox.release_dropped``).

Here, below the UI, and not in the field form (``ui/planner/field.py``): what
lets photos go outside the app — ``backoffice conflicts --discard``
(:func:`discard_command`) — must see the kept drafts' photos too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from backoffice.domain import inspections as di
from backoffice.domain.errors import BackofficeError
from backoffice.store import Store
from backoffice.sync.files import PIN_UPLOAD, FileCache, FilesError
from backoffice.sync.files_outbox import discard_and_release, release_dropped

DRAFTS_KEY = "ui.field_drafts"  # inspection id → the draft, as JSON


@dataclass(frozen=True, slots=True)
class Draft:
    lines: tuple[tuple[str, str, str], ...]  # (point, verdict value, note)
    findings: str
    photos: tuple[di.InspectionPhoto, ...]
    corrections: str  # the box's text, one correction a line
    result: str | None  # an InspectionResult value
    confirm: bool
    # The part's version the entries were made on: saved, they are a command on it,
    # so a colleague's save since is a conflict rather than overwritten. None: a
    # draft kept before this was recorded (made on whatever is current).
    base: int | None = None

    def entries(self) -> Draft:
        """The entries alone, whatever version they were made on (to compare forms)."""
        return replace(self, base=None)

    def line(self, item: str) -> tuple[str, str] | None:
        """(verdict, note) the draft has for checklist point ``item``."""
        return next(((v, n) for i, v, n in self.lines if i == item), None)


def corrections_text(corrections: tuple[di.OnSiteCorrection, ...]) -> str:
    return "\n".join(f"{c.item}: {c.requirement}" for c in corrections)


# The first colon of either width ends the point: the requirement may hold a time
# ("17:00") and a Chinese keyboard types "：".
_POINT_END = re.compile("[:：]")


def corrections_of(text: str) -> list[di.OnSiteCorrection]:
    """The corrections box's lines, ``point: what to correct`` (a line without a point is
    only the requirement)."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = _POINT_END.split(line, maxsplit=1)
        item, requirement = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        if not requirement.strip():  # "point:" alone: the point is what to correct
            item, requirement = "", item
        out.append(di.OnSiteCorrection(item.strip(), requirement.strip()))
    return out


def of_part(part: di.InspectionPart) -> Draft:
    """The form as it shows ``part`` untouched (a form equal to it has nothing unsaved)."""
    return Draft(tuple((x.item, x.verdict.value, x.note) for x in part.lines), part.findings,
                 tuple(part.photos), corrections_text(part.corrections),
                 None if part.result is None else part.result.value, part.confirmed,
                 part.version)


def _encode(draft: Draft) -> dict[str, Any]:
    return {"lines": [list(x) for x in draft.lines], "findings": draft.findings,
            "photos": [[p.sha256, p.original_sha256, p.caption] for p in draft.photos],
            "corrections": draft.corrections, "result": draft.result,
            "confirm": draft.confirm, "base": draft.base}


def _decode(raw: Mapping[str, Any]) -> Draft:
    return Draft(tuple((str(a), str(b), str(c)) for a, b, c in raw["lines"]),
                 str(raw["findings"]),
                 tuple(di.InspectionPhoto(str(a), str(b), str(c)) for a, b, c in raw["photos"]),
                 str(raw["corrections"]),
                 None if raw["result"] is None else str(raw["result"]), bool(raw["confirm"]),
                 None if raw.get("base") is None else int(raw["base"]))


def load(store: Store) -> dict[str, Draft]:
    """The drafts kept by an earlier session (a damaged entry is dropped, not fatal)."""
    with store.read() as uow:
        return _parsed(uow.sync_state.get(DRAFTS_KEY))


def _parsed(text: str | None) -> dict[str, Draft]:
    out: dict[str, Draft] = {}
    try:
        kept = json.loads(text) if text else {}
    except ValueError:
        return out
    for key, raw in kept.items() if isinstance(kept, dict) else ():
        try:
            out[str(key)] = _decode(raw)
        except (KeyError, TypeError, ValueError, BackofficeError):
            continue
    return out


def _photos(drafts: Iterable[Draft]) -> set[str]:
    return {p.sha256 for d in drafts for p in d.photos}


def kept_photos(store: Store) -> set[str]:
    """The photos the kept drafts hold: they stay pinned, the draft may be saved."""
    return _photos(load(store).values())


def keep(store: Store, drafts: Mapping[str, Draft], files: FileCache) -> list[str]:
    """Write ``drafts`` (all of them: the stored set is replaced); the photos let go.

    A photo the stored set had and ``drafts`` no longer has is unpinned in
    ``files`` unless a command still names it (saved, it goes up with it).
    """
    text = json.dumps({k: _encode(d) for k, d in sorted(drafts.items())}, ensure_ascii=False)
    with store.write() as uow:
        before = _parsed(uow.sync_state.get(DRAFTS_KEY))
        uow.sync_state.set(DRAFTS_KEY, text)
    kept = _photos(drafts.values())
    released = release_dropped(store, files, _photos(before.values()) - kept, kept)
    _pin_again(files, kept)
    return released


def _pin_again(files: FileCache, photos: Iterable[str]) -> None:
    """Pin for upload again a kept draft's photo let go meanwhile: a discard outside this
    process (``backoffice conflicts --discard``, another app sharing the folder) cannot
    see a form's entries still waiting to be kept, and the draft may be saved with it."""
    for sha in photos:
        try:
            if files.has(sha) and PIN_UPLOAD not in files.pins(sha):
                files.pin(sha, PIN_UPLOAD)
        except FilesError:  # evicted meanwhile, or not a hash (a damaged draft)
            continue


def let_go(store: Store, files: FileCache, sha256: str) -> list[str]:
    """Unpin a photo taken off the form unless a kept draft or a command names it.

    Attached and removed before any draft kept it, nothing else would ever
    let it go; a kept draft that has it lets go of it when next kept (:func:`keep`).
    """
    return release_dropped(store, files, [sha256], kept_photos(store))


def discard_command(store: Store, files: FileCache, command_id: str) -> bool:
    """Discard a command from the conflicts and let go of its photos no kept draft and no
    other command names (``files_outbox.discard_and_release``); False when it was gone.

    For a discard outside the app: the app's conflict list adds the photos its open
    field form shows (``ui.planner.draft_photos``)."""
    return discard_and_release(store, files, command_id, kept_photos(store))
