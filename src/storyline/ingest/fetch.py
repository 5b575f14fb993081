"""Downloading pages and feeds for the readers, through the safe HTTP client.

Readers never fetch by themselves: they take a ``Fetcher`` (any callable from a URL to
a ``Fetched``), so tests pass a fake one and the CLI can turn fetching off with
``offline_fetcher``. ``fetch_url`` and ``client_fetcher`` are the real ones, built on
``storyline.ingest.http.HttpClient`` (public addresses only, http/https only, redirects
re-checked, connect and stall timeouts, a total deadline, a size limit); every refusal
and failure reaches the user as the one-line reason of a ``FetchError``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from storyline.errors import FetchError
from storyline.ingest.http import FetchPolicy, HttpClient, HttpResponse

__all__ = [
    "FETCH_TIMEOUT_SECONDS",
    "Fetched",
    "Fetcher",
    "SkippedPageError",
    "client_fetcher",
    "fetch_url",
    "offline_fetcher",
]

#: Seconds to wait for a server to connect or send more data.
FETCH_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded resource: the final URL (after redirects), its bytes and media type."""

    url: str
    data: bytes
    content_type: str | None = None  # "text/html", lower case, without parameters
    charset: str | None = None  # from the Content-Type header


class SkippedPageError(FetchError):
    """A page the caller chose not to download (robots.txt, already seen); the host is fine."""

    code = "skipped"


#: Anything that downloads a URL; it raises ``FetchError`` (or ``TooLargeError``).
Fetcher = Callable[[str], Fetched]


def offline_fetcher(url: str) -> Fetched:
    """A fetcher that refuses every URL (for ``--offline`` runs)."""
    raise FetchError("fetching is turned off", path=url)


def fetch_url(
    url: str,
    *,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    limit: int | None = None,
    allow_private: bool = False,
) -> Fetched:
    """Download ``url`` once under the default policy; refuse anything over ``limit``."""
    policy = FetchPolicy(
        allow_private=allow_private,
        connect_timeout=timeout,
        stall_timeout=timeout,
        deadline=max(3 * timeout, 1.0),
        max_bytes=limit,
        host_spacing=0.0,
    )
    with HttpClient(policy) as client:
        return client_fetcher(client)(url)


def client_fetcher(client: HttpClient) -> Fetcher:
    """A ``Fetcher`` downloading through ``client`` (its policy, spacing and counts)."""

    def fetch(url: str) -> Fetched:
        return fetched_of(client.get(url), origin=url)

    return fetch


def fetched_of(response: HttpResponse, *, origin: str) -> Fetched:
    """A successful response as ``Fetched``; any other status is a ``FetchError``."""
    if not 200 <= response.status < 300:
        raise FetchError(status_text(response.status), path=origin)
    return Fetched(response.url, response.data, response.content_type, response.charset)


def status_text(status: int) -> str:
    """``HTTP 404 Not Found``."""
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"
