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
from datetime import UTC, datetime
from functools import cache

import msgspec

from storyline import __version__
from storyline.errors import NotFoundError
from storyline.model import AnalyzedArticle
from storyline.store.base import Store
from storyline.store.codec import to_plain
from storyline.store.story_tables import StorylineRow, StoryRow
from storyline.stories.actors import resolve_actors
from storyline.stories.dossier import Dossier, build_dossier
from storyline.stories.engine import EngineConfig
from storyline.stories.grouping import Grouping, GroupingConfig
from storyline.stories.stored import story_record, storyline_record

__all__ = ["CHANGES_ARTICLES", "DOSSIER_FORMAT", "cache_key", "dossier_of", "recent_dossier"]

#: Bump when what ``build_dossier`` produces changes for the same articles.
DOSSIER_FORMAT = 4  # 2: timeline entries say which outlets carried them; 3: contradictions;
# 4: articles kept slim (``slim_articles``)


def _configuration() -> str:
    text = f"{__version__}|{DOSSIER_FORMAT}|{GroupingConfig()!r}|{EngineConfig()!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cache_key(level: str, version: int) -> str:
    """The cache key of a story's dossier at ``version``, for this code and configuration."""
    return f"{level}:{version}:{_configuration()}"


#: A default (bounded) dossier reads at most this many articles and stories: its newest
#: articles, and for a storyline those of its latest and largest stories. ``complete``
#: (``show --all``) reads every article.
DOSSIER_ARTICLES = 24
DOSSIER_STORIES = 8


def _story_grouping(store: Store, story: StoryRow, complete: bool) -> tuple[Grouping, list[str]]:
    tables = store.story_tables
    members = tables.members(story.id)
    wanted = members
    if not complete and story.articles > DOSSIER_ARTICLES:
        wanted = tables.latest_members(story.id, DOSSIER_ARTICLES)
    return Grouping(stories=(story_record(story, members),)), wanted


def _storyline_grouping(
    store: Store, line: StorylineRow, complete: bool
) -> tuple[Grouping, list[str]]:
    tables = store.story_tables
    if complete or line.articles <= DOSSIER_ARTICLES:
        rows = tables.stories_of(line.id)
        stories = [story_record(s, tables.members(s.id)) for s in rows]
        wanted = [a for s in stories for a in s.article_ids]
    else:
        rows = tables.storyline_stories(line.id, DOSSIER_STORIES)
        stories = [story_record(s, tables.members(s.id)) for s in rows]
        share = -(-DOSSIER_ARTICLES // max(1, len(rows)))
        wanted = [a for s in rows for a in tables.latest_members(s.id, share)]
    grouping = Grouping(stories=tuple(stories), storylines=(storyline_record(line, stories),))
    return grouping, wanted


def _grouping_of(store: Store, ident: str, complete: bool) -> tuple[Grouping, list[str], str, int]:
    tables = store.story_tables
    story = tables.story(ident)
    if story is not None:
        grouping, wanted = _story_grouping(store, story, complete)
        return grouping, wanted, "story", story.version
    line = tables.storyline(ident)
    if line is None:
        raise NotFoundError(f"no story or storyline {ident!r}")
    grouping, wanted = _storyline_grouping(store, line, complete)
    return grouping, wanted, "storyline", line.version


#: What a dossier's articles keep (``slim_articles``).
_SLIM_KEPT = frozenset({"article", "statements", "times"})


def slim_articles(dossier: Dossier) -> Dossier:
    """The dossier with its articles cut to what the dossier formats read (the article
    with its text, its statements and time expressions): the sentences, entities, actors,
    blocks and source map were used to build it and are not kept, so a cached dossier is
    about a third smaller. The full analysis stays in the store."""
    kept = tuple(
        AnalyzedArticle(**{name: getattr(a, name) for name in _SLIM_KEPT}) for a in dossier.articles
    )
    return replace(dossier, articles=kept)


@cache
def _dossier_decoder() -> msgspec.json.Decoder[Dossier]:
    return msgspec.json.Decoder(Dossier)


def _cached_dossier(store: Store, ident: str, key: str) -> Dossier | None:
    """The dossier cached under ``key``, decoded straight from its JSON by msgspec (the
    records ``to_plain`` wrote, six times faster than ``from_plain``); None when there is
    none or it cannot be read (then it is rebuilt and replaced)."""
    payload = store.story_tables.cached_dossier(ident, key)
    if payload is None:
        return None
    try:
        return _dossier_decoder().decode(payload)
    except msgspec.MsgspecError:
        return None


def dossier_of(store: Store, ident: str, complete: bool = False) -> Dossier:
    """The dossier of a stored story or storyline: cached, or built from its articles.

    By default from a bounded set of them (``DOSSIER_ARTICLES``, read by index), so a
    cold dossier of a story of any size costs the same; ``complete`` reads them all.
    """
    grouping, wanted, level, version = _grouping_of(store, ident, complete)
    key = cache_key(level + (":all" if complete else ""), version)
    cached = _cached_dossier(store, ident, key)
    if cached is not None:
        return cached
    earlier = store.superseded(wanted)  # an article's latest version speaks for it
    wanted = [article_id for article_id in wanted if article_id not in earlier]
    articles = list(store.articles(wanted))
    copy_of = store.copies_of(wanted)
    dossier = build_dossier(ident, grouping, articles, resolve_actors(articles), copy_of)
    dossier = slim_articles(replace(dossier, version=version))
    store.story_tables.put_dossier(ident, key, _dossier_json(dossier))
    return dossier


def _dossier_json(dossier: Dossier) -> str:
    """The dossier as the JSON its cache entry keeps, which ``_cached_dossier`` decodes:
    encoded by msgspec (the records as ``to_plain`` writes them, several times faster),
    else by ``to_plain`` (a lone surrogate, which UTF-8 cannot carry, is escaped)."""
    try:
        return msgspec.json.encode(dossier).decode("utf-8")
    except (msgspec.EncodeError, TypeError, UnicodeError):
        return json.dumps(to_plain(dossier))


#: ``recent_dossier`` reads at most this many articles that arrived after its moment
#: (the latest arrivals), beside the articles of the default dossier as context.
CHANGES_ARTICLES = 48


def recent_dossier(store: Store, ident: str, since: datetime) -> Dossier:
    """A dossier of what arrived in a story after ``since`` (UTC when naive).

    Bounded like a default dossier: it reads the latest ``CHANGES_ARTICLES`` articles
    stored after ``since`` (by the story's member index and the ingest stamps) and the
    default dossier's articles (the story's newest), so that a statement an earlier
    report already carried is recognized as old; the rest of the story is not read.
    Not cached: it depends on the moment.
    """
    grouping, _, _, version = _grouping_of(store, ident, complete=True)
    aware = since if since.tzinfo else since.replace(tzinfo=UTC)
    moment = aware.astimezone(UTC).isoformat(timespec="seconds")  # as ingest stamps
    story_ids = [s.id for s in grouping.stories]
    arrived = store.story_tables.arrived_since(story_ids, moment, CHANGES_ARTICLES)
    context = _grouping_of(store, ident, complete=False)[1]
    wanted = list(dict.fromkeys([*arrived, *context]))
    articles = list(store.articles(wanted))
    copy_of = store.copies_of(wanted)
    dossier = build_dossier(ident, grouping, articles, resolve_actors(articles), copy_of)
    return slim_articles(replace(dossier, version=version))
