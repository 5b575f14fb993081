"""Following feeds: poll each feed when due, store what is new, remember what was seen.

A poll is a conditional GET (the feed's ETag and Last-Modified sent back; a 304 costs
no parsing). On 200 every entry is looked up among the entries seen before — by link
(else id), then by id, then by identical content, since publishers change ids and
dates on update — and

- an entry seen with the same content is skipped, and its page is not fetched;
- a new entry is read as ``ingest`` reads a feed (``parse_feed``: the page fetched and
  extracted when the feed carries only a teaser, robots.txt obeyed), analyzed and
  stored through ``Storyline.store_results``;
- an entry seen with changed content is stored as a new version of its article;
- an entry whose page fetch failed for a reason that may pass (a timeout, a 5xx, a
  429) is stored with the feed's summary and waits for its page: at the feed's later
  polls (200 or 304) the page is asked for again with backoff, a bounded number of
  times (``page_retry.PageRetry``), and when it comes its text is stored as a new
  version of the same article.

Crash safety: each article is committed in one transaction with the entry that
produced it (its version link, and the page it waits for, if any); the feed's ETag
and next due time are written after all its articles. A kill at any moment therefore
loses nothing stored, and the next poll re-reads the feed but skips (and fetches no
page for) every entry already committed.

Scheduling: a feed is due ``every`` after its last poll (±10 % jitter, so feeds drift
apart). A failure backs off exponentially (up to ``MAX_BACKOFF``); 429/503 wait at
least their ``Retry-After``. Requests go one at a time, spaced per host (``HttpClient``).
"""

from __future__ import annotations

import hashlib
import io
import random
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import feedparser

from storyline.errors import EmptyInputError, InputError
from storyline.ingest.common import ReadResult, host_of
from storyline.ingest.entry_store import EntryRecordingStore
from storyline.ingest.feed import parse_feed, with_page
from storyline.ingest.feed_list import duration_text
from storyline.ingest.fetch import status_text
from storyline.ingest.http import FetchPolicy, HttpClient, HttpResponse
from storyline.ingest.page_retry import (
    MAX_RETRY_AFTER,
    PageFailure,
    PageFetcher,
    PageRetry,
    retry_after,
)
from storyline.ingest.robots import RobotsRules
from storyline.service import Storyline
from storyline.store.feed_state import EntryRecord, FeedState, WaitingPage
from storyline.store.sqlite import SQLiteStore

__all__ = [
    "DEFAULT_EVERY",
    "MAX_BACKOFF",
    "FollowSettings",
    "Follower",
    "PageRetry",
    "PollOutcome",
    "PollStatus",
    "retry_after",
]

DEFAULT_EVERY = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=24)
_JITTER = 0.1


@dataclass(frozen=True, slots=True)
class FollowSettings:
    every: timedelta = DEFAULT_EVERY
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    obey_robots: bool = True
    page_retry: PageRetry = field(default_factory=PageRetry)


class PollStatus(StrEnum):
    UPDATED = "updated"  # 200: entries read
    NOT_MODIFIED = "not-modified"  # 304
    DEFERRED = "deferred"  # 429/503: asked to come back later
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PollOutcome:
    feed_url: str
    status: PollStatus
    new: int = 0  # articles stored
    versions: int = 0  # of which new versions of known articles
    unchanged: int = 0  # entries seen before, skipped
    problems: tuple[str, ...] = ()  # one line each: "URL: reason"
    next_due: datetime | None = None
    pages_waiting: int = 0  # entries stored with the feed's summary, waiting for their page

    def to_dict(self) -> dict[str, object]:
        return {
            "feed": self.feed_url,
            "status": str(self.status),
            "new": self.new,
            "versions": self.versions,
            "unchanged": self.unchanged,
            "problems": list(self.problems),
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "pages_waiting": self.pages_waiting,
        }


@dataclass(frozen=True, slots=True)
class FeedEntryKey:
    """What identifies a feed entry, read before anything is fetched for it."""

    key: str
    entry_id: str | None
    digest: str
    link: str | None


def entry_keys(data: bytes, *, feed_url: str | None = None) -> list[FeedEntryKey]:
    """The keys of a feed's entries, in the order ``parse_feed`` reads them."""
    headers = (
        {"content-location": feed_url, "content-type": "application/xml"} if feed_url else None
    )
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    return [_entry_key(entry) for entry in parsed.get("entries", [])]


def _entry_key(entry: Mapping[str, Any]) -> FeedEntryKey:
    link = str(entry.get("link") or "").strip().split("#")[0] or None
    entry_id = str(entry.get("id") or "").strip() or None
    texts = [str(entry.get("title") or "")]
    texts += [str(c.get("value") or "") for c in entry.get("content", []) or []]
    texts.append(str(entry.get("summary") or ""))
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:32]
    return FeedEntryKey(link or entry_id or f"digest:{digest}", entry_id, digest, link)


class Follower:
    """Polls followed feeds into a store."""

    def __init__(
        self,
        app: Storyline,
        store: SQLiteStore,
        settings: FollowSettings | None = None,
        *,
        client: HttpClient | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.app = app
        self.store = store
        self.settings = settings or FollowSettings()
        self.client = client or HttpClient(self.settings.policy)
        self.robots = RobotsRules(self.client)
        self._rng = rng or random.Random()

    # ------------------------------------------------------------------ scheduling

    def follow(self, feeds: Iterable[tuple[str, str | None]]) -> None:
        """Start following feeds (``(url, outlet or None)``); known ones keep their state."""
        for url, outlet in feeds:
            self.store.add_feed(url, outlet)

    def due(
        self, only: Sequence[str] | None = None, *, now: datetime | None = None
    ) -> list[FeedState]:
        now = now or datetime.now(UTC)
        wanted = set(only) if only else None
        feeds = [f for f in self.store.feeds() if wanted is None or f.url in wanted]
        ready = [f for f in feeds if f.next_due is None or f.next_due <= now]
        return sorted(ready, key=lambda f: f.next_due or now)

    def poll_due(
        self,
        only: Sequence[str] | None = None,
        *,
        on_outcome: Callable[[PollOutcome], None] | None = None,
        stop: threading.Event | None = None,
    ) -> list[PollOutcome]:
        """Poll every feed that is due (of ``only``, else of all followed feeds)."""
        outcomes = []
        for state in self.due(only):
            if stop is not None and stop.is_set():
                break
            outcome = self.poll(state)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        return outcomes

    def run(
        self,
        only: Sequence[str] | None = None,
        *,
        on_outcome: Callable[[PollOutcome], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        """Poll feeds as they fall due until ``stop`` is set (or Ctrl-C)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            self.poll_due(only, on_outcome=on_outcome, stop=stop)
            stop.wait(self._seconds_to_next(only))

    def _seconds_to_next(self, only: Sequence[str] | None) -> float:
        wanted = set(only) if only else None
        dues = [
            f.next_due for f in self.store.feeds() if f.next_due and (not wanted or f.url in wanted)
        ]
        if not dues:
            return 60.0
        return min(max((min(dues) - datetime.now(UTC)).total_seconds(), 0.5), 300.0)

    # ------------------------------------------------------------------ one poll

    def poll(self, state: FeedState) -> PollOutcome:
        """Poll one feed now and save its new state."""
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        try:
            response = self.client.get(state.url, headers)
        except InputError as error:
            return self._failed(state, str(error))
        if response.status in (429, 503):
            return self._deferred(state, response)
        if response.status != 304 and not 200 <= response.status < 300:
            return self._failed(state, f"{state.url}: {status_text(response.status)}")
        counts = _Counts()
        self._retry_pages(state, counts)  # before the entries: those stored now wait
        if response.status == 304:
            return self._succeeded(state, PollStatus.NOT_MODIFIED, etag=state.etag, counts=counts)
        try:
            self._read_entries(state, response, counts)
        except InputError as error:
            return self._failed(state, str(error))
        return self._succeeded(
            state,
            PollStatus.UPDATED,
            etag=response.header("etag"),
            modified=response.header("last-modified"),
            counts=counts,
        )

    def _succeeded(
        self,
        state: FeedState,
        status: PollStatus,
        *,
        etag: str | None,
        modified: str | None = None,
        counts: _Counts | None = None,
    ) -> PollOutcome:
        now = datetime.now(UTC)
        if status is PollStatus.NOT_MODIFIED:
            modified = state.last_modified
        new_state = replace(
            state,
            etag=etag,
            last_modified=modified,
            last_success=now,
            last_error=None,
            failures=0,
            next_due=now + self._jittered(self.settings.every),
        )
        self.store.save_feed(new_state)
        counts = counts or _Counts()
        return PollOutcome(
            state.url,
            status,
            new=counts.new,
            versions=counts.versions,
            unchanged=counts.unchanged,
            problems=tuple(counts.problems),
            next_due=new_state.next_due,
            pages_waiting=self.store.pages_waiting(state.url),
        )

    def _failed(
        self, state: FeedState, message: str, *, delay: timedelta | None = None
    ) -> PollOutcome:
        failures = state.failures + 1
        new_state = replace(
            state,
            last_error=message,
            failures=failures,
            next_due=datetime.now(UTC) + (delay or self._backoff(failures)),
        )
        self.store.save_feed(new_state)
        status = PollStatus.FAILED if delay is None else PollStatus.DEFERRED
        return PollOutcome(state.url, status, problems=(message,), next_due=new_state.next_due)

    def _deferred(self, state: FeedState, response: HttpResponse) -> PollOutcome:
        asked = min(retry_after(response.header("retry-after")) or timedelta(0), MAX_RETRY_AFTER)
        delay = max(asked, self._backoff(state.failures + 1))
        reason = f"{status_text(response.status)}; next try in {duration_text(delay)}"
        return self._failed(state, f"{state.url}: {reason}", delay=delay)

    def _backoff(self, failures: int) -> timedelta:
        base = self.settings.every * (2 ** min(max(failures - 1, 0), 8))
        return self._jittered(min(base, MAX_BACKOFF))

    def _jittered(self, span: timedelta) -> timedelta:
        return span * self._rng.uniform(1 - _JITTER, 1 + _JITTER)

    # ------------------------------------------------------------------ entries

    def _read_entries(self, state: FeedState, response: HttpResponse, counts: _Counts) -> None:
        keys = entry_keys(response.data, feed_url=response.url)
        records = [self._record(state.url, key, counts) for key in keys]
        wanted = {
            key.link for key, record in zip(keys, records, strict=True) if record and key.link
        }
        pages = self._pages(wanted)
        try:
            results = list(
                parse_feed(
                    response.data,
                    origin=state.url,
                    feed_url=response.url,
                    source=state.outlet,
                    fetch=pages,
                    on_page_error=pages.page_failed,
                )
            )
        except EmptyInputError:
            return
        now = datetime.now(UTC)
        records = [
            self._waiting(record, pages.unfetched.get(key.link or ""), now)
            for key, record in zip(keys, records, strict=True)
        ]
        pending: dict[str, list[EntryRecord]] = {}
        to_store: list[ReadResult] = []
        for record, result in zip(records, results, strict=True):
            if record is None:
                continue
            counts.problems += [f"{result.origin}: {warning}" for warning in result.warnings]
            if result.article is None:
                counts.problems.append(str(result.error) if result.error else result.origin)
                self.store.record_entry(record, None)
                continue
            pending.setdefault(result.article.id, []).append(record)
            to_store.append(result)
        self._store(to_store, pending, counts)

    def _waiting(
        self, record: EntryRecord | None, failure: PageFailure | None, now: datetime
    ) -> EntryRecord | None:
        """The record of an entry whose page failed for a passing reason: it waits."""
        if record is None or failure is None:
            return record
        wait = self.settings.page_retry.after(1, failure, now=now, jitter=self._jittered)
        return replace(record, page=wait)

    # ------------------------------------------------------------------ pages waited for

    def _retry_pages(self, state: FeedState, counts: _Counts) -> None:
        """Ask again for the pages the feed's entries wait for, those that are due."""
        waiting = self.store.pages_due(state.url, datetime.now(UTC))
        if not waiting:
            return
        pages = self._pages()
        results: list[ReadResult] = []
        pending: dict[str, list[EntryRecord]] = {}
        for entry in waiting:
            summary = self.store.get(entry.article_id).article
            link = summary.url or entry.key
            if (host_of(link) or link) in pages.busy_hosts:
                continue  # the host failed a moment ago: asked again at a later poll
            record = EntryRecord(
                entry.feed_url, entry.key, entry.entry_id, entry.digest, None, summary.id
            )
            try:
                page = pages.article(link)
            except InputError as error:
                failure = pages.failure_of(link, error)
                self._page_failed(link, entry, record, failure, counts)
                continue
            article = with_page(summary, page)
            if article is None:  # the page says no more than the feed: nothing to wait for
                self.store.record_entry(record, summary.id)
                continue
            pending[article.id] = [record]
            results.append(ReadResult.success(article))
        self._store(results, pending, counts)

    def _page_failed(
        self,
        link: str,
        entry: WaitingPage,
        record: EntryRecord,
        failure: PageFailure,
        counts: _Counts,
    ) -> None:
        tries = entry.attempts + 1
        now = datetime.now(UTC)
        wait = self.settings.page_retry.after(tries, failure, now=now, jitter=self._jittered)
        self.store.record_entry(replace(record, page=wait), record.previous_article)
        if wait.due is not None:
            later = duration_text(wait.due - now)
            counts.problems.append(
                f"{link}: still no article page ({failure.reason}); try {tries} of "
                f"{self.settings.page_retry.attempts}, next in {later}"
            )
        else:
            counts.problems.append(
                f"{link}: gave up the article page after {tries} tries ({failure.reason}); "
                "kept the feed's summary"
            )

    def _record(self, feed_url: str, key: FeedEntryKey, counts: _Counts) -> EntryRecord | None:
        """What to remember of an entry, or None when it was seen with this content."""
        seen = self.store.find_entry(feed_url, key.key, key.entry_id, key.digest)
        if seen is not None and seen.digest == key.digest:
            counts.unchanged += 1
            return None
        record = EntryRecord(
            feed_url,
            key.key,
            key.entry_id,
            key.digest,
            previous_key=seen.key if seen else None,
            previous_article=seen.article_id if seen else None,
        )
        elsewhere = None if seen else self.store.entry_elsewhere(key.key, key.digest)
        if elsewhere is not None:  # another followed feed carries it: nothing to fetch
            self.store.record_entry(record, elsewhere)
            counts.unchanged += 1
            return None
        return record

    def _store(
        self, results: list[ReadResult], pending: dict[str, list[EntryRecord]], counts: _Counts
    ) -> None:
        if not results:
            return
        recording = EntryRecordingStore(self.store, pending)
        report = Storyline(recording, pipeline=self.app.pipeline).store_results(results)
        if report.interrupted:
            raise KeyboardInterrupt
        counts.problems += [f"{f.origin}: {f.reason}" for f in report.failed]
        counts.new += len(report.stored)
        counts.versions += recording.versions
        for article_id, records in pending.items():  # duplicates and failures
            stored = article_id if self.store.has(article_id) else None
            for record in records:
                self.store.record_entry(record, stored)

    def _pages(self, wanted: set[str] | None = None) -> PageFetcher:
        robots = self.robots if self.settings.obey_robots else None
        return PageFetcher(self.client, robots, wanted)

    def close(self) -> None:
        self.client.close()


@dataclass
class _Counts:
    new: int = 0
    versions: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
