"""Whose is it: what the sentences around a mention say about roles and ministries.

- **Role owners.** A role written with a possessor ("its chief executive", "the
  company’s spokeswoman") or a generic owner noun ("Company spokeswoman", "ministry
  spokesman") belongs to the organisation or country the possessor stands for: the one
  actor of a fitting kind named in the same or the two sentences before. The role then
  reads "chief executive of Halvorsen Chemicals"; with no such single actor it reads
  "chief executive" (a dropped possessor) or "Company spokeswoman" (as written).
- **Affiliations.** A role written before a name followed by "of/at/from" and an
  organisation, country or place ("Hydrologist Tomás Ferreira of the University of
  Brenham") reads "Hydrologist, University of Brenham"; the organisation stays an actor
  of its own.
- **Government descriptions.** "the Russian government" stands for Russia; "the North
  Korean capital" is Pyongyang.
- **Unplaced government bodies.** "the Foreign Ministry" with no country in its name
  belongs to the one country acting in its sentence (or the sentence before): a capital
  or seat standing for its government ("Moscow said"), a government description ("the
  Russian government"), or a country that is the subject of a verb. With none or
  several, it stays without a country.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from storyline.model import ActorKind
from storyline.names.gazetteer import EntryKind, gazetteer
from storyline.names.keys import name_key, word_set
from storyline.pipeline.actors.mentions import Mention
from storyline.pipeline.actors.roles import (
    COUNTRY_OWNER_NOUNS,
    GOVERNMENT_HEADS,
    ORGANISATION_OWNER_NOUNS,
    RoleSpan,
    definite_descriptions,
    token_span,
)
from storyline.pipeline.sentences import SentenceIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "Anchor",
    "Role",
    "government_mentions",
    "place_government_bodies",
    "role_text",
]

#: Possessors, and the kinds of actor they may stand for.
_OWNER_KINDS: dict[str, frozenset[ActorKind]] = {
    "its": frozenset({ActorKind.ORGANISATION, ActorKind.COUNTRY}),
    **{word: frozenset({ActorKind.ORGANISATION}) for word in ORGANISATION_OWNER_NOUNS},
    **{word: frozenset({ActorKind.COUNTRY}) for word in COUNTRY_OWNER_NOUNS},
}
_AFFILIATION_KINDS = frozenset({ActorKind.ORGANISATION, ActorKind.COUNTRY, ActorKind.PLACE})
_AFFILIATION = re.compile(r"\s+(?:of|at|from)\s+(?:the\s+)?")
#: Last words of events named like organisations ("Apple Worldwide Developers Conference").
_EVENT_WORDS = word_set("conference summit forum festival games championship expo show fair")
#: Last words of bodies of a government ("Foreign Ministry", "Defence Department").
_GOVERNMENT_BODY_WORDS = word_set("ministry department embassy army navy cabinet")
#: Sentences before the possessor searched for its owner.
OWNER_SENTENCES = 2


@dataclass(frozen=True, slots=True)
class Anchor:
    """A mention of an actor, with the actor's kind, name and country."""

    start: int
    end: int
    kind: ActorKind
    name: str
    country: str | None = None


class Role(NamedTuple):
    """A role as it reads, its evidence span, the words written there, its country."""

    text: str  # "chief executive of Halvorsen Chemicals"
    start: int
    end: int
    written: str  # "chief executive"
    country: str | None  # of the words written, else of the owner or affiliation


def _owner(role: RoleSpan, anchors: Sequence[Anchor], sentences: SentenceIndex) -> Anchor | None:
    if role.owner is None or role.owner_start is None:
        return None
    kinds = _OWNER_KINDS.get(role.owner)
    if kinds is None:
        return None
    first = sentences.start(sentences.index(role.owner_start) - OWNER_SENTENCES)
    found = {
        a.name: a
        for a in anchors
        if a.kind in kinds
        and first <= a.start < role.owner_start
        and a.name.split()[-1].lower() not in _EVENT_WORDS
    }
    return found.popitem()[1] if len(found) == 1 else None


def _affiliation(text: str, name_end: int, anchors: Sequence[Anchor]) -> Anchor | None:
    match = _AFFILIATION.match(text, name_end)
    if match is None:
        return None
    found = [a for a in anchors if a.start == match.end() and a.kind in _AFFILIATION_KINDS]
    return found[0] if found else None


def role_text(
    text: str,
    role: RoleSpan,
    name_end: int,
    anchors: Sequence[Anchor],
    sentences: SentenceIndex,
) -> Role:
    """How a role reads: as written, with its owner or the name's affiliation added
    ("chief executive of Halvorsen Chemicals", "Hydrologist, University of Brenham")."""
    start, end = role.start, role.end
    written = text[start:end]
    country = gazetteer().find_country(written)
    owner = _owner(role, anchors, sentences)
    if owner is not None:
        joined = f"{written}, {owner.name}" if " of " in written else f"{written} of {owner.name}"
        return Role(joined, start, end, written, country or owner.country)
    if role.owner_in_role and role.owner_start is not None:
        written = text[role.owner_start : end]
        return Role(written, role.owner_start, end, written, country)
    if end <= name_end and role.owner is None:
        place = _affiliation(text, name_end, anchors)
        if place is not None and name_key(place.name) not in name_key(written):
            return Role(f"{written}, {place.name}", start, end, written, country or place.country)
    return Role(written, start, end, written, country)


# --------------------------------------------------------------------------- governments


def government_mentions(doc: Doc) -> list[Mention]:
    """'the Russian government' stands for Russia; 'the North Korean capital' is Pyongyang."""
    found = []
    for description in definite_descriptions(doc, GOVERNMENT_HEADS | {"capital"}):
        country = gazetteer().find_country(description.modifiers)
        if country is None:
            continue
        if description.head != "capital":
            key, kind, canonical = f"country:{country}", ActorKind.COUNTRY, country
        elif capitals := gazetteer().countries[country].capitals:
            canonical = capitals[0]
            key, kind = f"place:{name_key(canonical)}", ActorKind.PLACE
        else:
            continue
        found.append(
            Mention(
                description.start,
                description.end,
                description.text,
                kind,
                key,
                country,
                canonical,
                "description",
            )
        )
    return found


def _is_government_body(mention: Mention) -> bool:
    words = mention.text.split()
    return (
        mention.kind is ActorKind.ORGANISATION
        and "@" not in mention.key
        and mention.country is None
        and bool(words)
        and words[-1].lower() in _GOVERNMENT_BODY_WORDS
    )


def _acts(doc: Doc, mention: Mention) -> bool:
    """A country mention that stands for a government doing something here."""
    if mention.source == "description":
        return True  # "the Russian government"
    entry = gazetteer().lookup(mention.text)
    if entry is not None and entry.kind in (EntryKind.CAPITAL, EntryKind.SEAT):
        return True  # "Moscow said", "the Kremlin"
    span = token_span(doc, mention.start, mention.end)
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _acting_country(
    doc: Doc, mentions: Sequence[Mention], sentences: SentenceIndex, index: int
) -> str | None:
    start, end = sentences.start(index), sentences.end(index)
    countries = {
        m.canonical
        for m in mentions
        if m.kind is ActorKind.COUNTRY and m.canonical and start <= m.start < end and _acts(doc, m)
    }
    return countries.pop() if len(countries) == 1 else None


def place_government_bodies(
    doc: Doc, mentions: Sequence[Mention], sentences: SentenceIndex
) -> list[Mention]:
    """The mentions, with "the Foreign Ministry" given the country acting around it."""
    placed = []
    for mention in mentions:
        if _is_government_body(mention):
            index = sentences.index(mention.start)
            country = _acting_country(doc, mentions, sentences, index)
            if country is None and index > 0:
                country = _acting_country(doc, mentions, sentences, index - 1)
            if country is not None:
                mention = replace(mention, key=f"{mention.key}@{country}", country=country)
        placed.append(mention)
    return placed
