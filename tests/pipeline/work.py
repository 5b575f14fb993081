"""How much work a call does, counted rather than timed.

A test of how work grows with the input compares the counts of two input sizes: lines
of Python run are the same on every machine and under any load, unlike seconds. Work
that grows with the square of the input shows as a function whose count grows with the
square of the size.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

__all__ = ["fictional_article", "lines_run", "years"]


def lines_run(package: Path, call: Callable[[], object]) -> Counter[str]:
    """Lines of Python run in the modules under ``package`` while ``call()`` runs, by
    function ("module.function", a generator expression named after its function)."""
    folder = str(package)
    count: Counter[str] = Counter()

    def count_lines(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        if event == "line":
            code = frame.f_code
            count[f"{Path(code.co_filename).stem}.{code.co_qualname}"] += 1
        return count_lines

    def enter(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        return count_lines if frame.f_code.co_filename.startswith(folder) else None

    previous = sys.gettrace()
    sys.settrace(enter)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count


def years(count: int) -> str:
    """``count`` four-digit numbers, nine to a line ("1999 2001 1987 ...")."""
    numbers = (str(1000 + (index * 7919) % 1031) for index in range(count))
    return " ".join(f"{n}\n" if i % 9 == 8 else n for i, n in enumerate(numbers))


_PEOPLE = ("Mara Lindqvist", "Tomas Okafor", "Ines Halvorsen", "Pavel Duarte")
_PLACES = ("Kelder", "Ostvik", "Marrow Bay", "Lunden")
_PARAGRAPHS = (
    "Officials in {place} said on Monday that the river had been closed to boats. "
    '"We will not reopen it until the water is safe," {person} told reporters. '
    '"The tests take at least two weeks."',
    "According to the regional agency, the spill began last Thursday at a plant owned "
    "by Halvorsen Chemicals. The company denied that it had hidden the leak.",
    "{person} said the inquiry would report in March. She added that fishermen in "
    "{place} would be paid for the lost season, and critics warned that the money "
    "might come too late.",
    "Residents who spoke to the Harbour Gazette said they feared for their wells. "
    '"Nobody told us anything for three days," one farmer said.',
)


def fictional_article(blocks: int) -> str:
    """Invented news prose (quotes, reported speech, pronouns, dates): ``blocks`` times
    four paragraphs, the names varying from block to block."""
    paragraphs = []
    for index in range(blocks):
        person = _PEOPLE[index % len(_PEOPLE)]
        place = _PLACES[index // len(_PEOPLE) % len(_PLACES)]
        paragraphs += [p.format(person=person, place=place) for p in _PARAGRAPHS]
    return "\n\n".join(paragraphs)
