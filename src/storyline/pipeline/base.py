"""Stages and the pipeline that runs them.

Like spaCy's components, every stage declares the layers it ``requires`` and the
layers it ``assigns``. ``Pipeline`` checks, when it is built, that each stage's
requirements are assigned by a stage before it, so a mis-ordered pipeline fails at
once with a clear error instead of midway through a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from storyline.errors import PipelineError, StorylineError
from storyline.model import (
    AnalyzedArticle,
    Article,
    ArticleActor,
    Block,
    EntityMention,
    Sentence,
    Statement,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["LAYERS", "Annotation", "Pipeline", "Stage"]

#: Every layer a stage may require or assign. ``article`` is there from the start.
LAYERS = frozenset(
    {"article", "blocks", "doc", "sentences", "entities", "actors", "statements", "times"}
)


@dataclass
class Annotation:
    """Working state of one article while it passes through the pipeline.

    Stages fill the layers in place; ``freeze`` turns the result into the immutable
    ``AnalyzedArticle`` that is stored. ``doc`` (the spaCy Doc) is never stored.
    """

    article: Article
    blocks: tuple[Block, ...] = ()
    doc: Doc | None = None
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    actors: tuple[ArticleActor, ...] = ()
    statements: tuple[Statement, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    assigned: set[str] = field(default_factory=lambda: {"article"})
    error: StorylineError | None = None  # set when a stage failed on this article

    def freeze(self) -> AnalyzedArticle:
        return AnalyzedArticle(
            article=self.article,
            blocks=self.blocks,
            sentences=self.sentences,
            entities=self.entities,
            actors=self.actors,
            statements=self.statements,
            times=self.times,
        )


class Stage:
    """One step of the pipeline. Subclasses set the class attributes and ``__call__``."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"article"})
    assigns: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, annotation: Annotation) -> Annotation:
        raise NotImplementedError

    def pipe(self, annotations: Iterable[Annotation]) -> Iterator[Annotation]:
        """Process a stream; a failure on one article marks it and the stream goes on."""
        for annotation in annotations:
            if annotation.error is None:
                annotation = self._guarded(annotation)
            yield annotation

    def _guarded(self, annotation: Annotation) -> Annotation:
        try:
            result = self(annotation)
        except StorylineError as error:
            annotation.error = error
            return annotation
        result.assigned |= self.assigns
        return result

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class Pipeline:
    """An ordered, checked sequence of stages."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = tuple(stages)
        self._check()

    def _check(self) -> None:
        available = {"article"}
        seen: set[str] = set()
        for stage in self.stages:
            if stage.name in seen:
                raise PipelineError(f"stage {stage.name!r} appears twice")
            seen.add(stage.name)
            unknown = (stage.requires | stage.assigns) - LAYERS
            if unknown:
                raise PipelineError(
                    f"stage {stage.name!r} declares unknown layers: {', '.join(sorted(unknown))}"
                )
            missing = stage.requires - available
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(sorted(missing))}, "
                    "which no earlier stage assigns"
                )
            available |= stage.assigns

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    @property
    def assigns(self) -> frozenset[str]:
        return frozenset().union(*(stage.assigns for stage in self.stages))

    def pipe_annotations(self, articles: Iterable[Article]) -> Iterator[Annotation]:
        """Run every stage over a stream of articles, lazily; failed ones carry ``error``."""
        stream: Iterable[Annotation] = (Annotation(article) for article in articles)
        for stage in self.stages:
            stream = stage.pipe(stream)
        yield from stream

    def pipe(self, articles: Iterable[Article]) -> Iterator[AnalyzedArticle]:
        """Analyze a stream of articles; raises on the first article that fails."""
        for annotation in self.pipe_annotations(articles):
            if annotation.error is not None:
                raise annotation.error
            yield annotation.freeze()

    def __call__(self, article: Article) -> AnalyzedArticle:
        return next(iter(self.pipe([article])))

    def __repr__(self) -> str:
        return f"Pipeline({' -> '.join(self.names)})"
