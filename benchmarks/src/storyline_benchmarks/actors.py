"""The ``actors`` benchmark: cross-document actor resolution against gold entity instances.

Two data sets with entity mentions linked across documents:

- **ECB+** (Cybulska & Vossen 2014): markables ``HUMAN_PART_PER/ORG/GPE`` and ``LOC_*``
  with their cross-document instance (``CROSS_DOC_COREF``) or in-document chain
  (``INTRA_DOC_COREF``); markables in neither are singletons (as in Cattan et al. 2021).
  ECB+ marks no named/nominal type: a mention is *named* when one of its words is
  capitalised and is not a sentence's first word nor a pronoun or determiner. Splits: the
  dev topics of Cybulska & Vossen (2, 5, 12, 18, 21, 23, 34, 35) by default, the train
  topics through ``run_split``; test is held out.
- **MEANTIME** (Minard et al. 2016), ``intra_cross-doc_annotation``: ``ENTITY_MENTION``
  (``syntactic_type="NAM"`` is named) ``REFERS_TO`` an ``ENTITY`` with a cross-document
  ``instance_id`` and a type (PER, ORG, LOC scored).

Every document of the split goes through the product's pipeline and the corpus actor
index (``resolve_actors``). A gold mention is *matched* by the corpus actor one of whose
mentions covers the gold mention's last word (its head in English noun phrases).
Reported: recall of named gold mentions (``named_recall``) and of all (``mention_recall``);
MUC, B-cubed, CEAF-e and CoNLL F1 of the predicted actors over the matched mentions, all
types together and per type (``PER_conll_f1``...).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.bench.base import Metrics, Task, Tracker
from storyline.errors import DataError
from storyline.model import AnalyzedArticle, Article
from storyline.names.keys import word_set
from storyline_benchmarks.coref_metrics import conll
from storyline_benchmarks.shared import SharedData
from storyline_benchmarks.stories import (
    _NO_SPACE_AFTER,
    _NO_SPACE_BEFORE,
    _QUOTES,
    analyze,
    find_dataset,
    read_ecbplus_document,
    read_meantime_document,
)

__all__ = [
    "DEV_TOPICS",
    "KEYS",
    "TASK",
    "GoldMention",
    "load_ecbplus_mentions",
    "load_meantime_mentions",
    "run",
    "run_split",
    "score",
    "score_spans",
    "token_offsets",
]

#: The ECB+ dev topics of Cybulska & Vossen (2015); 36-45 are test (held out).
DEV_TOPICS = frozenset({"2", "5", "12", "18", "21", "23", "34", "35"})
TYPES = ("PER", "ORG", "GPE", "LOC")
_ECB_TYPES = {
    "HUMAN_PART_PER": "PER",
    "HUMAN_PART_ORG": "ORG",
    "HUMAN_PART_GPE": "GPE",
    "LOC_GEO": "LOC",
    "LOC_FAC": "LOC",
    "LOC_OTHER": "LOC",
}
_MEANTIME_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
_SCORES = ("muc_f1", "bcubed_p", "bcubed_r", "bcubed_f1", "ceafe_f1", "conll_f1")
KEYS = ("named_recall", "mention_recall", *_SCORES, "gold_mentions", "documents")
#: Predicted actors: article id -> [(start, end, actor id)] of their mentions.
ActorSpans = dict[str, list[tuple[int, int, str]]]
_NOT_NAMES = word_set(
    """a an the this that these those he she it they we i you his her its their our my
    your him them us me who which"""
)


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One gold entity mention: character span in ``Article.text`` and its head word."""

    article_id: str
    start: int
    end: int
    head_start: int
    head_end: int
    instance: str
    type: str
    named: bool


# --------------------------------------------------------------------------- text


def token_offsets(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """``detokenize`` (stories) with the character span of every token."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length, glue = 0, True
    for token in tokens:
        if parts and not glue and not _NO_SPACE_BEFORE.match(token) and token != "-":
            parts.append(" ")
            length += 1
        written = _QUOTES.get(token, token)
        spans.append((length, length + len(written)))
        parts.append(written)
        length += len(written)
        glue = token in _NO_SPACE_AFTER or token == "-"
    return "".join(parts), spans


def _token_spans(root: ET.Element, article: Article, path: Path) -> dict[str, tuple[int, int]]:
    """``t_id -> span in article.text`` for the tokens of the body (title left out)."""
    sentences: dict[int, list[tuple[int, str, str]]] = {}
    for token in root.iter("token"):
        t_id = token.get("t_id", "")
        if not t_id.isdigit():
            raise DataError(f"token without a numeric t_id: {t_id!r}", path=str(path))
        sentence = int(token.get("sentence", "0") or 0)
        sentences.setdefault(sentence, []).append((int(t_id), t_id, token.text or ""))
    lines = []
    for number in sorted(sentences):
        ordered = sorted(sentences[number])
        text, spans = token_offsets([t for _, _, t in ordered])
        if text.strip():
            lines.append(
                (text, [(t_id, span) for (_, t_id, _), span in zip(ordered, spans, strict=True)])
            )
    if lines and article.url and lines[0][0].replace(" ", "").lower().startswith("http"):
        lines.pop(0)
    body = lines[1:] or lines  # a one-sentence document is its own text
    offsets: dict[str, tuple[int, int]] = {}
    base = 0
    for line, line_spans in body:
        for token_id, (start, end) in line_spans:
            offsets[token_id] = (base + start, base + end)
        base += len(line) + 1
    if "\n".join(line for line, _ in body) != article.text:
        raise DataError("token offsets do not rebuild the article text", path=str(path))
    return offsets


def _is_named(words: Sequence[tuple[str, bool]]) -> bool:
    """Capitalised word not first in its sentence, nor a pronoun or determiner."""
    return any(w[:1].isupper() and not first and w.lower() not in _NOT_NAMES for w, first in words)


def _mention(
    article: Article,
    anchors: list[str],
    offsets: dict[str, tuple[int, int]],
    instance: str,
    kind: str,
    named: bool | None,
) -> GoldMention | None:
    spans = [offsets[t] for t in anchors if t in offsets]
    if not spans or len(spans) != len(anchors):
        return None  # in the title (or a broken anchor)
    text = article.text
    heads = [
        s
        for s in spans
        if re.search(r"\w", text[s[0] : s[1]]) and text[s[0] : s[1]].lower() != "'s"
    ]
    head = heads[-1] if heads else spans[-1]
    if named is None:
        firsts = {s[0] for s in spans if s[0] == 0 or text[s[0] - 1] == "\n"}
        named = _is_named([(text[s[0] : s[1]], s[0] in firsts) for s in spans])
    return GoldMention(
        article.id, spans[0][0], spans[-1][1], head[0], head[1], instance, kind, named
    )


# --------------------------------------------------------------------------- loading


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        raise DataError(f"cannot read XML: {error}", path=str(path)) from error


def _ecb_document(path: Path) -> tuple[Article, list[GoldMention]]:
    article = read_ecbplus_document(path)
    root = _parse(path)
    offsets = _token_spans(root, article, path)
    instance_of: dict[str, str] = {}
    markables = root.find("Markables")
    for markable in markables if markables is not None else []:
        if markable.get("instance_id"):
            instance_of[markable.get("m_id", "")] = markable.get("instance_id", "")
    linked: dict[str, str] = {}
    for relation in root.iter():
        if relation.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            continue
        target = relation.find("target")
        target_id = target.get("m_id", "") if target is not None else ""
        # a cross-document instance; an intra-document chain is an entity of this document
        instance = relation.get("note") or instance_of.get(target_id) or f"{path.stem}#{target_id}"
        for source in relation.findall("source"):
            linked[source.get("m_id", "")] = instance
    mentions = []
    for markable in markables if markables is not None else []:
        kind = _ECB_TYPES.get(markable.tag)
        anchors = [a.get("t_id", "") for a in markable.findall("token_anchor")]
        if kind is None or not anchors:
            continue
        m_id = markable.get("m_id", "")
        instance = linked.get(m_id, f"{path.stem}#{m_id}")
        mention = _mention(article, anchors, offsets, instance, kind, None)
        if mention is not None:
            mentions.append(mention)
    return article, mentions


def load_ecbplus_mentions(
    root: Path, split: str = "dev"
) -> list[tuple[Article, list[GoldMention]]]:
    """The documents of one ECB+ split ("dev" or "train") and their gold mentions."""
    base = root / "topics" if (root / "topics").is_dir() else root
    if split not in ("dev", "train"):
        raise DataError(f"unknown ECB+ split {split!r} (dev or train; test is held out)")
    documents = []
    for folder in sorted((p for p in base.iterdir() if p.is_dir()), key=lambda p: p.name):
        if (folder.name in DEV_TOPICS) != (split == "dev"):
            continue
        for path in sorted(folder.glob("*.xml")):
            if re.match(r"^\d+_\d+ecb(plus)?$", path.stem):
                documents.append(_ecb_document(path))
    if not documents:
        raise DataError(f"no ECB+ {split} documents found", path=str(root))
    return documents


def _meantime_document(path: Path) -> tuple[Article, list[GoldMention]]:
    article = read_meantime_document(path)
    root = _parse(path)
    offsets = _token_spans(root, article, path)
    entities = {e.get("m_id", ""): e for e in root.iter("ENTITY")}
    refers = {}
    for relation in root.iter("REFERS_TO"):
        target, sources = relation.find("target"), relation.findall("source")
        entity = entities.get(target.get("m_id", "")) if target is not None else None
        if entity is not None:
            for source in sources:
                refers[source.get("m_id", "")] = entity
    mentions = []
    for markable in root.iter("ENTITY_MENTION"):
        entity = refers.get(markable.get("m_id", ""))
        kind = _MEANTIME_TYPES.get(entity.get("ent_type", "")) if entity is not None else None
        if entity is None or kind is None:
            continue
        instance = entity.get("instance_id") or f"{path.stem}#{entity.get('m_id')}"
        anchors = [a.get("t_id", "") for a in markable.findall("token_anchor")]
        named = markable.get("syntactic_type") == "NAM"
        mention = _mention(article, anchors, offsets, instance, kind, named)
        if mention is not None:
            mentions.append(mention)
    return article, mentions


def load_meantime_mentions(root: Path) -> list[tuple[Article, list[GoldMention]]]:
    """MEANTIME documents (``intra_cross-doc_annotation``) and their gold mentions."""
    base = root / "intra_cross-doc_annotation"
    paths = sorted(base.glob("corpus_*/*.xml"))
    if not paths:
        raise DataError("no MEANTIME intra_cross-doc_annotation/corpus_*/*.xml", path=str(root))
    return [_meantime_document(path) for path in paths]


# --------------------------------------------------------------------------- scoring


def _predicted_actor(gold: GoldMention, spans: ActorSpans) -> str | None:
    """The actor one of whose mentions covers the gold head (the shortest such mention)."""
    covering = [
        (end - start, actor)
        for start, end, actor in spans.get(gold.article_id, [])
        if start < gold.head_end and gold.head_start < end
    ]
    return min(covering)[1] if covering else None


def score(gold: Iterable[GoldMention], analyzed: Sequence[AnalyzedArticle]) -> Metrics:
    """Recall and coreference scores of the corpus actors of ``analyzed`` (module doc)."""
    from storyline.stories.actors import resolve_actors

    index = resolve_actors(analyzed)
    spans: ActorSpans = {}
    for actor in index.actors:
        for article_id, start, end in actor.mentions:
            spans.setdefault(article_id, []).append((start, end, actor.id))
    kept = {a.id for a in analyzed}
    metrics = score_spans([m for m in gold if m.article_id in kept], spans)
    metrics["documents"] = len(analyzed)
    return metrics


def score_spans(mentions: Sequence[GoldMention], spans: ActorSpans) -> Metrics:
    """Scores of predicted actors given as ``article id -> [(start, end, actor id)]``."""
    predicted = {m: _predicted_actor(m, spans) for m in mentions}
    named = [m for m in mentions if m.named]
    metrics: Metrics = {
        "named_recall": _ratio(sum(predicted[m] is not None for m in named), len(named)),
        "mention_recall": _ratio(sum(a is not None for a in predicted.values()), len(mentions)),
        "gold_mentions": len(mentions),
    }
    metrics.update(_coreference(predicted, None))
    for kind in TYPES:
        typed = {m: a for m, a in predicted.items() if m.type == kind}
        if typed:
            metrics.update(_coreference(typed, kind))
    return metrics


def _coreference(predicted: dict[GoldMention, str | None], kind: str | None) -> Metrics:
    matched = {m: actor for m, actor in predicted.items() if actor is not None}
    prefix = f"{kind}_" if kind else ""
    if not matched:
        return {f"{prefix}conll_f1": 0.0}
    scores = conll(matched, {m: m.instance for m in matched})
    result: Metrics = {
        f"{prefix}{name}_{part}": round(getattr(scores[name], attr), 4)
        for name, part, attr in (
            ("muc", "f1", "f1"),
            ("bcubed", "p", "precision"),
            ("bcubed", "r", "recall"),
            ("bcubed", "f1", "f1"),
            ("ceafe", "f1", "f1"),
            ("conll", "f1", "f1"),
        )
        if not kind or (name in ("bcubed", "conll") and part == "f1")
    }
    if kind:
        named = [m for m in predicted if m.named]
        result[f"{prefix}named_recall"] = _ratio(
            sum(predicted[m] is not None for m in named), len(named)
        )
    return result


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


# --------------------------------------------------------------------------- running


def run_split(data_dir: Path, split: str, limit: int | None, track: Tracker) -> Metrics:
    """Score one data set: ECB+ ``split`` ("dev"/"train"), or all of MEANTIME."""
    dataset, root = find_dataset(data_dir)
    if dataset == "ecbplus":
        documents = load_ecbplus_mentions(root, split)
    else:
        documents = load_meantime_mentions(root)
    documents = documents[:limit] if limit else documents
    analyzed = analyze([article for article, _ in documents], track)
    metrics = score([m for _, mentions in documents for m in mentions], analyzed)
    metrics["split"] = f"{dataset} {split if dataset == 'ecbplus' else 'all'}"
    return metrics


def run(data_dir: Path, limit: int | None, track: Tracker) -> Metrics:
    """``actors`` task: ECB+ dev topics (a MEANTIME folder: its four corpora)."""
    return run_split(data_dir, "dev", limit, track)


TASK = Task(
    name="actors",
    description=(
        "Cross-document actors against gold entity instances: ECB+ dev topics (a MEANTIME "
        "folder as --data: its cross-document instances); named-mention recall, MUC, B³, "
        "CEAF-e and CoNLL F1 over the matched mentions, per type"
    ),
    default_data=SharedData("ecbplus"),
    keys=KEYS,
    run=run,
    info_keys=("split",),
)
