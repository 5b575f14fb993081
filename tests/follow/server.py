"""A local HTTP server for the follower's tests: routes the test changes as it goes,
and a log of every request (path and headers). Binds 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before answering
    endless: bool = False  # send bytes until the client hangs up (at most ~20 MB)


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class LocalServer:
    """``routes`` maps a path to a ``Route``; ETag/If-None-Match answered with 304."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> LocalServer:
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.log if r.path == path]

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.log.append(
                Request(handler.path, {k.lower(): v for k, v in handler.headers.items()})
            )
            route = self.routes.get(handler.path)
        if route is None:
            route = Route(b"not here", status=404)
        time.sleep(route.delay)
        etag = route.headers.get("ETag")
        if etag and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(route.status)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        if not route.endless:
            handler.send_header("Content-Length", str(len(route.body)))
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if route.endless:
                for _ in range(20_000):
                    handler.wfile.write(b"<p>" + b"x" * 1021)
            else:
                handler.wfile.write(route.body)


@contextlib.contextmanager
def local_server() -> Iterator[LocalServer]:
    with LocalServer() as server:
        yield server


def rss(title: str, entries: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 feed; each entry has title, link, description and optionally guid/date."""
    items = []
    for entry in entries:
        date = entry.get("date") or format_datetime(datetime(2026, 11, 30, 9, tzinfo=UTC))
        guid = f"<guid>{escape(entry['guid'])}</guid>" if "guid" in entry else ""
        items.append(
            f"<item><title>{escape(entry['title'])}</title><link>{escape(entry['link'])}</link>"
            f"{guid}<pubDate>{date}</pubDate>"
            f"<description>{escape(entry['description'])}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def page(title: str, paragraphs: list[str]) -> bytes:
    """An article page the HTML reader extracts."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><title>{escape(title)}</title></head>"
        f"<body><article><h1>{escape(title)}</h1>{body}</article></body></html>"
    ).encode()
