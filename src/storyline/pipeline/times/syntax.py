"""What spaCy's parse says about a time expression a rule proposes.

Vetoes: "May" the modal verb, "1500 troops", "march" the verb are no time expressions.
Tense: the tense of the verb that governs an expression decides whether a bare
"Monday" or "September" points back or ahead of the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.pipeline.doctext import span_text
from storyline.pipeline.times.rules import Rule, Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Candidate", "plausible", "tense_at", "token_at"]

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


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match of a rule, trimmed to the extent it would have as an expression."""

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


def plausible(candidate: Candidate, doc: Doc) -> bool:
    """Vetoes from the parse: "May" the modal, "1500 troops", "march" the verb."""
    groups = candidate.match.groupdict()
    span = _span(doc, candidate.start, candidate.end)
    if span is None:
        return False
    name = candidate.rule.name
    if groups.get("month") and name in ("month", "month_year", "set"):
        token = token_at(doc, candidate.match.start("month"))
        if token is not None and (token.tag_ == "MD" or token.pos_ == "VERB"):
            return False
    if name == "year":
        return _plausible_year(candidate, doc)
    if name in ("present", "past", "future"):
        return _plausible_reference(span)
    if name in ("relative_unit", "anaphoric_unit") and _after_possessive(candidate, doc):
        return False
    if name == "duration":
        return _plausible_duration(candidate, doc)
    if name == "set_adverb":
        token = token_at(doc, candidate.start)
        return token is not None and (token.dep_ != "amod" or token.lower_ == "daily")
    if name == "season" and not groups.get("rel") and not groups.get("year"):
        token = token_at(doc, candidate.match.start("season"))
        return token is not None and token.pos_ in ("NOUN", "PROPN")
    return True


def _after_possessive(candidate: Candidate, doc: Doc) -> bool:
    """ "his last year in high school", "the firm's next year": a period of someone's
    life or tenure, not a calendar one."""
    token = token_at(doc, candidate.start)
    return token is not None and token.i > 0 and doc[token.i - 1].tag_ in ("PRP$", "POS")


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _plausible_year(candidate: Candidate, doc: Doc) -> bool:
    token = token_at(doc, candidate.match.start("year"))
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
    words = span_text(span).lower()
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


def _plausible_duration(candidate: Candidate, doc: Doc) -> bool:
    match = candidate.match
    token = token_at(doc, match.start("unit"))
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
