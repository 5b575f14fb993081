"""Rules that find time expressions and read their TIMEX3 value: the shared parts.

A rule is a regular expression (compiled case-insensitively; names of months and
weekdays must be capitalized) and a handler that turns a match and its context (the
anchor date, the tense of the governing verb, the latest date mentioned before) into a
``Reading``, or ``None`` when the match is not a time expression after all.

Extents follow TimeML's TIMEX3 conventions: determiners and modifiers belong to the
expression ("the past three years", "early 2010", "about two years ago"), prepositions
do not ("on Monday" -> "Monday").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from storyline.model import TimeType
from storyline.pipeline.times.calendar import Direction

__all__ = [
    "APPROX",
    "POINT_MOD",
    "WORD_START",
    "Context",
    "Handler",
    "Reading",
    "Rule",
    "Tense",
    "direction_of",
    "rule",
    "timex_mod",
    "unresolved",
]


class Tense(Enum):
    """Tense of the verb that governs a time expression."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Context:
    """What a handler may know besides the match itself."""

    anchor: date | None  # the publication date (document creation time)
    tense: Tense = Tense.UNKNOWN
    reference: date | None = None  # the latest full date mentioned before, else anchor
    local_reference: date | None = None  # the latest full date of the same sentence
    references: dict[str, str] = field(default_factory=dict)  # latest value per unit


@dataclass(frozen=True, slots=True)
class Reading:
    """The normalized meaning of one expression."""

    type: TimeType
    value: str
    relative: bool = False  # computed from the anchor
    resolved: bool = True  # False: depends on an anchor that is unknown


Handler = Callable[[re.Match[str], Context], Reading | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler


#: Where every rule's match starts: a word (or an apostrophe) after no word, amount,
#: hashtag, slash or hyphen.
WORD_START = r"(?<![\w$£€#/-])(?=[\w'’])"


def rule(name: str, body: str, handler: Handler) -> Rule:
    """A rule whose pattern starts and ends at word boundaries."""
    pattern = re.compile(rf"{WORD_START}(?:{body})(?![\w%/]|-\w|[.,]\d)", re.IGNORECASE)
    return Rule(name, pattern, handler)


def direction_of(context: Context) -> Direction:
    """Where a bare name points: back in past tense, ahead in future, else the nearest."""
    if context.tense is Tense.FUTURE:
        return Direction.FUTURE
    if context.tense is Tense.PAST:
        return Direction.PAST
    return Direction.NEAREST


def unresolved(type_: TimeType, value: str) -> Reading:
    """A relative expression in an undated article: an underspecified value."""
    return Reading(type_, value, relative=True, resolved=False)


#: Approximating modifiers that belong to the expression ("about two years ago").
APPROX = (
    r"(?:(?:about|around|approximately|roughly|nearly|almost|some|just|only|barely"
    r"|at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|no\s+more\s+than"
    r"|no\s+less\s+than|up\s+to|close\s+to|upwards\s+of"
    r"|a\s+full|fully|another|an\s+additional|an\s+extra|the\s+full)\s+)?"
)
#: Modifiers of a point in time ("early 2010", "the end of November", "mid-1990s").
POINT_MOD = (
    r"(?:sometime\s+|(?:the\s+)?(?:(?:very\s+)?(?:early|late|mid|earlier|later)[\s-]+"
    r"|(?:end|beginning|start|middle|close|turn|first\s+half|second\s+half"
    r"|last\s+half|rest|remainder|balance)\s+of\s+(?:the\s+)?))?"
)


#: TIMEX3 ``mod`` of an expression, from the modifier it starts with (first match wins).
_MODS = (
    (
        re.compile(
            r"^(?:the\s+)?(?:very\s+)?(?:early|beginning\s+of|start\s+of|dawn\s+of)\b", re.I
        ),
        "START",
    ),
    (re.compile(r"^(?:the\s+)?(?:mid\b|mid-|middle\s+of)", re.I), "MID"),
    (re.compile(r"^(?:the\s+)?(?:very\s+)?(?:late|end\s+of|close\s+of|turn\s+of)\b", re.I), "END"),
    (re.compile(r"^(?:more\s+than|over|upwards\s+of)\b", re.I), "MORE_THAN"),
    (re.compile(r"^(?:less\s+than|under|fewer\s+than|nearly|almost|barely)\b", re.I), "LESS_THAN"),
    (re.compile(r"^(?:at\s+least|no\s+less\s+than)\b", re.I), "EQUAL_OR_MORE"),
    (re.compile(r"^(?:at\s+most|no\s+more\s+than|up\s+to)\b", re.I), "EQUAL_OR_LESS"),
    (re.compile(r"^(?:about|around|approximately|roughly|some|circa|almost)\b", re.I), "APPROX"),
)


_AGO = re.compile(r"\bago$", re.I)


def timex_mod(text: str) -> str | None:
    """The TIMEX3 ``mod`` value a modifier at the start of ``text`` gives, if any.

    Of a point reached by counting back, "more than two years ago" is BEFORE that
    point and "less than a week ago" AFTER it.
    """
    for pattern, mod in _MODS:
        if pattern.match(text):
            if _AGO.search(text) and mod in ("MORE_THAN", "LESS_THAN"):
                return "BEFORE" if mod == "MORE_THAN" else "AFTER"
            return mod
    return None
