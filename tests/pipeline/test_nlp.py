"""The nlp stage: long texts in paragraph chunks, per-article failures, memory zones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.model import Article
from storyline.pipeline import nlp as nlp_module
from storyline.pipeline.base import Annotation, Pipeline
from storyline.pipeline.clean import CleanStage
from storyline.pipeline.nlp import CHUNK_CHARS, NlpStage, load_english, paragraph_chunks

PARAGRAPH = (
    "Angela Merkel met Emmanuel Macron in Berlin on Monday. "
    "The two leaders discussed the budget of the European Union."
)


def stream(texts: list[str]) -> Iterator[Annotation]:
    """Annotations as the pipeline hands them on: each Doc alive until its batch ends."""
    articles = [
        Article.create(source="s", title="", text=t, origin=f"a{i}") for i, t in enumerate(texts)
    ]
    return Pipeline([CleanStage(), NlpStage()]).pipe_annotations(articles)


def analyze(texts: list[str]) -> list[Annotation]:
    return list(stream(texts))


def entity_layer(annotation: Annotation) -> list[tuple[int, int, str, str]]:
    return [(e.start, e.end, e.text, e.label) for e in annotation.entities]


def test_chunks_join_back_to_the_text_and_cut_after_paragraphs() -> None:
    text = "\n\n".join(f"Paragraph {i} has some words." for i in range(40))
    chunks = paragraph_chunks(text, 100)
    assert "".join(chunks) == text
    assert all(len(chunk) <= 100 for chunk in chunks)
    assert all(chunk.endswith("\n\n") for chunk in chunks[:-1])
    assert paragraph_chunks("short", 100) == ["short"]


def test_an_overlong_paragraph_is_cut_at_a_space_else_anywhere() -> None:
    chunks = paragraph_chunks("word " * 50, 32)
    assert "".join(chunks) == "word " * 50
    assert all(chunk.endswith(" ") and len(chunk) <= 32 for chunk in chunks[:-1])
    assert paragraph_chunks("x" * 70, 32) == ["x" * 32, "x" * 32, "x" * 6]


def test_chunked_parse_matches_the_article_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n\n".join([PARAGRAPH] * 12)
    [whole] = analyze([text])
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 400)
    annotations = stream([text])  # held: its Doc lives while the stream is at it
    chunked = next(annotations)
    doc = chunked.doc
    assert doc is not None
    assert doc.text == chunked.article.text == text
    assert entity_layer(chunked) == entity_layer(whole)
    assert chunked.sentences == whole.sentences
    for entity in chunked.entities:
        assert text[entity.start : entity.end] == entity.text
    index = chunked.sentence_index
    assert index is not None
    # every paragraph starts a sentence, also where a chunk starts
    starts = {s.start for s in chunked.sentences}
    assert {i * (len(PARAGRAPH) + 2) for i in range(12)} <= starts
    span = index.containing(text.index("Macron", 1000))
    assert span is not None
    assert span.text.startswith("Angela Merkel")


def test_a_text_past_spacys_limit_is_analysed_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_english().max_length > CHUNK_CHARS  # the real limits: chunks always fit
    nlp = load_english()
    monkeypatch.setattr(nlp, "max_length", 3_000)
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 2_000)
    [paragraph] = analyze([PARAGRAPH])
    text = "\n\n".join([PARAGRAPH] * 60)  # 7,000 characters
    [annotation] = analyze([text])
    assert annotation.error is None
    assert len(annotation.entities) == 60 * len(paragraph.entities)
    assert annotation.sentences[-1].end == len(text)


def test_one_failing_text_in_a_batch_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = load_english()
    monkeypatch.setattr(nlp, "max_length", 3_000)
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 1_000_000)  # no chunks: spaCy refuses
    long = "\n\n".join([PARAGRAPH] * 40)
    results = analyze([PARAGRAPH, long, "Paris is in France."])
    assert [r.error is None for r in results] == [True, False, True]
    error = results[1].error
    assert error is not None
    assert error.message.startswith("the nlp stage failed: ValueError: [E088]")
    assert [e.text for e in results[2].entities] == ["Paris", "France"]


def test_the_strings_of_a_batch_are_freed_after_it() -> None:
    word = "Zorblaxian"
    nlp = load_english()
    assert word not in nlp.vocab.strings
    annotations = stream([f"The {word} envoy arrived."])
    annotation = next(annotations)
    assert annotation.doc is not None
    assert annotation.doc[1].text == word
    assert next(annotations, None) is None
    assert word not in nlp.vocab.strings  # spaCy's memory zone ended with the batch
    assert annotation.doc is None  # and its Doc with it
