"""The words for a :class:`BackofficeError`, in Chinese or English.

Errors carry a stable ``code`` and ``params``; this module is the one place
that turns them into a sentence for a person (the CLI prints it, the UI may
show it). Templates use :meth:`str.format` placeholders named after the
error's params. ``tests/test_messages.py`` checks that both languages of a
template use the same placeholders, and that every code raised in
``backoffice`` has an entry here.

Some params hold identifiers, not words: the kind of a record
(``review_task``), a state (``opinion_given``), an action (``claim``), a
check (``legality``). For the params named in :data:`TERM_PARAMS`, such a
value is worded from :data:`TERMS` before it goes into the template, so the
user reads 审核任务 / "review task", never the identifier; ``a/b`` (the
targets of an action with several) is worded part by part. A value not in
:data:`TERMS` is shown as it is.

To add a code, add one line to :data:`CATALOG`; to add a state, an action or
a kind of record, add one line to :data:`TERMS`, which lives in
:mod:`backoffice.message_terms` (a test checks that every state and action of
the state machines has one).
"""

from __future__ import annotations

import locale
import os
import string
from collections.abc import Iterable, Mapping
from typing import Any

from backoffice import logs
from backoffice.domain.errors import BackofficeError
from backoffice.message_counts import COUNTED_BY as COUNTED_BY  # noqa: PLC0414
from backoffice.message_counts import ONE

# Re-exported (mypy needs the alias): callers keep using messages.TERMS.
from backoffice.message_terms import TERM_PARAMS as TERM_PARAMS  # noqa: PLC0414
from backoffice.message_terms import TERMS as TERMS  # noqa: PLC0414
from backoffice.message_terms import Language as Language  # noqa: PLC0414

LANGUAGES: tuple[Language, ...] = ("zh", "en")
SYSTEM = "system."  # the codes of backoffice.system_reasons
DEFAULT_LANGUAGE: Language = "zh"
ENV_LANG = "BACKOFFICE_LANG"

# One line per code, sorted by code; `{name}` placeholders are the error's params.
# fmt: off
CATALOG: dict[str, dict[Language, str]] = {
    "accounts.stranded": {"en": "Changes made while signed in as {user} at {url} have not been sent: {count} (waiting or in conflict). They stay with that address and are not sent from here, as a different address may be a different platform. Sign in at {url} to send them.", "zh": "以 {user} 身份在 {url} 登录时所做的 {count} 项更改尚未发送（等待发送或存在冲突）。这些更改保留在该地址下，不会从这里发送，因为不同的地址可能是另一个平台。请在 {url} 登录以发送这些更改。"},
    "accounts.unreadable": {"en": "The list of accounts {path} cannot be read ({reason}). Sign in again.", "zh": "无法读取账户列表 {path}（{reason}），请重新登录。"},
    "app.no_display": {"en": "No display to open the window on. Run with --smoke, set QT_QPA_PLATFORM=offscreen, or start it under Xvfb (xvfb-run).", "zh": "没有可用的显示器，无法打开窗口。请使用 --smoke、设置 QT_QPA_PLATFORM=offscreen，或在 Xvfb（xvfb-run）下运行。"},
    "app.screenshot_failed": {"en": "Could not save the screenshot to {path}.", "zh": "无法将截图保存到 {path}。"},
    "app.smoke_errors": {"en": "The smoke run logged {count} errors; see {log}.", "zh": "冒烟运行期间记录了 {count} 个错误，详见 {log}。"},
    "app.smoke_timeout": {"en": "The smoke run did not finish within {seconds} s.", "zh": "冒烟运行未在 {seconds} 秒内完成。"},
    "archive.created": {"en": "Archive package written to {path} ({files} files, manifest sealed).", "zh": "归档包已生成：{path}（{files} 个文件，清单已签章）。"},
    "archive.duplicate_name": {"en": "A file name appears twice in the archive: {name}.", "zh": "归档包中文件名重复：{name}。"},
    "archive.hash_mismatch": {"en": "A file does not match its SHA-256 in the manifest.", "zh": "文件与清单中的 SHA-256 不一致。"},
    "archive.manifest_malformed": {"en": "The archive's manifest is malformed.", "zh": "归档包清单格式不正确。"},
    "archive.manifest_missing": {"en": "The archive has no manifest.", "zh": "归档包缺少清单。"},
    "archive.manifest_tampered": {"en": "The archive's manifest was changed after sealing.", "zh": "归档包清单在签章后被修改。"},
    "archive.manifest_unsealed": {"en": "The archive's manifest is not sealed.", "zh": "归档包清单未签章。"},
    "archive.missing_file": {"en": "A file listed in the manifest is missing.", "zh": "清单所列文件缺失。"},
    "archive.no_decision": {"en": "The archive of case {case_code} needs the sealed decision document.", "zh": "办件 {case_code} 的归档包须包含已签章的决定书。"},
    "archive.not_zip": {"en": "The file is not a readable zip archive.", "zh": "该文件不是可读取的 zip 归档包。"},
    "archive.rejected": {"en": "The archive package is rejected.", "zh": "归档包验证未通过。"},
    "archive.sealer_mismatch": {"en": "The archive's manifest is sealed by another department than the one that sealed the decision.", "zh": "归档包清单的签章部门与决定书的签章部门不一致。"},
    "archive.too_large": {"en": "The archive declares more content than can be checked.", "zh": "归档包声明的内容过大，无法检查。"},
    "archive.unknown_role": {"en": "Unknown kind of archive file: {role}.", "zh": "未知的归档文件类型：{role}。"},
    "archive.unlisted_file": {"en": "A file is in the archive but not in the manifest.", "zh": "归档包中有清单未列出的文件。"},
    "archive.unsafe_name": {"en": "Unsafe file name in the archive: {name}.", "zh": "归档包中有不安全的文件名：{name}。"},
    "archive.valid": {"en": "The archive package is intact: manifest sealed, every file matches, decision valid.", "zh": "归档包完整：清单签章有效，所有文件一致，决定书验证通过。"},
    "auth.invalid_credentials": {"en": "Wrong user name or password.", "zh": "用户名或密码不正确。"},
    "auth.refresh_invalid": {"en": "The sign-in has expired; sign in again.", "zh": "登录已失效，请重新登录。"},
    "auth.refresh_reused": {"en": "A refresh token was reused; the whole sign-in was revoked.", "zh": "刷新令牌被重复使用，该登录已全部注销。"},
    "auth.throttled": {"en": "Too many failed sign-ins for this user; try again in {retry_after} seconds.", "zh": "该用户登录失败次数过多，请在 {retry_after} 秒后重试。"},
    "auth.token_invalid": {"en": "The sign-in has expired; sign in again.", "zh": "登录已失效，请重新登录。"},
    "auth.token_missing": {"en": "Sign-in required.", "zh": "需要登录。"},
    "backoffice.error": {"en": "The operation failed.", "zh": "操作失败。"},
    "calendar.bad_date": {"en": "The work calendar for {year} has an invalid date: {value}.", "zh": "{year} 年工作日历中有无效日期：{value}。"},
    "calendar.bad_date_list": {"en": "The work calendar for {year} has a malformed list of dates.", "zh": "{year} 年工作日历的日期列表格式不正确。"},
    "calendar.bad_year": {"en": "The work calendar has an invalid year ({year}).", "zh": "工作日历中的年份无效（{year}）。"},
    "calendar.conflicting_day": {"en": "{date} is listed both as a holiday and as a working day.", "zh": "{date} 同时被列为节假日和工作日。"},
    "calendar.date_outside_year": {"en": "The date {date} does not belong in the work calendar for {year}.", "zh": "日期 {date} 不属于 {year} 年的工作日历。"},
    "calendar.duplicate_year": {"en": "The work calendar lists the year {year} twice.", "zh": "工作日历中 {year} 年出现了两次。"},
    "calendar.negative_working_days": {"en": "Cannot count a negative number of working days ({working_days}).", "zh": "不能计算负数个工作日（{working_days}）。"},
    "case.bad_code": {"en": "“{case_code}” is not a valid case code.", "zh": "“{case_code}”不是有效的统一审核编码。"},
    "case.naive_accepted_at": {"en": "The acceptance time of case {case_code} has no time zone.", "zh": "办件 {case_code} 的受理时间缺少时区。"},
    "case.promised_exceeds_statutory": {"en": "Case {case_code}: the promised time limit ({promised} working days) must be between 0 and the statutory one ({statutory}).", "zh": "办件 {case_code}：承诺时限（{promised} 个工作日）须在 0 到法定时限（{statutory} 个工作日）之间。"},
    "case.timeline_extension_approved": {"en": "{by} approved {working_days} more working days. Reason: {reason}", "zh": "{by} 批准延期 {working_days} 个工作日。理由：{reason}"},
    "case.timeline_extension_requested": {"en": "{by} asked for {working_days} more working days. Reason: {reason}", "zh": "{by} 申请延期 {working_days} 个工作日。理由：{reason}"},
    "cli.bad_encoding": {"en": "The {argument} argument is not text in the system's encoding ({encoding}); set the terminal to that encoding and try again.", "zh": "参数 {argument} 不是系统编码（{encoding}）的文本；请将终端设为该编码后重试。"},
    "cli.conflicts_kept": {"en": "{count} changes are in conflict and are not sent: re-apply or discard them with backoffice conflicts after the next sign-in.", "zh": "尚有 {count} 项修改存在冲突，不会发送：请在下次登录后用 backoffice conflicts 重新应用或放弃。"},
    "cli.days_late": {"en": "{days} working days late", "zh": "已超期 {days} 个工作日"},
    "cli.days_left": {"en": "{days} working days left", "zh": "剩余 {days} 个工作日"},
    "cli.discarded": {"en": "Command {command} discarded.", "zh": "已放弃操作 {command}。"},
    "cli.no_conflicts": {"en": "No conflicts.", "zh": "没有冲突。"},
    "cli.no_inspections": {"en": "No joint site inspections.", "zh": "没有联合现场勘察。"},
    "cli.password_prompt": {"en": "Password for {user}:", "zh": "{user} 的密码："},
    "cli.quarantined": {"en": "{count} records from the platform were malformed and set aside (see backoffice status).", "zh": "平台发来的 {count} 条记录格式有误，已隔离（见 backoffice status）。"},
    "cli.queue_kept": {"en": "{count} changes not yet confirmed are kept; they are sent after the next sign-in.", "zh": "尚有 {count} 项修改未经平台确认，已保留，下次登录后发送。"},
    "cli.queued": {"en": "Queued: {action} on {case_code}. It is sent at the next sync.", "zh": "已加入待发送队列：{case_code} {action}。将在下次同步时发送。"},
    "cli.reapplied": {"en": "Command {command} re-applied on the current version as {new}.", "zh": "操作 {command} 已基于最新版本重新提交（新编号 {new}）。"},
    "cli.resync_due": {"en": "After the upgrade, the next sync pulls every record from the platform once more; it takes as long as the first sync. Changes waiting to be sent are kept.", "zh": "升级后，下次同步将重新从平台获取全部记录，耗时与首次同步相当。待发送的修改会保留。"},
    "cli.resync_under_way": {"en": "Syncing everything again after the upgrade: every record comes from the platform once more, which takes as long as the first sync. Changes waiting to be sent are kept, and a sync cut short goes on where it stopped.", "zh": "升级后正在重新同步全部数据：将再次从平台获取全部记录，耗时与首次同步相当。待发送的修改会保留；同步中断后会从中断处继续。"},
    "cli.signed_in": {"en": "Signed in as {name} ({department}) on {server}. Local store: {store}", "zh": "已登录：{name}（{department}），平台 {server}。本地存储：{store}"},
    "cli.signed_out": {"en": "Signed out {user}; the saved sign-in was removed.", "zh": "已退出 {user}，已删除保存的登录凭据。"},
    "cli.signed_out_keyring_locked": {"en": "Signed out {user} on this machine. The saved sign-in could not be removed because the system keyring cannot be used ({reason}): it stays in the keyring for now, and is removed the next time the keyring can be used (when the app starts, or at a sign-in or sign-out here).", "zh": "已在本机退出 {user}。由于无法使用系统密钥环（{reason}），无法删除保存的登录凭据：凭据暂时保留在密钥环中，待下次可以使用密钥环时（程序启动、在本机登录或退出时）自动删除。"},
    "cli.sync_done": {"en": "Synced: changes sent {sent}, confirmed {applied}; records received {records}, removed {removed}. Waiting to be sent: {pending}; conflicts: {conflicts}.", "zh": "同步完成：发送 {sent} 项修改，确认 {applied} 项；收到 {records} 条记录，移除 {removed} 条。待发送：{pending}；冲突：{conflicts}。"},
    "cli.sync_keyring_unreadable": {"en": "The saved sign-in cannot be read because the system keyring cannot be used ({reason}). Unlock the keyring, or give the password on standard input: backoffice sync --once --password-stdin signs in for that sync only. Your work here is kept and is sent once you are signed in.", "zh": "无法使用系统密钥环（{reason}），因此无法读取已保存的登录状态。请解锁密钥环，或通过标准输入提供密码：backoffice sync --once --password-stdin 仅为本次同步登录。您在本机的工作会保留，登录后即发送。"},
    "cli.sync_progress": {"en": "Syncing: records received {records}, files downloaded {files}…", "zh": "正在同步：已接收 {records} 条记录，已下载 {files} 个文件…"},
    "cli.sync_state": {"en": "Sync: {sync_state}; waiting to be sent: {pending}; conflicts: {conflicts}.", "zh": "同步：{sync_state}；待发送：{pending}；冲突：{conflicts}。"},
    "cli.unexpected": {"en": "Unexpected error ({kind}). Details are in the log: {log}", "zh": "发生意外错误（{kind}）。详细信息见日志：{log}"},
    "command.bad_created_at": {"en": "The time of the command, {created_at}, is refused: it must have a time zone and lie between {earliest} and {latest}.", "zh": "操作时间 {created_at} 不予接受：须带时区，且在 {earliest} 至 {latest} 之间。"},
    "command.bad_payload": {"en": "The “{kind}” command has an invalid field: {field}.", "zh": "“{kind}”操作的字段无效：{field}。"},
    "command.id_reused": {"en": "The command id was used by another user.", "zh": "命令编号已被其他用户使用。"},
    "command.missing_id": {"en": "A “{kind}” command lacks its id or the id of its record.", "zh": "“{kind}”操作缺少编号或对象编号。"},
    "command.naive_created_at": {"en": "Command {command} has a time without a time zone.", "zh": "操作 {command} 的时间缺少时区。"},
    "command.payload_not_json": {"en": "The data of the “{kind}” command cannot be stored.", "zh": "“{kind}”操作的数据无法保存。"},
    "command.unknown_kind": {"en": "Unknown kind of command: {kind}.", "zh": "未知的操作类型：{kind}。"},
    "command.unsupported_format": {"en": "Unsupported command format version {format_version}.", "zh": "不支持的命令格式版本 {format_version}。"},
    "command.wrong_author": {"en": "The command's author is not the signed-in user.", "zh": "命令的作者不是当前登录用户。"},
    "command.wrong_entity": {"en": "A “{kind}” command applies to {expected}, not to {entity}.", "zh": "“{kind}”操作适用于{expected}，而不是{entity}。"},
    "command.wrong_target": {"en": "Command {command} is not addressed to {entity} {entity_id}.", "zh": "操作 {command} 的对象不是{entity} {entity_id}。"},
    "comment.bad_text": {"en": "A comment needs text (at most {limit} characters).", "zh": "备注须有内容（最多 {limit} 个字）。"},
    "comment.naive_time": {"en": "Comment {id} has a time without a time zone.", "zh": "备注 {id} 的时间缺少时区。"},
    "correction.already_issued": {"en": "Correction notice {notice} has already been issued; it can no longer be changed.", "zh": "一次性告知书 {notice} 已发出，不能再修改。"},
    "correction.bad_edit": {"en": "Change the wording of “{material}” or drop it with a reason — one of the two.", "zh": "对“{material}”的补正项，请修改措辞或说明理由后删除，二者选其一。"},
    "correction.empty_notice": {"en": "Correction notice {notice} has no items; an empty notice cannot be issued.", "zh": "一次性告知书 {notice} 没有任何补正内容，不能发出。"},
    "correction.item_not_found": {"en": "Correction notice {notice} has no item for “{material}” as shown; it may have changed meanwhile.", "zh": "一次性告知书 {notice} 中没有所示的“{material}”补正项，可能已被修改。"},
    "correction.item_without_reason": {"en": "The correction of “{material}” needs a reason.", "zh": "“{material}”的补正须说明理由。"},
    "correction.no_draft": {"en": "There is no correction draft to issue.", "zh": "没有待发出的告知内容。"},
    "correction.other_case": {"en": "Correction notices {notice} and {other} belong to different cases and cannot be combined.", "zh": "一次性告知书 {notice} 与 {other} 属于不同办件，不能合并。"},
    "correction.others_not_reviewed": {"en": "The one correction notice of case {case_code} cannot be issued yet: {departments} have not finished their material review (no items added and no opinion given). Every department's corrections go to the applicant in one notice.", "zh": "办件 {case_code} 的一次性告知书暂不能发出：{departments} 尚未完成材料审核（既未提出补正内容，也未出具意见）。各部门需补正的内容应在一份告知书中一次性告知申请人。"},
    "correction.second_notice": {"en": "A one-time correction notice for case {case_code} was already issued ({issued_on}); everything to correct must be told in that one notice. A second notice is only possible, with a reason, for defects in the supplemented materials after the applicant answered.", "zh": "办件 {case_code} 已于 {issued_on} 发出一次性告知书，需补正的内容应在该告知书中一次性告知。仅当申请人补正后所补材料本身仍有缺陷时，方可说明理由再次告知。"},
    "correction.second_notice_new_material": {"en": "Case {case_code}: “{material}” was not in the correction notice of {issued_on}; a second notice may only concern the supplemented materials.", "zh": "办件 {case_code}：“{material}”不在 {issued_on} 的一次性告知书中，再次告知只能针对申请人补正的材料。"},
    "credentials.insecure_backend": {"en": "The keyring backend {backend} would keep the sign-in in a plain file; it is not used. Sign in with your password each time, or use the system's keyring.", "zh": "密钥环后端 {backend} 会把登录凭据保存在普通文件中，因此不予使用。请每次用密码登录，或使用系统密钥环。"},
    "credentials.left_in_keyring": {"en": "You are signed out of {user} on this computer, but the saved sign-in could not be removed because the system keyring cannot be used ({reason}). It stays in the keyring for now, and is removed the next time the keyring can be used (when the app starts, or at a sign-in or sign-out here).", "zh": "已在本机退出 {user}，但由于无法使用系统密钥环（{reason}），无法删除保存的登录凭据。凭据暂时保留在密钥环中，待下次可以使用密钥环时（程序启动、在本机登录或退出时）自动删除。"},
    "credentials.session_only": {"en": "The system keyring cannot be used ({reason}), so this sign-in lasts only until you quit or sign out, and next time you will need your password again. Unlock the system keyring (or set one up) to have the sign-in remembered. Your work here is kept and sent as usual.", "zh": "无法使用系统密钥环（{reason}），因此本次登录只保持到退出或注销为止，下次需要重新输入密码登录。解锁（或设置）系统密钥环后即可保存登录状态。您在本机的工作照常保存和发送。"},
    "credentials.unavailable": {"en": "The system keyring cannot be used ({reason}), so the sign-in cannot be remembered. Unlock the system keyring (or set one up), then sign in again.", "zh": "无法使用系统密钥环（{reason}），因此无法保存登录状态。请解锁（或设置）系统密钥环后重新登录。"},
    "credentials.unreadable": {"en": "The saved sign-in cannot be read because the system keyring cannot be used ({reason}). Unlock the keyring, or sign in with your password. Your work here is kept and is sent once you are signed in.", "zh": "无法使用系统密钥环（{reason}），因此无法读取已保存的登录状态。请解锁密钥环，或用密码登录。您在本机的工作会保留，登录后即发送。"},
    "cursor.expired": {"en": "The sync cursor is no longer valid; sync again from scratch.", "zh": "同步位置已失效，请从头重新同步。"},
    "deadline.extension_approval_date_missing": {"en": "An approved extension needs the day it was approved.", "zh": "已批准的延期须有批准日期。"},
    "deadline.extension_approver_missing": {"en": "An extension needs the name of the head who approved it.", "zh": "延期须填写批准的负责人。"},
    "deadline.extension_not_positive": {"en": "An extension must add at least one working day (got {working_days}).", "zh": "延期至少应为一个工作日（当前为 {working_days}）。"},
    "deadline.extension_reason_missing": {"en": "An extension needs a reason to tell the applicant.", "zh": "延期须填写告知申请人的理由。"},
    "deadline.negative_days": {"en": "A time limit cannot be a negative number of working days ({days}).", "zh": "时限不能为负数个工作日（{days}）。"},
    "deadline.negative_threshold": {"en": "The warning threshold cannot be negative ({due_soon_days} working days).", "zh": "预警阈值不能为负数（{due_soon_days} 个工作日）。"},
    "deadline.negative_working_days": {"en": "A time limit cannot be a negative number of working days ({working_days}).", "zh": "时限不能为负数个工作日（{working_days}）。"},
    "deadline.no_deadline": {"en": "There is no deadline: neither the platform nor the local calculation gave one.", "zh": "没有办理时限：中央平台和本地计算均未给出。"},
    "deadline.suspension_ends_before_start": {"en": "A clock suspension cannot end ({end}) before it starts ({start}).", "zh": "中止计时的结束日期（{end}）不能早于开始日期（{start}）。"},
    "decision.acceptance_past": {"en": "Case {case_code} is {current}: it is past acceptance, a refusal of acceptance no longer fits.", "zh": "办件 {case_code} 当前为“{current}”，已过受理阶段，不能再作不予受理决定。"},
    "decision.acceptance_period_over": {"en": "Case {case_code} was accepted on {accepted_on}; its {limit} working days to refuse acceptance ended on {last_day}, and the application now counts as accepted. If it does not qualify, refuse the licence (不予许可) with its reasons instead.", "zh": "办件 {case_code} 于 {accepted_on} 受理，不予受理须在 {limit} 个工作日内（至 {last_day}）作出，逾期即视为受理，不能再作不予受理决定；如不符合条件，请作不予许可决定并说明理由。"},
    "decision.case_not_decided": {"en": "Decision {decision} cannot be issued: case {case_code} is {current}, its seal did not decide it.", "zh": "审查决定 {decision} 不能出件：办件 {case_code} 当前为“{current}”，未经签章决定。"},
    "decision.case_not_deciding": {"en": "Case {case_code} is {current}: a grant, refusal or escalation is submitted and sealed only once every department has given its opinion.", "zh": "办件 {case_code} 当前为“{current}”：准予许可、不予许可或上报决定须待各部门均出具审查意见后，方可提交签章。"},
    "decision.document_missing": {"en": "The sealed document {sha256} is not on the platform: upload it first.", "zh": "平台上没有已签章文书 {sha256}，请先上传。"},
    "decision.escalation_without_report_date": {"en": "Decision {decision} reports the case to the upper level: give the date by which it is reported.", "zh": "审查决定 {decision} 为上报，须填写上报期限。"},
    "decision.field_missing": {"en": "Decision {decision} needs its {field}: its document cannot be made without it.", "zh": "审查决定 {decision} 须填写{field}，否则无法生成决定书。"},
    "decision.inspection_unfinished": {"en": "The site inspection of case {case_code} at {site} on {slot} is not finished: decide once its record is complete.", "zh": "办件 {case_code} 于 {slot} 在 {site} 的现场勘察尚未完成，须待勘察记录完整后再作决定。"},
    "decision.inspection_unscheduled": {"en": "The site inspection of case {case_code} at {site} has no time yet: decide once it has taken place and its record is complete.", "zh": "办件 {case_code} 在 {site} 的现场勘察尚未确定时间，须待勘察完成、记录完整后再作决定。"},
    "decision.no_reserved_number": {"en": "No document number is reserved on this computer: connect once to reserve numbers for local seals.", "zh": "本机没有预留文号：请联网一次，为本地签章预留文号。"},
    "decision.not_found": {"en": "There is no decision {decision} here.", "zh": "本地没有审查决定 {decision}。"},
    "decision.not_verified": {"en": "Decision {decision}: its sealed document did not verify; it cannot be issued.", "zh": "审查决定 {decision} 的已签章文书验证未通过，不能出件。"},
    "decision.notice_period_missing": {"en": "Decision {decision} has a public notice: give its period (1–60 working days).", "zh": "审查决定 {decision} 需要公示，须填写公示期限（1至60个工作日）。"},
    "decision.number_not_reserved": {"en": "The document number {number} was not reserved for your department, or is used already.", "zh": "文号 {number} 未预留给本部门，或已被使用。"},
    "decision.open_corrections": {"en": "Case {case_code} still has an open correction notice ({notice}): decide once the applicant has supplied the corrections.", "zh": "办件 {case_code} 仍有未办结的补正告知（{notice}），须待申请人补正后再作决定。"},
    "decision.opinion_missing": {"en": "The joint decision {decision} cannot be sealed: the opinion of department {department} is missing.", "zh": "联合审批决定 {decision} 尚缺部门 {department} 的意见，不能签章。"},
    "decision.opinions_pending": {"en": "Case {case_code} is {current}: the opinion of {departments} is still missing. A grant, refusal or escalation is submitted and sealed only once every department has.", "zh": "办件 {case_code} 当前为“{current}”，部门 {departments} 尚未出具审查意见：准予许可、不予许可或上报决定须待各部门意见齐备后，方可提交签章。"},
    "decision.overdue": {"en": "The deadline of case {case_code} was {due_date}: the decision is overdue and needs a reason, which is recorded.", "zh": "办件 {case_code} 的办理期限为 {due_date}，已超期；须说明超期理由，理由将被记录。"},
    "decision.refusal_without_legal_basis": {"en": "Refusal {decision} needs its legal basis.", "zh": "不予决定 {decision} 须写明法律依据。"},
    "decision.refusal_without_reasons": {"en": "Refusal {decision} needs its reasons.", "zh": "不予决定 {decision} 须说明理由。"},
    "decision.report_by_outside": {"en": "The escalation must be reported between the acceptance ({earliest}) and the deadline of the case ({latest}); {report_by} is outside.", "zh": "上报期限 {report_by} 不在受理日（{earliest}）至办理期限（{latest}）之间，须在承诺期限内上报。"},
    "decision.seal_invalid": {"en": "The sealed document does not verify ({reason}): it cannot be used.", "zh": "已签章文书验证未通过（{reason}），不能使用。"},
    "decision.signer_only": {"en": "Only a signer may seal a decision.", "zh": "只有签章人员可以签章。"},
    "decision.text_too_long": {"en": "The {field} may be at most {limit} characters long; this one has {length}. Shorten it.", "zh": "{field}最多 {limit} 个字，当前为 {length} 个字，请删减。"},
    "deferred.due_before_commitment": {"en": "The deferred material “{material}” cannot be due before the commitment was made.", "zh": "容缺材料“{material}”的补交期限不能早于承诺日期。"},
    "document.bad_date": {"en": "The document's “{field}” is not a real date or time: “{value}”. Write a date as 2025-03-18, a time with its zone as 2025-03-18T09:30+08:00.", "zh": "文书的“{field}”不是有效的日期或时间：“{value}”。日期应写作 2025-03-18，时间应带时区，写作 2025-03-18T09:30+08:00。"},
    "document.bad_input": {"en": "The document data is not valid: {reason}.", "zh": "文书数据无效：{reason}。"},
    "document.date_out_of_range": {"en": "The document's “{field}” ({value}) is outside the years 2000–2099.", "zh": "文书的“{field}”（{value}）不在 2000 年至 2099 年之间。"},
    "document.field_missing": {"en": "The document needs the field “{field}”, which is missing or empty.", "zh": "文书缺少必填字段“{field}”或该字段为空。"},
    "document.issued_before_application": {"en": "The document cannot be dated {issued_on}, before the application of {application_date}.", "zh": "成文日期 {issued_on} 早于申请日期 {application_date}，文书不能早于申请。"},
    "document.rendered": {"en": "Decision document ({kind}) written to {path}.", "zh": "文书（{kind}）已生成：{path}。"},
    "document.rendered_draft": {"en": "Draft decision document ({kind}) written to {path}; the document number is allocated at sealing.", "zh": "文书草稿（{kind}）已生成：{path}；文号于签章时分配。"},
    "document.template_unknown_field": {"en": "The template for “{kind}” uses an unknown field: {field}.", "zh": "“{kind}”文书模板使用了未知字段：{field}。"},
    "document.template_unreadable": {"en": "The document template {path} cannot be read ({reason}).", "zh": "无法读取文书模板 {path}（{reason}）。"},
    "document.unknown_field": {"en": "The document data has fields this version does not know: {field}.", "zh": "文书数据中有未知字段：{field}。"},
    "document.unsupported_characters": {"en": "The document font has no glyph for {chars}: the document is not made, as these characters would be missing from it. Check the spelling (a name may be written with a rarer character than usual) or ask the administrator.", "zh": "文书字库中没有以下字符：{chars}。为免文书缺字，文书未生成。请核对文字（姓名可能使用了生僻字），或联系管理员。"},
    "domain.error": {"en": "The request breaks a business rule.", "zh": "该操作不符合业务规则。"},
    "efficiency.accepted": {"en": "Cases accepted: {count}, immediate cases among them: {immediate}. Immediate-case ratio: {ratio}", "zh": "受理办件：{count} 件，其中即办件 {immediate} 件。即办件比率：{ratio}"},
    "efficiency.bad_date": {"en": "Not a date in the form YYYY-MM-DD: {value}", "zh": "日期格式不正确（应为 YYYY-MM-DD）：{value}"},
    "efficiency.bad_period": {"en": "The period ends ({end}) before it begins ({start}).", "zh": "统计期间的结束日期（{end}）早于开始日期（{start}）。"},
    "efficiency.completed": {"en": "Cases completed: {count}, on time among them: {on_time}. On-time completion rate: {ratio}", "zh": "办结办件：{count} 件，其中按时办结 {on_time} 件。按时办结率：{ratio}"},
    "efficiency.completed_on": {"en": "completed on", "zh": "办结日期"},
    "efficiency.concentration_not_available": {"en": "Acceptance concentration rate: not available. The platform does not tell the back office where or through which channel a case was accepted, so the local store cannot count it.", "zh": "受理集中率：无法统计。平台未向部门后台提供办件的受理地点和受理渠道，本地存储无法计算。"},
    "efficiency.heading": {"en": "Efficiency of {department}: the cases it leads, {start} to {end} (Beijing dates, both included)", "zh": "{department} 办事效率：本部门牵头的办件，{start} 至 {end}（北京时间，含首尾两日）"},
    "efficiency.late_heading": {"en": "Completed late: {count}", "zh": "超期办结：{count} 件"},
    "efficiency.no_cases": {"en": "no cases", "zh": "无办件"},
    "efficiency.online_not_available": {"en": "Online completion rate: not available. The platform does not tell the back office through which channel a case was applied for or its result delivered, so the local store cannot count it.", "zh": "网上办结率：无法统计。平台未向部门后台提供办件的申请渠道和结果送达渠道，本地存储无法计算。"},
    "efficiency.overdue_heading": {"en": "Open cases overdue today ({today}): {count}", "zh": "今日（{today}）已超期的在办办件：{count} 件"},
    "extension.already_extended": {"en": "Case {case_code} has already been extended once; the law allows one extension (Administrative Licensing Law Art. 42).", "zh": "办件 {case_code} 已延期一次，依《行政许可法》第四十二条只能延期一次。"},
    "extension.not_requested": {"en": "The extension is not awaiting approval.", "zh": "该延期不在申请状态。"},
    "extension.over_limit": {"en": "Case {case_code} may be extended by at most {limit} working days, not {working_days} (Art. 42: 10 working days, 15 when several departments handle the case jointly).", "zh": "办件 {case_code} 最多可延长 {limit} 个工作日，不能延长 {working_days} 个工作日（第四十二条：延长十日，多个部门联合办理的延长十五日）。"},
    "file.hash_mismatch": {"en": "The uploaded content does not match its name: expected SHA-256 {expected}, got {actual}.", "zh": "上传内容与文件名不符：应为 SHA-256 {expected}，实际为 {actual}。"},
    "file.media_type": {"en": "Files of type {media_type} are not taken; the types taken are: {allowed}.", "zh": "不接受 {media_type} 类型的文件；可接受的类型：{allowed}。"},
    "file.range_not_satisfiable": {"en": "The requested byte range is outside the file ({size} bytes).", "zh": "请求的字节范围超出文件大小（{size} 字节）。"},
    "file.too_large": {"en": "The file is too large (limit {limit} bytes).", "zh": "文件过大（上限 {limit} 字节）。"},
    "files.bad_hash": {"en": "{value} is not a file's SHA-256 (64 lower-case hexadecimal digits); it was not used.", "zh": "{value} 不是有效的文件 SHA-256（64 位小写十六进制），未予使用。"},
    "files.disk_full": {"en": "The disk holding the file cache {path} is full: the file was not downloaded (the part that arrived is kept). Free some space or lower the cache size in Settings.", "zh": "文件缓存 {path} 所在的磁盘已满，文件未能下载（已下载的部分会保留）。请释放磁盘空间，或在设置中调小缓存大小。"},
    "files.error": {"en": "The local file cache could not do this.", "zh": "本地文件缓存无法完成此操作。"},
    "files.hash_mismatch": {"en": "The downloaded file {sha256} does not match its SHA-256 (got {actual}); it was discarded.", "zh": "下载的文件 {sha256} 与其 SHA-256 不符（实际为 {actual}），已丢弃。"},
    "files.index_unusable": {"en": "The index of the file cache {path} cannot be used ({reason}). It records which photos are not uploaded yet: keep the folder and contact support.", "zh": "文件缓存索引 {path} 无法使用（{reason}）。其中记录了尚未上传的照片：请保留该文件夹并联系技术支持。"},
    "files.not_cached": {"en": "The file {sha256} is not in the local file cache.", "zh": "文件 {sha256} 不在本地文件缓存中。"},
    "files.upload_corrupt": {"en": "The local copy of {sha256} no longer matches its SHA-256 (now {actual}); the platform refused it. It is kept, pinned: contact support.", "zh": "文件 {sha256} 的本地副本已与其 SHA-256 不符（现为 {actual}），平台拒收。该文件已保留，请联系技术支持。"},
    "files.write_failed": {"en": "The file cache {path} could not be written ({reason}); the file was not downloaded.", "zh": "无法写入文件缓存 {path}（{reason}），文件未能下载。"},
    "forbidden": {"en": "Not allowed.", "zh": "无权执行此操作。"},
    "free_busy.bad_range": {"en": "The free/busy range {start} to {end} is not valid: the end must not be before the start, at most {max_days} days, within 2000–2100.", "zh": "忙闲查询的日期范围 {start} 至 {end} 不正确：结束日期不得早于开始日期，最多 {max_days} 天，且在 2000–2100 年之间。"},
    "http.error": {"en": "The request failed (HTTP {status}).", "zh": "请求失败（HTTP {status}）。"},
    "inspection.after_deadline": {"en": "The proposed slot ({day}) is after the case's deadline ({due_date}); say why the inspection cannot be earlier.", "zh": "拟定的勘察时间（{day}）晚于办件的办理期限（{due_date}）；如确实无法提前，请说明原因。"},
    "inspection.already_answered": {"en": "The department {department} has already answered this proposal for site inspection {inspection}.", "zh": "部门 {department} 已答复现场勘察 {inspection} 的本次时间安排。"},
    "inspection.already_requested": {"en": "The department {department} has already asked for site inspection {inspection}.", "zh": "部门 {department} 已申请现场勘察 {inspection}。"},
    "inspection.bad_answers": {"en": "Site inspection {inspection} has answers of departments that do not take part ({department}).", "zh": "现场勘察 {inspection} 含有未参加部门的答复（{department}）。"},
    "inspection.bad_checklist": {"en": "The checklist of {id} is not valid: every point must be named, and only once.", "zh": "{id} 的勘察要点无效：每个要点都须填写，且不得重复。"},
    "inspection.bad_correction": {"en": "The on-site correction for “{item}” must say what to correct.", "zh": "“{item}”的现场整改要求须写明整改内容。"},
    "inspection.bad_photo_hash": {"en": "A photo of the inspection has an invalid SHA-256 ({sha256}).", "zh": "勘察照片的 SHA-256 无效（{sha256}）。"},
    "inspection.bad_slot": {"en": "The inspection slot must end after it starts, within 12 hours ({start} to {end}).", "zh": "勘察时间须在开始后结束，且不超过 12 小时（{start} 至 {end}）。"},
    "inspection.bad_team": {"en": "The inspection team must name one to twenty inspectors, each once.", "zh": "勘察人员须为 1 至 20 人，且不得重复。"},
    "inspection.case_closed": {"en": "Case {case_code} is {current}: no site inspection can be arranged any more.", "zh": "办件 {case_code} 当前状态为“{current}”，不能再安排现场勘察。"},
    "inspection.corrections_missing": {"en": "Our part of the inspection of case {case_code}: “pass with corrections” needs the on-site corrections that were asked for.", "zh": "本部门对办件 {case_code} 的勘察记录：“整改后符合”须列明现场提出的整改要求。"},
    "inspection.decline_without_reason": {"en": "The department {department} must say why it declines the proposed time.", "zh": "部门 {department} 不同意拟定时间时须说明原因。"},
    "inspection.department_without_inspector": {"en": "The department {department} takes part in the inspection but has no inspector in the team.", "zh": "部门 {department} 参加勘察，但勘察人员中没有该部门的人员。"},
    "inspection.duplicate_department": {"en": "Site inspection {inspection} lists a department more than once ({department}).", "zh": "现场勘察 {inspection} 重复列入了部门（{department}）。"},
    "inspection.ends_before_start": {"en": "Site inspection {inspection} must end after it starts.", "zh": "现场勘察 {inspection} 的结束时间须晚于开始时间。"},
    "inspection.fail_without_note": {"en": "The checklist point “{item}” failed: say what was found.", "zh": "勘察要点“{item}”不合格，须写明发现的问题。"},
    "inspection.in_the_past": {"en": "The visit cannot start at {start}: that time has passed (the platform's time is {now}). Choose a later time.", "zh": "勘察不能安排在 {start} 开始：该时间已过（平台当前时间为 {now}），请另选时间。"},
    "inspection.inspector_busy": {"en": "{user} is already booked for another site inspection from {start} to {end}: choose another time or another inspector.", "zh": "{user} 在 {start} 至 {end} 已有其他现场勘察安排，请另选时间或人员。"},
    "inspection.lead_not_participant": {"en": "The lead department of site inspection {inspection} must take part in it.", "zh": "现场勘察 {inspection} 的牵头部门必须参加勘察。"},
    "inspection.naive_time": {"en": "A time of {id} has no time zone.", "zh": "{id} 的时间缺少时区。"},
    "inspection.no_inspector_to_send": {"en": "No time can be proposed: {department} has no inspector. Every department taking part sends one of its own inspectors, who inspects and confirms its part of the record on site (9.5.2.1, 9.5.2.3). Once {department} has an inspector, refresh the free/busy.", "zh": "无法拟定勘察时间：{department} 没有勘察人员。参加勘察的每个部门都须派出本部门的勘察人员，到现场勘察并确认本部门的勘察记录（9.5.2.1、9.5.2.3）。{department} 有勘察人员后，请刷新空闲情况。"},
    "inspection.not_confirmed": {"en": "Site inspection {inspection} is {current}: parts of the record can be saved only once every department has confirmed it.", "zh": "现场勘察 {inspection} 当前为“{current}”，须各部门均确认后才能填写勘察记录。"},
    "inspection.not_organiser": {"en": "Only the organiser of site inspection {inspection} can plan or cancel it; {department} takes part.", "zh": "只有现场勘察 {inspection} 的组织部门可以安排或取消勘察；{department} 为参加部门。"},
    "inspection.not_participant": {"en": "The department {department} does not take part in site inspection {inspection}.", "zh": "部门 {department} 未参加现场勘察 {inspection}。"},
    "inspection.not_scheduled": {"en": "Site inspection {inspection} has no time yet.", "zh": "现场勘察 {inspection} 尚未确定时间。"},
    "inspection.notice_cancelled": {"en": "Site inspection {inspection} was cancelled: there is no notice to print.", "zh": "现场勘察 {inspection} 已取消，没有可打印的通知书。"},
    "inspection.notice_not_confirmed": {"en": "The inspection time of case {case_code} is proposed, not yet confirmed by every department taking part: only a confirmed time is printed for the applicant.", "zh": "办件 {case_code} 的勘察时间尚在拟定中，未经各参加部门全部确认：只有确认的时间才能打印通知申请人。"},
    "inspection.part_final": {"en": "Our part of the inspection of case {case_code} was confirmed by the inspector and can no longer be changed.", "zh": "本部门对办件 {case_code} 的勘察记录已由勘察人员确认，不能再修改。"},
    "inspection.part_incomplete": {"en": "Our part of the inspection of case {case_code}: every checklist point needs a verdict, and the part a result, before the inspector confirms it.", "zh": "本部门对办件 {case_code} 的勘察记录：须每个要点都有结论、并给出勘察结果后，勘察人员才能确认。"},
    "inspection.part_too_large": {"en": "Our part of the inspection of case {case_code} is too large (at most 50 photos and 20,000 characters of findings).", "zh": "本部门对办件 {case_code} 的勘察记录过大（最多 50 张照片、20000 字的勘察情况）。"},
    "inspection.pass_with_corrections_asked": {"en": "Our part of the inspection of case {case_code}: corrections were asked for on site, so the result is “pass with corrections”, given once they are made (9.5.2.2).", "zh": "本部门对办件 {case_code} 的勘察记录：现场提出了整改要求，勘察结果应为“整改后符合”，并在整改完成后出具（9.5.2.2）。"},
    "inspection.pass_with_failed_line": {"en": "Our part of the inspection of case {case_code}: a result of “pass” cannot have a failed checklist point.", "zh": "本部门对办件 {case_code} 的勘察记录：有不合格要点时结果不能为“合格”。"},
    "inspection.photo_file_unreadable": {"en": "The photo {path} cannot be read ({reason}).", "zh": "无法读取照片 {path}（{reason}）。"},
    "inspection.photo_missing": {"en": "The photo {sha256} was not uploaded by your department; upload it before saving the record.", "zh": "照片 {sha256} 未由本部门上传，请先上传再保存勘察记录。"},
    "inspection.photo_file_too_big": {"en": "The file {path} is {size} MB, more than the {limit} MB a photo can have here: choose the photo itself, or save it smaller.", "zh": "文件 {path} 有 {size} MB，超过此处照片允许的 {limit} MB：请选择照片本身，或将其存为较小的文件。"},
    "inspection.photo_not_a_file": {"en": "{path} is not a file but a folder or a device: choose a photo file.", "zh": "{path} 不是文件，而是文件夹或设备，请选择照片文件。"},
    "inspection.photo_not_found": {"en": "There is no photo {path}: check the path.", "zh": "找不到照片 {path}，请检查路径。"},
    "inspection.photo_too_large": {"en": "The photo has {megapixels} megapixels, more than the {limit} megapixels a photo can have here. Save it smaller (a lower resolution on the camera or phone, or a crop) and attach it again.", "zh": "该照片约有 {megapixels} 百万像素，超过此处允许的 {limit} 百万像素。请将其存为较小的尺寸（在相机或手机上选用较低分辨率，或进行裁剪）后重新添加。"},
    "inspection.photo_unreadable": {"en": "The file cannot be read as a photo (JPEG, PNG and the like).", "zh": "无法作为照片读取该文件（支持 JPEG、PNG 等格式）。"},
    "inspection.proposal_changed": {"en": "Site inspection {inspection} has a new proposed time (proposal {latest}); the answer was to proposal {proposal}.", "zh": "现场勘察 {inspection} 已有新的拟定时间（第 {latest} 次），所作答复针对的是第 {proposal} 次。"},
    "inspection.reason_missing": {"en": "To {action} site inspection {inspection}, give a reason.", "zh": "{action}现场勘察 {inspection} 须说明原因。"},
    "inspection.request_without_reason": {"en": "The inspection request {request} must say why the site must be inspected.", "zh": "勘察申请 {request} 须说明需要现场勘察的原因。"},
    "inspection.too_early": {"en": "The visit cannot start at {start}: the earliest is {earliest} (the applicant is told at least a working day ahead, to bring the originals; and the inspectors need the time to get there).", "zh": "勘察不能安排在 {start} 开始：最早为 {earliest}（须至少提前一个工作日告知申请人携带原件到场，并留出路程时间）。"},
    "inspection.unknown_inspector": {"en": "{user} is not an inspector of a department taking part in the inspection.", "zh": "{user} 不是参加勘察部门的勘察人员。"},
    "inspection.visit_not_begun": {"en": "The site visit for case {case_code} starts at {start} (it is now {now}): the inspector confirms our part and its result on site, once the visit has begun. Until then save it without the confirmation, as a draft.", "zh": "办件 {case_code} 的现场勘察 {start} 才开始（当前时间 {now}）：勘察人员到场勘察后才能确认本部门的勘察记录和结果。在此之前请不勾选确认，先保存为草稿。"},
    "logs.unwritable": {"en": "cannot write the log file {path}: {reason}", "zh": "无法写入日志文件 {path}：{reason}"},
    "material.duplicate_check": {"en": "Material {material} has the same check twice.", "zh": "申请材料 {material} 的同一项审查出现了两次。"},
    "material.fail_without_reason": {"en": "A failed {check} check needs a reason: it goes into the correction notice.", "zh": "{check}审查不通过须说明理由，该理由将写入一次性告知书。"},
    "not_found": {"en": "Not found.", "zh": "未找到。"},
    "notification.naive_time": {"en": "Notification {id} has a time without a time zone.", "zh": "通知 {id} 的时间缺少时区。"},
    "outbox.blocked_by_conflict": {"en": "Held back: an earlier change to the same record is in conflict; resolve that one first.", "zh": "已暂缓：同一对象的前一项修改存在冲突，请先处理该冲突。"},
    "paths.invalid_profile": {"en": "“{profile}” is not a valid profile name.", "zh": "“{profile}”不是有效的配置名称。"},
    "paths.not_a_directory": {"en": "{path} is a file, but a folder is needed there.", "zh": "{path} 是一个文件，此处需要的是文件夹。"},
    "paths.unusable_dir": {"en": "Cannot use the folder {path}: {reason}.", "zh": "无法使用文件夹 {path}：{reason}。"},
    "planning.afternoon_full": {"en": "No afternoon is free for all departments.", "zh": "没有各部门都有空的下午。"},
    "planning.bad_count": {"en": "Ask for at least one slot, and at least one a day (count {count}, per day {max_per_day}).", "zh": "至少应查找一个时段，每天至少一个（数量 {count}，每天 {max_per_day}）。"},
    "planning.bad_duration": {"en": "The duration of an inspection must be whole minutes, at least one (got {minutes}).", "zh": "勘察时长须为整分钟数，至少 1 分钟（当前为 {minutes}）。"},
    "planning.bad_step": {"en": "The grid of start times must be whole minutes that divide a day (got {minutes}).", "zh": "开始时间的间隔须为能整除一天的整分钟数（当前为 {minutes}）。"},
    "planning.cli_absent": {"en": "   cannot join: {departments} (optional)", "zh": "   无法参加：{departments}（可选部门）"},
    "planning.cli_deadline": {"en": "Deadline: {deadline} (visits end by {until}).", "zh": "办理期限：{deadline}（勘察须在 {until} 前结束）。"},
    "planning.cli_no_slot": {"en": "No slot found:", "zh": "未找到可用时段："},
    "planning.cli_slot": {"en": "{number}. {start}–{end}  {team}", "zh": "{number}. {start}–{end}  {team}"},
    "planning.conflict_day_off": {"en": "{date} is not a working day.", "zh": "{date} 不是工作日。"},
    "planning.conflict_inspection": {"en": "On another inspection, {start} to {end}.", "zh": "另有勘察，{start} 至 {end}。"},
    "planning.conflict_inspection_labelled": {"en": "On another inspection: {label}, {start} to {end}.", "zh": "另有勘察：{label}，{start} 至 {end}。"},
    "planning.conflict_leave": {"en": "On leave, {start} to {end}.", "zh": "请假，{start} 至 {end}。"},
    "planning.conflict_leave_labelled": {"en": "On leave: {label}, {start} to {end}.", "zh": "请假：{label}，{start} 至 {end}。"},
    "planning.conflict_meeting": {"en": "In a meeting, {start} to {end}.", "zh": "会议，{start} 至 {end}。"},
    "planning.conflict_meeting_labelled": {"en": "In a meeting: {label}, {start} to {end}.", "zh": "会议：{label}，{start} 至 {end}。"},
    "planning.conflict_other": {"en": "Busy, {start} to {end}.", "zh": "有其他安排，{start} 至 {end}。"},
    "planning.conflict_other_labelled": {"en": "Busy: {label}, {start} to {end}.", "zh": "有其他安排：{label}，{start} 至 {end}。"},
    "planning.conflict_outside_hours": {"en": "The visit with its travel time is outside working hours ({hours}).", "zh": "勘察连同路程时间超出工作时间（{hours}）。"},
    "planning.conflict_too_early": {"en": "Too early: a visit can start at {earliest} at the earliest (the applicant is told at least a working day ahead, and the inspectors need the time to get there).", "zh": "时间过早：勘察最早只能在 {earliest} 开始（须至少提前一个工作日告知申请人，并留出路程时间）。"},
    "planning.conflict_travel": {"en": "No time to travel: a commitment from {start} to {end} is too close.", "zh": "路程时间不足：与 {start} 至 {end} 的安排相隔太近。"},
    "planning.conflict_travel_labelled": {"en": "No time to travel: {label}, {start} to {end}, is too close.", "zh": "路程时间不足：与 {label}（{start} 至 {end}）相隔太近。"},
    "planning.deadline_passed": {"en": "The search starts ({start}) after the deadline ({deadline}).", "zh": "查找开始时间（{start}）已晚于办理期限（{deadline}）。"},
    "planning.deadline_too_close": {"en": "The deadline ({deadline}) is too close: {working_days} working days left are not enough for the inspection, even if everyone were free.", "zh": "办理期限（{deadline}）过近：仅剩 {working_days} 个工作日，即使所有人都有空也无法安排勘察。"},
    "planning.department_unavailable": {"en": "The department {department} has nobody free long enough at any time before the deadline ({inspectors} qualified inspectors).", "zh": "部门 {department} 在期限前任何时间都没有人有足够的空闲时间（符合资格的勘察人员 {inspectors} 名）。"},
    "planning.duplicate_department": {"en": "The department {department} is listed twice for the inspection.", "zh": "部门 {department} 在勘察中被重复列出。"},
    "planning.duration_too_long": {"en": "An inspection of {minutes} min with {buffer} min of travel before and after does not fit in any working period (at most {longest} min of visit fit).", "zh": "{minutes} 分钟的勘察加前后各 {buffer} 分钟路程，超出任何一个工作时段（最多可安排 {longest} 分钟的勘察）。"},
    "planning.ends_before_start": {"en": "A time span cannot end ({end}) before or when it starts ({start}).", "zh": "时间段的结束时间（{end}）必须晚于开始时间（{start}）。"},
    "planning.error": {"en": "The inspection planning request cannot be handled.", "zh": "无法处理该勘察安排请求。"},
    "planning.fewer_slots": {"en": "Only {found} of the {wanted} slots asked for could be found.", "zh": "只找到 {found} 个时段，少于所需的 {wanted} 个。"},
    "planning.hint_after_deadline": {"en": "The first slot after the deadline ({deadline}) is {start}.", "zh": "办理期限（{deadline}）之后的第一个可用时段为 {start}。"},
    "planning.hint_none_after_deadline": {"en": "There is no slot after the deadline ({deadline}) either, up to {until}.", "zh": "在办理期限（{deadline}）之后直至 {until} 也没有可用时段。"},
    "planning.hint_without_department": {"en": "If {department} inspected at another time, the first slot for the other departments would be {start}.", "zh": "如果 {department} 另行勘察，其他部门的第一个可用时段为 {start}。"},
    "planning.hint_without_preferences": {"en": "Without the preferences, the first slot is {start}.", "zh": "不考虑偏好时，第一个可用时段为 {start}。"},
    "planning.ics_applicant": {"en": "Applicant: {applicant}", "zh": "申请人：{applicant}"},
    "planning.ics_no_originals": {"en": "No originals to check on site.", "zh": "现场无需核验原件。"},
    "planning.ics_originals": {"en": "Originals to have ready on site: {materials}", "zh": "现场需核验的原件：{materials}"},
    "planning.ics_summary_joint": {"en": "Joint inspection: {title} ({case_code})", "zh": "联合勘察：{title}（{case_code}）"},
    "planning.ics_summary_site": {"en": "Site inspection: {title} ({case_code})", "zh": "现场勘察：{title}（{case_code}）"},
    "planning.ics_team": {"en": "Inspectors: {team}", "zh": "勘察人员：{team}"},
    "planning.inspection_not_scheduled": {"en": "Inspection {inspection} has no time yet and cannot be exported to a calendar.", "zh": "勘察 {inspection} 尚未确定时间，无法导出到日历。"},
    "planning.inspector_not_needed": {"en": "The inspector {inspector} belongs to {department}, which is not asked to this inspection (or lacks the qualification asked for).", "zh": "勘察人员 {inspector} 属于 {department}，该部门未参加本次勘察（或其不具备所需资格）。"},
    "planning.inspector_unavailable": {"en": "The inspector asked for, {name} ({inspector}), is never free when the others are.", "zh": "指定的勘察人员 {name}（{inspector}）在其他人有空时均无空闲。"},
    "planning.morning_full": {"en": "No morning is free for all departments.", "zh": "没有各部门都有空的上午。"},
    "planning.naive_time": {"en": "The time {what} ({value}) has no time zone.", "zh": "时间 {what}（{value}）缺少时区。"},
    "planning.no_common_time": {"en": "Each department ({departments}) has free time, but never all at the same time.", "zh": "各部门（{departments}）各自都有空闲时间，但从来不在同一时间。"},
    "planning.no_qualified_inspector": {"en": "The department {department} has no qualified inspector (qualification: {qualification}).", "zh": "部门 {department} 没有符合资格的勘察人员（资格要求：{qualification}）。"},
    "planning.no_required_department": {"en": "An inspection needs at least one required department.", "zh": "勘察至少需要一个必须参加的部门。"},
    "planning.preferences_exclude": {"en": "The preferences together (part of the day and inspector) leave no slot.", "zh": "各项偏好（上午/下午及指定人员）合在一起后没有可用时段。"},
    "planning.problem_invalid": {"en": "The planning problem {path} is not valid: field {field}: {problem} ({errors} errors in all).", "zh": "勘察安排问题文件 {path} 无效：字段 {field}：{problem}（共 {errors} 处错误）。"},
    "planning.problem_unreadable": {"en": "The planning problem {path} cannot be read ({reason}).", "zh": "无法读取勘察安排问题文件 {path}（{reason}）。"},
    "planning.provisional_calendar": {"en": "The work calendar from {start} on is provisional: its holidays and adjusted working days are not published yet. Weekends, New Year's Day, 1–2 May and 1–3 October are taken as days off and every other day as a working day; check a slot on such a day before proposing it.", "zh": "{start} 起的工作日历为暂定：节假日和调休安排尚未公布，暂按周末及元旦、5月1日至2日、10月1日至3日休息，其余日期按工作日计；在这些日期安排勘察前请先核实。"},
    "planning.unknown_inspector": {"en": "There is no inspector {inspector} in the planning data.", "zh": "勘察安排数据中没有勘察人员 {inspector}。"},
    "planning.window_too_short": {"en": "The search window {start} to {end} has no working time long enough for the inspection, even if everyone were free.", "zh": "查找范围 {start} 至 {end} 内没有足够长的工作时间安排勘察，即使所有人都有空。"},
    "record.naive_time": {"en": "The {field} of {entity} {id} ({value}) has no time zone.", "zh": "{entity} {id} 的时间 {field}（{value}）缺少时区。"},
    "record.time_out_of_range": {"en": "The {field} of {entity} {id} ({value}) is outside the range of times that can be shown and stored.", "zh": "{entity} {id} 的时间 {field}（{value}）超出可显示和保存的时间范围。"},
    "remote.bad_ca_bundle": {"en": "The CA certificate file {path} cannot be used ({reason}).", "zh": "无法使用 CA 证书文件 {path}（{reason}）。"},
    "remote.bad_payload": {"en": "The platform {host} sent an answer this app cannot read ({reason}).", "zh": "平台 {host} 返回的内容无法识别（{reason}）。"},
    "remote.bad_url": {"en": "“{url}” is not a valid platform address.", "zh": "“{url}”不是有效的平台地址。"},
    "remote.cancelled": {"en": "Syncing was stopped because the session is closing; what is left is done at the next sync.", "zh": "会话正在关闭，同步已停止；未完成的部分将在下次同步时继续。"},
    "remote.conflict": {"en": "The record was changed on the platform {host} meanwhile.", "zh": "平台 {host} 上的该记录已被修改。"},
    "remote.cursor_expired": {"en": "The sync position is no longer valid; everything will be synced again from the start.", "zh": "同步位置已失效，将从头重新同步。"},
    "remote.error": {"en": "Talking to the platform failed.", "zh": "与平台通信失败。"},
    "remote.forbidden": {"en": "The platform does not allow this.", "zh": "平台不允许此操作。"},
    "remote.insecure_url": {"en": "“{url}” is not encrypted: the platform must be reached over https.", "zh": "“{url}”未加密：必须通过 https 连接平台。"},
    "remote.not_found": {"en": "The platform has no such record or file.", "zh": "平台上没有该记录或文件。"},
    "remote.offline": {"en": "The platform {host} cannot be reached; working offline.", "zh": "无法连接平台 {host}，当前离线工作。"},
    "remote.proxy_unreachable": {"en": "The proxy {proxy} cannot be reached, so neither can the platform {host}; check the proxy in Settings.", "zh": "无法连接代理服务器 {proxy}，因此也无法连接平台 {host}；请检查设置中的代理。"},
    "remote.proxy_unsupported": {"en": "A SOCKS proxy is set (HTTP_PROXY, HTTPS_PROXY or ALL_PROXY); this app can use only http and https proxies.", "zh": "已设置 SOCKS 代理（HTTP_PROXY、HTTPS_PROXY 或 ALL_PROXY）；本应用只能使用 http 或 https 代理。"},
    "remote.rejected": {"en": "The platform refused the request: {message[en]}", "zh": "平台拒绝了该请求：{message[zh]}"},
    "remote.server_error": {"en": "The platform {host} failed (HTTP {status}); it will be tried again later.", "zh": "平台 {host} 出错（HTTP {status}），稍后将重试。"},
    "remote.signed_out": {"en": "You are no longer signed in to the platform; sign in again. Your pending work is kept.", "zh": "平台登录已失效，请重新登录。尚未上传的操作会保留。"},
    "remote.throttled": {"en": "The platform {host} is busy; it will be tried again later.", "zh": "平台 {host} 繁忙，稍后将重试。"},
    "remote.timeout": {"en": "The platform {host} did not answer in time.", "zh": "平台 {host} 响应超时。"},
    "remote.tls": {"en": "The certificate of {host} could not be verified, so the connection was refused. Ask your administrator to install the platform's CA certificate.", "zh": "无法验证 {host} 的证书，已拒绝连接。请联系管理员安装平台的 CA 证书。"},
    "remote.tls_handshake": {"en": "{host} did not answer over TLS (https), so no secure connection was made. Check the platform's address with your administrator: it may be an http:// address, or the platform may not offer TLS 1.2 or newer.", "zh": "{host} 没有以 TLS（https）方式应答，未能建立安全连接。请与管理员核对平台地址：该地址可能是 http:// 地址，或平台不支持 TLS 1.2 及以上版本。"},
    "remote.url_with_user": {"en": "A platform address cannot hold a user name or password: “{url}”.", "zh": "平台地址中不能包含用户名或密码：“{url}”。"},
    "request.bad_json": {"en": "The request body is not valid JSON.", "zh": "请求内容不是有效的 JSON。"},
    "request.invalid": {"en": "The request is not valid: {summary}", "zh": "请求内容不正确：{summary}"},
    "request.too_large": {"en": "The request body is too large (limit {limit} bytes).", "zh": "请求内容过大（上限 {limit} 字节）。"},
    "role.missing": {"en": "The role {role} is needed.", "zh": "需要角色 {role}。"},
    "role.missing.unnamed": {"en": "Your account does not have the role this change needs.", "zh": "您的账户没有此项修改所需的角色。"},
    "sandbox.cannot_listen": {"en": "The sandbox platform cannot listen on {host}:{port}: {reason}. Is another server using that port? Choose another with --port.", "zh": "沙箱平台无法在 {host}:{port} 上监听：{reason}。该端口是否已被其他服务占用？可用 --port 另选端口。"},
    "sandbox.negative_cases": {"en": "--cases must be 0 or more, not {cases}.", "zh": "--cases 须为 0 或正整数，不能是 {cases}。"},
    "sandbox.no_cjk_font": {"en": "No font with Chinese glyphs was found for the demo materials (looked in: {searched}). Install one, e.g. apt-get install fonts-wqy-microhei.", "zh": "未找到可绘制中文的字体，无法生成演示材料（已查找：{searched}）。请安装中文字体，例如 apt-get install fonts-wqy-microhei。"},
    "sandbox.no_demo_generator": {"en": "The demo data generator is not installed.", "zh": "未找到演示数据生成器。"},
    "sandbox.seeded": {"en": "seeded {cases} cases, {users} users in {seconds} s", "zh": "已生成 {cases} 件办件、{users} 个用户，用时 {seconds} 秒"},
    "sandbox.serving": {"en": "sandbox platform on {address} (database {database})", "zh": "沙箱平台已在 {address} 上运行（数据库 {database}）"},
    "sandbox.serving_live": {"en": "sandbox platform on {address} (database {database}) with the live one-window desk", "zh": "沙箱平台已在 {address} 上运行（数据库 {database}），并模拟综合窗口和申请人"},
    "server.error": {"en": "Internal platform error.", "zh": "平台内部错误。"},
    "server.unavailable": {"en": "The platform is temporarily unavailable; try again later.", "zh": "平台暂时不可用，请稍后重试。"},
    "service_item.promised_exceeds_statutory": {"en": "Service item {item}: the promised time limit ({promised} working days) must be between 0 and the statutory one ({statutory}).", "zh": "事项 {item}：承诺时限（{promised} 个工作日）须在 0 到法定时限（{statutory} 个工作日）之间。"},
    "signing.already_sealed": {"en": "The seal field “{field}” is already signed.", "zh": "签章域“{field}”已经签章。"},
    "signing.awaiting_timestamp_notice": {"en": "No timestamp authority was reachable: the seal is awaiting its timestamp (run backoffice timestamp when online).", "zh": "时间戳服务不可用：该签章待加盖时间戳（联网后运行 backoffice timestamp）。"},
    "signing.certificate_revoked": {"en": "The seal certificate of department {department} is revoked: the platform will not seal with it.", "zh": "部门 {department} 的电子印章证书已被吊销，平台不予签章。"},
    "signing.draft_document": {"en": "This is a draft: it has no document number yet. Allocate the number and render it again before sealing.", "zh": "该文书为草稿，尚未分配文号。请分配文号并重新生成后再签章。"},
    "signing.error": {"en": "The document, seal or archive could not be processed.", "zh": "无法处理该文书、签章或归档包。"},
    "signing.file_unreadable": {"en": "The file {path} cannot be read ({reason}).", "zh": "无法读取文件 {path}（{reason}）。"},
    "signing.file_unwritable": {"en": "The file {path} cannot be written ({reason}).", "zh": "无法写入文件 {path}（{reason}）。"},
    "signing.key_file_unreadable": {"en": "The key file {path} cannot be read ({reason}).", "zh": "无法读取密钥文件 {path}（{reason}）。"},
    "signing.no_certificate": {"en": "The key at {provider} has no certificate.", "zh": "{provider} 中的密钥没有证书。"},
    "signing.no_password": {"en": "No password or PIN was given.", "zh": "未提供密码或 PIN 码。"},
    "signing.not_a_pdf": {"en": "This is not a readable PDF ({reason}).", "zh": "该文件不是可读取的 PDF（{reason}）。"},
    "signing.nothing_to_timestamp": {"en": "The document has no seal to timestamp.", "zh": "该文书没有可加盖时间戳的签章。"},
    "signing.own_certificate_expired": {"en": "The seal certificate of {signer} expired on {until}: it cannot seal. Use the department's current certificate.", "zh": "{signer} 的电子印章证书已于 {until} 过期，不能用于签章。请使用本部门现行有效的证书。"},
    "signing.own_certificate_not_yet_valid": {"en": "The seal certificate of {signer} is valid only from {since}: it cannot seal yet. Check the computer's date, or use the department's current certificate.", "zh": "{signer} 的电子印章证书自 {since} 起才生效，目前不能用于签章。请检查本机日期，或使用本部门现行有效的证书。"},
    "signing.own_certificate_revoked": {"en": "The seal certificate of {signer} was revoked on {since}: it cannot seal. Ask for a new certificate.", "zh": "{signer} 的电子印章证书已于 {since} 被吊销，不能用于签章。请申领新的证书。"},
    "signing.own_certificate_untrusted": {"en": "The seal certificate of {signer} was not issued under the platform's trusted root: its seal could not be verified. Use the certificate issued for the department.", "zh": "{signer} 的电子印章证书不是由平台信任的根证书签发的，其签章无法通过验证。请使用为本部门签发的证书。"},
    "signing.password_prompt": {"en": "Password or PIN for {source}:", "zh": "{source} 的密码或 PIN 码："},
    "signing.pkcs11_failed": {"en": "The token “{token}” refused ({reason}). Check the PIN and that the key is plugged in.", "zh": "介质“{token}”拒绝了操作（{reason}）。请检查 PIN 码及 USB Key 是否已插好。"},
    "signing.pkcs11_key_missing": {"en": "The token “{token}” has no key or certificate labelled “{key}” ({reason}).", "zh": "介质“{token}”中没有标签为“{key}”的密钥或证书（{reason}）。"},
    "signing.pkcs11_labels_missing": {"en": "A PKCS#11 token needs --token-label and --key-label.", "zh": "使用 PKCS#11 介质时须指定 --token-label 和 --key-label。"},
    "signing.pkcs11_library_missing": {"en": "The PKCS#11 library {path} does not exist.", "zh": "PKCS#11 驱动库 {path} 不存在。"},
    "signing.pkcs11_token_missing": {"en": "No token labelled “{token}” was found. Is the USB key plugged in?", "zh": "未找到标签为“{token}”的介质。USB Key 是否已插好？"},
    "signing.pkcs12_no_key": {"en": "The PKCS#12 file {path} holds only a certificate, no private key: export the certificate together with its private key (a .p12 or .pfx with the key).", "zh": "PKCS#12 文件 {path} 中只有证书，没有私钥：请连同私钥一起导出证书（含私钥的 .p12 或 .pfx 文件）。"},
    "signing.pkcs12_unreadable": {"en": "The PKCS#12 file {path} cannot be opened: wrong password or not a PKCS#12 file.", "zh": "无法打开 PKCS#12 文件 {path}：密码错误或文件格式不正确。"},
    "signing.rate_limited": {"en": "The signing service is busy; try again in {retry_after} seconds.", "zh": "签章服务繁忙，请在 {retry_after} 秒后重试。"},
    "signing.request_failed": {"en": "The signing service could not seal the document; ask again.", "zh": "签章服务未能完成签章，请重新申请。"},
    "signing.request_refused": {"en": "The signing service refused the request ({reason}).", "zh": "签章服务拒绝了该请求（{reason}）。"},
    "signing.resource_missing": {"en": "A resource file of the app is missing: {path}. Reinstall the app.", "zh": "缺少应用资源文件：{path}。请重新安装本应用。"},
    "signing.seal_failed": {"en": "The seal could not be applied ({reason}). Details are in the log.", "zh": "签章失败（{reason}），详细信息见日志。"},
    "signing.sealed": {"en": "Sealed by {signer} ({level}): {path}", "zh": "已由 {signer} 签章（{level}）：{path}"},
    "signing.timestamp_failed": {"en": "The timestamp could not be added ({reason}). Details are in the log.", "zh": "加盖时间戳失败（{reason}），详细信息见日志。"},
    "signing.timestamped": {"en": "Timestamp and revocation information added: {path}", "zh": "已加盖时间戳并嵌入吊销信息：{path}"},
    "signing.wrong_department": {"en": "The certificate is of {signer}, not of {department}: a department seals only with its own certificate.", "zh": "该证书属于{signer}，不是{department}的证书：各部门只能使用本部门的证书签章。"},
    "special_procedure.already_running": {"en": "A special procedure is already running.", "zh": "已有特别程序在进行。"},
    "special_procedure.not_running": {"en": "The special procedure has ended.", "zh": "该特别程序已结束。"},
    "special_procedure.outside_dates": {"en": "A special procedure's date ({date}) must lie between {earliest} and today ({today}).", "zh": "特别程序的日期（{date}）须在 {earliest} 至今天（{today}）之间。"},
    "state.illegal_transition": {"en": "The {entity} is “{current}”, where “{action}” (to “{target}”) is not allowed: steps must follow the procedure in order.", "zh": "{entity}当前为“{current}”，不能“{action}”（转为“{target}”）：办理环节须按程序依次进行。"},
    "store.busy": {"en": "The local store {path} is busy; please try again.", "zh": "本地存储 {path} 正忙，请稍后再试。"},
    "store.cannot_open": {"en": "Cannot open the local store {path}: {reason}.", "zh": "无法打开本地存储 {path}：{reason}。"},
    "store.closed": {"en": "The local store {path} is already closed.", "zh": "本地存储 {path} 已关闭。"},
    "store.disk_full": {"en": "The disk holding the local store {path} is full, so the last change was not saved (everything saved before is intact). Free some space and try again.", "zh": "本地存储 {path} 所在的磁盘已满，最后一次修改未保存（此前保存的内容完好）。请释放磁盘空间后重试。"},
    "store.duplicate_command": {"en": "Command {command} is already queued.", "zh": "操作 {command} 已在待发送队列中。"},
    "store.error": {"en": "The local store failed.", "zh": "本地存储出错。"},
    "store.folder_missing": {"en": "The folder {folder} does not exist, so there is no store {path}, and none is made there. Check the path.", "zh": "文件夹 {folder} 不存在，因此没有本地存储 {path}，也不会在那里创建。请检查路径。"},
    "store.info_missing": {"en": "no (created at the first start of the app)", "zh": "否（首次启动程序时创建）"},
    "store.info_schema": {"en": "{revision} ({state}; this app: {supported})", "zh": "{revision}（{state}；本程序：{supported}）"},
    "store.info_size": {"en": "{size} bytes; WAL {wal}", "zh": "{size} 字节；WAL {wal}"},
    "store.integrity": {"en": "The change would break the consistency of the local store {path}: {detail}.", "zh": "该修改会破坏本地存储 {path} 的一致性：{detail}。"},
    "store.migrated": {"en": "{path}: schema {revision}", "zh": "{path}：结构版本 {revision}"},
    "store.migration_failed": {"en": "Updating the local store {path} failed: {reason}.", "zh": "升级本地存储 {path} 失败：{reason}。"},
    "store.missing_key": {"en": "The {entity} cannot be stored without its {field}.", "zh": "{entity}缺少{field}，无法保存。"},
    "store.newer_schema": {"en": "The local store {path} was written by a newer version of the app (schema {found}; this version supports up to {supported}). It was left untouched; please update the app.", "zh": "本地存储 {path} 由更新版本的程序写入（结构版本 {found}，本版本最高支持 {supported}），未作任何改动。请升级程序。"},
    "store.not_a_database": {"en": "{path} is not a store of this app (or it is damaged). It was left untouched. To go on working, move or rename that file (keep it for your IT support) and start again, signing in if asked: a new store is made and your work is fetched again from the platform. Changes in the old file that were still waiting to be sent are not in the new one: make them again.", "zh": "{path} 不是本程序的数据库（或已损坏），未作任何改动。如需继续工作，请将该文件移走或改名（请保留，以便信息技术支持人员查看）后重新启动，如有提示请重新登录：程序将新建本地存储，并从平台重新获取您的工作数据。旧文件中尚未发送的修改不会出现在新的存储中，请重新操作。"},
    "store.not_conflicted": {"en": "Command {command} is still waiting to be sent; only a conflicted or refused command can be re-applied.", "zh": "操作 {command} 仍在等待发送，只有冲突或被拒绝的操作才能重新提交。"},
    "store.not_found": {"en": "The {entity} {id} is not in the local store.", "zh": "本地存储中没有{entity} {id}。"},
    "store.read_only": {"en": "The folder {folder} cannot be written to (it is read-only, or this account may not change it), so the local store {path} can be neither opened nor changed; nothing was saved. Ask your IT support for write access to that folder, then try again.", "zh": "文件夹 {folder} 不可写入（只读，或当前账户无权修改），因此本地存储 {path} 既无法打开也无法修改，未保存任何内容。请联系信息技术支持人员开通该文件夹的写入权限后重试。"},
    "store.stale_command": {"en": "The {entity} {id} changed meanwhile (your change was based on version {base_version}, the current one is {confirmed_version}). Reload and try again.", "zh": "{entity} {id} 已被更新（您的修改基于第 {base_version} 版，当前为第 {confirmed_version} 版），请刷新后重试。"},
    "store.unknown_command": {"en": "There is no queued command {command}.", "zh": "待发送队列中没有操作 {command}。"},
    "store.unknown_schema": {"en": "The local store {path} has a layout this app does not know. It was left untouched.", "zh": "本地存储 {path} 的结构无法识别，未作任何改动。"},
    "sync.clock_skew_days": {"en": "This computer's clock is {n} days off the platform's: deadlines and times may be wrong. Set the clock right (or ask your IT support).", "zh": "本机时钟与平台相差 {n} 天：办理时限和时间可能有误。请校准时钟（或联系信息技术支持人员）。"},
    "sync.clock_skew_hours": {"en": "This computer's clock is {n} hours off the platform's: deadlines and times may be wrong. Set the clock right (or ask your IT support).", "zh": "本机时钟与平台相差 {n} 小时：办理时限和时间可能有误。请校准时钟（或联系信息技术支持人员）。"},
    "sync.clock_skew_minutes": {"en": "This computer's clock is {n} minutes off the platform's: deadlines and times may be wrong. Set the clock right (or ask your IT support).", "zh": "本机时钟与平台相差 {n} 分钟：办理时限和时间可能有误。请校准时钟（或联系信息技术支持人员）。"},
    "sync.conflict": {"en": "Someone changed this record on the platform before your change arrived.", "zh": "在您的修改送达之前，平台上的这条记录已被他人修改。"},
    "sync.conflict_code": {"en": "The record changed on the platform and this change no longer fits it (reason code {code}).", "zh": "平台上的该记录已有变化，此项修改已不再适用（原因代码 {code}）。"},
    "sync.left_scope": {"en": "The record is no longer visible to your department (transferred or withdrawn); your change was not sent.", "zh": "该记录已不在本部门可见范围内（已移交其他部门或已撤回），您的修改未发送。"},
    "sync.no_own_task": {"en": "Case {case_code} has no review task of your department.", "zh": "办件 {case_code} 没有本部门的审核任务。"},
    "sync.no_password": {"en": "No password given.", "zh": "未输入密码。"},
    "sync.not_signed_in": {"en": "Not signed in. Run: backoffice login --server URL --user NAME", "zh": "尚未登录。请运行：backoffice login --server 地址 --user 用户名"},
    "sync.platform_failed": {"en": "The platform failed on {n} of your queued changes; they stay queued and are sent again at the next sync.", "zh": "平台处理您待发送的 {n} 项修改时出错；这些修改仍在队列中，下次同步时将重新发送。"},
    "sync.platform_failed_repeatedly": {"en": "The platform failed on this change in several sync rounds in a row, so it is no longer sent. Re-apply it to try again or discard it; if it fails again, tell support.", "zh": "平台连续多轮同步处理此项修改时均出错，因此不再发送。可重新提交以再次尝试，或放弃该修改；如仍出错，请联系技术支持。"},
    "sync.refused_code": {"en": "The platform refused this change (reason code {code}).", "zh": "平台拒绝了此项修改（原因代码 {code}）。"},
    "sync.wrong_author": {"en": "This change was made by {author}; it is only sent when {author} is signed in.", "zh": "该修改由 {author} 作出，只会在 {author} 登录时发送。"},
    "system.cannot_open": {"en": "the file cannot be opened or created there", "zh": "无法在该位置打开或创建该文件"},
    "system.exists": {"en": "it already exists", "zh": "该文件已存在"},
    "system.invalid_json": {"en": "the file is not valid JSON", "zh": "文件不是有效的 JSON"},
    "system.is_a_folder": {"en": "it is a folder, not a file", "zh": "这是文件夹，不是文件"},
    "system.no_space": {"en": "the disk is full", "zh": "磁盘已满"},
    "system.not_a_folder": {"en": "a part of the path is not a folder", "zh": "路径中有一部分不是文件夹"},
    "system.not_found": {"en": "no such file or folder", "zh": "文件或文件夹不存在"},
    "system.permission": {"en": "this account may not access it", "zh": "当前账户无权访问"},
    "system.read_only": {"en": "the disk or folder is read-only", "zh": "磁盘或文件夹为只读"},
    "system.too_long": {"en": "the file name or path is too long", "zh": "文件名或路径过长"},
    "task.case_past_review": {"en": "Case {case_code} is {current}: its review is over, so its review tasks take no more steps (nothing can be claimed, reopened or given now).", "zh": "办件 {case_code} 当前为“{current}”：审核已结束，其审核任务不能再办理（不能再认领、重新审核或出具意见）。"},
    "task.claim_without_assignee": {"en": "Review task {task} can only be claimed by a named reviewer.", "zh": "审核任务 {task} 须由指定的审核人认领。"},
    "task.claimed_by_other": {"en": "{assignee} has claimed review task {task}; only a coordinator can release it or hand it over.", "zh": "审核任务 {task} 已由 {assignee} 认领，只有协调人可以退回或转交。"},
    "task.negative_step_days": {"en": "The step time limit of review task {task} cannot be negative.", "zh": "审核任务 {task} 的环节时限不能为负数。"},
    "transfer.same_assignee": {"en": "The task is already with {user}.", "zh": "该任务已由 {user} 办理。"},
    "transfer.same_department": {"en": "A task cannot be transferred to its own department.", "zh": "不能移交给本部门。"},
    "transfer.unknown_colleague": {"en": "{user} is not a reviewer of this department.", "zh": "{user} 不是本部门的审核人员。"},
    "transfer.unknown_department": {"en": "No department {department}.", "zh": "部门 {department} 不存在。"},
    "tsa.bad_request": {"en": "The request is not an RFC 3161 time-stamp query this authority can answer (DER, application/timestamp-query).", "zh": "请求不是本时间戳服务可处理的 RFC 3161 时间戳请求（DER 编码，application/timestamp-query）。"},
    "upload.bad_header": {"en": "The header {header} of the upload is missing or malformed.", "zh": "上传请求头 {header} 缺失或格式不正确。"},
    "upload.beyond_length": {"en": "The chunk goes past the upload's declared length ({length} bytes).", "zh": "上传分块超出声明的文件长度（{length} 字节）。"},
    "upload.busy": {"en": "Another chunk of this upload is still being received; ask for the offset and try again.", "zh": "该上传的另一个分块仍在接收中，请查询偏移量后重试。"},
    "upload.checksum_mismatch": {"en": "The chunk does not match its checksum; it was dropped (send it again).", "zh": "上传分块与其校验和不符，已丢弃（请重新发送）。"},
    "upload.checksum_unsupported": {"en": "The checksum algorithm {algorithm} is not supported (use sha256).", "zh": "不支持校验算法 {algorithm}（请使用 sha256）。"},
    "upload.media_type": {"en": "A chunk must be sent as {expected}.", "zh": "上传分块须以 {expected} 发送。"},
    "upload.offset_mismatch": {"en": "The platform has {offset} bytes of this upload; continue from there.", "zh": "平台已收到该上传的 {offset} 字节，请从此处继续。"},
    "upload.too_many": {"en": "Too many unfinished uploads for the department (at most {limit}).", "zh": "本部门未完成的上传过多（最多 {limit} 个）。"},
    "upload.tus_version": {"en": "Resumable uploads need the tus protocol version {supported}.", "zh": "断点续传须使用 tus 协议 {supported} 版本。"},
    "verify.awaiting_timestamp": {"en": "Awaiting timestamp: the seal has no trusted time yet.", "zh": "待加盖时间戳：该签章尚无可信时间。"},
    "verify.bad_crl": {"en": "A certificate revocation list (CRL) for verification cannot be read: it is not a CRL, or it is damaged. The seal was not checked; this says nothing about the document. Tell the administrator.", "zh": "用于验证的证书吊销列表（CRL）无法读取：它不是吊销列表，或已损坏。签章未予验证，这与文书本身无关。请告知管理员。"},
    "verify.bad_crl_file": {"en": "Cannot read the CRL file {path}: it is not a certificate revocation list, or it is damaged. The document was not checked.", "zh": "无法读取吊销列表文件 {path}：该文件不是证书吊销列表（CRL），或已损坏。文书未予验证。"},
    "verify.bad_trust_file": {"en": "The certificate file {path} cannot be read.", "zh": "无法读取证书文件 {path}。"},
    "verify.certificate_expired": {"en": "The seal certificate had expired: nothing proves the seal was made while it was valid.", "zh": "签章证书已过期，无法证明签章是在证书有效期内加盖的。"},
    "verify.certificate_not_yet_valid": {"en": "The seal certificate was not yet valid when the document was sealed.", "zh": "加盖签章时签章证书尚未生效。"},
    "verify.check_failed": {"en": "The seal could not be checked because of an error in this program (details in the log); this does not mean the document was changed. Try again, or tell the administrator.", "zh": "因本程序出错，签章未能验证（详情见日志）；这并不表示文书被修改。请重试，或告知管理员。"},
    "verify.no_trust_roots": {"en": "No trusted root certificates are configured (give --trust ROOT.pem).", "zh": "未配置受信任的根证书（请指定 --trust ROOT.pem）。"},
    "verify.not_whole_document": {"en": "The seal does not cover the whole document: content was added or changed after sealing.", "zh": "签章未覆盖全文：签章后有内容被添加或修改。"},
    "verify.rejected": {"en": "Rejected.", "zh": "验证未通过。"},
    "verify.revocation_unknown": {"en": "No revocation information was found for the seal certificate (give --crl, or --allow-fetching).", "zh": "未找到签章证书的吊销信息（可指定 --crl 或 --allow-fetching）。"},
    "verify.revoked": {"en": "The seal certificate has been revoked.", "zh": "签章证书已被吊销。"},
    "verify.tampered": {"en": "The document was changed after sealing, or the signature is broken.", "zh": "文书在签章后被修改，或签名已损坏。"},
    "verify.timestamp_invalid": {"en": "The timestamp is not valid or not trusted.", "zh": "时间戳无效或不受信任。"},
    "verify.unreadable": {"en": "The file cannot be read as a PDF.", "zh": "该文件无法作为 PDF 读取。"},
    "verify.unsigned": {"en": "The document has no seal (no signature).", "zh": "该文书没有签章（无签名）。"},
    "verify.untrusted": {"en": "The seal certificate does not chain to a trusted root.", "zh": "签章证书无法链接到受信任的根证书。"},
    "verify.valid": {"en": "Valid: every seal is intact, covers the document, chains to a trusted root and is not revoked.", "zh": "验证通过：所有签章完整、覆盖全文、证书链可信且未被吊销。"},
    "verify.wrong_signer": {"en": "The seal is not the issuing department's: its certificate names another organisation.", "zh": "签章不是发文部门的：签章证书载明的是其他单位。"},
}
# A count of one reads singular in English (message_counts).
CATALOG.update(ONE)

# fmt: on


# Shown when a code has no entry (or its template does not fit the params):
# still tells support exactly what happened.
_FALLBACK: dict[Language, str] = {
    "en": "Error {code}{details}",
    "zh": "错误 {code}{details}",
}


def _normalize(value: str | None) -> Language | None:
    """Map "zh_CN.UTF-8", "en-GB", "Chinese (Simplified)_China" … to a language."""
    if not value:
        return None
    low = value.strip().lower()
    if low.startswith(("zh", "chinese")):
        return "zh"
    if low.startswith(("en", "english")):
        return "en"
    return None


def _locale_language() -> Language | None:
    # POSIX order: the first of these that is set decides, even when it names
    # neither language ("C.UTF-8" → default). Python's getlocale would map
    # C.UTF-8 to en_US, so it is asked only when none is set (Windows).
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        if value:
            return _normalize(value)
    try:
        current = locale.getlocale()[0]
    except ValueError:
        current = None
    return _normalize(current)


def resolve_language(explicit: str | None = None) -> Language:
    """The language for the user: argument > ``BACKOFFICE_LANG`` > locale > zh.

    Values that name neither language are skipped, so ``LANG=C.UTF-8`` on a
    server falls through to Chinese, the language of the people served.
    """
    return (
        _normalize(explicit)
        or _normalize(os.environ.get(ENV_LANG))
        or _locale_language()
        or DEFAULT_LANGUAGE
    )


def placeholders(template: str) -> set[str]:
    """Names of the ``str.format`` fields in ``template``."""
    return {
        field.split(".")[0].split("[")[0]
        for _, field, _, _ in string.Formatter().parse(template)
        if field is not None
    }


def _details(params: Mapping[str, Any]) -> str:
    if not params:
        return ""
    inner = ", ".join(f"{k}={v!r}" for k, v in sorted(params.items()))
    return f" ({inner})"


def term(value: str, lang: str | None = None) -> str:
    """The word for an identifier (``"review_task"`` → 审核任务); unknown ones as they are.

    ``"a/b"`` is worded part by part, and only when every part is known.
    """
    language = resolve_language(lang)
    entry = TERMS.get(value)
    if entry is not None:
        return entry[language]
    parts = value.split("/")
    if len(parts) > 1 and all(p in TERMS for p in parts):
        return "/".join(TERMS[p][language] for p in parts)
    return value


# Between the items of a list in a sentence: 甲、乙 in Chinese, "A, B" in English.
LIST_SEPARATOR: dict[Language, str] = {"en": ", ", "zh": "、"}


def joined(values: Iterable[Any], lang: str | None = None) -> str:
    """Several names as ``lang`` lists them in a sentence (甲、乙 / A, B)."""
    return LIST_SEPARATOR[resolve_language(lang)].join(str(v) for v in values)


def _worded(params: Mapping[str, Any], language: Language) -> dict[str, Any]:
    """Identifiers worded (:data:`TERM_PARAMS`); a list or tuple joined as the language lists.

    A ``system.*`` code (:func:`backoffice.system_reasons.reason`: why the
    system refused a file) is said in the sentence's language.
    """
    return {
        k: CATALOG[v][language] if isinstance(v, str) and v.startswith(SYSTEM) and v in CATALOG
        else term(v, language) if k in TERM_PARAMS and isinstance(v, str)
        else joined(v, language) if isinstance(v, (list, tuple)) else v
        for k, v in params.items()
    }


def render_code(code: str, params: Mapping[str, Any], lang: str | None = None) -> str:
    """The sentence for ``code`` with ``params`` in ``lang`` (resolved if None)."""
    language = resolve_language(lang)
    if code in COUNTED_BY and str(params.get(COUNTED_BY[code])) == "1":  # 1 or "1"
        code = f"{code}.one"
    entry = CATALOG.get(code)
    if entry is not None:
        try:
            return entry[language].format(**_worded(params, language))
        except (KeyError, IndexError, ValueError, AttributeError):
            # Raised with params that do not fit its template: better the raw
            # code than a second exception while reporting the first.
            pass
    return _FALLBACK[language].format(code=code, details=_details(params))


def render(error: BackofficeError, lang: str | None = None) -> str:
    """The sentence for ``error`` in ``lang`` (resolved if None)."""
    return render_code(error.code, error.params, lang)


def describe(exc: object, lang: str | None = None) -> str:
    """The sentence for any failure: a :class:`BackofficeError` in its words, else "unexpected".

    For anything that is not ours, the person gets the kind of error and where
    the log is (the traceback is there), never the exception's own text.
    """
    if isinstance(exc, BackofficeError):
        return render(exc, lang)
    return render_code(
        "cli.unexpected",
        {"kind": type(exc).__name__, "log": str(logs.log_file() or "stderr")},
        lang,
    )
