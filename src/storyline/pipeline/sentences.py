"""The sentences of one parsed article: built once by the nlp stage, read by every stage.

spaCy's sentences (``doc.sents``) are the only segmentation; this index finds the one
around a character offset or a token without rescanning the doc, and gives the stored
``Sentence`` records (whitespace trimmed, empty ones left out).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from storyline.model import Sentence
from storyline.pipeline.doctext import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["SentenceIndex"]

#: ``end`` of the last sentence: past any offset of any text.
_BEYOND = 1 << 60


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SentenceIndex:
    """spaCy's sentences of a doc, found by character offset, token or position."""

    def __init__(self, doc: Doc) -> None:
        self.spans: tuple[Span, ...] = tuple(doc.sents)
        self._char_starts: list[int] = [int(span.start_char) for span in self.spans] or [0]
        self._token_starts: list[int] = [int(span.start) for span in self.spans]
        text = doc_text(doc)
        trimmed = (_trimmed(text, span.start_char, span.end_char) for span in self.spans)
        self.sentences: tuple[Sentence, ...] = tuple(
            Sentence(start, end) for start, end in trimmed if end > start
        )

    def __len__(self) -> int:
        return len(self.spans)

    def index(self, offset: int) -> int:
        """Position of the sentence around character ``offset`` (0 before the first)."""
        return max(0, bisect_right(self._char_starts, offset) - 1)

    def start(self, index: int) -> int:
        """First character of sentence ``index`` (clamped to the sentences there are)."""
        return self._char_starts[max(0, min(index, len(self._char_starts) - 1))]

    def end(self, index: int) -> int:
        """Where sentence ``index`` ends: the next one's start (the last runs on)."""
        following = index + 1
        return self._char_starts[following] if following < len(self._char_starts) else _BEYOND

    def containing(self, offset: int) -> Span | None:
        """The sentence around character ``offset``, None in an empty doc."""
        return self.spans[self.index(offset)] if self.spans else None

    def of(self, token_index: int) -> Span:
        """The sentence that holds token ``token_index``."""
        return self.spans[bisect_right(self._token_starts, token_index) - 1]
