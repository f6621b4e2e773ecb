"""Search: an index of every character and character pair, for 1- and 2-character terms.

The trigram index of 0001 cannot answer terms shorter than three
characters, so those scanned every search document with LIKE (~50 ms at
200,000 cases, before counting). ``search_fts_grams`` is a contentless FTS5
table over each document's characters and neighbouring pairs written out
as tokens (see ``backoffice.store.search``); the triggers remove a
document's postings when it is deleted (a case's cascade) or rewritten,
computing the same tokens from the old body in SQL. It is filled here from
the documents already stored.

As in 0001, the statements and the token function are copied rather than
imported: a migration must keep meaning what it meant when it shipped. The
names start with ``search_fts`` so ``include_object`` keeps autogenerate
away from them, as from the trigram table.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every ASCII punctuation mark but the two quotes is a token character: a
# pair like "5-" or "(长" is one token. White space, control characters,
# the quotes and DEL split (terms with them go to LIKE).
_TOKENIZE = "ascii tokenchars '!#$%&()*+,-./:;<=>?@[\\]^_`{|}~'"


def _old_tokens(body: str) -> str:
    # Each character and the pair starting at it (the last "pair" is one
    # character): token for token what ``grams`` in search.py writes. A
    # trigger may not use WITH, so the positions come from json_each over
    # "[0,0,…]" built with zeroblob.
    return (
        f"(SELECT group_concat(substr({body}, key + 1, 1) || ' ' || substr({body}, key + 1, 2), ' ')"
        f" FROM json_each('[' || substr(replace(hex(zeroblob(length({body}))), '00', ',0'), 2)"
        " || ']'))"
    )


GRAMS_DDL = (
    (
        "CREATE VIRTUAL TABLE search_fts_grams USING fts5("
        f"grams, content='', detail='none', columnsize=0, tokenize=\"{_TOKENIZE}\")"
    ),
    (
        "CREATE TRIGGER search_documents_grams_ad AFTER DELETE ON search_documents BEGIN "
        "INSERT INTO search_fts_grams(search_fts_grams, rowid, grams) "
        f"VALUES ('delete', old.doc_id, {_old_tokens('old.body')}); END"
    ),
    # The new postings are written by search.refresh (in Python, 2x faster).
    (
        "CREATE TRIGGER search_documents_grams_au AFTER UPDATE OF body ON search_documents BEGIN "
        "INSERT INTO search_fts_grams(search_fts_grams, rowid, grams) "
        f"VALUES ('delete', old.doc_id, {_old_tokens('old.body')}); END"
    ),
)
GRAMS_DROP = (
    "DROP TRIGGER IF EXISTS search_documents_grams_au",
    "DROP TRIGGER IF EXISTS search_documents_grams_ad",
    "DROP TABLE IF EXISTS search_fts_grams",
)
_CHUNK = 2_000


def _grams(body: str) -> str:
    return " ".join(body) + " " + " ".join(map(str.__add__, body, body[1:] + " "))


def upgrade() -> None:
    connection = op.get_bind()
    for statement in GRAMS_DDL:  # as driver SQL: ":" and "%" in the tokenizer are text
        connection.exec_driver_sql(statement)
    last = 0
    while True:
        chunk = connection.exec_driver_sql(
            "SELECT doc_id, body FROM search_documents WHERE doc_id > ? ORDER BY doc_id LIMIT ?",
            (last, _CHUNK),
        ).all()
        if not chunk:
            return
        postings = [(doc_id, _grams(body)) for doc_id, body in chunk]
        connection.exec_driver_sql(
            "INSERT INTO search_fts_grams (rowid, grams) "
            "SELECT value ->> 0, value ->> 1 FROM json_each(?)",
            (json.dumps(postings, ensure_ascii=False),),
        )
        last = chunk[-1][0]


def downgrade() -> None:
    for statement in GRAMS_DROP:
        op.get_bind().exec_driver_sql(statement)
