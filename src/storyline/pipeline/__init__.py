"""The per-article pipeline: clean -> nlp -> actors -> times -> statements."""

from __future__ import annotations

from storyline.pipeline.base import LAYERS, Annotation, Pipeline, Stage

__all__ = ["LAYERS", "Annotation", "Pipeline", "Stage", "default_pipeline", "pipeline_signature"]


def default_pipeline(model: str | None = None, *, batch_size: int = 32) -> Pipeline:
    """Every stage storyline runs on an article, in order."""
    from storyline.pipeline.actors.stage import ActorsStage
    from storyline.pipeline.clean import CleanStage
    from storyline.pipeline.nlp import NlpStage
    from storyline.pipeline.statements.stage import StatementsStage
    from storyline.pipeline.times.stage import TimesStage

    return Pipeline(
        [
            CleanStage(),
            NlpStage(model, batch_size=batch_size),
            ActorsStage(),
            TimesStage(),
            StatementsStage(),
        ]
    )


def pipeline_signature(pipeline: Pipeline) -> str:
    """What produced a stored analysis: storyline version, stages and the spaCy model."""
    from storyline import __version__
    from storyline.pipeline.nlp import NlpStage

    models = [s.model_name for s in pipeline.stages if isinstance(s, NlpStage)]
    return f"storyline {__version__}; {'+'.join(pipeline.names)}; {','.join(models)}"
