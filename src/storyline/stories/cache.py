"""Per-story dossiers, built from that story's articles only and cached in the store.

A cached dossier is keyed by the story's version (it grows whenever its articles
change), storyline's version, the dossier format and the grouping configuration, so
an upgrade or another configuration never shows an old dossier. Each story has one
cache row: a new key replaces (evicts) the old entry, and deleting a story (merged)
deletes its entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from storyline import __version__
from storyline.errors import NotFoundError
from storyline.store.base import Store
from storyline.store.codec import from_plain, to_plain
from storyline.stories.actors import resolve_actors
from storyline.stories.dossier import Dossier, build_dossier
from storyline.stories.engine import EngineConfig
from storyline.stories.grouping import Grouping, GroupingConfig
from storyline.stories.stored import story_record, storyline_record

__all__ = ["DOSSIER_FORMAT", "cache_key", "dossier_of"]

#: Bump when what ``build_dossier`` produces changes for the same articles.
DOSSIER_FORMAT = 2  # 2: timeline entries say which outlets carried them


def _configuration() -> str:
    text = f"{__version__}|{DOSSIER_FORMAT}|{GroupingConfig()!r}|{EngineConfig()!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cache_key(level: str, version: int) -> str:
    """The cache key of a story's dossier at ``version``, for this code and configuration."""
    return f"{level}:{version}:{_configuration()}"


def _grouping_of(store: Store, ident: str) -> tuple[Grouping, str, int]:
    tables = store.story_tables
    story = tables.story(ident)
    if story is not None:
        record = story_record(story, tables.members(ident))
        return Grouping(stories=(record,)), "story", story.version
    line = tables.storyline(ident)
    if line is None:
        raise NotFoundError(f"no story or storyline {ident!r}")
    stories = [story_record(s, tables.members(s.id)) for s in tables.stories_of(ident)]
    grouping = Grouping(stories=tuple(stories), storylines=(storyline_record(line, stories),))
    return grouping, "storyline", line.version


def dossier_of(store: Store, ident: str) -> Dossier:
    """The dossier of a stored story or storyline: cached, or built from its articles."""
    grouping, level, version = _grouping_of(store, ident)
    key = cache_key(level, version)
    cached = store.story_tables.cached_dossier(ident, key)
    if cached is not None:
        dossier: Dossier = from_plain(Dossier, json.loads(cached))
        return dossier
    wanted = [a for s in grouping.stories for a in s.article_ids]
    articles = list(store.articles(wanted))
    copy_of = store.copies_of(wanted)
    dossier = build_dossier(ident, grouping, articles, resolve_actors(articles), copy_of)
    dossier = replace(dossier, version=version)
    store.story_tables.put_dossier(ident, key, json.dumps(to_plain(dossier)))
    return dossier
