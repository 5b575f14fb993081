"""Precision/recall/F1 and B-cubed, on examples worked out by hand."""

from __future__ import annotations

import pytest

from storyline_benchmarks.metrics import bcubed, prf

GOLD = {"a": "g1", "b": "g1", "c": "g1", "d": "g2", "e": "g2"}


def test_bcubed_split_and_merge() -> None:
    """Gold {a, b, c} {d, e}; predicted {a, b} {c, d, e}.

    Precision per item (share of its predicted cluster in its gold group):
    a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> P = (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15.
    Recall per item (share of its gold group in its predicted cluster):
    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> R = (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15.
    """
    predicted = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}
    result = bcubed(predicted, GOLD)
    assert result.precision == pytest.approx(11 / 15)
    assert result.recall == pytest.approx(11 / 15)
    assert result.f1 == pytest.approx(11 / 15)


def test_bcubed_one_cluster_is_precision_loss_only() -> None:
    """Everything in one cluster: P = (3 * 3/5 + 2 * 2/5) / 5 = 13/25, R = 1.

    F1 = 2 * 13/25 / (1 + 13/25) = 26/38.
    """
    result = bcubed(dict.fromkeys(GOLD, "all"), GOLD)
    assert result.precision == pytest.approx(13 / 25)
    assert result.recall == 1.0
    assert result.f1 == pytest.approx(26 / 38)


def test_bcubed_singletons_are_recall_loss_only() -> None:
    """Every item alone: P = 1, R = (3 * 1/3 + 2 * 1/2) / 5 = 2/5, F1 = 0.8 / 1.4 = 4/7."""
    result = bcubed({item: item for item in GOLD}, GOLD)
    assert result.precision == 1.0
    assert result.recall == pytest.approx(2 / 5)
    assert result.f1 == pytest.approx(4 / 7)


def test_bcubed_pure_but_split() -> None:
    """Predicted {a, b} {c} {d, e}: P = 1; R = (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15.

    F1 = 2 * 11/15 / (1 + 11/15) = 22/26. Precision and recall are not swapped.
    """
    result = bcubed({"a": 1, "b": 1, "c": 2, "d": 3, "e": 3}, GOLD)
    assert result.precision == 1.0
    assert result.recall == pytest.approx(11 / 15)
    assert result.f1 == pytest.approx(22 / 26)


def test_bcubed_cluster_labels_are_not_compared_across_sides() -> None:
    """Labels mean nothing across the two clusterings: only co-membership counts.

    Predicted uses the gold's labels, swapped: {a, b, c} is called "g2" and {d, e} "g1".
    """
    swapped = {"a": "g2", "b": "g2", "c": "g2", "d": "g1", "e": "g1"}
    result = bcubed(swapped, GOLD)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)


def test_bcubed_needs_the_same_items() -> None:
    with pytest.raises(ValueError, match="different items"):
        bcubed({"a": 1}, {"a": 1, "b": 1})


def test_prf() -> None:
    """3 of 4 predicted match, 3 of 6 gold are found: P 0.75, R 0.5, F1 0.6."""
    result = prf(3, 4, 3, 6)
    assert (result.precision, result.recall) == (0.75, 0.5)
    assert result.f1 == pytest.approx(0.6)
    assert prf(0, 0, 0, 0).f1 == 0.0
