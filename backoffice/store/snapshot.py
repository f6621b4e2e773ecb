"""A first pull into an empty store: rows in bulk now, search documents and indexes at the end.

The first pull of a department brings a couple of hundred thousand records
in a few hundred pages. Applied like any other page, each record costs a
version lookup, an outbox lookup, a comparison of its child rows, and its
case's search document and deadline columns are rebuilt with every page
that touches the case (a case's materials arrive in other pages than the
case). None of that can matter while the store holds nothing but what this
same snapshot brought and no command of the person's is queued: there is
no older version to protect, nothing to re-apply, and a search document
is best written once, when its case's materials have come.

So, while a snapshot is *under way* (``SNAPSHOT_KEY`` in ``sync_state``,
set in the first page's transaction when the store was empty):

* a page whose transaction finds the outbox empty is written as plain
  multi-row upserts — records, then their child rows — with the cursor, in
  one transaction as always; removals and quarantine as on the normal path;
  the search documents of the cases whose materials the page brings (the
  feed sends a case's materials together, after the case), or that it
  sends again, are written with it (:func:`_documents_due`), and the
  search indexes do not merge their segments meanwhile
  (:func:`.search.hold_merges`, set with the snapshot's marker);
  the deadline columns are computed with the rows (the calendar is pulled
  before a first pull), and what depends on a record follows it as on the
  normal path (a case sent again: its tasks; a special procedure or an
  extension: its case and tasks) — no read-back pass at the end;
* a page that finds a command queued (the person acted during the first
  pull) goes the normal way (:func:`.pending.apply_confirmed`), which
  re-applies the commands on top;
* the page without ``has_more`` also builds the search documents no page
  wrote (cases without materials), merges each search index into one
  segment, and ends the snapshot, in its
  transaction (a snapshot an earlier version began, ``SNAPSHOT_KEY`` =
  ``"1"``, also recomputes every deadline column);
* the bulk tables' secondary indexes are dropped by the first bulk page
  and built again at the end, or before a page that goes the normal way
  (:mod:`.deferred_indexes`, which also says how a crash between the two
  is repaired at the next store open).

The bulk writes take domain objects or — for the cases, materials and
review tasks, nine tenths of a first pull — the wire records' decoded
structs whose domain rules were checked (``bulk``, see :func:`write`):
the same values under the same names, so no domain object is built just to
be read back into a row.

Until then a case whose materials have not come has no search document.
The marker is in the data's transactions, so a crash in the middle
resumes the snapshot from the stored cursor and still owes those
documents at its end (and so does a snapshot an earlier version began,
whose pages wrote no documents: the end writes every missing one).

The rows written are those of :meth:`.repositories.Repository.upsert_many`
(same statements, same bind processors; built by :mod:`.snapshot_rows`);
``tests/store/test_store_snapshot.py`` compares the tables of both paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from backoffice.domain.commands import MATERIAL
from backoffice.store import deferred_indexes, mapping, search, snapshot_rows
from backoffice.store.deadline_columns import CASE, CORRECTION_NOTICE
from backoffice.store.mapping import Entity, EntitySpec
from backoffice.store.pending import (
    DEFAULT_CURSOR_KEY,
    ApplyReport,
    _latest_per_key,
    apply_confirmed,
    remove_records,
)
from backoffice.store.repositories import _execute_many
from backoffice.store.schema import OutboxRow, table_of
from backoffice.store.uow import UnitOfWork

SNAPSHOT_KEY = "sync.snapshot"  # sync_state: a first pull is under way, its end owed
# Its value: the deadline columns are written with each page's rows. A
# snapshot an earlier version began ("1") owes them all at its end.
DEADLINES_PER_PAGE = "2"

_outbox = table_of(OutboxRow)


def active(uow: UnitOfWork) -> bool:
    return uow.sync_state.get(SNAPSHOT_KEY) is not None


def empty(uow: UnitOfWork) -> bool:
    """Nothing synced stored and nothing queued: a pull may start a snapshot."""
    tables = [spec.table for spec in mapping.SPECS] + [_outbox]
    return not any(uow.session.scalar(select(exists().select_from(t))) for t in tables)


def apply_page(
    uow: UnitOfWork,
    records: Sequence[Entity],
    *,
    cursor: str,
    removed: Iterable[tuple[str, str]] = (),
    applied_command_ids: Iterable[str] = (),
    first: bool = False,
    last: bool = False,
    bulk: Sequence[Any] = (),
    to_domain: Callable[[Any], Entity] | None = None,
) -> ApplyReport:
    """One pulled page, in the caller's transaction: the snapshot way when it may.

    ``first``: the page was asked for without a cursor (a snapshot may
    begin if the store is empty); ``last``: it has no more after it.
    Otherwise the same as :func:`.pending.apply_confirmed` with ``cursor``.

    ``bulk``: more records of the page as wire structs whose domain rules
    hold (see :func:`write`); the bulk path writes them as they are, the
    normal path takes them through ``to_domain`` first.
    """
    under_way = active(uow)
    if not under_way and first and empty(uow):
        uow.sync_state.set(SNAPSHOT_KEY, DEADLINES_PER_PAGE)
        search.hold_merges(uow.session)
        under_way = True
    if under_way and _outbox_empty(uow.session):
        # Nothing queued: no command to confirm, re-apply or refuse.
        deferred_indexes.drop(uow.session.connection())
        dropped = remove_records(uow, removed)
        written = write(uow, [*records, *bulk])
        search.refresh(uow.session, _documents_due(uow, [*records, *bulk]))
        uow.sync_state.set(DEFAULT_CURSOR_KEY, cursor)
        report = ApplyReport(written, 0, 0, (), left_scope=dropped)
    else:
        if bulk:
            if to_domain is None:
                raise ValueError("bulk records without to_domain")
            records = [*records, *map(to_domain, bulk)]
        # The normal path looks rows up by the indexes (a case's tasks …).
        deferred_indexes.restore(uow.session.connection())
        report = apply_confirmed(uow, records, cursor=cursor, removed=removed,
                                 applied_command_ids=applied_command_ids)
    if under_way and last:
        finish(uow)
    return report


def finish(uow: UnitOfWork) -> None:
    """Build what the snapshot's pages left out, then end the snapshot.

    The indexes the pages went without come back first. A snapshot an
    earlier version began also owes every deadline column: then the indexes
    on those columns come back after they are filled, so the update does
    not move their entries.
    """
    connection = uow.session.connection()
    per_page = uow.sync_state.get(SNAPSHOT_KEY) == DEADLINES_PER_PAGE
    if per_page:
        deferred_indexes.restore(connection)
    else:
        deferred_indexes.restore(connection, deferred_indexes.not_on_derived_columns())
    # The cases no page gave a document: those without materials (and those
    # of pages an earlier version wrote, which wrote none).
    search.refresh(uow.session, uow.session.connection().exec_driver_sql(
        "SELECT case_code FROM cases WHERE case_code NOT IN "
        "(SELECT case_code FROM search_documents)").scalars())
    search.merge_all(uow.session)
    if not per_page:
        uow.deadlines.refresh_all()
        deferred_indexes.restore(connection)
    uow.sync_state.delete(SNAPSHOT_KEY)


def _documents_due(uow: UnitOfWork, records: Sequence[Any]) -> set[str]:
    """The cases whose search documents this page's records change.

    A material's case: the feed sends a case's materials together, after
    the case (a foreign key), so most documents are written once, when
    their materials come. A case's, if it has a document already (sent
    again, newer); a new case's document waits for its materials, or for
    :func:`finish`.
    """
    owed: set[str] = set()
    cases: list[str] = []
    for record in records:
        known = mapping.BY_CLASS.get(type(record))  # else a wire struct, by its tag
        kind = known.kind if known is not None else record.entity
        if kind == MATERIAL:
            owed.add(record.case_code)
        elif kind == CASE:
            cases.append(record.case_code)
    if cases:
        owed.update(uow.session.connection().exec_driver_sql(
            "SELECT case_code FROM search_documents "
            "WHERE case_code IN (SELECT value FROM json_each(?))",
            (json.dumps(cases),)).scalars())
    return owed


def _outbox_empty(session: Session) -> bool:
    return not session.scalar(select(exists().select_from(_outbox)))


# Where a wire record's struct names a domain field otherwise (domain name, its
# name); api/convert.to_domain renames the same way.
WIRE_RENAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "case": (("platform_due_date", "due_date"),),
}


def write(uow: UnitOfWork, records: Sequence[Any]) -> int:
    """Store ``records`` as confirmed, parents first, with their deadline columns.

    ``records``: domain objects, or wire records' structs (``api/fast.py``)
    whose domain rules were checked (``api/fast_domain.py``): their rows
    are read from them as they are, the same values under the same names
    (:data:`WIRE_RENAMES` aside).

    A record seen again (changed on the platform during the pull, so in a
    later page) replaces the earlier one with its children; the feed never
    sends an older version after a newer one.
    """
    groups: dict[type, list[Any]] = {}
    for record in records:
        groups.setdefault(type(record), []).append(record)
    kinds: dict[str, list[tuple[type | None, list[Any]]]] = {}
    for cls, group in groups.items():
        known = mapping.BY_CLASS.get(cls)
        if known is not None:
            kinds.setdefault(known.kind, []).append((None, group))
        else:
            kinds.setdefault(group[0].entity, []).append((cls, group))
    written = 0
    for kind in sorted(kinds, key=lambda k: mapping.BY_KIND[k].rank):
        spec: EntitySpec[Any] = mapping.BY_KIND[kind]
        for source, group in kinds[kind]:
            latest = _latest_per_key(spec, group)
            writer = snapshot_rows.writer(uow.session, spec, source,
                                          WIRE_RENAMES.get(kind, ()) if source else ())
            if writer.inputs is None:
                rows = [writer.values(r) for r in latest]
            else:
                # The deadline columns with the row: the normal path's derive.
                inputs = [writer.inputs(r) for r in latest]
                uow.deadlines.derive(kind, inputs)
                row_of = writer.values.function
                rows = [row_of(r, d) for r, d in zip(latest, inputs, strict=True)]
            _execute_many(uow.session, writer.plan, rows)
            for child in writer.children:
                child.replace(uow.session, latest, spec.key)
            _deadlines_changed(uow, kind, latest)
            written += len(latest)
    return written


def _deadlines_changed(uow: UnitOfWork, kind: str, latest: Sequence[Any]) -> None:
    """What depends on ``latest`` follows, as the normal path's writes make it.

    A case's tasks take its new due date, a case its special procedures'
    and extensions' effect. A case's tasks exist only if the case was sent
    before (a task needs its case): only those are read again.
    """
    if kind == CORRECTION_NOTICE:
        # A notice moves its case's dates only if it stops the clock (issued);
        # a draft, or an old answered one without its day, stops nothing — and
        # never did (a notice does not go back to draft).
        latest = [r for r in latest if not hasattr(r, "suspension") or r.suspension() is not None]
    codes: set[str] = {c for r in latest if (c := getattr(r, "case_code", None)) is not None}
    if not codes:
        return
    if kind == CASE:
        codes = set(uow.session.connection().exec_driver_sql(
            "SELECT DISTINCT case_code FROM review_tasks "
            "WHERE case_code IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(codes)),)).scalars())
    uow.deadlines.changed(kind, codes)
