"""The text of a parsed article, built once per Doc."""

from __future__ import annotations

import gc

from storyline.pipeline import doctext
from storyline.pipeline.doctext import doc_text, noun_chunks, span_text
from storyline.pipeline.nlp import load_english

TEXT = "Ministers met on Monday.  “We agreed,” she said.\n\nTalks resume in March 2024 . "


def test_doc_text_is_the_doc_text_and_spans_are_their_text() -> None:
    doc = load_english()(TEXT)
    assert doc_text(doc) == doc.text == TEXT
    spans = [*doc.sents, *doc.ents, *doc.noun_chunks, doc[0:0], doc[3:3], doc[-2:], doc[:]]
    spans += [doc[i:j] for i in range(len(doc)) for j in range(i, min(len(doc), i + 4) + 1)]
    assert [span_text(span) for span in spans] == [span.text for span in spans]


def test_the_text_is_joined_once_per_doc_and_forgotten_with_it() -> None:
    nlp = load_english()
    doc = nlp(TEXT)
    assert doc.text is not doc.text  # spaCy joins the tokens again on every read
    text = doc_text(doc)
    assert all(doc_text(doc) is text for _ in range(3))
    assert doc_text(nlp(TEXT)) is not text  # another doc, its own text
    assert len(doctext._TEXTS) >= 1
    alive = len(doctext._TEXTS)
    del doc
    gc.collect()
    assert len(doctext._TEXTS) < alive


def test_noun_chunks_are_found_once_per_doc() -> None:
    doc = load_english()(TEXT)
    chunks = noun_chunks(doc)
    assert [(c.start, c.end, c.label_) for c in chunks] == [
        (c.start, c.end, c.label_) for c in doc.noun_chunks
    ]
    assert chunks
    assert [span_text(c) for c in noun_chunks(doc)] == [c.text for c in doc.noun_chunks]
    assert all(c.doc is doc for c in chunks)
    assert doctext._CHUNKS[doc] == tuple((c.start, c.end, c.label_) for c in chunks)
