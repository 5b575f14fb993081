"""Which actor a text span names (the statements stage's speaker lookup)."""

from __future__ import annotations

from storyline.model import ActorKind, ArticleActor
from storyline.names.spans import actor_for_span


def actor(key: str, *mentions: tuple[int, int]) -> ArticleActor:
    return ArticleActor(key=key, name=key, kind=ActorKind.PERSON, mentions=mentions)


def test_no_actor_or_no_overlap() -> None:
    assert actor_for_span((), 0, 5) is None
    assert actor_for_span((actor("a", (10, 20)),), 0, 10) is None  # touching is no overlap


def test_a_mention_ending_with_the_span_wins() -> None:
    # "the Kremlin chief" (0-17): Russia's "Kremlin" (4-11) overlaps, Putin's ends there
    russia, putin = actor("russia", (4, 11)), actor("putin", (0, 17))
    assert actor_for_span((russia, putin), 0, 17) is putin
    assert actor_for_span((russia, putin), 4, 11) is russia


def test_then_the_longest_overlap_then_the_first() -> None:
    short, long = actor("short", (0, 3)), actor("long", (5, 12))
    assert actor_for_span((short, long), 0, 20) is long
    first, second = actor("first", (0, 4)), actor("second", (6, 10))
    assert actor_for_span((first, second), 0, 20) is first
