"""The corpus-level timeline: the most referenced dates, each with its key sentences.

The method follows the date-wise approach of news-tls DATEWISE (Gholipour Ghalandari &
Ifrim, "Examining the State-of-the-Art in News Timeline Summarization", ACL 2020),
written for storyline's records:

1. **Dating** (``timeline_dates``): every sentence gets the days its time expressions
   name (``times`` layer, normalized against the publication date); week-, month- and
   year-level values only where a sentence names no day; undated lead sentences count
   for their article's publication day and the day before.
2. **Date ranking**: a date scores by how many articles name it (each article once),
   plus a smaller share per naming sentence, plus a smaller share per article
   published that day. Explicit references weigh more than publication: a day that
   many outlets look back on is an event; a busy news day need not be one. Coarser
   periods score at a discount, so they enter only when they are much discussed. (On
   Timeline17 the ranking is robust to these weights: halving or doubling any of them
   moves date F1 by less than 0.005.)
3. **Summarization** (``timeline_text``): for each date, best first, the candidate
   sentences are those dated to it. Their topic is a TF-IDF centroid; where both
   explicitly dated and publication-dated sentences exist, only the terms both groups
   share are kept (the date's own topic, not the day's other news). Sentences are
   picked greedily to bring the summary closest to that centroid; near-duplicates
   (other outlets' copies, cosine > 0.8) are skipped, within and across dates. Only
   sentences of 5 to 40 words that are not questions, and, when keywords are given,
   that contain one, may be picked. A date without such a sentence is passed over.

With no limits (the dossier) the timeline has up to ``DEFAULT_MAX_DATES`` dates with up
to ``DEFAULT_SENTENCES_PER_DATE`` sentences each.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.errors import StorylineError
from storyline.model import AnalyzedArticle, TimelineEntry
from storyline.stories.timeline_dates import DatedSentence, EventDate, date_sentences
from storyline.stories.timeline_text import (
    DUPLICATE_SIMILARITY,
    SparseVector,
    TermWeights,
    centroid,
    cosine,
    select_by_centroid,
)

__all__ = [
    "DEFAULT_MAX_DATES",
    "DEFAULT_SENTENCES_PER_DATE",
    "build_timeline",
    "rank_dates",
]

DEFAULT_MAX_DATES = 20
DEFAULT_SENTENCES_PER_DATE = 2

#: Date ranking: score per article naming the date, per naming sentence, per article
#: published that day; and the factor applied to month- and year-level periods.
ARTICLE_REFERENCE_WEIGHT = 1.0
SENTENCE_REFERENCE_WEIGHT = 0.25
PUBLICATION_WEIGHT = 0.5
COARSE_PERIOD_WEIGHT = 0.5

#: Timeline sentences are one-line event statements: longer "sentences" are mostly
#: run-on lines (a headline fused with the lead) and read badly in a timeline.
MIN_WORDS = 5
MAX_WORDS = 40


@dataclass
class _DateStats:
    referencing_articles: set[int] = field(default_factory=set)
    referencing_sentences: int = 0
    published: int = 0

    def score(self, period: EventDate) -> float:
        score = (
            ARTICLE_REFERENCE_WEIGHT * len(self.referencing_articles)
            + SENTENCE_REFERENCE_WEIGHT * self.referencing_sentences
            + PUBLICATION_WEIGHT * self.published
        )
        return score if period.is_day else COARSE_PERIOD_WEIGHT * score


def rank_dates(
    dated: Iterable[DatedSentence], articles: Sequence[AnalyzedArticle]
) -> list[tuple[EventDate, float]]:
    """Candidate periods with their scores, best first (earlier first on ties)."""
    stats: dict[EventDate, _DateStats] = defaultdict(_DateStats)
    for sentence in dated:
        entry = stats[sentence.date]
        if not sentence.by_publication:
            entry.referencing_articles.add(sentence.article_index)
            entry.referencing_sentences += 1
    published = Counter(a.article.published for a in articles if a.article.published)
    for period, entry in stats.items():
        if period.is_day:
            entry.published = published.get(period.first, 0)
    scored = [(period, entry.score(period)) for period, entry in stats.items()]
    scored.sort(key=lambda item: (-item[1], item[0].first, item[0].last))
    return scored


def _keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str] | None:
    words = [k.strip().casefold() for k in keywords if k.strip()]
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")")


def _selectable(text: str, keyword: re.Pattern[str] | None) -> bool:
    """Whether a sentence may appear in the timeline."""
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS or text.rstrip().endswith("?"):
        return False
    return keyword is None or keyword.search(text.casefold()) is not None


def _date_centroid(pool: Sequence[DatedSentence], vectors: Sequence[SparseVector]) -> SparseVector:
    """The date's topic: terms shared by its explicitly dated and publication-dated parts."""
    explicit = centroid(v for s, v in zip(pool, vectors, strict=True) if not s.by_publication)
    reported = centroid(v for s, v in zip(pool, vectors, strict=True) if s.by_publication)
    if explicit and reported:
        shared = {t: w + reported[t] for t, w in explicit.items() if t in reported}
        if shared:
            return centroid([shared])
    return explicit or reported


class _Builder:
    """State of one timeline build: texts, vectors and what has been picked."""

    def __init__(self, articles: Sequence[AnalyzedArticle], keywords: Sequence[str]) -> None:
        self.articles = articles
        self.keyword = _keyword_pattern(keywords)
        self.weights = TermWeights(
            a.article.text[s.start : s.end] for a in articles for s in a.sentences
        )
        self._vectors: dict[tuple[int, int], SparseVector] = {}
        self.picked: list[SparseVector] = []

    def text(self, sentence: DatedSentence) -> str:
        return self.articles[sentence.article_index].article.text[sentence.start : sentence.end]

    def vector(self, sentence: DatedSentence) -> SparseVector:
        key = (sentence.article_index, sentence.sentence_index)
        if key not in self._vectors:
            self._vectors[key] = self.weights.vector(self.text(sentence))
        return self._vectors[key]

    def is_repeat(self, vector: SparseVector) -> bool:
        return any(cosine(vector, other) > DUPLICATE_SIMILARITY for other in self.picked)

    def summarize(self, pool: Sequence[DatedSentence], count: int) -> list[DatedSentence]:
        """Up to ``count`` sentences of the pool that best cover the date's topic."""
        vectors = [self.vector(sentence) for sentence in pool]

        def eligible(index: int) -> bool:
            return _selectable(self.text(pool[index]), self.keyword)

        chosen = select_by_centroid(
            vectors,
            _date_centroid(pool, vectors),
            count,
            eligible=eligible,
            redundant=self.is_repeat,
        )
        self.picked += [vectors[i] for i in chosen]
        return [pool[i] for i in chosen]

    def entry(self, sentence: DatedSentence, period: EventDate) -> TimelineEntry:
        article = self.articles[sentence.article_index].article
        expression = sentence.expression
        return TimelineEntry(
            value=period.value,
            granularity=period.granularity,
            text=self.text(sentence),
            article_id=article.id,
            start=sentence.start,
            end=sentence.end,
            end_value=sentence.end_date,
            time_text=expression.text if expression is not None else None,
            reported=article.published,
        )


def _check_limit(name: str, value: int | None, default: int) -> int:
    if value is None:
        return default
    if value < 1:
        raise StorylineError(f"{name} must be at least 1, not {value}")
    return value


def build_timeline(
    articles: Sequence[AnalyzedArticle],
    *,
    max_dates: int | None = None,
    sentences_per_date: int | None = None,
    keywords: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
    coarse_dates: bool = True,
    lead_days: int = 1,
) -> list[TimelineEntry]:
    """Build a timeline of dated events from analyzed articles (see the module doc).

    ``max_dates`` and ``sentences_per_date`` bound its size (defaults for a readable
    dossier when None); ``keywords`` restrict the sentences shown to those containing
    one; ``start``/``end`` bound the event dates; ``coarse_dates=False`` keeps only
    day-level dates; ``lead_days`` is how many days up to the publication day an undated
    lead sentence may stand for (1: the publication day; the benchmark uses DATEWISE's
    2). Entries come in chronological order, then by rank within a date.
    """
    date_limit = _check_limit("max_dates", max_dates, DEFAULT_MAX_DATES)
    per_date = _check_limit("sentences_per_date", sentences_per_date, DEFAULT_SENTENCES_PER_DATE)
    pools: dict[EventDate, list[DatedSentence]] = defaultdict(list)
    for index, analyzed in enumerate(articles):
        for sentence in date_sentences(analyzed, index, lead_days=lead_days):
            if (coarse_dates or sentence.date.is_day) and sentence.date.overlaps(start, end):
                pools[sentence.date].append(sentence)
    builder = _Builder(articles, keywords)
    dated = (sentence for pool in pools.values() for sentence in pool)
    selected: list[tuple[EventDate, list[DatedSentence]]] = []
    for period, score in rank_dates(dated, articles):
        if len(selected) >= date_limit or score <= 0:
            break
        summary = builder.summarize(pools[period], per_date)
        if summary:
            selected.append((period, summary))
    selected.sort(key=lambda item: (item[0].first, item[0].last))
    return [builder.entry(sentence, period) for period, summary in selected for sentence in summary]
