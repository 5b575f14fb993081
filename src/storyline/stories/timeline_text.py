"""TF-IDF sentence vectors and centroid-based sentence selection for the timeline.

Vectors are sparse (term -> weight) and L2-normalized. Terms are lower-cased word
tokens without English stop words (spaCy's list). IDF is smoothed,
``1 + ln((1 + N) / (1 + df))``, counted over the sentences of the corpus at hand.

``select_by_centroid`` picks, one sentence at a time, the one whose addition brings the
summary vector closest (cosine) to a centroid: the summary-centroid greedy
optimisation DATEWISE uses (Gholipour Ghalandari & Ifrim 2020), here with a near-
duplicate check so the same sentence printed by several outlets is taken once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from storyline.stories.words import timeline_terms

__all__ = [
    "DUPLICATE_SIMILARITY",
    "SparseVector",
    "TermWeights",
    "centroid",
    "cosine",
    "select_by_centroid",
]

SparseVector = dict[str, float]

#: Two sentences more similar than this (TF-IDF cosine) are the same sentence.
DUPLICATE_SIMILARITY = 0.8


def _normalized(weights: dict[str, float]) -> SparseVector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def cosine(a: SparseVector, b: SparseVector) -> float:
    """Dot product of two normalized sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


class TermWeights:
    """Inverse document frequencies over a collection of sentences."""

    def __init__(self, texts: Iterable[str]) -> None:
        document_frequency: Counter[str] = Counter()
        count = 0
        for text in texts:
            document_frequency.update(set(timeline_terms(text)))
            count += 1
        self.documents = count
        self._idf = {
            term: 1.0 + math.log((1 + count) / (1 + df)) for term, df in document_frequency.items()
        }
        self._unseen = 1.0 + math.log(1 + count)

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._unseen)

    def vector(self, text: str) -> SparseVector:
        """Normalized TF-IDF vector of a text."""
        counts = Counter(timeline_terms(text))
        return _normalized({term: tf * self.idf(term) for term, tf in counts.items()})


def centroid(vectors: Iterable[SparseVector]) -> SparseVector:
    """Normalized sum of vectors."""
    total: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
    return _normalized(total)


def _dot(a: dict[str, float], b: SparseVector) -> float:
    if len(a) > len(b):
        return sum(w * a.get(t, 0.0) for t, w in b.items())
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _gain_order(
    vectors: Sequence[SparseVector],
    remaining: Iterable[int],
    target: SparseVector,
    summary: dict[str, float],
) -> list[int]:
    """Remaining candidates, best first, by cos(summary + candidate, target)."""
    summary_dot = _dot(summary, target)
    summary_norm2 = sum(w * w for w in summary.values())
    scored: list[tuple[float, int]] = []
    for index in remaining:
        vector = vectors[index]
        if not vector:
            continue
        norm2 = summary_norm2 + 2 * _dot(summary, vector) + 1.0
        score = (summary_dot + cosine(vector, target)) / math.sqrt(norm2)
        scored.append((-score, index))
    scored.sort()
    return [index for _, index in scored]


def select_by_centroid(
    vectors: Sequence[SparseVector],
    target: SparseVector,
    count: int,
    *,
    eligible: Callable[[int], bool] = lambda _: True,
    redundant: Callable[[SparseVector], bool] = lambda _: False,
    similarity: float = DUPLICATE_SIMILARITY,
) -> list[int]:
    """Greedily pick up to ``count`` candidates whose sum best matches ``target``.

    A candidate that is not ``eligible`` (it lacks a keyword) or is ``redundant`` (a
    near-duplicate of an already picked sentence) is skipped for good; so is one more
    similar than ``similarity`` to a candidate picked here.
    """
    remaining = set(range(len(vectors)))
    summary: dict[str, float] = {}
    picked: list[int] = []
    while remaining and len(picked) < count:
        chosen = None
        for index in _gain_order(vectors, remaining, target, summary):
            remaining.discard(index)
            vector = vectors[index]
            if not eligible(index) or redundant(vector):
                continue
            if any(cosine(vector, vectors[other]) > similarity for other in picked):
                continue
            chosen = index
            break
        if chosen is None:
            break
        picked.append(chosen)
        for term, weight in vectors[chosen].items():
            summary[term] = summary.get(term, 0.0) + weight
    return picked
