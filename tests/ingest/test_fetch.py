"""Safe downloading against a local HTTP server (no network): addresses, schemes,
redirects, timeouts, a total deadline and a size limit."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest

from storyline.errors import FetchError, TooLargeError
from storyline.ingest import common, fetch_url, offline_fetcher, read_target
from storyline.ingest import http as http_module
from storyline.ingest.fetch import client_fetcher
from storyline.ingest.http import FetchPolicy, HttpClient, RefusedError
from tests.ingest.helpers import FIXTURES

ARTICLE = (FIXTURES / "article.html").read_bytes()
FEED = (FIXTURES / "full.rss").read_bytes()
LOCAL_ONLY = FetchPolicy(allowed_networks=("127.0.0.1/32",), host_spacing=0.0)
REDIRECTS = {
    "/redirect": "/article",
    "/to-file": "file:///etc/passwd",
    "/to-ftp": "ftp://127.0.0.1/x",
    "/to-private": "http://10.255.255.1/secret",
    "/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "/loop": "/loop",
}


class Handler(BaseHTTPRequestHandler):
    """A few fixed routes."""

    seen_hosts: list[str] = []  # noqa: RUF012 - shared by the test server's threads
    trickled: list[int] = []  # noqa: RUF012 - bytes sent by each /trickle answer
    trickle_over = threading.Event()  # the last /trickle answer has ended

    def do_GET(self) -> None:
        Handler.seen_hosts.append(self.headers.get("Host", ""))
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE, {}),
            "/feed": (200, "application/rss+xml", FEED, {}),
            "/gzip": (200, "text/html", gzip.compress(ARTICLE), {"Content-Encoding": "gzip"}),
            "/bomb": (200, "text/html", gzip.compress(b" " * 50_000), {"Content-Encoding": "gzip"}),
            "/big": (200, "text/plain", b"x" * 5000, {}),
            "/missing": (404, "text/html", b"<h1>Not here</h1>", {}),
        }
        if self.path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path])
            self.end_headers()
            return
        if self.path == "/trickle":
            self._trickle()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        status, media, body, headers = routes.get(self.path, (200, "text/plain", b"slow\n", {}))
        self.send_response(status)
        self.send_header("Content-Type", media)
        if self.path not in ("/big", "/bomb"):  # no Content-Length: the limit holds while reading
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self.wfile.write(body)

    def _trickle(self) -> None:
        """One byte every 0.2 s, for ever (until the client hangs up, at most 10 s)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        Handler.trickled.append(0)
        Handler.trickle_over.clear()
        try:
            for _ in range(50):
                self.wfile.write(b"x")
                self.wfile.flush()
                Handler.trickled[-1] += 1
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up
        finally:
            Handler.trickle_over.set()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def local_fetch(url: str, **changes: Any) -> Any:
    policy = FetchPolicy(**{**vars_of(LOCAL_ONLY), **changes})
    with HttpClient(policy) as client:
        return client_fetcher(client)(url)


def vars_of(policy: FetchPolicy) -> dict[str, Any]:
    return {name: getattr(policy, name) for name in policy.__slots__}


def test_page_is_fetched_with_its_media_type(server: str) -> None:
    fetched = fetch_url(f"{server}/article", allow_private=True)
    assert fetched.data == ARTICLE
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"


def test_loopback_is_refused_by_default_and_nothing_is_sent(server: str) -> None:
    before = len(Handler.seen_hosts)
    with pytest.raises(RefusedError, match=r"127\.0\.0\.1 is a loopback address") as caught:
        fetch_url(f"{server}/article")
    assert caught.value.path == f"{server}/article"
    assert len(Handler.seen_hosts) == before


def test_redirect_gives_the_final_url(server: str) -> None:
    assert local_fetch(f"{server}/redirect").url == f"{server}/article"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-file", r"refused: a file:// URL \(redirect\); only http and https"),
        ("/to-ftp", r"refused: a ftp:// URL \(redirect\)"),
        ("/to-private", r"refused: 10\.255\.255\.1 is a private address"),
        ("/to-metadata", r"refused: 169\.254\.169\.254 is a link-local address"),
        ("/loop", r"more than 5 redirects"),
    ],
)
def test_unsafe_redirects_are_refused(server: str, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason) as caught:
        local_fetch(f"{server}{path}")
    assert caught.value.path == f"{server}{path}"


def test_the_checked_address_is_the_one_connected_to(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = int(server.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    answers = iter([["127.0.0.1"], ["10.0.0.7", "127.0.0.1"]])

    def resolver(host: str, *args: Any, **kwargs: Any) -> Any:
        if host != "news.test":
            return real(host, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    fetched = local_fetch(f"http://news.test:{port}/article")  # resolved once, to 127.0.0.1
    assert fetched.data == ARTICLE
    assert Handler.seen_hosts[-1] == f"news.test:{port}"
    with pytest.raises(RefusedError, match=r"news\.test \(10\.0\.0\.7\) is a private address"):
        local_fetch(f"http://news.test:{port}/article")  # a mixed answer is refused


def test_gzip_body_is_decompressed_and_its_size_capped(server: str) -> None:
    assert local_fetch(f"{server}/gzip").data == ARTICLE
    with pytest.raises(TooLargeError):
        local_fetch(f"{server}/bomb", max_bytes=10_000)


def test_http_error_names_the_status(server: str) -> None:
    with pytest.raises(FetchError, match=r"HTTP 404 Not Found$") as caught:
        local_fetch(f"{server}/missing")
    assert caught.value.path == f"{server}/missing"


def test_stall_timeout(server: str) -> None:
    with pytest.raises(FetchError, match=r"timed out after 0.3 s"):
        local_fetch(f"{server}/slow", stall_timeout=0.3)


def test_a_trickling_server_is_cut_at_the_total_deadline(server: str) -> None:
    """Counted at the server: it stops being read after about 1 s of its 10 s answer
    (a slower machine only sends fewer bytes in that second)."""
    with pytest.raises(FetchError, match=r"no complete response within 1 s"):
        local_fetch(f"{server}/trickle", stall_timeout=5, deadline=1)
    assert Handler.trickle_over.wait(15)  # the server notices the hang-up as it writes
    assert Handler.trickled[-1] < 20  # of 50: cut at the deadline, not read to the end


def test_size_limit_by_header_and_while_reading(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TooLargeError):
        local_fetch(f"{server}/article", max_bytes=1000)  # Content-Length says too much
    monkeypatch.setattr(common, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(TooLargeError, match="over the 1000 bytes limit"):
        local_fetch(f"{server}/big")  # no Content-Length


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="refused"):
        local_fetch(f"http://127.0.0.1:{port}/x", connect_timeout=2)


def test_only_http_urls() -> None:
    with pytest.raises(RefusedError, match=r"refused: a ftp:// URL; only http and https"):
        fetch_url("ftp://h.example/file.txt")
    with pytest.raises(FetchError, match="turned off"):
        offline_fetcher("https://h.example/")


def test_read_target_with_the_real_fetcher(server: str) -> None:
    (refused,) = read_target(f"{server}/article")  # the default refuses loopback
    assert isinstance(refused.error, RefusedError)
    with HttpClient(LOCAL_ONLY) as client:
        fetch = client_fetcher(client)
        (page,) = read_target(f"{server}/article", fetch=fetch)
        assert page.article is not None
        assert page.article.title == "Harbour bridge reopens after storm repairs"
        feed = list(read_target(f"{server}/feed", fetch=offline_fetcher))
        assert isinstance(feed[0].error, FetchError)  # offline: not even the feed itself
        entries = list(read_target(f"{server}/feed", fetch=fetch))
        assert [entry.origin for entry in entries] == [f"{server}/feed#1", f"{server}/feed#2"]
        (missing,) = read_target(f"{server}/missing", fetch=fetch)
    assert missing.error is not None
    assert str(missing.error) == f"{server}/missing: HTTP 404 Not Found"


def test_dns_lookups_are_bounded_and_failures_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolver(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "slow-dns.test":
            time.sleep(2)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no DNS answer within 0.3 s"):
        local_fetch("http://slow-dns.test/feed", connect_timeout=0.3)
    assert time.monotonic() - started < 1.5
    with pytest.raises(FetchError, match=r"unknown host \(no DNS entry or no network\)"):
        local_fetch("http://missing.test/feed")


def test_requests_to_one_host_are_spaced(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pauses are counted, not timed: the client's sleep only records them."""
    pauses: list[float] = []
    real = time.monotonic
    clock = SimpleNamespace(monotonic=lambda: real() + sum(pauses), sleep=pauses.append)
    monkeypatch.setattr(http_module, "time", clock)
    policy = FetchPolicy(**{**vars_of(LOCAL_ONLY), "host_spacing": 5.0})
    with HttpClient(policy) as client:
        for _ in range(3):
            assert client.get(f"{server}/article").status == 200
        assert len(pauses) == 2  # before the 2nd and the 3rd request
        assert all(1.0 < pause <= 5.0 for pause in pauses)
        client.hosts.set_spacing("127.0.0.1", 30.0)  # a Crawl-delay of 30 s
        client.get(f"{server}/article")
        client.get(f"{server}/article")
    assert 10.0 < pauses[-1] <= 30.0


def test_a_url_httpx_cannot_send_is_a_one_line_error() -> None:
    with pytest.raises(FetchError, match=r"not a valid URL \(Invalid non-printable") as caught:
        local_fetch("http://127.0.0.1:9/feed\x1b[2J")  # refused before any connection
    assert caught.value.path == "http://127.0.0.1:9/feed\x1b[2J"


def test_the_pause_between_requests_to_a_host_is_not_taken_from_the_deadline(
    server: str,
) -> None:
    """Spacing longer than the deadline (a large Crawl-delay): every request still gets
    its whole deadline for the server's answer."""
    policy = FetchPolicy(**{**vars_of(LOCAL_ONLY), "host_spacing": 1.2, "deadline": 1.0})
    with HttpClient(policy) as client:
        assert [client.get(f"{server}/article").status for _ in range(2)] == [200, 200]
        assert client.requests == 2
