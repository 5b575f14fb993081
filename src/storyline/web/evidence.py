"""Evidence as text pieces: an article's text cut at the cited spans, each piece with the
names of the marks it is inside. Templates render pieces with autoescaping, so article
text never becomes markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.model import AnalyzedArticle, Statement
from storyline.store.base import HIT_END, HIT_START

__all__ = [
    "Mark",
    "Piece",
    "hit_offsets",
    "marked_pieces",
    "pieces",
    "statement_marks",
    "time_marks",
]


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # "statement", "source", "cue", "content", "sentence", "time", "hit"


@dataclass(frozen=True)
class Piece:
    text: str
    kinds: tuple[str, ...] = ()  # the marks this piece lies inside, outermost first
    first: bool = False  # the first marked piece (the page scrolls to it)


def pieces(text: str, marks: Sequence[Mark]) -> list[Piece]:
    """``text`` cut at every mark boundary; marks outside the text are ignored."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    result: list[Piece] = []
    seen_mark = False
    for start, end in itertools.pairwise(cuts):
        inside = sorted(
            (m for m in valid if m.start <= start and end <= m.end),
            key=lambda m: (m.start - m.end, m.kind),
        )
        kinds = tuple(dict.fromkeys(m.kind for m in inside))
        first = bool(kinds) and not seen_mark
        seen_mark = seen_mark or bool(kinds)
        result.append(Piece(text[start:end], kinds, first))
    return result


def statement_marks(statement: Statement) -> list[Mark]:
    """The whole attribution, and its source, cue and content in their own marks."""
    marks = [Mark(statement.start, statement.end, "statement")]
    for kind, span in (
        ("source", statement.source),
        ("cue", statement.cue),
        ("content", statement.content),
    ):
        if span is not None:
            marks.append(Mark(span[0], span[1], kind))
    return marks


def time_marks(
    analyzed: AnalyzedArticle, start: int, end: int, time_text: str | None
) -> list[Mark]:
    """A timeline item: its sentence, and the time expression that dated it (none when
    the publication date dated it)."""
    marks = [Mark(start, end, "sentence")]
    for expression in analyzed.times:
        inside = start <= expression.start and expression.end <= end
        if inside and expression.text == time_text:
            marks.append(Mark(expression.start, expression.end, "time"))
    return marks


def hit_offsets(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """A search snippet without its hit markers, and the hits' offsets in it."""
    plain: list[str] = []
    hits: list[tuple[int, int]] = []
    length, opened = 0, None
    for char in marked:
        if char == HIT_START:
            opened = length
        elif char == HIT_END and opened is not None:
            hits.append((opened, length))
            opened = None
        else:
            plain.append(char)
            length += 1
    return "".join(plain), hits


def marked_pieces(marked: str) -> list[Piece]:
    """A search snippet as pieces, the matched terms marked as hits."""
    text, hits = hit_offsets(marked)
    return pieces(text, [Mark(start, end, "hit") for start, end in hits])
