"""Stories and storylines as the story engine stored them (``store.story_tables``)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import replace
from datetime import date

from storyline.model import Story, Storyline
from storyline.store.story_tables import StorylineRow, StoryRow, StoryTables
from storyline.stories.grouping import Grouping

__all__ = [
    "PAGE_STORIES",
    "day",
    "iso",
    "latest_storylines",
    "mint_id",
    "stored_grouping",
    "story_record",
    "storyline_record",
]


def day(value: str) -> date | None:
    """A stored date column ('' for undated)."""
    return date.fromisoformat(value) if value else None


def iso(value: date | None) -> str:
    """A date as stored ('' for undated)."""
    return value.isoformat() if value else ""


def mint_id(prefix: str, article_id: str, tables: StoryTables) -> str:
    """A new story ("S") or storyline ("L") id from its first article, never used before."""
    for attempt in range(1000):
        seed = f"{prefix}:{article_id}:{attempt}".encode()
        ident = prefix + hashlib.sha256(seed).hexdigest()[:12]
        if not tables.taken(ident):
            return ident
    raise RuntimeError(f"no free id for {article_id}")  # pragma: no cover


def story_record(row: StoryRow, article_ids: list[str]) -> Story:
    return Story(
        id=row.id,
        title=row.title,
        article_ids=tuple(article_ids),
        storyline_id=row.storyline_id,
        first_published=day(row.first_published),
        last_published=day(row.last_published),
    )


def storyline_record(row: StorylineRow, stories: list[Story]) -> Storyline:
    return Storyline(
        id=row.id,
        title=row.title,
        story_ids=tuple(s.id for s in stories),
        article_ids=tuple(a for s in stories for a in s.article_ids),
    )


def _oldest_first(first: str, ident: str) -> tuple[bool, str, str]:
    return (not first, first, ident)


def stored_grouping(tables: StoryTables) -> Grouping:
    """Every stored story and storyline, oldest first (the ``stories`` listing)."""
    members: dict[str, list[str]] = defaultdict(list)
    for story_id, article_id in tables.all_members():
        members[story_id].append(article_id)
    rows = sorted(tables.all_stories(), key=lambda r: _oldest_first(r.first_published, r.id))
    stories = [story_record(r, members[r.id]) for r in rows]
    of_line: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        of_line[story.storyline_id].append(story)
    lines = sorted(tables.storylines(), key=lambda r: _oldest_first(r.first_published, r.id))
    storylines = [storyline_record(r, of_line[r.id]) for r in lines if of_line[r.id]]
    return Grouping(stories=tuple(stories), storylines=tuple(storylines))


#: A page of storylines (``latest_storylines``) lists at most this many stories of each.
PAGE_STORIES = 8


def latest_storylines(tables: StoryTables, limit: int | None, offset: int = 0) -> Grouping:
    """One page of storylines, the latest activity first, with their stories.

    Reads only the page's rows, whatever the size of the store or of its storylines:
    the storylines by the index on ``storylines.last_published``, at most
    ``PAGE_STORIES`` stories of each (its latest and largest, by index) with their
    members; a storyline with more says how many articles it holds in all
    (``Storyline.article_count``).
    """
    lines = tables.storylines(limit, offset)
    stories: list[Story] = []
    storylines = []
    for line in lines:
        rows = tables.storyline_stories(line.id, PAGE_STORIES)
        own = [story_record(r, tables.members(r.id)) for r in rows]
        stories += own
        record = storyline_record(line, own)
        if len(record.article_ids) < line.articles:
            record = replace(record, article_count=line.articles)
        storylines.append(record)
    return Grouping(stories=tuple(stories), storylines=tuple(storylines))
