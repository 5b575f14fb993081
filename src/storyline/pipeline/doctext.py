"""The text and noun chunks of a parsed article, read once per Doc.

spaCy builds ``Doc.text`` (and ``Span.text``) by joining the text of every token, on
every read: an article's stages that read it a few dozen times spent more time there
than in their own rules. ``doc_text`` builds it once per Doc and keeps it as long as
the Doc lives; ``span_text`` slices it, which is what ``Span.text`` returns.
``noun_chunks`` keeps where ``Doc.noun_chunks`` (found again from the parse on every
read) are. Nothing kept refers to its Doc: the Doc goes when its article is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["doc_text", "noun_chunks", "span_text"]

#: Each live Doc's text; an entry goes when its Doc does.
_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()
#: Each live Doc's noun chunks: (first token, end token, label) of each.
_CHUNKS: WeakKeyDictionary[Doc, tuple[tuple[int, int, str], ...]] = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined from the tokens on the first call for this Doc only."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``: the Doc's text from the span's first character to its last."""
    if span.start >= span.end:
        return ""
    return doc_text(span.doc)[span.start_char : span.end_char]


def noun_chunks(doc: Doc) -> list[Span]:
    """``doc.noun_chunks``, found from the parse on the first call for this Doc only."""
    from spacy.tokens import Span

    chunks = _CHUNKS.get(doc)
    if chunks is None:
        chunks = _CHUNKS[doc] = tuple((c.start, c.end, c.label_) for c in doc.noun_chunks)
    return [Span(doc, start, end, label=label) for start, end, label in chunks]
