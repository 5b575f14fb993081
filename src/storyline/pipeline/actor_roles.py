"""Roles, descriptions and metonymy from spaCy's parse.

- Roles: the title or description written next to a name, before it
  ("Russian Foreign Minister Sergei Lavrov", "ruler Kim Jong Un") or as an apposition
  ("Matthew Miller, a spokesman for the State Department"; "the foreign minister,
  Sergei Lavrov"). A role must end in a role noun ("minister", "spokesman", ...);
  relational nouns ("colleague", "counterpart") are not roles.
- Definite descriptions: "the Kremlin chief", "the Russian president" refer to a person
  of the article whose role has the same country and head; "the Russian government"
  stands for a country.
- Capitals: "Moscow said" is the government (metonymy); "talks in Moscow" is the city.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storyline.pipeline.actor_names import word_set

__all__ = [
    "GOVERNMENT_HEADS",
    "LEADER_HEADS",
    "MEDIA_HEADS",
    "ORGANISATION_ROLE_HEADS",
    "PERSON_ROLE_HEADS",
    "Description",
    "capital_is_government",
    "definite_descriptions",
    "is_modifier",
    "role_spans",
    "token_span",
]

Doc = Any  # spaCy's Doc, Span and Token are untyped
Span = Any
Token = Any

PERSON_ROLE_HEADS = word_set(
    """president vice-president president-elect minister premier chancellor leader ruler
    chief head spokesman spokeswoman spokesperson secretary king queen prince princess
    emperor pope general admiral commander commander-in-chief ambassador envoy diplomat
    official officer director chairman chairwoman chairperson chair ceo founder
    co-founder governor mayor senator congressman congresswoman representative
    lawmaker legislator mp deputy judge prosecutor attorney lawyer analyst expert
    professor researcher scientist economist journalist correspondent reporter editor
    author writer activist dictator strongman monarch sheikh emir ayatollah cleric
    bishop archbishop cardinal rabbi imam coach captain manager executive adviser
    advisor aide counsellor councillor candidate nominee negotiator mediator inspector
    commissioner colonel lieutenant sergeant marshal boss ombudsman speaker owner
    politician dissident defector soldier dictator autocrat despot supremo"""
)
MEDIA_HEADS = word_set(
    """newspaper paper daily agency broadcaster channel network station magazine weekly
    tabloid outlet website portal journal"""
)
ORGANISATION_ROLE_HEADS = MEDIA_HEADS | word_set(
    """ministry department party company firm group bank organisation organization
    alliance bloc militia army regulator watchdog court council parliament union body
    institute tank university airline carrier maker manufacturer producer giant operator
    office service committee movement"""
)
#: Heads that name whoever leads a country: "the Kremlin chief" is its president.
LEADER_HEADS = word_set(
    "leader chief president ruler dictator head strongman autocrat despot supremo boss "
    "monarch king emir"
)
#: "the Russian government", "the North Korean regime" stand for the country.
GOVERNMENT_HEADS = word_set("government regime side authorities leadership administration cabinet")

_LOCATIVE = word_set(
    "in at near outside inside around across within throughout into over via through beyond"
)
_DIRECTIONAL = word_set("to from toward towards")
_MOTION = word_set(
    """visit trip travel journey flight fly go come return arrive arrival move head tour
    drive sail march deploy send bring way road route train depart departure leave flee
    escape evacuate relocate reach land expel"""
)
_PLACE_HEADS = word_set(
    """city capital town street streets centre center outskirts suburb suburbs region
    district resident residents people mayor airport citizen citizens inhabitants
    population heart part area university skyline metro subway hotel embassy"""
)
_ROLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "nummod", "npadvmod", "pobj"})
_LEFT_STOP_POS = frozenset({"DET", "PRON", "ADP", "CCONJ", "SCONJ", "VERB", "AUX", "PART"})
#: Longest apposition taken as a role, in tokens.
MAX_APPOSITION_TOKENS = 10


def token_span(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering a character span (expanded to whole tokens), or None."""
    if start >= end:
        return None
    return doc.char_span(start, end, alignment_mode="expand")


def _is_hyphen(token: Token) -> bool:
    return bool(token.text in ("-", "‐", "–") and not token.whitespace_)


#: A role noun inside one of these entities is part of a name ("Energy Agency").
_NAME_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


def _head_word(token: Token) -> str:
    """The role noun a token can be: its lower-case text, or '' inside a name."""
    return "" if token.ent_type_ in _NAME_LABELS else str(token.lower_)


def _is_title_of(doc: Doc, start: int, first: int, heads: frozenset[str]) -> bool:
    """'Secretary of State', 'Minister of Foreign Affairs': a role noun, 'of', a name."""
    return any(
        _head_word(doc[k]) in heads and doc[k + 1].lower_ == "of" for k in range(start, first - 1)
    )


def _left_role(span: Span, heads: frozenset[str]) -> tuple[int, int] | None:
    doc = span.doc
    bound = max(span.root.left_edge.i, span.sent.start)
    first = span.start
    index = first - 1
    while index >= bound:
        token = doc[index]
        if (_is_hyphen(token) and index > bound) or token.tag_ == "POS":
            index -= 1  # "vice-president", "North Korea’s state news agency KCNA"
            continue
        if token.lower_ == "of" and token.dep_ == "prep" and index > bound:
            index -= 1  # "Secretary of State Antony Blinken"
            continue
        stop = token.pos_ in _LEFT_STOP_POS or token.is_punct or token.is_space
        if stop or token.dep_ not in _ROLE_DEPS:
            break
        index -= 1
    start = index + 1
    while start < first and (doc[start].tag_ == "POS" or doc[start].lower_ == "of"):
        start += 1
    if start >= first:
        return None
    if _head_word(doc[first - 1]) not in heads and not _is_title_of(doc, start, first, heads):
        return None
    return doc[start].idx, doc[first - 1].idx + len(doc[first - 1])


def _trim_determiners(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].pos_ in ("DET", "PRON") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def _char_range(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _apposition_roles(span: Span, heads: frozenset[str]) -> Iterator[tuple[int, int]]:
    root = span.root
    doc = span.doc
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and _head_word(child) in heads:
            tokens = []
            for token in doc[child.left_edge.i : child.right_edge.i + 1]:
                if token.text == "," and token.i > child.i:
                    break
                tokens.append(token)
            tokens = _trim_determiners(tokens[:MAX_APPOSITION_TOKENS])
            if tokens:
                yield _char_range(tokens)
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and _head_word(head) in heads:
        # "the Minister of Foreign Affairs, Sergei Lavrov": up to the name
        tokens = _trim_determiners(list(doc[head.left_edge.i : span.start]))
        if tokens and len(tokens) <= MAX_APPOSITION_TOKENS:
            yield _char_range(tokens)


def role_spans(doc: Doc, start: int, end: int, heads: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the roles written next to the name at ``start:end``."""
    span = token_span(doc, start, end)
    if span is None or len(span) == 0:
        return []
    found = []
    left = _left_role(span, heads)
    if left is not None:
        found.append(left)
    for role in _apposition_roles(span, heads):
        if role not in found and not (role[0] < end and start < role[1]):
            found.append(role)
    return found


def is_modifier(doc: Doc, start: int, end: int) -> bool:
    """Whether a word modifies a noun ("Russian" in "Russian flags") rather than heads one."""
    span = token_span(doc, start, end)
    if span is None:
        return False
    root = span.root
    return bool(root.dep_ in ("amod", "compound", "nmod") or root.pos_ == "ADJ")


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def capital_is_government(doc: Doc, start: int, end: int) -> bool:
    """Whether a capital city stands for its government here ("Moscow said").

    A capital after a locative preposition ("in Moscow"), the goal of a movement
    ("a visit to Pyongyang", "visited Pyongyang") or named as a city ("the streets of
    Moscow") is the place; as subject, object, possessor or anything else it is the
    government.
    """
    span = token_span(doc, start, end)
    if span is None:
        return True
    token = _first_conjunct(span.root)
    head = token.head
    if token.dep_ == "pobj":
        preposition = head.lower_
        governor = head.head
        if preposition in _LOCATIVE:
            return False
        if preposition in _DIRECTIONAL:
            return not (governor.lemma_ in _MOTION or governor.head.lemma_ in _MOTION)
        if preposition == "of":
            return governor.lemma_ not in _PLACE_HEADS
        return True
    if token.dep_ == "dobj" and head.lemma_ in _MOTION:
        return False
    return not (token.dep_ in ("compound", "nmod") and head.lemma_ in _PLACE_HEADS)


@dataclass(frozen=True, slots=True)
class Description:
    """A definite noun phrase such as "the Kremlin chief" or "the Russian government"."""

    start: int
    end: int
    text: str
    head: str  # "chief", lower case
    modifiers: str  # the words between "the" and the head, "Kremlin"


def definite_descriptions(doc: Doc, heads: frozenset[str]) -> Iterator[Description]:
    """Noun chunks 'the <modifiers> <head>' whose head is one of ``heads``."""
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.i != chunk.end - 1 or chunk[0].lower_ != "the" or len(chunk) < 3:
            continue
        if root.lower_ not in heads or any(t.ent_type_ == "PERSON" for t in chunk):
            continue
        # "the Kremlin chief and Russian flags": the chunk ends at its head already
        modifiers = chunk.doc[chunk.start + 1 : root.i]
        yield Description(
            start=chunk.start_char,
            end=root.idx + len(root),
            text=chunk.text,
            head=root.lower_,
            modifiers=modifiers.text,
        )
