"""Ingest through the service: per-article failures, odd inputs, parallel workers."""

from __future__ import annotations

import os
from datetime import date
from typing import ClassVar

import pytest

from storyline.ingest import ReadResult
from storyline.model import Article
from storyline.pipeline import default_pipeline
from storyline.pipeline import nlp as nlp_module
from storyline.pipeline.base import Annotation, Pipeline, Stage
from storyline.pipeline.clean import CleanStage
from storyline.service import IngestEvent, Storyline
from storyline.store.sqlite import SQLiteStore

TOPICS = ("budget", "harbour", "election", "drought", "strike", "vaccine", "bridge")


class BreaksOnOne(Stage):
    """A stage with a bug that shows on one article."""

    name = "breaks_on_one"
    requires: ClassVar[frozenset[str]] = frozenset({"article.text"})

    def __call__(self, annotation: Annotation) -> Annotation:
        if "broken" in annotation.article.text:
            raise KeyError("no such thing")
        return annotation


class KillsItsProcess(Stage):
    """A stage that takes its process down on one article, as a crash in native code or
    the kernel's out-of-memory killer would."""

    name = "kills_its_process"

    def __call__(self, annotation: Annotation) -> Annotation:
        if "fatal" in annotation.article.text:
            os._exit(9)
        return annotation


def results(texts: list[str], published: date | None = None) -> list[ReadResult]:
    return [
        ReadResult(
            f"in/{i}.txt",
            Article.create(
                source="wire", title="", text=text, published=published, origin=f"in/{i}.txt"
            ),
        )
        for i, text in enumerate(texts)
    ]


def news(count: int) -> list[str]:
    return [
        f"Officials in Oslo said on Monday that the {TOPICS[i % len(TOPICS)]} talks, "
        f'round {i}, would resume next week. "We are close," Maria Berg told Reuters.'
        for i in range(count)
    ]


def test_a_stage_that_raises_on_one_article_fails_only_that_one() -> None:
    app = Storyline(SQLiteStore(":memory:"), pipeline=Pipeline([CleanStage(), BreaksOnOne()]))
    report = app.store_results(results(["First text.", "A broken text.", "Third text."]))
    assert len(report.stored) == 2
    assert app.store.count() == 2
    [failure] = report.failed
    assert failure.origin == "in/1.txt"
    assert failure.reason == "the breaks_on_one stage failed: KeyError: 'no such thing'"


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_publication_date_at_the_calendar_edge_is_stored(published: date) -> None:
    app = Storyline(SQLiteStore(":memory:"), pipeline=default_pipeline())
    text = "Yesterday, last year and on Christmas the council met. It meets tomorrow, next year."
    report = app.store_results(results([text], published))
    assert report.failed == ()
    [analyzed] = app.articles()
    assert analyzed.article.published == published
    assert analyzed.times  # what can be dated is; the rest has no value


def test_a_long_text_is_stored_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 500)
    app = Storyline(SQLiteStore(":memory:"), pipeline=default_pipeline())
    text = "\n\n".join(news(12))
    report = app.store_results(results([text]))
    assert report.failed == ()
    [analyzed] = app.articles()
    assert analyzed.article.text == text
    assert len([s for s in analyzed.statements if s.speaker_text == "Maria Berg"]) == 12
    for entity in analyzed.entities:
        assert analyzed.span_text(entity.start, entity.end) == entity.text


def test_parallel_ingest_stores_what_a_serial_one_stores() -> None:
    texts = [*news(17), "A broken text."]
    pipeline = Pipeline([*default_pipeline().stages, BreaksOnOne()])
    serial = Storyline(SQLiteStore(":memory:"), pipeline=pipeline)
    parallel = Storyline(SQLiteStore(":memory:"), pipeline=pipeline)
    serial_report = serial.store_results(results(texts), workers=1)
    parallel_report = parallel.store_results(results(texts), workers=2)
    assert parallel_report.stored == serial_report.stored
    assert len(parallel_report.stored) == 17
    assert parallel_report.failed == serial_report.failed
    assert parallel.articles() == serial.articles()


def test_interrupting_a_parallel_ingest_keeps_whole_articles() -> None:
    app = Storyline(SQLiteStore(":memory:"), pipeline=default_pipeline())
    stored: list[str] = []

    def interrupt_on_the_third(event: IngestEvent, origin: str, total: int) -> None:
        if event is IngestEvent.STORED:
            stored.append(origin)
            if len(stored) == 3:
                raise KeyboardInterrupt

    report = app.store_results(results(news(20)), progress=interrupt_on_the_third, workers=2)
    assert report.interrupted
    assert app.store.count() == len(report.stored) == 3
    for analyzed in app.articles():
        assert analyzed.sentences
        assert analyzed.statements


def test_a_worker_that_dies_fails_only_its_article() -> None:
    texts = [f"Text number {i}." for i in range(20)]
    texts[11] = "A fatal text."
    app = Storyline(SQLiteStore(":memory:"), pipeline=Pipeline([CleanStage(), KillsItsProcess()]))
    report = app.store_results(results(texts), workers=2)
    assert len(report.stored) == 19
    [failure] = report.failed
    assert failure.origin == "in/11.txt"
    assert failure.reason == "a worker process died while analyzing it"
