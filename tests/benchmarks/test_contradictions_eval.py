"""The contradictions benchmark: its pairs, its scoring and a run end to end."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from storyline.bench.base import no_progress
from storyline.errors import DataError
from storyline_benchmarks.contradictions import BUILTIN_DATA, TASK, load_pairs, score


def test_the_shipped_pairs_mix_contradictions_and_hard_negatives() -> None:
    pairs = load_pairs(BUILTIN_DATA)
    labels = Counter(p.label for p in pairs)
    assert len(pairs) >= 40
    assert set(labels) == {"denies", "reverses", "none"}
    assert labels["none"] >= len(pairs) // 3
    assert all(p.first.published and p.second.published for p in pairs)


def test_score_counts_pairs_and_kinds() -> None:
    results = [("denies", "denies"), ("reverses", "denies"), ("denies", None), ("none", "denies")]
    metrics = score(results, missing=1)
    assert (metrics["true_positives"], metrics["false_positives"]) == (2, 1)
    assert metrics["false_negatives"] == 1
    assert metrics["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["kind_accuracy"] == 0.5
    assert metrics["missing_statements"] == 1


def test_a_bad_line_is_one_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "pairs.jsonl"
    data.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(DataError, match="line 1: not a pair"):
        load_pairs(data)


def test_run_end_to_end_on_the_first_pairs() -> None:
    # p01 asserts/denies (a denial verb), p02 is a reworded subject storyline misses
    metrics = TASK.run(BUILTIN_DATA, 2, no_progress)
    assert set(metrics) == set(TASK.keys)
    assert (metrics["true_positives"], metrics["false_negatives"]) == (1, 1)
    assert metrics["pairs"] == 2
