"""Full-text search over cases: case code, applicant, service item, materials.

One search document per case (``search_documents.body``): the searchable
fields normalised (NFKC, so full-width ``ＡＢＣ１２３`` equals ``abc123``;
casefolded, so Latin is case-insensitive) and joined by U+001F, a separator
no query can contain, so a match never spans two fields.

Two FTS5 indexes over the documents, because no single tokenizer of SQLite
3.40 answers every term length:

* ``search_fts`` (``trigram``) indexes every substring of three characters:
  a term of three or more characters is a quoted FTS5 phrase (``"…"``,
  inner quotes doubled, so ``*``, ``AND``, ``NEAR`` … are just text). It
  answers nothing for shorter terms.
* ``search_fts_grams`` (migration 0008) answers the one- and two-character
  terms — the common Chinese queries: 长春, 餐饮, most personal names.
  SQLite has no tokenizer that yields overlapping 1- and 2-character tokens,
  so :func:`grams` writes them out: every character and every pair of
  neighbours, separated by spaces, through the ``ascii`` tokenizer (every
  non-ASCII character is a token character; ASCII punctuation is made one
  with ``tokenchars``). A term is then one token: an index lookup, not a
  scan of 200,000 documents. The table is contentless with ``detail=none``
  — it keeps only which documents hold a token, about 1–2 bytes a posting.
  A plain ``(gram, doc_id)`` table WITHOUT ROWID, measured on 200,000
  cases, was 7× slower to fill (44 s against 6 s) and added 136 MB.
  A term containing a character the tokenizer splits on (ASCII white space
  and control characters, ``'``, ``"``, DEL) goes to ``LIKE '%term%'``
  instead, with ``%``, ``_`` and ``\\`` escaped.

Terms are separated by white space and all must match (AND). Control
characters (a NUL pasted from a PDF or a spreadsheet cell) separate terms
too: SQLite reads a bound string only up to its first NUL, which cut an FTS5
phrase short ("unterminated string") and a ``LIKE`` pattern down to ``%``.
Every value reaches SQLite as a bound parameter, never as SQL text.

The trigram index is an external-content table kept in step by triggers
(migration 0001). The gram index is contentless: it cannot read a document
back, so removing a document's postings needs its text again, token for
token. Triggers on delete and on update of a document (migration 0008) do
that from the old body in SQL; the new postings are written here, in
:func:`refresh`, the only writer of the documents, in the same batched
statement style (SQL computes them at half the speed: 5.7 s against 2.1 s for 200,000).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from backoffice.store.schema import (
    FTS_TABLE,
    CaseRow,
    SearchDocumentRow,
    table_of,
)

SEPARATOR = "\x1f"
TRIGRAM = 3
_CHUNK = 500
GRAMS_TABLE = "search_fts_grams"
# What the gram index's tokenizer splits on (migration 0008): ASCII white
# space and control characters, the two quotes and DEL. A short term with
# one of these cannot be a single token.
_SPLITS = frozenset([chr(c) for c in range(0x21)] + ['"', "'", "\x7f"])

_docs = table_of(SearchDocumentRow)
_fts = table(FTS_TABLE, column("rowid"))
_grams = table(GRAMS_TABLE, column("rowid"))


@functools.lru_cache(maxsize=16_384)
def normalize(value: str) -> str:
    # Cached: service item and material names repeat on every case, and a
    # first pull rebuilds tens of thousands of documents.
    cleaned = unicodedata.normalize("NFKC", value).casefold()
    return cleaned.replace(SEPARATOR, " ")


def document(case_code: str, applicant: str, service_item: str, materials: Iterable[str]) -> str:
    return SEPARATOR.join(normalize(v) for v in (case_code, applicant, service_item, *materials))


def grams(body: str) -> str:
    """The text the gram index tokenizes: each character, then each pair.

    Pair ``i`` is ``body[i:i+2]``, and the last character pairs with a space,
    which the tokenizer drops — the same tokens, as many times, as the SQL
    of the delete triggers makes from ``substr(body, i, 1)`` and
    ``substr(body, i, 2)``. FTS5 needs exactly those to remove a document
    from a contentless index (a different count corrupts it). Pairs spanning
    a split character (the field separator, a space) fall apart into
    characters that are there anyway.

    Built field by field, each field's text cached (material and service
    item names repeat on every case): the pair of a field's last character
    and the separator, or a space, is that character alone either way.
    """
    (first, *rest) = body.split(SEPARATOR)
    return " ".join([_piece_grams(first), *(_piece_grams(SEPARATOR + f) for f in rest)])


@functools.lru_cache(maxsize=65_536)
def _piece_grams(piece: str) -> str:
    return " ".join(piece) + " " + " ".join(map(str.__add__, piece, piece[1:] + " "))


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the terms for the trigram index and the shorter ones."""

    long_terms: tuple[str, ...]
    short_terms: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str) -> Query:
        terms = list(dict.fromkeys(t for t in _without_controls(normalize(raw)).split() if t))
        return cls(
            tuple(t for t in terms if len(t) >= TRIGRAM),
            tuple(t for t in terms if len(t) < TRIGRAM),
        )

    @property
    def empty(self) -> bool:
        return not self.long_terms and not self.short_terms

    @property
    def gram_terms(self) -> tuple[str, ...]:
        """Short terms the gram index answers: each is one token."""
        return tuple(t for t in self.short_terms if _SPLITS.isdisjoint(t))

    @property
    def like_terms(self) -> tuple[str, ...]:
        return tuple(t for t in self.short_terms if not _SPLITS.isdisjoint(t))

    def fts_expression(self) -> str:
        return _phrases(self.long_terms)

    def grams_expression(self) -> str:
        return _phrases(self.gram_terms)


def _without_controls(text: str) -> str:
    # Cc: C0, DEL and C1; Cs: a lone surrogate, which cannot reach SQLite as UTF-8.
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _phrases(terms: Iterable[str]) -> str:
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching_case_codes(raw: str, *, sample: int | None = None) -> Select[tuple[str]] | None:
    """SELECT case_code of the documents matching ``raw``; None for an empty query.

    ``sample``: only some of the matching documents (at most that many) — a
    subset, for a lower bound on a count without finding every hit. The
    limit goes into the first index's lookup too: SQLite builds the list of
    an ``IN (SELECT …)`` in full before the outer LIMIT applies, and for a
    term in most documents that list alone took ~25 ms (150,000 hits).
    """
    return _matching(raw, _docs.c.case_code, sample=sample)


def matching_exists(raw: str, case_code: Any) -> ColumnElement[bool] | None:
    """EXISTS (a matching document of ``case_code``): a probe per row.

    For walking a list in its index order and testing each row, when many
    rows match (a common term): each row reads its case's document and looks
    for every term in it with ``instr`` — no index of hits is built first
    (for a term in 150,000 documents that list cost more than the walk). It
    answers exactly as the indexes do: the document and the terms are
    normalised alike (NFKC, casefold), a term never contains the field
    separator, and each index finds a term where it is a substring of the
    body — which is what ``instr`` tests.
    """
    query = Query.parse(raw)
    if query.empty:
        return None
    found = [
        func.instr(_docs.c.body, bindparam(None, term, unique=True)) > 0
        for term in (*query.long_terms, *query.short_terms)
    ]
    return select(literal_column("1")).where(_docs.c.case_code == case_code, *found).exists()


def estimate_hits(session: Session, raw: str, *, cap: int) -> int:
    """How many documents an index says match, counted up to ``cap`` + 1.

    Only the FTS terms are counted (the rarest of them bounds the hits); a
    query of ``LIKE`` terms only reports ``cap`` + 1 (unknown: assume many).
    A text with no terms (only separators) filters nothing: 0, so that no
    one walks the list to test every task against nothing.
    """
    query = Query.parse(raw)
    if query.empty:
        return 0
    counts: list[int] = []
    connection = session.connection()
    for table_name, expression in ((FTS_TABLE, query.fts_expression()),
                                   (GRAMS_TABLE, query.grams_expression())):
        if expression:
            n = connection.exec_driver_sql(
                f"SELECT count(*) FROM (SELECT 1 FROM {table_name} "
                f"WHERE {table_name} MATCH ? LIMIT ?)",
                (expression, cap + 1),
            ).scalar()
            counts.append(int(n or 0))
    return min(counts) if counts else cap + 1


def _index_hits(table_: Any, name: str, expression: str, sample: int | None) -> Select[Any]:
    hits = (
        select(table_.c.rowid)
        .select_from(table_)
        .where(text(f"{name} MATCH :{name}_query").bindparams(bindparam(f"{name}_query", expression)))
    )
    return hits if sample is None else hits.limit(sample)


def _matching(raw: str, column_: Any, *, sample: int | None = None) -> Select[Any] | None:
    query = Query.parse(raw)
    if query.empty:
        return None
    stmt = select(column_).select_from(_docs)
    conditions = []
    # Sampled, only the first index lookup is cut short: the documents found
    # then still have to pass every other term, so they all match.
    indexes = [(_fts, FTS_TABLE, query.fts_expression()),
               (_grams, GRAMS_TABLE, query.grams_expression())]
    for table_, name, expression in indexes:
        if expression:
            conditions.append(_docs.c.doc_id.in_(_index_hits(table_, name, expression, sample)))
            sample = None
    for term in query.like_terms:
        conditions.append(_docs.c.body.like(like_pattern(term), escape="\\"))
    stmt = stmt.where(and_(*conditions))
    return stmt if sample is None else stmt.limit(sample)


def search_case_codes(
    session: Session, raw: str, *, limit: int = 100, offset: int = 0
) -> list[str]:
    """Matching case codes, newest accepted first."""
    codes = matching_case_codes(raw)
    if codes is None:
        return []
    cases = table_of(CaseRow)
    stmt = (
        select(cases.c.case_code)
        .where(cases.c.case_code.in_(codes))
        .order_by(cases.c.accepted_at.desc(), cases.c.case_code)
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def count(session: Session, raw: str) -> int:
    codes = matching_case_codes(raw)
    if codes is None:
        return 0
    return session.scalar(select(func.count()).select_from(codes.subquery())) or 0


_DEFERRED = "backoffice.search.deferred"  # key in Session.info: codes to refresh later


@contextmanager
def deferred(session: Session) -> Iterator[None]:
    """Refresh each touched case's search document once, at the end of the block.

    A pulled page writes a case and then its materials: each write would
    rebuild the same documents again. Inside this block the writes only note
    the case codes; the documents are rebuilt once on the way out, in the
    same transaction (an exception skips it: the transaction is rolled back
    anyway). Nested blocks defer to the outermost one.
    """
    if _DEFERRED in session.info:
        yield
        return
    pending: set[str] = set()
    session.info[_DEFERRED] = pending
    try:
        yield
    finally:
        del session.info[_DEFERRED]
    refresh(session, pending)


def refresh_or_defer(session: Session, case_codes: Iterable[str]) -> None:
    pending: set[str] | None = session.info.get(_DEFERRED)
    if pending is None:
        refresh(session, case_codes)
    else:
        pending.update(case_codes)


def refresh(session: Session, case_codes: Iterable[str]) -> None:
    """Rebuild the documents of these cases from their current rows."""
    codes = sorted(set(case_codes))
    for start in range(0, len(codes), _CHUNK):
        _refresh_chunk(session, codes[start : start + _CHUNK])


def _refresh_chunk(session: Session, codes: Sequence[str]) -> None:
    # Read through the driver's own connection (same transaction): a first
    # pull reads 160,000 material names here, and SQLAlchemy's result rows
    # cost more than the reading.
    connection = session.connection()
    driver = connection.connection.driver_connection
    assert driver is not None
    chosen = (json.dumps(codes),)
    names: dict[str, list[str]] = {c: [] for c in codes}
    for code, name in driver.execute(_MATERIAL_NAMES, chosen):
        names[code].append(name)
    rows = [
        (code, document(code, applicant, item, names[code]))
        for code, applicant, item in driver.execute(_CASE_FIELDS, chosen)
    ]
    if not rows:
        return
    # One statement for the chunk, not one per document: FTS5 flushes its
    # pending terms to a new segment at every statement that fires the
    # trigger, and merging those cost 6x the indexing itself.
    changed = connection.exec_driver_sql(
        _UPSERT, (json.dumps(rows, ensure_ascii=False),)
    ).all()
    # The documents inserted or changed (the update trigger removed the old
    # postings of the changed ones); the same one-statement rule.
    if changed:
        postings = [(doc_id, grams(body)) for doc_id, body in changed]
        connection.exec_driver_sql(_ADD_GRAMS, (json.dumps(postings, ensure_ascii=False),))


_MATERIAL_NAMES = (
    "SELECT case_code, name FROM materials WHERE case_code IN (SELECT value FROM json_each(?)) "
    "ORDER BY case_code, id"
)
_CASE_FIELDS = (
    "SELECT case_code, applicant_name, service_item_name FROM cases "
    "WHERE case_code IN (SELECT value FROM json_each(?))"
)
# Upsert, never REPLACE: REPLACE deletes without firing the delete trigger,
# which would leave stale entries in the external-content index. ("WHERE
# true": an upsert after a SELECT needs it, or ON reads as a join.)
_UPSERT = (
    "INSERT INTO search_documents (case_code, body) "
    "SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true "
    "ON CONFLICT (case_code) DO UPDATE SET body = excluded.body "
    "WHERE search_documents.body IS NOT excluded.body "
    "RETURNING doc_id, body"
)
_ADD_GRAMS = (
    f"INSERT INTO {GRAMS_TABLE} (rowid, grams) SELECT value ->> 0, value ->> 1 FROM json_each(?)"
)


def hold_merges(session: Session) -> None:
    """Stop both indexes merging their segments as documents are added (a first pull).

    FTS5 writes a segment per statement and, by default, merges them as
    they pile up; a first pull adds its documents a page at a time, and
    those merges cost more than the indexing (14.5 s → 11.2 s of a pull of
    20,000 cases). SQLite still merges when a level holds 16 segments
    (``crisismerge``). The setting is kept in the file, with the caller's
    transaction: :func:`merge_all` must follow.
    """
    connection = session.connection()
    for name in (FTS_TABLE, GRAMS_TABLE):
        connection.exec_driver_sql(f"INSERT INTO {name}({name}, rank) VALUES ('automerge', 0)")


def merge_all(session: Session) -> None:
    """Merge each index into one segment and merge as usual from now on."""
    connection = session.connection()
    for name in (FTS_TABLE, GRAMS_TABLE):
        connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('optimize')")
        connection.exec_driver_sql(
            f"INSERT INTO {name}({name}, rank) VALUES ('automerge', {_AUTOMERGE})")


_AUTOMERGE = 4  # FTS5's default


def rebuild_index(session: Session) -> None:
    """Rebuild both indexes from the documents (after a repair or restore)."""
    session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
    connection = session.connection()
    connection.exec_driver_sql(f"INSERT INTO {GRAMS_TABLE}({GRAMS_TABLE}) VALUES ('delete-all')")
    last = 0
    while True:
        chunk = connection.exec_driver_sql(
            "SELECT doc_id, body FROM search_documents WHERE doc_id > ? ORDER BY doc_id LIMIT ?",
            (last, 5 * _CHUNK),
        ).all()
        if not chunk:
            return
        postings = [(doc_id, grams(body)) for doc_id, body in chunk]
        connection.exec_driver_sql(_ADD_GRAMS, (json.dumps(postings, ensure_ascii=False),))
        last = chunk[-1][0]
