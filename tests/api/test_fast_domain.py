"""``api/fast_domain.admissible`` never admits what the domain refuses.

A snapshot page stores the structs of cases, materials and review tasks
without building their domain objects, once ``admissible`` says the
domain's constructors would take them. Here: for generated records — valid
by the contract, and with the values the domain's rules are about pushed to
their edges — whatever it admits, ``convert.to_domain`` builds; and a record
it does not admit still gets the domain's own answer (built, or refused with
the domain's error) through ``sync.wire.page_ops``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fast_decode import _change, _page, _record

from backoffice.api import convert, fast
from backoffice.api.fast_domain import BULK_ENTITIES, admissible
from backoffice.api.records import CaseRecord, MaterialRecord, ReviewTaskRecord
from backoffice.domain.errors import BackofficeError
from backoffice.remote import validate
from backoffice.sandbox.demo import generate
from backoffice.sync.wire import page_ops

_EDGES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "case": st.fixed_dictionaries({}, optional={
        "case_code": st.sampled_from(["ABC123", "ab-12", "A" * 64, "ABCDEF\n", "中文编码123",
                                      "ABC 12", "------"]),
        "accepted_at": st.sampled_from(["2026-01-01T08:00:00", "2026-01-01T08:00:00+08:00",
                                        "2026-01-01T00:00:00Z",
                                        # no store or local clock can convert these
                                        "0001-01-01T00:00:00+14:00",
                                        "9999-12-31T23:00:00-10:00"]),
        "promised_days": st.integers(0, 5), "statutory_days": st.integers(0, 5)}),
    "material": st.fixed_dictionaries({}, optional={"checks": st.lists(
        st.fixed_dictionaries({"check": st.sampled_from(["authenticity", "legality",
                                                          "conformity"])},
                              optional={"verdict": st.sampled_from(["pending", "pass", "fail",
                                                                    "not_applicable"]),
                                        "note": st.sampled_from(["", " ", "\n", "模糊"])}),
        max_size=4)}),
    "review_task": st.fixed_dictionaries({}, optional={"step_days": st.integers(0, 3)}),
}
_MODELS = {"case": CaseRecord, "material": MaterialRecord, "review_task": ReviewTaskRecord}


def test_the_bulk_entities_are_the_ones_tested() -> None:
    assert set(_MODELS) == set(BULK_ENTITIES)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), entity=st.sampled_from(sorted(_MODELS)))
def test_what_is_admitted_the_domain_builds(data: st.DataObject, entity: str) -> None:
    record = dict(data.draw(_record(_MODELS[entity])))
    record.update(data.draw(_EDGES[entity]))
    record["entity"] = entity
    body = _page([_change(record)])
    page = validate.parse_page(body, host="h")
    if not page.changes or not isinstance(page.changes[0], fast.FastChange):
        return  # not a valid record by the contract, or not taken fast
    struct = page.changes[0].record
    assert struct is not None
    try:
        built = convert.to_domain(struct)
    except BackofficeError as exc:
        refused: BackofficeError | None = exc
    else:
        refused = None
        assert built is not None
    if admissible(struct):
        assert refused is None, (record, refused)
    ops = page_ops(page.changes, page.rejected)
    if refused is None:
        assert len(ops.bulk) + len(ops.records) == 1 and not ops.quarantined
        assert ops.domain_records() == [built]
    else:
        (q,) = ops.quarantined
        assert q.reason == f"{refused.code}: {refused.params}"
        assert not ops.bulk and not ops.records
        json.dumps(q.raw)  # JSON-able for the quarantine table


def test_a_case_whose_acceptance_no_clock_can_convert_is_quarantined_not_bulk() -> None:
    # Before year 1 in UTC: the store's conversion overflowed on it, page and sync.
    case = convert.to_wire(generate(cases=1, seed=1, today=dt.date(2025, 3, 3)).cases[0],
                           departments=[], clock_stopped=False)
    case["accepted_at"] = "0001-01-01T00:00:00+14:00"
    page = validate.parse_page(_page([_change(case)]), host="h")
    (change,) = page.changes
    assert isinstance(change, fast.FastChange) and change.record is not None
    assert not admissible(change.record)
    ops = page_ops(page.changes, page.rejected)
    assert not ops.bulk and not ops.records
    assert [q.reason.split(":")[0] for q in ops.quarantined] == ["record.time_out_of_range"]
