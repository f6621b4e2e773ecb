"""What the inbox list needs beyond :mod:`.inbox`, in one place to import from.

The list works with four modules; this one re-exports their public names,
so the UI and the tests say ``inbox_views.first_page`` wherever the code
lives:

* :mod:`.inbox_query` — the plain types: the query, its order, the quick
  filters and their context, a list row, where a page starts by key. No
  SQLAlchemy: the inbox paints its search box and filter bar with them
  before the store is open.
* :mod:`.inbox_quick` — the quick filters' SQL conditions and counts, and
  the capped count of a search ("1,000+").
* :mod:`.inbox_pages` — the first page with its count, any page by offset
  or by key (keyset paging), and the sort key's histogram for jumps.
* :mod:`.inbox_rows` — what one page of the table shows (five queries per
  page, whatever its size).

All of them only read; they add no table and change no other module's
statements (the order and the two-phase paging by date are those of
``TaskRepository.inbox_ids``). Importing this module imports SQLAlchemy:
the UI does it on a worker thread, when it first reads.
"""

from __future__ import annotations

from backoffice.store.inbox_pages import first_page, key_histogram, page_ids
from backoffice.store.inbox_query import (
    KeyHistogram,
    OtherTask,
    QuickContext,
    QuickFilter,
    Start,
    TaskListRow,
    TaskQuery,
    TaskSort,
    histogram_helps,
    sort_value,
    start_after,
)
from backoffice.store.inbox_quick import (
    COUNT_CAP,
    COUNT_SAMPLE,
    RUNNING,
    WALK_ABOVE,
    capped_count,
    condition,
    count,
    quick_counts,
    walks,
)
from backoffice.store.inbox_rows import chunks, page_rows

__all__ = [
    "COUNT_CAP",
    "COUNT_SAMPLE",
    "RUNNING",
    "WALK_ABOVE",
    "KeyHistogram",
    "OtherTask",
    "QuickContext",
    "QuickFilter",
    "Start",
    "TaskListRow",
    "TaskQuery",
    "TaskSort",
    "capped_count",
    "chunks",
    "condition",
    "count",
    "first_page",
    "histogram_helps",
    "key_histogram",
    "page_ids",
    "page_rows",
    "quick_counts",
    "sort_value",
    "start_after",
    "walks",
]
