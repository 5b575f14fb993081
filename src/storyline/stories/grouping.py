"""Corpus-level grouping: articles -> stories (one happening) -> storylines (months).

Two articles are compared on what the pipeline already found in them (see
``storyline.stories.features``): TF-IDF cosines of their content words, of their salient
names (people and organisations weigh more than countries everyone mentions, and names
many articles share weigh less), of their titles and of the dates their texts name. The
weighted mix is the *pair similarity*.

Both levels are average-link agglomerative clusterings stopped at a threshold, computed
with the nearest-neighbour-chain algorithm in O(n²) time and memory:

- **stories** (one happening, days) cluster the *shared-neighbour similarity* (how much
  two articles' nearest neighbours overlap, see ``shared_neighbour_similarity``) at
  ``story_threshold``. Two happenings of the same kind (two earthquakes, January's visit
  and June's visit) are similar, but each is closer to its own reports, so shared
  neighbours tell them apart where the pair similarity cannot. When both articles have a
  publication date and the dates are more than ``story_window_days`` apart, the pair
  counts as ``out_of_window``, a strongly negative similarity;
- **storylines** (a longer development, months) merge whole stories further on the pair
  similarity at the looser ``storyline_threshold``, dates months apart allowed; pairs
  of articles that share no name count ``no_shared_name`` times as much.

Ids are hashes of the sorted member article ids, so the same articles always give the
same ids. A story is titled by its most central article (highest mean similarity to the
other members); a storyline of several stories by the names most of its articles share.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from storyline.errors import NotFoundError
from storyline.model import AnalyzedArticle, Story, Storyline
from storyline.stories.features import (
    FEATURE_KINDS,
    DocumentFeatures,
    Frequencies,
    Matrix,
    cosine_matrix,
    document_features,
)

__all__ = [
    "Grouping",
    "GroupingConfig",
    "apply_story_window",
    "average_link",
    "group_stories",
    "kind_vectors",
    "mix_similarity",
    "name_similarity",
    "shared_neighbour_similarity",
    "similarity_matrix",
]


@dataclass(frozen=True, slots=True)
class GroupingConfig:
    """Weights and thresholds of the grouping.

    Tuned on ECB+ train topics (results are flat around these values). The storyline
    level was checked on a Timeline17 sample too (1,136 dated articles, five
    developments over months), where average link dilutes the mean similarity of a
    storyline that runs for months: a low threshold keeps such storylines together,
    and damping pairs that share no name keeps unrelated articles out of them.
    """

    text_weight: float = 0.5
    entity_weight: float = 0.35
    title_weight: float = 0.15
    date_weight: float = 0.1  # dates named in the texts
    story_threshold: float = 0.18  # on the shared-neighbour similarity
    storyline_threshold: float = 0.03  # on the pair similarity
    no_shared_name: float = 0.5  # storylines: weight of pairs that share no name
    neighbours: int = 10  # every article's nearest articles, for shared neighbours
    close: float = 0.35  # ... plus every article at least this similar
    most_neighbours: int = 50
    weak_pair: float = 0.1  # pairs below this similarity are damped in proportion
    story_window_days: int = 4
    out_of_window: float = -1.0
    max_columns: int = 8192  # past this many shared terms, terms are hashed
    title_entities: int = 3  # names in the title of a storyline of several stories


@dataclass(frozen=True, slots=True)
class Grouping:
    """Stories and the storylines they belong to, oldest first."""

    stories: tuple[Story, ...] = ()
    storylines: tuple[Storyline, ...] = ()

    def story(self, story_id: str) -> Story:
        """The story with this id."""
        for story in self.stories:
            if story.id == story_id:
                return story
        raise NotFoundError(f"no story {story_id!r}")

    def story_of(self, article_id: str) -> Story:
        """The story an article belongs to."""
        for story in self.stories:
            if article_id in story.article_ids:
                return story
        raise NotFoundError(f"article {article_id!r} is in no story")

    def storyline_of(self, article_id: str) -> Storyline:
        """The storyline an article belongs to."""
        for storyline in self.storylines:
            if article_id in storyline.article_ids:
                return storyline
        raise NotFoundError(f"article {article_id!r} is in no storyline")


# --------------------------------------------------------------------------- similarity


def _kind(corpus: Frequencies | None, kind: str) -> Frequencies | None:
    return None if corpus is None else corpus.of(kind)


def _vectors(features: Sequence[DocumentFeatures], kind: str) -> list[Mapping[str, float]]:
    """The articles' sparse vectors of one kind of feature (see ``FEATURE_KINDS``)."""
    if kind == "t":
        return [f.terms for f in features]
    if kind == "e":
        return [{k: w for k, (w, _) in f.entities.items()} for f in features]
    if kind == "h":
        return [dict.fromkeys(f.title_terms, 1.0) for f in features]
    return [f.dates for f in features]


def kind_vectors(features: DocumentFeatures) -> dict[str, Mapping[str, float]]:
    """One article's vectors by kind ("t", "e", "h", "d"), as the similarities read them."""
    return {kind: _vectors([features], kind)[0] for kind in FEATURE_KINDS}


def name_similarity(
    features: Sequence[DocumentFeatures],
    config: GroupingConfig,
    corpus: Frequencies | None = None,
) -> Matrix:
    """Cosine of the articles' weighted salient names (see ``entity_profile``).

    ``corpus``: document frequencies of the whole corpus when ``features`` are a part
    of it (the incremental engine); by default the frequencies among ``features``.
    """
    return cosine_matrix(
        _vectors(features, "e"), max_columns=config.max_columns, corpus=_kind(corpus, "e")
    )


def similarity_matrix(
    features: Sequence[DocumentFeatures],
    config: GroupingConfig,
    names: Matrix | None = None,
    corpus: Frequencies | None = None,
) -> Matrix:
    """Weighted mix of content-word, name, title and date cosines, one row per article.

    ``names`` is ``name_similarity`` when the caller already has it; ``corpus`` as
    in ``name_similarity``.
    """

    def cosine(kind: str) -> Matrix:
        return cosine_matrix(
            _vectors(features, kind),
            max_columns=config.max_columns,
            corpus=_kind(corpus, kind),
            sublinear=kind == "t",  # term_weight of each count
        )

    return mix_similarity(cosine, config, names)


def mix_similarity(
    cosine: Callable[[str], Matrix], config: GroupingConfig, names: Matrix | None = None
) -> Matrix:
    """The pair similarity from ``cosine(kind)`` of each kind of feature ("t", "e", "h",
    "d"; ``names`` is ``cosine("e")`` when the caller already has it)."""
    text = cosine("t")
    text *= config.text_weight
    text += config.entity_weight * (names if names is not None else cosine("e"))
    titles = cosine("h")
    text += config.title_weight * titles
    del titles
    text += config.date_weight * cosine("d")
    return text


def shared_neighbour_similarity(similarity: Matrix, config: GroupingConfig) -> Matrix:
    """How much two articles' neighbourhoods overlap (Jarvis & Patrick's shared neighbours).

    Each article's neighbourhood is its ``neighbours`` most similar articles (itself
    included) plus any at least ``close`` (at most ``most_neighbours`` in all), weighted
    by similarity; the result is the cosine of two such neighbourhood vectors. Two reports
    of one happening share their nearest neighbours; two happenings of the same kind (two
    earthquakes) are similar to each other but each closer to its own reports. The
    neighbourhood vectors are sparse, so the product costs O(n * most_neighbours²).
    Pairs whose own similarity is below ``weak_pair`` are damped in proportion, so a
    handful of articles cannot be joined through neighbours alone.
    """
    n = len(similarity)
    width = min(config.most_neighbours, n)
    top = np.empty((n, width), dtype=np.intp)
    values = np.empty((n, width), dtype=np.float32)
    for start in range(0, n, 512):
        block = similarity[start : start + 512].copy()
        block[np.arange(len(block)), np.arange(start, start + len(block))] = 1.0
        chosen = np.argpartition(-block, width - 1, axis=1)[:, :width]
        chosen_values = np.take_along_axis(block, chosen, axis=1)
        order = np.argsort(-chosen_values, axis=1, kind="stable")
        top[start : start + 512] = np.take_along_axis(chosen, order, axis=1)
        values[start : start + 512] = np.take_along_axis(chosen_values, order, axis=1)
    rank = np.arange(width)[None, :]
    keep = (rank < config.neighbours) | (values >= config.close)
    weights = np.where(keep, np.maximum(values, 0.0), 0.0).astype(np.float32)
    weights /= np.maximum(np.linalg.norm(weights, axis=1, keepdims=True), 1e-12)
    shared = np.zeros((n, n), dtype=np.float32)
    rows = np.repeat(np.arange(n), width)
    columns, flat = top.ravel(), weights.ravel()
    present = flat > 0
    rows, columns, flat = rows[present], columns[present], flat[present]
    order = np.argsort(columns, kind="stable")
    rows, columns, flat = rows[order], columns[order], flat[order]
    bounds = np.flatnonzero(np.diff(columns)) + 1
    for members, member_weights in zip(np.split(rows, bounds), np.split(flat, bounds), strict=True):
        shared[np.ix_(members, members)] += np.outer(member_weights, member_weights)
    shared *= np.clip(similarity / config.weak_pair, 0.0, 1.0)
    return shared


def apply_story_window(
    similarity: Matrix, published: Sequence[date | None], config: GroupingConfig
) -> Matrix:
    """Pairs published more than ``story_window_days`` apart get ``out_of_window``."""
    days = np.array([d.toordinal() if d else np.nan for d in published], dtype=np.float64)
    if np.isnan(days).all():
        return similarity
    apart = np.abs(days[:, None] - days[None, :]) > config.story_window_days
    windowed = similarity.copy()
    windowed[apart] = config.out_of_window  # NaN comparisons are False: unknown dates pass
    return windowed


# --------------------------------------------------------------------------- clustering


def _group_averages(similarity: Matrix, groups: Sequence[Sequence[int]]) -> Matrix:
    """Mean similarity between every two groups of rows (-inf on the diagonal)."""
    order = np.fromiter((i for g in groups for i in g), dtype=np.intp)
    averages = similarity[np.ix_(order, order)]  # a copy, rows and columns by group
    if len(groups) < len(order):
        sizes = np.array([len(g) for g in groups], dtype=np.float32)
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
        averages = np.add.reduceat(averages, starts, axis=0)
        averages = np.add.reduceat(averages, starts, axis=1)
        averages /= np.outer(sizes, sizes)
    np.fill_diagonal(averages, -np.inf)
    return averages


def average_link(
    similarity: Matrix, threshold: float, groups: Sequence[Sequence[int]] | None = None
) -> list[list[int]]:
    """Average-link clustering of rows, merging while the mean similarity >= threshold.

    ``groups`` are clusters to start from (default: every row alone). Uses the
    nearest-neighbour chain: follow each cluster's most similar neighbour until two
    clusters are each other's nearest and merge them. Average link is reducible (a
    merged cluster is never more similar to a third one than the closer of its parts),
    so a cluster whose best neighbour is below the threshold is final, and the result
    equals greedy merging of the most similar pair.
    """
    if groups is None:
        groups = [[i] for i in range(len(similarity))]
    clusters = [list(g) for g in groups]
    if len(clusters) < 2:
        return clusters
    averages = _group_averages(similarity, clusters)
    sizes = np.array([len(c) for c in clusters], dtype=np.float32)
    active = np.ones(len(clusters), dtype=bool)
    remaining = len(clusters)
    start = 0  # the lowest active cluster: clusters only ever leave
    chain: list[int] = []
    while remaining > 1:
        if not chain:
            while not active[start]:
                start += 1
            chain.append(start)
        current = chain[-1]
        row = averages[current]
        best = int(np.argmax(row))
        if len(chain) > 1 and row[chain[-2]] >= row[best]:
            best = chain[-2]
        if row[best] < threshold or (len(chain) > 1 and best == chain[-2]):
            if row[best] >= threshold:  # each other's nearest: merge
                chain.pop()
                _merge(averages, sizes, clusters, best, current)
            else:  # nothing near enough, now or after any later merge: final
                _retire(averages, current)
            active[current] = False
            remaining -= 1
            chain.pop()
        else:
            chain.append(best)
    return [c for c in clusters if c]


def _retire(averages: Matrix, index: int) -> None:
    averages[index, :] = -np.inf
    averages[:, index] = -np.inf


def _merge(
    averages: Matrix, sizes: Matrix, clusters: list[list[int]], keep: int, gone: int
) -> None:
    """Merge cluster ``gone`` into ``keep`` with the Lance-Williams update of average link."""
    total = sizes[keep] + sizes[gone]
    merged = (sizes[keep] * averages[keep] + sizes[gone] * averages[gone]) / total
    _retire(averages, gone)
    merged[gone] = -np.inf
    merged[keep] = -np.inf
    averages[keep, :] = merged
    averages[:, keep] = merged
    sizes[keep] = total
    clusters[keep] += clusters[gone]
    clusters[gone] = []


# --------------------------------------------------------------------------- records


def _digest(prefix: str, article_ids: Sequence[str]) -> str:
    joined = "\n".join(sorted(article_ids)).encode("utf-8")
    return prefix + hashlib.sha256(joined).hexdigest()[:12]


def _central(members: Sequence[int], similarity: Matrix) -> int:
    """The member with the highest mean similarity to the others (first among equals)."""
    if len(members) == 1:
        return members[0]
    block = similarity[np.ix_(members, members)]
    return members[int(np.argmax(block.sum(axis=1)))]


def _published_span(
    members: Sequence[int], articles: Sequence[AnalyzedArticle]
) -> tuple[date | None, date | None]:
    dates = sorted(d for i in members if (d := articles[i].article.published) is not None)
    return (dates[0], dates[-1]) if dates else (None, None)


def _salient_names(
    members: Sequence[int], features: Sequence[DocumentFeatures], count: int
) -> list[str]:
    """Names the most members share, the heaviest first."""
    spread: dict[str, int] = defaultdict(int)
    weight: dict[str, float] = defaultdict(float)
    displays: dict[str, Counter[str]] = defaultdict(Counter)
    for i in members:
        for key, (value, display) in features[i].entities.items():
            spread[key] += 1
            weight[key] += value
            displays[key][display] += 1
    ranked = sorted(spread, key=lambda k: (-spread[k], -weight[k], k))
    # the spelling most members use ("Lars-Erik Brandt" over a one-off "Lars Erik Brandt")
    shown = {k: max(d, key=lambda v: (d[v], len(v), v)) for k, d in displays.items()}
    return [shown[k] for k in ranked[:count] if spread[k] > 1]


def _sort_key(span: tuple[date | None, date | None], ident: str) -> tuple[bool, date, str]:
    return (span[0] is None, span[0] or date.min, ident)


def _records(
    story_members: list[list[int]],
    line_members: list[list[int]],
    articles: Sequence[AnalyzedArticle],
    features: Sequence[DocumentFeatures],
    similarity: Matrix,
    config: GroupingConfig,
) -> Grouping:
    ids = [a.id for a in articles]
    line_of_row = {i: n for n, members in enumerate(line_members) for i in members}
    line_ids = [_digest("L", [ids[i] for i in members]) for members in line_members]
    stories_of_line: dict[int, list[Story]] = defaultdict(list)
    stories = []
    for members in story_members:
        members = sorted(members, key=lambda i: (articles[i].article.published or date.max, ids[i]))
        line = line_of_row[members[0]]
        span = _published_span(members, articles)
        story = Story(
            id=_digest("S", [ids[i] for i in members]),
            title=articles[_central(members, similarity)].article.title,
            article_ids=tuple(ids[i] for i in members),
            storyline_id=line_ids[line],
            first_published=span[0],
            last_published=span[1],
        )
        stories.append(story)
        stories_of_line[line].append(story)
    stories.sort(key=lambda s: _sort_key((s.first_published, s.last_published), s.id))
    storylines = []
    for line, members in enumerate(line_members):
        own = sorted(
            stories_of_line[line],
            key=lambda s: _sort_key((s.first_published, s.last_published), s.id),
        )
        names = _salient_names(members, features, config.title_entities)
        title = ", ".join(names) if len(own) > 1 and names else own[0].title
        storylines.append(
            (
                _sort_key(_published_span(members, articles), line_ids[line]),
                Storyline(
                    id=line_ids[line],
                    title=title,
                    story_ids=tuple(s.id for s in own),
                    article_ids=tuple(a for s in own for a in s.article_ids),
                ),
            )
        )
    storylines.sort(key=lambda pair: pair[0])
    return Grouping(stories=tuple(stories), storylines=tuple(line for _, line in storylines))


def group_stories(
    articles: Sequence[AnalyzedArticle], config: GroupingConfig | None = None
) -> Grouping:
    """Group analyzed articles into stories and storylines.

    Duplicate article ids are kept once. Articles are processed in id order, so the
    result does not depend on the order they are given in.
    """
    config = config or GroupingConfig()
    unique = sorted({a.id: a for a in reversed(articles)}.values(), key=lambda a: a.id)
    if not unique:
        return Grouping()
    features = [document_features(a) for a in unique]
    names = name_similarity(features, config)
    similarity = similarity_matrix(features, config, names)
    shared = shared_neighbour_similarity(similarity, config)
    windowed = apply_story_window(shared, [f.published for f in features], config)
    del shared
    story_members = average_link(windowed, config.story_threshold)
    del windowed
    # storylines: whole stories merge further, dates months apart allowed; a development
    # is carried by its actors, so pairs that share no name count less
    unnamed = np.where(names > 0, similarity, config.no_shared_name * similarity)
    del names
    line_members = average_link(unnamed, config.storyline_threshold, story_members)
    del unnamed
    return _records(story_members, line_members, unique, features, similarity, config)
