"""Records of the model: what their fields mean."""

from __future__ import annotations

from datetime import date

from storyline.model import Granularity, TimelineEntry


def entry(value: str, granularity: Granularity) -> TimelineEntry:
    return TimelineEntry(value, granularity, "text", "a1", 0, 4)


def test_a_timeline_entry_has_a_date_only_when_its_value_is_a_day() -> None:
    assert entry("2024-06-17", Granularity.DAY).date == date(2024, 6, 17)
    assert entry("2024-06", Granularity.MONTH).date is None
    assert entry("2024-W25", Granularity.WEEK).date is None
    assert entry("2024-SU", Granularity.SEASON).date is None
