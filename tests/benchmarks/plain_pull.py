"""The issue's yardstick for a first pull: the same feed into plain ``sqlite3``.

Issue 4 sets the first pull's 5 s against "fetching, parsing and inserting
the same data with plain sqlite3 takes about 0.5 s here" — on the machine
where the issue was written. This VM's speed moves by half from one hour to
the next, so ``sync.py`` measures that yardstick in the same run, against a
fresh copy of the same platform: the ratio of the two says more than either.

What "plain" means here: ``requests`` fetches the department's change feed
page after page (the same pages of up to 5,000 records the engine asks for,
gzip), ``json.loads`` parses each, and ``executemany`` inserts every record
into one table per entity — its top-level fields as columns, nested values
as JSON text, the record's id as primary key — one transaction per page
with the cursor, WAL, ``synchronous=NORMAL`` like the engine's pulled pages.
No contract validation, no domain rules, no quarantine, no search index, no
deadline columns, no secondary indexes, no re-applying of queued commands:
everything the product must do and the yardstick leaves out.
"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.parse
from typing import Any

import requests

PAGE = 5_000  # the contract's MAX_PAGE, as the engine asks after its first fast page


def plain_pull(url: str, user: str, password: str, path: str) -> dict[str, Any]:
    """Pull the whole feed into ``path``; figures as a dict (times in seconds)."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = "gzip"
    answer = session.post(f"{url}/api/v1/auth/login", json={"username": user, "password": password},
                          timeout=60)
    answer.raise_for_status()
    session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT)")
    columns: dict[str, list[str]] = {}
    known: dict[str, set[str]] = {}
    t0, cpu0 = time.perf_counter(), time.process_time()
    # CPU seconds of this thread per part: wall time per part is mostly
    # waiting for a core whenever the machine has other work.
    fetching = parsing = inserting = 0.0
    cursor: str | None = None
    pages = records = 0
    while True:
        query = urllib.parse.urlencode({"limit": PAGE, **({"since": cursor} if cursor else {})})
        t = time.thread_time()
        answer = session.get(f"{url}/api/v1/changes?{query}", timeout=120)
        answer.raise_for_status()
        body = answer.content  # gunzipped by urllib3
        fetching += time.thread_time() - t
        t = time.thread_time()
        page = json.loads(body)
        parsing += time.thread_time() - t
        t = time.thread_time()
        rows: dict[str, list[tuple[Any, ...]]] = {}
        for change in page["changes"]:
            record = change.get("record")
            entity = change["entity"]
            if record is None:
                if entity in columns:
                    db.execute(f'DELETE FROM "{entity}" WHERE _id = ?', (change["id"],))
                continue
            names = columns.get(entity)
            if names is None:
                names = columns[entity] = sorted(record)
                known[entity] = set(names)
                db.execute(f'CREATE TABLE "{entity}" (_id TEXT PRIMARY KEY, '
                           + ", ".join(f'"{n}"' for n in names) + ")")
            elif not record.keys() <= known[entity]:
                # An optional field first seen now (its column is added, as
                # a plain store would).
                for name in sorted(record.keys() - known[entity]):
                    db.execute(f'ALTER TABLE "{entity}" ADD COLUMN "{name}"')
                    names.append(name)
                    known[entity].add(name)
            rows.setdefault(entity, []).append(
                (change["id"], *(_plain(record.get(n)) for n in names)))
        db.execute("BEGIN")
        for entity, batch in rows.items():
            names = columns[entity]
            if len(batch[0]) != len(names) + 1:  # rows from before a column was added
                batch = [row + (None,) * (len(names) + 1 - len(row)) for row in batch]
            db.executemany(f'INSERT OR REPLACE INTO "{entity}" VALUES ('
                           + ", ".join("?" * (len(names) + 1)) + ")", batch)
        db.execute("INSERT OR REPLACE INTO sync_state VALUES ('cursor', ?)",
                   (page["next_cursor"],))
        db.execute("COMMIT")
        inserting += time.thread_time() - t
        pages += 1
        records += len(page["changes"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    out = {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - cpu0,
           "fetch_cpu_s": fetching, "parse_cpu_s": parsing, "insert_cpu_s": inserting,
           "pages": pages, "records": records}
    db.close()
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value
