"""The per-article pipeline: clean -> nlp -> actors -> times -> statements."""

from __future__ import annotations

from collections.abc import Collection

from storyline.errors import PipelineError
from storyline.pipeline.base import LAYERS, Annotation, Pipeline, Stage

__all__ = ["LAYERS", "Annotation", "Pipeline", "Stage", "default_pipeline", "pipeline_signature"]


def default_pipeline(
    model: str | None = None,
    *,
    batch_size: int = 32,
    split_time_ranges: bool = False,
    only: Collection[str] | None = None,
) -> Pipeline:
    """Every stage storyline runs on an article, in order; the one way to build a pipeline.

    Benchmarks that score one layer keep ``only`` the stages they need (by name; the
    pipeline still checks that each stage's requirements come first) and TempEval's
    convention of one expression per range end (``split_time_ranges``).
    """
    from storyline.pipeline.actors.stage import ActorsStage
    from storyline.pipeline.clean import CleanStage
    from storyline.pipeline.nlp import NlpStage
    from storyline.pipeline.statements.stage import StatementsStage
    from storyline.pipeline.times.stage import TimesStage

    stages: list[Stage] = [
        CleanStage(),
        NlpStage(model, batch_size=batch_size),
        ActorsStage(),
        TimesStage(split_ranges=split_time_ranges),
        StatementsStage(),
    ]
    if only is not None and (unknown := set(only) - {s.name for s in stages}):
        raise PipelineError(f"no stage named {', '.join(sorted(unknown))}")
    return Pipeline([s for s in stages if only is None or s.name in only])


def pipeline_signature(pipeline: Pipeline) -> str:
    """What produced a stored analysis: storyline version, stages and the spaCy model."""
    from storyline import __version__
    from storyline.pipeline.nlp import NlpStage

    models = [s.model_name for s in pipeline.stages if isinstance(s, NlpStage)]
    return f"storyline {__version__}; {'+'.join(pipeline.names)}; {','.join(models)}"
