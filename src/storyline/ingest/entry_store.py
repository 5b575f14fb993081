"""The store as the follower's ``Storyline`` sees it: each article stored in one
transaction with the feed entry that produced it (and its version link)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from storyline.store.base import ArticleHead, SearchPage
from storyline.store.feed_state import EntryRecord
from storyline.store.sqlite import SQLiteStore

__all__ = ["EntryRecordingStore"]


class EntryRecordingStore:
    """The store as ``Storyline`` sees it, storing each article with its feed entry."""

    def __init__(self, store: SQLiteStore, pending: dict[str, list[EntryRecord]]) -> None:
        self._store = store
        self._pending = pending
        self.versions = 0
        self.story_tables = store.story_tables  # the story engine places what is stored
        self.web_tables = store.web_tables

    def add(self, analyzed: Any, *, pipeline: str = "") -> bool:
        records = self._pending.get(analyzed.id)
        if not records:
            return self._store.add(analyzed, pipeline=pipeline)
        record = records.pop(0)
        stored = self._store.add_entry_article(analyzed, record, pipeline=pipeline)
        if stored and record.previous_article and record.previous_article != analyzed.id:
            self.versions += 1
        return stored

    def has(self, article_id: str) -> bool:
        return self._store.has(article_id)

    def get(self, article_id: str) -> Any:
        return self._store.get(article_id)

    def articles(
        self, ids: Iterable[str] | None = None, layers: Sequence[str] | None = None
    ) -> Iterator[Any]:
        return self._store.articles(ids, layers)

    def count(self) -> int:
        return self._store.count()

    def fingerprint(self) -> str:
        return self._store.fingerprint()

    def cached(self, key: str) -> str | None:
        return self._store.cached(key)

    def put_cache(self, key: str, payload: str) -> None:
        self._store.put_cache(key, payload)

    def copies_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        return self._store.copies_of(article_ids)

    def superseded(self, article_ids: Iterable[str]) -> set[str]:
        return self._store.superseded(article_ids)

    def ingested_times(self, article_ids: Iterable[str]) -> dict[str, datetime]:
        return self._store.ingested_times(article_ids)

    def article_heads(self, limit: int | None = None, offset: int = 0) -> list[ArticleHead]:
        return self._store.article_heads(limit, offset)

    def search(
        self,
        words: str,
        *,
        limit: int,
        offset: int = 0,
        source: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> SearchPage:
        return self._store.search(
            words, limit=limit, offset=offset, source=source, since=since, until=until
        )

    def close(self) -> None:
        return None  # the follower's store stays open
