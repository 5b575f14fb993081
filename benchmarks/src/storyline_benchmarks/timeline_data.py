"""Timeline17 (Tran et al. 2013) as news-tls uses it: topics, articles, gold timelines.

Layout of one topic folder::

    <topic>/keywords.json                 ["bp", "oil", "spill"]
    <topic>/articles/<outlet>/<YYYY-MM-DD>/<name>.txt
    <topic>/timelines/<name>.txt          the gold timelines (tilse format)

The original release puts an ``InputDocs`` folder between outlet and date
(``<outlet>/InputDocs/<YYYY-MM-DD>/``); both layouts are read. Article files are
tokenized, one sentence a line; the date folder is the publication date. File names
repeat across outlets, so a document id keeps the outlet:
``<outlet>/<YYYY-MM-DD>/<name>``.

A gold timeline is a sequence of blocks: a ``YYYY-MM-DD`` line, the day's sentences,
a line of dashes. A date that appears twice in one file has its sentences merged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storyline.errors import DataError
from storyline.model import Article

__all__ = [
    "GoldTimeline",
    "T17Document",
    "T17Topic",
    "load_t17",
    "load_t17_topic",
    "parse_gold_timeline",
    "read_document",
]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEPARATOR = re.compile(r"^-{5,}$")
_SKIPPED_FOLDERS = frozenset({"InputDocs"})


@dataclass(frozen=True, slots=True)
class T17Document:
    """One article file of a topic."""

    id: str  # "<outlet>/<YYYY-MM-DD>/<name>"
    outlet: str
    published: date
    path: Path


@dataclass(frozen=True, slots=True)
class GoldTimeline:
    """A reference timeline: dates in order, each with its sentences (tokenized)."""

    name: str  # "<topic>/<file stem>"
    days: tuple[tuple[date, tuple[str, ...]], ...]

    @property
    def dates(self) -> list[date]:
        return [day for day, _ in self.days]

    @property
    def first(self) -> date:
        return self.days[0][0]

    @property
    def last(self) -> date:
        return self.days[-1][0]

    @property
    def sentences_per_date(self) -> int:
        """Mean sentences per date, rounded as news-tls does (Python's ``round``)."""
        return max(1, round(sum(len(s) for _, s in self.days) / len(self.days)))

    def as_mapping(self) -> dict[date, list[str]]:
        return {day: list(sentences) for day, sentences in self.days}


@dataclass(frozen=True, slots=True)
class T17Topic:
    name: str
    keywords: tuple[str, ...]
    documents: tuple[T17Document, ...]
    timelines: tuple[GoldTimeline, ...]

    def documents_between(self, first: date, last: date) -> list[T17Document]:
        """Documents published from ``first`` to ``last``, both included."""
        return [d for d in self.documents if first <= d.published <= last]


def parse_gold_timeline(text: str, name: str) -> GoldTimeline:
    """Read a timeline in tilse format; raises ``DataError`` when it has no dated block."""
    merged: dict[date, list[str]] = {}
    current: date | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _DATE.match(line):
            current = _parse_day(line, name)
            merged.setdefault(current, [])
        elif _SEPARATOR.match(line):
            current = None
        elif current is not None:
            merged[current].append(line)
    days = tuple((day, tuple(s)) for day, s in sorted(merged.items()) if s)
    if not days:
        raise DataError("no dated sentences in gold timeline", path=name)
    return GoldTimeline(name, days)


def _parse_day(value: str, origin: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DataError(f"invalid date {value!r}", path=origin) from None


def _published_folder(parts: Sequence[str]) -> int | None:
    """Index of the last folder of a relative path that is named as a date."""
    for index in range(len(parts) - 2, -1, -1):
        if _DATE.match(parts[index]):
            return index
    return None


def _documents(articles_dir: Path) -> Iterator[T17Document]:
    for path in sorted(articles_dir.rglob("*.txt")):
        parts = path.relative_to(articles_dir).parts
        date_index = _published_folder(parts)
        if date_index is None:
            continue
        outlet_parts = [p for p in parts[:date_index] if p not in _SKIPPED_FOLDERS]
        outlet = "/".join(outlet_parts) or articles_dir.parent.name
        published = _parse_day(parts[date_index], str(path))
        yield T17Document(f"{outlet}/{parts[date_index]}/{path.stem}", outlet, published, path)


def _read_keywords(path: Path) -> tuple[str, ...]:
    try:
        keywords = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(f"cannot read keywords: {error}", path=str(path)) from None
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise DataError("keywords.json must be a list of strings", path=str(path))
    return tuple(keywords)


def load_t17_topic(folder: Path) -> T17Topic:
    """Read one topic folder (see the module doc for the layout)."""
    if not (folder / "timelines").is_dir():
        raise DataError("no timelines folder", path=str(folder))
    keywords = _read_keywords(folder / "keywords.json")
    articles_dir = folder / "articles" if (folder / "articles").is_dir() else folder
    documents = tuple(d for d in _documents(articles_dir) if "timelines" not in d.path.parts)
    if not documents:
        raise DataError("no article files in dated folders", path=str(folder))
    timelines = tuple(
        parse_gold_timeline(path.read_text(encoding="utf-8"), f"{folder.name}/{path.stem}")
        for path in sorted((folder / "timelines").glob("*.txt"))
    )
    if not timelines:
        raise DataError("no gold timelines", path=str(folder / "timelines"))
    return T17Topic(folder.name, keywords, documents, timelines)


def load_t17(root: Path) -> list[T17Topic]:
    """Every topic folder under ``root`` (a folder with ``keywords.json``), by name;
    ``root`` may also be one topic folder."""
    if not root.is_dir():
        raise DataError("Timeline17 folder not found", path=str(root))
    if (root / "keywords.json").is_file():
        return [load_t17_topic(root)]
    topics = [load_t17_topic(p) for p in sorted(root.iterdir()) if (p / "keywords.json").is_file()]
    if not topics:
        raise DataError("no topic folders (with keywords.json) found", path=str(root))
    return topics


def read_document(document: T17Document) -> Article:
    """The article of a document, its text as the file gives it (one sentence a line).

    The outlet is the article's source, the date folder its publication date.
    """
    try:
        text = document.path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise DataError(f"cannot read: {error}", path=str(document.path)) from None
    return Article.create(
        source=document.outlet,
        title="",
        text=text,
        published=document.published,
        origin=document.id,
    )
