"""Leave-one-topic-out on two copies of the fixture topic (fictional ferry news)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storyline.bench.base import no_progress
from storyline.stories.timeline_params import DEFAULT_PARAMETERS
from storyline_benchmarks import timeline_loto
from storyline_benchmarks.metrics import PRF
from storyline_benchmarks.timeline import prepare_t17, run_timeline
from storyline_benchmarks.timeline_loto import (
    DATEWISE,
    grid_parameters,
    leave_one_topic_out,
    objective,
)
from storyline_benchmarks.timeline_score import TimelineScores

FIXTURE = Path(__file__).parent.parent / "fixtures" / "t17" / "ferry"


def _two_topics(root: Path) -> Path:
    for name in ("ferry", "ferry-again"):
        shutil.copytree(FIXTURE, root / name)
    return root


def test_grid_starts_with_the_defaults_and_has_no_repeats() -> None:
    grid = grid_parameters({"min_support": (1, 2), "skip_personal": (True, False)})
    assert grid[0] == DEFAULT_PARAMETERS
    assert len(grid) == len(set(grid)) == 4


def test_objective_counts_each_metric_relative_to_datewise() -> None:
    def scores(ar1: float, ar2: float, dates: float) -> TimelineScores:
        return TimelineScores(PRF(ar1, ar1, ar1), PRF(ar2, ar2, ar2), PRF(dates, dates, dates))

    assert objective(scores(*DATEWISE)) == 3.0
    # doubling AR-2 is worth as much as doubling date F1
    assert objective(scores(0.120, 0.070, 0.544)) == objective(scores(0.120, 0.035, 1.088))


def test_each_topic_is_scored_with_parameters_chosen_on_the_other(tmp_path: Path) -> None:
    prepared = prepare_t17(_two_topics(tmp_path), None, no_progress)
    assert {p.topic for p in prepared} == {"ferry", "ferry-again"}
    # a grid whose second point can only lose: no sentence is long enough to be shown
    grid = [DEFAULT_PARAMETERS, replace(DEFAULT_PARAMETERS, min_words=39, max_words=40)]
    folds, chosen = leave_one_topic_out(prepared, no_progress, grid=grid)
    assert [f.topic for f in folds] == ["ferry", "ferry-again"]
    assert chosen == DEFAULT_PARAMETERS
    assert all(f.parameters == DEFAULT_PARAMETERS for f in folds)
    assert all(len(f.scores) == 2 for f in folds)
    assert folds[0].average.dates.f1 > 0


def test_run_timeline_is_leave_one_topic_out_with_two_topics(tmp_path: Path) -> None:
    metrics = run_timeline(_two_topics(tmp_path), None, no_progress, prefer_perl=False)
    assert metrics["protocol"] == "leave-one-topic-out"
    assert metrics["timelines"] == 4
    assert str(metrics["per_topic"]).startswith("ferry ")
    assert "ferry-again" in str(metrics["per_topic"])


def test_one_topic_uses_the_default_parameters() -> None:
    metrics = run_timeline(FIXTURE, None, no_progress, prefer_perl=False)
    assert metrics["protocol"] == "default parameters"
    assert metrics["parameters"] == "defaults"


def test_a_prediction_two_grid_points_share_is_scored_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared = prepare_t17(_two_topics(tmp_path), None, no_progress)
    calls: list[int] = []
    original = timeline_loto.score_timeline

    def counting(*args: Any, **kwargs: Any) -> TimelineScores:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(timeline_loto, "score_timeline", counting)
    # the longest fixture sentence has fewer than 60 words: both points select the same
    grid = [DEFAULT_PARAMETERS, replace(DEFAULT_PARAMETERS, max_words=60)]
    leave_one_topic_out(prepared, no_progress, grid=grid)
    assert len(calls) == len(prepared)
