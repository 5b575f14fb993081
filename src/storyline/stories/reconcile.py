"""Writing a local re-clustering back to the store: ids kept, merged or minted.

Each cluster takes the id of the old story most of its articles come from (each old
id goes to one cluster at most); the others get a new id minted from their first
article. An old story whose id no cluster took is deleted and redirected to the story
that holds most of its articles. A *sampled* story (too large to re-cluster whole,
see ``StoryEngine``) keeps every article it had: its articles that landed in another
cluster stay with it, newcomers in its cluster join it, and it is never deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from storyline.store.story_tables import StoryRow
from storyline.stories.features import Matrix
from storyline.stories.stored import iso, mint_id
from storyline.stories.storylines import refresh_storylines

if TYPE_CHECKING:
    from storyline.stories.engine import LocalSet, StoryEngine

__all__ = ["Reconciler"]


class Reconciler:
    """Writes clusters of a ``LocalSet`` as stories, with their storylines and versions."""

    def __init__(
        self,
        engine: StoryEngine,
        local: LocalSet,
        similarity: Matrix,
        sampled: frozenset[str] = frozenset(),
    ) -> None:
        self.engine = engine
        self.tables = engine.tables
        self.local = local
        self.similarity = similarity
        self.sampled = sampled

    def apply(self, clusters: list[list[int]], old_stories: Sequence[str]) -> dict[str, str]:
        """Write the clusters as stories; article id -> story id for the local articles."""
        ids = self.local.ids
        old_of = self.tables.story_ids_of(ids)
        names = self._names(clusters, old_of)
        placed = {a: s for a, s in old_of.items() if s in self.sampled}
        touched: set[str] = set()
        successors: dict[str, str] = {}
        for index, members in enumerate(clusters):
            story_id = names[index]
            # articles of a sampled story stay in it
            members = [
                i
                for i in members
                if old_of.get(ids[i], story_id) == story_id or old_of[ids[i]] not in self.sampled
            ]
            if not members:
                continue
            member_ids = [ids[i] for i in members]
            placed.update(dict.fromkeys(member_ids, story_id))
            previous = self.tables.story(story_id)
            kept = sum(1 for a in member_ids if old_of.get(a) == story_id)
            unchanged = story_id in self.sampled or kept == (previous and previous.articles)
            if previous is not None and kept == len(member_ids) and unchanged:
                continue
            touched.add(self._write_story(story_id, members, previous, old_of))
        for gone in old_stories:
            if gone in names.values() or gone in self.sampled:
                continue
            self._retire(gone, old_of, placed, touched, successors)
        refresh_storylines(self.tables, touched, successors)
        return placed

    def _retire(
        self,
        gone: str,
        old_of: dict[str, str],
        placed: dict[str, str],
        touched: set[str],
        successors: dict[str, str],
    ) -> None:
        """Delete a story no cluster kept; redirect it to the one holding most of it."""
        row = self.tables.story(gone)
        holders = Counter(placed[a] for a, s in old_of.items() if s == gone and a in placed)
        self.tables.delete_story(gone)
        if row is None:
            return
        touched.add(row.storyline_id)
        if holders:
            holder = holders.most_common(1)[0][0]
            self.tables.redirect(gone, holder)
            holder_row = self.tables.story(holder)
            if holder_row is not None:
                successors[row.storyline_id] = holder_row.storyline_id

    def _names(self, clusters: list[list[int]], old_of: dict[str, str]) -> dict[int, str]:
        """Each cluster's id: the old story most of it comes from, else a new one."""
        ids = self.local.ids
        overlaps = []
        for index, members in enumerate(clusters):
            counts = Counter(old_of[ids[i]] for i in members if ids[i] in old_of)
            # a sampled story stands for more articles than the sample shows: it wins
            overlaps += [(s not in self.sampled, -n, s, index) for s, n in counts.items()]
        names: dict[int, str] = {}
        used: set[str] = set()
        for _, _, story, index in sorted(overlaps):
            if index not in names and story not in used:
                names[index] = story
                used.add(story)
        for index, members in enumerate(clusters):
            if index not in names:
                fresh = [i for i in members if ids[i] not in old_of] or members
                first = min(fresh, key=self._order)
                names[index] = mint_id("S", ids[first], self.tables)
        return names

    def _order(self, i: int) -> tuple[bool, date, str]:
        published = self.local.features[i].published
        return (published is None, published or date.max, self.local.ids[i])

    def _write_story(
        self, story_id: str, members: list[int], previous: StoryRow | None, old_of: dict[str, str]
    ) -> str:
        ids = self.local.ids
        members = sorted(members, key=self._order)
        joining = [i for i in members if old_of.get(ids[i]) != story_id]
        for i in joining:
            self.tables.set_member(ids[i], story_id, iso(self.local.features[i].published))
        dates = [d for i in members if (d := self.local.features[i].published) is not None]
        first, last = (iso(min(dates)), iso(max(dates))) if dates else ("", "")
        if story_id in self.sampled and previous is not None:
            # the sample is not the story: keep its headline, add the newcomers
            title, size = previous.title, previous.articles + len(joining)
            first = min(filter(None, (first, previous.first_published)), default="")
            last = max(filter(None, (last, previous.last_published)), default="")
        else:
            sums = self.similarity[np.ix_(members, members)].sum(axis=1)
            title, size = self.local.titles[members[int(np.argmax(sums))]], len(members)
        member_ids = [ids[i] for i in members]
        if previous is None:
            line = self.engine.place_storyline(story_id, member_ids)
        else:
            line = previous.storyline_id
        self.tables.put_story(
            StoryRow(
                id=story_id,
                storyline_id=line,
                title=title,
                first_published=first,
                last_published=last,
                articles=size,
                version=(previous.version + 1) if previous else 1,
            )
        )
        return line
