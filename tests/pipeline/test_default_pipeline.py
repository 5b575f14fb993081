"""``default_pipeline``: the one way to build the pipeline, with the options benchmarks need."""

from __future__ import annotations

import pytest

from storyline.errors import PipelineError
from storyline.pipeline import default_pipeline
from storyline.pipeline.times.stage import TimesStage


def test_the_default_runs_every_stage_in_order() -> None:
    assert default_pipeline().names == ("clean", "nlp", "actors", "times", "statements")


def test_benchmarks_keep_only_the_stages_they_score_with_their_options() -> None:
    pipeline = default_pipeline(only={"clean", "nlp", "times"}, split_time_ranges=True)
    assert pipeline.names == ("clean", "nlp", "times")
    times = pipeline.stages[-1]
    assert isinstance(times, TimesStage)
    assert times.split_ranges


def test_a_subset_missing_a_requirement_or_an_unknown_stage_is_refused() -> None:
    with pytest.raises(PipelineError, match="requires"):
        default_pipeline(only={"clean", "nlp", "statements"})
    with pytest.raises(PipelineError, match="no stage named tims"):
        default_pipeline(only={"clean", "tims"})
