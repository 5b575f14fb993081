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

import heapq
import itertools
import math
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from threadpoolctl import ThreadpoolController

from storyline.model import AnalyzedArticle, Article
from storyline.store.codec import pack, unpack
from storyline.store.story_tables import StoryTables
from storyline.stories.features import (
    DocumentFeatures,
    Frequencies,
    Matrix,
    PreparedVector,
    document_features,
    feature_keys,
    features_from_plain,
    features_to_plain,
    prepare_vector,
    prepared_cosine,
)
from storyline.stories.grouping import (
    GroupingConfig,
    apply_story_window,
    average_link,
    kind_vectors,
    mix_similarity,
    shared_neighbour_similarity,
)
from storyline.stories.reconcile import Reconciler
from storyline.stories.stored import iso
from storyline.stories.storylines import StorylinePlacer

__all__ = ["EngineConfig", "LocalSet", "StoryEngine", "headline"]


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Bounds of the work one new article may cause."""

    candidates: int = 30  # indexed articles compared with a new one
    local_articles: int = 150  # articles re-clustered around it (the local repair)
    postings_per_key: int = 300  # newest postings read per indexed key
    # storylines look back without a date window: the newest postings of each key
    # (its latest developments) bound the read
    storyline_postings_per_key: int = 100
    indexed_names: int = 15  # heaviest names of an article entered in the index
    indexed_terms: int = 20  # heaviest content words (by TF-IDF) entered in the index
    feature_cache: int = 10_000  # decoded features kept in memory between articles
    frequency_cache: int = 1_000_000  # document frequencies kept in memory (~120 MB)
    storyline_candidates: int = 5
    storyline_sample: int = 12  # articles of a storyline compared with a new story
    # A new story is compared on its first article(s), where batch clustering compares
    # whole stories: the mean is noisier, so the bar is a little higher than batch's
    # 0.03 (0.06 keeps the Timeline17 dev topics apart better but splits MEANTIME's
    # corpora, whose gate floor is 0.99)
    storyline_threshold: float = 0.04
    no_shared_name: float = 0.5  # weight of pairs that share no name (as in batch)


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def headline(article: Article, width: int = 100) -> str:
    """The article's title; for an untitled one, its first line cut at a word."""
    if article.title.strip():
        return article.title
    first = next((line.strip() for line in article.text.splitlines() if line.strip()), "")
    if len(first) <= width:
        return first
    return first[:width].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True, slots=True)
class _Cached:
    """What the engine keeps of a recently compared article (see ``local_set``)."""

    features: DocumentFeatures
    title: str
    keys: frozenset[str]  # ``feature_keys``
    vectors: dict[str, PreparedVector]  # by kind: built once, compared many times


def _cached(features: DocumentFeatures, title: str) -> _Cached:
    vectors = {kind: prepare_vector(kind, v) for kind, v in kind_vectors(features).items()}
    # the vectors' keys are ``feature_keys`` (interned once, for both)
    keys = frozenset(itertools.chain.from_iterable(v.keys for v in vectors.values()))
    return _Cached(features, title, keys, vectors)


@dataclass(slots=True)
class LocalSet:
    """Articles compared together: ids, features, titles; the similarity once computed."""

    ids: list[str]
    features: list[DocumentFeatures]
    titles: list[str]
    keys: set[str]  # every feature key of these articles (for their frequencies)
    vectors: list[dict[str, PreparedVector]]  # prepared vectors by kind (``_Cached``)


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
        # decoded features, title, keys and prepared vectors of recently compared
        # articles, least recently used first
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        # document frequencies read from the store, counted on as this engine indexes
        # (another process's ingests are seen once the cache is cleared: IDF drifts
        # slowly, so a few stale counts change no grouping)
        self._frequency: dict[str, int] = {}
        # the corpus size, read once per placement (inside its write transaction no other
        # process adds articles), then counted
        self._documents: int | None = None
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
        try:
            with _blas().limit(limits=1, user_api="blas"), self.tables.transaction():
                self._documents = None
                self._index(analyzed.id, headline(analyzed.article), features)
                return self._place(analyzed.id, features)
        except BaseException:
            self._frequency.clear()  # it counted a placement that was rolled back
            self._documents = None
            raise

    def catch_up(
        self, load: Callable[[Sequence[str]], Iterable[AnalyzedArticle]], batch: int = 200
    ) -> int:
        """Place every stored article not placed yet (older stores, interrupted ingests)."""
        placed = 0
        while ids := self.tables.pending(batch):
            before = placed
            for analyzed in load(ids):
                if self.add(analyzed) is not None:
                    placed += 1
            if len(ids) < batch or placed == before:  # done, or nothing placeable left
                break
        return placed

    # ------------------------------------------------------------------ index

    def frequencies(self, keys: set[str] | frozenset[str]) -> Frequencies:
        """Document frequencies of these keys (read once, then kept up to date here)."""
        missing = keys.difference(self._frequency)  # a C loop over ``keys``
        if missing:
            if len(self._frequency) > self.bounds.frequency_cache:
                self._frequency.clear()
                missing = set(keys)
            found = self.tables.frequencies(sorted(missing))
            self._frequency.update((k, found.get(k, 0)) for k in missing)
        if self._documents is None:
            self._documents = self.tables.documents()
        return Frequencies(self._documents, self._frequency)

    def _index(self, article_id: str, title: str, features: DocumentFeatures) -> None:
        keys = feature_keys(features)
        corpus = self.frequencies({k for k in keys if k.startswith("t:")})
        self.tables.put_features(
            article_id,
            iso(features.published),
            title,
            pack(features_to_plain(features)),
            keys,
            self._index_keys(features, corpus),
        )
        for key in keys:
            if key in self._frequency:
                self._frequency[key] += 1
        if self._documents is not None:
            self._documents += 1
        self._remember(article_id, _cached(features, title))

    def _index_keys(self, features: DocumentFeatures, corpus: Frequencies) -> list[str]:
        names = sorted(features.entities.items(), key=lambda kv: (-kv[1][0], kv[0]))
        keys = ["e:" + k for k, _ in names[: self.bounds.indexed_names]]
        # the heaviest by TF-IDF (ties by word): ``term_weight`` and ``_idf`` inlined,
        # the same operations on the same floats
        counts, documents, log = corpus.counts, corpus.documents, math.log
        weighted = []
        for term, count in features.terms.items():
            df = counts.get("t:" + term, 0)
            idf = log((1 + max(documents, df)) / (1 + df)) + 1.0
            weighted.append((-(1.0 + log(count) if count >= 1 else count) * idf, term))
        keys += ["t:" + t for _, t in heapq.nsmallest(self.bounds.indexed_terms, weighted)]
        return keys

    def candidates(
        self, article_id: str, features: DocumentFeatures, window_days: int | None
    ) -> list[str]:
        """Indexed articles that share the most (rarest) salient keys with this one."""
        cached = self._cache.get(article_id)
        known = cached.keys if cached is not None else feature_keys(features)
        keys = self._index_keys(features, self.frequencies(known))
        corpus = self.frequencies(set(keys))
        window = None
        if window_days is not None and features.published is not None:
            window = _window(features.published, timedelta(days=window_days))
        limit = self.bounds.postings_per_key
        if window_days is None:
            limit = self.bounds.storyline_postings_per_key
        scores: dict[str, float] = defaultdict(float)
        for key in keys:
            weight = _idf(corpus, key)
            for other in self.tables.postings(key, window, limit):
                if other != article_id:
                    scores[other] += weight
        ranked = sorted(scores, key=lambda a: (-scores[a], a))[: self.bounds.candidates]
        self.comparisons += len(ranked)
        return ranked

    # ------------------------------------------------------------------ features

    def _remember(self, article_id: str, cached: _Cached) -> None:
        self._cache[article_id] = cached
        self._cache.move_to_end(article_id)
        while len(self._cache) > self.bounds.feature_cache:
            self._cache.popitem(last=False)

    def local_set(self, ids: Sequence[str]) -> LocalSet:
        cache = self._cache
        missing = []
        for ident in ids:
            if ident in cache:
                cache.move_to_end(ident)  # used: the least recently used leave first
            else:
                missing.append(ident)
        for ident, (plain, title, _) in self.tables.features(missing).items():
            self._remember(ident, _cached(features_from_plain(unpack(plain)), title))
        found = [cache[i] for i in ids if i in cache]
        return LocalSet(
            ids=[i for i in ids if i in cache],
            features=[c.features for c in found],
            titles=[c.title for c in found],
            keys=set().union(*(c.keys for c in found)),
            vectors=[c.vectors for c in found],
        )

    def similarity(self, local: LocalSet) -> tuple[Matrix, Matrix]:
        """(pair similarity, name similarity) of a local set, with corpus frequencies.

        The same numbers as ``grouping.similarity_matrix`` and ``name_similarity`` of
        its features, from the vectors each article prepared once (``_Cached``).
        """
        corpus = self.frequencies(local.keys)
        columns = self.config.max_columns

        def cosine(kind: str) -> Matrix:
            vectors = [v[kind] for v in local.vectors]
            return prepared_cosine(
                vectors, corpus.counts, corpus.documents, max_columns=columns, sublinear=kind == "t"
            )

        names = cosine("e")
        return mix_similarity(cosine, self.config, names), names

    # ------------------------------------------------------------------ placing

    def _place(self, article_id: str, features: DocumentFeatures) -> str:
        near = self.candidates(article_id, features, self.config.story_window_days)
        story_of = self.tables.story_ids_of(near)
        ids, old_stories, sampled = [article_id], [], set()
        largest = self.bounds.local_articles // 3
        for candidate in near:
            story_id = story_of.get(candidate)
            room = self.bounds.local_articles - len(ids)
            if story_id is None or story_id in old_stories or room <= 0:
                continue
            row = self.tables.story(story_id)
            if row is not None and row.articles > min(room, largest):
                # a large story takes part through its newest articles and the candidates
                # in it (read by index); it may grow or absorb, never split or vanish
                own = [c for c in near if story_of.get(c) == story_id]
                newest = self.tables.latest_members(story_id, min(room, largest))
                members = list(dict.fromkeys([*own, *newest]))[: min(room, largest)]
                sampled.add(story_id)
            else:
                members = self.tables.members(story_id)
            ids += members
            old_stories.append(story_id)
        local = self.local_set(ids)
        clusters, similarity = self._cluster(local)
        reconciler = Reconciler(self, local, similarity, frozenset(sampled))
        placed = reconciler.apply(clusters, old_stories)
        return placed[article_id]

    def _cluster(self, local: LocalSet) -> tuple[list[list[int]], Matrix]:
        similarity, _ = self.similarity(local)
        shared = shared_neighbour_similarity(similarity, self.config)
        windowed = apply_story_window(shared, [f.published for f in local.features], self.config)
        clusters = average_link(windowed, self.config.story_threshold)
        return clusters, similarity

    def place_storyline(self, story_id: str, member_ids: Sequence[str]) -> str:
        return self._storylines.place(story_id, member_ids)


def _idf(corpus: Frequencies, key: str) -> float:
    df = corpus.count(key)
    n = max(corpus.documents, df)
    return math.log((1 + n) / (1 + df)) + 1.0


def _window(published: date, span: timedelta) -> tuple[str, str]:
    """Days around ``published``, clamped to the calendar (a date near year 1 or 9999)."""
    first = published - span if published - date.min > span else date.min
    last = published + span if date.max - published > span else date.max
    return iso(first), iso(last)
