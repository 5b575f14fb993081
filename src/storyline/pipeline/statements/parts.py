"""The pieces of a content without the source and cue inserted into it."""

from __future__ import annotations

from storyline.pipeline.statements.quotes import QuotationIndex, starts_with_quote
from storyline.pipeline.statements.syntax import CharSpan

__all__ = ["content_parts"]

_TRIM = " \t\n,;:.—–-"
_CONJUNCTIONS = ("and", "but", "or")


# --------------------------------------------------------------------------- content


def _trim(text: str, start: int, end: int) -> CharSpan | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in " \t\n,;:—–-":
        end -= 1
    return (start, end) if end > start else None


def _before_conjunction(text: str, start: int, end: int) -> int:
    """The end of a piece without a conjunction left dangling before a frame
    ("Russia is using ... and[,] according to experts, ...")."""
    piece = text[start:end].rstrip(_TRIM)
    for word in _CONJUNCTIONS:
        if piece.endswith(f" {word}"):
            return start + len(piece) - len(word)
    return end


def _quote_parts(quotes: QuotationIndex, start: int, end: int, frame: CharSpan) -> list[CharSpan]:
    """Quotations of ``[start, end)`` that lie outside ``frame``."""
    parts = []
    for quotation in quotes.overlapping(start, end):
        if quotation.end <= frame[0] or quotation.start >= frame[1]:
            parts.append((max(quotation.start, start), min(quotation.end, end)))
    return parts


def content_parts(
    text: str,
    content: CharSpan,
    cue: CharSpan | None,
    source: CharSpan | None,
    quotes: QuotationIndex | None = None,
) -> tuple[CharSpan, ...]:
    """The pieces of a content without the source and cue inserted into it.

    "“A,” she said. “B.”" gives the two quotations; "The economy, he said, is strong"
    gives "The economy" and "is strong"; a content that does not surround its cue is
    returned whole. ``quotes`` (the text's quotations) saves finding them again.
    """
    start, end = content
    framing = [span for span in (cue, source) if span and start < span[0] < end]
    if not framing:
        whole = _trim(text, start, end)
        return (whole,) if whole else ()
    frame = (min(s for s, _ in framing), max(e for _, e in framing))
    if starts_with_quote(text, start):
        quoted = _quote_parts(quotes or QuotationIndex(text), start, end, frame)
        if quoted:
            return tuple(quoted)
    pieces = [
        _trim(text, start, _before_conjunction(text, start, frame[0])),
        _trim(text, frame[1], end),
    ]
    return tuple(piece for piece in pieces if piece)
