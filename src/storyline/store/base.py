"""What a store of analyzed articles offers. SQLite is the default implementation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from storyline.model import AnalyzedArticle
from storyline.store.story_tables import StoryTables
from storyline.store.web_tables import WebTables

__all__ = ["ArticleHead", "SearchHit", "SearchPage", "Store"]

#: Around each search hit in a snippet: start and end of a matched term. Private-use
#: characters, so that no article text is taken for a marker.
HIT_START, HIT_END = "\ue000", "\ue001"


@dataclass(frozen=True)
class ArticleHead:
    """An article's metadata, without its text and layers."""

    id: str
    source: str
    title: str
    published: date | None
    url: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class SearchHit:
    head: ArticleHead
    title: str  # the title with matched terms between HIT_START and HIT_END
    snippet: str  # a passage of the text, marked the same way


@dataclass(frozen=True)
class SearchPage:
    total: int  # hits in all
    hits: tuple[SearchHit, ...]  # the requested page, best first


class Store(Protocol):
    """Analyzed articles by id, and a cache for corpus-level results."""

    #: The story engine's assignments, index and per-story cache (see ``story_tables``).
    story_tables: StoryTables
    #: The web view's reads by index: listings, actors, outlets (see ``web_tables``).
    web_tables: WebTables

    def has(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        ...

    def add(self, analyzed: AnalyzedArticle, *, pipeline: str = "") -> bool:
        """Store one article atomically; False when it was already there (kept as is)."""
        ...

    def get(self, article_id: str) -> AnalyzedArticle:
        """The stored article; raises NotFoundError."""
        ...

    def articles(
        self, ids: Iterable[str] | None = None, layers: Sequence[str] | None = None
    ) -> Iterator[AnalyzedArticle]:
        """Stored articles (all, or those ids), oldest publication first; with ``layers``
        (names of ``AnalyzedArticle`` fields) only those are read, the others empty."""
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

    def ingested_times(self, article_ids: Iterable[str]) -> dict[str, datetime]:
        """When each article was stored (UTC)."""
        ...

    def superseded(self, article_ids: Iterable[str]) -> set[str]:
        """Those of ``article_ids`` that a later version of the same article replaces."""
        ...

    def close(self) -> None: ...

    def article_heads(self, limit: int | None = None, offset: int = 0) -> list[ArticleHead]:
        """Metadata of stored articles, oldest publication first (``limit``: a page)."""
        ...

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
        """Articles whose title or text holds every word, best match first."""
        ...
