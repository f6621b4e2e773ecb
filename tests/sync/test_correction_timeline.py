"""The store's case timeline tells when the corrections came in, as the platform's does.

A demo case whose one-time notice was answered: ``backoffice case`` and the
task detail's tab show the issue and the answer on their days (the answer
ended the applicant's time, which stood the clock: docs/deadlines.md).
"""

from __future__ import annotations

import re

import pytest
from support.sync_env import Device, data, reviewers

from backoffice.domain.model import CorrectionNoticeStatus
from backoffice.sandbox.server import Sandbox
from backoffice.sync.accounts import Account
from backoffice.sync.case_view import case_data, print_case


def test_the_answer_of_a_notice_is_on_the_timeline_on_its_day(
        sandbox: Sandbox, device: Device, capsys: pytest.CaptureFixture[str]) -> None:
    notice = next(n for n in data().correction_notices
                  if n.status is CorrectionNoticeStatus.ANSWERED)
    assert notice.issued_on is not None and notice.answered_on is not None
    case = next(c for c in data().cases if c.case_code == notice.case_code)
    lead = device(reviewers(case.lead_department)[0], department_code=case.lead_department)
    lead.sync_once()
    user = lead.client.username or ""
    shown = case_data(lead.store, case.case_code,
                      Account("https://platform.test", user, user, case.lead_department,
                              case.lead_department))
    kinds = [e["kind"] for e in shown["timeline"]]
    issued = shown["timeline"][kinds.index("correction_notice_issued")]
    answered = shown["timeline"][kinds.index("correction_notice_answered")]
    assert (issued["at"], answered["at"]) == (notice.issued_on.isoformat(),
                                              notice.answered_on.isoformat())
    assert kinds.index("correction_notice_issued") < kinds.index("correction_notice_answered")
    assert answered["summary"] == issued["summary"]  # the materials asked for
    for lang, said in (("zh", "申请人已补正"), ("en", "corrections came in")):
        print_case(shown, lang)
        row = rf"\n    {notice.answered_on.isoformat()} +{said} +{re.escape(issued['summary'])}\n"
        assert re.search(row, capsys.readouterr().out), lang
