"""Time expressions found in a parsed text and normalized against the publication date.

Detection is rule-based (``dates`` and ``relative``): regular expressions over the
text propose candidates, spaCy's parse vetoes implausible ones and tells the tense of
the governing verb (``syntax``). Overlapping candidates keep the longest. Values follow
TIMEX3; expressions that depend on an unknown anchor (an undated article) keep an
underspecified value and ``resolved=False``. "from Tuesday to Wednesday" becomes one
range (``ranges``) unless ``split_ranges`` keeps the two parts (TempEval annotates them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from storyline.model import TimeExpression, TimeType
from storyline.pipeline.doctext import doc_text
from storyline.pipeline.sentences import SentenceIndex
from storyline.pipeline.times.calendar import granularity_of
from storyline.pipeline.times.dates import DATE_RULES
from storyline.pipeline.times.gate import Requirement, WordCheck, required_words, start_finder
from storyline.pipeline.times.ranges import merge_ranges
from storyline.pipeline.times.relative import RELATIVE_RULES
from storyline.pipeline.times.rules import WORD_START, Context, Reading, Rule, timex_mod
from storyline.pipeline.times.syntax import Candidate, plausible, tense_at

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["RULES", "find_times", "rule_matches"]

#: Every rule, in order of preference when two candidates have the same extent.
RULES: tuple[Rule, ...] = DATE_RULES + RELATIVE_RULES
#: "the third-quarter loss": TimeML leaves the determiner out of adjectival expressions.
_DETERMINER_BEFORE_ADJECTIVE = re.compile(
    r"(?:the|a|an|its|their)\s+(?=[\w-]+-(?:quarter|year|month|week|day)\b)", re.IGNORECASE
)


# --------------------------------------------------------------------------- finding


@cache
def _prefilters() -> tuple[tuple[Requirement, re.Pattern[str] | None], ...]:
    """Per rule: the words it cannot match without, and where its matches may start
    (from the parsed patterns, once per process)."""
    return tuple((required_words(r.pattern), start_finder(r.pattern, WORD_START)) for r in RULES)


def rule_matches(text: str) -> Iterator[tuple[Rule, re.Match[str]]]:
    """Every rule's matches in ``text``, rule by rule: what ``finditer`` of each rule
    finds, without running a rule where it cannot match (see ``gate``)."""
    words = WordCheck(text)
    for rule, (needs, starts) in zip(RULES, _prefilters(), strict=True):
        if words.may_match(needs):
            found = _matches_from(rule.pattern, text, starts)
            yield from ((rule, match) for match in found)


def _matches_from(
    pattern: re.Pattern[str], text: str, starts: re.Pattern[str] | None
) -> list[re.Match[str]]:
    """``pattern.finditer(text)``, trying ``pattern`` only where ``starts`` matches."""
    if starts is None:
        return list(pattern.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    for start in starts.finditer(text):
        position = start.start()
        if position < end:
            continue
        match = pattern.match(text, position)
        if match is None:
            continue
        if match.end() == position:  # finditer has rules of its own for empty matches
            return list(pattern.finditer(text))
        found.append(match)
        end = match.end()
    return found


def _candidates(text: str, doc: Doc) -> list[Candidate]:
    found: list[Candidate] = []
    for rule, match in rule_matches(text):
        start, end = match.span()
        while end > start and text[end - 1] in " ,":
            end -= 1
        adjective = _DETERMINER_BEFORE_ADJECTIVE.match(text, start, end)
        if adjective:
            start = adjective.end()
        if end > start:
            candidate = Candidate(start, end, rule, match)
            if plausible(candidate, doc):
                found.append(candidate)
    return found


def _without_overlaps(
    candidates: Sequence[Candidate], anchor: date | None, text_length: int
) -> list[Candidate]:
    """Keep the longest candidate where candidates overlap (earlier rule on ties)."""
    order = {rule.name: index for index, rule in enumerate(RULES)}
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), order[c.rule.name], c.start))
    kept: list[Candidate] = []
    # one flag per character: a lookup costs the candidate's length, not the number kept
    taken = bytearray(text_length)
    probe = Context(anchor=anchor, reference=anchor)
    for candidate in ranked:
        if taken.find(1, candidate.start, candidate.end) != -1:
            continue
        if _reading(candidate, probe) is None:
            continue
        kept.append(candidate)
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    return sorted(kept, key=lambda c: c.start)


def _reading(candidate: Candidate, context: Context) -> Reading | None:
    """The candidate's reading; None when its date arithmetic leaves the calendar.

    Near year 1 or 9999 (a publication date typed wrong) "yesterday" or "this
    Christmas" has no date: ``datetime`` raises OverflowError or ValueError there.
    """
    try:
        return candidate.rule.handler(candidate.match, context)
    except (OverflowError, ValueError):
        return None


def _update_references(references: dict[str, str], reading: Reading, rule_name: str) -> date | None:
    value = reading.value
    if rule_name == "quarter" and re.fullmatch(r"\d{4}-Q[1-4]", value):
        references["Q"] = value
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value[:10]) and reading.type in (
        TimeType.DATE,
        TimeType.TIME,
    ):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def find_times(
    doc: Doc,
    published: date | None,
    *,
    split_ranges: bool = False,
    sentences: SentenceIndex | None = None,
) -> tuple[TimeExpression, ...]:
    """Every time expression of a parsed text, normalized against ``published``.

    Offsets point into ``doc.text``. With ``split_ranges`` the two ends of a range
    ("from Tuesday to Wednesday") stay two expressions. ``sentences`` is the nlp
    stage's index of the doc (built here when not given).
    """
    text = doc_text(doc)
    kept = _without_overlaps(_candidates(text, doc), published, len(text))
    if kept and sentences is None:
        sentences = SentenceIndex(doc)
    reference = published
    reference_sentence = -1
    references: dict[str, str] = {}
    found: list[TimeExpression] = []
    for candidate in kept:
        sentence = sentences.index(candidate.start) if sentences is not None else -1
        context = Context(
            anchor=published,
            tense=tense_at(doc, candidate.start, candidate.end),
            reference=reference,
            local_reference=reference if sentence == reference_sentence else None,
            references=dict(references),
        )
        reading = _reading(candidate, context)
        if reading is None:
            continue
        mentioned = _update_references(references, reading, candidate.rule.name)
        if mentioned is not None and candidate.rule.name not in ("deictic",):
            reference, reference_sentence = mentioned, sentence
        found.append(_expression(text, candidate.start, candidate.end, reading))
    return tuple(found) if split_ranges else merge_ranges(text, found)


def _expression(text: str, start: int, end: int, reading: Reading) -> TimeExpression:
    return TimeExpression(
        start=start,
        end=end,
        text=text[start:end],
        type=reading.type,
        value=reading.value,
        granularity=granularity_of(reading.value, reading.type),
        resolved=reading.resolved,
        relative=reading.relative,
        mod=timex_mod(text[start:end]),
    )
