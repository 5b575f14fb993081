"""DNS rebinding: the address that passed the check is the one connected to.

A host name is resolved once per connection; a second, different answer (the
rebinding) is never asked for. Every resolver here is a monkeypatched
``socket.getaddrinfo``; the only sockets opened go to the test's own server on
127.0.0.1, and where a public address is "connected to" the connection itself is
replaced by a recorder that refuses. Over TLS the certificate is still checked against
the host name, not the address connected to.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpcore
import pytest

from storyline.errors import FetchError
from storyline.ingest import network
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


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """An HTTPS server on 127.0.0.1 whose certificate names ``news.test`` only."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.test"]
    command += ["-addext", "subjectAltName=DNS:news.test"]
    subprocess.run(command, check=True, capture_output=True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(b"secure")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield int(httpd.server_address[1]), cert
    httpd.shutdown()
    httpd.server_close()


def test_tls_verifies_the_host_name_while_connecting_to_the_checked_address(
    monkeypatch: pytest.MonkeyPatch, tls_server: tuple[int, Path]
) -> None:
    port, cert = tls_server
    monkeypatch.setattr(network, "tls_context", lambda: ssl.create_default_context(cafile=cert))
    resolver = Resolver(monkeypatch, {"news.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    with HttpClient(FetchPolicy(allow_private=True, host_spacing=0.0)) as client:
        assert client.get(f"https://news.test:{port}/").data == b"secure"
        with pytest.raises(FetchError, match="certificate") as caught:
            client.get(f"https://other.test:{port}/")  # same address, name not on the cert
    assert "\n" not in str(caught.value), str(caught.value)
    assert resolver.lookups == {"news.test": 1, "other.test": 1}
