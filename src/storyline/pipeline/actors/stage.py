"""The actors stage: people, organisations, countries, groups and places of one article.

A thin stage: what it reads and writes. How the actors are found and merged is told in
``pipeline.actors.resolve``.
"""

from __future__ import annotations

from typing import ClassVar

from storyline.errors import PipelineError
from storyline.pipeline.actors.resolve import extract_actors
from storyline.pipeline.base import Annotation, Stage

__all__ = ["ActorsStage"]


class ActorsStage(Stage):
    """People, organisations, countries, groups and places, with roles and variants."""

    name = "actors"
    requires: ClassVar[frozenset[str]] = frozenset(
        {"doc", "sentence_index", "entities", "article.source"}
    )
    assigns: ClassVar[frozenset[str]] = frozenset({"actors"})

    def __call__(self, annotation: Annotation) -> Annotation:
        if annotation.doc is None:
            raise PipelineError("the actors stage needs the spaCy doc of the nlp stage")
        annotation.actors = extract_actors(
            annotation.doc,
            annotation.entities,
            annotation.article.source,
            sentences=annotation.sentence_index,
        )
        return annotation
