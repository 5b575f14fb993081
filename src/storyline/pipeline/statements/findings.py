"""What an attribution rule finds, and helpers every rule shares.

A ``Finding`` holds character spans into ``doc.text`` of the cue ("said", "according
to"), the source (or none) and the content; ``extract`` turns findings into
``Statement`` records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.model import StatementKind
from storyline.pipeline.sentences import SentenceIndex
from storyline.pipeline.statements.cues import CueClass
from storyline.pipeline.statements.quotes import QuotationIndex, starts_with_quote
from storyline.pipeline.statements.syntax import CharSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Context", "Finding", "statement_kind", "widen_to_quotes"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One attribution found in the text (character spans into ``doc.text``)."""

    cue: CharSpan
    cue_lemma: str
    cue_class: CueClass | None
    cue_token: int  # index of the cue's main word
    content: CharSpan
    kind: StatementKind
    source: CharSpan | None = None
    source_token: int | None = None  # index of the source's head word
    # the phrase that names the speaker when the source is a relative pronoun ("voters"
    # of "voters who said"); else None and the source names it
    speaker: CharSpan | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """A parsed text with its quotations and sentences, as every rule reads it."""

    doc: Doc
    quotes: QuotationIndex
    sentences: SentenceIndex
    #: the doc's tokens, made once: each pass over a Doc makes a new Token per token
    tokens: tuple[Token, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tokens", tuple(self.doc))


def widen_to_quotes(content: CharSpan, cue: CharSpan, quotes: QuotationIndex) -> CharSpan:
    """Widen a content to every quotation it overlaps, unless the cue is quoted too."""
    start, end = content
    for quotation in quotes.overlapping(start, end):
        if quotation.start <= cue[0] < quotation.end:
            continue
        start, end = min(start, quotation.start), max(end, quotation.end)
    return start, end


def statement_kind(text: str, content: CharSpan, quotes: QuotationIndex) -> StatementKind:
    start, end = content
    inside = quotes.overlapping(start, end)
    if not inside:
        return StatementKind.REPORTED
    quoted = sum(min(q.end, end) - max(q.start, start) for q in inside)
    unquoted = text[start:end]
    for quotation in inside:
        unquoted = unquoted.replace(text[quotation.start : quotation.end], " ")
    if starts_with_quote(text, start) and not any(c.isalnum() for c in unquoted):
        return StatementKind.DIRECT
    return StatementKind.PARTIAL if quoted else StatementKind.REPORTED
