"""The incremental story engine: each stored article joins a story, or starts one.

Per article, once, at ingest (``StoryEngine.add``):

1. its grouping features (``features.document_features``) are stored, the corpus
   document frequencies updated, and its salient names and heaviest content words
   entered in an inverted index by publication date;
2. its *candidates* are read from that index: articles published within
   ``story_window_days`` (or undated) that share its salient keys, ranked by the shared
   keys' inverse document frequencies, at most ``candidates`` of them;
3. the stories of those candidates, with the new article, are clustered again with the
   batch algorithm of ``grouping`` (shared-neighbour similarity, average link) using the
   corpus frequencies: a bounded local repair (at most ``local_articles`` articles) that
   lets the new article join a story, bridge two stories (a merge) or split one;
4. the result replaces those stories. A story keeps its id while it keeps most of its
   articles; a story absorbed by another redirects to it; a new story's id is minted
   from its first article. New stories join the storyline they are most similar to on
   average (``storylines``), or start one.

The cost of one article depends on ``candidates`` and ``local_articles``, not on the
size of the store.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import numpy as np
from threadpoolctl import ThreadpoolController

from storyline.model import AnalyzedArticle
from storyline.store.story_tables import StoryRow, StoryTables
from storyline.stories.features import (
    DocumentFeatures,
    Frequencies,
    Matrix,
    document_features,
    feature_keys,
    features_from_plain,
    features_to_plain,
    term_weight,
)
from storyline.stories.grouping import (
    GroupingConfig,
    apply_story_window,
    average_link,
    shared_neighbour_similarity,
    similarity_matrix,
)
from storyline.stories.storylines import StorylinePlacer, refresh_storylines

__all__ = ["EngineConfig", "LocalSet", "StoryEngine", "mint_id"]


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Bounds of the work one new article may cause."""

    candidates: int = 30  # indexed articles compared with a new one
    local_articles: int = 150  # articles re-clustered around it (the local repair)
    postings_per_key: int = 300  # newest postings read per indexed key
    indexed_names: int = 15  # heaviest names of an article entered in the index
    indexed_terms: int = 20  # heaviest content words (by TF-IDF) entered in the index
    feature_cache: int = 20_000  # decoded features kept in memory between articles
    storyline_candidates: int = 5
    storyline_sample: int = 40  # articles of a storyline compared with a new story


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def mint_id(prefix: str, article_id: str, tables: StoryTables) -> str:
    """A new story or storyline id from its first article, unused so far."""
    for attempt in range(1000):
        seed = f"{prefix}:{article_id}:{attempt}".encode()
        ident = prefix + hashlib.sha256(seed).hexdigest()[:12]
        if not tables.taken(ident):
            return ident
    raise RuntimeError(f"no free id for {article_id}")  # pragma: no cover


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


@dataclass(slots=True)
class LocalSet:
    """Articles compared together: ids, features, titles; the similarity once computed."""

    ids: list[str]
    features: list[DocumentFeatures]
    titles: list[str]


class StoryEngine:
    """Places stored articles into stories and storylines, one article at a time."""

    def __init__(
        self,
        tables: StoryTables,
        config: GroupingConfig | None = None,
        bounds: EngineConfig | None = None,
    ) -> None:
        self.tables = tables
        self.config = config or GroupingConfig()
        self.bounds = bounds or EngineConfig()
        #: Candidate articles compared with new articles so far (work done, for tests).
        self.comparisons = 0
        self._cache: OrderedDict[str, tuple[DocumentFeatures, str]] = OrderedDict()
        self._storylines = StorylinePlacer(self)

    # ------------------------------------------------------------------ entry points

    def add(self, analyzed: AnalyzedArticle) -> str | None:
        """Place one stored article; its story id, or None if it was placed before.

        One transaction: a crash leaves the article unplaced, and ``pending`` (run by
        ``catch_up``) places it later.
        """
        if self.tables.has_features(analyzed.id):
            return None
        features = document_features(analyzed)
        # the matrices are small: BLAS threads only fight the ingest's own processes
        with _blas().limit(limits=1, user_api="blas"), self.tables.transaction():
            self._index(analyzed.id, analyzed.article.title, features)
            return self._place(analyzed.id, features)

    def catch_up(
        self, load: Callable[[Sequence[str]], Iterable[AnalyzedArticle]], batch: int = 200
    ) -> int:
        """Place every stored article not placed yet (older stores, interrupted ingests)."""
        placed = 0
        while ids := self.tables.pending(batch):
            for analyzed in load(ids):
                if self.add(analyzed) is not None:
                    placed += 1
            if len(ids) < batch:
                break
        return placed

    # ------------------------------------------------------------------ index

    def frequencies(self, keys: set[str]) -> Frequencies:
        return Frequencies(self.tables.documents(), self.tables.frequencies(sorted(keys)))

    def _index(self, article_id: str, title: str, features: DocumentFeatures) -> None:
        keys = feature_keys(features)
        corpus = self.frequencies({k for k in keys if k.startswith("t:")})
        self.tables.put_features(
            article_id,
            iso(features.published),
            title,
            json.dumps(features_to_plain(features)),
            keys,
            self._index_keys(features, corpus),
        )
        self._remember(article_id, features, title)

    def _index_keys(self, features: DocumentFeatures, corpus: Frequencies) -> list[str]:
        names = sorted(features.entities.items(), key=lambda kv: (-kv[1][0], kv[0]))
        keys = ["e:" + k for k, _ in names[: self.bounds.indexed_names]]
        weighted = sorted(
            features.terms,
            key=lambda t: (-term_weight(features.terms[t]) * _idf(corpus, "t:" + t), t),
        )
        keys += ["t:" + t for t in weighted[: self.bounds.indexed_terms]]
        return keys

    def candidates(
        self, article_id: str, features: DocumentFeatures, window_days: int | None
    ) -> list[str]:
        """Indexed articles that share the most (rarest) salient keys with this one."""
        keys = self._index_keys(features, self.frequencies(feature_keys(features)))
        corpus = self.frequencies(set(keys))
        window = None
        if window_days is not None and features.published is not None:
            span = timedelta(days=window_days)
            window = (iso(features.published - span), iso(features.published + span))
        scores: dict[str, float] = defaultdict(float)
        for key in keys:
            weight = _idf(corpus, key)
            for other in self.tables.postings(key, window, self.bounds.postings_per_key):
                if other != article_id:
                    scores[other] += weight
        ranked = sorted(scores, key=lambda a: (-scores[a], a))[: self.bounds.candidates]
        self.comparisons += len(ranked)
        return ranked

    # ------------------------------------------------------------------ features

    def _remember(self, article_id: str, features: DocumentFeatures, title: str) -> None:
        self._cache[article_id] = (features, title)
        self._cache.move_to_end(article_id)
        while len(self._cache) > self.bounds.feature_cache:
            self._cache.popitem(last=False)

    def local_set(self, ids: Sequence[str]) -> LocalSet:
        missing = [i for i in ids if i not in self._cache]
        for ident, (plain, title, _) in self.tables.features(missing).items():
            self._remember(ident, features_from_plain(json.loads(plain)), title)
        known = [i for i in ids if i in self._cache]
        return LocalSet(
            ids=known,
            features=[self._cache[i][0] for i in known],
            titles=[self._cache[i][1] for i in known],
        )

    # ------------------------------------------------------------------ placing

    def _place(self, article_id: str, features: DocumentFeatures) -> str:
        near = self.candidates(article_id, features, self.config.story_window_days)
        story_of = self.tables.story_ids_of(near)
        ids, old_stories = [article_id], []
        for candidate in near:
            story_id = story_of.get(candidate)
            if story_id is None or story_id in old_stories:
                continue
            members = self.tables.members(story_id)
            if len(ids) + len(members) > self.bounds.local_articles:
                continue
            ids += members
            old_stories.append(story_id)
        local = self.local_set(ids)
        clusters, similarity = self._cluster(local)
        placed = _Reconciler(self, local, similarity).apply(clusters, old_stories)
        return placed[article_id]

    def _cluster(self, local: LocalSet) -> tuple[list[list[int]], Matrix]:
        keys: set[str] = set()
        for features in local.features:
            keys |= feature_keys(features)
        similarity = similarity_matrix(local.features, self.config, corpus=self.frequencies(keys))
        shared = shared_neighbour_similarity(similarity, self.config)
        windowed = apply_story_window(shared, [f.published for f in local.features], self.config)
        clusters = average_link(windowed, self.config.story_threshold)
        return clusters, similarity

    def place_storyline(self, story_id: str, member_ids: Sequence[str]) -> str:
        return self._storylines.place(story_id, member_ids)


def _idf(corpus: Frequencies, key: str) -> float:
    df = corpus.counts.get(key, 0)
    n = max(corpus.documents, df)
    return math.log((1 + n) / (1 + df)) + 1.0


class _Reconciler:
    """Writes a local re-clustering back: ids kept, merged, minted; rows and versions."""

    def __init__(self, engine: StoryEngine, local: LocalSet, similarity: Matrix) -> None:
        self.engine = engine
        self.tables = engine.tables
        self.local = local
        self.similarity = similarity
        self.moved_lines: dict[str, str] = {}  # storyline left by its only story -> new one

    def apply(self, clusters: list[list[int]], old_stories: Sequence[str]) -> dict[str, str]:
        """Write the clusters as stories; article id -> story id for the local articles."""
        ids = self.local.ids
        old_of = self.tables.story_ids_of(ids)
        names = self._names(clusters, old_of)
        placed: dict[str, str] = {}
        touched_lines: set[str] = set()
        successors: dict[str, str] = {}
        for index, members in enumerate(clusters):
            story_id = names[index]
            member_ids = [ids[i] for i in members]
            placed.update(dict.fromkeys(member_ids, story_id))
            before = {a for a in member_ids if old_of.get(a) == story_id}
            previous = self.tables.story(story_id)
            if previous is not None and len(before) == previous.articles == len(member_ids):
                continue  # unchanged
            line = self._write_story(story_id, members, previous, old_of)
            touched_lines.add(line)
        for gone in old_stories:
            if gone in names.values():
                continue
            row = self.tables.story(gone)
            holders = Counter(placed[a] for a, s in old_of.items() if s == gone and a in placed)
            self.tables.delete_story(gone)
            if row is None:
                continue
            touched_lines.add(row.storyline_id)
            if holders:
                holder = holders.most_common(1)[0][0]
                self.tables.redirect(gone, holder)
                holder_row = self.tables.story(holder)
                if holder_row is not None:
                    successors[row.storyline_id] = holder_row.storyline_id
        touched_lines |= set(self.moved_lines)
        successors.update(self.moved_lines)
        refresh_storylines(self.tables, touched_lines, successors)
        return placed

    def _names(self, clusters: list[list[int]], old_of: dict[str, str]) -> dict[int, str]:
        """Each cluster's id: the old story most of it comes from, else a new one."""
        overlaps = []
        for index, members in enumerate(clusters):
            counts = Counter(
                old_of[self.local.ids[i]] for i in members if self.local.ids[i] in old_of
            )
            overlaps += [(-n, story, index) for story, n in counts.items()]
        names: dict[int, str] = {}
        used: set[str] = set()
        for _, story, index in sorted(overlaps):
            if index not in names and story not in used:
                names[index] = story
                used.add(story)
        for index, members in enumerate(clusters):
            if index not in names:
                first = min(members, key=self._order)
                names[index] = mint_id("S", self.local.ids[first], self.tables)
        return names

    def _order(self, i: int) -> tuple[bool, date, str]:
        published = self.local.features[i].published
        return (published is None, published or date.max, self.local.ids[i])

    def _reconsider_storyline(self, story_id: str, member_ids: list[str], line: str) -> str:
        """A grown story alone in its storyline may now continue another one.

        Its storyline was chosen on its first articles; while it is the only story of it,
        moving costs nobody an id (the old storyline redirects to the new one).
        """
        if len(self.tables.stories_of(line)) != 1:
            return line
        chosen = self.engine.place_storyline(story_id, member_ids)
        if chosen == line or self.tables.storyline(chosen) is None:
            return line
        self.moved_lines[line] = chosen
        return chosen

    def _write_story(
        self, story_id: str, members: list[int], previous: StoryRow | None, old_of: dict[str, str]
    ) -> str:
        ids = self.local.ids
        members = sorted(members, key=self._order)
        for i in members:
            if old_of.get(ids[i]) != story_id:
                self.tables.set_member(ids[i], story_id, iso(self.local.features[i].published))
        sums = self.similarity[np.ix_(members, members)].sum(axis=1)
        central = members[int(np.argmax(sums))]
        dates = [d for i in members if (d := self.local.features[i].published) is not None]
        member_ids = [ids[i] for i in members]
        if previous is None:
            line = self.engine.place_storyline(story_id, member_ids)
        else:
            line = self._reconsider_storyline(story_id, member_ids, previous.storyline_id)
        self.tables.put_story(
            StoryRow(
                id=story_id,
                storyline_id=line,
                title=self.local.titles[central],
                first_published=iso(min(dates)) if dates else "",
                last_published=iso(max(dates)) if dates else "",
                articles=len(members),
                version=(previous.version + 1) if previous else 1,
            )
        )
        return line
