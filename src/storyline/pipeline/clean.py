"""The clean stage: boilerplate out, whitespace normalized, text split into blocks.

Removes what news sites print around an article but is not part of it: a kicker and
headline repeated at the top, audio-player text, photo captions and credits, a
trailing agency byline. What remains is rebuilt as blocks (paragraphs and headings)
joined by blank lines; the cleaned text replaces ``Article.text`` (the stage declares
that it assigns ``article.text``), so every later span points into the cleaned text.
The ``source_map`` layer keeps where each cleaned character was in the input, so
evidence can be found again in the file as read. The article id is kept: it is derived
from the input content by the reader, whitespace- and case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import ClassVar

from storyline.model import Block, BlockKind, SourceMap, normalize_for_id
from storyline.pipeline.base import Annotation, Stage

__all__ = ["CleanStage", "Cleaned", "clean_text"]

_PLAYER = re.compile(
    r"^(listen to (this )?(article|story)|"
    r"this audio version (was|is) (artificially|automatically) generated.*|"
    r"more info \| send feedback|audio version.*generated.*|"
    r"(play|pause) (audio|article)|read more|advertisement|share this article)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(©|\(c\)\s|copyright\b|photo\s*:|image\s*:|picture\s*:|foto\s*:|credit\s*:)",
    re.IGNORECASE,
)
_CAPTION_END = re.compile(r"\s(photo|image|picture|video)\.?$", re.IGNORECASE)
_AGENCY = (
    r"(dpa|afp|ap|reuters|ats|apa|kna|epd|sid|ansa|efe|upi|xinhua|tass|ria novosti|"
    r"interfax|yonhap|kyodo|dpa-afx|aa)"
)
_BYLINE = re.compile(
    rf"^[\(\[]?{_AGENCY}(\s*[/,&]\s*{_AGENCY})*[\)\]]?(\s*[/,]?\s*\w{{2,4}})?$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…:;\"”’»)]$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

#: A heading is a short line without final punctuation (in words).
HEADING_MAX_WORDS = 12
#: How many lines at the top may be kicker and headline repeats.
TOP_LINES = 4


def _normalize_with_offsets(line: str, base: int) -> tuple[str, list[int]]:
    """A line without invisible characters, runs of spaces as one, trailing space cut;
    and per output character its input offset (``base`` plus its index in ``line``)."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(line):
        if _INVISIBLE.match(char):
            continue
        if _SPACES.match(char):
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(base + index)
            continue
        chars.append(char)
        offsets.append(base + index)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def _is_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= HEADING_MAX_WORDS and not _TERMINAL.search(line)


def _strip_repeated_title(lines: list[str], title: str) -> list[str]:
    """Drop kicker and headline lines at the top that repeat the title."""
    wanted = normalize_for_id(title)
    if not wanted:
        return lines
    top = 0
    for index, line in enumerate(lines[:TOP_LINES]):
        norm = normalize_for_id(line)
        if norm and (norm in wanted or norm == wanted):
            top = index + 1
    if top == 0:
        return lines
    # a short line before the repeated headline is its kicker, even when the outlet
    # words the kicker differently in the title ("Before travelling abroad")
    return lines[top:]


def _is_boilerplate(line: str) -> bool:
    return bool(_PLAYER.match(line) or _CREDIT.match(line))


def _is_caption(line: str, following: str | None) -> bool:
    """A caption ends in 'Photo' or is directly followed by a credit line."""
    if _CAPTION_END.search(line):
        return True
    return following is not None and bool(_CREDIT.match(following)) and len(line.split()) < 60


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text, its blocks, and where each of its characters was in the input."""

    text: str
    blocks: tuple[Block, ...]
    source_map: SourceMap

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the cleaned text back to the input text."""
        return self.source_map.to_source(start, end)


def _lines_with_offsets(text: str) -> list[tuple[str, list[int]]]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        line, offsets = _normalize_with_offsets(raw, offset)
        if line:
            lines.append((line, offsets))
        offset += len(raw) + 1
    return lines


def clean_text(text: str, title: str = "") -> Cleaned:
    """Clean an article body into blocks joined by blank lines.

    Line breaks may be ``\\n``, ``\\r\\n`` or ``\\r``; offsets refer to ``text`` as given.
    """
    raw = text.replace("\r\n", " \n").replace("\r", "\n")  # same length as the input
    lines = _lines_with_offsets(raw)
    titled = _strip_repeated_title([line for line, _ in lines], title)
    lines = lines[len(lines) - len(titled) :]
    kept: list[tuple[str, list[int]]] = []
    for index, (line, offsets) in enumerate(lines):
        following = lines[index + 1][0] if index + 1 < len(lines) else None
        if not (_is_boilerplate(line) or _is_caption(line, following)):
            kept.append((line, offsets))
    while kept and _BYLINE.match(kept[-1][0]):
        kept.pop()
    blocks: list[Block] = []
    parts: list[str] = []
    source_offsets: list[int] = []
    for line, offsets in kept:
        if parts:
            source_offsets += [offsets[0] - 1, offsets[0] - 1]  # the blank line between blocks
        start = len(source_offsets)
        kind = BlockKind.HEADING if _is_heading(line) else BlockKind.PARAGRAPH
        blocks.append(Block(start, start + len(line), kind))
        parts.append(line)
        source_offsets += offsets
    source_end = kept[-1][1][-1] + 1 if kept else 0
    source_map = SourceMap.from_offsets(source_offsets, source_end)
    return Cleaned("\n\n".join(parts), tuple(blocks), source_map)


def _whole_text(text: str) -> Cleaned:
    """The input as one paragraph, spaces normalized: for a text that is all boilerplate."""
    line, offsets = _normalize_with_offsets(text, 0)
    lead = len(line) - len(line.lstrip())
    line, offsets = line[lead:].rstrip(), offsets[lead:]
    offsets = offsets[: len(line)]
    blocks = (Block(0, len(line), BlockKind.PARAGRAPH),) if line else ()
    return Cleaned(line, blocks, SourceMap.from_offsets(offsets, offsets[-1] + 1 if line else 0))


class CleanStage(Stage):
    """Remove boilerplate; split the text into headings and paragraphs."""

    name = "clean"
    requires: ClassVar[frozenset[str]] = frozenset({"article.text", "article.title"})
    assigns: ClassVar[frozenset[str]] = frozenset({"article.text", "blocks", "source_map"})

    def __call__(self, annotation: Annotation) -> Annotation:
        article = annotation.article
        cleaned = clean_text(article.text, article.title)
        if not cleaned.text:
            # everything looked like boilerplate: keep the text rather than lose the article
            cleaned = _whole_text(article.text)
        # the id stays the reader's: it names the input article, so a re-ingested
        # file is recognized before any stage runs
        annotation.article = replace(article, text=cleaned.text)
        annotation.blocks = cleaned.blocks
        annotation.source_map = cleaned.source_map
        return annotation
