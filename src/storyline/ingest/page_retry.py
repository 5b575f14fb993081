"""Article pages of feed entries: fetched for the follower, and fetched again at later
polls when a fetch failed for a reason that may pass.

The policy, in one place (``PageRetry``): a page whose fetch **failed for a passing
reason** — a timeout, no connection, no DNS answer, a broken response, HTTP 408, 425,
429 or any 5xx, a robots.txt that could not be had (and the pages of the same host
that were skipped after such a failure in that poll) — leaves its entry stored with
the feed's summary and **waiting** for the page. The follower asks for it again at
the feed's later polls, once it is due: 10 min after the first failure, then 20, 40,
80 and 160 (doubling, ±10 % jitter, at most 6 h, never sooner than the server's
``Retry-After``), **6 tries in all**; then it is given up and the summary stays.
Every other failure is **final** at once: robots.txt disallows the page, the address
or scheme is refused, the page is too large, HTTP 404 and the other 4xx, a page that
came but holds no readable article. When the page comes, its text is stored as a new
version of the entry's article (never a duplicate).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from storyline.errors import InputError, UnreachableError
from storyline.ingest.common import host_of
from storyline.ingest.fetch import Fetched, SkippedPageError, fetched_of, status_text
from storyline.ingest.html import parse_html_article
from storyline.ingest.http import HttpClient
from storyline.ingest.robots import RobotsRules
from storyline.model import Article
from storyline.store.feed_state import PageWait

__all__ = [
    "MAX_RETRY_AFTER",
    "PageFailure",
    "PageFetcher",
    "PageRetry",
    "is_passing",
    "retry_after",
]

#: The longest ``Retry-After`` obeyed (a server asking for more is asked again then).
MAX_RETRY_AFTER = timedelta(days=7)

_PASSING_STATUSES = frozenset({408, 425, 429})


def is_passing(status: int) -> bool:
    """An HTTP status worth asking again later: 408, 425, 429 and every 5xx."""
    return status in _PASSING_STATUSES or 500 <= status < 600


@dataclass(frozen=True, slots=True)
class PageFailure:
    """Why a page was not had, in one line, and whether that may pass."""

    reason: str
    passing: bool
    retry_after: timedelta | None = None


@dataclass(frozen=True, slots=True)
class PageRetry:
    """How often and when a page whose fetch failed for a passing reason is tried again."""

    attempts: int = 6  # tries in all, the first one included
    first_delay: timedelta = timedelta(minutes=10)
    max_delay: timedelta = timedelta(hours=6)

    def delay(self, attempts: int, asked: timedelta | None = None) -> timedelta:
        """The wait after ``attempts`` failed tries (before jitter)."""
        doubled: timedelta = self.first_delay * 2 ** min(max(attempts - 1, 0), 16)
        return max(min(doubled, self.max_delay), min(asked or timedelta(0), MAX_RETRY_AFTER))

    def after(
        self,
        attempts: int,
        failure: PageFailure,
        *,
        now: datetime,
        jitter: Callable[[timedelta], timedelta],
    ) -> PageWait:
        """What an entry waits for after its ``attempts``-th failed try."""
        if not failure.passing or attempts >= self.attempts:
            return PageWait(None, attempts, failure.reason)  # given up
        wait = jitter(self.delay(attempts, failure.retry_after))
        return PageWait(now + wait, attempts, failure.reason)


class PageFetcher:
    """One poll's article pages: robots.txt obeyed, each failure told passing or final,
    and a host that failed for a passing reason left alone for the rest of the poll.

    It is the ``Fetcher`` given to ``parse_feed`` (with ``page_failed`` as its
    ``on_page_error``), and fetches the pages entries wait for (``article``).
    """

    def __init__(
        self, client: HttpClient, robots: RobotsRules | None, wanted: set[str] | None = None
    ) -> None:
        self._client = client
        self._robots = robots
        self._wanted = wanted  # None: any page; else only these links
        self._attempted: set[str] = set()
        self._failures: dict[str, PageFailure] = {}  # by link, of the pages asked for
        self.busy_hosts: dict[str, PageFailure] = {}
        self.unfetched: dict[str, PageFailure] = {}  # by link: wanted, failed, may pass

    def __call__(self, url: str) -> Fetched:
        link = url.split("#")[0]
        if self._wanted is not None and link not in self._wanted:
            raise SkippedPageError("entry seen before; page not fetched", path=url)
        try:
            if self._robots is not None:
                self._robots.check(url)
            self._attempted.add(link)
            response = self._client.get(url)
        except UnreachableError as error:
            self._failed(link, PageFailure(error.message, passing=True))
            raise
        if is_passing(response.status):
            asked = retry_after(response.header("retry-after"))
            self._failed(link, PageFailure(status_text(response.status), True, asked))
        return fetched_of(response, origin=url)

    def _failed(self, link: str, failure: PageFailure) -> None:
        self._failures[link] = failure
        self.busy_hosts.setdefault(host_of(link) or link, failure)

    def page_failed(self, link: str, error: InputError) -> None:
        """An entry kept its summary because of ``error``; remember it if that may pass."""
        failure = self.failure_of(link, error)
        if failure.passing:
            self.unfetched[link.split("#")[0]] = failure

    def failure_of(self, link: str, error: InputError) -> PageFailure:
        """What ``error`` (met fetching or reading ``link``'s page) means for a retry."""
        link = link.split("#")[0]
        known = self._failures.get(link)
        if known is not None:
            return known
        busy = self.busy_hosts.get(host_of(link) or link)
        if busy is not None and link not in self._attempted:  # skipped after that failure
            return PageFailure(error.message, True, busy.retry_after)
        return PageFailure(error.message, passing=False)

    def article(self, link: str) -> Article:
        """The article on ``link``'s page; ``InputError`` when it cannot be had."""
        fetched = self(link)
        return parse_html_article(
            fetched.data, origin=link, url=fetched.url, charset=fetched.charset
        )


def retry_after(value: str | None) -> timedelta | None:
    """A ``Retry-After`` header (seconds or an HTTP date) as a wait from now."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return timedelta(seconds=int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when - datetime.now(UTC), timedelta(0))
