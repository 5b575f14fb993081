"""The statements stage: who said, wrote, reported, warned or denied what.

The work is ``extract.extract_statements`` (attribution rules in ``rules`` and
``frames``, sources in ``speakers``).
"""

from __future__ import annotations

from typing import ClassVar

from storyline.pipeline.base import Annotation, Stage
from storyline.pipeline.statements.extract import extract_statements

__all__ = ["StatementsStage"]


class StatementsStage(Stage):
    """Attribution: who said, wrote, reported, warned, praised or denied what."""

    name = "statements"
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "sentence_index", "actors", "times"})
    assigns: ClassVar[frozenset[str]] = frozenset({"statements"})

    def __call__(self, annotation: Annotation) -> Annotation:
        if annotation.doc is None:
            annotation.statements = ()
            return annotation
        annotation.statements = extract_statements(
            annotation.doc, annotation.actors, annotation.times, annotation.sentence_index
        )
        return annotation
