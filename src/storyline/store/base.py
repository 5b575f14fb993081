"""What a store of analyzed articles offers. SQLite is the default implementation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from storyline.model import AnalyzedArticle
from storyline.store.story_tables import StoryTables

__all__ = ["Store"]


class Store(Protocol):
    """Analyzed articles by id, and a cache for corpus-level results."""

    #: The story engine's assignments, index and per-story cache (see ``story_tables``).
    story_tables: StoryTables

    def has(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        ...

    def add(self, analyzed: AnalyzedArticle, *, pipeline: str = "") -> bool:
        """Store one article atomically; False when it was already there (kept as is)."""
        ...

    def get(self, article_id: str) -> AnalyzedArticle:
        """The stored article; raises NotFoundError."""
        ...

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[AnalyzedArticle]:
        """Stored articles (all, or those ids), oldest publication first."""
        ...

    def count(self) -> int: ...

    def fingerprint(self) -> str:
        """Changes whenever the set of stored articles changes."""
        ...

    def cached(self, key: str) -> str | None:
        """A cached corpus-level result stored under ``key``."""
        ...

    def put_cache(self, key: str, payload: str) -> None: ...

    def copies_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """``{copy id: original id}`` for the syndicated copies among ``article_ids``."""
        ...

    def close(self) -> None: ...
