"""Scoring timelines with tilse (Martschat & Markert 2017), as news-tls does.

For each gold timeline: alignment-based ROUGE-1 and ROUGE-2 (tilse's
``evaluate_align_date_content_costs_many_to_one``: every predicted date is aligned to
the gold date that is closest in time and content, and its ROUGE counts are
discounted by 1 / (1 + days apart)) and date precision/recall/F1 (exact dates).
ROUGE is the Perl ROUGE-1.5.5 that tilse ships (stemmed, stop words removed, raw
counts) where Perl and its XML::Parser module are installed, else tilse's Python
re-implementation, which approximates it; ``rouge_implementation()`` names which.
Sentences are passed as they are: tilse splits them on whitespace (Timeline17 text
is already tokenized) and ROUGE lower-cases them.

Over many timelines, news-tls averages precision and recall and takes the F-score of
the averages (``macro_average``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from storyline_benchmarks.metrics import PRF

__all__ = [
    "TimelineScores",
    "macro_average",
    "rouge_implementation",
    "score_timeline",
]

PERL_ROUGE = "ROUGE-1.5.5 (perl)"
REIMPLEMENTED_ROUGE = "tilse reimpl (approximate)"


@lru_cache(maxsize=1)
def _perl_rouge_available() -> bool:
    perl = shutil.which("perl")
    if perl is None:
        return False
    try:
        done = subprocess.run(
            [perl, "-MXML::Parser", "-MDB_File", "-e1"], capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def rouge_implementation(prefer_perl: bool = True) -> str:
    """The ROUGE that ``score_timeline`` will use: Perl where it can run, else tilse's."""
    return PERL_ROUGE if prefer_perl and _perl_rouge_available() else REIMPLEMENTED_ROUGE


@dataclass(frozen=True, slots=True)
class TimelineScores:
    """Scores of one predicted timeline against one gold timeline."""

    rouge_1: PRF
    rouge_2: PRF
    dates: PRF


def _prf(scores: Mapping[str, float]) -> PRF:
    return PRF(float(scores["precision"]), float(scores["recall"]), float(scores["f_score"]))


@lru_cache(maxsize=2)
def _evaluator(implementation: str) -> Any:
    from tilse.evaluation.rouge import TimelineRougeEvaluator  # a dependency of this package

    computation = "original" if implementation == PERL_ROUGE else "reimpl"
    return TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation=computation)


def _empty() -> TimelineScores:
    zero = PRF(0.0, 0.0, 0.0)
    return TimelineScores(zero, zero, zero)


def score_timeline(
    predicted: Mapping[date, Sequence[str]],
    gold: Mapping[date, Sequence[str]],
    implementation: str | None = None,
) -> TimelineScores:
    """Alignment ROUGE-1/2 (many-to-one, date and content costs) and date P/R/F1."""
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation.dates import evaluate_dates

    predicted = {day: list(s) for day, s in predicted.items() if s}
    if not predicted:
        return _empty()
    evaluator = _evaluator(implementation or rouge_implementation())
    predicted_timeline = Timeline(predicted)
    truth = GroundTruth([Timeline({day: list(s) for day, s in gold.items()})])
    rouge = evaluator.evaluate_align_date_content_costs_many_to_one(predicted_timeline, truth)
    dates = evaluate_dates(predicted_timeline, truth)
    return TimelineScores(_prf(rouge["rouge_1"]), _prf(rouge["rouge_2"]), _prf(dates))


def _averaged(values: Sequence[PRF]) -> PRF:
    precision = sum(v.precision for v in values) / len(values)
    recall = sum(v.recall for v in values) / len(values)
    total = precision + recall
    return PRF(precision, recall, 2 * precision * recall / total if total else 0.0)


def macro_average(scores: Sequence[TimelineScores]) -> TimelineScores:
    """Mean precision and recall over timelines, F1 of the means (as news-tls)."""
    if not scores:
        return _empty()
    return TimelineScores(
        _averaged([s.rouge_1 for s in scores]),
        _averaged([s.rouge_2 for s in scores]),
        _averaged([s.dates for s in scores]),
    )
