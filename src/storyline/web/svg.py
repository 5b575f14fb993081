"""Geometry of the server-drawn pictures: the timeline and coverage over time.

Only numbers and the records they stand for are computed here; the templates
(``_timeline.svg``, ``_coverage.svg``) write the SVG with autoescaping, so no text of
an article ever reaches the picture unescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.model import AnalyzedArticle, TimelineEntry
from storyline.stories.timeline_dates import parse_event_date

__all__ = ["Axis", "CoveragePicture", "TimelinePicture", "coverage_picture", "timeline_picture"]

WIDTH = 960
LEFT, RIGHT = 150, 20  # room for outlet names on the left
LANE = 22  # height of one lane of marks
TOP = 12
AXIS = 34  # room for the axis and its labels below the marks
MAX_LANES = 14  # past this many lanes, marks share the least busy lane
TICKS = 6
MIN_RANGE_WIDTH = 6.0
MAX_MARKS = 300  # a dossier puts the key events first; past this many, the table has them


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Axis:
    first: date
    last: date  # inclusive

    @classmethod
    def around(cls, days: Sequence[date]) -> Axis:
        first, last = min(days), max(days)
        if (last - first).days < 6:  # a few days: show a week around them
            pad = timedelta(days=3)
            first, last = first - pad, last + pad
        return cls(first, last)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def x(self, day: date, *, end: bool = False) -> float:
        """Left edge of ``day`` on the picture (its right edge with ``end``)."""
        offset = (day - self.first).days + (1 if end else 0)
        return round(LEFT + offset / self.days * (WIDTH - LEFT - RIGHT), 1)

    def ticks(self) -> list[Tick]:
        fmt = "%Y-%m-%d" if self.days <= 400 else "%Y-%m"
        step = (self.days - 1) / (TICKS - 1)
        days = dict.fromkeys(self.first + timedelta(days=round(i * step)) for i in range(TICKS))
        return [Tick(self.x(day), day.strftime(fmt)) for day in days]


@dataclass(frozen=True)
class TimelineMark:
    x: float
    width: float  # 0 for an event of one day (drawn as a dot)
    y: float
    label: str  # the text alternative: date and sentence
    href: str
    entry: TimelineEntry


@dataclass(frozen=True)
class TimelinePicture:
    width: int
    height: int
    axis_y: float
    ticks: tuple[Tick, ...]
    marks: tuple[TimelineMark, ...]
    undated: tuple[TimelineEntry, ...]  # entries whose date cannot be drawn ("XXXX-09")


def _lane(lanes: list[float], start: float, end: float) -> int:
    """The first lane free at ``start`` (else the least busy one); it is taken to ``end``."""
    for number, busy_until in enumerate(lanes):
        if busy_until + 4 <= start:
            lanes[number] = end
            return number
    if len(lanes) < MAX_LANES:
        lanes.append(end)
        return len(lanes) - 1
    number = min(range(len(lanes)), key=lanes.__getitem__)
    lanes[number] = max(lanes[number], end)
    return number


def timeline_picture(
    entries: Sequence[TimelineEntry], href: Callable[[TimelineEntry], str]
) -> TimelinePicture | None:
    """Events on a time axis: one day is a dot, a longer period a bar; None if none is dated."""
    dated = []
    undated = []
    for entry in entries[:MAX_MARKS]:
        first = parse_event_date(entry.value)
        until = parse_event_date(entry.end_value) if entry.end_value else first
        if first is None or until is None:
            undated.append(entry)
        else:
            dated.append((first.first, max(first.last, until.last), entry))
    if not dated:
        return None
    axis = Axis.around([day for start, end, _ in dated for day in (start, end)])
    lanes: list[float] = []
    marks = []
    for first_day, last_day, entry in sorted(dated, key=lambda item: (item[0], item[1])):
        left, right = axis.x(first_day), axis.x(last_day, end=True)
        is_range = last_day > first_day
        start, end = (left, max(right, left + MIN_RANGE_WIDTH)) if is_range else (left, left + 8)
        lane = _lane(lanes, start, end)
        when = entry.value + (f" to {entry.end_value}" if entry.end_value else "")
        marks.append(
            TimelineMark(
                x=start if is_range else round((left + right) / 2, 1),
                width=round(end - start, 1) if is_range else 0,
                y=TOP + lane * LANE + LANE / 2,
                label=f"{when}: {entry.text}",
                href=href(entry),
                entry=entry,
            )
        )
    axis_y = TOP + len(lanes) * LANE + 6
    return TimelinePicture(
        WIDTH, int(axis_y + AXIS), axis_y, tuple(axis.ticks()), tuple(marks), tuple(undated)
    )


@dataclass(frozen=True)
class CoverageDot:
    x: float
    y: float
    radius: float
    label: str
    href: str


@dataclass(frozen=True)
class CoverageRow:
    outlet: str
    y: float
    href: str


@dataclass(frozen=True)
class CoveragePicture:
    width: int
    height: int
    axis_y: float
    ticks: tuple[Tick, ...]
    rows: tuple[CoverageRow, ...]
    dots: tuple[CoverageDot, ...]


def coverage_picture(
    articles: Sequence[AnalyzedArticle],
    article_href: Callable[[str], str],
    outlet_href: Callable[[str], str],
) -> CoveragePicture | None:
    """Which outlet reported when: a row per outlet, a dot per day it published."""
    days: dict[tuple[str, date], list[AnalyzedArticle]] = {}
    for analyzed in articles:
        if analyzed.article.published:
            key = (analyzed.article.source, analyzed.article.published)
            days.setdefault(key, []).append(analyzed)
    if not days:
        return None
    axis = Axis.around([day for _, day in days])
    outlets = list(dict.fromkeys(outlet for outlet, _ in sorted(days, key=lambda k: k[1])))
    rows = tuple(
        CoverageRow(name, TOP + n * LANE + LANE / 2, outlet_href(name))
        for n, name in enumerate(outlets)
    )
    row_y = {row.outlet: row.y for row in rows}
    dots = []
    for (outlet, day), reports in days.items():
        titles = "; ".join(a.article.title for a in reports[:3])
        more = f" and {len(reports) - 3} more" if len(reports) > 3 else ""
        dots.append(
            CoverageDot(
                x=round((axis.x(day) + axis.x(day, end=True)) / 2, 1),
                y=row_y[outlet],
                radius=min(4 + len(reports), 10),
                label=f"{outlet}, {day.isoformat()}: {titles}{more}",
                href=article_href(reports[0].id),
            )
        )
    axis_y = TOP + len(rows) * LANE + 6
    return CoveragePicture(
        WIDTH, int(axis_y + AXIS), axis_y, tuple(axis.ticks()), rows, tuple(dots)
    )
