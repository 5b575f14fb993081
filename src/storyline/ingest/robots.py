"""robots.txt for article pages, parsed by Protego, cached per host.

Feeds are fetched because the user asked for them; the article pages they link to are
crawled, so they obey the site's robots.txt (RFC 9309): a 4xx robots.txt allows
everything; a 5xx, a 429 (too many requests) or an unreachable one disallows everything
until it is asked again (``check`` says why: a refused address is refused, an
unavailable robots.txt may pass, a disallowed page is skipped). A ``Crawl-delay``
widens the client's spacing for that host. Rules are kept for ``ROBOTS_TTL`` (a
robots.txt that could not be had for ``ROBOTS_ERROR_TTL``) and for at most
``MAX_HOSTS`` hosts (least recently used dropped).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from storyline.errors import FetchError, UnreachableError
from storyline.ingest.fetch import SkippedPageError, status_text
from storyline.ingest.http import HttpClient, RefusedError

__all__ = ["MAX_HOSTS", "ROBOTS_AGENT", "ROBOTS_ERROR_TTL", "ROBOTS_TTL", "RobotsRules"]

ROBOTS_AGENT = "storyline"
ROBOTS_TTL = 24 * 3600.0
ROBOTS_ERROR_TTL = 600.0
MAX_HOSTS = 1000


@dataclass(frozen=True, slots=True)
class _HostRules:
    parser: Protego | None  # None: no rules (everything allowed)
    allow_all: bool
    fetched_at: float
    error: FetchError | None = None  # why nothing may be crawled, when it is not the rules

    @property
    def ttl(self) -> float:
        return ROBOTS_TTL if self.error is None else ROBOTS_ERROR_TTL


class RobotsRules:
    """Whether a page may be fetched, by the robots.txt of its host."""

    def __init__(self, client: HttpClient, *, agent: str = ROBOTS_AGENT) -> None:
        self._client = client
        self._agent = agent
        self._hosts: OrderedDict[str, _HostRules] = OrderedDict()

    def allowed(self, url: str) -> bool:
        try:
            self.check(url)
        except FetchError:
            return False
        return True

    def check(self, url: str) -> None:
        """Raise unless ``url`` may be crawled: ``SkippedPageError`` when robots.txt
        disallows it, ``RefusedError`` when its host is refused, ``UnreachableError``
        when robots.txt could not be had (that may pass)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        rules = self._hosts.get(origin)
        if rules is None or time.monotonic() - rules.fetched_at > rules.ttl:
            rules = self._load(origin, parts.hostname or "")
        self._hosts[origin] = rules
        self._hosts.move_to_end(origin)
        while len(self._hosts) > MAX_HOSTS:
            self._hosts.popitem(last=False)
        if rules.error is not None:
            raise type(rules.error)(rules.error.message, path=url)
        if rules.parser is None and rules.allow_all:
            return
        if rules.parser is None or not rules.parser.can_fetch(url, self._agent):
            raise SkippedPageError("disallowed by robots.txt", path=url)

    def _load(self, origin: str, host: str) -> _HostRules:
        now = time.monotonic()
        try:
            response = self._client.get(f"{origin}/robots.txt")
        except RefusedError as error:
            return _HostRules(None, False, now, RefusedError(error.message))
        except FetchError as error:
            return _HostRules(None, False, now, _unavailable(error.message))
        if 400 <= response.status < 500 and response.status != 429:
            return _HostRules(None, allow_all=True, fetched_at=now)
        if response.status != 200:
            return _HostRules(None, False, now, _unavailable(status_text(response.status)))
        parser = Protego.parse(response.data.decode("utf-8", errors="replace"))
        delay = parser.crawl_delay(self._agent)
        if delay:
            self._client.hosts.set_spacing(host, float(delay))
        return _HostRules(parser, allow_all=True, fetched_at=now)


def _unavailable(reason: str) -> UnreachableError:
    return UnreachableError(f"robots.txt unavailable ({reason}); nothing crawled on the host")
