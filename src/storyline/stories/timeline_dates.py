"""Dating sentences for the timeline: event time from the ``times`` layer, else publication.

A sentence is dated by the time expressions inside it (``AnalyzedArticle.times``):

- day-level values (``2010-05-24``, also the day of a ``TIME`` such as
  ``2010-05-24T10:00``) date it to those days;
- where it has none, a week-, month- or year-level value (``2010-W21``, ``2010-05``,
  ``2010``) dates it with that granularity; a coarse value that merely names the
  period the article was published in ("this year", "this month") says nothing about
  when the event happened and is ignored;
- a sentence without a usable expression in the first ``LEAD_SENTENCES`` of an
  article reports the news of the day: it is a candidate for the publication day and,
  when ``lead_days`` is 2, the day before (news is mostly published the day of the
  event or the day after), as DATEWISE (Gholipour Ghalandari & Ifrim 2020) does. The
  dossier uses the publication day only: a reader should not see a guessed date.

Unresolved values (``XXXX-09``), durations, sets and ``PRESENT_REF`` never date a
sentence. ``personal_sentence`` tells first-person and biographical sentences ("I
filed my first story in 2001", "She was born in 1961"), which the selection may leave
out (``TimelineParameters.skip_personal``). Event time (``EventDate``) and report
time (``Article.published``) stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.model import AnalyzedArticle, BlockKind, Granularity, TimeExpression, TimeType

__all__ = [
    "LEAD_SENTENCES",
    "PUBLICATION_SPAN_DAYS",
    "DatedSentence",
    "EventDate",
    "date_sentences",
    "parse_event_date",
    "personal_sentence",
]

#: Undated sentences among an article's first this many count for its publication day.
LEAD_SENTENCES = 6
#: In the benchmark an undated lead sentence counts for the publication day and the
#: day before it, as in DATEWISE; the dossier counts the publication day alone.
PUBLICATION_SPAN_DAYS = 2

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DATING_TYPES = frozenset({TimeType.DATE, TimeType.TIME})
#: First person singular: a personal account or a quotation, not an event statement.
_FIRST_PERSON = re.compile(r"(?<![\w'’])(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)(?![\w-])")
#: Biographical background: a life's dates, no event of the story.
_BIOGRAPHICAL = re.compile(
    r"\b(?:(?:was|were)\s+born|grew\s+up|graduated|high\s+school|childhood|boyhood"
    r"|girlhood|early\s+life|as\s+an?\s+(?:child|boy|girl|teenager|teen|student|youngster))\b",
    re.IGNORECASE,
)


def personal_sentence(text: str) -> bool:
    """Whether a sentence is first-person or biographical (see the module doc)."""
    return bool(_FIRST_PERSON.search(text) or _BIOGRAPHICAL.search(text))


@dataclass(frozen=True, slots=True, order=True)
class EventDate:
    """A calendar period an event is dated to: a day, an ISO week, a month or a year."""

    first: date  # first day of the period
    last: date  # last day of the period
    granularity: Granularity
    value: str  # its TIMEX3 value: "2010-05-24", "2010-05", "2010"

    @property
    def is_day(self) -> bool:
        return self.granularity is Granularity.DAY

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """Whether the period meets the window ``[start, end]`` (open where None)."""
        return (start is None or self.last >= start) and (end is None or self.first <= end)

    @classmethod
    def of_day(cls, day: date) -> EventDate:
        return cls(day, day, Granularity.DAY, day.isoformat())


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def parse_event_date(value: str) -> EventDate | None:
    """The period a TIMEX3 value names, for day, ISO week, month and year values; else None."""
    try:
        if match := _DAY.match(value):
            return EventDate.of_day(date(*(int(part) for part in match.groups()[:3])))
        if match := _WEEK.match(value):
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
            return EventDate(monday, monday + timedelta(days=6), Granularity.WEEK, value)
        if match := _MONTH.match(value):
            year, month = int(match.group(1)), int(match.group(2))
            return EventDate(
                date(year, month, 1), _month_end(year, month), Granularity.MONTH, value
            )
        if match := _YEAR.match(value):
            year = int(match.group(1))
            return EventDate(date(year, 1, 1), date(year, 12, 31), Granularity.YEAR, value)
    except ValueError:  # a month 13 or a February 30 from a faulty normalization
        return None
    return None


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A sentence of one article and the period it reports on.

    ``expression`` is the time expression that dated it; None when it is dated by the
    article's publication (then ``date`` is the publication day or a day before it).
    """

    article_index: int  # position of the article in the builder's input
    sentence_index: int  # position of the sentence in its article
    start: int
    end: int
    date: EventDate
    expression: TimeExpression | None
    end_date: str | None = None

    @property
    def by_publication(self) -> bool:
        return self.expression is None


def _usable(expression: TimeExpression) -> EventDate | None:
    if expression.type not in _DATING_TYPES or not expression.resolved:
        return None
    return parse_event_date(expression.value)


def _names_publication_period(period: EventDate, published: date | None) -> bool:
    """A coarse period that contains the publication day ("this year")."""
    return published is not None and not period.is_day and period.contains(published)


def _dating_expressions(
    expressions: Sequence[TimeExpression], published: date | None
) -> list[tuple[TimeExpression, EventDate]]:
    """The expressions that date a sentence: its day-level ones, else its coarse ones."""
    usable = [(e, period) for e in expressions if (period := _usable(e)) is not None]
    days = [(e, period) for e, period in usable if period.is_day]
    if days:
        return days
    return [(e, p) for e, p in usable if not _names_publication_period(p, published)]


def _expressions_by_sentence(analyzed: AnalyzedArticle) -> list[list[TimeExpression]]:
    """For each sentence of the article, the time expressions that start inside it."""
    found: list[list[TimeExpression]] = [[] for _ in analyzed.sentences]
    starts = [sentence.start for sentence in analyzed.sentences]
    for expression in sorted(analyzed.times, key=lambda e: e.start):
        index = _containing(starts, expression.start)
        if index is not None and expression.start < analyzed.sentences[index].end:
            found[index].append(expression)
    return found


def _containing(starts: Sequence[int], offset: int) -> int | None:
    """Index of the last sentence starting at or before ``offset`` (binary search)."""
    low, high = 0, len(starts)
    while low < high:
        middle = (low + high) // 2
        if starts[middle] <= offset:
            low = middle + 1
        else:
            high = middle
    return low - 1 if low > 0 else None


def _heading_sentences(analyzed: AnalyzedArticle) -> set[int]:
    headings = [b for b in analyzed.blocks if b.kind is BlockKind.HEADING]
    return {
        index
        for index, sentence in enumerate(analyzed.sentences)
        if any(b.start <= sentence.start < b.end for b in headings)
    }


def date_sentences(
    analyzed: AnalyzedArticle,
    article_index: int,
    *,
    lead_days: int = PUBLICATION_SPAN_DAYS,
    lead_sentences: int = LEAD_SENTENCES,
) -> Iterator[DatedSentence]:
    """Every (sentence, period) pair of one article; headings are left out.

    A sentence naming several days yields one pair per distinct day; an undated lead
    sentence one pair per day of the ``lead_days`` ending on the publication day.
    """
    published = analyzed.article.published
    headings = _heading_sentences(analyzed)
    body_position = 0
    for index, (sentence, expressions) in enumerate(
        zip(analyzed.sentences, _expressions_by_sentence(analyzed), strict=True)
    ):
        if index in headings:
            continue
        dating = _dating_expressions(expressions, published)
        seen: set[str] = set()
        for expression, period in dating:
            if period.value not in seen:
                seen.add(period.value)
                yield DatedSentence(
                    article_index,
                    index,
                    sentence.start,
                    sentence.end,
                    period,
                    expression,
                    expression.end_value,
                )
        if not dating and published is not None and body_position < lead_sentences:
            for days_before in range(lead_days):
                day = published - timedelta(days=days_before)
                yield DatedSentence(
                    article_index, index, sentence.start, sentence.end, EventDate.of_day(day), None
                )
        body_position += 1
