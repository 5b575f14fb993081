"""Calendar arithmetic and TIMEX3 value formatting for the times stage."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import Enum

from storyline.model import Granularity, TimeType

__all__ = [
    "Direction",
    "add_months",
    "day_value",
    "duration_value",
    "granularity_of",
    "holiday_date",
    "month_near",
    "month_value",
    "shift_value",
    "week_value",
    "weekday_near",
]


class Direction(Enum):
    """Where a bare name ("Monday", "September") points from the anchor."""

    PAST = -1
    NEAREST = 0
    FUTURE = 1


def day_value(day: date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(day: date, months: int) -> tuple[int, int]:
    """(year, month) ``months`` after (or before) the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def weekday_near(anchor: date, weekday: int, direction: Direction) -> date:
    """The date of ``weekday`` (ISO) on or before / on or after / nearest the anchor."""
    back = (anchor.isoweekday() - weekday) % 7
    forward = (weekday - anchor.isoweekday()) % 7
    if direction is Direction.PAST or (direction is Direction.NEAREST and back <= forward):
        return anchor - timedelta(days=back)
    return anchor + timedelta(days=forward)


#: How many months ahead a month name may point when the verb is not in the future
#: tense: "was extended to Nov. 16" in late October still means the coming November.
MONTHS_AHEAD = {Direction.PAST: 1, Direction.NEAREST: 3}


def month_near(anchor: date, month: int, direction: Direction) -> tuple[int, int]:
    """(year, month) of a month name seen from the anchor; the anchor's month is itself.

    Future tense looks ahead; otherwise the month is the latest one before the anchor
    unless it is at most ``MONTHS_AHEAD`` months ahead.
    """
    if month == anchor.month:
        return anchor.year, month
    past_year = anchor.year if month < anchor.month else anchor.year - 1
    future_year = anchor.year if month > anchor.month else anchor.year + 1
    if direction is Direction.FUTURE:
        return future_year, month
    forward = (month - anchor.month) % 12
    return (future_year if forward <= MONTHS_AHEAD[direction] else past_year), month


def duration_value(amount: float | None, unit: str) -> str:
    """TIMEX3 duration: ``P3Y``, ``PT5H``, ``PXD`` for an unknown amount."""
    if unit == "WE":
        unit, amount = "D", (2 * amount if amount is not None else None)
    if unit == "2W":
        unit, amount = "W", (2 * amount if amount is not None else None)
    if amount is None:
        number = "X"
    elif amount == int(amount):
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    if unit in ("H", "MIN", "S"):
        return f"PT{number}{'M' if unit == 'MIN' else unit}"
    return f"P{number}{unit}"


def shift_value(anchor: date, amount: int, unit: str) -> str:
    """The value ``amount`` units after the anchor, at the unit's granularity."""
    if unit in ("D", "H", "MIN", "S"):
        return day_value(anchor + timedelta(days=amount if unit == "D" else 0))
    if unit == "W":
        return week_value(anchor + timedelta(weeks=amount))
    if unit == "WE":
        return week_value(anchor + timedelta(weeks=amount)) + "-WE"
    if unit == "M":
        return month_value(*add_months(anchor, amount))
    if unit == "Q":
        year, month = add_months(anchor, 3 * amount)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "DE":
        return f"{(anchor.year + 10 * amount) // 10:03d}"
    if unit == "CE":
        return f"{(anchor.year + 100 * amount) // 100:02d}"
    return f"{anchor.year + amount:04d}"


_GRANULARITY_PATTERNS: tuple[tuple[re.Pattern[str], Granularity], ...] = tuple(
    (re.compile(pattern), granularity)
    for pattern, granularity in (
        (r"T\d\d:\d\d", Granularity.MINUTE),
        (r"T\d\d$", Granularity.HOUR),
        (r"T(MO|AF|EV|NI|MI|DT)$", Granularity.PART_OF_DAY),
        (r"^[\dX]{4}-[\dX]{2}-[\dX]{2}$", Granularity.DAY),
        (r"-W[\dX]{2}-\d", Granularity.DAY),
        (r"-W[\dX]{2}", Granularity.WEEK),
        (r"^[\dX]{4}-(SP|SU|FA|WI)$", Granularity.SEASON),
        (r"^[\dX]{4}-Q[\dX]$", Granularity.QUARTER),
        (r"^[\dX]{4}-H[\dX]$", Granularity.HALF),
        (r"^[\dX]{4}-[\dX]{2}$", Granularity.MONTH),
        (r"^[\dX]{4}$", Granularity.YEAR),
        (r"^[\dX]{3}$", Granularity.DECADE),
        (r"^[\dX]{2}$", Granularity.CENTURY),
    )
)
_DURATION_GRANULARITY = {
    "S": Granularity.MINUTE,
    "M": Granularity.MONTH,
    "H": Granularity.HOUR,
    "D": Granularity.DAY,
    "W": Granularity.WEEK,
    "Q": Granularity.QUARTER,
    "Y": Granularity.YEAR,
    "DE": Granularity.DECADE,
    "CE": Granularity.CENTURY,
}


def granularity_of(value: str, type_: TimeType) -> Granularity:
    """How precise a TIMEX3 value is."""
    if value.startswith("P"):
        match = re.search(r"(DE|CE|[A-Z])$", value)
        unit = match.group(1) if match else ""
        if value.startswith("PT") and unit == "M":
            return Granularity.MINUTE
        return _DURATION_GRANULARITY.get(unit, Granularity.UNKNOWN)
    for pattern, granularity in _GRANULARITY_PATTERNS:
        if pattern.search(value):
            return granularity
    return Granularity.UNKNOWN


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` ISO ``weekday`` of a month; ``nth = -1`` for the last one."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month, day = divmod(h + j - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(name: str, year: int) -> date | None:
    """The date of a (US-centred) holiday in a year."""
    key = re.sub(r"[\s’']+", " ", name.lower()).strip()
    fixed = {
        "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
        "new year s day": (1, 1), "new year s eve": (12, 31), "independence day": (7, 4),
        "halloween": (10, 31), "valentine s day": (2, 14), "veterans day": (11, 11),
    }  # fmt: skip
    if key in fixed:
        return date(year, *fixed[key])
    if key in ("thanksgiving", "thanksgiving day"):
        return _nth_weekday(year, 11, 4, 4)
    if key == "election day":
        return _nth_weekday(year, 11, 1, 1) + timedelta(days=1)
    if key == "labor day":
        return _nth_weekday(year, 9, 1, 1)
    if key == "memorial day":
        return _nth_weekday(year, 5, 1, -1)
    if key in ("easter", "easter sunday"):
        return _easter(year)
    return None
