"""The one error shape of the API and the sandbox's wording of its codes.

``ApiError`` carries an HTTP status, a stable code and details; handlers in
:mod:`backoffice.sandbox.app` turn it, FastAPI's validation errors, Starlette's
HTTP errors and unexpected exceptions into ``{"error": {...}}``. Domain codes
(``state.illegal_transition`` …) are worded by :mod:`backoffice.messages`;
the API's own codes by :data:`API_MESSAGES` below, since they are the
platform's words, not the app's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backoffice import messages

API_MESSAGES: Mapping[str, tuple[str, str]] = {
    "auth.invalid_credentials": ("用户名或密码不正确。", "Wrong user name or password."),
    "auth.token_missing": ("需要登录。", "Sign-in required."),
    "auth.token_invalid": ("登录已失效，请重新登录。", "The sign-in has expired; sign in again."),
    "auth.refresh_invalid": ("登录已失效，请重新登录。", "The sign-in has expired; sign in again."),
    "auth.refresh_reused": ("刷新令牌被重复使用，该登录已全部注销。",
                            "A refresh token was reused; the whole sign-in was revoked."),
    "request.invalid": ("请求内容不正确：{summary}", "The request is not valid: {summary}"),
    "request.too_large": ("请求内容过大（上限 {limit} 字节）。",
                          "The request body is too large (limit {limit} bytes)."),
    "request.bad_json": ("请求内容不是有效的 JSON。", "The request body is not valid JSON."),
    "cursor.expired": ("同步位置已失效，请从头重新同步。",
                       "The sync cursor is no longer valid; sync again from scratch."),
    "not_found": ("未找到。", "Not found."),
    "forbidden": ("无权执行此操作。", "Not allowed."),
    "http.error": ("请求失败（HTTP {status}）。", "The request failed (HTTP {status})."),
    "server.error": ("平台内部错误。", "Internal platform error."),
    "command.unsupported_format": ("不支持的命令格式版本 {format_version}。",
                                   "Unsupported command format version {format_version}."),
    "command.wrong_author": ("命令的作者不是当前登录用户。",
                             "The command's author is not the signed-in user."),
    "command.id_reused": ("命令编号已被其他用户使用。", "The command id was used by another user."),
    "command.unknown_kind": ("未知的命令类型 {kind}。", "Unknown command kind {kind}."),
    "command.wrong_entity": ("命令 {kind} 不适用于 {entity}。", "Command {kind} does not apply to {entity}."),
    "command.bad_payload": ("命令 {kind} 的字段 {field} 不正确。",
                            "Field {field} of command {kind} is not valid."),
    "role.missing": ("需要角色 {role}。", "The role {role} is needed."),
    "correction.no_draft": ("没有待发出的告知内容。", "There is no correction draft to issue."),
    "special_procedure.already_running": ("已有特别程序在进行。",
                                          "A special procedure is already running."),
    "special_procedure.not_running": ("该特别程序已结束。", "The special procedure has ended."),
    "extension.not_requested": ("该延期不在申请状态。", "The extension is not awaiting approval."),
    "transfer.unknown_department": ("部门 {department} 不存在。", "No department {department}."),
    "transfer.same_department": ("不能移交给本部门。", "A task cannot be transferred to its own department."),
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, **details: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.details = status, code, details


def message(code: str, params: Mapping[str, Any]) -> dict[str, str]:
    own = API_MESSAGES.get(code)
    if own is not None:
        try:
            return {"zh": own[0].format(**params), "en": own[1].format(**params)}
        except (KeyError, IndexError, ValueError):
            return {"zh": own[0], "en": own[1]}
    return {lang: messages.render_code(code, params, lang) for lang in ("zh", "en")}


def body(code: str, details: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The inner ``error`` object: code, message (zh, en), details."""
    params = {k: v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)
              for k, v in (details or {}).items()}
    return {"code": code, "message": message(code, params), "details": params}
