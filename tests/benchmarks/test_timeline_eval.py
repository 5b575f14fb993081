"""The Timeline17 benchmark: loader, tilse scoring, and a run over a tiny fixture topic."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.bench.base import no_progress
from storyline.errors import DataError
from storyline_benchmarks.metrics import PRF
from storyline_benchmarks.timeline import TASK, TimelineResult, evaluate_t17, run_timeline
from storyline_benchmarks.timeline_data import (
    load_t17,
    load_t17_topic,
    parse_gold_timeline,
    read_document,
)
from storyline_benchmarks.timeline_score import (
    PERL_ROUGE,
    REIMPLEMENTED_ROUGE,
    TimelineScores,
    macro_average,
    rouge_implementation,
    score_timeline,
)

FIXTURE = Path(__file__).parent.parent / "fixtures" / "t17"
MARCH_3, MARCH_5, APRIL_20 = date(2031, 3, 3), date(2031, 3, 5), date(2031, 4, 20)

GOLD = {
    MARCH_3: ["The ferry Lumen runs aground outside Tessby harbour ."],
    MARCH_5: ["Salvage crews tow the ferry away from the harbour ."],
}


# --------------------------------------------------------------------------- loading


def test_topic_is_loaded_in_both_layouts_with_outlet_in_the_ids() -> None:
    topic = load_t17_topic(FIXTURE / "ferry")
    assert topic.keywords == ("ferry", "harbour")
    ids = [d.id for d in topic.documents]
    assert sorted(ids) == [
        "outlet-a/2031-03-03/1.htm",
        "outlet-a/2031-03-05/2.htm",
        "outlet-b/2031-03-04/1.htm",
        "outlet-b/2031-04-20/2.htm",
    ]
    assert {d.outlet for d in topic.documents} == {"outlet-a", "outlet-b"}
    assert [t.name for t in topic.timelines] == ["ferry/gold", "ferry/reopening"]


def test_gold_timeline_merges_a_repeated_date_and_rounds_like_news_tls() -> None:
    gold = load_t17_topic(FIXTURE / "ferry").timelines[0]
    assert gold.dates == [MARCH_3, MARCH_5]
    assert len(gold.as_mapping()[MARCH_3]) == 2
    assert (gold.first, gold.last) == (MARCH_3, MARCH_5)
    assert gold.sentences_per_date == 2  # 3 sentences / 2 dates = 1.5 -> round() -> 2


def test_documents_in_a_gold_window() -> None:
    topic = load_t17_topic(FIXTURE / "ferry")
    window = topic.documents_between(MARCH_3, MARCH_5)
    assert sorted(d.published for d in window) == [MARCH_3, date(2031, 3, 4), MARCH_5]


def test_read_document_keeps_outlet_date_and_lines() -> None:
    topic = load_t17_topic(FIXTURE / "ferry")
    document = next(d for d in topic.documents if d.id == "outlet-b/2031-03-04/1.htm")
    article = read_document(document)
    assert article.source == "outlet-b"
    assert article.published == date(2031, 3, 4)
    assert article.text.count("\n") >= 1
    assert article.text.startswith("Divers inspected")


def test_gold_without_dates_is_a_data_error() -> None:
    with pytest.raises(DataError, match="no dated sentences"):
        parse_gold_timeline("just a line\n-----------\n", "x/empty")


def test_missing_folder_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        load_t17(tmp_path / "absent")
    with pytest.raises(DataError, match="no topic folders"):
        load_t17(tmp_path)


# --------------------------------------------------------------------------- scoring


def test_identical_timeline_scores_one() -> None:
    scores = score_timeline(GOLD, GOLD, REIMPLEMENTED_ROUGE)
    assert scores.rouge_1.f1 == pytest.approx(1.0)
    assert scores.rouge_2.f1 == pytest.approx(1.0)
    assert scores.dates.f1 == pytest.approx(1.0)


def test_disjoint_dates_score_zero_date_f1_and_discounted_rouge() -> None:
    predicted = {date(2031, 6, 1): GOLD[MARCH_3]}
    scores = score_timeline(predicted, GOLD, REIMPLEMENTED_ROUGE)
    assert scores.dates.f1 == 0.0
    # same words, but 90 days away: the alignment discounts them to almost nothing
    assert 0.0 < scores.rouge_1.f1 < 0.05


def test_one_of_two_dates_right() -> None:
    predicted = {MARCH_3: GOLD[MARCH_3]}
    scores = score_timeline(predicted, GOLD, REIMPLEMENTED_ROUGE)
    assert scores.dates.precision == 1.0
    assert scores.dates.recall == 0.5
    assert scores.rouge_1.precision == pytest.approx(1.0)
    assert scores.rouge_1.recall < 1.0


def test_empty_prediction_scores_zero() -> None:
    scores = score_timeline({}, GOLD, REIMPLEMENTED_ROUGE)
    assert (scores.rouge_1.f1, scores.dates.f1) == (0.0, 0.0)


@pytest.mark.skipif(rouge_implementation() != PERL_ROUGE, reason="Perl ROUGE not installed")
def test_perl_rouge_on_identical_timeline() -> None:
    scores = score_timeline(GOLD, GOLD, PERL_ROUGE)
    assert scores.rouge_1.f1 == pytest.approx(1.0)


def test_macro_average_takes_f_of_mean_precision_and_recall() -> None:
    def same(p: float, r: float) -> TimelineScores:
        f = 2 * p * r / (p + r)
        return TimelineScores(PRF(p, r, f), PRF(p, r, f), PRF(p, r, f))

    average = macro_average([same(1.0, 0.2), same(0.2, 0.2)])
    assert average.dates.precision == pytest.approx(0.6)
    assert average.dates.recall == pytest.approx(0.2)
    assert average.dates.f1 == pytest.approx(2 * 0.6 * 0.2 / 0.8)


# --------------------------------------------------------------------------- runs


@pytest.fixture(scope="module")
def fixture_results() -> list[TimelineResult]:
    return evaluate_t17(FIXTURE, None, no_progress, implementation=REIMPLEMENTED_ROUGE)


def test_storyline_timelines_on_the_fixture(fixture_results: list[TimelineResult]) -> None:
    assert [r.gold.name for r in fixture_results] == ["ferry/gold", "ferry/reopening"]
    first, second = fixture_results
    assert first.articles == 3
    assert second.articles == 4
    assert 0 < len(first.predicted) <= 2
    assert all(MARCH_3 <= day <= MARCH_5 for day in first.predicted)
    assert all(len(sentences) <= 2 for sentences in first.predicted.values())
    assert MARCH_3 in first.predicted  # the grounding, named by two outlets
    assert first.scores.dates.f1 > 0


def test_run_timeline_returns_the_task_keys() -> None:
    metrics = run_timeline(FIXTURE, 1, no_progress)
    assert set(metrics) == set(TASK.keys) | set(TASK.info_keys)
    assert metrics["timelines"] == 1
    assert metrics["rouge"] in (PERL_ROUGE, REIMPLEMENTED_ROUGE)
    assert 0.0 <= float(metrics["date_f1"]) <= 1.0


@pytest.mark.shared
def test_shared_t17_layout(shared_data: Path) -> None:
    root = shared_data / "t17"
    if not root.is_dir():
        pytest.skip("no t17 in ../shared/data")
    topics = load_t17(root)
    documents = [d.id for t in topics for d in t.documents]
    assert len(documents) == len(set(documents))
    assert sum(len(t.timelines) for t in topics) >= 5
    assert all(t.keywords for t in topics)
