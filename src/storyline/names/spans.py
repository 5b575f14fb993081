"""Which actor a text span names: one answer for the statements stage and the tests."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.model import ArticleActor

__all__ = ["actor_for_span"]


def actor_for_span(actors: Sequence[ArticleActor], start: int, end: int) -> ArticleActor | None:
    """The actor a text span (a statement's source, its head word) refers to, or None.

    Prefers a mention ending where the span ends (the head of an English noun phrase:
    "the Kremlin chief" is the chief, not the Kremlin), then the longest overlap, then
    the first actor.
    """
    best: tuple[tuple[bool, int], ArticleActor] | None = None
    for actor in actors:
        for m_start, m_end in actor.mentions:
            overlap = min(end, m_end) - max(start, m_start)
            if overlap <= 0:
                continue
            score = (m_end == end, overlap)
            if best is None or score > best[0]:
                best = (score, actor)
    return best[1] if best else None
