"""Error codes from answers, their words, and checking payloads one record at a time."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from support.platform_env import Make

from backoffice import messages
from backoffice.remote import HttpSettings, PlatformClient, RemoteError
from backoffice.remote import http as remote_http
from backoffice.remote.errors import from_response
from backoffice.remote.validate import RAW_CAP, parse_page, parse_results

HOST = "platform.example.cn"


def _body(code: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": {"zh": "中文", "en": "English"},
                                 "details": {"limit": 5, "nested": {"x": 1}}}}).encode()


@pytest.mark.parametrize(("status", "server_code", "expected"), [
    (401, "auth.token_invalid", "remote.signed_out"),
    (403, "forbidden", "remote.forbidden"),
    (404, "not_found", "remote.not_found"),
    (409, "conflict", "remote.conflict"),
    (410, "cursor.expired", "remote.cursor_expired"),
    (410, "something.else", "remote.rejected"),
    (413, "request.too_large", "remote.rejected"),
    (429, "rate.limited", "remote.throttled"),
    (500, "server.error", "remote.server_error"),
    (503, "server.unavailable", "remote.server_error"),
    (302, "", "remote.bad_payload"),
])
def test_answers_map_to_stable_codes(status: int, server_code: str, expected: str) -> None:
    error = from_response(status, {"Retry-After": "7"}, _body(server_code) if server_code
                          else b"", host=HOST)
    assert error.code == expected
    assert error.params["status"] == status and error.params["host"] == HOST
    if server_code:
        assert error.params["server_code"] == server_code
    if expected == "remote.rejected":
        assert error.params["message"] == {"zh": "中文", "en": "English"}
        assert error.params["details"] == {"limit": 5}  # plain values only


def test_an_answer_that_is_not_the_error_shape_still_maps() -> None:
    error = from_response(418, {}, b"<html>teapot</html>", host=HOST)
    assert error.code == "remote.rejected" and "server_code" not in error.params
    assert messages.render(error, "en") == "The platform refused the request: HTTP 418"
    assert from_response(401, {}, b"", host=HOST, signing_in=True).code == "remote.rejected"


EXAMPLES: list[RemoteError] = [
    RemoteError("remote.offline", host=HOST, kind="reset"),
    RemoteError("remote.timeout", host=HOST),
    RemoteError("remote.tls", host=HOST, kind="SSLError"),
    RemoteError("remote.signed_out", host=HOST, server_code="auth.refresh_reused"),
    RemoteError("remote.forbidden", host=HOST, status=403),
    RemoteError("remote.conflict", host=HOST, status=409),
    RemoteError("remote.not_found", host=HOST, status=404),
    RemoteError("remote.cursor_expired", host=HOST, status=410),
    RemoteError("remote.throttled", host=HOST, status=429),
    RemoteError("remote.server_error", host=HOST, status=502),
    RemoteError("remote.bad_payload", host=HOST, reason="not_json"),
    RemoteError("remote.rejected", host=HOST, status=422,
                message={"zh": "请求内容无效。", "en": "The request is not valid."}),
    RemoteError("remote.bad_url", url="ftp://x"),
    RemoteError("remote.insecure_url", url="http://x"),
    RemoteError("remote.bad_ca_bundle", path="/etc/ca.pem", reason="FileNotFoundError"),
    RemoteError("remote.proxy_unreachable", host=HOST, proxy="proxy.example:3128",
                proxy_from="proxy_from.environment"),
    RemoteError("remote.proxy_unsupported", host=HOST),
    RemoteError(),
]


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: e.code)
def test_every_code_is_worded_in_both_languages(error: RemoteError) -> None:
    zh, en = messages.render(error, "zh"), messages.render(error, "en")
    assert not zh.startswith("错误 ") and not en.startswith("Error "), (zh, en)
    assert error.code not in zh + en


def _change(seq: int, **record: Any) -> dict[str, Any]:
    body = {"entity": "department", "code": f"D{seq}", "name": "部门", "division_code": "220100",
            "version": 1, **record}
    return {"seq": seq, "entity": "department", "id": body["code"], "version": 1,
            "change": "upsert", "record": body}


def _page(items: list[Any], **envelope: Any) -> bytes:
    page = {"changes": items, "next_cursor": "c1", "has_more": False,
            "applied_command_ids": [], **envelope}
    return json.dumps(page, ensure_ascii=False).encode()


def test_each_change_is_checked_on_its_own() -> None:
    huge = _change(3, name="长" * 20_001)  # over the contract's text limit, and the cap
    page = parse_page(_page([_change(1), "not a change", huge, _change(4, extra=1),
                             _change(5)]), host=HOST)
    assert [c.id for c in page.changes] == ["D1", "D5"]
    assert [(r.entity, r.id) for r in page.rejected] == [
        (None, None), ("department", "D3"), ("department", "D4")]
    assert page.rejected[0].raw == '"not a change"'
    assert isinstance(page.rejected[1].raw, str) and len(page.rejected[1].raw) == RAW_CAP
    assert "extra" in page.rejected[2].reason and page.rejected[2].raw == _change(4, extra=1)
    assert all("长长" not in r.reason for r in page.rejected)  # reasons carry no input


@pytest.mark.parametrize("envelope", [
    {"next_cursor": None}, {"next_cursor": ""}, {"has_more": "perhaps"}, {"changes": {}},
    {"surprise": 1},
])
def test_a_broken_envelope_fails_the_whole_page(envelope: dict[str, Any]) -> None:
    with pytest.raises(RemoteError) as caught:
        parse_page(_page([_change(1)], **envelope), host=HOST)
    assert (caught.value.code, caught.value.params["reason"]) == ("remote.bad_payload",
                                                                  "wrong_shape")


def test_results_for_commands_not_sent_are_rejected() -> None:
    body = json.dumps({"results": [
        {"command_id": "a", "status": "applied"},
        {"command_id": "b", "status": "exploded"},
        {"command_id": "zzz", "status": "refused"},
    ]}).encode()
    pushed = parse_results(body, {"a", "b"}, host=HOST)
    assert [r.command_id for r in pushed.results] == ["a"]
    assert [r.command_id for r in pushed.rejected] == ["b", "zzz"]
    assert "not a command of this batch" in pushed.rejected[1].reason


def test_an_answer_over_the_size_cap_is_refused(make_client: Make,
                                                signed_in: PlatformClient) -> None:
    small = make_client(max_body=2000)
    assert small.resume(signed_in.username or "")
    with pytest.raises(RemoteError) as caught:
        small.catalog()
    assert (caught.value.code, caught.value.params["reason"]) == ("remote.bad_payload",
                                                                  "too_large")


def test_gzip_is_capped_after_decompression() -> None:
    bomb = gzip.compress(b"0" * 1_000_000)
    with pytest.raises(RemoteError) as caught:
        remote_http._decode(bomb, "gzip", 10_000, HOST)
    assert caught.value.params["reason"] == "too_large"
    with pytest.raises(RemoteError) as caught:
        remote_http._decode(bomb[:len(bomb) // 2], "gzip", 2_000_000, HOST)
    assert caught.value.params["reason"] == "truncated"
    with pytest.raises(RemoteError) as caught:
        remote_http._decode(b"abc", "br", 10, HOST)
    assert caught.value.params["reason"] == "encoding"


@pytest.mark.parametrize("bad", [{"total_timeout": 0}, {"read_timeout": -1}, {"retries": -1}])
def test_settings_are_checked(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        HttpSettings(**bad)
