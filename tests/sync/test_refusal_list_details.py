"""A refusal naming several departments keeps them, and says them as the language lists.

The platform sends ``decision.opinions_pending`` with ``departments`` as a
JSON list. The outbox keeps a list of short plain texts (and nothing
nested or hostile), and the reason reads 甲、乙 in Chinese, "A, B" in English —
not the general sentence with the bare code.
"""

from __future__ import annotations

from backoffice.store.reason_details import plain_details
from backoffice.sync.reasons import stopped_reason

DETAILS = {"case_code": "220200-20261124-000001", "current": "in_review",
           "departments": ["吉林市城市管理局", "吉林市自然资源局"]}


def test_a_list_of_departments_is_kept_and_said_in_each_language() -> None:
    kept = plain_details(DETAILS)
    assert kept is not None and kept["departments"] == ("吉林市城市管理局", "吉林市自然资源局")
    zh = stopped_reason("decision.opinions_pending", refused=True, lang="zh", details=DETAILS)
    assert "部门 吉林市城市管理局、吉林市自然资源局 尚未出具审查意见" in zh, zh
    en = stopped_reason("decision.opinions_pending", refused=True, lang="en", details=DETAILS)
    assert "吉林市城市管理局, 吉林市自然资源局" in en, en


def test_a_list_that_is_not_plain_text_is_dropped() -> None:
    for bad in (["ok", 3], ["ok", "\x1b[2J"], [["nested"]], [], ["x"] * 17, ["y" * 201]):
        assert plain_details({"departments": bad}) is None, bad
