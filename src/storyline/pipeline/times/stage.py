"""The times stage: time expressions found and normalized against the publication date.

Detection is rule-based (``timex_dates`` and ``timex_relative``): regular expressions
over the text propose candidates, spaCy's parse vetoes implausible ones ("May" the
modal verb, "1500 troops") and tells the tense of the governing verb, which decides
whether a bare "Monday" or "September" points back or ahead of the publication date.
Overlapping candidates keep the longest. Values follow TIMEX3; expressions that
depend on an unknown anchor (an undated article) keep an underspecified value and
``resolved=False``.

"from Tuesday to Wednesday" becomes one range (``value`` and ``end_value``) unless the
stage is built with ``split_ranges=True`` (TempEval annotates the two parts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from storyline.model import TimeExpression, TimeType
from storyline.pipeline.base import Annotation, Stage
from storyline.pipeline.sentences import SentenceIndex
from storyline.pipeline.times.calendar import granularity_of
from storyline.pipeline.times.dates import DATE_RULES
from storyline.pipeline.times.relative import RELATIVE_RULES
from storyline.pipeline.times.rules import Context, Reading, Rule, Tense, timex_mod

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["RULES", "TimesStage", "find_times", "merge_ranges", "tense_at"]

#: Every rule, in order of preference when two candidates have the same extent.
RULES: tuple[Rule, ...] = DATE_RULES + RELATIVE_RULES

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "’ll"}
_FUTURE_HEADS = {
    "expect", "plan", "schedule", "due", "set", "intend", "going", "prepare", "propose",
    "agree", "promise", "threaten", "vow", "poised", "likely",
}  # fmt: skip
_NOT_BEFORE_YEAR = {"$", "#", "No.", "no.", "£", "€"}
_TIME_NOUNS = {
    "year", "month", "week", "day", "quarter", "period", "season", "time", "decade",
    "summer", "winter", "spring", "fall", "autumn", "level", "result", "end",
}  # fmt: skip
#: "the third-quarter loss": TimeML leaves the determiner out of adjectival expressions.
_DETERMINER_BEFORE_ADJECTIVE = re.compile(
    r"(?:the|a|an|its|their)\s+(?=[\w-]+-(?:quarter|year|month|week|day)\b)", re.IGNORECASE
)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|until|till|through|thru|and)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]


# --------------------------------------------------------------------------- context


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _governing_verb(token: Token) -> Token | None:
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _tense_of_verb(verb: Token) -> Tense:
    children = list(verb.children)
    auxiliaries = [c for c in children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxiliaries}
    if words & _FUTURE_AUX or "would" in words:
        return Tense.FUTURE
    if any(c.lower_ == "to" for c in auxiliaries) and verb.tag_ == "VB":
        head = verb.head
        if head.i == verb.i or head.pos_ not in ("VERB", "AUX", "ADJ"):
            return Tense.FUTURE
        governing = _tense_of_verb(head)
        if head.lemma_.lower() in _FUTURE_HEADS and governing is not Tense.PAST:
            return Tense.FUTURE
        return Tense.PRESENT if governing is Tense.PAST else governing
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxiliaries):
        return Tense.PAST
    if verb.tag_ == "VBN" and not auxiliaries:
        return Tense.PAST
    if words & {"has", "have", "'ve", "had"}:
        return Tense.PAST
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl", "advcl"):
        return Tense.PAST
    if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return Tense.FUTURE
    if verb.tag_ in ("VBZ", "VBP") or words & {"is", "are", "am", "does", "do"}:
        return Tense.PRESENT
    if any(c.tag_ == "MD" for c in auxiliaries):
        return Tense.PRESENT
    if verb.tag_ == "MD":
        return Tense.FUTURE if verb.lower_ in _FUTURE_AUX | {"would"} else Tense.PRESENT
    return Tense.UNKNOWN


def tense_at(doc: Doc, start: int, end: int) -> Tense:
    """Tense of the verb that governs the expression at ``start:end``."""
    span = _span(doc, start, end)
    if span is None or len(span) == 0:
        return Tense.UNKNOWN
    verb = _governing_verb(span.root)
    if verb is None:
        return Tense.UNKNOWN
    return _tense_of_verb(verb)


# --------------------------------------------------------------------------- vetoes


def _plausible(candidate: _Candidate, doc: Doc) -> bool:
    """Vetoes from the parse: "May" the modal, "1500 troops", "march" the verb."""
    groups = candidate.match.groupdict()
    span = _span(doc, candidate.start, candidate.end)
    if span is None:
        return False
    name = candidate.rule.name
    if groups.get("month") and name in ("month", "month_year", "set"):
        token = _token_at(doc, candidate.match.start("month"))
        if token is not None and (token.tag_ == "MD" or token.pos_ == "VERB"):
            return False
    if name == "year":
        return _plausible_year(candidate, doc)
    if name in ("present", "past", "future"):
        return _plausible_reference(span)
    if name == "duration":
        return _plausible_duration(candidate, doc)
    if name == "set_adverb":
        token = _token_at(doc, candidate.start)
        return token is not None and (token.dep_ != "amod" or token.lower_ == "daily")
    if name == "season" and not groups.get("rel") and not groups.get("year"):
        token = _token_at(doc, candidate.match.start("season"))
        return token is not None and token.pos_ in ("NOUN", "PROPN")
    return True


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _plausible_year(candidate: _Candidate, doc: Doc) -> bool:
    token = _token_at(doc, candidate.match.start("year"))
    if token is None:
        return False
    if candidate.match.group(0)[:1].isdigit() and token.i > 0:
        before = doc[token.i - 1]
        if before.text in _NOT_BEFORE_YEAR or before.lower_ in ("flight", "route"):
            return False
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is not None and following.lower_ in ("%", "percent", "pct"):
        return False
    year = int(token.text) if token.text.isdigit() else 0
    if (
        following is not None
        and following.tag_ == "NNS"
        and not 1900 <= year <= 2039
        and following.lemma_.lower() not in _TIME_NOUNS
    ):
        return False
    head = token.head
    if token.dep_ == "nummod" and head.tag_ == "NNS" and not 1900 <= year <= 2039:
        return head.lemma_.lower() in _TIME_NOUNS
    return "," not in token.text


def _plausible_reference(span: Span) -> bool:
    words = span.text.lower()
    root = span.root
    if words in ("current", "the current"):
        return root.pos_ == "ADJ" and root.head.lemma_.lower() not in ("account", "affair")
    if words in ("past", "the past"):
        return words == "the past" or (root.pos_ in ("NOUN", "ADJ") and root.dep_ != "amod")
    if words == "earlier":
        return root.dep_ == "advmod" and root.head.pos_ in ("VERB", "AUX")
    if words in ("present", "the present"):
        return root.pos_ in ("NOUN", "ADJ") and root.dep_ != "amod"
    if words == "future":
        return root.pos_ == "ADJ" or root.dep_ in ("amod", "compound")
    return True


def _plausible_duration(candidate: _Candidate, doc: Doc) -> bool:
    match = candidate.match
    token = _token_at(doc, match.start("unit"))
    if token is None:
        return False
    if not match["number"] and not re.match(
        r"(?:the\s+)?(?:past|last|next|previous|first|final|coming|following|latest|initial"
        r"|remaining|entire|whole|full)",
        match.group(0),
        re.IGNORECASE,
    ):
        return False
    if token.lower_ == "second" and token.pos_ == "ADJ":
        return False
    if re.search(r"\w-quarters", match.group(0)):
        return False  # "three-quarters of its food", a fraction
    if token.text.istitle() and not token.is_sent_start:
        return False  # "60 Minutes", a title
    if re.match(r"\s+old\b", match.string[match.end() : match.end() + 5]):
        return False
    return token.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "ADV", "VERB")


# --------------------------------------------------------------------------- finding


def _candidates(text: str, doc: Doc) -> list[_Candidate]:
    found: list[_Candidate] = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1] in " ,":
                end -= 1
            adjective = _DETERMINER_BEFORE_ADJECTIVE.match(text, start, end)
            if adjective:
                start = adjective.end()
            if end > start:
                candidate = _Candidate(start, end, rule, match)
                if _plausible(candidate, doc):
                    found.append(candidate)
    return found


def _without_overlaps(candidates: Sequence[_Candidate], anchor: date | None) -> list[_Candidate]:
    """Keep the longest candidate where candidates overlap (earlier rule on ties)."""
    order = {rule.name: index for index, rule in enumerate(RULES)}
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), order[c.rule.name], c.start))
    kept: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    probe = Context(anchor=anchor, reference=anchor)
    for candidate in ranked:
        if any(candidate.start < end and start < candidate.end for start, end in taken):
            continue
        if _reading(candidate, probe) is None:
            continue
        kept.append(candidate)
        taken.append((candidate.start, candidate.end))
    return sorted(kept, key=lambda c: c.start)


def _reading(candidate: _Candidate, context: Context) -> Reading | None:
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
    sentences = SentenceIndex(doc) if sentences is None else sentences
    text = doc.text
    kept = _without_overlaps(_candidates(text, doc), published)
    reference = published
    reference_sentence = -1
    references: dict[str, str] = {}
    found: list[TimeExpression] = []
    for candidate in kept:
        sentence = sentences.index(candidate.start)
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


class TimesStage(Stage):
    """Time expressions with TIMEX3 values, anchored on the publication date."""

    name = "times"
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "sentence_index", "article.published"})
    assigns: ClassVar[frozenset[str]] = frozenset({"times"})

    def __init__(self, *, split_ranges: bool = False) -> None:
        self.split_ranges = split_ranges

    def __call__(self, annotation: Annotation) -> Annotation:
        if annotation.doc is None:
            annotation.times = ()
            return annotation
        annotation.times = find_times(
            annotation.doc,
            annotation.article.published,
            split_ranges=self.split_ranges,
            sentences=annotation.sentence_index,
        )
        return annotation
