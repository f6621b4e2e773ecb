"""A bad network between client and platform (the fault proxy): resets, cuts, stalls, trickles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.faultproxy import FaultProxy, fault_proxy
from support.platform_env import PASSWORD, Make

from backoffice import __version__, messages
from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.validate import next_page_cursor
from backoffice.sandbox.server import Sandbox


@pytest.fixture
def client(make_client: Make, proxy: FaultProxy, reviewer: str) -> PlatformClient:
    signed = make_client(proxy.url)
    signed.login(reviewer, PASSWORD)
    return signed


def test_requests_carry_the_version_and_ask_for_gzip(client: PlatformClient,
                                                     proxy: FaultProxy) -> None:
    page = client.changes(None, limit=200)
    assert len(page.changes) > 20
    asked = proxy.requests_seen[-1].lower()
    assert asked.startswith(b"get /api/v1/changes?limit=200 ")
    assert f"user-agent: onevisitbackoffice/{__version__} (".encode() in asked
    assert b"\r\naccept-encoding: gzip\r\n" in asked
    assert b"\r\nauthorization: bearer " in asked
    answer = proxy.responses_seen[-1].lower()
    assert b"content-encoding: gzip" in answer


@pytest.mark.parametrize("fault", ["reset", "truncate"])
def test_an_answer_cut_in_its_body_is_asked_for_again(client: PlatformClient,
                                                      proxy: FaultProxy, fault: str) -> None:
    whole = client.changes(None, limit=300)
    getattr(proxy, fault)(after=2000)  # past the headers, inside the gzip body
    again = client.changes(None, limit=300)
    assert proxy.applied == [fault]
    assert [c.id for c in again.changes] == [c.id for c in whole.changes]


def test_the_next_cursor_is_told_from_the_headers_before_the_body(
        client: PlatformClient, proxy: FaultProxy) -> None:
    """Told once the headers are in: also when the body then breaks off and is asked again."""
    told: list[str] = []
    proxy.truncate(after=2000)  # the headers pass, the body is cut
    page = client.changes(None, limit=100, on_next=told.append)
    assert proxy.applied == ["truncate"] and page.has_more
    assert told == [page.next_cursor, page.next_cursor]  # the cut answer told it too
    told.clear()
    while page.has_more:
        page = client.changes(page.next_cursor, limit=5000, on_next=told.append)
    assert told == []  # the last page names no next one


@pytest.mark.parametrize(("header", "cursor"), [
    ('</api/v1/changes?since=MTpj_-9&limit=5>; rel="next"', "MTpj_-9"),
    ('</x/changes?since=a>; rel="prev", <https://elsewhere/api/v1/changes?since=b>; rel="next"',
     "b"),  # only the cursor is taken: the request still goes to the signed-in platform
    ('</api/v1/changes?since=a>; rel="prev"', None),
    ('</api/v1/files/x?since=a>; rel="next"', None),
    ('</api/v1/changes?since=a%20b>; rel="next"', None),
    ('</api/v1/changes?since=a&since=b>; rel="next"', None),
    ("</api/v1/changes?since=" + "a" * 201 + '>; rel="next"', None),
    ("not a link at all", None),
    ('<http://[::1/api/v1/changes?since=a>; rel="next"', None),
])
def test_only_a_plain_next_link_names_a_cursor(header: str, cursor: str | None) -> None:
    assert next_page_cursor({"Link": header}) == cursor
    assert next_page_cursor({}) is None


def test_a_connection_lost_before_the_answer_is_retried(client: PlatformClient,
                                                        proxy: FaultProxy) -> None:
    proxy.truncate(after=0, times=2)
    assert client.me().username == client.username
    assert proxy.applied == ["truncate", "truncate"]


def test_answers_cut_every_time_end_in_the_right_error(client: PlatformClient,
                                                       proxy: FaultProxy) -> None:
    proxy.truncate(after=2000, times=10)
    with pytest.raises(RemoteError) as caught:
        client.changes(None, limit=300)
    assert caught.value.code == "remote.bad_payload"
    assert caught.value.params["reason"] == "truncated"
    proxy.clear()
    proxy.reset(after=2000, times=10)
    with pytest.raises(RemoteError) as caught:
        client.changes(None, limit=300)
    assert caught.value.code == "remote.offline"
    assert proxy.applied.count("reset") == 3  # the first try and two retries


@pytest.mark.timeout(30)
def test_a_stalled_link_ends_at_the_deadline(make_client: Make, proxy: FaultProxy,
                                             reviewer: str) -> None:
    client = make_client(proxy.url, read_timeout=60.0, total_timeout=2.0)
    client.login(reviewer, PASSWORD)
    proxy.stall(seconds=120, times=10)
    with pytest.raises(RemoteError) as caught:
        client.me()
    assert caught.value.code == "remote.timeout"


@pytest.mark.timeout(30)
@pytest.mark.parametrize("rate", [4, 2000])  # headers trickle; the body trickles
def test_a_trickle_of_bytes_ends_at_the_deadline(make_client: Make, proxy: FaultProxy,
                                                 reviewer: str, rate: int) -> None:
    # Each read gets bytes within the read timeout, so only the total deadline
    # can end the request: a 300-change page at `rate` bytes/s takes minutes.
    client = make_client(proxy.url, read_timeout=60.0, total_timeout=2.0)
    client.login(reviewer, PASSWORD)
    proxy.slow(rate=rate, times=10)
    with pytest.raises(RemoteError) as caught:
        client.changes(None, limit=300)
    assert caught.value.code == "remote.timeout"


def test_a_slow_link_that_finishes_in_time_is_fine(client: PlatformClient,
                                                   proxy: FaultProxy) -> None:
    proxy.slow(rate=200_000)
    assert client.me().username == client.username
    assert proxy.applied == ["slow"]


@pytest.fixture
def forward_proxy(sandbox: Sandbox) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.url, http_proxy=True) as running:
        yield running


def _via_proxy(proxy: FaultProxy, sandbox: Sandbox) -> bool:
    return any(r.startswith(f"GET {sandbox.url}/api/v1/me ".encode())
               for r in proxy.requests_seen)


def test_configured_proxies_replace_the_environments(
        sandbox: Sandbox, forward_proxy: FaultProxy, make_client: Make, reviewer: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    direct = make_client(proxies={})
    direct.login(reviewer, PASSWORD)
    assert direct.me().username == reviewer
    assert not forward_proxy.requests_seen
    # The sandbox is on loopback: only a proxy named for its very host is used.
    proxied = make_client(proxies={"http://127.0.0.1": forward_proxy.url})
    proxied.login(reviewer, PASSWORD)
    assert proxied.me().username == reviewer
    assert _via_proxy(forward_proxy, sandbox)


def test_a_configured_proxy_is_not_for_a_platform_on_loopback(
        sandbox: Sandbox, forward_proxy: FaultProxy, make_client: Make, reviewer: str) -> None:
    for proxy in ("http://127.0.0.1:9", forward_proxy.url):  # one down, one up
        client = make_client(proxies={"http": proxy, "https": proxy})
        client.login(reviewer, PASSWORD)
        assert client.me().username == reviewer
    assert not forward_proxy.requests_seen


def test_a_proxy_that_is_down_is_named_not_the_platform(make_client: Make, reviewer: str) -> None:
    # Through a proxy, even the platform's address is the proxy's to reach.
    client = make_client("https://platform.example", retries=0,
                         proxies={"https": "http://user:secret@127.0.0.1:9"})
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.code == "remote.proxy_unreachable" and caught.value.transient
    assert caught.value.params == {"host": "platform.example", "proxy": "127.0.0.1:9",
                                   "proxy_from": "proxy_from.settings"}
    assert "127.0.0.1:9" in messages.render(caught.value, "en")


def test_a_socks_proxy_from_the_environment_is_said_to_be_unsupported(
        make_client: Make, reviewer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    client = make_client("https://platform.example", retries=0)
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.code == "remote.proxy_unsupported"
