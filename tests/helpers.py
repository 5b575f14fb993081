"""Assertions and readers shared by the tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from storyline.ingest import offline_fetcher, read_target
from storyline.model import Article


def assert_export_spans_match(document: dict[str, Any]) -> int:
    """Every offset in an export points at the text it claims; returns spans checked."""
    texts = {a["id"]: a["text"] for a in document["articles"]}
    checked = 0
    for article in document["articles"]:
        for time in article["times"]:
            assert article["text"][time["start"] : time["end"]] == time["text"]
            checked += 1
    for story in document["stories"]:
        for statement in story["statements"]:
            text = texts[statement["article_id"]]
            spans = statement["spans"]
            assert text[spans["content"][0] : spans["content"][1]] == statement["content"]
            if spans["cue"] is not None:
                assert text[spans["cue"][0] : spans["cue"][1]] == statement["cue"]
            if spans["source"] is not None:
                assert text[spans["source"][0] : spans["source"][1]] == statement["speaker_text"]
            ends = [s for s in spans.values() if s is not None]
            assert statement["start"] == min(s[0] for s in ends)
            assert statement["end"] == max(s[1] for s in ends)
            checked += 1
        for entry in story["timeline"]:
            assert texts[entry["article_id"]][entry["start"] : entry["end"]] == entry["text"]
            checked += 1
        statement_ids = {s["id"] for s in story["statements"]}
        for contradiction in story.get("contradictions", ()):
            for side in contradiction["statements"]:
                evidence = texts[side["article_id"]][side["start"] : side["end"]]
                assert side["content"] in evidence
                assert side["statement_id"] in statement_ids
                checked += 1
        for actor in story["actors"]:
            names = {actor["name"].casefold(), *(a.casefold() for a in actor["aliases"])}
            for mention in actor["mentions"]:
                surface = texts[mention["article_id"]][mention["start"] : mention["end"]]
                assert surface.casefold() in names, (surface, actor["name"], actor["aliases"])
                checked += 1
    assert checked > 0
    return checked


def read_article(
    path: Path, *, published: date | None = None, source: str | None = None
) -> Article:
    """The one article the product's reader (``read_target``) gives for ``path``."""
    results = list(
        read_target(str(path), published=published, source=source, fetch=offline_fetcher)
    )
    assert len(results) == 1, results
    assert results[0].article is not None, results[0].error
    return results[0].article
