"""A dossier: everything storyline knows about one story or storyline, with evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from storyline.errors import NotFoundError
from storyline.model import (
    Actor,
    AnalyzedArticle,
    Contradiction,
    LedgerEntry,
    Story,
    TimelineEntry,
)
from storyline.stories.actors import ActorIndex
from storyline.stories.contradictions import find_contradictions
from storyline.stories.grouping import Grouping
from storyline.stories.ledger import build_ledger
from storyline.stories.syndication import carried_by
from storyline.stories.timeline import build_timeline

__all__ = ["Dossier", "DossierLevel", "build_dossier"]


class DossierLevel(StrEnum):
    STORY = "story"  # one happening, days
    STORYLINE = "storyline"  # a longer development, months


@dataclass(frozen=True)
class Dossier:
    id: str
    level: DossierLevel
    title: str
    stories: tuple[Story, ...]  # the story itself, or the stories of the storyline
    articles: tuple[AnalyzedArticle, ...]  # oldest first
    actors: tuple[Actor, ...]  # mentions restricted to these articles, most mentioned first
    ledger: tuple[LedgerEntry, ...]
    timeline: tuple[TimelineEntry, ...]
    version: int = 0  # grows whenever the story's articles change
    merged_from: str | None = None  # the id asked for, when it was merged into this one
    totals: tuple[tuple[str, int], ...] = ()  # section -> items before a ranked cut
    # ledger entries of opposite stance on one proposition (``stories.contradictions``)
    contradictions: tuple[Contradiction, ...] = ()

    def article(self, article_id: str) -> AnalyzedArticle:
        for analyzed in self.articles:
            if analyzed.id == article_id:
                return analyzed
        raise NotFoundError(f"article {article_id!r} is not in dossier {self.id!r}")

    @property
    def article_count(self) -> int:
        """Articles in the story, also those a bounded dossier did not load."""
        return max(len(self.articles), len({i for s in self.stories for i in s.article_ids}))

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.article.source for a in self.articles))

    @property
    def period(self) -> tuple[date | None, date | None]:
        dates = sorted(a.article.published for a in self.articles if a.article.published)
        return (dates[0], dates[-1]) if dates else (None, None)


def _actors_within(index: ActorIndex, article_ids: set[str]) -> tuple[Actor, ...]:
    actors = []
    for actor in index.actors:
        mentions = tuple(m for m in actor.mentions if m[0] in article_ids)
        if mentions:
            actors.append(replace(actor, mentions=mentions))
    actors.sort(key=lambda a: (-len(a.mentions), a.name))
    return tuple(actors)


def build_dossier(
    story_id: str,
    grouping: Grouping,
    articles: Sequence[AnalyzedArticle],
    actors: ActorIndex,
    copy_of: Mapping[str, str] | None = None,
) -> Dossier:
    """Assemble the dossier of a story or storyline id from the analyzed corpus.

    ``copy_of`` maps syndicated copies to their originals (``SQLiteStore.copies_of``);
    the ledger counts a copy once and lists its outlet as a carrier.
    """
    storylines = {s.id: s for s in grouping.storylines}
    stories = {s.id: s for s in grouping.stories}
    if story_id in storylines:
        line = storylines[story_id]
        level, title = DossierLevel.STORYLINE, line.title
        members = tuple(stories[i] for i in line.story_ids)
        wanted = set(line.article_ids)
    elif story_id in stories:
        story = stories[story_id]
        level, title, members = DossierLevel.STORY, story.title, (story,)
        wanted = set(story.article_ids)
    else:
        raise NotFoundError(f"no story or storyline {story_id!r}")
    chosen = tuple(a for a in articles if a.id in wanted)
    chosen = tuple(
        sorted(chosen, key=lambda a: (a.article.published is None, a.article.published, a.id))
    )
    within = _actors_within(actors, wanted)
    ledger = tuple(build_ledger(chosen, actors.speaker_of, copy_of))
    published = {a.id: a.article.published for a in chosen}
    return Dossier(
        id=story_id,
        level=level,
        title=title,
        stories=members,
        articles=chosen,
        actors=within,
        ledger=ledger,
        timeline=_with_carriers(build_timeline(chosen, copy_of=copy_of), chosen, copy_of or {}),
        contradictions=find_contradictions(ledger, published, {a.id: a.name for a in within}),
    )


def _with_carriers(
    timeline: Sequence[TimelineEntry],
    articles: Sequence[AnalyzedArticle],
    copy_of: Mapping[str, str],
) -> tuple[TimelineEntry, ...]:
    """Each event with the outlets that carried its article: its own, then those of the
    syndicated copies of the same text in the story."""
    outlet_of = {a.id: a.article.source for a in articles}
    carriers = carried_by([a.id for a in articles], copy_of, outlet_of)
    return tuple(
        replace(
            entry,
            carried_by=carriers.get(copy_of.get(entry.article_id, entry.article_id), ())
            or (outlet_of.get(entry.article_id, ""),),
        )
        for entry in timeline
    )
