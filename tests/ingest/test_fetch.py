"""Downloading with a timeout and a size limit, against a local HTTP server (no network)."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline.errors import FetchError, TooLargeError
from storyline.ingest import common, fetch_url, offline_fetcher, read_target
from tests.ingest.helpers import FIXTURES

ARTICLE = (FIXTURES / "article.html").read_bytes()
FEED = (FIXTURES / "full.rss").read_bytes()


class Handler(BaseHTTPRequestHandler):
    """A few fixed routes."""

    def do_GET(self) -> None:
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE, {}),
            "/feed": (200, "application/rss+xml", FEED, {}),
            "/gzip": (200, "text/html", gzip.compress(ARTICLE), {"Content-Encoding": "gzip"}),
            "/big": (200, "text/plain", b"x" * 5000, {}),
            "/missing": (404, "text/html", b"<h1>Not here</h1>", {}),
        }
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/redirect":
            self.send_response(301)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        status, media, body, headers = routes.get(self.path, (200, "text/plain", b"slow\n", {}))
        self.send_response(status)
        self.send_header("Content-Type", media)
        if self.path != "/big":  # no Content-Length: the limit must hold while reading
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


def test_page_is_fetched_with_its_media_type(server: str) -> None:
    fetched = fetch_url(f"{server}/article")
    assert fetched.data == ARTICLE
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"


def test_redirect_gives_the_final_url(server: str) -> None:
    assert fetch_url(f"{server}/redirect").url == f"{server}/article"


def test_gzip_body_is_decompressed(server: str) -> None:
    assert fetch_url(f"{server}/gzip").data == ARTICLE


def test_http_error_names_the_status(server: str) -> None:
    with pytest.raises(FetchError, match=r"HTTP 404 Not Found$") as caught:
        fetch_url(f"{server}/missing")
    assert caught.value.path == f"{server}/missing"


def test_timeout(server: str) -> None:
    with pytest.raises(FetchError, match=r"timed out after 0.3 s"):
        fetch_url(f"{server}/slow", timeout=0.3)


def test_size_limit_by_header_and_while_reading(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TooLargeError):
        fetch_url(f"{server}/article", limit=1000)  # Content-Length says too much
    monkeypatch.setattr(common, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(TooLargeError, match="over the 1000 bytes limit"):
        fetch_url(f"{server}/big")  # no Content-Length


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="refused"):
        fetch_url(f"http://127.0.0.1:{port}/x", timeout=2)


def test_only_http_urls() -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url("ftp://h.example/file.txt")
    with pytest.raises(FetchError, match="turned off"):
        offline_fetcher("https://h.example/")


def test_read_target_with_the_real_fetcher(server: str) -> None:
    (page,) = read_target(f"{server}/article")
    assert page.article is not None
    assert page.article.title == "Harbour bridge reopens after storm repairs"
    feed = list(read_target(f"{server}/feed", fetch=offline_fetcher))
    assert isinstance(feed[0].error, FetchError)  # offline: not even the feed itself
    entries = list(read_target(f"{server}/feed"))
    assert [entry.origin for entry in entries] == [f"{server}/feed#1", f"{server}/feed#2"]
    (missing,) = read_target(f"{server}/missing")
    assert missing.error is not None
    assert str(missing.error) == f"{server}/missing: HTTP 404 Not Found"
