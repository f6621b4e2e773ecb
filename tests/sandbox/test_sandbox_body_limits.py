"""An announced body over the limit is refused at once, before any of it arrives.

The platform used to read (drain) up to 16 MiB of it first: a client that
announced 2 MB and sent one byte got no answer at all.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
import requests
from support.sandbox_env import user

from backoffice.sandbox.demo import DemoData
from backoffice.sandbox.server import Sandbox

GUARD = 30  # seconds: only so that a broken platform fails the test instead of hanging it


def _answer(sock: socket.socket) -> tuple[str, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    while len(body) < int(headers.get("content-length", 0)):
        chunk = sock.recv(4096)
        assert chunk, body
        body += chunk
    return status, headers, body


@pytest.mark.parametrize("expect", [False, True], ids=["plain", "expect_100_continue"])
def test_a_body_announced_over_the_limit_is_refused_before_it_comes(
        sandbox: Sandbox, login: Any, demo: DemoData, expect: bool) -> None:
    client = login(user(demo, demo.departments[0].code))
    host, port = sandbox.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=GUARD) as sock:
        sock.sendall(b"POST /api/v1/commands HTTP/1.1\r\nHost: x\r\n"
                     + f"Authorization: Bearer {client.access}\r\n".encode()
                     + b"Content-Type: application/json\r\nContent-Length: 2000000\r\n"
                     + (b"Expect: 100-continue\r\n" if expect else b"") + b"\r\n"
                     + (b"" if expect else b"{"))  # and nothing more
        status, headers, body = _answer(sock)
    assert status.startswith("HTTP/1.1 413"), status  # not "100 Continue" either
    assert headers["connection"] == "close"
    assert json.loads(body)["error"] == {
        "code": "request.too_large", "details": {"limit": 1024 * 1024},
        "message": json.loads(body)["error"]["message"]}


def test_a_client_that_sends_the_whole_body_still_reads_the_413(
        sandbox: Sandbox, login: Any, demo: DemoData) -> None:
    # It sends before it reads: the platform reads the rest after answering,
    # so the client sees the 413, not a connection reset.
    client = login(user(demo, demo.departments[0].code))
    r = requests.post(f"{sandbox.url}/api/v1/commands", data=b" " * (3 * 1024 * 1024),
                      timeout=GUARD, headers={"Authorization": f"Bearer {client.access}",
                                              "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request.too_large"
