"""What the web pages ask of the store, through ``storyline.service.Storyline`` only.

``WebReader`` opens a short-lived connection per call (SQLite connections belong to one
thread and the server answers from a pool of threads). Every page is answered from
stored, indexed per-story data (``store.web_tables``, ``store.story_tables`` and the
dossier cache): what a page reads depends on what it shows, never on the number of
other stories or articles in the store. A few recently shown dossiers stay in memory
until the set of stored articles changes.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Generic, TypeVar

from storyline.errors import InputError, NotFoundError
from storyline.ingest.common import parse_date
from storyline.model import Actor, ActorKind, AnalyzedArticle, LedgerEntry, Statement
from storyline.names.keys import slug
from storyline.service import Storyline
from storyline.store import open_store
from storyline.store.base import ArticleHead, SearchHit, Store
from storyline.store.story_tables import StorylineRow
from storyline.store.web_tables import ActorKey, StorylineFilter, WebTables
from storyline.stories.actors import ActorIndex, resolve_actors
from storyline.stories.changes import Change
from storyline.stories.dossier import Dossier
from storyline.stories.export import statement_id
from storyline.stories.stored import day

__all__ = [
    "ActorView",
    "Filters",
    "OutletView",
    "Page",
    "SearchRow",
    "StoryRow",
    "WebReader",
]

T = TypeVar("T")

#: Most rows a page (HTML or JSON) shows at once.
MAX_PER_PAGE = 200
#: Dossiers kept in memory for repeated views of the same stories.
DOSSIER_CACHE = 16
#: An outlet page looks for exclusive statements in this many of its latest storylines.
OUTLET_STORYLINES = 10
#: An actor page reads the statements of this many of the latest articles naming them.
ACTOR_ARTICLES = 50
#: What an actor page reads of those articles (their text, actors and statements).
ACTOR_LAYERS = ("actors", "statements")
#: An actor or outlet page lists this many of its latest storylines.
LISTED_STORYLINES = 100
#: An outlet page lists this many of its latest articles.
OUTLET_ARTICLES = 1000


@dataclass(frozen=True)
class Filters:
    """What a listing is restricted to; empty fields restrict nothing."""

    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    actor: str | None = None

    @classmethod
    def parse(
        cls, since: str | None, until: str | None, outlet: str | None, actor: str | None
    ) -> Filters:
        """Filters from query parameters; a bad date is an ``InputError`` naming it."""
        return cls(
            since=parse_date(since, origin="since"),
            until=parse_date(until, origin="until"),
            outlet=(outlet or "").strip() or None,
            actor=(actor or "").strip() or None,
        )

    def params(self) -> dict[str, str]:
        """The filters as query parameters (to carry into links and downloads)."""
        values = {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "outlet": self.outlet,
            "actor": self.actor,
        }
        return {key: value for key, value in values.items() if value}

    def storylines(self, actor: ActorKey | None) -> StorylineFilter:
        """The filter as the store reads it (the actor already looked up)."""
        return StorylineFilter(self.since, self.until, self.outlet, actor)


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = 20

    @classmethod
    def parse(cls, page: int, per_page: int) -> Paging:
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise InputError(f"page must be 1 or more and per_page 1 to {MAX_PER_PAGE}")
        return cls(page, per_page)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @classmethod
    def of(cls, rows: Sequence[T], paging: Paging) -> Page[T]:
        chosen = rows[paging.offset : paging.offset + paging.per_page]
        return cls(tuple(chosen), paging.page, paging.per_page, len(rows))


@dataclass(frozen=True)
class StoryRow:
    """A story (happening) or storyline as a listing shows it."""

    id: str
    level: str  # "storyline" or "story"
    title: str
    first: date | None
    last: date | None
    article_ids: tuple[str, ...]  # a storyline: the articles of its listed happenings
    outlets: tuple[str, ...]  # of all its articles, first to report first
    happenings: tuple[StoryRow, ...] = ()  # a storyline's latest and largest (bounded)
    article_count: int = 0  # all its articles
    happening_count: int = 0  # a storyline's happenings in all

    @property
    def partial(self) -> bool:
        """Whether the row lists fewer articles or happenings than the story has."""
        return (
            len(self.article_ids) < self.article_count
            or len(self.happenings) < self.happening_count
        )


@dataclass(frozen=True)
class SearchRow:
    hit: SearchHit
    story: StoryRow | None  # the storyline the article belongs to


@dataclass(frozen=True)
class ActorView:
    actor: Actor
    stories: tuple[StoryRow, ...]  # the latest ``LISTED_STORYLINES``
    statements: tuple[tuple[AnalyzedArticle, Statement], ...]  # oldest first
    articles: int  # articles that name the actor (statements come from the latest ones)


@dataclass(frozen=True)
class OutletView:
    name: str
    articles: tuple[ArticleHead, ...]  # the latest ``OUTLET_ARTICLES``, newest first
    stories: tuple[StoryRow, ...]  # the latest ``LISTED_STORYLINES``, newest activity first
    exclusive: tuple[tuple[StoryRow, LedgerEntry], ...]  # carried by this outlet alone
    article_count: int = 0  # all its articles
    story_count: int = 0  # all its storylines


class WebReader:
    """Read-only access to one store for the web view."""

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        self._lock = threading.Lock()
        self._dossiers: OrderedDict[tuple[str, str], Dossier] = OrderedDict()

    @contextmanager
    def _service(self) -> Iterator[Storyline]:
        store = open_store(self.db)
        try:
            yield Storyline(store)
        finally:
            store.close()

    # ------------------------------------------------------------------ listings

    def outlets(self) -> list[str]:
        with self._service() as app:
            return sorted(app.store.web_tables.outlets(), key=str.casefold)

    def stories(self, filters: Filters, paging: Paging) -> Page[StoryRow]:
        """Storylines matching the filters, newest activity first (one page, in SQL)."""
        with self._service() as app:
            app.place_pending()
            web = app.store.web_tables
            actor = None
            if filters.actor is not None:
                actor = _actor_key(web, filters.actor)
                if actor is None:
                    return Page((), paging.page, paging.per_page, 0)
            lines, total = web.storylines(filters.storylines(actor), paging.per_page, paging.offset)
            rows = _storyline_rows(app.store, lines)
        return Page(tuple(rows), paging.page, paging.per_page, total)

    def search(self, words: str, filters: Filters, paging: Paging) -> Page[SearchRow]:
        with self._service() as app:
            found = app.search(
                words,
                limit=paging.per_page,
                offset=paging.offset,
                source=filters.outlet,
                since=filters.since,
                until=filters.until,
            )
            lines = _lines_of(app, [hit.head.id for hit in found.hits])
        rows = tuple(SearchRow(hit, lines.get(hit.head.id)) for hit in found.hits)
        return Page(rows, paging.page, paging.per_page, found.total)

    # ------------------------------------------------------------------ one item

    def story_row(self, story_id: str) -> StoryRow:
        with self._service() as app:
            tables = app.store.story_tables
            line = tables.storyline(story_id)
            if line is not None:
                return _storyline_rows(app.store, [line])[0]
            story = tables.story(story_id)
            if story is None:
                raise NotFoundError(f"no story or storyline {story_id!r}")
            members = app.store.web_tables.members([story.id])[story.id]
        return _row(
            story.id, "story", story.title, story.first_published, story.last_published, members
        )

    def changes(self, story_id: str, since: datetime) -> tuple[Dossier, list[Change]]:
        """What arrived in a story after ``since`` (``Storyline.changes``)."""
        with self._service() as app:
            return app.changes(story_id, since)

    def forget(self) -> None:
        """Drop the dossiers kept in memory (the next views read the store)."""
        with self._lock:
            self._dossiers.clear()

    def dossier(self, story_id: str) -> Dossier:
        with self._service() as app:
            key = (app.store.fingerprint(), story_id)
            with self._lock:
                cached = self._dossiers.get(key)
                if cached is not None:
                    self._dossiers.move_to_end(key)
                    return cached
            dossier = app.dossier(story_id)  # ids as the service resolves them
        with self._lock:
            self._dossiers[key] = dossier
            while len(self._dossiers) > DOSSIER_CACHE:
                self._dossiers.popitem(last=False)
        return dossier

    def article(self, article_id: str) -> tuple[AnalyzedArticle, StoryRow | None]:
        """A stored article and the storyline it belongs to."""
        with self._service() as app:
            analyzed = app.store.get(article_id)
            line = _lines_of(app, [article_id]).get(article_id)
        return analyzed, line

    def actor(self, actor_id: str) -> ActorView:
        """An actor as the latest ``ACTOR_ARTICLES`` articles naming them resolve it (their
        actors of that name only)."""
        with self._service() as app:
            app.place_pending()
            web = app.store.web_tables
            key = _actor_key(web, actor_id)
            if key is None:
                raise NotFoundError(f"no actor {actor_id!r} in the store")
            ids, total = web.actor_articles(key, ACTOR_ARTICLES)
            articles = [_naming(a, key) for a in app.articles(ids, layers=ACTOR_LAYERS)]
            index = resolve_actors(articles)
            actor = _find_actor(index, actor_id) or _actor_named(index, key)
            if actor is None:
                raise NotFoundError(f"no actor {actor_id!r} in the store")
            lines, _ = web.storylines(StorylineFilter(actor=key), LISTED_STORYLINES)
            stories = _storyline_rows(app.store, lines)
        statements = [
            (analyzed, statement)
            for analyzed in articles
            for statement in analyzed.statements
            if index.speaker_of(analyzed.id, statement.speaker_key) == actor.id
        ]
        return ActorView(actor, tuple(stories), tuple(statements), total)

    def outlet(self, name: str) -> OutletView:
        with self._service() as app:
            app.place_pending()
            web = app.store.web_tables
            heads = [_head(row) for row in web.outlet_articles(name, OUTLET_ARTICLES)]
            if not heads:
                raise NotFoundError(f"no outlet {name!r} in the store")
            count = web.outlet_count(name)
            lines, total = web.storylines(StorylineFilter(outlet=name), LISTED_STORYLINES)
            rows = _storyline_rows(app.store, lines)
        exclusive = []
        for row in rows[:OUTLET_STORYLINES]:
            if len(row.outlets) > 1:
                ledger = self.dossier(row.id).ledger
                exclusive += [(row, entry) for entry in ledger if entry.outlets == (name,)]
        return OutletView(name, tuple(heads), tuple(rows), tuple(exclusive), count, total)

    def statement(self, analyzed: AnalyzedArticle, wanted: str) -> Statement:
        for statement in analyzed.statements:
            if statement_id(analyzed.id, statement) == wanted:
                return statement
        raise NotFoundError(f"no statement {wanted!r} in article {analyzed.id!r}")


# --------------------------------------------------------------------------- building


def _newest_first(rows: Iterable[StoryRow]) -> list[StoryRow]:
    """Latest activity first, undated last; ties by id (the sort is stable)."""
    ordered = sorted(rows, key=lambda row: row.id)
    ordered.sort(key=lambda row: (row.last is not None, row.last or date.min), reverse=True)
    return ordered


def _head(row: tuple[str, str, str, str]) -> ArticleHead:
    return ArticleHead(id=row[0], source=row[1], title=row[2], published=day(row[3]))


def _row(
    story_id: str,
    level: str,
    title: str,
    first: str,
    last: str,
    members: Sequence[tuple[str, str]],
) -> StoryRow:
    """A story's listing row from stored columns and the (article id, outlet) of all
    its members."""
    ids = tuple(article_id for article_id, _ in members)
    outlets = tuple(dict.fromkeys(source for _, source in members))
    return StoryRow(story_id, level, title, day(first), day(last), ids, outlets, (), len(ids))


#: A storyline's listing row names at most this many of its happenings (half its latest,
#: half its largest) and their articles, whatever the storyline's size.
LISTED_HAPPENINGS = 8


def _storyline_rows(store: Store, lines: Sequence[StorylineRow]) -> list[StoryRow]:
    """Listing rows of these storylines (in their order), each with a bounded number of
    its happenings (``LISTED_HAPPENINGS``); counts and outlets are of all its articles."""
    web, tables = store.web_tables, store.story_tables
    ids = [line.id for line in lines]
    stories = {i: tables.storyline_stories(i, LISTED_HAPPENINGS) for i in ids}
    members = web.members([s.id for own in stories.values() for s in own])
    outlets, counts = web.storyline_outlets(ids), web.story_counts(ids)
    rows = []
    for line in lines:
        own = stories[line.id]
        happenings = [
            _row(s.id, "story", s.title, s.first_published, s.last_published, members[s.id])
            for s in own
        ]
        listed = tuple(article_id for s in own for article_id, _ in members[s.id])
        row = StoryRow(
            line.id,
            "storyline",
            line.title,
            day(line.first_published),
            day(line.last_published),
            listed,
            tuple(outlets.get(line.id, ())),
            tuple(_newest_first(happenings)),
            line.articles,
            counts.get(line.id, 0),
        )
        rows.append(row)
    return rows


def _lines_of(app: Storyline, article_ids: Sequence[str]) -> dict[str, StoryRow]:
    """article id -> the listing row of its storyline, for the placed ones."""
    web = app.store.web_tables
    line_of = web.storyline_of(article_ids)
    found = [app.store.story_tables.storyline(i) for i in dict.fromkeys(line_of.values())]
    lines = [line for line in found if line is not None]
    rows = {row.id: row for row in _storyline_rows(app.store, lines)}
    return {a: rows[line] for a, line in line_of.items() if line in rows}


_KINDS = frozenset(kind.value for kind in ActorKind)
_NUMBERED = re.compile(r"-\d+$")  # the suffix ``unique_id`` gives a second "Kim"


def _actor_key(web: WebTables, wanted: str) -> ActorKey | None:
    """The index key of an actor id ("person:hanne-vik") or name ("Hanne Vik")."""
    kind, colon, rest = wanted.partition(":")
    if colon and kind in _KINDS and rest.strip():
        name = slug(rest)
        keys = [ActorKey(name, kind), ActorKey(_NUMBERED.sub("", name), kind)]
    else:
        keys = [ActorKey(slug(wanted))]
    return next((key for key in keys if web.actor_articles(key, 1)[0]), None)


def _find_actor(index: ActorIndex, wanted: str) -> Actor | None:
    """An actor by id, else by name or name variant (case-insensitive)."""
    for actor in index.actors:
        if actor.id == wanted:
            return actor
    folded = wanted.casefold()
    for actor in index.actors:
        if folded in {name.casefold() for name in (actor.name, *actor.aliases)}:
            return actor
    return None


def _named(key: ActorKey, kind: str, names: Iterable[str]) -> bool:
    """Whether an actor of ``kind`` called ``names`` has the key's slug (and kind)."""
    return (key.kind is None or kind == key.kind) and key.slug in {slug(n) for n in names}


def _naming(analyzed: AnalyzedArticle, key: ActorKey) -> AnalyzedArticle:
    """The article with only its actors that the key names (what an actor page resolves)."""
    kept = tuple(a for a in analyzed.actors if _named(key, a.kind.value, (a.name, *a.aliases)))
    return replace(analyzed, actors=kept)


def _actor_named(index: ActorIndex, key: ActorKey) -> Actor | None:
    """The most mentioned actor one of whose names has the key's slug (and kind)."""
    named = [
        actor
        for actor in index.actors
        if _named(key, actor.kind.value, (actor.name, *actor.aliases))
    ]
    return max(named, key=lambda actor: len(actor.mentions), default=None)
