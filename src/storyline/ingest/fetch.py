"""Downloading pages and feeds: a timeout, a size limit and errors that say why.

Readers never fetch by themselves: they take a ``Fetcher`` (any callable from a URL to
a ``Fetched``), so tests pass a fake one and the CLI can turn fetching off with
``offline_fetcher``. ``fetch_url`` is the real one, built on ``urllib`` so that an HTTP
status, a DNS failure or a timeout reaches the user as the reason of a ``FetchError``.
"""

from __future__ import annotations

import functools
import http.client
import socket
import ssl
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message

from storyline import __version__
from storyline.errors import FetchError, TooLargeError
from storyline.ingest import common
from storyline.ingest.common import check_size, is_url

__all__ = [
    "FETCH_TIMEOUT_SECONDS",
    "Fetched",
    "Fetcher",
    "fetch_url",
    "offline_fetcher",
]

#: Seconds to wait for a server to connect or send data.
FETCH_TIMEOUT_SECONDS = 20.0

_USER_AGENT = f"storyline/{__version__} (news article reader)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded resource: the final URL (after redirects), its bytes and media type."""

    url: str
    data: bytes
    content_type: str | None = None  # "text/html", lower case, without parameters
    charset: str | None = None  # from the Content-Type header


#: Anything that downloads a URL; it raises ``FetchError`` (or ``TooLargeError``).
Fetcher = Callable[[str], Fetched]


def offline_fetcher(url: str) -> Fetched:
    """A fetcher that refuses every URL (for ``--offline`` runs)."""
    raise FetchError("fetching is turned off", path=url)


def fetch_url(
    url: str, *, timeout: float = FETCH_TIMEOUT_SECONDS, limit: int | None = None
) -> Fetched:
    """Download ``url`` over http(s); refuse anything over ``limit`` (``MAX_INPUT_BYTES``)."""
    limit = common.MAX_INPUT_BYTES if limit is None else limit
    if not is_url(url):
        raise FetchError("only http and https URLs can be fetched", path=url)
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT})
    # a new opener per call reads the proxy settings of this moment
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=_tls_context()))
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length", "")
            if length.isdigit():
                check_size(int(length), origin=url, limit=limit)
            data = _read_limited(response, url=url, limit=limit)
            data = _decompress(data, headers.get("Content-Encoding", ""), url=url, limit=limit)
            return Fetched(
                url=response.geturl() or url,
                data=data,
                content_type=headers.get_content_type() if "Content-Type" in headers else None,
                charset=headers.get_content_charset(),
            )
    except (FetchError, TooLargeError):
        raise
    except urllib.error.HTTPError as error:
        raise FetchError(f"HTTP {error.code} {error.reason}".strip(), path=url) from None
    except urllib.error.URLError as error:
        raise FetchError(_reason(error.reason, timeout), path=url) from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s", path=url) from None
    except http.client.HTTPException as error:
        raise FetchError(f"bad HTTP response ({type(error).__name__})", path=url) from None
    except (OSError, ValueError) as error:
        raise FetchError(_reason(error, timeout), path=url) from None


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The system's certificates, plus certifi's where installed (some Pythons have none)."""
    context = ssl.create_default_context()
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with trafilatura
        return context
    context.load_verify_locations(cafile=certifi.where())
    return context


def _read_limited(response: http.client.HTTPResponse, *, url: str, limit: int) -> bytes:
    data = response.read(limit + 1)
    check_size(len(data), origin=url, limit=limit)
    return bytes(data)


def _decompress(data: bytes, encoding: str, *, url: str, limit: int) -> bytes:
    """Undo a gzip or deflate Content-Encoding a server sent although not asked to."""
    encoding = encoding.strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return data
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        decompressor = zlib.decompressobj(wbits)
        plain = decompressor.decompress(data, limit + 1)
    except zlib.error as error:
        raise FetchError(f"cannot decompress the response: {error}", path=url) from None
    check_size(len(plain), origin=url, limit=limit)
    return plain


def _reason(reason: object, timeout: float) -> str:
    """A short reason for a failed download."""
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "unknown host (no DNS entry or no network)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return str(reason.strerror)
    return str(reason) or type(reason).__name__
