"""Document features for grouping articles: content words, named entities, dates.

Everything comes from layers the pipeline already assigned (the article's title and
text, spaCy's entities, the actors stage's actors, the times stage's normalized
values); nothing here runs a model. Similarities are cosines of TF-IDF vectors, built
with numpy only: terms no two documents share cannot add to a dot product, so only
the shared ones get a column, and past ``max_columns`` they are hashed into that many
columns (signed, so collisions cancel out on average) to keep memory bounded.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from sys import intern
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.model import ActorKind, AnalyzedArticle, normalize_for_id
from storyline.stories.words import grouping_terms, without_possessive

__all__ = [
    "ENTITY_LABEL_WEIGHTS",
    "FEATURE_KINDS",
    "DocumentFeatures",
    "Frequencies",
    "PreparedVector",
    "cosine_matrix",
    "document_features",
    "entity_profile",
    "event_dates",
    "feature_keys",
    "features_from_plain",
    "features_to_plain",
    "prepare_vector",
    "prepared_cosine",
    "term_weight",
]

Matrix = npt.NDArray[np.float32]


# --------------------------------------------------------------------------- entities

#: How much a shared entity counts, by spaCy label: people and organisations say more
#: about which happening a text reports than countries everyone mentions.
ENTITY_LABEL_WEIGHTS: Mapping[str, float] = {
    "PERSON": 3.0,
    "ORG": 2.0,
    "FAC": 2.0,
    "EVENT": 2.0,
    "PRODUCT": 1.5,
    "WORK_OF_ART": 1.5,
    "LAW": 1.5,
    "GPE": 1.0,
    "LOC": 1.0,
    "NORP": 0.5,
}
_ACTOR_WEIGHTS: Mapping[ActorKind, float] = {
    ActorKind.PERSON: 3.0,
    ActorKind.ORGANISATION: 2.0,
    ActorKind.COUNTRY: 1.0,
    ActorKind.PLACE: 1.0,
    ActorKind.GROUP: 0.5,
}
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
_NON_WORD = re.compile(r"[\W_]+")
_ARTICLE = re.compile(r"^the ")


def entity_key(text: str) -> str:
    """Case-, punctuation- and article-insensitive form of a name ("the Kremlin's")."""
    norm = without_possessive(normalize_for_id(text))
    norm = _ARTICLE.sub("", norm)
    return _NON_WORD.sub(" ", norm).strip()


def _person_keys(names: Iterable[str]) -> dict[str, str]:
    """Map each person name of one article to its fullest form there ("Putin")."""
    keys = sorted({entity_key(n) for n in names if entity_key(n)}, key=lambda k: -len(k))
    mapping: dict[str, str] = {}
    for key in keys:
        words = set(key.split())
        full = next((k for k in keys if k != key and words <= set(k.split())), key)
        mapping[key] = mapping.get(full, full)
    return mapping


def entity_profile(analyzed: AnalyzedArticle) -> dict[str, tuple[float, str]]:
    """The article's salient names: key -> (weight, display name).

    The weight is the label weight times 1 + log(mentions). Actors from the actors
    stage are used when present (their name variants already merged); spaCy entities
    otherwise, and for the labels actors do not cover (events, facilities, products).
    """
    counts: Counter[str] = Counter()
    weights: dict[str, float] = {}
    display: dict[str, str] = {}
    use_actors = bool(analyzed.actors)
    for actor in analyzed.actors:
        key = entity_key(actor.name)
        if key:
            counts[key] += max(1, len(actor.mentions))
            weights[key] = max(weights.get(key, 0.0), _ACTOR_WEIGHTS.get(actor.kind, 1.0))
            display.setdefault(key, actor.name)
    mentions = [
        e
        for e in analyzed.entities
        if e.label in ENTITY_LABEL_WEIGHTS and not (use_actors and e.label in _ACTOR_LABELS)
    ]
    people = _person_keys(e.text for e in mentions if e.label == "PERSON")
    for mention in mentions:
        key = entity_key(mention.text)
        if not key or key.isdigit():
            continue
        if mention.label == "PERSON":
            key = people.get(key, key)
        counts[key] += 1
        weights[key] = max(weights.get(key, 0.0), ENTITY_LABEL_WEIGHTS[mention.label])
        if len(mention.text) > len(display.get(key, "")):
            display[key] = mention.text
    return {
        key: (weights[key] * (1.0 + math.log(count)), display[key]) for key, count in counts.items()
    }


# --------------------------------------------------------------------------- dates

_DATE_VALUE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def event_dates(analyzed: AnalyzedArticle) -> dict[str, float]:
    """The calendar dates and months the article's text names, as weighted terms.

    From the times stage's resolved values (``2024-06-19``, ``2024-06``); a day also
    counts half for its month, so "19 June" and "in June" meet. Two reports of one
    happening tend to name the same days. Used as a similarity, never as the article's
    own date: the text names birthdays, anniversaries and earlier events as well, so the
    most frequent date in the text is too often not the day of the happening.
    """
    counts: dict[str, float] = defaultdict(float)
    for expression in analyzed.times:
        if expression.resolved and _DATE_VALUE.match(expression.value):
            counts[expression.value] += 1
            if len(expression.value) == 10:
                counts[expression.value[:7]] += 0.5
    return {value: term_weight(count) for value, count in counts.items()}


# --------------------------------------------------------------------------- vectors


@dataclass(frozen=True, slots=True)
class Frequencies:
    """Document frequencies of a corpus: how many of ``documents`` hold each key.

    Keys are namespaced by ``FEATURE_KINDS`` ("t:" content words, "e:" names, "h:" title
    words, "d:" dates), as ``feature_keys`` gives them; ``of(kind)`` reads one kind by
    its unprefixed keys.
    """

    documents: int
    counts: Mapping[str, int]
    prefix: str = ""

    def of(self, kind: str) -> Frequencies:
        """The frequencies of one kind of feature (a view, keys without their prefix)."""
        return Frequencies(self.documents, self.counts, kind + ":")

    def count(self, key: str) -> int:
        return self.counts.get(self.prefix + key, 0)

    def counts_of(self, keys: Iterable[str]) -> list[int]:
        """``count`` of each key, in order (one loop, no call per key)."""
        get, prefix = self.counts.get, self.prefix
        return [get(prefix + key, 0) for key in keys]


#: Prefixes of the kinds of features in ``feature_keys``.
FEATURE_KINDS = ("t", "e", "h", "d")


@dataclass(frozen=True, slots=True)
class DocumentFeatures:
    """What grouping compares between two articles."""

    terms: Counter[str]  # content words of title (counted twice) and text
    title_terms: frozenset[str]
    entities: dict[str, tuple[float, str]]  # key -> (weight, display name)
    dates: dict[str, float]  # dates named in the text -> weight
    published: date | None


def document_features(analyzed: AnalyzedArticle) -> DocumentFeatures:
    """Features of one analyzed article (words and keys interned: see ``feature_keys``)."""
    article = analyzed.article
    title = [intern(t) for t in grouping_terms(article.title)]
    terms = Counter(map(intern, grouping_terms(article.text)))
    terms.update(title * 2)
    return DocumentFeatures(
        terms=terms,
        title_terms=frozenset(title),
        entities={intern(k): v for k, v in entity_profile(analyzed).items()},
        dates={intern(k): v for k, v in event_dates(analyzed).items()},
        published=article.published,
    )


def feature_keys(features: DocumentFeatures) -> set[str]:
    """Every key the features hold, namespaced ("t:flood", "e:eldham", "h:river", "d:2024").

    Keys and words are interned: the engine keeps the features of thousands of articles
    and the frequencies of their keys in memory, and one string a word (not one an
    article) about halves that memory.
    """
    keys = {intern("t:" + t) for t in features.terms}
    keys.update(intern("e:" + k) for k in features.entities)
    keys.update(intern("h:" + t) for t in features.title_terms)
    keys.update(intern("d:" + d) for d in features.dates)
    return keys


def features_to_plain(features: DocumentFeatures) -> dict[str, object]:
    """A JSON-ready form of the features (``features_from_plain`` reads it back)."""
    return {
        "terms": dict(features.terms),
        "title": sorted(features.title_terms),
        "entities": {k: [w, d] for k, (w, d) in features.entities.items()},
        "dates": features.dates,
        "published": features.published.isoformat() if features.published else None,
    }


def features_from_plain(plain: Mapping[str, Any]) -> DocumentFeatures:
    published = plain.get("published")
    return DocumentFeatures(
        terms=Counter({intern(t): count for t, count in plain["terms"].items()}),
        title_terms=frozenset(map(intern, plain["title"])),
        entities={intern(k): (float(w), str(d)) for k, (w, d) in plain["entities"].items()},
        dates={intern(k): float(v) for k, v in plain["dates"].items()},
        published=date.fromisoformat(published) if published else None,
    )


def term_weight(count: float) -> float:
    """Sublinear term frequency: 1 + log(count)."""
    return 1.0 + math.log(count) if count >= 1 else count


def _column(term: str, columns: int) -> tuple[int, float]:
    code = zlib.crc32(term.encode("utf-8"))
    return code % columns, (1.0 if (code >> 31) & 1 else -1.0)


def cosine_matrix(
    vectors: Sequence[Mapping[str, float]],
    *,
    idf: bool = True,
    max_columns: int = 8192,
    corpus: Frequencies | None = None,
    sublinear: bool = False,
) -> Matrix:
    """Pairwise cosine similarities of sparse weight vectors.

    Each vector maps a term to its weight in that document (``term_weight`` of a
    count, an entity weight, 1 for presence); with ``idf`` each weight is multiplied by
    the smooth inverse document frequency ``log((1 + n) / (1 + df)) + 1``, over these
    vectors or, when ``corpus`` is given, over the whole corpus they were taken from.
    With ``sublinear`` the vectors hold counts, each weighted by ``term_weight`` here
    (in numpy, not per term in Python).
    """
    n = len(vectors)
    terms: list[str] = []
    weights: list[float] = []
    lengths = np.empty(n, dtype=np.intp)
    for row, vector in enumerate(vectors):  # flattened: the per-term work is numpy's
        terms.extend(vector.keys())
        weights.extend(vector.values())
        lengths[row] = len(vector)
    index = dict(zip(dict.fromkeys(terms), itertools.count()))
    known = None
    if idf and corpus is not None:
        known = corpus.counts_of(index)
    documents = n if corpus is None else corpus.documents
    values = np.asarray(weights, dtype=np.float64)
    scoring = _Scoring(idf, documents, max_columns, sublinear)
    return _cosine(terms, index, values, lengths, known, scoring)


@dataclass(frozen=True, slots=True)
class PreparedVector:
    """One article's vector of one kind of feature, ready to compare (``prepared_cosine``).

    ``keys`` are namespaced as ``feature_keys`` gives them ("t:flood"), in the order of
    the features' own mapping; ``weights`` their weights (counts for content words).
    Built once per article, so a comparison costs no per-term Python work.
    """

    keys: tuple[str, ...]
    weights: npt.NDArray[np.float64]


def prepare_vector(kind: str, vector: Mapping[str, float]) -> PreparedVector:
    """``vector`` (unprefixed keys, as in ``DocumentFeatures``) ready to compare."""
    prefix = kind + ":"
    return PreparedVector(
        keys=tuple(intern(prefix + k) for k in vector),
        weights=np.asarray(list(vector.values()), dtype=np.float64),
    )


def prepared_cosine(
    vectors: Sequence[PreparedVector],
    counts: Mapping[str, int],
    documents: int,
    *,
    max_columns: int = 8192,
    sublinear: bool = False,
) -> Matrix:
    """``cosine_matrix`` of prepared vectors, the same numbers to the last bit.

    ``counts`` must hold the document frequency of every key of ``vectors`` (the
    engine reads them first); ``documents`` is the corpus size.
    """
    n = len(vectors)
    terms = list(itertools.chain.from_iterable(v.keys for v in vectors))
    lengths = np.fromiter((len(v.keys) for v in vectors), np.intp, n)
    if terms:
        values = np.concatenate([v.weights for v in vectors])
    else:
        values = np.zeros(0, dtype=np.float64)
    index = dict(zip(dict.fromkeys(terms), itertools.count()))
    known = list(map(counts.__getitem__, index))
    scoring = _Scoring(True, documents, max_columns, sublinear, prefixed=True)
    return _cosine(terms, index, values, lengths, known, scoring)


@dataclass(frozen=True, slots=True)
class _Scoring:
    idf: bool
    documents: int
    max_columns: int
    sublinear: bool
    prefixed: bool = False  # terms carry a kind prefix ("t:"), left out of the hash


def _cosine(
    terms: list[str],
    index: dict[str, int],
    values: npt.NDArray[np.float64],
    lengths: npt.NDArray[np.intp],
    known: list[int] | None,
    scoring: _Scoring,
) -> Matrix:
    """The numeric part of ``cosine_matrix``: ``terms`` flattened row after row,
    ``index`` each distinct term's position (first appearance first), ``known`` their
    corpus document frequencies (None: counted among these vectors)."""
    n = len(lengths)
    max_columns = scoring.max_columns
    ids = np.fromiter(map(index.__getitem__, terms), np.intp, len(terms))
    rows = np.repeat(np.arange(n), lengths)
    if scoring.sublinear:  # term_weight of every count at once
        values = np.where(values >= 1, 1.0 + np.log(np.maximum(values, 1.0)), values)
    positive = values > 0
    local = np.bincount(ids[positive], minlength=len(index))  # each term once per vector
    if scoring.idf:
        documents = n if known is None else scoring.documents
        df = np.maximum(np.asarray(local if known is None else known, dtype=np.float64), local)
        values = values * (np.log((1 + np.maximum(documents, df)) / (1 + df)) + 1.0)[ids]
    values = np.where(positive, values, 0.0)
    norms = np.sqrt(np.bincount(rows, values * values, minlength=n))
    nonempty = norms > 0
    shared_terms = local >= 2
    shared = np.flatnonzero(shared_terms)
    hashed = len(shared) > max_columns
    columns = np.full(len(index), -1, dtype=np.intp)
    signs = np.ones(len(index), dtype=np.float64)
    if hashed:
        vocabulary = list(index)
        skip = 2 if scoring.prefixed else 0
        for i in shared.tolist():
            columns[i], signs[i] = _column(vocabulary[i][skip:], max_columns)
    else:  # a column per shared term (their order changes no dot product)
        columns[shared] = np.arange(len(shared))
    width = max_columns if hashed else max(1, len(shared))
    keep = positive & shared_terms[ids] & nonempty[rows]
    cells = (rows[keep], columns[ids[keep]])
    scaled = (signs[ids[keep]] * values[keep] / norms[rows[keep]]).astype(np.float32)
    # sparse: a row holds a few hundred of the columns; hashed columns that collide
    # within a row are summed (scipy comes with datasketch; imported here, as there, to
    # keep it out of the start of commands that never compare articles)
    from scipy import sparse  # type: ignore[import-untyped]

    matrix = sparse.csr_matrix((scaled, cells), shape=(n, width), dtype=np.float32)
    similarity: Matrix = np.asarray((matrix @ matrix.T).toarray(), dtype=np.float32)
    np.clip(similarity, -1.0, 1.0, out=similarity)
    # terms of one document alone count in its norm, not in the columns: restore self = 1
    similarity[np.arange(n), np.arange(n)] = nonempty.astype(np.float32)
    return similarity
