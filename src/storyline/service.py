"""The library's front door: ingest articles into a store, then ask for stories and dossiers.

The CLI (and a later web UI) are thin shells over ``Storyline``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from storyline.errors import NotFoundError, StorylineError
from storyline.ingest import ReadResult, expand_inputs, offline_fetcher, read_target
from storyline.model import AnalyzedArticle, Article
from storyline.pipeline import Pipeline, default_pipeline, pipeline_signature
from storyline.store.base import ArticleHead, SearchPage, Store
from storyline.store.codec import from_plain, to_plain
from storyline.stories.actors import ActorIndex, resolve_actors
from storyline.stories.dossier import Dossier, build_dossier
from storyline.stories.grouping import Grouping, group_stories

__all__ = ["IngestEvent", "IngestFailure", "IngestReport", "Progress", "Storyline"]


class IngestEvent(StrEnum):
    READ = "read"  # one input target was read (articles or errors came out of it)
    STORED = "stored"
    DUPLICATE = "duplicate"
    FAILED = "failed"


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
class IngestReport:
    stored: tuple[str, ...] = ()  # article ids
    duplicates: tuple[str, ...] = ()  # origins of articles already stored
    failed: tuple[IngestFailure, ...] = ()
    interrupted: bool = False
    warnings: tuple[IngestFailure, ...] = ()  # read, but with a problem worth knowing

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
        }


@dataclass
class _Tally:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[IngestFailure] = field(default_factory=list)
    warnings: list[IngestFailure] = field(default_factory=list)

    def report(self, *, interrupted: bool = False) -> IngestReport:
        return IngestReport(
            tuple(self.stored),
            tuple(self.duplicates),
            tuple(self.failed),
            interrupted,
            tuple(self.warnings),
        )


def _no_progress(event: IngestEvent, origin: str, total: int) -> None:
    return None


class Storyline:
    """A store of analyzed articles and everything derived from them."""

    def __init__(self, store: Store, *, pipeline: Pipeline | None = None) -> None:
        self.store = store
        self._pipeline = pipeline

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
        progress: Progress = _no_progress,
    ) -> list[ReadResult]:
        """Read every target (files, folders, globs, URLs): articles and errors.

        ``offline`` never downloads: URLs fail and feeds keep their entries' summaries.
        """
        expanded = expand_inputs(targets)
        fetch = offline_fetcher if offline else None
        results: list[ReadResult] = []
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
        progress: Progress = _no_progress,
    ) -> IngestReport:
        """Read, analyze and store articles. One bad input never stops the batch."""
        results = self.read(
            targets, published=published, source=source, offline=offline, progress=progress
        )
        return self.store_results(results, progress=progress)

    def store_results(
        self, results: Iterable[ReadResult], *, progress: Progress = _no_progress
    ) -> IngestReport:
        """Analyze and store what ``read`` gave; report failures and duplicates.

        Each article is stored in its own transaction: an interruption (Ctrl-C) keeps
        what was stored and leaves no partial article; the report says it was cut short.
        """
        tally = _Tally()
        fresh: dict[str, Article] = {}
        for result in results:
            tally.warnings += [IngestFailure(result.origin, "warning", w) for w in result.warnings]
            if result.error is not None:
                tally.failed.append(IngestFailure.of(result.origin, result.error))
            elif result.article is not None:
                if result.article.id in fresh or self.store.has(result.article.id):
                    tally.duplicates.append(result.origin)
                else:
                    fresh[result.article.id] = result.article
        try:
            self._analyze_and_store(list(fresh.values()), tally, progress)
        except KeyboardInterrupt:
            return tally.report(interrupted=True)
        return tally.report()

    def _analyze_and_store(
        self, articles: Sequence[Article], tally: _Tally, progress: Progress
    ) -> None:
        signature = pipeline_signature(self.pipeline)
        total = len(articles)
        for annotation in self.pipeline.pipe_annotations(articles):
            origin = annotation.article.origin or annotation.article.id
            if annotation.error is not None:
                tally.failed.append(IngestFailure.of(origin, annotation.error))
                progress(IngestEvent.FAILED, origin, total)
            elif self.store.add(annotation.freeze(), pipeline=signature):
                tally.stored.append(annotation.article.id)
                progress(IngestEvent.STORED, origin, total)
            else:
                tally.duplicates.append(origin)
                progress(IngestEvent.DUPLICATE, origin, total)

    # ------------------------------------------------------------------ corpus

    def articles(self, ids: Iterable[str] | None = None) -> list[AnalyzedArticle]:
        return list(self.store.articles(ids))

    def actors(self) -> ActorIndex:
        """Actors of the whole corpus, name variants merged across articles."""
        return resolve_actors(self.articles())

    def grouping(self) -> Grouping:
        """Stories and storylines of the whole corpus (cached until articles change)."""
        key = f"grouping:{self.store.fingerprint()}"
        cached = self.store.cached(key)
        if cached is not None:
            grouping: Grouping = from_plain(Grouping, json.loads(cached))
            return grouping
        grouping = group_stories(self.articles())
        self.store.put_cache(key, json.dumps(to_plain(grouping)))
        return grouping

    def dossier(self, story_id: str) -> Dossier:
        """The dossier of a story or a storyline, by id (or a unique id prefix)."""
        grouping = self.grouping()
        ids = [s.id for s in grouping.storylines] + [s.id for s in grouping.stories]
        matches = [i for i in ids if i == story_id] or [i for i in ids if i.startswith(story_id)]
        if len(matches) != 1:
            reason = "matches several stories" if matches else "is not a story or storyline"
            raise NotFoundError(f"{story_id!r} {reason}; see `storyline stories`")
        return self.dossier_of(grouping, matches[0])

    def dossier_of(self, grouping: Grouping, story_id: str) -> Dossier:
        articles = self.articles()
        return build_dossier(story_id, grouping, articles, resolve_actors(articles))

    def dossiers(self) -> list[Dossier]:
        """One dossier per storyline, largest first."""
        grouping = self.grouping()
        articles = self.articles()
        actors = resolve_actors(articles)
        return [build_dossier(s.id, grouping, articles, actors) for s in grouping.storylines]

    # ------------------------------------------------------------------ reads for the web view
    # Small, cheap reads that need no text or layers (kept apart from the engine above).

    def article_heads(self) -> list[ArticleHead]:
        """Id, outlet, title and date of every stored article, oldest first."""
        return self.store.article_heads()

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
