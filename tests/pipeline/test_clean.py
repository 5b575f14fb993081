"""The clean stage: boilerplate out, blocks in, and a map back to the input text."""

from __future__ import annotations

import pytest

from storyline.model import Article, BlockKind, SourceMap
from storyline.pipeline.base import Annotation, Pipeline
from storyline.pipeline.clean import CleanStage, clean_text

RAW = (
    "Talks resume\r\n"
    "Listen to this article\r\n"
    "\r\n"
    "Ministers  met\u00a0in Geneva on Monday.\u200b\r\n"
    "A crowd outside the hall. Photo\r\n"
    "\r\n"
    "Both sides said progress was made.\r\n"
    "(Reuters)\r\n"
)


def clean(text: str, title: str = "") -> Annotation:
    article = Article.create(source="wire", title=title, text=text, origin="in.txt")
    return CleanStage()(Annotation(article))


def test_boilerplate_is_removed_and_blocks_are_split() -> None:
    annotation = clean(RAW)
    text = annotation.article.text
    blocks = ["Talks resume", "Ministers met in Geneva on Monday.", "Both sides said progress"]
    blocks[-1] += " was made."
    assert text == "\n\n".join(blocks)
    assert [(text[b.start : b.end], b.kind) for b in annotation.blocks] == [
        ("Talks resume", BlockKind.HEADING),
        ("Ministers met in Geneva on Monday.", BlockKind.PARAGRAPH),
        ("Both sides said progress was made.", BlockKind.PARAGRAPH),
    ]


def test_the_repeated_title_is_dropped() -> None:
    annotation = clean("Talks resume\nMinisters met in Geneva.", title="Talks resume")
    assert annotation.article.text == "Ministers met in Geneva."


def test_the_article_keeps_its_id_and_everything_but_the_text() -> None:
    annotation = clean(RAW)
    article = Article.create(source="wire", title="", text=RAW, origin="in.txt")
    assert annotation.article.id == article.id
    assert annotation.article.origin == "in.txt"


def test_every_cleaned_character_maps_back_to_the_same_input_character() -> None:
    annotation = clean(RAW)
    text, source_map = annotation.article.text, annotation.source_map
    for offset, char in enumerate(text):
        source = RAW[source_map.source_offset(offset)]
        if char == "\n":
            assert source in "\r\n"
        elif char == " ":
            assert source.isspace()
        else:
            assert source == char
    start = text.index("Geneva")
    assert source_map.to_source(start, start + len("Geneva on Monday")) == (
        RAW.index("Geneva"),
        RAW.index("Geneva") + len("Geneva on Monday"),
    )


def test_spans_map_back_across_collapsed_spaces() -> None:
    cleaned = clean_text("Ministers   met\tin Geneva.")
    assert cleaned.text == "Ministers met in Geneva."
    assert cleaned.to_source(0, len("Ministers met")) == (0, len("Ministers   met"))
    assert cleaned.to_source(5, 5) == (5, 5)  # an empty span stays empty
    assert cleaned.source_map.source_offset(len(cleaned.text)) == len("Ministers   met\tin Geneva.")


def test_the_map_is_stored_compactly() -> None:
    cleaned = clean_text("One paragraph here.\n\nAnother   one.")
    # one run per copied stretch, not one entry per character
    assert len(cleaned.source_map.pieces) == 4
    assert SourceMap().to_source(3, 7) == (3, 7)  # no map: offsets are their own


def test_all_boilerplate_keeps_the_text() -> None:
    raw = "\n  Listen to this article \n"
    annotation = clean(raw)
    assert annotation.article.text == "Listen to this article"
    assert [(b.start, b.end) for b in annotation.blocks] == [(0, len("Listen to this article"))]
    assert annotation.source_map.to_source(0, 6) == (raw.index("Listen"), raw.index("Listen") + 6)


@pytest.mark.parametrize("raw", ["", " \n\t\n"])
def test_an_empty_text_stays_empty(raw: str) -> None:
    annotation = clean(raw)
    assert annotation.article.text == ""
    assert annotation.blocks == ()


def test_the_stage_declares_what_it_rewrites() -> None:
    assert CleanStage.assigns == {"article.text", "blocks", "source_map"}
    assert CleanStage.requires == {"article.text", "article.title"}
    [annotation] = Pipeline([CleanStage()]).pipe_annotations(
        [Article.create(source="s", title="t", text="Some text.")]
    )
    assert annotation.assigned >= {"article.text", "blocks", "source_map"}
    assert annotation.freeze().source_map == annotation.source_map
