"""Ranges: "from Tuesday to Wednesday", "between 2010 and 2012", "May 3-5"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyline.model import TimeExpression, TimeType

__all__ = ["merge_ranges"]

_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|until|till|through|thru|and)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)


def merge_ranges(text: str, times: Iterable[TimeExpression]) -> tuple[TimeExpression, ...]:
    """Join "from X to Y" / "between X and Y" / "X-Y" into one range expression."""
    merged: list[TimeExpression] = []
    for current in times:
        previous = merged[-1] if merged else None
        if previous is not None and _is_range(text, previous, current):
            merged[-1] = TimeExpression(
                start=previous.start,
                end=current.end,
                text=text[previous.start : current.end],
                type=previous.type,
                value=previous.value,
                granularity=previous.granularity,
                end_value=current.value,
                resolved=previous.resolved and current.resolved,
                relative=previous.relative or current.relative,
                mod=previous.mod,
            )
        else:
            merged.append(current)
    return tuple(merged)


def _is_range(text: str, first: TimeExpression, second: TimeExpression) -> bool:
    if first.end_value is not None or first.type != second.type:
        return False
    if first.type not in (TimeType.DATE, TimeType.TIME):
        return False
    between = text[first.end : second.start]
    if not _RANGE_JOIN.fullmatch(between) and between.strip() not in ("-", "–", "—"):
        return False
    joiner = between.strip().lower()
    if joiner == "and":
        return bool(_RANGE_OPEN.search(text[max(0, first.start - 12) : first.start]))
    return True
