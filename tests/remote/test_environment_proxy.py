"""A proxy from the environment (HTTP_PROXY/HTTPS_PROXY, no NO_PROXY) and a platform on loopback.

The platform on this computer is reached directly whatever the proxy's
source, as NO_PROXY conventions have it for localhost; a platform elsewhere
goes through the environment's proxy, and when that proxy is down the error
says it came from the environment — not "check the proxy in Settings",
where nothing is set.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterator

import pytest
import requests.utils
from support.faultproxy import FaultProxy, fault_proxy
from support.platform_env import PASSWORD, Make

from backoffice import messages
from backoffice.remote import RemoteError
from backoffice.sandbox.server import Sandbox

DOWN = "http://127.0.0.1:9"  # nothing listens there


@pytest.fixture
def forward_proxy(sandbox: Sandbox) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.url, http_proxy=True) as running:
        yield running


@pytest.fixture
def environment_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)

    def use(url: str) -> None:
        monkeypatch.setenv("HTTP_PROXY", url)
        monkeypatch.setenv("HTTPS_PROXY", url)

    yield use


@pytest.mark.parametrize("up", [True, False])
def test_a_loopback_platform_is_reached_directly_past_the_environments_proxy(
        environment_proxy: Callable[[str], None], forward_proxy: FaultProxy,
        make_client: Make, reviewer: str, up: bool) -> None:
    environment_proxy(forward_proxy.url if up else DOWN)
    client = make_client()  # no proxies configured: the environment's apply
    client.login(reviewer, PASSWORD)
    assert client.me().username == reviewer
    assert not forward_proxy.requests_seen


def test_an_environment_proxy_that_is_down_is_said_to_be_the_environments(
        environment_proxy: Callable[[str], None], make_client: Make, reviewer: str) -> None:
    environment_proxy("http://user:secret@127.0.0.1:9")
    client = make_client("https://platform.example", retries=0)
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.code == "remote.proxy_unreachable" and caught.value.transient
    assert caught.value.params == {"host": "platform.example", "proxy": "127.0.0.1:9",
                                   "proxy_from": "proxy_from.environment"}
    for lang, settings, environment in (("en", "Settings", "HTTPS_PROXY"),
                                        ("zh", "设置中的代理", "HTTPS_PROXY")):
        said = messages.render(caught.value, lang)
        assert "127.0.0.1:9" in said and environment in said and settings not in said, said
        assert "secret" not in said


def test_a_settings_proxy_that_is_down_is_said_to_be_the_settings(
        environment_proxy: Callable[[str], None], make_client: Make, reviewer: str) -> None:
    environment_proxy(DOWN)  # replaced by the one configured
    client = make_client("https://platform.example", retries=0,
                         proxies={"https": "http://127.0.0.1:7"})
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.params["proxy"] == "127.0.0.1:7"
    assert caught.value.params["proxy_from"] == "proxy_from.settings"
    said = messages.render(caught.value, "en")
    assert "Settings" in said and "HTTPS_PROXY" not in said, said


def test_a_system_proxy_that_is_down_is_the_systems_even_with_no_proxy_set(
        environment_proxy: Callable[[str], None], monkeypatch: pytest.MonkeyPatch,
        make_client: Make, reviewer: str) -> None:
    # The operating system's proxy settings (Windows' registry, macOS'
    # configuration) are not ours to set here: requests asks urllib for them.
    monkeypatch.setenv("NO_PROXY", "localhost,.corp.example")

    def system_and_environment() -> dict[str, str]:
        return {"https": DOWN, "http": DOWN, **urllib.request.getproxies_environment()}

    monkeypatch.setattr(urllib.request, "getproxies", system_and_environment)
    monkeypatch.setattr(requests.utils, "getproxies", system_and_environment)
    client = make_client("https://platform.example", retries=0)
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.code == "remote.proxy_unreachable"
    assert caught.value.params["proxy_from"] == "proxy_from.system"
    said = messages.render(caught.value, "en")
    assert "HTTPS_PROXY" not in said, said
