"""Span indexes answer as a scan of every span would."""

from __future__ import annotations

import random

from storyline.pipeline.statements.spans import ShortSpans, SpanCover


def _random_spans(rng: random.Random, count: int, longest: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(count):
        start = rng.randrange(200)
        spans.append((start, start + rng.randrange(longest + 1)))
    return spans


def _overlap(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] < end and start < span[1]


def test_span_cover_answers_as_a_scan_would() -> None:
    rng = random.Random(7)
    for _ in range(200):
        spans = _random_spans(rng, rng.randrange(8), longest=60)
        cover = SpanCover(spans)
        start = rng.randrange(-5, 260)
        end = start + rng.randrange(6)
        excluding = rng.randrange(len(spans)) if spans and rng.random() < 0.5 else None
        others = [s for i, s in enumerate(spans) if i != excluding]
        expected = any(_overlap(span, start, end) for span in others)
        assert cover.overlaps(start, end, excluding=excluding) is expected, (spans, start, end)
        held = any(s <= start < e for s, e in others)
        assert cover.covers(start, excluding=excluding) is held


def test_span_cover_leaves_out_only_the_span_asked_to() -> None:
    # two spans end at the same place: leaving one out, the other still covers
    cover = SpanCover([(0, 10), (5, 10)])
    assert cover.covers(7, excluding=0)
    assert cover.covers(7, excluding=1)
    assert not SpanCover([(0, 10), (5, 6)]).covers(7, excluding=0)


def test_short_spans_give_every_overlap_in_the_order_given() -> None:
    rng = random.Random(11)
    for _ in range(200):
        spans = _random_spans(rng, rng.randrange(10), longest=12)
        index = ShortSpans(spans)
        start = rng.randrange(-5, 220)
        end = start + rng.randrange(8)
        expected = [i for i, span in enumerate(spans) if _overlap(span, start, end)]
        assert index.overlapping(start, end) == expected, (spans, start, end)
