"""Coreference metrics over one set of mentions: MUC, B-cubed, CEAF-e and their mean.

Both sides are clusterings of the *same* mentions (``mention -> cluster id``), as in the
actors benchmark, which scores predicted actors over the gold mentions they match.
MUC (Vilain et al. 1995) counts links, B-cubed (Bagga & Baldwin 1998) mentions, CEAF-e
(Luo 2005) entities aligned one to one by ``phi4 = 2|K ∩ R| / (|K| + |R|)`` with the
optimal assignment (scipy's ``linear_sum_assignment``). The CoNLL F1 is the mean of the
three F1s (Pradhan et al. 2014).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import TypeVar

from storyline_benchmarks.metrics import PRF, bcubed

__all__ = ["ceaf_e", "clusters_of", "conll", "muc"]

K = TypeVar("K", bound=Hashable)


def _f1(precision: float, recall: float) -> PRF:
    total = precision + recall
    return PRF(precision, recall, 2 * precision * recall / total if total else 0.0)


def clusters_of(assignment: Mapping[K, Hashable]) -> list[set[K]]:
    """The clusters of ``mention -> cluster id``, as sets of mentions."""
    groups: dict[Hashable, set[K]] = defaultdict(set)
    for mention, cluster in assignment.items():
        groups[cluster].add(mention)
    return list(groups.values())


def _muc_recall(key: Mapping[K, Hashable], response: Mapping[K, Hashable]) -> float:
    """Sum over key clusters of (|K| - parts of K in the response) / sum of (|K| - 1)."""
    numerator = denominator = 0
    for cluster in clusters_of(key):
        parts = {response[mention] for mention in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(predicted: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> PRF:
    """MUC of a clustering against the gold one (same mentions on both sides)."""
    _same_mentions(predicted, gold)
    return _f1(_muc_recall(predicted, gold), _muc_recall(gold, predicted))


def ceaf_e(predicted: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> PRF:
    """Entity-based CEAF (phi4) of a clustering against the gold one."""
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    _same_mentions(predicted, gold)
    response, key = clusters_of(predicted), clusters_of(gold)
    if not response or not key:
        return PRF(0.0, 0.0, 0.0)
    similarity = [[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key]
    rows, columns = linear_sum_assignment(similarity, maximize=True)
    total = sum(similarity[i][j] for i, j in zip(rows, columns, strict=True))
    return _f1(total / len(response), total / len(key))


def conll(predicted: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> dict[str, PRF]:
    """MUC, B-cubed, CEAF-e and ``conll`` (their F1s' mean, as the F1 of a PRF)."""
    scores = {
        "muc": muc(predicted, gold),
        "bcubed": bcubed(predicted, gold),
        "ceafe": ceaf_e(predicted, gold),
    }
    mean = sum(s.f1 for s in scores.values()) / 3
    scores["conll"] = PRF(mean, mean, mean)
    return scores


def _same_mentions(predicted: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> None:
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold clusterings cover different mentions")
