"""The pipeline checks stage order when built and isolates per-article failures."""

from __future__ import annotations

from typing import ClassVar

import pytest

from storyline.errors import MalformedInputError, PipelineError
from storyline.model import Article
from storyline.pipeline.base import Annotation, Pipeline, Stage


class Needs(Stage):
    name = "needs"
    requires: ClassVar[frozenset[str]] = frozenset({"article", "doc"})
    assigns: ClassVar[frozenset[str]] = frozenset({"times"})

    def __call__(self, annotation: Annotation) -> Annotation:
        return annotation


class Gives(Stage):
    name = "gives"
    assigns: ClassVar[frozenset[str]] = frozenset({"doc"})

    def __call__(self, annotation: Annotation) -> Annotation:
        if "bad" in annotation.article.text:
            raise MalformedInputError("cannot analyze", path=annotation.article.origin)
        return annotation


def article(text: str) -> Article:
    return Article.create(source="s", title="t", text=text, origin=text)


def test_requirements_met_by_an_earlier_stage() -> None:
    pipeline = Pipeline([Gives(), Needs()])
    assert pipeline.names == ("gives", "needs")
    assert pipeline.assigns == {"doc", "times"}


def test_missing_requirement_fails_when_built() -> None:
    with pytest.raises(PipelineError, match="'needs' requires doc"):
        Pipeline([Needs(), Gives()])


def test_duplicate_stage_fails() -> None:
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([Gives(), Gives()])


def test_unknown_layer_fails() -> None:
    class Odd(Stage):
        name = "odd"
        assigns: ClassVar[frozenset[str]] = frozenset({"vibes"})

    with pytest.raises(PipelineError, match="unknown layers: vibes"):
        Pipeline([Odd()])


def test_one_failing_article_does_not_stop_the_stream() -> None:
    pipeline = Pipeline([Gives(), Needs()])
    results = list(pipeline.pipe_annotations([article("good one"), article("bad"), article("ok")]))
    assert [r.error is None for r in results] == [True, False, True]
    assert results[0].assigned == {"article", "doc", "times"}
    assert results[1].error is not None
    assert results[1].error.path == "bad"
    assert "times" not in results[1].assigned


def test_pipe_raises_the_first_failure() -> None:
    with pytest.raises(MalformedInputError):
        list(Pipeline([Gives()]).pipe([article("bad")]))
