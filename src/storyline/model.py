"""Typed, frozen records of storyline. No I/O lives here.

Every span is a pair of character offsets into ``Article.text``: for a record ``r`` of
article ``a``, ``a.text[r.start:r.end]`` is the evidence the record cites.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "Actor",
    "ActorKind",
    "AnalyzedArticle",
    "Article",
    "ArticleActor",
    "Block",
    "BlockKind",
    "Contradiction",
    "ContradictionKind",
    "EntityMention",
    "Evidence",
    "Granularity",
    "LedgerEntry",
    "Polarity",
    "Sentence",
    "SourceMap",
    "SourceType",
    "Statement",
    "StatementKind",
    "Story",
    "Storyline",
    "TimeExpression",
    "TimeType",
    "TimelineEntry",
    "article_id",
    "normalize_for_id",
]


# --------------------------------------------------------------------------- enums


class BlockKind(StrEnum):
    """What a block of the cleaned text is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"


class ActorKind(StrEnum):
    """What kind of actor an entity is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    COUNTRY = "country"
    GROUP = "group"  # nationalities, parties, vague or collective sources ("experts")
    PLACE = "place"  # locations that are not governments


class StatementKind(StrEnum):
    """How a statement is reported."""

    DIRECT = "direct"  # the whole content is a quotation
    PARTIAL = "partial"  # reported speech with a quoted fragment
    REPORTED = "reported"  # indirect speech, no quotation marks
    ACCORDING_TO = "according_to"  # "according to X, ..."


class Polarity(StrEnum):
    """Whether the speaker asserts or denies the content."""

    ASSERT = "assert"
    DENY = "deny"


class SourceType(StrEnum):
    """What kind of source a statement names."""

    NAMED = "named"  # a named actor ("Matthew Miller", "the Kremlin")
    VAGUE = "vague"  # "experts", "Western information", "sources"
    COLLECTIVE = "collective"  # "both countries", "both sides"
    PRONOUN = "pronoun"  # "he", "she", "they", resolved where possible
    NONE = "none"  # no source in the text


class TimeType(StrEnum):
    """TIMEX3 types."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Granularity(StrEnum):
    """How precise a normalized time value is."""

    MINUTE = "minute"
    HOUR = "hour"
    PART_OF_DAY = "part_of_day"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    UNKNOWN = "unknown"


# --------------------------------------------------------------------------- ids


_SPACES = re.compile(r"\s+")


def normalize_for_id(text: str) -> str:
    """Case-, width- and whitespace-insensitive form of a text, for content ids."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", text).strip()


def article_id(source: str, title: str, text: str) -> str:
    """Stable id of an article: the outlet and its normalized title and text.

    The same article read twice (from the same or another file) gets the same id; the
    same agency copy run by two outlets gets two ids, because which outlets reported
    something is part of what storyline tracks.
    """
    digest = hashlib.sha256()
    for part in (source, title, text):
        digest.update(normalize_for_id(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- article


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. ``text`` is the body all spans point into."""

    id: str
    source: str  # the outlet ("site-34", "bbc.co.uk")
    title: str
    text: str
    published: date | None = None
    url: str | None = None
    language: str = "en"
    origin: str | None = None  # file path or URL it was read from

    @classmethod
    def create(
        cls,
        *,
        source: str,
        title: str,
        text: str,
        published: date | None = None,
        url: str | None = None,
        language: str = "en",
        origin: str | None = None,
    ) -> Article:
        """Build an article whose id is derived from its content."""
        return cls(
            id=article_id(source, title, text),
            source=source,
            title=title,
            text=text,
            published=published,
            url=url,
            language=language,
            origin=origin,
        )


# --------------------------------------------------------------------------- layers


@dataclass(frozen=True, slots=True)
class Block:
    """A heading or paragraph of the cleaned text."""

    start: int
    end: int
    kind: BlockKind


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Where the characters of the cleaned ``Article.text`` were in the text as read.

    The clean stage drops lines and collapses spaces; ``pieces`` are the runs it copied
    unchanged, as ``(cleaned start, source start, length)`` in cleaned-text order, so a
    span of the evidence can be found again in the input (the file at ``origin``).
    ``source_end`` is the input offset just after the last kept character. An empty
    map (analyses stored before the map was kept) maps every offset to itself.
    """

    pieces: tuple[tuple[int, int, int], ...] = ()
    source_end: int = 0

    @classmethod
    def from_offsets(cls, offsets: list[int] | tuple[int, ...], source_end: int) -> SourceMap:
        """The map of a text whose character ``i`` came from input offset ``offsets[i]``."""
        pieces: list[tuple[int, int, int]] = []
        for index, source in enumerate(offsets):
            if pieces:
                start, first, length = pieces[-1]
                if first + length == source and start + length == index:
                    pieces[-1] = (start, first, length + 1)
                    continue
            pieces.append((index, source, 1))
        return cls(tuple(pieces), source_end)

    def source_offset(self, offset: int) -> int:
        """The input offset of cleaned-text character ``offset`` (the end maps to the end)."""
        if not self.pieces:
            return offset
        index = bisect.bisect_right(self.pieces, (offset, 1 << 62, 0)) - 1
        start, source, length = self.pieces[max(index, 0)]
        if index < 0 or offset >= start + length:
            return self.source_end
        return source + offset - start

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the cleaned text back to the input text."""
        if end <= start:
            return self.source_offset(start), self.source_offset(start)
        return self.source_offset(start), self.source_offset(end - 1) + 1


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named-entity mention as the NLP model found it (label is spaCy's)."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class ArticleActor:
    """An actor as one article knows it: its mentions, name variants and roles.

    ``key`` is unique within the article; corpus-level resolution maps keys of
    many articles onto one actor.
    """

    key: str
    name: str  # the fullest form used in the article ("Vladimir Putin")
    kind: ActorKind
    mentions: tuple[tuple[int, int], ...]  # spans of every mention, incl. metonyms
    aliases: tuple[str, ...] = ()  # other surface forms ("Putin", "the Kremlin chief")
    roles: tuple[str, ...] = ()  # "Russian President", "US State Department spokesman"
    role_spans: tuple[tuple[int, int], ...] = ()  # evidence of each role, same order
    # the country it belongs to: a capital's or institution's country, a person's
    # affiliation from their roles, a country itself
    country: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression with its TIMEX3-style normalized value.

    ``value`` follows TIMEX3 (``2024-06-17``, ``2023-09``, ``P24Y``, ``PRESENT_REF``,
    ``XXXX-09`` when a relative expression could not be resolved). A range such as
    "from Tuesday to Wednesday" has ``end_value`` set. ``resolved`` is False when the
    value still depends on an unknown anchor (an undated article's "on Monday").
    """

    start: int
    end: int
    text: str
    type: TimeType
    value: str
    granularity: Granularity
    end_value: str | None = None
    resolved: bool = True
    relative: bool = False  # normalized against the publication date
    mod: str | None = None  # TIMEX3 mod: START ("early 2010"), APPROX, MORE_THAN, ...


@dataclass(frozen=True, slots=True)
class Statement:
    """Who said what: source, cue and content spans into the article text."""

    start: int  # the whole attribution, from the earliest to the latest of its spans
    end: int
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    speaker_text: str | None  # the source as written ("US State Department spokesman ...")
    speaker_key: str | None  # ArticleActor.key of the speaker, if resolved
    source_type: SourceType
    cue_text: str | None
    cue_lemma: str | None  # "say", "deny", "according to"
    content_text: str
    kind: StatementKind
    polarity: Polarity = Polarity.ASSERT
    hedges: tuple[str, ...] = ()  # "allegedly", "could", ...
    event_time: str | None = None  # TIMEX3 value of when it was said, if stated

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)


@dataclass(frozen=True, slots=True)
class AnalyzedArticle:
    """An article with every layer the pipeline assigned. This is what gets stored."""

    article: Article
    blocks: tuple[Block, ...] = ()
    source_map: SourceMap = SourceMap()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    actors: tuple[ArticleActor, ...] = ()
    statements: tuple[Statement, ...] = ()
    times: tuple[TimeExpression, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id

    def span_text(self, start: int, end: int) -> str:
        return self.article.text[start:end]


# --------------------------------------------------------------------------- corpus level


Evidence = tuple[str, int, int]  # (article id, start, end) into that article's text


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor across the corpus: name variants of many articles merged."""

    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    country: str | None = None  # as ArticleActor.country
    mentions: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about the same happening (days), inside a storyline (months)."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    storyline_id: str
    first_published: date | None = None
    last_published: date | None = None


@dataclass(frozen=True, slots=True)
class Storyline:
    """Stories that belong to the same longer development."""

    id: str
    title: str
    story_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    #: All its articles when a page shows a bounded part of it (``story_ids`` and
    #: ``article_ids`` then list its latest and largest stories only); 0: all are listed.
    article_count: int = 0

    @property
    def article_total(self) -> int:
        """How many articles the storyline holds (also those a page did not list)."""
        return self.article_count or len(self.article_ids)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event. ``value`` is when it happened; ``reported`` when it was published."""

    value: str  # TIMEX3 value: a day ("2024-06-17") or coarser ("2024-06", "2024")
    granularity: Granularity
    text: str  # the sentence that reports the event
    article_id: str
    start: int
    end: int
    end_value: str | None = None  # TIMEX3 value where a range ends
    time_text: str | None = None  # the expression that dated it, None if publication date
    reported: dt.date | None = None
    #: outlets that carried this report (its own first; syndicated copies of the same
    #: text add theirs: one report, counted once, "carried by A, B, C")
    carried_by: tuple[str, ...] = ()

    @property
    def date(self) -> dt.date | None:
        """The day it happened, when ``value`` names one (None for "2024-06")."""
        if len(self.value) != len("2024-06-17"):
            return None
        try:
            return dt.date.fromisoformat(self.value)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One statement as reported by one or more outlets."""

    id: str
    speaker_id: str | None  # Actor.id
    speaker_text: str | None
    source_type: SourceType
    cue_lemma: str | None
    content_text: str
    kind: StatementKind
    polarity: Polarity
    hedges: tuple[str, ...]
    reports: tuple[tuple[str, Statement], ...]  # (article id, statement) per report
    outlets: tuple[str, ...]
    first_reported: date | None = None


class ContradictionKind(StrEnum):
    DENIES = "denies"  # one source asserts what another denies
    REVERSES = "reverses"  # the same source changes position over time


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two ledger entries of opposite stance on the same proposition, with evidence:
    one report of each, the earlier first (see ``stories.contradictions``)."""

    kind: ContradictionKind
    first_entry: str  # LedgerEntry.id
    second_entry: str
    first: tuple[str, Statement]  # (article id, statement)
    second: tuple[str, Statement]
    first_denies: bool  # whether the first report takes the negative side
    reason: str
