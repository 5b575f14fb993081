"""The store's tables for following feeds: feeds, seen entries, versions, copies.

A seen entry whose article page could not be fetched for a passing reason waits for
it (``page_due``, ``page_attempts``, ``page_error``); that state is part of the entry
row, so it is committed with the article like the rest of the entry.

``FeedTables`` is mixed into ``SQLiteStore``: it uses the store's connection and its
one-transaction-per-article write (``_insert_article``), so an article, its version
link and the feed entry that produced it are committed together or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from storyline.errors import StoreError

if TYPE_CHECKING:
    from storyline.model import AnalyzedArticle
    from storyline.store.sqlite import _Transaction

__all__ = ["EntryRecord", "FeedState", "FeedTables", "PageWait", "SeenEntry", "WaitingPage"]

_FEED_COLUMNS = (
    "url",
    "outlet",
    "etag",
    "last_modified",
    "last_success",
    "last_error",
    "next_due",
    "failures",
)


@dataclass(frozen=True, slots=True)
class FeedState:
    """A followed feed and its health. Times are UTC."""

    url: str
    outlet: str | None = None
    etag: str | None = None
    last_modified: str | None = None  # the server's Last-Modified header, as sent
    last_success: datetime | None = None
    last_error: str | None = None
    next_due: datetime | None = None
    failures: int = 0


@dataclass(frozen=True, slots=True)
class SeenEntry:
    """What the store remembers of a feed entry."""

    key: str  # the entry's link, else its id
    entry_id: str | None
    digest: str  # of what the feed said about the entry
    article_id: str | None  # latest version stored; None when none could be


@dataclass(frozen=True, slots=True)
class PageWait:
    """An entry's article page, not fetched yet: when to try again, tries so far, why."""

    due: datetime | None  # None: nothing to wait for any more (given up)
    attempts: int
    error: str


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """A feed entry to remember with the article (if any) it produced."""

    feed_url: str
    key: str
    entry_id: str | None
    digest: str
    previous_key: str | None = None  # the key it was known under, when that changed
    previous_article: str | None = None  # the version it replaces
    page: PageWait | None = None  # None: the page came, or was not needed


@dataclass(frozen=True, slots=True)
class WaitingPage:
    """A seen entry whose article (the feed's summary) waits for its page."""

    feed_url: str
    key: str
    entry_id: str | None
    digest: str
    article_id: str
    attempts: int


def _now() -> str:
    return _stamp(datetime.now(UTC))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _feed_of(row: tuple[Any, ...]) -> FeedState:
    url, outlet, etag, modified, success, error, due, failures = row
    return FeedState(url, outlet, etag, modified, _time(success), error, _time(due), failures)


class FeedTables:
    """Feed, entry, version and copy queries over ``self._db``."""

    _db: sqlite3.Connection
    path: str

    if TYPE_CHECKING:

        def _transaction(self) -> _Transaction: ...

        def _insert_article(self, analyzed: AnalyzedArticle, pipeline: str) -> bool: ...

    # ------------------------------------------------------------------ feeds

    def add_feed(self, url: str, outlet: str | None = None) -> None:
        """Follow ``url`` (due now); a known feed keeps its state, a new outlet name wins."""
        with self._writing(url):
            self._db.execute(
                "INSERT OR IGNORE INTO feeds (url, outlet, next_due, added_at) VALUES (?, ?, ?, ?)",
                (url, outlet, _now(), _now()),
            )
            if outlet:
                self._db.execute("UPDATE feeds SET outlet = ? WHERE url = ?", (outlet, url))

    def feeds(self) -> list[FeedState]:
        rows = self._db.execute(f"SELECT {', '.join(_FEED_COLUMNS)} FROM feeds ORDER BY url")
        return [_feed_of(row) for row in rows.fetchall()]

    def feed(self, url: str) -> FeedState | None:
        row = self._db.execute(
            f"SELECT {', '.join(_FEED_COLUMNS)} FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return None if row is None else _feed_of(row)

    def save_feed(self, state: FeedState) -> None:
        """Write a feed's state after a poll (its articles are already committed)."""
        due = state.next_due.isoformat(timespec="seconds") if state.next_due else _now()
        success = state.last_success.isoformat(timespec="seconds") if state.last_success else None
        with self._writing(state.url):
            self._db.execute(
                "UPDATE feeds SET outlet = ?, etag = ?, last_modified = ?, last_success = ?, "
                "last_error = ?, next_due = ?, failures = ? WHERE url = ?",
                (
                    state.outlet,
                    state.etag,
                    state.last_modified,
                    success,
                    state.last_error,
                    due,
                    state.failures,
                    state.url,
                ),
            )

    def entry_count(self, feed_url: str) -> int:
        row = self._db.execute(
            "SELECT COUNT(*) FROM feed_entries WHERE feed_url = ?", (feed_url,)
        ).fetchone()
        return int(row[0])

    def pages_waiting(self, feed_url: str) -> int:
        """How many of the feed's entries wait for their article page."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM feed_entries WHERE feed_url = ? AND page_due IS NOT NULL "
            "AND article_id IS NOT NULL",
            (feed_url,),
        ).fetchone()
        return int(row[0])

    def pages_due(self, feed_url: str, now: datetime) -> list[WaitingPage]:
        """The feed's entries whose page is to be asked for again by ``now``, oldest first."""
        rows = self._db.execute(
            "SELECT feed_url, entry_key, entry_id, digest, article_id, page_attempts "
            "FROM feed_entries WHERE feed_url = ? AND page_due IS NOT NULL AND page_due <= ? "
            "AND article_id IS NOT NULL ORDER BY page_due, entry_key",
            (feed_url, _stamp(now)),
        )
        return [WaitingPage(*row) for row in rows.fetchall()]

    # ------------------------------------------------------------------ entries

    def find_entry(
        self, feed_url: str, key: str, entry_id: str | None, digest: str
    ) -> SeenEntry | None:
        """A seen entry by link (else id), else by id, else by identical content."""
        columns = "entry_key, entry_id, digest, article_id FROM feed_entries WHERE feed_url = ?"
        for column, value in (("entry_key", key), ("entry_id", entry_id), ("digest", digest)):
            if value is None:
                continue
            row = self._db.execute(
                f"SELECT {columns} AND {column} = ? LIMIT 1", (feed_url, value)
            ).fetchone()
            if row is not None:
                return SeenEntry(*row)
        return None

    def entry_elsewhere(self, key: str, digest: str) -> str | None:
        """The article of the same entry (link and content) seen in any followed feed."""
        row = self._db.execute(
            "SELECT article_id FROM feed_entries WHERE entry_key = ? AND digest = ? "
            "AND article_id IS NOT NULL LIMIT 1",
            (key, digest),
        ).fetchone()
        return None if row is None else str(row[0])

    def add_entry_article(
        self, analyzed: AnalyzedArticle, record: EntryRecord, *, pipeline: str = ""
    ) -> bool:
        """Store an entry's article, its version link and the entry, in one transaction."""
        with self._writing(analyzed.id):
            stored = self._insert_article(analyzed, pipeline)
            previous = record.previous_article
            if stored and previous and previous != analyzed.id:
                self._db.execute(
                    "INSERT OR IGNORE INTO article_versions (article_id, previous_id) "
                    "VALUES (?, ?)",
                    (analyzed.id, previous),
                )
                # the same entry in other followed feeds: now at the latest version too
                self._db.execute(
                    "UPDATE feed_entries SET article_id = ? WHERE entry_key = ? AND article_id = ?",
                    (analyzed.id, record.key, previous),
                )
            self._upsert_entry(record, analyzed.id)
        return stored

    def record_entry(self, record: EntryRecord, article_id: str | None) -> None:
        """Remember an entry whose article was already stored (or could not be)."""
        with self._writing(record.feed_url):
            self._upsert_entry(record, article_id)

    def _upsert_entry(self, record: EntryRecord, article_id: str | None) -> None:
        if record.previous_key and record.previous_key != record.key:
            self._db.execute(
                "DELETE FROM feed_entries WHERE feed_url = ? AND entry_key = ?",
                (record.feed_url, record.previous_key),
            )
        page = record.page
        self._db.execute(
            "INSERT OR REPLACE INTO feed_entries "
            "(feed_url, entry_key, entry_id, digest, article_id, seen_at, "
            "page_due, page_attempts, page_error) "
            "VALUES (?, ?, ?, ?, COALESCE(?, (SELECT article_id FROM feed_entries "
            "WHERE feed_url = ? AND entry_key = ?)), ?, ?, ?, ?)",
            (
                record.feed_url,
                record.key,
                record.entry_id,
                record.digest,
                article_id,
                record.feed_url,
                record.key,
                _now(),
                _stamp(page.due) if page and page.due else None,
                page.attempts if page else 0,
                page.error if page else None,
            ),
        )

    # ------------------------------------------------------------------ versions, copies

    def versions_of(self, article_id: str) -> list[str]:
        """The ids of an article's earlier versions, newest first (kept for provenance)."""
        found: list[str] = []
        current = article_id
        while True:
            row = self._db.execute(
                "SELECT previous_id FROM article_versions WHERE article_id = ?", (current,)
            ).fetchone()
            if row is None or row[0] in found or row[0] == article_id:
                return found
            current = str(row[0])
            found.append(current)

    def superseded(self, article_ids: Iterable[str]) -> set[str]:
        """Those of ``article_ids`` that a later version replaces (kept for provenance)."""
        wanted = list(dict.fromkeys(article_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT previous_id FROM article_versions WHERE previous_id IN ({marks})", chunk
            )
            found.update(str(row[0]) for row in rows.fetchall())
        return found

    def copies_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """``{copy id: original id}`` for those of ``article_ids`` that are copies."""
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT article_id, original_id FROM article_copies WHERE article_id IN ({marks})",
                chunk,
            )
            found.update((str(a), str(b)) for a, b in rows.fetchall())
        return found

    def ingested_times(self, article_ids: Iterable[str]) -> dict[str, datetime]:
        """When each article was stored (UTC)."""
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, datetime] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT id, ingested_at FROM articles WHERE id IN ({marks})", chunk
            )
            for article_id, stamp in rows.fetchall():
                moment = datetime.fromisoformat(stamp)
                found[str(article_id)] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return found

    # ------------------------------------------------------------------ helpers

    def _writing(self, what: str) -> _Writing:
        return _Writing(self, what)


class _Writing:
    """A write transaction whose SQLite errors become one-line ``StoreError``s."""

    def __init__(self, tables: FeedTables, what: str) -> None:
        self._tables = tables
        self._what = what
        self._transaction = tables._transaction()

    def __enter__(self) -> None:
        try:
            self._transaction.__enter__()
        except sqlite3.Error as error:
            raise StoreError(
                f"cannot write {self._what}: {error}", path=self._tables.path
            ) from None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: object
    ) -> None:
        try:
            self._transaction.__exit__(kind)
        except sqlite3.Error as failure:
            raise StoreError(
                f"cannot write {self._what}: {failure}", path=self._tables.path
            ) from None
        if isinstance(error, sqlite3.Error):
            raise StoreError(
                f"cannot write {self._what}: {error}", path=self._tables.path
            ) from None
