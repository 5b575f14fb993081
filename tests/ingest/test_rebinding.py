"""DNS rebinding: the address that passed the check is the one connected to.

A host name is resolved once per connection; a second, different answer (the
rebinding) is never asked for. Every resolver here is a monkeypatched
``socket.getaddrinfo``; the only sockets opened go to the test's own server on
127.0.0.1, and where a public address is "connected to" the connection itself is
replaced by a recorder that refuses.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpcore
import pytest

from storyline.errors import FetchError
from storyline.ingest.http import FetchPolicy, HttpClient, RefusedError, check_address
from storyline.ingest.network import GuardedBackend
from tests.follow.server import LocalServer, Route

PUBLIC = "93.184.216.34"  # a global address; never actually connected to
LOCAL_ONLY = FetchPolicy(allowed_networks=("127.0.0.1/32",), host_spacing=0.0)


class Resolver:
    """Answers for test names, in turn (the last answer repeats); counts the lookups."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.lookups: dict[str, int] = {}
        self._real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self)

    def __call__(self, host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in self.answers:
            return self._real(host, port, *args, **kwargs)
        turn = self.lookups.get(host, 0)
        self.lookups[host] = turn + 1
        address = self.answers[host][min(turn, len(self.answers[host]) - 1)]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        running.routes["/news"] = Route(b"the news", headers={"Content-Type": "text/plain"})
        yield running


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection asked for, each refused: nothing leaves the machine."""
    asked: list[tuple[str, int]] = []

    def refuse(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        asked.append((address[0], int(address[1])))
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(socket, "create_connection", refuse)
    return asked


def test_a_public_answer_is_connected_to_by_address_not_by_name(
    monkeypatch: pytest.MonkeyPatch, connections: list[tuple[str, int]]
) -> None:
    resolver = Resolver(monkeypatch, {"rebind.test": [PUBLIC, "127.0.0.1"]})
    client = HttpClient(FetchPolicy(host_spacing=0.0))
    with client, pytest.raises(FetchError, match="connection refused"):
        client.get("http://rebind.test:8080/news")
    assert connections == [(PUBLIC, 8080)]  # the checked address, not a second lookup
    assert resolver.lookups == {"rebind.test": 1}


def test_a_private_answer_is_refused_before_any_connection(
    monkeypatch: pytest.MonkeyPatch, connections: list[tuple[str, int]]
) -> None:
    Resolver(monkeypatch, {"intranet.test": ["10.0.0.7"]})
    client = HttpClient(FetchPolicy(host_spacing=0.0))
    with client, pytest.raises(RefusedError, match=r"intranet\.test \(10\.0\.0\.7\) is a private"):
        client.get("http://intranet.test/admin")
    assert connections == []


def test_the_backend_hands_only_checked_addresses_to_the_socket_layer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The backend alone, over a socket layer that records what it is asked to reach."""
    asked: list[str] = []

    class Recording(httpcore.NetworkBackend):
        def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
            asked.append(host)
            raise httpcore.ConnectError("refused")

    checked: list[tuple[str, str]] = []

    def check(address: str, host: str) -> None:
        checked.append((address, host))
        check_address(address, host=host, policy=FetchPolicy())

    resolver = Resolver(monkeypatch, {"rebind.test": [PUBLIC, "127.0.0.1"]})
    backend = GuardedBackend(check, sockets=Recording())
    with pytest.raises(httpcore.ConnectError):
        backend.connect_tcp("rebind.test", 443, timeout=1.0)
    assert checked == [(PUBLIC, "rebind.test")]
    assert asked == [PUBLIC]
    assert resolver.lookups == {"rebind.test": 1}
    with pytest.raises(RefusedError, match="loopback"):  # the rebound answer, on a new lookup
        backend.connect_tcp("rebind.test", 443, timeout=1.0)
    assert asked == [PUBLIC]


def test_with_allow_private_the_first_answer_is_still_the_one_connected_to(
    monkeypatch: pytest.MonkeyPatch, server: LocalServer
) -> None:
    """The later answer, 127.0.0.2, has nothing listening: reaching it would fail."""
    port = int(server.url.rsplit(":", 1)[1])
    resolver = Resolver(monkeypatch, {"rebind.test": ["127.0.0.1", "127.0.0.2"]})
    with HttpClient(FetchPolicy(allow_private=True, host_spacing=0.0)) as client:
        response = client.get(f"http://rebind.test:{port}/news")
    assert (response.status, response.data) == (200, b"the news")
    assert resolver.lookups == {"rebind.test": 1}
    assert server.requests_to("/news")[0].headers["host"] == f"rebind.test:{port}"


def test_a_redirect_to_a_name_is_resolved_and_checked_again(
    monkeypatch: pytest.MonkeyPatch, server: LocalServer
) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    server.routes["/moved"] = Route(status=302, headers={"Location": "http://inside.test/x"})
    resolver = Resolver(monkeypatch, {"feeds.test": ["127.0.0.1"], "inside.test": ["10.1.2.3"]})
    with HttpClient(LOCAL_ONLY) as client:
        assert client.get(f"http://feeds.test:{port}/news").data == b"the news"
        with pytest.raises(RefusedError, match=r"inside\.test \(10\.1\.2\.3\) is a private"):
            client.get(f"http://feeds.test:{port}/moved")
    assert resolver.lookups["inside.test"] == 1
    assert server.requests_to("/x") == []
