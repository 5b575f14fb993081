"""Timeline summarization on Timeline17 with the protocol of news-tls.

Protocol (Gholipour Ghalandari & Ifrim, ACL 2020), for each gold timeline of a topic:
the input is the topic's articles of every outlet published from the gold timeline's
first to its last date; storyline builds a timeline with as many dates as the gold one
and the gold's mean number of sentences per date (rounded), its event dates within the
same window, its sentences containing a topic keyword. Scores (``timeline_score``):
alignment ROUGE-1 and ROUGE-2 F (many-to-one, date and content costs) and date F1,
averaged over timelines as news-tls does. Timeline17 has no split: every number here
is a development number. The selection's parameters are chosen leave-one-topic-out
(``timeline_loto``): a topic is scored with parameters chosen on the other topics.

The timelines come from the product: the articles go through storyline's default
pipeline (the same stages that build a dossier; clean, nlp and times at least) and
``storyline.stories.timeline.build_timeline``. Each article file is fed as it is, one
tokenized sentence a line: the clean stage makes every line a block, so the product
sees the data set's own sentence boundaries, and its sentences are word-for-word the
units the gold timelines were written from.

Analysis is the slow part (spaCy over ~2,600 articles). Set ``STORYLINE_EVAL_CACHE``
to a folder to keep analyzed articles between runs (one pickle per topic and pipeline).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from storyline.bench.base import Metrics, Reference, Task, Tracker
from storyline.errors import DataError
from storyline.model import AnalyzedArticle
from storyline.pipeline import Pipeline, default_pipeline, pipeline_signature
from storyline.stories.timeline import TimelineCandidates
from storyline.stories.timeline_dates import PUBLICATION_SPAN_DAYS
from storyline.stories.timeline_params import DEFAULT_PARAMETERS, TimelineParameters
from storyline_benchmarks.shared import SharedData
from storyline_benchmarks.timeline_data import (
    GoldTimeline,
    T17Document,
    T17Topic,
    load_t17,
    read_document,
)
from storyline_benchmarks.timeline_loto import (
    FoldChoice,
    PreparedTimeline,
    leave_one_topic_out,
    predict,
)
from storyline_benchmarks.timeline_score import (
    TimelineScores,
    macro_average,
    rouge_implementation,
    score_timeline,
)

__all__ = [
    "TASK",
    "TimelineResult",
    "analyze_documents",
    "evaluate_t17",
    "predict_timeline",
    "prepare_t17",
    "prepare_timeline",
    "run_timeline",
]


@dataclass(frozen=True, slots=True)
class TimelineResult:
    """One gold timeline, what storyline predicted for it and the scores."""

    gold: GoldTimeline
    predicted: dict[date, list[str]]
    scores: TimelineScores
    articles: int


def _cache_file(topic: str, pipeline: Pipeline) -> Path | None:
    folder = os.environ.get("STORYLINE_EVAL_CACHE")
    if not folder:
        return None
    digest = hashlib.sha256(pipeline_signature(pipeline).encode()).hexdigest()[:12]
    return Path(folder) / f"t17-{topic}-{digest}.pickle"


def _load_cache(path: Path | None) -> dict[str, AnalyzedArticle]:
    if path is None or not path.is_file():
        return {}
    with path.open("rb") as handle:
        cached: dict[str, AnalyzedArticle] = pickle.load(handle)
    return cached


def _save_cache(path: Path | None, analyzed: dict[str, AnalyzedArticle]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump(analyzed, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


def analyze_documents(
    topic: str,
    documents: Sequence[T17Document],
    pipeline: Pipeline,
    track: Tracker,
) -> dict[str, AnalyzedArticle]:
    """Analyzed article of each document id; articles a stage failed on are left out."""
    cache_path = _cache_file(topic, pipeline)
    analyzed = _load_cache(cache_path)
    missing = [d for d in documents if d.id not in analyzed]
    if missing:
        articles = (read_document(d) for d in missing)
        annotations = pipeline.pipe_annotations(articles)
        progress = track(annotations, total=len(missing), description=f"analyzing {topic}")
        for document, annotation in zip(missing, progress, strict=True):
            if annotation.error is None:
                analyzed[document.id] = annotation.freeze()
        _save_cache(cache_path, analyzed)
    return {d.id: analyzed[d.id] for d in documents if d.id in analyzed}


def prepare_timeline(
    articles: Sequence[AnalyzedArticle], gold: GoldTimeline, topic: T17Topic
) -> PreparedTimeline:
    """The candidates of a gold timeline: its window, its topic's keywords, days only,
    undated leads standing for the publication day and the day before (DATEWISE)."""
    candidates = TimelineCandidates(
        articles,
        keywords=topic.keywords,
        start=gold.first,
        end=gold.last,
        coarse_dates=False,
        lead_days=PUBLICATION_SPAN_DAYS,
    )
    return PreparedTimeline(topic.name, gold, candidates)


def predict_timeline(
    articles: Sequence[AnalyzedArticle],
    gold: GoldTimeline,
    topic: T17Topic,
    parameters: TimelineParameters = DEFAULT_PARAMETERS,
) -> dict[date, list[str]]:
    """storyline's timeline for the gold timeline's window, size and topic keywords."""
    return predict(prepare_timeline(articles, gold, topic), parameters)


def _selected_timelines(
    topics: Sequence[T17Topic], limit: int | None, first_dates: int | None
) -> list[tuple[T17Topic, GoldTimeline]]:
    pairs = [(topic, gold) for topic in topics for gold in topic.timelines]
    if first_dates is not None:
        pairs = [(t, replace(g, days=g.days[:first_dates])) for t, g in pairs]
    return pairs[:limit] if limit is not None else pairs


def prepare_t17(
    data_dir: Path, limit: int | None, track: Tracker, *, first_dates: int | None = None
) -> list[PreparedTimeline]:
    """The candidates of each gold timeline (the first ``limit`` ones).

    ``first_dates`` cuts every gold timeline to its first dates (and so its window of
    articles): the fast subset the quality gate runs.
    """
    selected = _selected_timelines(load_t17(data_dir), limit, first_dates)
    pipeline = default_pipeline()
    prepared: list[PreparedTimeline] = []
    for topic in dict.fromkeys(t for t, _ in selected):
        golds = [g for t, g in selected if t is topic]
        first, last = min(g.first for g in golds), max(g.last for g in golds)
        analyzed = analyze_documents(
            topic.name, topic.documents_between(first, last), pipeline, track
        )
        for gold in golds:
            window = topic.documents_between(gold.first, gold.last)
            articles = [analyzed[d.id] for d in window if d.id in analyzed]
            articles = list({a.id: a for a in articles}.values())  # a file repeated
            prepared.append(prepare_timeline(articles, gold, topic))
    return prepared


def evaluate_t17(
    data_dir: Path,
    limit: int | None,
    track: Tracker,
    *,
    implementation: str | None = None,
    first_dates: int | None = None,
    parameters: TimelineParameters = DEFAULT_PARAMETERS,
) -> list[TimelineResult]:
    """Build and score a timeline for each gold timeline with the same ``parameters``."""
    implementation = implementation or rouge_implementation()
    results: list[TimelineResult] = []
    for prepared in prepare_t17(data_dir, limit, track, first_dates=first_dates):
        predicted = predict(prepared, parameters)
        scores = score_timeline(predicted, prepared.gold.as_mapping(), implementation)
        articles = len(prepared.candidates.articles)
        results.append(TimelineResult(prepared.gold, predicted, scores, articles))
    return results


def _triple(scores: TimelineScores) -> str:
    return f"{scores.rouge_1.f1:.3f}/{scores.rouge_2.f1:.3f}/{scores.dates.f1:.3f}"


def _default_folds(prepared: Sequence[PreparedTimeline], implementation: str) -> list[FoldChoice]:
    """Per topic, the scores of the default parameters (one topic: no held-out choice)."""
    folds = []
    for topic in dict.fromkeys(p.topic for p in prepared):
        scores = tuple(
            score_timeline(predict(p, DEFAULT_PARAMETERS), p.gold.as_mapping(), implementation)
            for p in prepared
            if p.topic == topic
        )
        folds.append(FoldChoice(topic, DEFAULT_PARAMETERS, scores))
    return folds


def run_timeline(
    data_dir: Path,
    limit: int | None,
    track: Tracker,
    *,
    first_dates: int | None = None,
    prefer_perl: bool = True,
) -> Metrics:
    """The ``timeline`` task: AR-1, AR-2 and date F1 over Timeline17's gold timelines.

    With two topics or more, leave-one-topic-out (``timeline_loto``): each topic is
    scored with the parameters chosen on the others. With one topic (the quality gate),
    the default parameters. ``prefer_perl=False`` always scores with tilse's Python
    ROUGE, so that the numbers do not depend on whether Perl's XML::Parser is installed.
    """
    implementation = rouge_implementation(prefer_perl)
    prepared = prepare_t17(data_dir, limit, track, first_dates=first_dates)
    if not prepared:
        raise DataError("no gold timeline to evaluate", path=str(data_dir))
    if len({p.topic for p in prepared}) > 1:
        folds, chosen = leave_one_topic_out(prepared, track, implementation=implementation)
        protocol = "leave-one-topic-out"
    else:
        folds, chosen = _default_folds(prepared, implementation), DEFAULT_PARAMETERS
        protocol = "default parameters"
    average = macro_average([s for fold in folds for s in fold.scores])
    return {
        "ar1_f": round(average.rouge_1.f1, 4),
        "ar2_f": round(average.rouge_2.f1, 4),
        "date_f1": round(average.dates.f1, 4),
        "timelines": len(prepared),
        "rouge": implementation,
        "protocol": protocol,
        "per_topic": "; ".join(f"{f.topic} {_triple(f.average)}" for f in folds),
        "fold_parameters": "; ".join(f"{f.topic}: {f.parameters.describe()}" for f in folds),
        "parameters": chosen.describe(),
    }


TASK = Task(
    name="timeline",
    description=(
        "Timeline summarization on Timeline17 (news-tls protocol): alignment ROUGE-1/2 F "
        "(tilse, many-to-one) and date F1, macro-averaged over gold timelines; dev numbers"
    ),
    default_data=SharedData("t17"),
    keys=("ar1_f", "ar2_f", "date_f1", "timelines"),
    info_keys=("rouge", "protocol", "per_topic", "fold_parameters", "parameters"),
    run=run_timeline,
    references=(
        Reference(
            "DATEWISE (news-tls)",
            {"ar1_f": 0.120, "ar2_f": 0.035, "date_f1": 0.544},
            "T17, all 9 topics, Gholipour Ghalandari & Ifrim 2020",
        ),
        Reference(
            "CLUST (news-tls)",
            {"ar1_f": 0.082, "ar2_f": 0.020, "date_f1": 0.407},
            "same",
        ),
    ),
)
