"""Stages and the pipeline that runs them.

Like spaCy's components, every stage declares what it ``requires`` and what it
``assigns``: a layer (a field of ``Annotation``, e.g. ``"doc"``) or one attribute of a
record layer (``"article.text"``). ``Pipeline`` checks, when it is built, that every
declaration names a real field and that each stage's requirements are assigned by a
stage before it, so a mis-declared or mis-ordered pipeline fails at once with a clear
error instead of midway through a batch.

Any exception a stage raises on one article becomes that article's ``error`` (the
traceback goes to stderr with ``STORYLINE_DEBUG=1``); the other articles go on.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from storyline import model
from storyline.errors import PipelineError, StorylineError
from storyline.model import (
    AnalyzedArticle,
    Article,
    ArticleActor,
    Block,
    EntityMention,
    Sentence,
    SourceMap,
    Statement,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.pipeline.sentences import SentenceIndex

__all__ = ["LAYERS", "STORED_LAYERS", "Annotation", "Pipeline", "Stage", "stage_failure"]


@dataclass
class Annotation:
    """Working state of one article while it passes through the pipeline.

    Stages fill the layers in place; ``freeze`` turns the result into the immutable
    ``AnalyzedArticle`` that is stored. The working layers ``doc`` (the spaCy Doc) and
    ``sentence_index`` are never stored; every other layer is a field of
    ``AnalyzedArticle`` of the same name and type.
    """

    article: Article
    blocks: tuple[Block, ...] = ()
    source_map: SourceMap = field(default_factory=SourceMap)
    doc: Doc | None = None
    sentence_index: SentenceIndex | None = None
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    actors: tuple[ArticleActor, ...] = ()
    statements: tuple[Statement, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    assigned: set[str] = field(default_factory=lambda: {"article"})
    error: StorylineError | None = None  # set when a stage failed on this article

    def freeze(self) -> AnalyzedArticle:
        return AnalyzedArticle(**{name: getattr(self, name) for name in STORED_LAYERS})


#: Fields of ``Annotation`` that are bookkeeping, not layers.
_BOOKKEEPING = frozenset({"assigned", "error"})
#: Every layer a stage may require or assign. ``article`` is there from the start.
LAYERS = frozenset(f.name for f in dataclasses.fields(Annotation)) - _BOOKKEEPING
#: The layers ``freeze`` keeps: the fields of ``AnalyzedArticle``.
STORED_LAYERS = tuple(f.name for f in dataclasses.fields(AnalyzedArticle))
if not LAYERS.issuperset(STORED_LAYERS):  # pragma: no cover - a programming error
    raise TypeError(f"Annotation lacks stored layers: {set(STORED_LAYERS) - LAYERS}")


def _record_fields(layer: str) -> frozenset[str] | None:
    """Field names of a record layer (``article``, ``source_map``); None for others."""
    hint = {f.name: f.type for f in dataclasses.fields(Annotation)}[layer]
    # annotations are strings here (postponed evaluation); records live in the model
    kind: Any = getattr(model, hint, None) if isinstance(hint, str) else hint
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        return None
    return frozenset(f.name for f in dataclasses.fields(kind))


def _declaration_problem(declaration: str) -> str | None:
    """Why a ``requires``/``assigns`` entry names nothing real, or None when it does."""
    layer, _, attribute = declaration.partition(".")
    if layer not in LAYERS:
        return "not a layer"
    if not attribute:
        return None
    fields = _record_fields(layer)
    if fields is None:
        return f"{layer} is not a record"
    return None if attribute in fields else f"{layer} has no field {attribute}"


def stage_failure(stage: str, error: Exception) -> StorylineError:
    """A stage's exception as the article's one-line failure (StorylineErrors as they are)."""
    if isinstance(error, StorylineError):
        return error
    if os.environ.get("STORYLINE_DEBUG"):
        traceback.print_exception(error, file=sys.stderr)
    failure = PipelineError(f"the {stage} stage failed: {type(error).__name__}: {error}")
    failure.__cause__ = error
    return failure


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
        except Exception as error:  # one article's failure, whatever it is (not Ctrl-C)
            annotation.error = stage_failure(self.name, error)
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
            problems = {
                f"{name} ({problem})"
                for name in stage.requires | stage.assigns
                if (problem := _declaration_problem(name)) is not None
            }
            if problems:
                raise PipelineError(
                    f"stage {stage.name!r} declares unknown layers: {', '.join(sorted(problems))}"
                )
            missing = {
                name for name in stage.requires if name.partition(".")[0] not in available
            } - available
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
