"""Words of English time expressions and the regular-expression pieces built from them.

Every pattern here is meant to be compiled with ``re.IGNORECASE``; names that must be
capitalized (months, weekdays) switch case-sensitivity back on locally with ``(?-i:...)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "DAY_PARTS",
    "MONTHS",
    "NUMBER",
    "NUMBER_WORDS",
    "ORDINALS",
    "SEASONS",
    "UNITS",
    "WEEKDAYS",
    "YEAR_WORDS",
    "month_number",
    "parse_number",
    "parse_year_words",
    "unit_of",
    "weekday_number",
]

#: Month names and abbreviations -> month number.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

#: Weekday names and abbreviations -> ISO weekday (Monday = 1).
WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3,
    "wed": 3, "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5,
    "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}  # fmt: skip

NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12,
    "half a": 0.5, "a half": 0.5, "half an": 0.5, "couple of": 2, "a couple of": 2,
}  # fmt: skip

#: Words that stand for an unknown number ("several days" -> PXD).
VAGUE_NUMBERS = ("several", "a few", "few", "some", "many", "a number of", "numerous")

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "last": -1, "final": -1,
}  # fmt: skip

#: Unit words -> TIMEX3 duration unit code.
UNITS: dict[str, str] = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D",
    "week": "W", "fortnight": "2W", "month": "M", "quarter": "Q", "year": "Y",
    "decade": "DE", "century": "CE", "centurie": "CE", "weekend": "WE",
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}

#: Parts of the day -> TIMEX3 part-of-day code.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "mid-afternoon": "AF", "midafternoon": "AF",
    "mid afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "mid-day": "MI",
}  # fmt: skip


def _alternation(words: Iterable[str]) -> str:
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in items)


_CARDINAL_WORDS = [w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an", "dozen")]
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

#: A number: digits, or number words ("twenty-four", "a", "several", "half a").
NUMBER = (
    r"(?:\d+\s+1/2|\d+(?:[.,]\d+)?"
    rf"|(?:{'|'.join(_TENS)})[\s-](?:{'|'.join(_ONES)})"
    rf"|{_alternation([*NUMBER_WORDS, *VAGUE_NUMBERS])})"
)
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
#: A month name, capitalized; abbreviations need their period ("Sept.", "Jan.").
MONTH = (
    rf"(?-i:{_MONTH_NAMES}|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER"
    r"|OCTOBER|NOVEMBER|DECEMBER|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
)
#: A month name or an abbreviation without period (only used before a day number).
MONTH_LOOSE = rf"(?:{MONTH}|(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b)"
WEEKDAY = (
    r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|(?:Mon|Tues?|Wed|Thurs?|Fri|Sat|Sun)\.)"
)
SEASON = r"(?:spring|summer|fall|autumn|winter)"
DAY_PART = r"(?:morning|afternoon|mid-?\s?afternoon|evening|night|midday|mid-day)"
UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?"
    r"|years?|decades?|century|centuries|weekends?)"
)
UNIT_SINGULAR = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century)"


_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)  # fmt: skip
_UNDER_HUNDRED = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_ONES)}))?|{'|'.join(_TEENS)}"
    rf"|(?:oh\s+)?(?:{'|'.join(_ONES)}))"
)
#: A year in words: "nineteen ninety-six", "two thousand", "two thousand and one".
YEAR_WORDS = (
    rf"(?:nineteen(?:\s+hundred)?(?:\s+and)?\s+{_UNDER_HUNDRED}"
    rf"|two\s+thousand(?:(?:\s+and)?\s+{_UNDER_HUNDRED})?)"
)


def parse_year_words(text: str) -> int | None:
    """1996 for "nineteen ninety-six"; ``None`` when it is not a year in words."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w not in ("and", "oh", "hundred")]
    if not words:
        return None
    if words[:2] == ["two", "thousand"]:
        base, rest = 2000, words[2:]
    elif words[0] == "nineteen":
        base, rest = 1900, words[1:]
    else:
        return None
    total = 0
    for word in rest:
        value = NUMBER_WORDS.get(word)
        if value is None:
            return None
        total += int(value)
    return base + total if total < 100 else None


def parse_number(text: str) -> float | None:
    """The number a numeral stands for; ``None`` for vague ones ("several")."""
    cleaned = re.sub(r"\s+", " ", text.strip().lower()).replace(",", "")
    if cleaned in VAGUE_NUMBERS:
        return None
    if cleaned.endswith(" 1/2"):
        return float(cleaned[:-4]) + 0.5
    try:
        return float(cleaned)
    except ValueError:
        pass
    if cleaned in NUMBER_WORDS:
        return NUMBER_WORDS[cleaned]
    parts = re.split(r"[\s-]", cleaned)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def month_number(text: str) -> int:
    """1-12 for a month name or abbreviation."""
    return MONTHS[text.lower().rstrip(".")]


def weekday_number(text: str) -> int:
    """ISO weekday (Monday = 1) for a weekday name or abbreviation."""
    return WEEKDAYS[text.lower().rstrip(".")]


def unit_of(text: str) -> str:
    """Duration unit code for a unit word, singular or plural."""
    word = text.lower().strip()
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s"):
        word = word[:-1]
    return UNITS[word]
