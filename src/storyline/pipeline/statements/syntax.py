"""Reading spans off spaCy's dependency parse for attribution rules.

Helpers shared by ``sources``, ``content`` and ``rules``:
sentences by token, character spans of token ranges with stray punctuation trimmed at
their edges, subjects and passives, and the words that make up a cue ("has repeatedly
warned against").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.pipeline.doctext import span_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "BREAKS",
    "CLAUSES",
    "CUE_PREFIX",
    "CharSpan",
    "char_span",
    "child_with",
    "continues",
    "cue_span",
    "has_child_word",
    "is_infinitive",
    "is_passive",
    "subject_of",
    "subtree_span",
    "trimmed_tokens",
    "union",
]

CharSpan = tuple[int, int]

_SUBJECTS = frozenset({"nsubj"})
#: Dependencies of a clausal complement (what is said).
CLAUSES = frozenset({"ccomp"})
_LEADING_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "--", ".", "’"})
_TRAILING_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "--", ".", "‘"})
_PAIRS = {"(": ")", ")": "(", "[": "]", "]": "[", "“": "”", "”": "“", "«": "»", "»": "«"}
#: Words before a cue verb that belong to the cue ("has not yet said", "is expected").
CUE_PREFIX = frozenset({"aux", "auxpass", "neg", "advmod"})
#: Verbs whose infinitive complement is the cue itself ("went on to say").
_CONTINUING_VERBS = frozenset({"go", "continue", "begin", "start", "proceed", "demand", "rush"})
_WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
#: Where something was said, written into the cue by annotation schemes such as
#: PolNeAR's ("said in a statement", "wrote on Twitter").
_MEDIUM_NOUNS = frozenset(
    {
        "statement",
        "interview",
        "email",
        "e-mail",
        "letter",
        "twitter",
        "facebook",
        "tweet",
        "post",
        "op-ed",
        "memo",
        "release",
        "speech",
        "radio",
        "television",
    }
)
#: Punctuation that sets a phrase off.
BREAKS = frozenset({",", "—", "–", "--", ";", ":"})


# --------------------------------------------------------------------------- spans


def char_span(doc: Doc, first: int, last: int) -> CharSpan:
    """Characters of tokens ``first..last`` (inclusive)."""
    return doc[first].idx, doc[last].idx + len(doc[last])


def trimmed_tokens(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range without stray punctuation at its edges.

    Dashes, commas and the like go; a closing parenthesis or quote stays when its
    opening one is inside the range, and the reverse.
    """
    while first <= last:
        text = span_text(doc[first : last + 1])
        head, tail = doc[first].text, doc[last].text
        if doc[first].is_space or head in _LEADING_PUNCT or _unbalanced(head, text):
            first += 1
        elif doc[last].is_space or tail in _TRAILING_PUNCT or _unbalanced(tail, text):
            last -= 1
        else:
            return first, last
    return None


def _unbalanced(mark: str, text: str) -> bool:
    """Whether an edge mark of ``text`` lacks its partner inside ``text``."""
    if mark in _PAIRS:
        return _PAIRS[mark] not in text
    if mark in ('"', "''"):
        return text.count(mark) % 2 == 1
    return False


def subtree_span(doc: Doc, token: Token) -> CharSpan | None:
    trimmed = trimmed_tokens(doc, token.left_edge.i, token.right_edge.i)
    return char_span(doc, *trimmed) if trimmed else None


def union(*spans: CharSpan | None) -> CharSpan | None:
    present = [span for span in spans if span]
    if not present:
        return None
    return min(s for s, _ in present), max(e for _, e in present)


# --------------------------------------------------------------------------- tree


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    return None


def is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass", "csubjpass") for child in verb.children)


def child_with(token: Token, deps: frozenset[str] | set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def has_child_word(token: Token, dep: str, word: str) -> bool:
    return any(child.dep_ == dep and child.lower_ == word for child in token.children)


# --------------------------------------------------------------------------- cues


def is_infinitive(verb: Token) -> bool:
    """ "to support", "to see": a hypothetical act, not an attribution."""
    return any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)


def continues(verb: Token) -> bool:
    """ "went on to say", "began to argue": the head verb is part of the cue."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _CONTINUING_VERBS


def cue_span(doc: Doc, verb: Token, particle: Token | None) -> CharSpan:
    first = last = verb.i
    if continues(verb) and verb.head.i < verb.i:
        first = verb.head.i
        verb_head = verb.head
        while (
            first > 0 and doc[first - 1].head.i == verb_head.i and doc[first - 1].dep_ in CUE_PREFIX
        ):
            first -= 1
        return char_span(doc, first, last)
    while first > 0 and _in_prefix(doc[first - 1], verb):
        first -= 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            last = child.i
    if particle is not None and particle.i > last and particle.i - last <= 2:
        last = particle.i
    last = _with_manner(doc, verb, last)
    return char_span(doc, first, last)


def _in_prefix(token: Token, verb: Token) -> bool:
    """ "has not yet [said]": auxiliaries, negation and adverbs before a cue, not "when"."""
    return token.head.i == verb.i and token.dep_ in CUE_PREFIX and token.tag_ != "WRB"


def _with_manner(doc: Doc, verb: Token, last: int) -> int:
    """The end of a cue with how and when it was said right after it: "said [Sunday]",
    "said [in a statement]", "wrote [on Twitter]"."""
    following = doc[last + 1] if last + 1 < len(doc) else None
    if following is None or following.head.i != verb.i:
        return last
    if following.dep_ == "npadvmod" and following.lower_ in _WEEKDAYS:
        return following.i
    target = child_with(following, {"pobj"}) if following.dep_ == "prep" else None
    if target is None or (target.right_edge.i != target.i and target.right_edge.i - last > 4):
        return last
    medium = following.lower_ in ("in", "on") and target.lemma_.lower() in _MEDIUM_NOUNS
    return target.right_edge.i if medium else last
