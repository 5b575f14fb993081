"""Rules for calendar dates: full dates, months, years, decades, quarters, clock times."""

from __future__ import annotations

import re
from datetime import date

from storyline.model import TimeType
from storyline.pipeline.times.calendar import (
    day_value,
    holiday_date,
    month_near,
    month_value,
    weekday_near,
)
from storyline.pipeline.times.lexicon import (
    DAY_PART,
    DAY_PARTS,
    MONTH,
    MONTH_LOOSE,
    ORDINALS,
    SEASON,
    SEASONS,
    WEEKDAY,
    YEAR_WORDS,
    month_number,
    parse_year_words,
    weekday_number,
)
from storyline.pipeline.times.rules import (
    POINT_MOD,
    Context,
    Reading,
    Rule,
    Tense,
    direction_of,
    rule,
    unresolved,
)

__all__ = ["DATE_RULES", "clock_value", "four_digit_year"]

_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = rf"(?P<year>1[0-9]\d\d|20\d\d|{YEAR_WORDS})"
_TIME_ZONE = r"(?:\s+(?-i:[ECMP][SD]T|GMT|UTC|[A-Z]{2,4}T))?"
_CLOCK = (
    r"(?P<hour>[01]?\d|2[0-4])(?:[:.](?P<minute>[0-5]\d))?\s*"
    r"(?P<ampm>[ap]\.\s?m\.|[ap]\.?m\b\.?|[ap]m\b)"
    rf"{_TIME_ZONE}"
)
_CLOCK_WORD = r"(?P<clockword>noon|midnight|midday)"
_PART_CODES = {"NOON": "12:00", "MIDDAY": "12:00", "MIDNIGHT": "24:00"}


def four_digit_year(text: str) -> int:
    """A year from "1998", "'98" (two digits: 1950-2049) or "nineteen ninety-eight"."""
    spelled = parse_year_words(text)
    if spelled is not None:
        return spelled
    digits = text.strip("'’ ")
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if year >= 50 else 2000
    return year


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- full dates


def _full_date(match: re.Match[str], context: Context) -> Reading | None:
    groups = match.groupdict()
    year = four_digit_year(groups["year"])
    month = int(groups["mnum"]) if groups.get("mnum") else month_number(groups["month"])
    day = int(groups["day"])
    if not _valid_day(year, month, day):
        return None
    value = day_value(date(year, month, day))
    return _with_clock(match, value)


def _with_clock(match: re.Match[str], value: str) -> Reading:
    clock = clock_value(match)
    if clock:
        return Reading(TimeType.TIME, f"{value}T{clock}")
    return Reading(TimeType.DATE, value)


#: Month-days that name one famous event when they qualify it ("the September 11
#: attacks", "the 9/11 commission"): the event's year, whatever the publication date.
FAMOUS_DAYS = {(9, 11): 2001}
_FAMOUS_NOUN = re.compile(
    r"[\s,]*(?:terror(?:ist|ism)?\s+)?(?:attack|attacks|attackers|hijack\w*|commission"
    r"|bombings?|victims|families|memorial|anniversary|plot|plotters|era|strikes|tragedy)\b",
    re.IGNORECASE,
)


def _famous(match: re.Match[str], month: int, day: int) -> Reading | None:
    """The famous day a month-day names where the next word is its event's noun."""
    year = FAMOUS_DAYS.get((month, day))
    if year is None or not _FAMOUS_NOUN.match(match.string, match.end()):
        return None
    return Reading(TimeType.DATE, day_value(date(year, month, day)))


def _famous_numeric(match: re.Match[str], context: Context) -> Reading | None:
    """ "9/11": the famous day itself (a bare month/day is otherwise no date here)."""
    month, day = int(match["mnum"]), int(match["day"])
    year = FAMOUS_DAYS.get((month, day))
    return Reading(TimeType.DATE, day_value(date(year, month, day))) if year else None


def _month_day(match: re.Match[str], context: Context) -> Reading | None:
    month = month_number(match["month"])
    day = int(match["day"])
    if not _valid_day(2000, month, day):
        return None
    famous = _famous(match, month, day)
    if famous is not None:
        return famous
    if context.anchor is None:
        return unresolved(TimeType.DATE, f"XXXX-{month:02d}-{day:02d}")
    year, _ = month_near(context.anchor, month, direction_of(context))
    if not _valid_day(year, month, day):
        return None
    reading = _with_clock(match, day_value(date(year, month, day)))
    return Reading(reading.type, reading.value, relative=True)


def _month_year(match: re.Match[str], context: Context) -> Reading | None:
    return Reading(
        TimeType.DATE, month_value(four_digit_year(match["year"]), month_number(match["month"]))
    )


def _month(match: re.Match[str], context: Context) -> Reading | None:
    month = month_number(match["month"])
    relation = (match["rel"] or "").lower()
    anchor = context.anchor
    if anchor is None:
        return unresolved(TimeType.DATE, f"XXXX-{month:02d}")
    if relation in ("last", "past", "previous"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif relation in ("next", "coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif relation == "this":
        year = anchor.year
    else:
        year, _ = month_near(anchor, month, direction_of(context))
    return Reading(TimeType.DATE, month_value(year, month), relative=True)


def _month_relative_year(match: re.Match[str], context: Context) -> Reading | None:
    month = month_number(match["month"])
    if context.anchor is None:
        return unresolved(TimeType.DATE, f"XXXX-{month:02d}")
    shift = {"last": -1, "this": 0, "next": 1}[match["yrel"].lower()]
    return Reading(TimeType.DATE, month_value(context.anchor.year + shift, month), relative=True)


def _year(match: re.Match[str], context: Context) -> Reading | None:
    return Reading(TimeType.DATE, f"{four_digit_year(match['year']):04d}")


def _decade(match: re.Match[str], context: Context) -> Reading | None:
    century = match["century"] or "19"
    return Reading(TimeType.DATE, f"{century}{match['decade']}")


def _century(match: re.Match[str], context: Context) -> Reading | None:
    text = match["ordinal"].lower()
    number = ORDINALS.get(text) or int(re.sub(r"\D", "", text) or 0)
    if number <= 0:
        return None
    return Reading(TimeType.DATE, f"{number - 1:02d}")


# --------------------------------------------------------------------------- quarters


def _quarter_year(match: re.Match[str], context: Context) -> int | None:
    year = match.groupdict().get("year") or match.groupdict().get("year2")
    if year:
        return four_digit_year(year)
    relation = (match.groupdict().get("yrel") or match.groupdict().get("yrel2") or "").lower()
    if not relation or context.anchor is None:
        return None
    return context.anchor.year + {"last": -1, "next": 1}.get(relation, 0)


def _quarter(match: re.Match[str], context: Context) -> Reading | None:
    quarter = ORDINALS[match["ordinal"].lower()]
    if quarter == -1:
        quarter = 4
    if not 1 <= quarter <= 4:
        return None
    year = _quarter_year(match, context)
    if year is not None:
        return Reading(TimeType.DATE, f"{year:04d}-Q{quarter}")
    if context.anchor is None:
        return unresolved(TimeType.DATE, f"XXXX-Q{quarter}")
    current = (context.anchor.month - 1) // 3 + 1
    year = context.anchor.year
    if quarter > current and context.tense is not Tense.FUTURE:
        year -= 1
    if re.search(r"year[\s-](?:ago|earlier)", match.group(0), re.IGNORECASE):
        year -= 1
    return Reading(TimeType.DATE, f"{year:04d}-Q{quarter}", relative=True)


def _year_period(match: re.Match[str], context: Context) -> Reading | None:
    """ "the 1988 quarter", "the 1989 period": that year's quarter under discussion."""
    year = four_digit_year(match["year"])
    latest = context.references.get("Q")
    if latest:
        return Reading(TimeType.DATE, f"{year:04d}{latest[4:]}")
    return Reading(TimeType.DATE, f"{year:04d}")


def _half(match: re.Match[str], context: Context) -> Reading | None:
    half = ORDINALS[match["ordinal"].lower()]
    half = 2 if half == -1 else half
    if half not in (1, 2):
        return None
    year = _quarter_year(match, context)
    if year is None:
        if context.anchor is None:
            return unresolved(TimeType.DATE, f"XXXX-H{half}")
        year = context.anchor.year
    return Reading(TimeType.DATE, f"{year:04d}-H{half}", relative=not match["year"])


def _season(match: re.Match[str], context: Context) -> Reading | None:
    code = SEASONS[match["season"].lower()]
    if match["year"]:
        return Reading(TimeType.DATE, f"{four_digit_year(match['year']):04d}-{code}")
    anchor = context.anchor
    if anchor is None:
        return unresolved(TimeType.DATE, f"XXXX-{code}")
    relation = (match["rel"] or "").lower().split()[-1] if match["rel"] else ""
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    current = anchor.month >= start_month and (anchor.month - start_month) < 3
    started = anchor.month >= start_month
    year = anchor.year
    if relation in ("last", "past", "previous"):
        year = anchor.year if started and not current else anchor.year - 1
    elif relation in ("next", "coming"):
        year = anchor.year + 1 if started else anchor.year
    elif relation in ("this", "the"):
        year = anchor.year
    return Reading(TimeType.DATE, f"{year:04d}-{code}", relative=True)


# --------------------------------------------------------------------------- holidays


def _holiday(match: re.Match[str], context: Context) -> Reading | None:
    name = match["holiday"]
    if match["year"]:
        day = holiday_date(name, four_digit_year(match["year"]))
        return Reading(TimeType.DATE, day_value(day)) if day else None
    anchor = context.anchor
    if anchor is None:
        return unresolved(TimeType.DATE, "XXXX-XX-XX")
    relation = (match["rel"] or "").lower()
    this_year = holiday_date(name, anchor.year)
    if this_year is None:
        return None
    if relation in ("last", "past", "previous"):
        year = anchor.year if this_year < anchor else anchor.year - 1
    elif relation in ("next", "coming"):
        year = anchor.year if this_year > anchor else anchor.year + 1
    elif context.tense is Tense.FUTURE:
        year = anchor.year if this_year >= anchor else anchor.year + 1
    else:
        ahead = (this_year - anchor).days
        year = anchor.year if ahead <= 31 else anchor.year - 1
    day = holiday_date(name, year)
    return Reading(TimeType.DATE, day_value(day), relative=True) if day else None


# --------------------------------------------------------------------------- clock times


def clock_value(match: re.Match[str]) -> str | None:
    """``HH:MM`` (or ``HH``) of a clock time in the match, if it has one."""
    groups = match.groupdict()
    if groups.get("clockword"):
        return _PART_CODES[groups["clockword"].upper()]
    if groups.get("hour") is None:
        return None
    hour = int(groups["hour"])
    minute = groups.get("minute")
    ampm = (groups.get("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute}" if minute else f"{hour:02d}:00"


def _clock(match: re.Match[str], context: Context) -> Reading | None:
    clock = clock_value(match)
    if clock is None:
        return None
    groups = match.groupdict()
    day: date | None = context.reference or context.anchor
    relative = True
    if groups.get("wday") and context.anchor is None:
        return unresolved(TimeType.TIME, f"XXXX-WXX-{weekday_number(groups['wday'])}T{clock}")
    if groups.get("deictic") and context.anchor is None:
        return unresolved(TimeType.TIME, f"XXXX-XX-XXT{clock}")
    if groups.get("wday") and context.anchor is not None:
        day = weekday_near(context.anchor, weekday_number(groups["wday"]), direction_of(context))
    elif groups.get("deictic") and context.anchor is not None:
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
        day = date.fromordinal(context.anchor.toordinal() + offset[groups["deictic"].lower()])
    if day is None:
        return unresolved(TimeType.TIME, f"XXXX-XX-XXT{clock}")
    return Reading(TimeType.TIME, f"{day_value(day)}T{clock}", relative=relative)


def _clock_in_day_part(match: re.Match[str], context: Context) -> Reading | None:
    """ "4 in the morning", "8 in the evening"."""
    hour = int(match["hour"])
    code = DAY_PARTS.get(match["part"].lower(), "")
    if code in ("AF", "EV") or (code == "NI" and hour >= 6):
        hour = hour + 12 if hour < 12 else hour
    if hour > 24:
        return None
    clock = f"{hour:02d}:{match['minute'] or '00'}"
    if context.anchor is None:
        return unresolved(TimeType.TIME, f"XXXX-XX-XXT{clock}")
    day = context.reference or context.anchor
    return Reading(TimeType.TIME, f"{day_value(day)}T{clock}", relative=True)


_LEAD_WEEKDAY = rf"(?:{WEEKDAY},?\s+)?"
_TAIL_CLOCK = rf"(?:,?\s+(?:at\s+)?(?:{_CLOCK}|{_CLOCK_WORD}))?"  # "June 5 at 10 a.m."
_WDAY_TAIL = rf"(?:,?\s+(?:(?P<wday>{WEEKDAY})|(?P<deictic>today|tonight|yesterday|tomorrow)))?"

DATE_RULES: tuple[Rule, ...] = (
    rule(
        "iso_date",
        r"(?P<year>\d{4})-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])"
        r"(?:T(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::\d\d)?)?",
        _full_date,
    ),
    rule(
        "slash_date",
        r"(?P<mnum>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])/(?P<year>\d{4}|\d{2})",
        _full_date,
    ),
    rule(
        "month_day_year",
        rf"{_LEAD_WEEKDAY}(?:the\s+)?(?P<month>{MONTH_LOOSE})\s+{_DAY},?\s+{_YEAR}{_TAIL_CLOCK}",
        _full_date,
    ),
    rule(
        "day_month_year",
        rf"{_LEAD_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<month>{MONTH_LOOSE}),?\s+{_YEAR}",
        _full_date,
    ),
    rule(
        "clock_month_day",
        rf"(?:{_CLOCK}|{_CLOCK_WORD}),?\s+{_LEAD_WEEKDAY}(?P<month>{MONTH_LOOSE})\s+{_DAY}"
        rf"(?:,?\s+{_YEAR})?",
        lambda m, c: _full_date(m, c) if m["year"] else _month_day(m, c),
    ),
    rule(
        "month_day",
        rf"{_LEAD_WEEKDAY}(?P<month>{MONTH_LOOSE})\s+{_DAY}(?!\s*(?:,\s*)?\d){_TAIL_CLOCK}",
        _month_day,
    ),
    rule("famous_day", r"(?P<mnum>9)/(?P<day>11)", _famous_numeric),
    rule(
        "day_month",
        rf"{_LEAD_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<month>{MONTH})(?!\s*,?\s*\d)",
        _month_day,
    ),
    rule(
        "month_year",
        rf"{POINT_MOD}(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>1\d\d\d|20\d\d|'\d\d|{YEAR_WORDS})",
        _month_year,
    ),
    rule(
        "month_relative_year",
        rf"{POINT_MOD}(?P<month>{MONTH})\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year",
        _month_relative_year,
    ),
    rule(
        "month",
        rf"{POINT_MOD}(?:(?P<rel>last|next|this|past|coming|previous)\s+)?(?P<month>{MONTH})",
        _month,
    ),
    rule(
        "year",
        rf"{POINT_MOD}(?:(?:the\s+)?(?:fiscal(?:\s+year)?|calendar(?:\s+year)?|(?:the\s+)?year"
        rf"|FY|model\s+year)\s*)?{_YEAR}",
        _year,
    ),
    rule(
        "decade",
        rf"{POINT_MOD}(?:the\s+)?(?:(?P<century>1\d|20)|['’])(?P<decade>\d)0['’]?s",
        _decade,
    ),
    rule(
        "century",
        rf"{POINT_MOD}(?:the\s+)?(?P<ordinal>\d{{1,2}}(?:st|nd|rd|th)|first|second|third"
        r"|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
        r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
        r"|twenty-first)[\s-]century",
        _century,
    ),
    # the modifiers before a quarter are bounded ({0,4}, as in every rule): an unbounded
    # run would let "1999 2001 1987 ..." be rescanned from every number, in square time
    rule(
        "quarter",
        rf"{POINT_MOD}(?:(?:the\s+)?(?P<year>\d{{4}})\s+|(?:the\s+)?(?:(?:latest|last|past|current"
        r"|previous|coming|next|this|same|fiscal|calendar|year-earlier|year-ago|fiscal-year"
        r"|comparable|corresponding|year\s+earlier|\d{4}|(?P<yrel2>next|last|this)\s+year['’]s)"
        r"\s+){0,4})(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
        r"[\s-](?:fiscal[\s-])?(?:quarter|qtr\.?|period)"
        r"(?:\s+of\s+(?:(?P<year2>\d{4})|(?P<yrel>this|last|next)\s+year|(?:the|this)"
        r"\s+year))?",
        _quarter,
    ),
    rule(
        "year_period",
        r"the\s+(?P<year>19\d\d|20\d\d)\s+(?:quarter|period)",
        _year_period,
    ),
    rule(
        "half",
        r"(?:the\s+)?(?P<ordinal>first|second|1st|2nd|last)[\s-]half(?:\s+of\s+"
        r"(?:(?P<year>\d{4})|(?P<yrel>this|last|next)\s+year|the\s+year))?",
        _half,
    ),
    rule(
        "season",
        rf"{POINT_MOD}(?:(?P<rel>last|next|this|past|coming|previous|the|this\s+past"
        rf"|this\s+coming)\s+)?(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<year>\d{{4}}|{YEAR_WORDS}))?",
        _season,
    ),
    rule(
        "holiday",
        r"(?:(?P<rel>last|next|this|past|coming|previous)\s+)?(?P<holiday>(?-i:Christmas"
        r"(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve)|Thanksgiving(?:\s+Day)?"
        r"|Independence\s+Day|Election\s+Day|Labor\s+Day|Memorial\s+Day|Veterans\s+Day"
        r"|Easter(?:\s+Sunday)?|Halloween|Valentine['’]s\s+Day))(?:,?\s+(?P<year>\d{4}))?",
        _holiday,
    ),
    rule(
        "clock",
        rf"(?:(?:about|around|approximately|at\s+about|shortly\s+(?:before|after)|just"
        rf"\s+(?:before|after))\s+)?(?:{_CLOCK}|{_CLOCK_WORD}){_WDAY_TAIL}",
        _clock,
    ),
    rule(
        "clock_day_part",
        rf"(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s+(?:o'clock\s+)?"
        rf"in\s+the\s+(?P<part>{DAY_PART})",
        _clock_in_day_part,
    ),
)
