"""Which actor a text span names: one answer for the statements stage and the tests."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.model import ArticleActor

__all__ = ["actor_for_span", "naming_score"]


def naming_score(mention: tuple[int, int], start: int, end: int) -> tuple[bool, int] | None:
    """How well a mention fits as what ``[start, end)`` names (higher is better), or None
    when they do not overlap: a mention ending where the span ends first (the head of an
    English noun phrase: "the Kremlin chief" is the chief, not the Kremlin), then the
    longest overlap."""
    overlap = min(end, mention[1]) - max(start, mention[0])
    return (mention[1] == end, overlap) if overlap > 0 else None


def actor_for_span(actors: Sequence[ArticleActor], start: int, end: int) -> ArticleActor | None:
    """The actor a text span (a statement's source, its head word) refers to, or None:
    the best ``naming_score``, then the first actor."""
    best: tuple[tuple[bool, int], ArticleActor] | None = None
    for actor in actors:
        for mention in actor.mentions:
            score = naming_score(mention, start, end)
            if score is not None and (best is None or score > best[0]):
                best = (score, actor)
    return best[1] if best else None
