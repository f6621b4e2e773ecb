"""The singular sentences of counted messages: "1 working day late", not "1 working days".

English picks its sentence by the number; Chinese has no plural, so both
entries of a code say the same there. ``render_code`` takes the entry
``"<code>.one"`` when the count named in :data:`COUNTED_BY` is 1.
"""

from __future__ import annotations

from backoffice.message_terms import Language

# Sentences with a count, by the param that counts.
COUNTED_BY: dict[str, str] = {
    "app.smoke_errors": "count",
    "archive.created": "files",
    "auth.throttled": "retry_after",
    "case.timeline_extension_approved": "working_days",
    "case.timeline_extension_requested": "working_days",
    "cli.conflicts_kept": "count",
    "cli.days_late": "days",
    "cli.days_left": "days",
    "cli.quarantined": "count",
    "cli.queue_kept": "count",
    "planning.deadline_too_close": "working_days",
    "planning.department_unavailable": "inspectors",
    "planning.problem_invalid": "errors",
    "signing.rate_limited": "retry_after",
    "sync.clock_skew_days": "n",
    "sync.clock_skew_hours": "n",
    "sync.clock_skew_minutes": "n",
}

# One line per code, sorted; the same placeholders as the plural's.
# fmt: off
ONE: dict[str, dict[Language, str]] = {
    "app.smoke_errors.one": {"en": "The smoke run logged {count} error; see {log}.", "zh": "冒烟运行期间记录了 {count} 个错误，详见 {log}。"},
    "archive.created.one": {"en": "Archive package written to {path} ({files} file, manifest sealed).", "zh": "归档包已生成：{path}（{files} 个文件，清单已签章）。"},
    "auth.throttled.one": {"en": "Too many failed sign-ins for this user; try again in {retry_after} second.", "zh": "该用户登录失败次数过多，请在 {retry_after} 秒后重试。"},
    "case.timeline_extension_approved.one": {"en": "{by} approved {working_days} more working day. Reason: {reason}", "zh": "{by} 批准延期 {working_days} 个工作日。理由：{reason}"},
    "case.timeline_extension_requested.one": {"en": "{by} asked for {working_days} more working day. Reason: {reason}", "zh": "{by} 申请延期 {working_days} 个工作日。理由：{reason}"},
    "cli.conflicts_kept.one": {"en": "{count} change of {user} is in conflict or was refused by the platform, and is not sent: it is kept on this computer for {user} at {url}; re-apply or discard it with backoffice conflicts after {user} next signs in there.", "zh": "{user} 尚有 {count} 项修改存在冲突或被平台拒绝，不会发送：这些修改在本机为 {user}（{url}）保留，请在 {user} 下次于该地址登录后用 backoffice conflicts 重新应用或放弃。"},
    "cli.days_late.one": {"en": "{days} working day late", "zh": "已超期 {days} 个工作日"},
    "cli.days_left.one": {"en": "{days} working day left", "zh": "剩余 {days} 个工作日"},
    "cli.quarantined.one": {"en": "{count} record from the platform was malformed and set aside (see backoffice status).", "zh": "平台发来的 {count} 条记录格式有误，已隔离（见 backoffice status）。"},
    "cli.queue_kept.one": {"en": "{count} change of {user} not yet confirmed is kept on this computer for {user} at {url}; it is sent when {user} next signs in there, not at another person's sign-in.", "zh": "{user} 尚有 {count} 项修改未经平台确认，已在本机为 {user}（{url}）保留，将在 {user} 下次于该地址登录后发送，其他人登录时不会发送。"},
    "planning.deadline_too_close.one": {"en": "The deadline ({deadline}) is too close: {working_days} working day left is not enough for the inspection, even if everyone were free.", "zh": "办理期限（{deadline}）过近：仅剩 {working_days} 个工作日，即使所有人都有空也无法安排勘察。"},
    "planning.department_unavailable.one": {"en": "The department {department} has nobody free long enough at any time before the deadline ({inspectors} qualified inspector).", "zh": "部门 {department} 在期限前任何时间都没有人有足够的空闲时间（符合资格的勘察人员 {inspectors} 名）。"},
    "planning.problem_invalid.one": {"en": "The planning problem {path} is not valid: field {field}: {problem} ({errors} error in all).", "zh": "勘察安排问题文件 {path} 无效：字段 {field}：{problem}（共 {errors} 处错误）。"},
    "signing.rate_limited.one": {"en": "The signing service is busy; try again in {retry_after} second.", "zh": "签章服务繁忙，请在 {retry_after} 秒后重试。"},
    "sync.clock_skew_days.one": {"en": "This computer's clock is {n} day off the platform's: deadlines and times may be wrong. Set the clock right (or ask your IT support).", "zh": "本机时钟与平台相差 {n} 天：办理时限和时间可能有误。请校准时钟（或联系信息技术支持人员）。"},
    "sync.clock_skew_hours.one": {"en": "This computer's clock is {n} hour off the platform's: deadlines and times may be wrong. Set the clock right (or ask your IT support).", "zh": "本机时钟与平台相差 {n} 小时：办理时限和时间可能有误。请校准时钟（或联系信息技术支持人员）。"},
    "sync.clock_skew_minutes.one": {"en": "This computer's clock is {n} minute off the platform's: deadlines and times may be wrong. Set the clock right (or ask your IT support).", "zh": "本机时钟与平台相差 {n} 分钟：办理时限和时间可能有误。请校准时钟（或联系信息技术支持人员）。"},
}
# fmt: on
