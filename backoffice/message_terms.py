"""The words for identifiers that messages' params carry (see :mod:`backoffice.messages`).

The kind of a record (``review_task``), a state (``opinion_given``), an
action (``claim``), a check (``legality``), a field of a decision: for the
params named in :data:`TERM_PARAMS` such a value is worded from
:data:`TERMS` before it goes into a message's template. Kept apart from the
catalog of sentences: a glossary, not messages.

To add a state, an action or a kind of record, add one line to :data:`TERMS`
(a test checks that every state and action of the state machines has one).
The command line's text pages (``backoffice status``, ``tasks``, ``case``)
word their labels and identifiers from here too; an identifier that means
something else in another enum is qualified by it (``verdict.pass`` 通过,
``result.pass`` 符合).
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
    "hand_over": {"en": "hand over to a colleague", "zh": "转交同事"},
    "issue": {"en": "issue the result", "zh": "出件"},
    "notice_issued": {"en": "issue the one correction notice", "zh": "发出一次性告知书"},
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
    # a department's answer to the proposed time ("pending" also names a queued command's state)
    "answer.confirmed": {"en": "confirmed", "zh": "已确认"},
    "answer.declined": {"en": "declined", "zh": "不同意"},
    "answer.pending": {"en": "not answered yet", "zh": "待答复"},
    # the labels of ``backoffice inspections``
    "joint_result": {"en": "joint result", "zh": "联合勘察结论"},
    "reason_given": {"en": "reason", "zh": "原因"},
    # states and actions of decisions (9.5.4)
    "draft": {"en": "draft", "zh": "草稿"},
    "submitted": {"en": "submitted for sealing", "zh": "已提交待签章"},
    "sealed": {"en": "sealed", "zh": "已签章"},
    "submit": {"en": "submit for sealing", "zh": "提交签章"},
    "seal": {"en": "seal", "zh": "签章"},
    "document_timestamp": {"en": "document timestamp", "zh": "文档时间戳"},
    # the checks of material review (9.5.1)
    "authenticity": {"en": "authenticity", "zh": "真实性"},
    "conformity": {"en": "conformity", "zh": "规范性"},
    "legality": {"en": "legality", "zh": "合法性"},
    # fields of decisions and their documents (a ``field`` param)
    "court": {"en": "court for an administrative lawsuit", "zh": "行政诉讼法院"},
    "delivery_address": {"en": "postal address", "zh": "邮寄地址"},
    "legal_basis": {"en": "legal basis", "zh": "法律依据"},
    "notice_days": {"en": "public notice period", "zh": "公示期限"},
    "overdue_reason": {"en": "reason for the overdue decision", "zh": "超期理由"},
    "reasons": {"en": "reasons", "zh": "理由"},
    "reconsideration_body": {"en": "administrative reconsideration body", "zh": "行政复议机关"},
    "report_by": {"en": "date by which it is reported", "zh": "上报期限"},
    "upper_authority": {"en": "upper authority", "zh": "上级行政机关"},
    # the other fields of a document's data (document render --case-json)
    "applicant_id": {"en": "applicant's ID number", "zh": "申请人证件号码"},
    "applicant_name": {"en": "applicant's name", "zh": "申请人名称"},
    "application_date": {"en": "date of the application", "zh": "申请日期"},
    "contact": {"en": "contact", "zh": "联系方式"},
    "copies_to": {"en": "copies to", "zh": "抄送机关"},
    "correction_due": {"en": "date by which corrections are due", "zh": "补正期限"},
    "corrections": {"en": "materials to correct", "zh": "补正材料"},
    "department_code": {"en": "department code", "zh": "部门代码"},
    "document_number": {"en": "document number", "zh": "文号"},
    "inspecting_departments": {"en": "inspecting departments", "zh": "勘察部门"},
    "inspection_end": {"en": "end of the inspection", "zh": "勘察结束时间"},
    "inspection_start": {"en": "start of the inspection", "zh": "勘察开始时间"},
    "issued_on": {"en": "date of issue", "zh": "成文日期"},
    "issuing_body": {"en": "issuing body", "zh": "发文机关"},
    "kind": {"en": "kind of document", "zh": "文书种类"},
    "licence_number": {"en": "licence number", "zh": "许可证编号"},
    "licence_valid_until": {"en": "licence valid until", "zh": "许可证有效期至"},
    "originals": {"en": "originals to have ready", "zh": "需备查的原件"},
    "service_item_name": {"en": "service item", "zh": "事项名称"},
    "site_address": {"en": "site address", "zh": "勘察地址"},
    # the states of a sync (``backoffice sync``'s lines; English as scripts read them)
    "connecting": {"en": "connecting", "zh": "正在连接"},
    "idle": {"en": "idle", "zh": "在线"},
    "syncing": {"en": "syncing", "zh": "正在同步"},
    "offline": {"en": "offline", "zh": "离线"},
    "signed_out": {"en": "signed out", "zh": "已退出登录"},
    "error": {"en": "error", "zh": "出错"},
    # the kinds of command a task's actions are not (``task.claim`` is worded as ``claim``)
    "case.suspend": {"en": "suspend the clock for a special procedure", "zh": "因特别程序中止计时"},
    "comment.add": {"en": "comment", "zh": "备注"},
    "correction_notice.edit": {"en": "edit the one-time correction notice", "zh": "修改一次性告知书"},
    "correction_notice.issue": {"en": "issue the one-time correction notice", "zh": "发出一次性告知书"},
    "decision.draft": {"en": "draft the decision", "zh": "起草审查决定"},
    "decision.issue": {"en": "issue the decision", "zh": "发出审查决定"},
    "decision.seal": {"en": "seal the decision", "zh": "审查决定签章"},
    "decision.submit": {"en": "submit the decision for sealing", "zh": "提交审查决定签章"},
    "extension.approve": {"en": "approve the extension", "zh": "批准延期"},
    "extension.request": {"en": "request an extension", "zh": "申请延期"},
    "inspection.cancel": {"en": "cancel the site inspection", "zh": "取消现场勘察"},
    "inspection.confirm": {"en": "confirm the site inspection time", "zh": "确认现场勘察时间"},
    "inspection.decline": {"en": "decline the site inspection time", "zh": "不同意现场勘察时间"},
    "inspection.propose": {"en": "propose a site inspection time", "zh": "拟定现场勘察时间"},
    "inspection.record_part": {"en": "record the department's inspection part", "zh": "填写本部门勘察记录"},
    "inspection.request": {"en": "request a site inspection", "zh": "申请现场勘察"},
    "inspection.reschedule": {"en": "reschedule the site inspection", "zh": "现场勘察改期"},
    "material.verdict": {"en": "verdict on a material", "zh": "材料审核结论"},
    "notification.send": {"en": "notify the applicant", "zh": "告知申请人"},
    "special_procedure.end": {"en": "end the special procedure", "zh": "结束特别程序"},
    # the states of a queued command; "pending" is also ``backoffice status``'s count of them
    "conflict": {"en": "in conflict", "zh": "存在冲突"},
    "pending": {"en": "waiting to be sent", "zh": "待发送"},
    "refused": {"en": "refused by the platform", "zh": "被平台拒绝"},
    "sent": {"en": "sent, awaiting the platform", "zh": "已发送，等待平台确认"},
    # a check's verdict and a site inspection's result: the same identifiers
    # ("pass", "fail") with other words, so each qualified by what it is of
    "result.fail": {"en": "fail", "zh": "不符合"},
    "result.pass": {"en": "pass", "zh": "符合"},
    "result.pass_with_corrections": {"en": "pass with corrections", "zh": "整改后符合"},
    "verdict.fail": {"en": "failed", "zh": "不通过"},
    "verdict.not_applicable": {"en": "not applicable", "zh": "不适用"},
    "verdict.pass": {"en": "passed", "zh": "通过"},
    "verdict.pending": {"en": "not checked yet", "zh": "尚未审查"},
    # kinds of decision (escalate and refuse_acceptance are worded as the actions above)
    "grant": {"en": "grant", "zh": "准予许可"},
    "refuse": {"en": "refuse", "zh": "不予许可"},
    # kinds of special procedure (9.5.3)
    "appraisal": {"en": "appraisal", "zh": "鉴定"},
    "auction": {"en": "auction", "zh": "拍卖"},
    "bidding": {"en": "bidding", "zh": "招标"},
    "expert_review": {"en": "expert review", "zh": "专家评审"},
    "hearing": {"en": "hearing", "zh": "听证"},
    "quarantine": {"en": "quarantine", "zh": "检疫"},
    "testing": {"en": "inspection and testing", "zh": "检验、检测"},
    # a deadline's warning levels and its flags
    "clock_stopped": {"en": "clock stopped", "zh": "计时已中止"},
    "differs": {"en": "the offline estimate differs from the platform's date", "zh": "离线估算与平台日期不一致"},
    "due_soon": {"en": "due soon", "zh": "即将到期"},
    "due_today": {"en": "due today", "zh": "今日到期"},
    "normal": {"en": "in time", "zh": "正常"},
    "overdue": {"en": "overdue", "zh": "已超期"},
    "provisional": {"en": "provisional calendar", "zh": "临时工作日历"},
    # the events of a case's timeline (accepted, suspended, comment and decision are above)
    "correction_notice_answered": {"en": "corrections came in", "zh": "申请人已补正"},
    "correction_notice_issued": {"en": "one-time correction notice issued", "zh": "发出一次性告知书"},
    "extension_approved": {"en": "extension approved", "zh": "批准延期"},
    "extension_requested": {"en": "extension requested", "zh": "申请延期"},
    "inspection_cancelled": {"en": "site inspection cancelled", "zh": "取消现场勘察"},
    "inspection_confirmed": {"en": "site inspection confirmed", "zh": "确认现场勘察"},
    "inspection_proposed": {"en": "site inspection time proposed", "zh": "拟定现场勘察时间"},
    "inspection_recorded": {"en": "site inspection recorded", "zh": "记录现场勘察结果"},
    "inspection_requested": {"en": "site inspection requested", "zh": "申请现场勘察"},
    "inspection_rescheduled": {"en": "site inspection rescheduled", "zh": "现场勘察改期"},
    "notification_sent": {"en": "applicant notified", "zh": "告知申请人"},
    "resumed": {"en": "clock resumed", "zh": "已恢复计时"},
    # the labels of ``backoffice status`` (its JSON keys) and ``backoffice case``
    "applicant": {"en": "applicant", "zh": "申请人"},
    "cases": {"en": "cases", "zh": "办件"},
    "conflicted": {"en": "conflicts", "zh": "冲突"},
    "conflicts": {"en": "conflict", "zh": "冲突"},
    "deadline": {"en": "due", "zh": "办理时限"},
    "last_sync": {"en": "last sync", "zh": "上次同步"},
    "materials": {"en": "materials", "zh": "申请材料"},
    "no": {"en": "no", "zh": "否"},
    "platform": {"en": "platform", "zh": "平台"},
    "quarantined": {"en": "set aside as malformed", "zh": "已隔离"},
    "set_aside": {"en": "set aside", "zh": "已隔离记录"},
    "signed_in": {"en": "signed in", "zh": "已登录"},
    "store": {"en": "local store", "zh": "本地存储"},
    "tasks": {"en": "review tasks", "zh": "审核任务"},
    "timeline": {"en": "timeline", "zh": "办理记录"},
    "unknown": {"en": "unknown", "zh": "未知"},
    "user": {"en": "user", "zh": "用户名"},
    "working_days": {"en": "working days", "zh": "个工作日"},
    "yes": {"en": "yes", "zh": "是"},
    # the labels of ``backoffice paths`` and ``store info``, and their values
    "info.exists": {"en": "exists", "zh": "是否存在"},
    "info.outbox": {"en": "outbox", "zh": "待发送队列"},
    "info.path": {"en": "path", "zh": "路径"},
    "info.schema": {"en": "schema", "zh": "结构版本"},
    "info.size": {"en": "size", "zh": "大小"},
    "paths.cache": {"en": "cache", "zh": "缓存目录"},
    "paths.data": {"en": "data", "zh": "数据目录"},
    "paths.log_file": {"en": "log file", "zh": "日志文件"},
    "paths.logs": {"en": "logs", "zh": "日志目录"},
    "paths.store": {"en": "store", "zh": "本地存储"},
    "schema.needs_migration": {"en": "needs migration", "zh": "需要升级"},
    "schema.newer": {"en": "NEWER than this app", "zh": "比本程序新"},
    "schema.up_to_date": {"en": "up to date", "zh": "已是最新"},
    "wal.off": {"en": "off", "zh": "未开启"},
    "wal.on": {"en": "on", "zh": "已开启"},
    # the column heads of ``backoffice conflicts``
    "change": {"en": "change", "zh": "修改"},
    "change_id": {"en": "id", "zh": "编号"},
    # the column heads of ``backoffice tasks`` (the app's list says them so)
    "assignee": {"en": "assignee", "zh": "审核人"},
    "case_code": {"en": "case code", "zh": "统一审核编码"},
    "case_deadline": {"en": "case deadline", "zh": "办件办理时限"},
    "status": {"en": "status", "zh": "状态"},
    "step_completed": {"en": "step completed", "zh": "本环节已完成"},
    "step_deadline": {"en": "step deadline", "zh": "环节截止日期"},
    # how an ended case's deadline reads (inbox_query.CaseOutcome), as the task detail says it
    "outcome.completed": {"en": "case completed", "zh": "办件已办结"},
    "outcome.late": {"en": "case completed late", "zh": "办件超期办结"},
    "outcome.on_time": {"en": "case completed on time", "zh": "办件按时办结"},
    "outcome.reported": {"en": "case reported to the upper-level authority",
                         "zh": "办件已上报上级机关"},
    "outcome.withdrawn": {"en": "case withdrawn", "zh": "办件已撤回"},
    # the kind of JSON value a file's field must hold (planning.problem_wrong_type)
    "json.boolean": {"en": "true or false", "zh": "true 或 false"},
    "json.date": {"en": "a date (2026-05-06)", "zh": "日期（如 2026-05-06）"},
    "json.datetime": {"en": "a date and time (2026-05-06T09:00+08:00)",
                      "zh": "日期时间（如 2026-05-06T09:00+08:00）"},
    "json.integer": {"en": "a whole number", "zh": "整数"},
    "json.list": {"en": "a list [ … ]", "zh": "数组（[…]）"},
    "json.number": {"en": "a number", "zh": "数字"},
    "json.object": {"en": "an object { … }", "zh": "对象（{…}）"},
    "json.text": {"en": "text in quotes", "zh": "带引号的文本"},
    "json.time": {"en": "a time (09:00)", "zh": "时间（如 09:00）"},
    # where a proxy came from (http.proxy_source), as remote.proxy_unreachable says it
    "proxy_from.environment": {
        "en": "the proxy set in the environment (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY; NO_PROXY "
              "lists the hosts reached directly)",
        "zh": "环境变量中设置的代理（HTTPS_PROXY、HTTP_PROXY 或 ALL_PROXY；直接连接的主机列于 NO_PROXY）"},
    "proxy_from.settings": {"en": "the proxy in Settings", "zh": "设置中的代理"},
    "proxy_from.system": {"en": "the system's proxy settings", "zh": "系统的代理设置"},
}
# fmt: on

# Params whose values are identifiers worded from TERMS when a message is rendered.
TERM_PARAMS: frozenset[str] = frozenset({"action", "check", "current", "entity", "expected",
                                         "field", "proxy_from", "sync_state", "target"})
