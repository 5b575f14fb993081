"""Every record survives the JSON round trip exactly."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from storyline.model import (
    ActorKind,
    AnalyzedArticle,
    Article,
    ArticleActor,
    Block,
    BlockKind,
    EntityMention,
    Granularity,
    Polarity,
    Sentence,
    SourceMap,
    SourceType,
    Statement,
    StatementKind,
    TimeExpression,
    TimeType,
)
from storyline.store.codec import decode_json, from_plain, pack, packed_json, to_plain, unpack

TEXT = "Mayor Ann Lee said on Monday that the bridge was safe.\n\nBridge report"


def sample_analyzed() -> AnalyzedArticle:
    article = Article.create(
        source="gazette", title="Bridge", text=TEXT, published=date(2025, 3, 4), url="https://x"
    )
    return AnalyzedArticle(
        article=article,
        blocks=(Block(0, 54, BlockKind.PARAGRAPH), Block(56, 69, BlockKind.HEADING)),
        source_map=SourceMap(((0, 3, 54), (54, 58, 1), (55, 58, 14)), 73),
        sentences=(Sentence(0, 54), Sentence(56, 69)),
        entities=(EntityMention(6, 13, "Ann Lee", "PERSON"),),
        actors=(
            ArticleActor(
                key="person:ann-lee",
                name="Ann Lee",
                kind=ActorKind.PERSON,
                mentions=((6, 13),),
                roles=("Mayor",),
                role_spans=((0, 5),),
            ),
        ),
        statements=(
            Statement(
                start=0,
                end=53,
                content=(29, 53),
                cue=(14, 18),
                source=(0, 13),
                speaker_text="Mayor Ann Lee",
                speaker_key="person:ann-lee",
                source_type=SourceType.NAMED,
                cue_text="said",
                cue_lemma="say",
                content_text=TEXT[29:53],
                kind=StatementKind.REPORTED,
                polarity=Polarity.DENY,
                hedges=("could",),
                event_time="2025-03-03",
            ),
        ),
        times=(
            TimeExpression(
                22, 28, "Monday", TimeType.DATE, "2025-03-03", Granularity.DAY, relative=True
            ),
        ),
    )


def test_round_trip_is_exact() -> None:
    analyzed = sample_analyzed()
    plain = json.loads(json.dumps(to_plain(analyzed)))
    assert from_plain(AnalyzedArticle, plain) == analyzed


def test_plain_form_is_readable() -> None:
    plain = to_plain(sample_analyzed())
    assert plain["article"]["published"] == "2025-03-04"
    assert plain["statements"][0]["polarity"] == "deny"
    assert plain["times"][0]["granularity"] == "day"
    assert plain["statements"][0]["cue"] == [14, 18]


def test_packed_values_round_trip_smaller_and_older_plain_json_still_reads() -> None:
    plain = to_plain(sample_analyzed())
    plain["article"]["text"] = TEXT * 40 + " \ud800 é"  # repetitive, a lone surrogate
    packed = pack(plain)
    assert isinstance(packed, bytes)
    assert len(packed) < len(json.dumps(plain)) / 4
    assert unpack(packed) == plain
    assert unpack(json.dumps(plain)) == plain  # a store written before packing


def test_a_packed_record_reads_back_as_its_to_plain_values() -> None:
    analyzed = sample_analyzed()
    packed = pack(analyzed)  # the record itself: msgspec writes what to_plain gives
    assert unpack(packed) == json.loads(json.dumps(to_plain(analyzed)))
    assert decode_json(AnalyzedArticle, packed_json(packed)) == analyzed
    odd = replace(analyzed, article=replace(analyzed.article, title="x \ud800 é"))
    assert decode_json(AnalyzedArticle, packed_json(pack(odd))) == odd  # json.dumps wrote it


@pytest.mark.parametrize(
    "drift",
    [
        lambda p: p["source_map"].clear(),  # a layer stored before a field was kept: {}
        lambda p: p["times"][0].pop("mod"),  # a field missing (its default applies)
        lambda p: p["times"][0].update(retired=1),  # a field no longer in the model
        lambda p: p["article"].update(title=p["article"].pop("title")),  # reordered
        lambda p: p["article"].update(published="20250304"),  # a date in another form
        lambda p: p["times"][0].update(modifier=p["times"][0].pop("mod")),  # renamed
    ],
)
def test_json_decoding_reads_what_older_versions_stored_as_from_plain_does(
    drift: Callable[[dict[str, Any]], None],
) -> None:
    plain = json.loads(json.dumps(to_plain(sample_analyzed())))
    drift(plain)
    assert decode_json(AnalyzedArticle, json.dumps(plain)) == from_plain(AnalyzedArticle, plain)


def test_json_decoding_of_a_lone_surrogate_falls_back_to_from_plain() -> None:
    analyzed = sample_analyzed()
    odd = replace(analyzed, article=replace(analyzed.article, title="half \ud800 pair"))
    text = json.dumps(to_plain(odd))  # escaped: \ud800, which msgspec refuses
    assert decode_json(AnalyzedArticle, text) == odd
    assert decode_json(AnalyzedArticle, json.dumps(to_plain(analyzed))) == analyzed


def test_unknown_enum_values_still_fail() -> None:
    with pytest.raises(ValueError, match="nonsense"):
        from_plain(BlockKind, "nonsense")
