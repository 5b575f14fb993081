"""The times stage: time expressions found and normalized against the publication date.

The work is ``finder.find_times``; "from Tuesday to Wednesday" becomes one range
(``value`` and ``end_value``) unless the stage is built with ``split_ranges=True``
(TempEval annotates the two parts).
"""

from __future__ import annotations

from typing import ClassVar

from storyline.pipeline.base import Annotation, Stage
from storyline.pipeline.times.finder import find_times

__all__ = ["TimesStage"]


class TimesStage(Stage):
    """Time expressions with TIMEX3 values, anchored on the publication date."""

    name = "times"
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "sentence_index", "article.published"})
    assigns: ClassVar[frozenset[str]] = frozenset({"times"})

    def __init__(self, *, split_ranges: bool = False) -> None:
        self.split_ranges = split_ranges

    def __call__(self, annotation: Annotation) -> Annotation:
        if annotation.doc is None:
            annotation.times = ()
            return annotation
        annotation.times = find_times(
            annotation.doc,
            annotation.article.published,
            split_ranges=self.split_ranges,
            sentences=annotation.sentence_index,
        )
        return annotation
