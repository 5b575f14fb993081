"""Character spans indexed for overlap questions, so that asking costs no pass over all.

An article of n sentences yields some n statements, n time expressions and n actor
mentions; asking "which of them overlaps this span" by a scan of all of them for each
statement makes the statements stage grow with the square of the article. Both
indexes sort the spans by start once and answer by binary search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from storyline.pipeline.statements.syntax import CharSpan

__all__ = ["ShortSpans", "SpanCover"]


class SpanCover:
    """Whether any of many spans (of any length) overlaps a span.

    Spans sorted by start, with the two largest ends among each prefix: the spans that
    start before a query's end overlap it when the largest of their ends passes its
    start; the runner-up answers when the largest is the one span left out.
    """

    def __init__(self, spans: Sequence[CharSpan]) -> None:
        order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self._starts = [spans[i][0] for i in order]
        self._largest: list[tuple[int, int]] = []  # (end, position in ``spans``)
        self._second: list[int] = []  # the runner-up end
        largest, second = (-1, -1), -1
        for i in order:
            end = spans[i][1]
            if end > largest[0]:
                largest, second = (end, i), largest[0]
            elif end > second:
                second = end
            self._largest.append(largest)
            self._second.append(second)

    def overlaps(self, start: int, end: int, *, excluding: int | None = None) -> bool:
        """Whether a span (other than the one at position ``excluding``) shares a
        character with ``[start, end)``."""
        count = bisect_left(self._starts, end)
        if count == 0:
            return False
        largest_end, position = self._largest[count - 1]
        if position == excluding:
            return self._second[count - 1] > start
        return largest_end > start

    def covers(self, offset: int, *, excluding: int | None = None) -> bool:
        """Whether a span (other than the one at ``excluding``) holds ``offset``."""
        return self.overlaps(offset, offset + 1, excluding=excluding)


class ShortSpans:
    """The spans that overlap a span, when every span is short (time expressions,
    names): only those starting at most the longest span's length before it are read."""

    def __init__(self, spans: Sequence[CharSpan]) -> None:
        self._spans = spans
        self._order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self._starts = [spans[i][0] for i in self._order]
        self._longest = max((end - start for start, end in spans), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions (in the order given) of the spans that overlap ``[start, end)``."""
        first = bisect_right(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return sorted(i for i in self._order[first:last] if self._spans[i][1] > start)
