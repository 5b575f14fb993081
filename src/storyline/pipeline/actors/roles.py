"""Roles, descriptions and metonymy from spaCy's parse.

- Roles: the title or description written next to a name, before it
  ("Russian Foreign Minister Sergei Lavrov", "ruler Kim Jong Un") or as an apposition
  ("Matthew Miller, a spokesman for the State Department"; "the foreign minister,
  Sergei Lavrov"). A role must end in a role noun ("minister", "spokesman", ...; also
  nouns in "-ist", "-ician", "-grapher": "hydrologist", "physician"); relational
  nouns ("colleague", "counterpart") are not roles. A role noun right before a name
  counts even when the parse attaches it elsewhere ("Committee chair Hanne Vik said",
  "chair" parsed as the subject). Determiners and common-noun possessors are split off
  (``RoleSpan.owner``: "its", "company").
- Definite descriptions: "the Kremlin chief", "the Russian president" refer to a person
  of the article whose role has the same country and head; "the Russian government"
  stands for a country.
- Capitals: "Moscow said" is the government (metonymy); "talks in Moscow" is the city.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.names.keys import word_set
from storyline.pipeline.doctext import noun_chunks, span_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "COUNTRY_OWNER_NOUNS",
    "GOVERNMENT_HEADS",
    "LEADER_HEADS",
    "MEDIA_HEADS",
    "ORGANISATION_OWNER_NOUNS",
    "ORGANISATION_ROLE_HEADS",
    "OWNER_NOUNS",
    "PERSON_ROLE_HEADS",
    "STRICT_PERSON_ROLE_HEADS",
    "Description",
    "RoleNouns",
    "RoleSpan",
    "capital_is_government",
    "definite_descriptions",
    "is_modifier",
    "role_spans",
    "token_span",
]


class RoleNouns(Container[str]):
    """Lower-case role nouns: listed words, and words with a listed ending ("-ologist")."""

    def __init__(self, words: frozenset[str], endings: tuple[str, ...] = ()) -> None:
        self.words = words
        self.endings = endings

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        if word in self.words:
            return True
        return (
            len(word) >= 6
            and word.isalpha()
            and word.endswith(self.endings)
            and word not in _NOT_ROLE_NOUNS
        )

    def without(self, words: frozenset[str]) -> RoleNouns:
        """The same role nouns less some listed words."""
        return RoleNouns(self.words - words, self.endings)


#: Words with a role-noun ending that name no person.
_NOT_ROLE_NOUNS = word_set(
    """playlist checklist blacklist whitelist wishlist shortlist watchlist tracklist
    waitlist setlist assist insist resist persist consist exist amidst christ"""
)
#: Nouns that name what a person is or does ("minister", "hydrologist", "chair").
PERSON_ROLE_HEADS = RoleNouns(
    word_set(
        """president vice-president president-elect minister premier chancellor leader
        ruler chief head spokesman spokeswoman spokesperson secretary king queen prince
        princess emperor pope general admiral commander commander-in-chief ambassador
        envoy diplomat official officer director chairman chairwoman chairperson chair
        co-chair ceo cfo coo founder co-founder governor mayor senator congressman
        congresswoman representative lawmaker legislator mp deputy judge prosecutor
        attorney lawyer analyst expert professor researcher scientist economist
        journalist correspondent reporter editor author writer activist dictator
        strongman monarch sheikh emir ayatollah cleric bishop archbishop cardinal rabbi
        imam coach captain manager executive adviser advisor aide counsellor councillor
        candidate nominee negotiator mediator inspector commissioner colonel lieutenant
        sergeant marshal boss ombudsman speaker owner politician dissident defector
        soldier autocrat despot supremo teacher farmer fisherman doctor surgeon nurse
        pilot engineer architect banker trader broker investor entrepreneur
        businessman businesswoman historian scholar lecturer dean rector superintendent
        sheriff constable detective investigator auditor accountant consultant pollster
        campaigner organiser organizer chef poet actor actress singer player athlete
        filmmaker producer designer priest pastor monk nun volunteer pioneer comedian
        inventor treasurer vice-chair vice-chairman trustee strategist chemist physicist
        columnist novelist dentist therapist psychiatrist pharmacist lobbyist cyclist
        pianist guitarist artist linguist"""
    ),
    endings=("ist", "ician", "grapher"),
)
#: Role nouns that describe only people: "the market leader", "the owner" or "a
#: mortgage specialist" may be a company, "the chief executive" is a person.
STRICT_PERSON_ROLE_HEADS = RoleNouns(
    PERSON_ROLE_HEADS.words
    - word_set(
        """leader chief head owner founder co-founder representative candidate nominee
        negotiator mediator speaker manager boss producer designer player pioneer
        investor trader broker"""
    ),
    endings=("ologist", "ician", "grapher"),
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
#: Nouns that stand for an organisation or a country when they own a role ("the
#: company’s chief executive", "the country’s president").
ORGANISATION_OWNER_NOUNS = word_set(
    """company firm group carrier airline bank maker manufacturer producer business
    corporation conglomerate giant retailer chain lender insurer operator utility
    agency ministry department organisation organization party union university
    newspaper broadcaster club team"""
)
COUNTRY_OWNER_NOUNS = word_set("country nation government kingdom republic regime")
OWNER_NOUNS = ORGANISATION_OWNER_NOUNS | COUNTRY_OWNER_NOUNS
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


def _is_title_of(doc: Doc, start: int, first: int, heads: Container[str]) -> bool:
    """'Secretary of State', 'Minister of Foreign Affairs': a role noun, 'of', a name."""
    return any(
        _head_word(doc[k]) in heads and doc[k + 1].lower_ == "of" for k in range(start, first - 1)
    )


def _left_bound(span: Span, heads: Container[str]) -> int:
    """Where a role before the name may start: its noun phrase, or the role noun's own.

    The parse may attach the role noun right before a name elsewhere ("Committee chair
    Hanne Vik said": "chair" as the subject); the role noun's phrase still counts.
    """
    doc = span.doc
    bound = int(span.root.left_edge.i)
    before = doc[span.start - 1] if span.start > span.sent.start else None
    if before is not None and _head_word(before) in heads:
        bound = min(bound, int(before.left_edge.i))
    return max(bound, int(span.sent.start))


def _left_role(span: Span, heads: Container[str]) -> tuple[int, int] | None:
    """Token range of the title written right before a name ("Committee chair")."""
    doc = span.doc
    bound = _left_bound(span, heads)
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
        attached = token.dep_ in _ROLE_DEPS or (index == first - 1 and _head_word(token) in heads)
        if stop or not attached:
            break
        index -= 1
    start = index + 1
    while start < first and (doc[start].tag_ == "POS" or doc[start].lower_ == "of"):
        start += 1
    if start >= first:
        return None
    if _head_word(doc[first - 1]) not in heads and not _is_title_of(doc, start, first, heads):
        return None
    return start, first


def _trim_determiners(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].pos_ in ("DET", "PRON") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """A role written next to a name, without its determiner or common-noun possessor.

    "the company’s chief executive" is the role "chief executive" whose ``owner`` is
    "company"; "its chief executive" has the owner "its"; "Company spokeswoman" is
    "spokeswoman" with the owner "company" written inside the role
    (``owner_in_role``). A named possessor stays in the role ("North Korea’s state
    news agency").
    """

    start: int
    end: int
    owner: str | None = None  # the possessor's head word, lower case
    owner_start: int | None = None  # where it is written
    owner_in_role: bool = False  # the owner noun is the role's first word


def _is_common_possessor(tokens: list[Token]) -> bool:
    return bool(tokens) and all(
        t.pos_ in ("NOUN", "ADJ", "DET") and not t.ent_type_ and t.is_lower for t in tokens
    )


def _owner_noun(token: Token) -> bool:
    return bool(token.lower_ in OWNER_NOUNS and token.pos_ in ("NOUN", "PROPN"))


def _role(doc: Doc, tokens: list[Token]) -> RoleSpan | None:
    """The role of some tokens, with a leading possessor split off as its owner."""
    tokens = _trim_determiners(tokens)
    if not tokens:
        return None
    end = tokens[-1].idx + len(tokens[-1])
    for index, token in enumerate(tokens[:-1]):
        if token.tag_ == "POS":
            possessor = _trim_determiners(tokens[:index])
            if _is_common_possessor(possessor):
                owner = possessor[-1]
                return RoleSpan(tokens[index + 1].idx, end, str(owner.lower_), int(owner.idx))
            return RoleSpan(tokens[0].idx, end)
    before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    if before is not None and before.tag_ == "PRP$":  # "its chief executive"
        return RoleSpan(tokens[0].idx, end, str(before.lower_), int(before.idx))
    if len(tokens) >= 2 and not tokens[0].ent_type_ and _owner_noun(tokens[0]):
        first = tokens[0]  # "Company spokeswoman", "ministry spokesman"
        return RoleSpan(tokens[1].idx, end, str(first.lower_), int(first.idx), True)
    return RoleSpan(tokens[0].idx, end)


def _apposition_roles(span: Span, heads: Container[str]) -> Iterator[RoleSpan]:
    root = span.root
    doc = span.doc
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and _head_word(child) in heads:
            tokens = []
            for token in doc[child.left_edge.i : child.right_edge.i + 1]:
                if token.text == "," and token.i > child.i:
                    break
                tokens.append(token)
            role = _role(doc, tokens[:MAX_APPOSITION_TOKENS])
            if role is not None:
                yield role
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and _head_word(head) in heads:
        # "the Minister of Foreign Affairs, Sergei Lavrov": up to the name
        tokens = list(doc[head.left_edge.i : span.start])
        if len(_trim_determiners(tokens)) <= MAX_APPOSITION_TOKENS:
            role = _role(doc, tokens)
            if role is not None:
                yield role


def role_spans(doc: Doc, start: int, end: int, heads: Container[str]) -> list[RoleSpan]:
    """The roles written next to the name at ``start:end``, before it or in apposition."""
    span = token_span(doc, start, end)
    if span is None or len(span) == 0:
        return []
    found: list[RoleSpan] = []
    left = _left_role(span, heads)
    if left is not None:
        role = _role(doc, list(doc[left[0] : left[1]]))
        if role is not None:
            found.append(role)
    for role in _apposition_roles(span, heads):
        spans = [(r.start, r.end) for r in found]
        if (role.start, role.end) not in spans and not (role.start < end and start < role.end):
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


def definite_descriptions(doc: Doc, heads: Container[str]) -> Iterator[Description]:
    """Noun chunks 'the <modifiers> <head>' whose head is one of ``heads``."""
    for chunk in noun_chunks(doc):
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
            text=span_text(chunk),
            head=root.lower_,
            modifiers=span_text(modifiers),
        )
