"""Storylines in the incremental engine: a new story joins the development it continues.

A new story is compared with a few candidate storylines (those of the articles that
share its salient keys, dates months apart allowed) on the same average pair
similarity the batch grouping uses for storylines (pairs that share no name damped by
``no_shared_name``), against an evenly spread sample of each storyline's articles, so
the cost does not grow with the storyline. It joins the best one at or above
``the engine's ``storyline_threshold``, or starts its own. When the runner-up passes too and the two
storylines are as similar to each other, they merge: the older id survives and the
other redirects to it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.store.story_tables import StorylineRow, StoryTables
from storyline.stories.features import Matrix
from storyline.stories.stored import mint_id

if TYPE_CHECKING:
    from storyline.stories.engine import StoryEngine

__all__ = ["StorylinePlacer", "refresh_storylines", "spread"]


def spread(ids: Sequence[str], count: int) -> list[str]:
    """At most ``count`` ids evenly spread over the sequence (oldest to newest)."""
    if len(ids) <= count:
        return list(ids)
    step = len(ids) / count
    return [ids[int(i * step)] for i in range(count)]


@dataclass(frozen=True, slots=True)
class _Pairs:
    row: Mapping[str, int]
    damped: Matrix

    def mean(self, own: Sequence[str], sample: Sequence[str]) -> float:
        """Mean damped pair similarity of ``own`` articles to a sample (-1: no pair)."""
        mine = [self.row[a] for a in own if a in self.row]
        theirs = [self.row[a] for a in sample if a in self.row and a not in own]
        if not mine or not theirs:
            return -1.0
        return float(self.damped[np.ix_(mine, theirs)].mean())


class StorylinePlacer:
    def __init__(self, engine: StoryEngine) -> None:
        self.engine = engine
        self.tables = engine.tables

    def place(self, story_id: str, member_ids: Sequence[str]) -> str:
        """The storyline a new story belongs to (an existing one, or a new id)."""
        bounds = self.engine.bounds
        own = spread(member_ids, bounds.storyline_sample)
        lines = self._candidate_lines(story_id, own[-1])
        samples = {line: self._sample(line) for line in lines}
        pairs = self._pairs([*own, *(a for s in samples.values() for a in s)])
        scores = {line: pairs.mean(own, sample) for line, sample in samples.items()}
        passing = sorted(
            (line for line in lines if scores[line] >= bounds.storyline_threshold),
            key=lambda line: -scores[line],
        )
        if not passing:
            return mint_id("L", member_ids[0], self.tables)
        best = passing[0]
        if len(passing) > 1:
            runner_up = passing[1]
            # the pairs of the two samples were computed above with the others
            if pairs.mean(samples[best], samples[runner_up]) >= bounds.storyline_threshold:
                return self._merge(best, runner_up)
        return best

    def _sample(self, line: str) -> list[str]:
        """A bounded sample of a storyline: its latest and largest stories' articles."""
        size = self.engine.bounds.storyline_sample
        sample = self.tables.storyline_sample(line, size, size)
        return spread(sample, size)

    def _candidate_lines(self, story_id: str, article_id: str) -> list[str]:
        local = self.engine.local_set([article_id])
        if not local.ids:
            return []
        near = self.engine.candidates(article_id, local.features[0], None)
        lines: list[str] = []
        stories = self.tables.story_ids_of(near)
        for candidate in near:
            other = stories.get(candidate)
            if other is None or other == story_id:
                continue
            row = self.tables.story(other)
            if row is not None and row.storyline_id not in lines:
                lines.append(row.storyline_id)
            if len(lines) >= self.engine.bounds.storyline_candidates:
                break
        return lines

    def _pairs(self, ids: Sequence[str]) -> _Pairs:
        """Damped pair similarities of these articles, once for every comparison."""
        local = self.engine.local_set(list(dict.fromkeys(ids)))
        similarity, names = self.engine.similarity(local)
        damped = np.where(names > 0, similarity, self.engine.bounds.no_shared_name * similarity)
        return _Pairs({ident: i for i, ident in enumerate(local.ids)}, damped)

    def _merge(self, survivor: str, merged: str) -> str:
        """Merge two storylines; the older id survives, the other redirects to it."""
        rows = [self.tables.storyline(survivor), self.tables.storyline(merged)]
        dated = [r for r in rows if r is not None]
        if len(dated) == 2 and (dated[1].first_published or "~") < (
            dated[0].first_published or "~"
        ):
            survivor, merged = merged, survivor
        self.tables.move_stories(merged, survivor)
        self.tables.delete_storyline(merged)
        self.tables.redirect(merged, survivor)
        return survivor


def refresh_storylines(
    tables: StoryTables, lines: Collection[str], successors: Mapping[str, str]
) -> None:
    """Rewrite the rows of storylines whose stories changed (title, span, count, version).

    The title is the headline of its largest story (the earliest among equals), read
    with the span and count by SQL over the storyline's story rows (an index range; no
    article is read). A storyline left without stories is deleted, redirected to its
    ``successors`` entry.
    """
    for line in sorted(lines):
        largest, first, last, articles = tables.storyline_summary(line)
        previous = tables.storyline(line)
        if largest is None:
            if previous is not None:
                tables.delete_storyline(line)
            if successors.get(line, line) != line:
                tables.redirect(line, successors[line])
            continue
        tables.put_storyline(
            StorylineRow(
                id=line,
                title=largest.title,
                first_published=first,
                last_published=last,
                articles=articles,
                version=(previous.version + 1) if previous else 1,
            )
        )
