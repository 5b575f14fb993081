"""The library's front door: ingest articles into a store, then ask for stories and dossiers.

The CLI (and a later web UI) are thin shells over ``Storyline``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from storyline.errors import NotFoundError, StorylineError
from storyline.ingest import ReadResult, expand_inputs, offline_fetcher, read_target
from storyline.ingest.fetch import client_fetcher
from storyline.ingest.http import FetchPolicy, HttpClient
from storyline.model import AnalyzedArticle, Article
from storyline.pipeline import Pipeline, default_pipeline, pipeline_signature
from storyline.pipeline.workers import analyze_articles
from storyline.store.base import ArticleHead, SearchPage, Store
from storyline.stories.actors import ActorIndex, resolve_actors
from storyline.stories.cache import dossier_of, recent_dossier
from storyline.stories.changes import Change, changes_since
from storyline.stories.dossier import Dossier
from storyline.stories.engine import StoryEngine
from storyline.stories.grouping import Grouping
from storyline.stories.stored import latest_storylines, stored_grouping

__all__ = [
    "IngestEvent",
    "IngestFailure",
    "IngestReport",
    "IngestWarning",
    "Progress",
    "Storyline",
]


class IngestEvent(StrEnum):
    READ = "read"  # one input target was read (articles or errors came out of it)
    STORED = "stored"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    REFRESHED = "refreshed"  # a changed story's (or storyline's) cached dossier was rebuilt
    NOT_REFRESHED = "not-refreshed"  # ... could not be rebuilt (``show`` builds it later)


#: Called as ``progress(event, origin, total)``; ``total`` is the number of items of
#: the phase the event belongs to (targets while reading, articles while analyzing).
Progress = Callable[[IngestEvent, str, int], None]


@dataclass(frozen=True)
class IngestFailure:
    origin: str  # file, file:line or URL
    code: str  # the error's code ("encoding", "empty", ...)
    reason: str

    @classmethod
    def of(cls, origin: str, error: StorylineError) -> IngestFailure:
        return cls(origin=error.path or origin, code=error.code, reason=error.message)


@dataclass(frozen=True)
class IngestWarning:
    """Something worth knowing about an input that was read all the same (not a failure:
    it neither changes the exit status nor counts as failed)."""

    origin: str  # file, file:line, feed#n or URL
    reason: str


@dataclass(frozen=True)
class IngestReport:
    stored: tuple[str, ...] = ()  # article ids
    duplicates: tuple[str, ...] = ()  # origins of articles already stored
    failed: tuple[IngestFailure, ...] = ()
    interrupted: bool = False
    warnings: tuple[IngestWarning, ...] = ()  # read, but with a problem worth knowing
    refreshed: int = 0  # cached dossiers rebuilt for the stories this batch changed

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted

    def to_dict(self) -> dict[str, object]:
        return {
            "stored": len(self.stored),
            "duplicates": len(self.duplicates),
            "failed": [vars(f) for f in self.failed],
            "warnings": [vars(w) for w in self.warnings],
            "article_ids": list(self.stored),
            "interrupted": self.interrupted,
            "dossiers_refreshed": self.refreshed,
        }


@dataclass
class _Tally:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[IngestFailure] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    placed: dict[str, None] = field(default_factory=dict)  # stories that articles joined
    refreshed: int = 0

    def report(self, *, interrupted: bool = False) -> IngestReport:
        return IngestReport(
            tuple(self.stored),
            tuple(self.duplicates),
            tuple(self.failed),
            interrupted,
            tuple(self.warnings),
            self.refreshed,
        )


def _no_progress(event: IngestEvent, origin: str, total: int) -> None:
    return None


class Storyline:
    """A store of analyzed articles and everything derived from them."""

    def __init__(self, store: Store, *, pipeline: Pipeline | None = None) -> None:
        self.store = store
        self._pipeline = pipeline
        self._engine: StoryEngine | None = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = default_pipeline()
        return self._pipeline

    # ------------------------------------------------------------------ ingest

    def read(
        self,
        targets: Sequence[str],
        *,
        published: date | None = None,
        source: str | None = None,
        offline: bool = False,
        allow_private: bool = False,
        progress: Progress = _no_progress,
    ) -> list[ReadResult]:
        """Read every target (files, folders, globs, URLs): articles and errors.

        ``offline`` never downloads: URLs fail and feeds keep their entries' summaries.
        Downloads go through one safe client (``storyline.ingest.http``); non-public
        addresses are refused unless ``allow_private``.
        """
        expanded = expand_inputs(targets)
        results: list[ReadResult] = []
        with HttpClient(FetchPolicy(allow_private=allow_private)) as client:
            fetch = offline_fetcher if offline else client_fetcher(client)
            for target in expanded:
                results.extend(read_target(target, published=published, source=source, fetch=fetch))
                progress(IngestEvent.READ, target, len(expanded))
        return results

    def ingest(
        self,
        targets: Sequence[str],
        *,
        published: date | None = None,
        source: str | None = None,
        offline: bool = False,
        allow_private: bool = False,
        progress: Progress = _no_progress,
        workers: int = 1,
    ) -> IngestReport:
        """Read, analyze and store articles. One bad input never stops the batch."""
        results = self.read(
            targets,
            published=published,
            source=source,
            offline=offline,
            allow_private=allow_private,
            progress=progress,
        )
        return self.store_results(results, progress=progress, workers=workers)

    def store_results(
        self,
        results: Iterable[ReadResult],
        *,
        progress: Progress = _no_progress,
        workers: int = 1,
    ) -> IngestReport:
        """Analyze and store what ``read`` gave; report failures and duplicates.

        Each article is stored in its own transaction: an interruption (Ctrl-C) keeps
        what was stored and leaves no partial article; the report says it was cut short.
        With ``workers > 1`` the articles are analyzed in that many processes. At the end
        the cached dossiers of the stories that changed are rebuilt (``refresh_dossiers``),
        so that ``show`` and the web view answer from the cache.
        """
        tally = _Tally()
        fresh: dict[str, Article] = {}
        for result in results:
            tally.warnings += [IngestWarning(result.origin, w) for w in result.warnings]
            if result.error is not None:
                tally.failed.append(IngestFailure.of(result.origin, result.error))
            elif result.article is not None:
                if result.article.id in fresh or self.store.has(result.article.id):
                    tally.duplicates.append(result.origin)
                else:
                    fresh[result.article.id] = result.article
        try:
            self._analyze_and_store(list(fresh.values()), tally, progress, workers)
            self._refresh(tally, progress)
        except KeyboardInterrupt:
            return tally.report(interrupted=True)
        return tally.report()

    def _analyze_and_store(
        self, articles: Sequence[Article], tally: _Tally, progress: Progress, workers: int
    ) -> None:
        signature = pipeline_signature(self.pipeline)
        total = len(articles)
        for article, analysis in analyze_articles(self.pipeline, articles, workers=workers):
            origin = article.origin or article.id
            if isinstance(analysis, StorylineError):
                tally.failed.append(IngestFailure.of(origin, analysis))
                progress(IngestEvent.FAILED, origin, total)
            elif self._store_and_place(analysis, signature, tally):
                tally.stored.append(article.id)
                progress(IngestEvent.STORED, origin, total)
            else:
                tally.duplicates.append(origin)
                progress(IngestEvent.DUPLICATE, origin, total)

    def _store_and_place(self, analyzed: AnalyzedArticle, signature: str, tally: _Tally) -> bool:
        """Store one article, then place it in a story (noted in ``tally.placed``);
        False if it was stored before.

        Placing is its own transaction: if it is cut short, the article is stored but
        unplaced, and ``place_pending`` places it on the next read.
        """
        if not self.store.add(analyzed, pipeline=signature):
            return False
        story_id = self.engine.add(analyzed)
        if story_id is not None:
            tally.placed[story_id] = None
        return True

    def _refresh(self, tally: _Tally, progress: Progress) -> None:
        def report(event: IngestEvent, ident: str, total: int) -> None:
            tally.refreshed += event is IngestEvent.REFRESHED
            if event is IngestEvent.NOT_REFRESHED:
                tally.warnings.append(IngestWarning(ident, "its dossier could not be rebuilt"))
            progress(event, ident, total)

        self.refresh_dossiers(tally.placed, progress=report)

    def refresh_dossiers(
        self, story_ids: Iterable[str], *, progress: Progress = _no_progress
    ) -> int:
        """Rebuild the cached default dossiers of these stories and of their storylines
        (a story merged away is followed to the one that absorbed it); how many were built.

        Each is a bounded build (the story's newest ``DOSSIER_ARTICLES`` articles), so the
        cost follows the number of stories that changed, never the size of the store. A
        dossier that cannot be built is reported (``IngestEvent.NOT_REFRESHED``) and skipped: the
        articles are stored, and ``show`` builds it again on demand.
        """
        idents = self._stories_and_storylines(story_ids)
        built = 0
        for ident in idents:
            try:
                dossier_of(self.store, ident)
            except Exception:  # a cache refresh never fails an ingest (Ctrl-C still stops it)
                progress(IngestEvent.NOT_REFRESHED, ident, len(idents))
                continue
            built += 1
            progress(IngestEvent.REFRESHED, ident, len(idents))
        return built

    def _stories_and_storylines(self, story_ids: Iterable[str]) -> list[str]:
        tables = self.store.story_tables
        idents: dict[str, None] = {}
        for story_id in story_ids:
            try:
                current, _ = self.resolve(story_id)
            except NotFoundError:
                continue  # split or dissolved since: its articles' stories were placed too
            row = tables.story(current)
            if row is not None:
                idents.update(dict.fromkeys((row.id, row.storyline_id)))
        return list(idents)

    # ------------------------------------------------------------------ corpus

    def articles(
        self, ids: Iterable[str] | None = None, layers: Sequence[str] | None = None
    ) -> list[AnalyzedArticle]:
        """Stored articles (all, or those ids); ``layers``: read only those layers."""
        return list(self.store.articles(ids, layers))

    def actors(self) -> ActorIndex:
        """Actors of the whole corpus, name variants merged across articles."""
        return resolve_actors(self.articles())

    # ------------------------------------------------------------------ stories

    @property
    def engine(self) -> StoryEngine:
        """The incremental story engine over this store."""
        if self._engine is None:
            self._engine = StoryEngine(self.store.story_tables)
        return self._engine

    def place_pending(self) -> int:
        """Place stored articles the engine has not placed yet (older stores, Ctrl-C)."""
        if self.store.story_tables.documents() == self.store.count():
            return 0  # the usual case, answered by two counters
        return self.engine.catch_up(self.articles)

    def grouping(self) -> Grouping:
        """Stories and storylines as the engine stored them."""
        self.place_pending()
        return stored_grouping(self.store.story_tables)

    def latest(self, limit: int | None, offset: int = 0) -> Grouping:
        """A page of storylines, the latest activity first (``limit`` None: all of them)."""
        self.place_pending()
        return latest_storylines(self.store.story_tables, limit, offset)

    def resolve(self, story_id: str) -> tuple[str, str | None]:
        """(current id, the id asked for if it was merged) of a story id or unique prefix."""
        tables = self.store.story_tables
        if tables.story(story_id) or tables.storyline(story_id):
            return story_id, None
        current, seen = story_id, set()
        while (following := tables.redirected(current)) is not None and current not in seen:
            seen.add(current)
            current = following
        if current != story_id and (tables.story(current) or tables.storyline(current)):
            return current, story_id
        matches = tables.ids_starting(story_id)
        if len(matches) != 1:
            reason = "matches several stories" if matches else "is not a story or storyline"
            raise NotFoundError(f"{story_id!r} {reason}; see `storyline stories`")
        return matches[0], None

    def dossier(self, story_id: str, complete: bool = False) -> Dossier:
        """The dossier of a story or a storyline, by id, merged id or unique id prefix.

        Built from that story's articles only (by default its newest ones, a bounded
        number; ``complete``: all of them), and cached per story until it changes.
        """
        self.place_pending()
        ident, merged_from = self.resolve(story_id)
        return replace(dossier_of(self.store, ident, complete), merged_from=merged_from)

    def dossiers(self, complete: bool = True) -> list[Dossier]:
        """One dossier per storyline, oldest first (``complete``: from all its articles)."""
        return list(self.iter_dossiers(complete))

    def iter_dossiers(self, complete: bool = True) -> Iterator[Dossier]:
        """``dossiers`` one at a time: memory holds one dossier (and the storyline ids),
        whatever the size of the store."""
        self.place_pending()
        for ident in self.store.story_tables.storyline_ids():
            yield self.dossier(ident, complete)

    # ------------------------------------------------------------------ reads for the web view
    # Small, cheap reads that need no text or layers (kept apart from the engine above).

    def article_heads(self, limit: int | None = None, offset: int = 0) -> list[ArticleHead]:
        """Id, outlet, title, date, URL and language of stored articles, oldest first
        (``limit``: a page of them, after ``offset``); never their text or layers."""
        return self.store.article_heads(limit, offset)

    def changes(self, story_id: str, since: datetime) -> tuple[Dossier, list[Change]]:
        """A story's dossier and what arrived in it after ``since``: new happenings,
        statements and denials, by the time their articles were stored.

        Bounded (``recent_dossier``): the dossier holds the latest arrivals after
        ``since`` and the story's newest articles, not the whole story.
        """
        self.place_pending()
        ident, merged_from = self.resolve(story_id)
        dossier = recent_dossier(self.store, ident, since)
        arrived = self.store.ingested_times(a.id for a in dossier.articles)
        return replace(dossier, merged_from=merged_from), changes_since(dossier, arrived, since)

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
        """Full-text search over titles and texts: every word must match."""
        return self.store.search(
            words, limit=limit, offset=offset, source=source, since=since, until=until
        )
