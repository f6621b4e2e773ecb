"""The demo data's Chinese reads as an office writes it: no "经审查，经审查，", and
refusals of acceptance for reasons that fit a catalog item its department grants."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from backoffice.domain.model import DecisionKind
from backoffice.sandbox.demo.lifecycle import not_accepted
from backoffice.sandbox.demo_data import DemoData, generate

TODAY = dt.date(2025, 6, 16)
# Not this authority's business: no catalog item is (each is its department's to grant).
NOT_OURS = "不属于本行政机关职权范围"
# A case not complete is told what to correct (补正), never refused acceptance for it.
NOT_A_REFUSAL = ("材料不齐全", "逾期未补正")


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(cases=600, seed=7, today=TODAY)


def _texts(record: object) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, (tuple, list)):
            for v in value:
                walk(v)

    walk(record)
    return found


def test_no_text_says_after_review_twice(data: DemoData) -> None:
    every = [t for group in (data.tasks, data.decisions, data.materials,
                             data.correction_notices) for r in group for t in _texts(r)]
    assert any(t.startswith("经审查，") for t in every)
    assert [t for t in every if "经审查，经审查" in t] == []


def test_refusals_of_acceptance_vary_and_fit_the_catalog(data: DemoData) -> None:
    refusals = [(d.reasons, d.legal_basis) for d in data.decisions
                if d.kind == DecisionKind.REFUSE_ACCEPTANCE]
    assert refusals  # few cases are refused acceptance: the reasons of many codes too
    drawn = {not_accepted(f"220681-20250616-{n:06d}") for n in range(1, 60)}
    assert set(refusals) <= drawn and len(drawn) >= 3
    for reasons, basis in drawn:
        assert NOT_OURS not in reasons and "不予受理" in reasons
        assert not any(w in reasons for w in NOT_A_REFUSAL)
        assert "第三十二条" in basis
