"""What the web pages ask of the store, through ``storyline.service.Storyline`` only.

``WebReader`` opens a short-lived connection per call (SQLite connections belong to one
thread and the server answers from a pool of threads) and keeps, per store fingerprint,
the small corpus-level facts a listing needs (article heads, the grouping) plus a few
recently shown dossiers. Everything is rebuilt when the set of stored articles changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Generic, TypeVar

from storyline.errors import InputError, NotFoundError
from storyline.ingest.common import parse_date
from storyline.model import Actor, AnalyzedArticle, LedgerEntry, Statement
from storyline.service import Storyline
from storyline.store import open_store
from storyline.store.base import ArticleHead, SearchHit
from storyline.stories.actors import ActorIndex
from storyline.stories.changes import Change
from storyline.stories.dossier import Dossier
from storyline.stories.export import statement_id
from storyline.stories.grouping import Grouping

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
ACTOR_ARTICLES = 300


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

    def overlaps(self, first: date | None, last: date | None) -> bool:
        if self.since and (last is None or last < self.since):
            return False
        return not (self.until and (first is None or first > self.until))


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
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    happenings: tuple[StoryRow, ...] = ()


@dataclass(frozen=True)
class SearchRow:
    hit: SearchHit
    story: StoryRow | None  # the storyline the article belongs to


@dataclass(frozen=True)
class ActorView:
    actor: Actor
    stories: tuple[StoryRow, ...]
    statements: tuple[tuple[AnalyzedArticle, Statement], ...]  # oldest first
    articles: int  # articles that mention the actor (statements come from the latest ones)


@dataclass(frozen=True)
class OutletView:
    name: str
    articles: tuple[ArticleHead, ...]  # newest first
    stories: tuple[StoryRow, ...]  # newest activity first
    exclusive: tuple[tuple[StoryRow, LedgerEntry], ...]  # carried by this outlet alone


@dataclass
class _Snapshot:
    """Corpus-level facts for one store fingerprint."""

    fingerprint: str
    heads: dict[str, ArticleHead]
    grouping: Grouping
    storylines: list[StoryRow]  # newest activity first
    stories: dict[str, StoryRow]  # every story and storyline by id
    storyline_of: dict[str, str]  # article id -> storyline id
    actor_index: ActorIndex | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class WebReader:
    """Read-only access to one store for the web view."""

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._dossiers: OrderedDict[tuple[str, str], Dossier] = OrderedDict()

    @contextmanager
    def _service(self) -> Iterator[Storyline]:
        store = open_store(self.db)
        try:
            yield Storyline(store)
        finally:
            store.close()

    def _current(self, app: Storyline) -> _Snapshot:
        fingerprint = app.store.fingerprint()
        with self._lock:
            if self._snapshot is None or self._snapshot.fingerprint != fingerprint:
                self._snapshot = _build_snapshot(app, fingerprint)
                self._dossiers.clear()
            return self._snapshot

    def _actor_index(self, app: Storyline, snapshot: _Snapshot) -> ActorIndex:
        with snapshot.lock:
            if snapshot.actor_index is None:
                snapshot.actor_index = app.actors()
            return snapshot.actor_index

    # ------------------------------------------------------------------ listings

    def outlets(self) -> list[str]:
        with self._service() as app:
            heads = self._current(app).heads.values()
        return sorted({head.source for head in heads}, key=str.casefold)

    def stories(self, filters: Filters, paging: Paging) -> Page[StoryRow]:
        """Storylines matching the filters, newest activity first."""
        with self._service() as app:
            snapshot = self._current(app)
            wanted = self._actor_articles(app, snapshot, filters.actor)
        rows = [
            row
            for row in snapshot.storylines
            if filters.overlaps(row.first, row.last)
            and (filters.outlet is None or filters.outlet in row.outlets)
            and (wanted is None or not wanted.isdisjoint(row.article_ids))
        ]
        return Page.of(rows, paging)

    def _actor_articles(
        self, app: Storyline, snapshot: _Snapshot, actor: str | None
    ) -> set[str] | None:
        if actor is None:
            return None
        index = self._actor_index(app, snapshot)
        found = _find_actor(index, actor)
        return set() if found is None else {mention[0] for mention in found.mentions}

    def search(self, words: str, filters: Filters, paging: Paging) -> Page[SearchRow]:
        with self._service() as app:
            snapshot = self._current(app)
            found = app.search(
                words,
                limit=paging.per_page,
                offset=paging.offset,
                source=filters.outlet,
                since=filters.since,
                until=filters.until,
            )
        rows = tuple(
            SearchRow(hit, snapshot.stories.get(snapshot.storyline_of.get(hit.head.id, "")))
            for hit in found.hits
        )
        return Page(rows, paging.page, paging.per_page, found.total)

    # ------------------------------------------------------------------ one item

    def story_row(self, story_id: str) -> StoryRow:
        with self._service() as app:
            row = self._current(app).stories.get(story_id)
        if row is None:
            raise NotFoundError(f"no story or storyline {story_id!r}")
        return row

    def changes(self, story_id: str, since: datetime) -> tuple[Dossier, list[Change]]:
        """What arrived in a story after ``since`` (``Storyline.changes``)."""
        with self._service() as app:
            return app.changes(story_id, since)

    def dossier(self, story_id: str) -> Dossier:
        with self._service() as app:
            snapshot = self._current(app)
            key = (snapshot.fingerprint, story_id)
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
            snapshot = self._current(app)
            if article_id not in snapshot.heads:
                raise NotFoundError(f"no article {article_id!r} in the store")
            analyzed = app.store.get(article_id)
        line = snapshot.storyline_of.get(article_id)
        return analyzed, snapshot.stories.get(line or "")

    def actor(self, actor_id: str) -> ActorView:
        with self._service() as app:
            snapshot = self._current(app)
            index = self._actor_index(app, snapshot)
            actor = _find_actor(index, actor_id)
            if actor is None:
                raise NotFoundError(f"no actor {actor_id!r} in the store")
            article_ids = _latest(snapshot, {mention[0] for mention in actor.mentions})
            articles = app.articles(article_ids[:ACTOR_ARTICLES])
        lines = dict.fromkeys(
            snapshot.storyline_of[i] for i in article_ids if i in snapshot.storyline_of
        )
        statements = [
            (analyzed, statement)
            for analyzed in articles
            for statement in analyzed.statements
            if index.speaker_of(analyzed.id, statement.speaker_key) == actor.id
        ]
        stories = _newest_first(snapshot.stories[i] for i in lines)
        return ActorView(actor, tuple(stories), tuple(statements), len(article_ids))

    def outlet(self, name: str) -> OutletView:
        with self._service() as app:
            snapshot = self._current(app)
        heads = [head for head in snapshot.heads.values() if head.source == name]
        if not heads:
            raise NotFoundError(f"no outlet {name!r} in the store")
        lines = [row for row in snapshot.storylines if name in row.outlets]
        exclusive = []
        for row in lines[:OUTLET_STORYLINES]:
            if len(row.outlets) > 1:
                ledger = self.dossier(row.id).ledger
                exclusive += [(row, entry) for entry in ledger if entry.outlets == (name,)]
        heads.reverse()
        return OutletView(name, tuple(heads), tuple(lines), tuple(exclusive))

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


def _latest(snapshot: _Snapshot, article_ids: set[str]) -> list[str]:
    """Article ids, newest publication first (undated last)."""
    heads = [snapshot.heads[i] for i in article_ids if i in snapshot.heads]
    heads.sort(key=lambda head: head.id)
    heads.sort(key=lambda h: (h.published is not None, h.published or date.min), reverse=True)
    return [head.id for head in heads]


def _period(heads: Sequence[ArticleHead]) -> tuple[date | None, date | None]:
    dates = sorted(head.published for head in heads if head.published)
    return (dates[0], dates[-1]) if dates else (None, None)


def _row(
    story_id: str,
    level: str,
    title: str,
    article_ids: Sequence[str],
    heads: dict[str, ArticleHead],
    happenings: tuple[StoryRow, ...] = (),
) -> StoryRow:
    mine = [heads[i] for i in article_ids if i in heads]
    first, last = _period(mine)
    outlets = tuple(dict.fromkeys(head.source for head in mine))
    return StoryRow(story_id, level, title, first, last, tuple(article_ids), outlets, happenings)


def _build_snapshot(app: Storyline, fingerprint: str) -> _Snapshot:
    heads = {head.id: head for head in app.article_heads()}
    grouping = app.grouping()
    stories: dict[str, StoryRow] = {
        s.id: _row(s.id, "story", s.title, s.article_ids, heads) for s in grouping.stories
    }
    storylines = []
    storyline_of: dict[str, str] = {}
    for line in grouping.storylines:
        happenings = tuple(_newest_first(stories[i] for i in line.story_ids))
        row = _row(line.id, "storyline", line.title, line.article_ids, heads, happenings)
        stories[line.id] = row
        storylines.append(row)
        storyline_of.update(dict.fromkeys(line.article_ids, line.id))
    return _Snapshot(fingerprint, heads, grouping, _newest_first(storylines), stories, storyline_of)


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
