"""The ``contradictions`` benchmark: hand-written fictional statement pairs.

``data/contradiction_pairs.jsonl`` (in this package) holds pairs of one-sentence
reports, each with its outlet and publication date, labelled ``denies`` (one source
asserts what another denies), ``reverses`` (the same source changes position) or
``none`` (hard negatives: both deny, same topic but another claim, hedged vs firm,
different subjects, a repeated claim). The pairs were written before the method.

Each pair runs end to end: its two reports go through the product pipeline as two
articles, the ledger is built over both (``build_ledger``) and ``find_contradictions``
runs on it. A pair is predicted a contradiction when a contradiction links a
statement of the first article to one of the second. Reported: precision, recall and
F1 of the contradiction label, the share of true positives whose kind is right
(``kind_accuracy``), and the pairs where the pipeline found no statement in one of the
two reports (``missing_statements``: a miss of the extractor, not the detector).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storyline.bench.base import Metrics, Task, Tracker
from storyline.errors import DataError
from storyline.model import AnalyzedArticle, Article, Contradiction
from storyline.stories.actors import resolve_actors
from storyline.stories.contradictions import find_contradictions
from storyline.stories.ledger import build_ledger
from storyline_benchmarks.stories import analyze, product_pipeline

__all__ = ["BUILTIN_DATA", "KEYS", "TASK", "Pair", "load_pairs", "predict", "run", "score"]

#: The folder of the data sets this package ships.
BUILTIN_DATA = Path(__file__).parent / "data"
PAIRS_FILE = "contradiction_pairs.jsonl"

KEYS = (
    "precision",
    "recall",
    "f1",
    "kind_accuracy",
    "pairs",
    "true_positives",
    "false_positives",
    "false_negatives",
    "missing_statements",
)


@dataclass(frozen=True)
class Pair:
    id: str
    label: str  # "denies", "reverses" or "none"
    first: Article
    second: Article


def _article(ident: str, side: dict[str, str]) -> Article:
    return Article(
        id=ident,
        source=side["outlet"],
        title=side["text"][:60],
        text=side["text"],
        published=date.fromisoformat(side["published"]),
    )


def load_pairs(folder: Path) -> list[Pair]:
    path = folder / PAIRS_FILE if folder.is_dir() else folder
    if not path.is_file():
        raise DataError("contradiction pairs not found", path=str(path))
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            pairs.append(
                Pair(
                    item["id"],
                    item["label"],
                    _article(f"{item['id']}-a", item["a"]),
                    _article(f"{item['id']}-b", item["b"]),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise DataError(f"line {number}: not a pair ({error})", path=str(path)) from None
    return pairs


def predict(analyzed: list[AnalyzedArticle]) -> tuple[Contradiction, ...]:
    """The contradictions storyline finds between the reports of one pair."""
    ledger = build_ledger(analyzed, resolve_actors(analyzed).speaker_of)
    published = {a.id: a.article.published for a in analyzed}
    return find_contradictions(ledger, published)


def _across(found: tuple[Contradiction, ...], first: str, second: str) -> Contradiction | None:
    for contradiction in found:
        if {contradiction.first[0], contradiction.second[0]} == {first, second}:
            return contradiction
    return None


def score(results: list[tuple[str, str | None]], missing: int) -> Metrics:
    """Metrics of (gold label, predicted kind or None) per pair."""
    tp = sum(gold != "none" and got is not None for gold, got in results)
    fp = sum(gold == "none" and got is not None for gold, got in results)
    fn = sum(gold != "none" and got is None for gold, got in results)
    kinds = sum(gold != "none" and got == gold for gold, got in results)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "kind_accuracy": round(kinds / tp, 4) if tp else 0.0,
        "pairs": len(results),
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "missing_statements": missing,
    }


def run(data: Path, limit: int | None, track: Tracker) -> Metrics:
    pairs = load_pairs(data)[:limit]
    articles = [article for pair in pairs for article in (pair.first, pair.second)]
    analyzed = {a.id: a for a in analyze(articles, track, product_pipeline())}
    results: list[tuple[str, str | None]] = []
    missing = 0
    for pair in pairs:
        both = [analyzed[a.id] for a in (pair.first, pair.second) if a.id in analyzed]
        missing += sum(not a.statements for a in both) + 2 - len(both)
        found = _across(predict(both), pair.first.id, pair.second.id)
        results.append((pair.label, None if found is None else str(found.kind)))
    return score(results, missing)


TASK = Task(
    name="contradictions",
    description=(
        "Hand-written fictional report pairs (asserts/denies, reversals, hard negatives): "
        "precision and recall of the ledger's contradictions, end to end"
    ),
    default_data=lambda: BUILTIN_DATA,
    keys=KEYS,
    run=run,
)
