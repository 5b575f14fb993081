"""The timeline builder on hand-made analyzed articles (fictional sentences)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

import pytest

from storyline.errors import StorylineError
from storyline.model import (
    AnalyzedArticle,
    Article,
    Block,
    BlockKind,
    Granularity,
    Sentence,
    TimeExpression,
    TimeType,
)
from storyline.stories.timeline import TimelineCandidates, build_timeline, rank_dates
from storyline.stories.timeline_dates import date_sentences, parse_event_date, personal_sentence
from storyline.stories.timeline_params import DEFAULT_PARAMETERS, TimelineParameters

_GRANULARITY = {10: Granularity.DAY, 7: Granularity.MONTH, 4: Granularity.YEAR}


def make_article(
    source: str,
    published: date | None,
    sentences: Sequence[str],
    times: Mapping[str, str] | None = None,
    headings: Sequence[int] = (),
) -> AnalyzedArticle:
    """An analyzed article whose sentences are joined by spaces.

    ``times`` maps an expression as written (every occurrence) to its TIMEX3 value;
    ``headings`` lists
    sentences that form a heading block.
    """
    text = " ".join(sentences)
    spans, offset = [], 0
    for sentence in sentences:
        spans.append(Sentence(offset, offset + len(sentence)))
        offset += len(sentence) + 1
    expressions = [
        TimeExpression(
            match.start(),
            match.end(),
            written,
            TimeType.DATE,
            value,
            _GRANULARITY.get(len(value), Granularity.UNKNOWN),
        )
        for written, value in (times or {}).items()
        for match in re.finditer(re.escape(written), text)
    ]
    blocks = tuple(
        Block(s.start, s.end, BlockKind.HEADING if i in headings else BlockKind.PARAGRAPH)
        for i, s in enumerate(spans)
    )
    article = Article.create(source=source, title="", text=text, published=published)
    return AnalyzedArticle(
        article=article, blocks=blocks, sentences=tuple(spans), times=tuple(expressions)
    )


FILLER = "Officials in the harbour town answered questions from residents about the ferry."


def _harbour_corpus() -> list[AnalyzedArticle]:
    """March 3 is named by three outlets, March 9 by one."""
    return [
        make_article(
            "outlet-a",
            date(2031, 3, 10),
            [
                FILLER,
                "The ferry Lumen ran aground near the harbour of Tessby on March 3.",
                "A second ferry was inspected on March 9 without incident at the harbour.",
            ],
            {"March 3": "2031-03-03", "March 9": "2031-03-09"},
        ),
        make_article(
            "outlet-b",
            date(2031, 3, 11),
            [
                FILLER,
                "On March 3 the Lumen struck rocks outside Tessby harbour, the coastguard said.",
            ],
            {"March 3": "2031-03-03"},
        ),
        make_article(
            "outlet-c",
            date(2031, 3, 12),
            [
                FILLER,
                "Divers examined the hull of the Lumen, which grounded at Tessby on March 3.",
            ],
            {"March 3": "2031-03-03"},
        ),
    ]


def test_date_named_by_three_articles_is_selected_first() -> None:
    timeline = build_timeline(_harbour_corpus(), max_dates=1, sentences_per_date=1)
    assert [entry.value for entry in timeline] == ["2031-03-03"]
    assert timeline[0].granularity is Granularity.DAY
    assert timeline[0].time_text == "March 3"


def test_ranking_puts_the_more_referenced_date_first() -> None:
    articles = _harbour_corpus()
    dated = [s for i, a in enumerate(articles) for s in date_sentences(a, i)]
    ranking = [period.value for period, _ in rank_dates(dated, articles)]
    assert ranking.index("2031-03-03") < ranking.index("2031-03-09")


def test_sentences_per_date_is_respected_and_offsets_are_valid() -> None:
    articles = _harbour_corpus()
    timeline = build_timeline(articles, max_dates=2, sentences_per_date=2)
    by_id = {a.id: a for a in articles}
    per_date: dict[str, int] = {}
    for entry in timeline:
        per_date[entry.value] = per_date.get(entry.value, 0) + 1
        assert by_id[entry.article_id].span_text(entry.start, entry.end) == entry.text
    assert per_date["2031-03-03"] == 2
    assert max(per_date.values()) == 2
    assert [e.value for e in timeline] == sorted(e.value for e in timeline)


def test_event_time_is_kept_apart_from_report_time() -> None:
    timeline = build_timeline(_harbour_corpus(), max_dates=1, sentences_per_date=3)
    assert all(entry.reported is not None for entry in timeline)
    assert all(entry.reported != date(2031, 3, 3) for entry in timeline)


def test_near_identical_sentences_from_two_outlets_are_shown_once() -> None:
    copy = "The ferry Lumen ran aground near the harbour of Tessby on March 3."
    articles = [
        make_article(source, date(2031, 3, 4), [FILLER, copy], {"March 3": "2031-03-03"})
        for source in ("outlet-a", "outlet-b", "outlet-c")
    ]
    timeline = build_timeline(articles, max_dates=1, sentences_per_date=3)
    assert [entry.text for entry in timeline].count(copy) == 1


def test_undated_lead_sentence_is_dated_by_publication() -> None:
    article = make_article(
        "outlet-a",
        date(2031, 5, 20),
        ["Storm Vela closed every school in the northern valley overnight."],
    )
    timeline = build_timeline([article])
    assert len(timeline) == 1
    entry = timeline[0]
    assert entry.value == "2031-05-20"
    assert entry.time_text is None
    assert entry.reported == date(2031, 5, 20)


def test_dossier_never_guesses_the_day_before_publication() -> None:
    """Two outlets' undated leads: the dossier dates both to their publication day; the
    benchmark (DATEWISE) lets them stand for the day before as well."""
    articles = [
        make_article("outlet-a", date(2031, 5, 20), ["Storm Vela closed every school overnight."]),
        make_article("outlet-b", date(2031, 5, 21), ["Storm Vela flooded the valley road again."]),
    ]
    dossier = {entry.value for entry in build_timeline(articles)}
    assert dossier == {"2031-05-20", "2031-05-21"}
    candidates = {d.date.value for d in date_sentences(articles[0], 0, lead_days=2)}
    assert candidates == {"2031-05-19", "2031-05-20"}


def test_month_level_dates_only_where_no_day_is_named() -> None:
    article = make_article(
        "outlet-a",
        date(2032, 1, 15),
        [
            FILLER,
            "The dam project was approved in June 2031 by the regional council.",
            "In June 2031, on June 12, the first concrete was poured at the dam.",
        ],
        {"June 2031": "2031-06", "June 12": "2031-06-12"},
    )
    dated = list(date_sentences(article, 0))
    assert {(s.sentence_index, s.date.value) for s in dated if not s.by_publication} == {
        (1, "2031-06"),
        (2, "2031-06-12"),
    }
    with_coarse = build_timeline([article], max_dates=5, sentences_per_date=1)
    assert ("2031-06", Granularity.MONTH) in {(e.value, e.granularity) for e in with_coarse}
    days_only = build_timeline([article], max_dates=5, sentences_per_date=1, coarse_dates=False)
    assert all(e.granularity is Granularity.DAY for e in days_only)


def test_coarse_value_naming_the_publication_period_does_not_date() -> None:
    article = make_article(
        "outlet-a",
        date(2031, 7, 1),
        [FILLER, "Ferry traffic has doubled this year across the whole northern coast."],
        {"this year": "2031"},
    )
    dated = [s for s in date_sentences(article, 0) if s.sentence_index == 1]
    assert dated
    assert all(s.by_publication for s in dated)


def test_keywords_restrict_the_sentences_shown() -> None:
    timeline = build_timeline(
        _harbour_corpus(), max_dates=3, sentences_per_date=3, keywords=["coastguard"]
    )
    assert timeline
    assert all("coastguard" in entry.text for entry in timeline)


def test_window_bounds_the_event_dates() -> None:
    timeline = build_timeline(
        _harbour_corpus(), max_dates=5, sentences_per_date=1, start=date(2031, 3, 5)
    )
    assert timeline
    assert all(entry.value >= "2031-03-05" for entry in timeline)


def test_headings_are_not_timeline_sentences() -> None:
    article = make_article(
        "outlet-a",
        date(2031, 3, 10),
        [
            "Ferry aground off Tessby on March 3 with passengers",
            "The ferry Lumen ran aground near the harbour of Tessby on March 3.",
        ],
        {"March 3": "2031-03-03"},
        headings=[0],
    )
    timeline = build_timeline([article], max_dates=5, sentences_per_date=2)
    assert [entry.text for entry in timeline] == [
        "The ferry Lumen ran aground near the harbour of Tessby on March 3."
    ]


def test_limits_below_one_are_refused() -> None:
    with pytest.raises(StorylineError, match="max_dates"):
        build_timeline(_harbour_corpus(), max_dates=0)


def test_empty_input_gives_an_empty_timeline() -> None:
    assert build_timeline([]) == []


@pytest.mark.parametrize(
    ("value", "granularity", "first", "last"),
    [
        ("2031-02-14", Granularity.DAY, date(2031, 2, 14), date(2031, 2, 14)),
        ("2031-02-14T09:30", Granularity.DAY, date(2031, 2, 14), date(2031, 2, 14)),
        ("2031-W10", Granularity.WEEK, date(2031, 3, 3), date(2031, 3, 9)),
        ("2032-02", Granularity.MONTH, date(2032, 2, 1), date(2032, 2, 29)),
        ("2031", Granularity.YEAR, date(2031, 1, 1), date(2031, 12, 31)),
    ],
)
def test_parse_event_date(value: str, granularity: Granularity, first: date, last: date) -> None:
    period = parse_event_date(value)
    assert period is not None
    assert (period.granularity, period.first, period.last) == (granularity, first, last)


@pytest.mark.parametrize("value", ["XXXX-09", "PRESENT_REF", "P3D", "2031-13", "2031-02-30"])
def test_parse_event_date_refuses_what_is_not_a_calendar_period(value: str) -> None:
    assert parse_event_date(value) is None


# --------------------------------------------------------------------------- selection


def _story_with_an_aside() -> list[AnalyzedArticle]:
    """March 3 is named by two outlets; one article also mentions a year in passing."""
    corpus = _harbour_corpus()[1:]
    corpus.append(
        make_article(
            "outlet-d",
            date(2031, 3, 12),
            [
                FILLER,
                "The ferry's captain submitted his licence papers in 2019 to the harbour office.",
            ],
            {"2019": "2019"},
        )
    )
    return corpus


def test_one_articles_aside_is_no_event_of_the_story() -> None:
    values = {entry.value for entry in build_timeline(_story_with_an_aside())}
    assert "2031-03-03" in values
    assert "2019" not in values
    permissive = replace(DEFAULT_PARAMETERS, min_support=1)
    loose = build_timeline(_story_with_an_aside(), parameters=permissive)
    assert "2019" in {entry.value for entry in loose}


def test_syndicated_copies_support_a_date_once() -> None:
    aside = "The ferry's captain submitted his licence papers in 2019 to the harbour office."
    articles = [
        make_article(source, date(2031, 3, 12), [FILLER, aside], {"2019": "2019"})
        for source in ("outlet-a", "outlet-b")
    ]
    articles.append(_harbour_corpus()[1])
    assert "2019" in {e.value for e in build_timeline(articles)}
    copies = {articles[1].id: articles[0].id}
    assert "2019" not in {e.value for e in build_timeline(articles, copy_of=copies)}


def test_first_person_sentences_neither_support_nor_show() -> None:
    quote = "I saw the ferry Lumen hit the rocks near the harbour on March 7, a sailor said."
    articles = [
        make_article(source, date(2031, 3, 10), [FILLER, quote], {"March 7": "2031-03-07"})
        for source in ("outlet-a", "outlet-b")
    ]
    candidates = TimelineCandidates(articles)
    assert "2031-03-07" not in {e.value for e in candidates.select()}
    shown = candidates.select(replace(DEFAULT_PARAMETERS, skip_personal=False))
    assert "2031-03-07" in {e.value for e in shown}


@pytest.mark.parametrize(
    ("text", "personal"),
    [
        ("I filed my first report from Tessby in 2029.", True),
        ("The harbour master said the ferry had left at noon.", False),
        ("Ervald was born in Tessby in 1990 and grew up by the harbour.", True),
        ("In her last year of high school, she crewed the ferry.", True),
        ("Ferry service on route I-9 resumed on March 5.", False),
    ],
)
def test_personal_sentence(text: str, personal: bool) -> None:
    assert personal_sentence(text) is personal


def test_one_candidate_set_serves_many_parameter_sets() -> None:
    candidates = TimelineCandidates(_harbour_corpus())
    default = candidates.select(max_dates=2, sentences_per_date=1)
    assert default == build_timeline(_harbour_corpus(), max_dates=2, sentences_per_date=1)
    only_best = candidates.select(TimelineParameters(min_score_ratio=0.9))
    assert {e.value for e in only_best} == {"2031-03-03"}


def test_parameters_say_what_differs_from_the_defaults() -> None:
    assert DEFAULT_PARAMETERS.describe() == "defaults"
    assert TimelineParameters(min_support=3).describe() == "min_support=3"
