"""The domain's rules, checked on decoded structs without building domain objects.

A first pull brings some 160,000 materials, 30,000 review tasks and 20,000
cases; building each one's domain object only to check its rules and then
read its fields back into a row costs ~8 µs a record. On the snapshot's bulk
path (:mod:`backoffice.store.snapshot`) these three entities go from their
:mod:`.fast` structs to rows directly, once :func:`admissible` says the
domain constructor would take them.

:func:`admissible` is a *sufficient* condition, never the rule itself: when
it says no, the record goes through :func:`.convert.to_domain` as any other,
which raises the domain's own error (quarantined with its code and
parameters) — or builds the object after all. So it may be stricter than
the domain, never laxer; ``tests/api/test_fast_domain.py`` checks that
whatever it admits the domain builds, for generated and mutated records.
"""

from __future__ import annotations

from typing import Any

from backoffice.api.convert import convertible
from backoffice.domain import model as m

# Kept in step with the __post_init__ of m.Case, m.Material, m.CheckVerdict
# and m.ReviewTask (the test builds the domain object for every admitted record).
BULK_ENTITIES = frozenset({"case", "material", "review_task"})

_CASE_CODE = m._CASE_CODE  # the domain's own pattern, not a copy
_FAIL = m.Verdict.FAIL


def admissible(record: Any) -> bool:
    """True when the domain surely accepts this struct of a :data:`BULK_ENTITIES` record."""
    entity = record.entity
    if entity == "material":
        # A plain loop: 160,000 materials of three or four checks each, and a
        # set and a generator per material cost twice as much.
        seen: set[str] = set()
        for c in record.checks:
            if c.check in seen or (c.verdict is _FAIL and not c.note.strip()):
                return False
            seen.add(c.check)
        return True
    if entity == "review_task":
        return bool(record.step_days >= 0)
    if entity == "case":
        return (_CASE_CODE.match(record.case_code) is not None
                and record.accepted_at.tzinfo is not None
                and record.accepted_at.utcoffset() is not None
                and convertible(record.accepted_at)
                and 0 <= record.promised_days <= record.statutory_days)
    return False
