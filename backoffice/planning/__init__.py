"""Joint inspection planning (9.5.2.3): availability, slot search, conflicts, iCalendar.

- :mod:`~backoffice.planning.model`: inspectors, commitments, requests, answers;
- :mod:`~backoffice.planning.availability`: free time per inspector and day;
- :mod:`~backoffice.planning.finder` / :mod:`~backoffice.planning.search`:
  the earliest slots and their teams; :mod:`~backoffice.planning.explain`:
  why fewer came out and what would help;
- :mod:`~backoffice.planning.conflicts`: a hand-picked time, checked;
- :mod:`~backoffice.planning.ics`: ``.ics`` export;
- :mod:`~backoffice.planning.sources`: the platform's free/busy and stored
  inspections as availability;
- :mod:`~backoffice.planning.problem` / :mod:`~backoffice.planning.cli`: the
  JSON planning problem and ``backoffice plan slots``.

Nothing here imports Qt; the planner workspace drives it from a worker thread.
"""
