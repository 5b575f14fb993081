"""Leave-one-topic-out choice of the timeline selection's parameters on Timeline17.

Every ``TimelineParameters`` of ``GRID`` builds every gold timeline's prediction from
the same dated and vectorized candidates (``TimelineCandidates``: the articles are
dated once per timeline, not once per parameter set) and is scored with tilse's Python
ROUGE (``timeline_score``). Then, for each topic, the parameters with the best
``objective`` on the *other* topics' timelines are the ones whose scores on this topic
count: no weight or threshold that scores a topic was chosen on it. The parameters
best on all topics are reported too: they are ``DEFAULT_PARAMETERS``, what the dossier
uses.

The objective is the sum of AR-1 F, AR-2 F and date F1, each divided by DATEWISE's
published value (0.120, 0.035, 0.544): every metric counts as much, relative to the
state of the art, so that date F1 (the largest number) does not decide alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from storyline.bench.base import Tracker
from storyline.stories.timeline import TimelineCandidates
from storyline.stories.timeline_params import DEFAULT_PARAMETERS, TimelineParameters
from storyline_benchmarks.timeline_data import GoldTimeline
from storyline_benchmarks.timeline_score import (
    REIMPLEMENTED_ROUGE,
    TimelineScores,
    macro_average,
    score_timeline,
)

__all__ = [
    "DATEWISE",
    "GRID",
    "FoldChoice",
    "PreparedTimeline",
    "grid_parameters",
    "leave_one_topic_out",
    "objective",
]

#: DATEWISE's published AR-1 F, AR-2 F and date F1 on Timeline17 (news-tls).
DATEWISE = (0.120, 0.035, 0.544)

Value = float | int | bool
Prediction = tuple[tuple[date, tuple[str, ...]], ...]

#: The values tried for each parameter; the others keep their defaults. Not tuned:
#: ``skip_personal`` is the product's policy (a reader is not shown "I decided to go"
#: as an event; on Timeline17 it moves the objective by noise either way), and
#: ``coarse_period_weight`` (the benchmark asks for days only).
GRID: Mapping[str, Sequence[Value]] = {
    "publication_weight": (0.25, 0.5, 1.0),
    "sentence_reference_weight": (0.0, 0.25, 0.5),
    "min_support": (1, 2),
    "max_words": (25, 30, 40),
}


@dataclass(frozen=True)
class PreparedTimeline:
    """One gold timeline and the candidates its prediction is selected from."""

    topic: str
    gold: GoldTimeline
    candidates: TimelineCandidates


@dataclass(frozen=True)
class FoldChoice:
    """The parameters chosen without one topic, and their scores on that topic."""

    topic: str
    parameters: TimelineParameters
    scores: tuple[TimelineScores, ...]  # one per gold timeline of the topic

    @property
    def average(self) -> TimelineScores:
        return macro_average(self.scores)


def grid_parameters(grid: Mapping[str, Sequence[Value]] = GRID) -> list[TimelineParameters]:
    """Every combination of the grid's values, the defaults first."""
    names = list(grid)
    points = []
    for values in itertools.product(*(grid[n] for n in names)):
        changes: dict[str, Any] = dict(zip(names, values, strict=True))
        points.append(replace(DEFAULT_PARAMETERS, **changes))
    return [DEFAULT_PARAMETERS, *(p for p in points if p != DEFAULT_PARAMETERS)]


def objective(scores: TimelineScores) -> float:
    """AR-1 F, AR-2 F and date F1, each relative to DATEWISE's, summed."""
    values = (scores.rouge_1.f1, scores.rouge_2.f1, scores.dates.f1)
    return sum(value / reference for value, reference in zip(values, DATEWISE, strict=True))


def predict(prepared: PreparedTimeline, parameters: TimelineParameters) -> dict[date, list[str]]:
    """The prediction for a gold timeline: its number of dates and sentences per date."""
    entries = prepared.candidates.select(
        parameters,
        max_dates=len(prepared.gold.days),
        sentences_per_date=prepared.gold.sentences_per_date,
    )
    predicted: dict[date, list[str]] = {}
    for entry in entries:
        predicted.setdefault(date.fromisoformat(entry.value), []).append(entry.text)
    return predicted


def _best(
    table: Mapping[TimelineParameters, Sequence[TimelineScores]], included: set[int]
) -> TimelineParameters:
    """The parameters with the best objective on the timelines at ``included``; on a
    tie (the same timelines selected), the one that changes fewest defaults."""

    def value(parameters: TimelineParameters) -> tuple[float, int]:
        scores = [s for i, s in enumerate(table[parameters]) if i in included]
        return objective(macro_average(scores)), -parameters.changes()

    return max(table, key=value)


class _MemoizedScorer:
    """Python-ROUGE scores of predictions, each distinct prediction scored once: many
    grid points select the same timeline, and ROUGE is the slow part of the grid."""

    def __init__(self) -> None:
        self._scores: dict[tuple[int, Prediction], TimelineScores] = {}

    def score(
        self, index: int, prepared: PreparedTimeline, predicted: dict[date, list[str]]
    ) -> TimelineScores:
        key = (index, tuple((day, tuple(s)) for day, s in sorted(predicted.items())))
        if key not in self._scores:
            gold = prepared.gold.as_mapping()
            self._scores[key] = score_timeline(predicted, gold, REIMPLEMENTED_ROUGE)
        return self._scores[key]


def leave_one_topic_out(
    prepared: Sequence[PreparedTimeline],
    track: Tracker,
    *,
    grid: Sequence[TimelineParameters] | None = None,
    implementation: str = REIMPLEMENTED_ROUGE,
) -> tuple[list[FoldChoice], TimelineParameters]:
    """Each topic's held-out scores with the parameters chosen on the other topics, and
    the parameters chosen on all topics.

    The grid is scored with the Python ROUGE; the held-out predictions are scored again
    with ``implementation`` when it differs (the Perl ROUGE-1.5.5).
    """
    points = grid if grid is not None else grid_parameters()
    scorer = _MemoizedScorer()
    table: dict[TimelineParameters, list[TimelineScores]] = {}
    for parameters in track(points, total=len(points), description="parameter grid"):
        table[parameters] = [
            scorer.score(index, p, predict(p, parameters)) for index, p in enumerate(prepared)
        ]
    folds: list[FoldChoice] = []
    for topic in dict.fromkeys(p.topic for p in prepared):
        held_out = [i for i, p in enumerate(prepared) if p.topic == topic]
        chosen = _best(table, set(range(len(prepared))) - set(held_out))
        if implementation == REIMPLEMENTED_ROUGE:
            scores = tuple(table[chosen][i] for i in held_out)
        else:
            scores = tuple(
                score_timeline(
                    predict(prepared[i], chosen), prepared[i].gold.as_mapping(), implementation
                )
                for i in held_out
            )
        folds.append(FoldChoice(topic, chosen, scores))
    return folds, _best(table, set(range(len(prepared))))
