"""Full-text search over cases: case code, applicant, service item, materials.

One search document per case (``search_documents.body``): the searchable
fields normalised (NFKC, so full-width ``ＡＢＣ１２３`` equals ``abc123``;
casefolded, so Latin is case-insensitive) and joined by U+001F, a separator
no query can contain, so a match never spans two fields.

SQLite's FTS5 ``trigram`` tokenizer indexes every substring of three
characters, which makes a term of three or more characters a substring
match served by the index — but it answers **nothing** for one- or
two-character terms (even through LIKE on the FTS table), and those are
the common Chinese queries: 长春, 餐饮, most personal names. So each term
goes its own way:

* ≥ 3 characters: a quoted FTS5 phrase (``"…"``, inner quotes doubled, so
  ``*``, ``AND``, ``NEAR`` … are just text) against ``search_fts``;
* 1–2 characters: ``LIKE '%term%' ESCAPE '\\'`` on the content table, with
  ``%``, ``_`` and ``\\`` escaped. A scan, but of one short column; the
  long terms, when there are any, narrow the rows first.

Terms are separated by white space and all must match (AND). Every value
reaches SQLite as a bound parameter, never as SQL text.

The FTS index is an external-content table over ``search_documents`` kept
in step by triggers (created in migration 0001); the documents themselves
are rebuilt here, in the writing transaction, whenever a case or one of
its materials is written.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Select, and_, bindparam, column, func, select, table, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backoffice.store.schema import (
    FTS_TABLE,
    CaseRow,
    MaterialRow,
    SearchDocumentRow,
    table_of,
)

SEPARATOR = "\x1f"
TRIGRAM = 3
_CHUNK = 500

_docs = table_of(SearchDocumentRow)
_fts = table(FTS_TABLE, column("rowid"))


@functools.lru_cache(maxsize=16_384)
def normalize(value: str) -> str:
    # Cached: service item and material names repeat on every case, and a
    # first pull rebuilds tens of thousands of documents.
    cleaned = unicodedata.normalize("NFKC", value).casefold()
    return cleaned.replace(SEPARATOR, " ")


def document(case_code: str, applicant: str, service_item: str, materials: Iterable[str]) -> str:
    return SEPARATOR.join(normalize(v) for v in (case_code, applicant, service_item, *materials))


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the terms for the index and the terms for LIKE."""

    long_terms: tuple[str, ...]
    short_terms: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str) -> Query:
        terms = list(dict.fromkeys(t for t in normalize(raw).split() if t))
        return cls(
            tuple(t for t in terms if len(t) >= TRIGRAM),
            tuple(t for t in terms if len(t) < TRIGRAM),
        )

    @property
    def empty(self) -> bool:
        return not self.long_terms and not self.short_terms

    def fts_expression(self) -> str:
        return " AND ".join('"' + t.replace('"', '""') + '"' for t in self.long_terms)


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching_case_codes(raw: str) -> Select[tuple[str]] | None:
    """SELECT case_code of the documents matching ``raw``; None for an empty query."""
    query = Query.parse(raw)
    if query.empty:
        return None
    stmt = select(_docs.c.case_code)
    conditions = []
    if query.long_terms:
        hits = (
            select(_fts.c.rowid)
            .select_from(_fts)
            .where(
                text(f"{FTS_TABLE} MATCH :fts_query").bindparams(
                    bindparam("fts_query", query.fts_expression())
                )
            )
        )
        conditions.append(_docs.c.doc_id.in_(hits))
    for term in query.short_terms:
        conditions.append(_docs.c.body.like(like_pattern(term), escape="\\"))
    return stmt.where(and_(*conditions))


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
    cases = table_of(CaseRow)
    materials = table_of(MaterialRow)
    names: dict[str, list[str]] = {c: [] for c in codes}
    for code, name in session.execute(
        select(materials.c.case_code, materials.c.name)
        .where(materials.c.case_code.in_(codes))
        .order_by(materials.c.case_code, materials.c.id)
    ):
        names[code].append(name)
    rows = [
        {
            "case_code": code,
            "body": document(code, applicant, item, names[code]),
        }
        for code, applicant, item in session.execute(
            select(cases.c.case_code, cases.c.applicant_name, cases.c.service_item_name).where(
                cases.c.case_code.in_(codes)
            )
        )
    ]
    if not rows:
        return
    stmt = sqlite_insert(_docs)
    # Upsert, never REPLACE: REPLACE deletes without firing the delete
    # trigger, which would leave stale entries in the external-content index.
    stmt = stmt.on_conflict_do_update(
        index_elements=[_docs.c.case_code],
        set_={"body": stmt.excluded.body},
        where=_docs.c.body.is_distinct_from(stmt.excluded.body),
    )
    session.execute(stmt, rows)


def rebuild_index(session: Session) -> None:
    """Rebuild the FTS index from the documents (after a repair or restore)."""
    session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
