"""robots.txt for article pages, parsed by Protego, cached per host.

Feeds are fetched because the user asked for them; the article pages they link to are
crawled, so they obey the site's robots.txt (RFC 9309): a 4xx robots.txt allows
everything; a 5xx, a 429 (too many requests) or an unreachable one disallows everything
until it is asked again. A ``Crawl-delay`` widens the client's spacing for that host.
Rules are kept for ``ROBOTS_TTL`` and for at most ``MAX_HOSTS`` hosts (least recently
used dropped).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from storyline.errors import FetchError
from storyline.ingest.http import HttpClient

__all__ = ["MAX_HOSTS", "ROBOTS_AGENT", "ROBOTS_TTL", "RobotsRules"]

ROBOTS_AGENT = "storyline"
ROBOTS_TTL = 24 * 3600.0
MAX_HOSTS = 1000


@dataclass(frozen=True, slots=True)
class _HostRules:
    parser: Protego | None  # None: no rules (everything allowed)
    allow_all: bool
    fetched_at: float


class RobotsRules:
    """Whether a page may be fetched, by the robots.txt of its host."""

    def __init__(self, client: HttpClient, *, agent: str = ROBOTS_AGENT) -> None:
        self._client = client
        self._agent = agent
        self._hosts: OrderedDict[str, _HostRules] = OrderedDict()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        rules = self._hosts.get(origin)
        if rules is None or time.monotonic() - rules.fetched_at > ROBOTS_TTL:
            rules = self._load(origin, parts.hostname or "")
        self._hosts[origin] = rules
        self._hosts.move_to_end(origin)
        while len(self._hosts) > MAX_HOSTS:
            self._hosts.popitem(last=False)
        if rules.parser is None:
            return rules.allow_all
        return bool(rules.parser.can_fetch(url, self._agent))

    def _load(self, origin: str, host: str) -> _HostRules:
        now = time.monotonic()
        try:
            response = self._client.get(f"{origin}/robots.txt")
        except FetchError:
            return _HostRules(None, allow_all=False, fetched_at=now)
        if 400 <= response.status < 500 and response.status != 429:
            return _HostRules(None, allow_all=True, fetched_at=now)
        if response.status != 200:
            return _HostRules(None, allow_all=False, fetched_at=now)
        parser = Protego.parse(response.data.decode("utf-8", errors="replace"))
        delay = parser.crawl_delay(self._agent)
        if delay:
            self._client.hosts.set_spacing(host, float(delay))
        return _HostRules(parser, allow_all=True, fetched_at=now)
