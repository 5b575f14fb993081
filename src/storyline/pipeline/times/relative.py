"""Rules for relative expressions: deictic days, "last week", "two years ago", weekdays,
durations and sets."""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.model import TimeType
from storyline.pipeline.times.calendar import (
    Direction,
    day_value,
    duration_value,
    shift_value,
    week_value,
    weekday_near,
)
from storyline.pipeline.times.lexicon import (
    DAY_PART,
    DAY_PARTS,
    MONTH,
    NUMBER,
    UNIT,
    UNIT_SINGULAR,
    WEEKDAY,
    month_number,
    parse_number,
    unit_of,
    weekday_number,
)
from storyline.pipeline.times.rules import (
    APPROX,
    POINT_MOD,
    Context,
    Reading,
    Rule,
    Tense,
    direction_of,
    rule,
    unresolved,
)

__all__ = ["RELATIVE_RULES"]

_DEICTIC_OFFSETS = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "last night": -1,
    "overnight": 0,
}
_UNDERSPECIFIED = {
    "D": "XXXX-XX-XX",
    "W": "XXXX-WXX",
    "WE": "XXXX-WXX-WE",
    "M": "XXXX-XX",
    "Q": "XXXX-QX",
    "Y": "XXXX",
    "DE": "XXX",
    "CE": "XX",
}
_SHIFT = {
    "last": -1,
    "previous": -1,
    "past": -1,
    "this": 0,
    "current": 0,
    "same": 0,
    "next": 1,
    "coming": 1,
    "following": 1,
}
_SETS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "quarterly": "P1Q",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}


def _part_code(text: str | None) -> str:
    return DAY_PARTS.get(re.sub(r"\s+", " ", (text or "").lower()), "")


def _deictic(match: re.Match[str], context: Context) -> Reading | None:
    word = re.sub(r"\s+", " ", match["deictic"].lower())
    part = _part_code(match["part"])
    if word in ("tonight", "last night", "overnight"):
        part = "NI"
    type_ = TimeType.TIME if part else TimeType.DATE
    suffix = f"T{part}" if part else ""
    if context.anchor is None:
        return unresolved(type_, f"XXXX-XX-XX{suffix}")
    day = context.anchor + timedelta(days=_DEICTIC_OFFSETS[word])
    return Reading(type_, day_value(day) + suffix, relative=True)


def _deictic_part_first(match: re.Match[str], context: Context) -> Reading | None:
    """ "yesterday", "tomorrow night", and with the part first: "mid-afternoon yesterday"."""
    reading = _deictic(match, context)
    if not match["part1"]:
        return reading
    part = _part_code(match["part1"])
    if reading is None or "T" in reading.value:
        return reading
    return Reading(TimeType.TIME, f"{reading.value}T{part}", reading.relative, reading.resolved)


def _this_day_part(match: re.Match[str], context: Context) -> Reading | None:
    part = _part_code(match["part"])
    relation = (match["rel"] or "").lower()
    anchor = context.anchor if relation == "this" else (context.local_reference or context.anchor)
    if anchor is None:
        return unresolved(TimeType.TIME, f"XXXX-XX-XXT{part}")
    return Reading(TimeType.TIME, f"{day_value(anchor)}T{part}", relative=True)


def _present(match: re.Match[str], context: Context) -> Reading | None:
    return Reading(TimeType.DATE, "PRESENT_REF", relative=True)


def _past(match: re.Match[str], context: Context) -> Reading | None:
    return Reading(TimeType.DATE, "PAST_REF", relative=True)


def _future(match: re.Match[str], context: Context) -> Reading | None:
    return Reading(TimeType.DATE, "FUTURE_REF", relative=True)


def _unit_shift(anchor: date | None, amount: int, unit: str) -> Reading:
    if anchor is None:
        return unresolved(TimeType.DATE, _UNDERSPECIFIED.get(unit, "XXXX"))
    return Reading(TimeType.DATE, shift_value(anchor, amount, unit), relative=True)


def _relative_unit(match: re.Match[str], context: Context) -> Reading | None:
    """ "last week", "this year", "next month", "earlier this month"."""
    unit = unit_of(match["unit"])
    relation = match["rel"].lower().split()[-1]
    return _unit_shift(context.anchor, _SHIFT[relation], unit)


def _anaphoric_unit(match: re.Match[str], context: Context) -> Reading | None:
    """ "the next day", "that week", "the following year": from the latest date."""
    unit = unit_of(match["unit"])
    relation = (match["rel2"] or match["rel"] or "").lower().split()[-1]
    shift = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "prior": -1}
    if relation == "before":
        amount = -1
    elif relation == "after":
        amount = 1
    else:
        amount = shift.get(relation, 0)
    anchor = context.reference or context.anchor
    return _unit_shift(anchor, amount, unit)


def _the_unit(match: re.Match[str], context: Context) -> Reading | None:
    """ "the quarter" (the one under discussion), "the weekend", "the week", "the month"."""
    unit = unit_of(match["unit"])
    if unit == "Q" and context.anchor is not None:
        latest = context.references.get("Q") or shift_value(context.anchor, -1, "Q")
        if re.search(r"year-(?:ago|earlier)", match.group(0), re.IGNORECASE):
            latest = f"{int(latest[:4]) - 1:04d}{latest[4:]}"
        return Reading(TimeType.DATE, latest, relative=True)
    if unit == "WE" and context.anchor is not None:
        back = -1 if context.tense is Tense.PAST else 0
        if context.anchor.isoweekday() >= 6:
            back = 0
        return Reading(
            TimeType.DATE,
            week_value(context.anchor + timedelta(weeks=back)) + "-WE",
            relative=True,
        )
    return _unit_shift(context.anchor, 0, unit)


def _the_period(match: re.Match[str], context: Context) -> Reading | None:
    """ "the latest period", "the year-earlier period": the quarter under discussion."""
    if context.anchor is None:
        return unresolved(TimeType.DATE, "XXXX-QX")
    latest = context.references.get("Q") or shift_value(context.anchor, -1, "Q")
    if re.search(r"year-(?:ago|earlier|before)", match.group(0), re.IGNORECASE):
        latest = f"{int(latest[:4]) - 1:04d}{latest[4:]}"
    return Reading(TimeType.DATE, latest, relative=True)


def _the_year(match: re.Match[str], context: Context) -> Reading | None:
    """ "the year" (this year), "the fiscal year ended June 30" (a duration)."""
    if match["ended"] is not None:
        return Reading(TimeType.DURATION, "P1Y")
    return _unit_shift(context.anchor, 0, "Y")


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}  # fmt: skip


def _decade_words(match: re.Match[str], context: Context) -> Reading | None:
    return Reading(TimeType.DATE, f"19{_DECADE_WORDS[match['decade'].lower()]}")


def _amount(text: str | None) -> float | None:
    if not text:
        return 1
    half = re.search(r"\s+and\s+a\s+half$", text, re.IGNORECASE)
    base = text[: half.start()] if half else text
    number = parse_number(base)
    if number is None:
        return None
    return number + (0.5 if half else 0)


def _ago(match: re.Match[str], context: Context) -> Reading | None:
    """ "two years ago", "three days later", "a year earlier"."""
    unit = unit_of(match["unit"])
    amount = _amount(match["number"])
    direction = match["dir"].lower()
    sign = 1 if direction in ("later", "after", "from now", "hence", "on") else -1
    anchor = context.anchor if direction in ("ago", "from now", "hence", "back") else None
    anchor = anchor or context.reference or context.anchor
    if amount is None or amount != int(amount):
        if anchor is None:
            return unresolved(TimeType.DATE, _UNDERSPECIFIED.get(unit, "XXXX"))
        return Reading(TimeType.DATE, "PAST_REF" if sign < 0 else "FUTURE_REF", relative=True)
    if unit == "DE" and direction == "ago":
        unit, amount = "Y", amount * 10
    latest = context.references.get("Q")
    if unit == "Y" and latest and anchor is not None and direction in ("ago", "earlier"):
        year = int(latest[:4]) + sign * int(amount)
        return Reading(TimeType.DATE, f"{year:04d}{latest[4:]}", relative=True)
    return _unit_shift(anchor, sign * int(amount), unit)


def _year_ago_adjective(match: re.Match[str], context: Context) -> Reading | None:
    """ "year-earlier", "the year-ago period"."""
    latest = context.references.get("Q")
    if latest and latest[:4].isdigit():
        return Reading(TimeType.DATE, f"{int(latest[:4]) - 1:04d}{latest[4:]}", relative=True)
    return _unit_shift(context.anchor, -1, "Y")


def _duration(match: re.Match[str], context: Context) -> Reading | None:
    unit = unit_of(match["unit"])
    amount = _amount(match["number"])
    if not match["number"] and match["unit"].lower().endswith("s"):
        amount = None
    if unit == "DE" and amount is not None:
        unit, amount = "Y", amount * 10
    if unit == "MIN" and amount is not None:
        return Reading(TimeType.DURATION, duration_value(amount, "MIN"))
    if unit == "H" and amount is not None and amount != int(amount):
        return Reading(TimeType.DURATION, duration_value(amount * 60, "MIN"))
    if amount is not None and amount != int(amount) and unit in ("Y", "M", "D", "W"):
        smaller = {"Y": ("M", 12), "M": ("D", 30), "D": ("H", 24), "W": ("D", 7)}[unit]
        return Reading(TimeType.DURATION, duration_value(amount * smaller[1], smaller[0]))
    return Reading(TimeType.DURATION, duration_value(amount, unit))


def _vague_duration(match: re.Match[str], context: Context) -> Reading | None:
    """ "recent years", "coming weeks", "for decades"."""
    return Reading(TimeType.DURATION, duration_value(None, unit_of(match["unit"])))


def _weekday(match: re.Match[str], context: Context) -> Reading | None:
    weekday = weekday_number(match["wday"])
    relation = (match["rel"] or "").lower().split()[-1] if match["rel"] else ""
    part = _part_code(match["part"])
    type_ = TimeType.TIME if part else TimeType.DATE
    suffix = f"T{part}" if part else ""
    anchor = context.anchor
    if anchor is None:
        return unresolved(type_, f"XXXX-WXX-{weekday}{suffix}")
    if relation in ("last", "past", "previous"):
        day = weekday_near(anchor - timedelta(days=1), weekday, Direction.PAST)
    elif relation in ("next", "coming"):
        day = weekday_near(anchor + timedelta(days=1), weekday, Direction.FUTURE)
    elif re.match(r"['’]s\b", match.string[match.end() : match.end() + 3]):
        day = weekday_near(anchor, weekday, Direction.PAST)  # "Wednesday's ruling"
    else:
        day = weekday_near(anchor, weekday, direction_of(context))
    return Reading(type_, day_value(day) + suffix, relative=True)


def _set(match: re.Match[str], context: Context) -> Reading | None:
    groups = match.groupdict()
    if groups.get("adverb"):
        return Reading(TimeType.SET, _SETS[groups["adverb"].lower()])
    if groups.get("wday"):
        part = _part_code(groups.get("part"))
        suffix = f"T{part}" if part else ""
        return Reading(TimeType.SET, f"XXXX-WXX-{weekday_number(groups['wday'])}{suffix}")
    if groups.get("month"):
        return Reading(TimeType.SET, f"XXXX-{month_number(groups['month']):02d}")
    amount = _amount(groups.get("number"))
    if (groups.get("every") or "").lower().endswith("other"):
        amount = 2
    return Reading(TimeType.SET, duration_value(amount, unit_of(groups["unit"])))


def _times_a_unit(match: re.Match[str], context: Context) -> Reading | None:
    """ "a year" in "twice a year": a set."""
    return Reading(TimeType.SET, duration_value(1, unit_of(match["unit"])))


_THE_PAST = r"(?:the\s+|its\s+|their\s+)?(?:(?:past|last|next|previous|first|final|coming"
_THE_PAST += r"|following|latest|initial|remaining|same|entire|whole|full|ensuing|succeeding"
_THE_PAST += r"|preceding|recent|subsequent|year-earlier|year-ago)(?=\s))?"
_HALF = r"(?:\s+and\s+a\s+half)?"
_PLURAL_UNITS = r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries)"

RELATIVE_RULES: tuple[Rule, ...] = (
    rule(
        "deictic",
        rf"{POINT_MOD}(?:(?P<part1>{DAY_PART})\s+)?(?P<deictic>today|tonight|yesterday|tomorrow"
        r"|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|last\s+night"
        rf"|overnight)(?:\s+(?P<part>{DAY_PART}))?",
        _deictic_part_first,
    ),
    rule(
        "this_day_part",
        rf"{POINT_MOD}(?P<rel>this|that|the|early|late)\s+(?P<part>{DAY_PART})",
        _this_day_part,
    ),
    rule(
        "present",
        r"now|currently|at\s+present|presently|nowadays|these\s+days"
        r"|at\s+the\s+moment|(?:the\s+)?present(?:\s+time)?|(?:the\s+)?current"
        r"|at\s+this\s+time|(?:the\s+)?time\s+being",
        _present,
    ),
    rule(
        "past",
        r"(?:more\s+|most\s+|only\s+|very\s+)?recently|formerly"
        r"|lately|the\s+past|once\s+upon\s+a\s+time|in\s+the\s+old\s+days",
        _past,
    ),
    rule(
        "future",
        r"the\s+(?:near\s+|distant\s+|immediate\s+)?future"
        r"|(?:sooner\s+or\s+)?later(?=\s+(?:this|next))",
        _future,
    ),
    rule(
        "relative_unit",
        rf"{POINT_MOD}(?P<rel>last|this|next|past|previous|coming|current|the\s+current"
        r"|the\s+past(?=\s+(?:year|month|week)\b)|the\s+last(?=\s+(?:year|month|week)\b)"
        r"|the\s+previous"
        r"|the\s+coming|the\s+same)\s+(?P<unit>week|weekend|month|year|quarter|decade"
        r"|century)",
        _relative_unit,
    ),
    rule(
        "anaphoric_unit",
        rf"{POINT_MOD}(?P<rel>that|the\s+same|the\s+next|the\s+following|the\s+previous"
        r"|the\s+preceding|the\s+prior|the(?=\s+(?:day|week|night|month|year)\s+(?:before"
        r"|after)\s*[.,;:!?]))\s+(?P<unit>day|week|weekend|month|year|night)"
        r"(?:\s+(?P<rel2>before|after)(?=\s*[.,;:!?]))?",
        _anaphoric_unit,
    ),
    rule(
        "the_unit",
        rf"{POINT_MOD}(?:the|that|this)\s+(?:(?:latest|recent|most\s+recent|just-ended"
        r"|just\s+ended|current|year-earlier|year-ago|fiscal|comparable|same)\s+)?"
        r"(?P<unit>quarter|weekend|week|month)",
        _the_unit,
    ),
    rule(
        "the_period",
        rf"{POINT_MOD}(?:the|that)\s+(?:latest|most\s+recent|just-ended|year-earlier|year-ago"
        r"|comparable|year-before|same|recent)\s+(?:fiscal\s+)?(?P<unit>period)",
        _the_period,
    ),
    rule(
        "the_year",
        rf"{POINT_MOD}(?:the|this)\s+(?P<mods>(?:(?:current|full|whole|entire|fiscal|calendar)"
        r"\s+){0,4})year(?P<ended>(?=\s+(?:ended|ending|to|through)\b))?",
        _the_year,
    ),
    rule(
        "year_end",
        r"(?:around\s+)?(?:the\s+)?(?:year|year['’]s)[\s-]end|the\s+end\s+of\s+the\s+year",
        lambda m, c: _unit_shift(c.anchor, 0, "Y"),
    ),
    rule(
        "decade_words",
        r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<decade>twenties|thirties|forties|fifties"
        r"|sixties|seventies|eighties|nineties)",
        _decade_words,
    ),
    rule(
        "weekday",
        rf"{POINT_MOD}(?:(?:the\s+)?(?P<rel>last|next|this|past|coming|previous|this\s+coming"
        rf"|this\s+past)\s+)?(?P<wday>{WEEKDAY})"
        rf"(?:\s+(?P<part>{DAY_PART}))?",
        _weekday,
    ),
    rule(
        "ago",
        rf"{APPROX}(?P<number>{NUMBER}{_HALF})?\s*(?:more\s+)?(?P<unit>{UNIT})\s+"
        r"(?P<dir>ago|(?:earlier|later)(?!\s+than)|(?:before|after)(?=\s*(?:[.,;:!?)'`\"]|$))|from\s+now"
        r"|hence|back)",
        _ago,
    ),
    rule(
        "year_ago_adjective",
        r"year-(?:earlier|ago)(?=\s+\w)",
        _year_ago_adjective,
    ),
    rule(
        "duration",
        rf"{APPROX}(?:{_THE_PAST}\s*)?(?:(?P<number>{NUMBER}{_HALF})[\s-]+|(?=\w))(?:more\s+)?"
        rf"(?:full\s+|straight\s+|consecutive\s+|calendar\s+|fiscal\s+)?(?P<unit>{UNIT})"
        r"(?:-long)?(?:\s+or\s+(?:so|two|three|more))?(?![\s-]+old\b)",
        _duration,
    ),
    rule(
        "vague_duration",
        rf"(?:(?:the\s+)?(?:recent|coming|past|last|next|few|several)\s+){_PLURAL_UNITS}",
        _vague_duration,
    ),
    rule(
        "bare_plural",
        r"(?:(?<=for\s)|(?<=within\s)|(?<=in\s)|(?<=over\s)|(?<=after\s)|(?<=taking\s)"
        rf"|(?<=lasting\s)){_PLURAL_UNITS}(?:\s+or\s+(?:weeks|months|years|days|hours))?",
        _vague_duration,
    ),
    rule(
        "set",
        rf"(?P<every>every(?:\s+other)?|each|per)\s+(?:(?P<number>{NUMBER})\s+)?"
        rf"(?:(?P<wday>{WEEKDAY})|(?P<month>{MONTH})|(?P<unit>{UNIT_SINGULAR}s?))"
        rf"(?:\s+(?P<part>{DAY_PART}))?",
        _set,
    ),
    rule(
        "set_adverb",
        r"(?P<adverb>daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly|hourly)",
        _set,
    ),
    rule(
        "times_a_unit",
        rf"(?:(?<=once\s)|(?<=twice\s)|(?<=times\s))(?:a|an|per)\s+(?P<unit>{UNIT_SINGULAR})",
        _times_a_unit,
    ),
    rule(
        "weekday_plural",
        r"(?P<wday>(?-i:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays))",
        lambda m, c: Reading(TimeType.SET, f"XXXX-WXX-{weekday_number(m['wday'][:-1])}"),
    ),
)
