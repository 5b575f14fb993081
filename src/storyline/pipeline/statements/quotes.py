"""Quotations in a text: curly, straight and guillemet double quotes.

News text marks verbatim speech with double quotes. A quotation may run over several
sentences; one left open at the end of a paragraph (a typo, or the convention that a
quote running on into the next paragraph is not closed) ends with its paragraph.
Single quotes are left alone: they are apostrophes far more often than quotes.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

__all__ = [
    "OPENING_QUOTES",
    "QUOTE_MARKS",
    "Quotation",
    "QuotationIndex",
    "find_quotations",
    "starts_with_quote",
]

OPENING_QUOTES = frozenset("“„«")
CLOSING_QUOTES = frozenset("”»")
STRAIGHT_QUOTE = '"'
#: Two apostrophes stand for a straight double quote in some newswire text.
DOUBLED_APOSTROPHE = "''"
QUOTE_MARKS = OPENING_QUOTES | CLOSING_QUOTES | {STRAIGHT_QUOTE, DOUBLED_APOSTROPHE}


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation from its opening mark to just after its closing mark."""

    start: int
    end: int
    closed: bool = True

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def _mark_at(text: str, index: int) -> str | None:
    """The quote mark that starts at ``index``, if any."""
    if text.startswith(DOUBLED_APOSTROPHE, index):
        return DOUBLED_APOSTROPHE
    char = text[index]
    return char if char in QUOTE_MARKS else None


def _opens(text: str, index: int, mark: str, inside: bool) -> bool:
    """Whether the quote mark at ``index`` opens a quotation."""
    if mark in OPENING_QUOTES:
        # a misused opening mark right after a word closes the quotation
        return not (inside and index > 0 and not text[index - 1].isspace())
    if mark in CLOSING_QUOTES:
        return False
    return not inside


def _paragraph_quotations(text: str, start: int, end: int) -> list[Quotation]:
    found: list[Quotation] = []
    opened: int | None = None
    index = start
    while index < end:
        mark = _mark_at(text, index)
        if mark is None:
            index += 1
            continue
        if opened is None:
            if _opens(text, index, mark, inside=False):
                opened = index
        elif not _opens(text, index, mark, inside=True):
            found.append(Quotation(opened, index + len(mark)))
            opened = None
        index += len(mark)
    if opened is not None and end - opened > 2:
        found.append(Quotation(opened, end, closed=False))
    return found


def find_quotations(text: str) -> tuple[Quotation, ...]:
    """Every double-quoted stretch of ``text``, paragraph by paragraph, in order."""
    quotations: list[Quotation] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        quotations += _paragraph_quotations(text, start, end)
        next_break = text.find("\n", start)
        if next_break == -1:
            break
        start = next_break + 1
    return tuple(quotations)


def starts_with_quote(text: str, index: int) -> bool:
    """Whether a quote mark starts at ``index`` of ``text``."""
    return _mark_at(text, index) is not None


class QuotationIndex:
    """Quotations of one text with fast lookup by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quotations = find_quotations(text)
        self._starts = [q.start for q in self.quotations]

    def at(self, offset: int) -> Quotation | None:
        """The quotation that covers ``offset`` (its marks included), if any."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.quotations[index].end:
            return self.quotations[index]
        return None

    def overlapping(self, start: int, end: int) -> list[Quotation]:
        """Quotations that share at least one character with ``[start, end)``."""
        index = max(bisect_right(self._starts, start) - 1, 0)
        found = []
        for quotation in self.quotations[index:]:
            if quotation.start >= end:
                break
            if quotation.end > start:
                found.append(quotation)
        return found

    def following(self, offset: int) -> Quotation | None:
        """The first quotation that starts at or after ``offset``."""
        index = bisect_right(self._starts, offset - 1)
        return self.quotations[index] if index < len(self.quotations) else None
