"""Grouping through the incremental engine, for benchmarks and the batch API.

``group_incrementally`` feeds analyzed articles one at a time, in publication order
(undated last, then by id), into a fresh in-memory store and its ``StoryEngine``, the
path every ingested article takes, and reads the resulting ``Grouping`` back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from storyline.model import AnalyzedArticle
from storyline.store.sqlite import SQLiteStore
from storyline.stories.engine import EngineConfig, StoryEngine
from storyline.stories.grouping import Grouping, GroupingConfig
from storyline.stories.stored import stored_grouping

__all__ = ["group_incrementally", "publication_order"]


def publication_order(articles: Iterable[AnalyzedArticle]) -> list[AnalyzedArticle]:
    """Articles oldest publication first, undated last, ties by id; duplicates once."""
    unique = {a.id: a for a in articles}.values()
    return sorted(
        unique, key=lambda a: (a.article.published is None, a.article.published or date.max, a.id)
    )


def group_incrementally(
    articles: Iterable[AnalyzedArticle],
    config: GroupingConfig | None = None,
    bounds: EngineConfig | None = None,
) -> Grouping:
    """Stories and storylines as the engine builds them, one article at a time."""
    with SQLiteStore(":memory:") as store:
        engine = StoryEngine(store.story_tables, config, bounds)
        for analyzed in publication_order(articles):
            if store.add(analyzed):
                engine.add(analyzed)
        return stored_grouping(store.story_tables)
