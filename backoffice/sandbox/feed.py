"""``GET /api/v1/changes``: the caller's visible changes after a cursor.

A page is the union, by seq, of (a) records the caller's department may see
whose latest seq is past the cursor — each once, in its current state, in
the caller's view — and (b) ``left_scope`` events for that department.
The first page of a fresh client (no cursor) is therefore a snapshot.

The cursor is ``base64url("1:<epoch>:<seq>")``. The epoch is random per
database (``db.create_schema``), so a cursor from another or a re-seeded
database is recognised and answered with 410 ``cursor.expired``, as is one
ahead of the database. Cursors never expire otherwise: nothing is compacted.

Reads take the head seq *first* and only look at seq ≤ head: every write
that commits later has a higher seq (see :mod:`backoffice.sandbox.db`), so
advancing an idle client to the head never skips a change.

The body is assembled from the stored JSON text without re-encoding
records (only other departments' tasks are parsed, to reduce them): a
snapshot page of thousands of records costs a query and string joins.

A page with more after it also names the next one in a ``Link: <…>;
rel="next"`` header (RFC 8288), which arrives before the body: a client may
ask for the next page while this one is still on the way, so a first pull
over a slow link is not a chain of round trips.
"""

from __future__ import annotations

import base64
import binascii
import json
import urllib.parse
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from backoffice.sandbox import db
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.ledger import view, visible

# The JSON string literal of a str, as json.dumps(..., ensure_ascii=False) writes it.
_string = json.encoder.encode_basestring


def encode_cursor(epoch: str, seq: int) -> str:
    return base64.urlsafe_b64encode(f"1:{epoch}:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, epoch: str, head: int) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, their_epoch, seq_text = text.split(":")
        seq = int(seq_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(410, "cursor.expired") from None
    if version != "1" or their_epoch != epoch or not 0 <= seq <= head:
        raise ApiError(410, "cursor.expired")
    return seq


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # the JSON text of a backoffice.api.v1.ChangesPage
    next_cursor: str
    has_more: bool

    def link(self, path: str, limit: int) -> str | None:
        """The ``Link`` header naming the next page (None at the end of the feed)."""
        if not self.has_more:
            return None
        query = urllib.parse.urlencode({"since": self.next_cursor, "limit": limit})
        return f'<{path}?{query}>; rel="next"'


def page(conn: Connection, *, department: str, username: str, cursor: str | None,
         limit: int) -> Page:
    """One page of the feed after ``cursor``."""
    head = int(db.read_meta(conn, db.SEQ_KEY))
    epoch = db.read_meta(conn, db.EPOCH_KEY)
    since = 0 if cursor is None else decode_cursor(cursor, epoch, head)
    rc, cc = db.records.c, db.changes.c
    rows = conn.execute(
        select(rc.entity, rc.id, rc.version, rc.seq, rc.body, rc.department_code)
        .where(rc.seq > since, rc.seq <= head, visible(department))
        .order_by(rc.seq).limit(limit + 1)
    ).all()
    exits = conn.execute(
        select(cc.entity, cc.id, cc.version, cc.seq, cc.kind)
        .where(cc.seq > since, cc.seq <= head, cc.department_code == department)
        .order_by(cc.seq).limit(limit + 1)
    ).all()
    items: list[tuple[int, str, str]] = []  # seq, JSON text, "entity:id" of an upsert
    for entity, key, version, seq, body, owner in rows:
        if entity == "review_task" and owner != department:
            body = json.dumps(view(entity, json.loads(body), department), ensure_ascii=False)
        # Formatted, not json.dumps of a dict: a snapshot page has 1,000 of
        # these. The strings go through the json module's own escaping.
        text = (f'{{"seq": {int(seq)}, "entity": {_string(entity)}, "id": {_string(key)}, '
                f'"version": {int(version)}, "change": "upsert", "record": {body}}}')
        items.append((seq, text, f"{entity}:{key}"))
    for row2 in exits:
        items.append((row2.seq, json.dumps({"seq": row2.seq, "entity": row2.entity,
                                            "id": row2.id, "version": row2.version,
                                            "change": row2.kind, "record": None}), ""))
    items.sort(key=lambda item: item[0])
    has_more = len(items) > limit
    items = items[:limit]
    next_seq = items[-1][0] if has_more else head
    shown = [key for _, _, key in items if key]
    applied = _applied(conn, username, shown, since, next_seq) if shown else []
    next_cursor = encode_cursor(epoch, next_seq)
    tail: dict[str, Any] = {"next_cursor": next_cursor, "has_more": has_more,
                            "applied_command_ids": applied}
    answer = '{"changes": [' + ", ".join(text for _, text, _ in items) + "], " + \
        json.dumps(tail)[1:]
    return Page(answer, next_cursor, has_more)


def _applied(conn: Connection, username: str, targets: list[str], since: int,
             upto: int) -> list[str]:
    """The caller's commands applied on records of this page after its cursor.

    A command applied at seq ``s`` changed its target, whose current seq is
    then ``>= s``; the page shows records up to ``upto``. So only the
    caller's results in ``(since, upto]`` can qualify: one query (the
    author's prefix of ``ix_command_results_target``), matched to the
    page's records here — not an ``IN`` of 1,000 targets per page.
    """
    cr = db.command_results.c
    shown = set(targets)
    rows = conn.execute(
        select(cr.command_id, cr.target).where(cr.author == username, cr.status == "applied",
                                               cr.seq > since, cr.seq <= upto)
    )
    return sorted(command_id for command_id, target in rows if target in shown)
