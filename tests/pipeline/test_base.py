"""The pipeline checks stage order when built and isolates per-article failures."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import pytest

from storyline.errors import MalformedInputError, PipelineError
from storyline.model import AnalyzedArticle, Article, Block, BlockKind
from storyline.pipeline.base import LAYERS, STORED_LAYERS, Annotation, Pipeline, Stage


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


class Crashes(Stage):
    """A stage with a bug that shows on one article."""

    name = "crashes"
    requires: ClassVar[frozenset[str]] = frozenset({"article.text"})
    assigns: ClassVar[frozenset[str]] = frozenset({"times"})

    def __call__(self, annotation: Annotation) -> Annotation:
        if "bad" in annotation.article.text:
            raise ZeroDivisionError("division by zero")
        return annotation


def test_any_exception_is_that_articles_failure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STORYLINE_DEBUG", raising=False)
    results = list(Pipeline([Crashes()]).pipe_annotations([article(t) for t in ["a", "bad", "c"]]))
    assert [r.error is None for r in results] == [True, False, True]
    error = results[1].error
    assert isinstance(error, PipelineError)
    assert error.message == "the crashes stage failed: ZeroDivisionError: division by zero"
    assert isinstance(error.__cause__, ZeroDivisionError)
    assert capsys.readouterr().err == ""  # the traceback only when debugging


def test_debug_shows_the_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYLINE_DEBUG", "1")
    list(Pipeline([Crashes()]).pipe_annotations([article("bad")]))
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert "ZeroDivisionError" in err


def test_interrupt_is_not_an_article_failure() -> None:
    class Interrupted(Stage):
        name = "interrupted"

        def __call__(self, annotation: Annotation) -> Annotation:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(Pipeline([Interrupted()]).pipe_annotations([article("a")]))


@pytest.mark.parametrize(
    ("declaration", "problem"),
    [
        ("article.body", "article has no field body"),
        ("doc.text", "doc is not a record"),
        ("error", "not a layer"),
        ("assigned", "not a layer"),
    ],
)
def test_declarations_name_real_fields(declaration: str, problem: str) -> None:
    class Odd(Stage):
        name = "odd"
        requires: ClassVar[frozenset[str]] = frozenset({declaration})

    with pytest.raises(PipelineError, match=f"{declaration} \\({problem}\\)"):
        Pipeline([Odd()])


def test_attribute_declarations_are_checked_for_order() -> None:
    class NeedsMap(Stage):
        name = "needs_map"
        requires: ClassVar[frozenset[str]] = frozenset({"source_map.pieces"})

    class GivesMap(Stage):
        name = "gives_map"
        assigns: ClassVar[frozenset[str]] = frozenset({"source_map"})

    with pytest.raises(PipelineError, match=r"requires source_map\.pieces"):
        Pipeline([NeedsMap()])
    assert Pipeline([GivesMap(), NeedsMap()]).names == ("gives_map", "needs_map")
    # the article's fields are there from the start
    assert Pipeline([Crashes()]).names == ("crashes",)


def test_layers_are_the_annotation_fields_and_freeze_keeps_the_model_ones() -> None:
    fields = {f.name for f in dataclasses.fields(Annotation)}
    assert fields - LAYERS == {"assigned", "error"}
    assert set(STORED_LAYERS) == {f.name for f in dataclasses.fields(AnalyzedArticle)}
    assert {"doc", "sentence_index"} <= LAYERS - set(STORED_LAYERS)
    annotation = Annotation(article("text"), blocks=(Block(0, 4, BlockKind.PARAGRAPH),))
    frozen = annotation.freeze()
    assert frozen.blocks == annotation.blocks
    assert frozen.article is annotation.article


def test_every_default_stage_declares_real_fields() -> None:
    from storyline.pipeline import default_pipeline

    pipeline = default_pipeline()
    assert pipeline.assigns >= {"article.text", "source_map", "sentence_index", "statements"}


def test_stored_layers_have_the_same_type_in_the_annotation() -> None:
    working = {f.name: f.type for f in dataclasses.fields(Annotation)}
    for stored in dataclasses.fields(AnalyzedArticle):
        assert working[stored.name] == stored.type, stored.name
