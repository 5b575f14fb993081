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
   periods score at a discount, so they enter only when they are much discussed. A
   date must be the news of its day (an undated lead stands for it) or be named by
   several articles (syndicated copies once), and score a share of the best date's
   score: one article's aside is not an event. First-person and biographical
   sentences neither support a date nor are shown.
3. **Summarization** (``timeline_text``): for each date, best first, the candidate
   sentences are those dated to it. Their topic is a TF-IDF centroid; where both
   explicitly dated and publication-dated sentences exist, only the terms both groups
   share are kept (the date's own topic, not the day's other news). Sentences are
   picked greedily to bring the summary closest to that centroid; near-duplicates
   (other outlets' copies, cosine > 0.8) are skipped, within and across dates. Only
   sentences of 5 to 40 words that are not questions, and, when keywords are given,
   that contain one, may be picked. A date without such a sentence is passed over.

Every weight and threshold is a field of ``TimelineParameters`` (``timeline_params``):
the dossier and the Timeline17 benchmark run this one selection, the benchmark choosing
the parameters leave-one-topic-out. ``TimelineCandidates`` dates and vectorizes the
articles once, so that many parameter sets can be tried on them. With no limits (the
dossier) the timeline has up to ``DEFAULT_MAX_DATES`` dates with up to
``DEFAULT_SENTENCES_PER_DATE`` sentences each.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.errors import StorylineError
from storyline.model import AnalyzedArticle, TimelineEntry
from storyline.stories.timeline_dates import (
    LEAD_SENTENCES,
    DatedSentence,
    EventDate,
    date_sentences,
    personal_sentence,
)
from storyline.stories.timeline_params import DEFAULT_PARAMETERS, TimelineParameters
from storyline.stories.timeline_text import (
    SparseVector,
    TermWeights,
    centroid,
    cosine,
    select_by_centroid,
)

__all__ = [
    "DEFAULT_MAX_DATES",
    "DEFAULT_SENTENCES_PER_DATE",
    "TimelineCandidates",
    "build_timeline",
    "rank_dates",
]

DEFAULT_MAX_DATES = 20
DEFAULT_SENTENCES_PER_DATE = 2


@dataclass
class _DateStats:
    referencing_articles: set[int] = field(default_factory=set)
    referencing_sentences: int = 0
    published: int = 0

    def score(self, period: EventDate, parameters: TimelineParameters) -> float:
        score = (
            parameters.article_reference_weight * len(self.referencing_articles)
            + parameters.sentence_reference_weight * self.referencing_sentences
            + parameters.publication_weight * self.published
        )
        return score if period.is_day else parameters.coarse_period_weight * score


def rank_dates(
    dated: Iterable[DatedSentence],
    articles: Sequence[AnalyzedArticle],
    parameters: TimelineParameters = DEFAULT_PARAMETERS,
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
    scored = [(period, entry.score(period, parameters)) for period, entry in stats.items()]
    scored.sort(key=lambda item: (-item[1], item[0].first, item[0].last))
    return scored


def _keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str] | None:
    words = [k.strip().casefold() for k in keywords if k.strip()]
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")")


def _date_centroid(pool: Sequence[DatedSentence], vectors: Sequence[SparseVector]) -> SparseVector:
    """The date's topic: terms shared by its explicitly dated and publication-dated parts."""
    explicit = centroid(v for s, v in zip(pool, vectors, strict=True) if not s.by_publication)
    reported = centroid(v for s, v in zip(pool, vectors, strict=True) if s.by_publication)
    if explicit and reported:
        shared = {t: w + reported[t] for t, w in explicit.items() if t in reported}
        if shared:
            return centroid([shared])
    return explicit or reported


def _check_limit(name: str, value: int | None, default: int) -> int:
    if value is None:
        return default
    if value < 1:
        raise StorylineError(f"{name} must be at least 1, not {value}")
    return value


class TimelineCandidates:
    """The articles' dated sentences and their vectors, ready for ``select``.

    ``keywords`` restrict the sentences shown to those containing one; ``start``/``end``
    bound the event dates; ``coarse_dates=False`` keeps only day-level dates;
    ``lead_days`` is how many days up to the publication day an undated lead sentence
    may stand for (1: the publication day; the benchmark uses DATEWISE's 2);
    ``copy_of`` maps syndicated copies to their originals (support counts them once).
    """

    def __init__(
        self,
        articles: Sequence[AnalyzedArticle],
        *,
        keywords: Sequence[str] = (),
        start: date | None = None,
        end: date | None = None,
        coarse_dates: bool = True,
        lead_days: int = 1,
        lead_sentences: int = LEAD_SENTENCES,
        copy_of: Mapping[str, str] | None = None,
    ) -> None:
        self.articles = articles
        self.keyword = _keyword_pattern(keywords)
        self.pools: dict[EventDate, list[DatedSentence]] = defaultdict(list)
        for index, analyzed in enumerate(articles):
            dated = date_sentences(
                analyzed, index, lead_days=lead_days, lead_sentences=lead_sentences
            )
            for sentence in dated:
                if (coarse_dates or sentence.date.is_day) and sentence.date.overlaps(start, end):
                    self.pools[sentence.date].append(sentence)
        first: dict[str, int] = {}
        originals = [(copy_of or {}).get(a.id, a.id) for a in articles]
        self.origin = [first.setdefault(o, i) for i, o in enumerate(originals)]
        self.weights = TermWeights(
            a.article.text[s.start : s.end] for a in articles for s in a.sentences
        )
        self._vectors: dict[tuple[int, int], SparseVector] = {}
        self._personal: dict[tuple[int, int], bool] = {}

    def text(self, sentence: DatedSentence) -> str:
        return self.articles[sentence.article_index].article.text[sentence.start : sentence.end]

    def vector(self, sentence: DatedSentence) -> SparseVector:
        key = (sentence.article_index, sentence.sentence_index)
        if key not in self._vectors:
            self._vectors[key] = self.weights.vector(self.text(sentence))
        return self._vectors[key]

    def personal(self, sentence: DatedSentence) -> bool:
        key = (sentence.article_index, sentence.sentence_index)
        if key not in self._personal:
            self._personal[key] = personal_sentence(self.text(sentence))
        return self._personal[key]

    def supported(self, pool: Sequence[DatedSentence], wanted: int) -> bool:
        """Whether a date is the news of its day (an article's undated lead stands for
        it) or ``wanted`` articles name it (a syndicated copy and its original once)."""
        if any(s.by_publication for s in pool):
            return True
        return len({self.origin[s.article_index] for s in pool}) >= wanted

    def select(
        self,
        parameters: TimelineParameters = DEFAULT_PARAMETERS,
        *,
        max_dates: int | None = None,
        sentences_per_date: int | None = None,
    ) -> list[TimelineEntry]:
        """The timeline these parameters select, in chronological order, then by rank."""
        date_limit = _check_limit("max_dates", max_dates, DEFAULT_MAX_DATES)
        per_date = _check_limit(
            "sentences_per_date", sentences_per_date, DEFAULT_SENTENCES_PER_DATE
        )
        pools = self.pools
        if parameters.skip_personal:
            pools = {p: [s for s in pool if not self.personal(s)] for p, pool in pools.items()}
        dated = (sentence for pool in pools.values() for sentence in pool)
        ranked = rank_dates(dated, self.articles, parameters)
        wanted = min(parameters.min_support, len(set(self.origin)))
        floor = parameters.min_score_ratio * ranked[0][1] if ranked else 0.0
        summarizer = _Summarizer(self, parameters)
        selected: list[tuple[EventDate, list[DatedSentence]]] = []
        for period, score in ranked:
            if len(selected) >= date_limit or score <= 0 or score < floor:
                break
            if not self.supported(pools[period], wanted):
                continue
            summary = summarizer.summarize(pools[period], per_date)
            if summary:
                selected.append((period, summary))
        selected.sort(key=lambda item: (item[0].first, item[0].last))
        return [self.entry(s, period) for period, summary in selected for s in summary]

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


class _Summarizer:
    """The sentences of one selection: what may be shown and what was picked."""

    def __init__(self, candidates: TimelineCandidates, parameters: TimelineParameters) -> None:
        self.candidates = candidates
        self.parameters = parameters
        self.picked: list[SparseVector] = []

    def selectable(self, sentence: DatedSentence) -> bool:
        """Whether a sentence may appear: its length, no question, a keyword if asked."""
        text = self.candidates.text(sentence)
        words = len(text.split())
        if not self.parameters.min_words <= words <= self.parameters.max_words:
            return False
        if text.rstrip().endswith("?"):
            return False
        keyword = self.candidates.keyword
        return keyword is None or keyword.search(text.casefold()) is not None

    def is_repeat(self, vector: SparseVector) -> bool:
        similarity = self.parameters.duplicate_similarity
        return any(cosine(vector, other) > similarity for other in self.picked)

    def summarize(self, pool: Sequence[DatedSentence], count: int) -> list[DatedSentence]:
        """Up to ``count`` sentences of the pool that best cover the date's topic."""
        vectors = [self.candidates.vector(sentence) for sentence in pool]
        chosen = select_by_centroid(
            vectors,
            _date_centroid(pool, vectors),
            count,
            eligible=lambda index: self.selectable(pool[index]),
            redundant=self.is_repeat,
            similarity=self.parameters.duplicate_similarity,
        )
        self.picked += [vectors[i] for i in chosen]
        return [pool[i] for i in chosen]


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
    copy_of: Mapping[str, str] | None = None,
    parameters: TimelineParameters = DEFAULT_PARAMETERS,
) -> list[TimelineEntry]:
    """Build a timeline of dated events from analyzed articles (see the module doc).

    ``max_dates`` and ``sentences_per_date`` bound its size (defaults for a readable
    dossier when None); the other options are those of ``TimelineCandidates``.
    Entries come in chronological order, then by rank within a date.
    """
    candidates = TimelineCandidates(
        articles,
        keywords=keywords,
        start=start,
        end=end,
        coarse_dates=coarse_dates,
        lead_days=lead_days,
        copy_of=copy_of,
    )
    return candidates.select(parameters, max_dates=max_dates, sentences_per_date=sentences_per_date)
