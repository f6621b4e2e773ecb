"""The words for identifiers that messages' params carry (see :mod:`backoffice.messages`).

The kind of a record (``review_task``), a state (``opinion_given``), an
action (``claim``), a check (``legality``), a field of a decision: for the
params named in :data:`TERM_PARAMS` such a value is worded from
:data:`TERMS` before it goes into a message's template. Kept apart from the
catalog of sentences: a glossary, not messages.

To add a state, an action or a kind of record, add one line to :data:`TERMS`
(a test checks that every state and action of the state machines has one).
"""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]

# fmt: off
# The words for identifiers found in params (see the module docstring): kinds
# of record, states and actions of the state machines, the three checks.
TERMS: dict[str, dict[Language, str]] = {
    # kinds of record (the store's entity kinds)
    "case": {"en": "case", "zh": "办件"},
    "comment": {"en": "comment", "zh": "备注"},
    "correction_notice": {"en": "one-time correction notice", "zh": "一次性告知书"},
    "decision": {"en": "decision", "zh": "审查决定"},
    "deferred_material": {"en": "deferred material", "zh": "容缺材料"},
    "department": {"en": "department", "zh": "部门"},
    "extension": {"en": "extension", "zh": "延期"},
    "inspection": {"en": "site inspection", "zh": "现场勘察"},
    "inspection_part": {"en": "department's part of the inspection record", "zh": "部门勘察记录"},
    "inspection_request": {"en": "inspection request", "zh": "勘察申请"},
    "material": {"en": "material", "zh": "申请材料"},
    "notification": {"en": "notification to the applicant", "zh": "告知申请人通知"},
    "review_task": {"en": "review task", "zh": "审核任务"},
    "service_item": {"en": "service item", "zh": "事项"},
    "special_procedure": {"en": "special procedure", "zh": "特别程序"},
    # states of cases and review tasks
    "accepted": {"en": "accepted", "zh": "已受理"},
    "archived": {"en": "archived", "zh": "已归档"},
    "awaiting_applicant": {"en": "awaiting the applicant's corrections", "zh": "待申请人补正"},
    "decided": {"en": "decided", "zh": "已决定"},
    "deciding": {"en": "awaiting the decision", "zh": "待决定"},
    "in_review": {"en": "in review", "zh": "审核中"},
    "issued": {"en": "result issued", "zh": "已出件"},
    "not_accepted": {"en": "not accepted (refusal of acceptance)", "zh": "不予受理"},
    "opinion_given": {"en": "opinion given", "zh": "已出具意见"},
    "reported": {"en": "reported to the upper level", "zh": "已上报"},
    "routed": {"en": "routed to the departments", "zh": "已按责转办"},
    "suspended": {"en": "clock suspended", "zh": "已中止计时"},
    "transferred": {"en": "transferred to another department", "zh": "已移交其他部门"},
    "unclaimed": {"en": "unclaimed", "zh": "待认领"},
    "withdrawn": {"en": "withdrawn", "zh": "已撤回"},
    # actions of cases and review tasks
    "all_opinions_in": {"en": "collect every department's opinion", "zh": "汇齐各部门意见"},
    "archive": {"en": "archive", "zh": "归档"},
    "claim": {"en": "claim", "zh": "认领"},
    "decide": {"en": "decide", "zh": "作出决定"},
    "escalate": {"en": "escalate", "zh": "上报"},
    "give_opinion": {"en": "give the opinion", "zh": "出具意见"},
    "issue": {"en": "issue the result", "zh": "出件"},
    "receive_correction": {"en": "receive the corrections", "zh": "接收补正材料"},
    "refuse_acceptance": {"en": "refuse acceptance", "zh": "不予受理"},
    "release": {"en": "release", "zh": "退回待认领"},
    "reopen": {"en": "reopen the review", "zh": "重新审核"},
    "reopen_review": {"en": "send back to review", "zh": "退回审核"},
    "request_correction": {"en": "request corrections", "zh": "一次性告知补正"},
    "resume": {"en": "resume the clock", "zh": "恢复计时"},
    "route": {"en": "route", "zh": "按责转办"},
    "start_review": {"en": "start the review", "zh": "开始审核"},
    "suspend": {"en": "suspend the clock", "zh": "中止计时"},
    "transfer": {"en": "transfer to another department", "zh": "移交其他部门"},
    "withdraw": {"en": "withdraw", "zh": "撤回"},
    # states and actions of site inspections (9.5.2)
    "all_confirmed": {"en": "confirmed by every department", "zh": "各部门均已确认"},
    "all_parts_in": {"en": "complete the joint record", "zh": "汇齐各部门勘察记录"},
    "cancel": {"en": "cancel", "zh": "取消"},
    "cancelled": {"en": "cancelled", "zh": "已取消"},
    "confirm": {"en": "confirm the time", "zh": "确认时间"},
    "confirmed": {"en": "confirmed", "zh": "已确认"},
    "decline": {"en": "decline the time", "zh": "不同意时间"},
    "join": {"en": "join the joint inspection", "zh": "加入联合勘察"},
    "propose": {"en": "propose a time", "zh": "拟定时间"},
    "proposed": {"en": "time proposed", "zh": "已拟定时间"},
    "recorded": {"en": "recorded", "zh": "已记录"},
    "requested": {"en": "requested", "zh": "已申请"},
    "reschedule": {"en": "reschedule", "zh": "改期"},
    # states and actions of decisions (9.5.4)
    "draft": {"en": "draft", "zh": "草稿"},
    "submitted": {"en": "submitted for sealing", "zh": "已提交待签章"},
    "sealed": {"en": "sealed", "zh": "已签章"},
    "submit": {"en": "submit for sealing", "zh": "提交签章"},
    "seal": {"en": "seal", "zh": "签章"},
    # the checks of material review (9.5.1)
    "authenticity": {"en": "authenticity", "zh": "真实性"},
    "conformity": {"en": "conformity", "zh": "规范性"},
    "legality": {"en": "legality", "zh": "合法性"},
    # fields of decisions and their documents (a ``field`` param)
    "court": {"en": "court for an administrative lawsuit", "zh": "行政诉讼法院"},
    "legal_basis": {"en": "legal basis", "zh": "法律依据"},
    "notice_days": {"en": "public notice period", "zh": "公示期限"},
    "overdue_reason": {"en": "reason for the overdue decision", "zh": "超期理由"},
    "reasons": {"en": "reasons", "zh": "理由"},
    "reconsideration_body": {"en": "administrative reconsideration body", "zh": "行政复议机关"},
    "report_by": {"en": "date by which it is reported", "zh": "上报期限"},
    "upper_authority": {"en": "upper authority", "zh": "上级行政机关"},
    # the states of a sync (``backoffice sync``'s lines; English as scripts read them)
    "idle": {"en": "idle", "zh": "在线"},
    "syncing": {"en": "syncing", "zh": "正在同步"},
    "offline": {"en": "offline", "zh": "离线"},
    "signed_out": {"en": "signed out", "zh": "已退出登录"},
    "error": {"en": "error", "zh": "出错"},
}
# fmt: on

# Params whose values are identifiers worded from TERMS when a message is rendered.
TERM_PARAMS: frozenset[str] = frozenset({"action", "check", "current", "entity", "expected",
                                         "field", "sync_state", "target"})
