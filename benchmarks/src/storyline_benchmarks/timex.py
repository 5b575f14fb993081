"""TempEval-3 task A: find time expressions and normalize them (TimeML TIMEX3).

The loader reads TimeML ``.tml`` files: the raw text of ``<TEXT>`` with its tags
removed, the document creation time (the TIMEX3 whose ``functionInDocument`` is
``CREATION_TIME``; it is input, not scored) and the gold TIMEX3 spans with their
type and value. storyline's own stages (clean, nlp, times) run over the raw text with
the creation date as the article's publication date; spans are mapped back to the raw
text and scored as TempEval-3 does (UzZaman et al. 2013): strict and relaxed span
precision/recall/F1, and type and value F1 over relaxed matches.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storyline.bench.base import Metrics, Reference, Task, Tracker
from storyline.errors import DataError
from storyline.model import AnalyzedArticle, Article, SourceMap, TimeExpression
from storyline_benchmarks.metrics import prf
from storyline_benchmarks.shared import SharedData

__all__ = [
    "TASK",
    "GoldTimex",
    "PredictedTimex",
    "TimeMLDocument",
    "TimexScores",
    "load_timeml",
    "load_timeml_folder",
    "predict_timexes",
    "relaxed_pairs",
    "run_timex",
    "score_timexes",
]


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One TIMEX3 of a TimeML document: offsets into the document's raw text."""

    start: int
    end: int
    text: str
    type: str
    value: str


#: Predictions have the same shape as gold annotations.
PredictedTimex = GoldTimex


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """The raw ``<TEXT>`` of a TimeML file, its creation time and its gold TIMEX3s."""

    name: str
    text: str
    creation_time: date | None
    timexes: tuple[GoldTimex, ...]


# --------------------------------------------------------------------------- loading


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _walk(element: ElementTree.Element, parts: list[str], found: list[GoldTimex]) -> None:
    """Append the text under ``element`` to ``parts``, collecting the TIMEX3s in it."""
    start = sum(len(part) for part in parts)
    if element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts, found)
        if child.tail:
            parts.append(child.tail)
    if _local(element.tag) == "TIMEX3" and element.get("functionInDocument") != "CREATION_TIME":
        end = sum(len(part) for part in parts)
        text = "".join(parts)[start:end]
        found.append(GoldTimex(start, end, text, element.get("type", ""), element.get("value", "")))


def _creation_time(root: ElementTree.Element) -> date | None:
    for element in root.iter():
        if _local(element.tag) == "TIMEX3" and element.get("functionInDocument") in (
            "CREATION_TIME",
            "PUBLICATION_TIME",
        ):
            value = element.get("value", "")
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def load_timeml(path: Path) -> TimeMLDocument:
    """Read one TimeML file; raises ``DataError`` when it is not TimeML."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise DataError(f"cannot read TimeML: {error}", path=str(path)) from error
    text_element = next((e for e in root.iter() if _local(e.tag) == "TEXT"), None)
    if text_element is None:
        raise DataError("no <TEXT> element", path=str(path))
    parts: list[str] = []
    found: list[GoldTimex] = []
    if text_element.text:
        parts.append(text_element.text)
    for child in text_element:
        _walk(child, parts, found)
        if child.tail:
            parts.append(child.tail)
    return TimeMLDocument(
        name=path.stem,
        text="".join(parts),
        creation_time=_creation_time(root),
        timexes=tuple(sorted(found, key=lambda t: (t.start, t.end))),
    )


def load_timeml_folder(folder: Path, limit: int | None = None) -> list[TimeMLDocument]:
    """Every ``.tml`` file under ``folder`` (recursively, sorted by path).

    A file name seen twice is read once (tbaq-cleaned ships a copy of one TimeBank
    document in ``testpipeline/``).
    """
    if not folder.is_dir():
        raise DataError("TimeML folder not found", path=str(folder))
    paths = []
    seen: set[str] = set()
    for path in sorted(folder.rglob("*.tml")):
        if path.name not in seen:
            seen.add(path.name)
            paths.append(path)
    if not paths:
        raise DataError("no .tml files", path=str(folder))
    if limit is not None:
        paths = paths[:limit]
    return [load_timeml(path) for path in paths]


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class TimexScores:
    """TempEval-3 task A scores of predictions against gold annotations."""

    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_f1: float
    value_f1: float
    gold: int
    predicted: int

    def as_metrics(self) -> Metrics:
        return {
            "strict_f1": round(self.strict_f1, 4),
            "relaxed_f1": round(self.relaxed_f1, 4),
            "type_f1": round(self.type_f1, 4),
            "value_f1": round(self.value_f1, 4),
            "timexes": self.gold,
            "strict_p": round(self.strict_p, 4),
            "strict_r": round(self.strict_r, 4),
            "relaxed_p": round(self.relaxed_p, 4),
            "relaxed_r": round(self.relaxed_r, 4),
        }


def _overlap(a: GoldTimex, b: GoldTimex) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def relaxed_pairs(
    predicted: Sequence[GoldTimex], gold: Sequence[GoldTimex]
) -> list[tuple[GoldTimex, GoldTimex]]:
    """One-to-one pairs of overlapping spans, largest overlap first."""
    candidates = sorted(
        (
            (_overlap(p, g), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if _overlap(p, g) > 0
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_predicted: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[GoldTimex, GoldTimex]] = []
    for _, i, j in candidates:
        if i in used_predicted or j in used_gold:
            continue
        used_predicted.add(i)
        used_gold.add(j)
        pairs.append((predicted[i], gold[j]))
    return pairs


def score_timexes(
    documents: Iterable[tuple[Sequence[GoldTimex], Sequence[GoldTimex]]],
) -> TimexScores:
    """Score (predicted, gold) pairs of documents as TempEval-3 task A.

    Strict: exact offsets. Relaxed: any overlap (one-to-one). Type and value F1 count
    the relaxed pairs whose attribute is also right: P = right / predicted,
    R = right / gold (so attribute F1 = relaxed F1 x attribute accuracy).
    """
    n_predicted = n_gold = strict = relaxed = right_type = right_value = 0
    for predicted, gold in documents:
        n_predicted += len(predicted)
        n_gold += len(gold)
        gold_spans = {(g.start, g.end) for g in gold}
        strict += len({(p.start, p.end) for p in predicted} & gold_spans)
        pairs = relaxed_pairs(predicted, gold)
        relaxed += len(pairs)
        right_type += sum(1 for p, g in pairs if p.type == g.type)
        right_value += sum(1 for p, g in pairs if p.value == g.value)
    strict_scores = prf(strict, n_predicted, strict, n_gold)
    relaxed_scores = prf(relaxed, n_predicted, relaxed, n_gold)
    return TimexScores(
        strict_p=strict_scores.precision,
        strict_r=strict_scores.recall,
        strict_f1=strict_scores.f1,
        relaxed_p=relaxed_scores.precision,
        relaxed_r=relaxed_scores.recall,
        relaxed_f1=relaxed_scores.f1,
        type_f1=prf(right_type, n_predicted, right_type, n_gold).f1,
        value_f1=prf(right_value, n_predicted, right_value, n_gold).f1,
        gold=n_gold,
        predicted=n_predicted,
    )


# --------------------------------------------------------------------------- running


def _to_predicted(
    document: TimeMLDocument, times: Sequence[TimeExpression], source_map: SourceMap
) -> list[GoldTimex]:
    predicted = []
    for expression in times:
        start, end = source_map.to_source(expression.start, expression.end)
        predicted.append(
            GoldTimex(start, end, document.text[start:end], expression.type.value, expression.value)
        )
    return predicted


def predict_timexes(
    documents: Sequence[TimeMLDocument], track: Tracker | None = None
) -> list[list[GoldTimex]]:
    """Run storyline's clean, nlp and times stages over the documents' raw text."""
    from storyline.pipeline import default_pipeline

    pipeline = default_pipeline(only={"clean", "nlp", "times"}, split_time_ranges=True)
    articles = (
        Article.create(
            source="tempeval3", title="", text=document.text, published=document.creation_time
        )
        for document in documents
    )
    analyzed: Iterable[AnalyzedArticle] = pipeline.pipe(articles)
    if track is not None:
        analyzed = track(analyzed, total=len(documents), description="timex")
    predictions = []
    for document, result in zip(documents, analyzed, strict=True):
        predictions.append(_to_predicted(document, result.times, result.source_map))
    return predictions


def run_timex(data_dir: Path, limit: int | None, track: Tracker) -> Metrics:
    """Load TimeML from ``data_dir``, run the stages, score as TempEval-3 task A."""
    documents = load_timeml_folder(data_dir, limit)
    predictions = predict_timexes(documents, track)
    scores = score_timexes(
        (predicted, document.timexes)
        for predicted, document in zip(predictions, documents, strict=True)
    )
    return scores.as_metrics()


TASK = Task(
    name="timex",
    description=(
        "TempEval-3 task A: time expressions found (strict/relaxed span F1) and "
        "normalized (type and TIMEX3 value F1) against the document creation time"
    ),
    default_data=SharedData("tempeval3/tbaq-cleaned"),
    keys=(
        "strict_f1",
        "relaxed_f1",
        "type_f1",
        "value_f1",
        "timexes",
        "strict_p",
        "strict_r",
        "relaxed_p",
        "relaxed_r",
    ),
    run=run_timex,
    references=(
        Reference(
            "HeidelTime (TE3-Platinum)",
            {"value_f1": 0.776, "relaxed_f1": 0.90},
            "TempEval-3 task A, best HeidelTime run on the TE3-Platinum test set "
            "(UzZaman et al. 2013; relaxed F1 90.30, value F1 77.61 as commonly cited, not "
            "confirmed against the paper's table from here — verify before quoting). "
            "A test set: not directly comparable with scores on tbaq-cleaned",
        ),
    ),
)
