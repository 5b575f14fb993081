"""Metrics shared by the benchmarks: precision/recall/F1 and B-cubed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["PRF", "bcubed", "prf"]

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def prf(matched_predicted: float, predicted: float, matched_gold: float, gold: float) -> PRF:
    """P = matched predicted / predicted, R = matched gold / gold, F1 their harmonic mean.

    Matched counts are given separately for both sides because under overlap matching
    one predicted span may match two gold spans (or the reverse).
    """
    precision = _ratio(matched_predicted, predicted)
    recall = _ratio(matched_gold, gold)
    return PRF(precision, recall, _ratio(2 * precision * recall, precision + recall))


def _per_item(clusters_of: Mapping[K, Hashable], reference_of: Mapping[K, Hashable]) -> float:
    """Mean over items of |own cluster ∩ own reference cluster| / |own cluster|."""
    members: dict[Hashable, set[K]] = defaultdict(set)
    for item, cluster in clusters_of.items():
        members[cluster].add(item)
    total = 0.0
    for item, cluster in clusters_of.items():
        same = members[cluster]
        total += sum(1 for other in same if reference_of[other] == reference_of[item]) / len(same)
    return _ratio(total, len(clusters_of))


def bcubed(predicted: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> PRF:
    """B-cubed (Bagga & Baldwin 1998) of a clustering: item -> cluster id on both sides.

    Both mappings must cover the same items.
    """
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold clusterings cover different items")
    precision = _per_item(predicted, gold)
    recall = _per_item(gold, predicted)
    return PRF(precision, recall, _ratio(2 * precision * recall, precision + recall))
