"""The times stage: time expressions found and normalized against the publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.errors import PipelineError
from storyline.model import AnalyzedArticle, Article, Granularity, TimeExpression, TimeType
from storyline.pipeline.base import Pipeline
from storyline.pipeline.clean import CleanStage
from storyline.pipeline.nlp import NlpStage
from storyline.pipeline.times.calendar import granularity_of
from storyline.pipeline.times.rules import timex_mod
from storyline.pipeline.times.stage import TimesStage
from tests.helpers import read_article

TUESDAY = date(2024, 6, 18)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline([CleanStage(), NlpStage(), TimesStage()])


def _analyze(pipeline: Pipeline, text: str, published: date | None = TUESDAY) -> AnalyzedArticle:
    return pipeline(Article.create(source="test", title="", text=text, published=published))


def _find(analyzed: AnalyzedArticle, text: str) -> TimeExpression:
    found = [t for t in analyzed.times if t.text == text]
    assert found, f"{text!r} not among {[t.text for t in analyzed.times]}"
    return found[0]


def _only(pipeline: Pipeline, sentence: str, published: date | None = TUESDAY) -> TimeExpression:
    analyzed = _analyze(pipeline, sentence, published)
    assert len(analyzed.times) == 1, [t.text for t in analyzed.times]
    return analyzed.times[0]


# --------------------------------------------------------------------------- samples


@pytest.fixture(scope="module")
def sample_004(pipeline: Pipeline, samples: dict[str, Path]) -> AnalyzedArticle:
    return pipeline(read_article(samples["004"], published=TUESDAY))


@pytest.fixture(scope="module")
def sample_000(pipeline: Pipeline, samples: dict[str, Path]) -> AnalyzedArticle:
    return pipeline(read_article(samples["000"], published=date(2024, 1, 20)))


def test_every_span_is_its_evidence(sample_004: AnalyzedArticle) -> None:
    assert sample_004.times
    for expression in sample_004.times:
        assert sample_004.span_text(expression.start, expression.end) == expression.text
        assert expression.text == expression.text.strip()


def test_sample_004_weekdays_follow_tense(sample_004: AnalyzedArticle) -> None:
    text = sample_004.article.text
    mondays = [t for t in sample_004.times if t.text == "Monday"]
    said_monday = [t for t in mondays if "said on Monday" in text[t.start - 8 : t.end]]
    assert said_monday
    assert said_monday[0].value == "2024-06-17"
    assert said_monday[0].granularity is Granularity.DAY
    assert said_monday[0].relative
    wednesdays = [t for t in sample_004.times if t.text == "Wednesday"]
    # "the talks would take place on Wednesday" (the caption's "until Wednesday" is
    # removed by the clean stage)
    talks = [t for t in wednesdays if "place on Wednesday" in text[t.start - 9 : t.end]]
    assert talks
    assert talks[0].value == "2024-06-19"


def test_sample_004_range(sample_004: AnalyzedArticle) -> None:
    ranges = [t for t in sample_004.times if t.end_value is not None]
    assert any(
        t.text == "Tuesday to Wednesday" and (t.value, t.end_value) == ("2024-06-18", "2024-06-19")
        for t in ranges
    )


def test_sample_004_other_expressions(sample_004: AnalyzedArticle) -> None:
    text = sample_004.article.text
    septembers = [t for t in sample_004.times if t.text == "September"]
    assert septembers
    assert all(t.value == "2023-09" for t in septembers)
    years = _find(sample_004, "24 years")
    assert (years.type, years.value) == (TimeType.DURATION, "P24Y")
    evening = _find(sample_004, "the evening")
    assert (evening.type, evening.value) == (TimeType.TIME, "2024-06-18TEV")
    ago = _find(sample_004, "more than two years ago")
    assert (ago.value, ago.granularity) == ("2022", Granularity.YEAR)
    assert "in recent months" in text.lower()
    assert any("recent months" in t.text for t in sample_004.times)
    now = _find(sample_004, "now")
    assert now.value == "PRESENT_REF"


def test_sample_000(sample_000: AnalyzedArticle) -> None:
    september = _find(sample_000, "September 2023")
    assert (september.value, september.granularity) == ("2023-09", Granularity.MONTH)
    last_week = _find(sample_000, "Last week")
    assert (last_week.value, last_week.granularity) == ("2024-W02", Granularity.WEEK)


def test_undated_sample_is_never_guessed(pipeline: Pipeline, samples: dict[str, Path]) -> None:
    undated = pipeline(read_article(samples["004"]))
    monday = _find(undated, "Monday")
    assert (monday.value, monday.resolved) == ("XXXX-WXX-1", False)
    september = _find(undated, "September")
    assert (september.value, september.resolved) == ("XXXX-09", False)
    assert not any(t.value.startswith("2024") or t.value.startswith("2023") for t in undated.times)
    absolute = pipeline(read_article(samples["000"]))
    assert _find(absolute, "September 2023").value == "2023-09"
    assert _find(absolute, "September 2023").resolved
    assert not _find(absolute, "Last week").resolved


# --------------------------------------------------------------------------- sentences

CASES = [
    ("The mayor spoke on Monday.", "Monday", TimeType.DATE, "2024-06-17"),
    ("The council will vote on Wednesday.", "Wednesday", TimeType.DATE, "2024-06-19"),
    ("The fair opened in September.", "September", TimeType.DATE, "2023-09"),
    ("The river flooded in September 2023.", "September 2023", TimeType.DATE, "2023-09"),
    ("Prices fell last week.", "last week", TimeType.DATE, "2024-W24"),
    ("The dam was finished 24 years later than planned.", None, None, None),
    ("It is the first flood in 24 years.", "24 years", TimeType.DURATION, "P24Y"),
    ("The mill closed two years ago.", "two years ago", TimeType.DATE, "2022"),
    ("Rain fell yesterday.", "yesterday", TimeType.DATE, "2024-06-17"),
    ("The show opens tomorrow.", "tomorrow", TimeType.DATE, "2024-06-19"),
    ("The market is quiet today.", "today", TimeType.DATE, "2024-06-18"),
    ("The band plays in the evening.", "the evening", TimeType.TIME, "2024-06-18TEV"),
    ("The ferry sails every week.", "every week", TimeType.SET, "P1W"),
    ("The bridge is currently closed.", "currently", TimeType.DATE, "PRESENT_REF"),
    ("Profits rose in the first quarter of 2023.", "the first quarter of 2023", TimeType.DATE,
     "2023-Q1"),
    ("The town grew in the 1990s.", "the 1990s", TimeType.DATE, "199"),
    ("The school opened in 2023.", "2023", TimeType.DATE, "2023"),
    ("The deal was signed on June 17, 2024.", "June 17, 2024", TimeType.DATE, "2024-06-17"),
    ("The deal was signed on 17 June 2024.", "17 June 2024", TimeType.DATE, "2024-06-17"),
    ("The deal was signed on 2024-06-17.", "2024-06-17", TimeType.DATE, "2024-06-17"),
    ("The club was founded on Jan. 5.", "Jan. 5", TimeType.DATE, "2024-01-05"),
    ("The towers fell on Sept. 11.", "Sept. 11", TimeType.DATE, "2023-09-11"),
    ("Sales doubled earlier this month.", "earlier this month", TimeType.DATE, "2024-06"),
    ("Sales doubled this year.", "this year", TimeType.DATE, "2024"),
    ("Sales doubled last year.", "last year", TimeType.DATE, "2023"),
    ("Sales will double next month.", "next month", TimeType.DATE, "2024-07"),
    ("The harvest ended last summer.", "last summer", TimeType.DATE, "2023-SU"),
    ("The museum reopens early 2025.", "early 2025", TimeType.DATE, "2025"),
    ("Trains ran hourly.", "hourly", TimeType.SET, "PT1H"),
    ("The talks lasted the past three years.", "the past three years", TimeType.DURATION,
     "P3Y"),
    ("The polls close at 8 p.m. Tuesday.", "8 p.m. Tuesday", TimeType.TIME,
     "2024-06-18T20:00"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "text", "type_", "value"), CASES)
def test_sentences(
    pipeline: Pipeline,
    sentence: str,
    text: str | None,
    type_: TimeType | None,
    value: str | None,
) -> None:
    analyzed = _analyze(pipeline, sentence)
    if text is None:
        assert all(t.type is not TimeType.DATE for t in analyzed.times)
        return
    expression = _find(analyzed, text)
    assert (expression.type, expression.value) == (type_, value)
    assert expression.granularity is granularity_of(expression.value, expression.type)


def test_prepositions_are_outside_the_extent(pipeline: Pipeline) -> None:
    expression = _only(pipeline, "The bakery reopened on Monday.")
    assert expression.text == "Monday"
    expression = _only(pipeline, "The bakery reopened in 2023.")
    assert expression.text == "2023"


def test_next_day_follows_the_latest_date(pipeline: Pipeline) -> None:
    analyzed = _analyze(pipeline, "The storm hit on June 3, 2024. The next day the roads reopened.")
    assert _find(analyzed, "The next day").value == "2024-06-04"


def test_numbers_that_are_not_years(pipeline: Pipeline) -> None:
    analyzed = _analyze(
        pipeline, "The index closed at 2082.1 and 1500 troops left; it costs $1999."
    )
    assert analyzed.times == ()


def test_modal_may_is_not_a_month(pipeline: Pipeline) -> None:
    analyzed = _analyze(pipeline, "The council may vote later. The vote was held in May.")
    mays = [t for t in analyzed.times if t.text == "May"]
    assert len(mays) == 1
    assert mays[0].value == "2024-05"


def test_split_ranges_keeps_both_ends() -> None:
    split = Pipeline([CleanStage(), NlpStage(), TimesStage(split_ranges=True)])
    article = Article.create(
        source="test", title="", text="The fair runs from Tuesday to Wednesday.", published=TUESDAY
    )
    values = [(t.text, t.value) for t in split(article).times]
    assert values == [("Tuesday", "2024-06-18"), ("Wednesday", "2024-06-19")]


def test_granularity_of_values() -> None:
    assert granularity_of("2024-06-17", TimeType.DATE) is Granularity.DAY
    assert granularity_of("2024-W24", TimeType.DATE) is Granularity.WEEK
    assert granularity_of("2024-Q3", TimeType.DATE) is Granularity.QUARTER
    assert granularity_of("199", TimeType.DATE) is Granularity.DECADE
    assert granularity_of("2024-06-18TEV", TimeType.TIME) is Granularity.PART_OF_DAY
    assert granularity_of("PT5H", TimeType.DURATION) is Granularity.HOUR
    assert granularity_of("P24Y", TimeType.DURATION) is Granularity.YEAR
    assert granularity_of("PRESENT_REF", TimeType.DATE) is Granularity.UNKNOWN


def test_stage_declares_its_layers() -> None:
    assert TimesStage.name == "times"
    assert TimesStage.requires == {"doc", "sentence_index", "article.published"}
    assert TimesStage.assigns == frozenset({"times"})
    with pytest.raises(PipelineError):
        Pipeline([CleanStage(), TimesStage()])


@pytest.mark.parametrize(
    ("text", "mod"),
    [
        ("early 2010", "START"),
        ("the end of 2019", "END"),
        ("mid-March", "MID"),
        ("about three hours", "APPROX"),
        ("more than two years", "MORE_THAN"),
        ("more than two years ago", "BEFORE"),
        ("less than a week ago", "AFTER"),
        ("at least five days", "EQUAL_OR_MORE"),
        ("last week", None),
        ("September 2023", None),
    ],
)
def test_timex3_mod_from_the_modifier(text: str, mod: str | None) -> None:
    assert timex_mod(text) == mod


# --------------------------------------------------------------------------- anchors


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("Checks at Velden airport have doubled since the September 11 attacks.", "September 11"),
        ("The Sept. 11 commission heard the Velden harbour master.", "Sept. 11"),
        ("Velden's mayor spoke at a 9/11 memorial on the green.", "9/11"),
    ],
)
def test_famous_day_keeps_its_own_year(pipeline: Pipeline, sentence: str, written: str) -> None:
    expression = _find(_analyze(pipeline, sentence, date(2005, 3, 2)), written)
    assert expression.value == "2001-09-11"
    assert not expression.relative


def test_month_day_without_the_event_noun_is_anchored_as_usual(pipeline: Pipeline) -> None:
    expression = _only(pipeline, "The Velden ferry resumed service on September 11.")
    assert expression.value == "2023-09-11"  # the last September 11 before June 2024


def test_a_possessive_period_of_life_is_no_calendar_year(pipeline: Pipeline) -> None:
    analyzed = _analyze(pipeline, "In his last year in high school, Tomas Ervald rowed daily.")
    assert all(t.value != "2023" for t in analyzed.times)
    assert all(t.type is not TimeType.DATE for t in analyzed.times)
    calendar = _only(pipeline, "The Velden rowing club lost members last year.")
    assert calendar.value == "2023"
