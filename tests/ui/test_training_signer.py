"""Training mode for the signer: a decision waits for the seal in the training data
(pytest-qt, offscreen, the app's embedded sandbox)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from support.training_env import (
    SLOW,
    TRAINING_CASES,
    platform_records,
    start_training,
    training_shell,
)
from test_training_roles import _desk, _other, _switch

from ui import training
from ui.shell import Shell

__all__ = ["training_shell"]  # the fixture


def _submitted(department: str) -> list[dict[str, Any]]:
    return [d for d in platform_records("decision")
            if d["department_code"] == department and d["status"] == "submitted"]


def test_the_training_data_has_a_decision_submitted_in_the_trainee_department(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(training.CASES_ENV, TRAINING_CASES)
    trainee = training.ensure_seeded()
    department = next(u["department_code"] for u in _users() if u["username"] == trainee)
    submitted = _submitted(department)
    assert submitted, "the trainee's signer has no decision to seal"
    cases = {c["case_code"]: c for c in platform_records("case")}
    for decision in submitted:
        assert cases[decision["case_code"]]["status"] == "deciding"
        assert cases[decision["case_code"]]["lead_department"] == department
        assert decision["drafted_by"] != trainee  # a colleague's, found submitted
    tasks = [t for t in platform_records("review_task")
             if t["case_code"] == submitted[0]["case_code"]]
    assert tasks and all(t["status"] in ("opinion_given", "transferred", "withdrawn")
                         for t in tasks)
    # Nothing done in the trainee's name: what they hold stays theirs to do.
    assert all(t["assignee"] != trainee for t in tasks)


def test_a_training_folder_seeded_before_gets_the_signers_decision_at_the_next_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Big enough to hold a case of the department under way that the trainee holds no
    # task of: the cases nobody has touched yet are not walked for an older folder.
    monkeypatch.setenv(training.CASES_ENV, "200")
    with monkeypatch.context() as before:  # as seeding did before the signer's case
        before.setattr(training, "_for_the_signer", lambda *_a, **_k: None)
        trainee = training.ensure_seeded()
    account = training.folder() / "training-account.json"
    account.write_text(json.dumps({"username": trainee}), encoding="utf-8")
    department = next(u["department_code"] for u in _users() if u["username"] == trainee)
    assert not _submitted(department)
    untouched = _routed(department)
    assert untouched

    assert training.ensure_seeded() == trainee
    assert len(_submitted(department)) == 1
    assert _routed(department) == untouched  # the trainee's own review among them
    assert training.ensure_seeded() == trainee  # once: not a second one at every start
    assert len(_submitted(department)) == 1


def test_the_trainee_signer_finds_the_submitted_decision_on_the_desk(
        qtbot: QtBot, training_shell: Shell) -> None:
    shell = training_shell
    reviewer = start_training(qtbot, shell)
    department = reviewer.account.department_code
    code = _submitted(department)[0]["case_code"]
    _switch(qtbot, shell, _other(department, "signer", reviewer.account.username))
    desk = _desk(qtbot, shell)
    qtbot.waitUntil(lambda: code in [c.case_code for c in desk.cases] and not desk.busy(),
                    timeout=SLOW)
    desk.open_case(code)
    qtbot.waitUntil(lambda: desk.current is not None and not desk.busy()
                    and desk.current.decision.case_code == code, timeout=SLOW)
    assert desk.form.state.text().startswith("Submitted, awaiting seal")
    assert desk.form.seal.isEnabled()


def _routed(department: str) -> list[str]:
    return sorted(c["case_code"] for c in platform_records("case")
                  if c["lead_department"] == department and c["status"] == "routed")


def _users() -> list[dict[str, Any]]:
    from sqlalchemy import select

    from backoffice.sandbox import db

    engine = db.make_engine(training.database())
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(db.users.c.username, db.users.c.department_code))]
    finally:
        engine.dispose()
