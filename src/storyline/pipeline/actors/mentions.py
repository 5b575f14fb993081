"""Mentions of actors in one article, before they are grouped into actors.

Every mention gets a ``key``: mentions with the same key are the same actor
("country:Russia" for "Russia", metonymic "Moscow" and "the Kremlin"). Sources are
spaCy's entities, with their labels corrected by the words around them
(``actor_labels``: roles, titles, speech verbs, place and outlet words), by the
gazetteer and by the names of the article ("Lavrov" tagged ORG is the person Sergei
Lavrov, "Rodong Sinmun" tagged PERSON after "newspaper" is the paper); then names spaCy
missed, found by scanning the text for the people and gazetteer names of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.model import ActorKind, EntityMention
from storyline.names.gazetteer import (
    EntryKind,
    GazetteerEntry,
    gazetteer,
)
from storyline.names.keys import (
    TITLE_WORDS,
    name_key,
    short_forms,
    trim_name_span,
    word_count,
    word_set,
)
from storyline.names.outlets import is_news_agency, is_time_zone_or_unit
from storyline.pipeline.actors.labels import (
    CANDIDATE_LABELS,
    corrected_labels,
    quoted_as_source,
    source_key,
)
from storyline.pipeline.actors.roles import (
    capital_is_government,
    is_modifier,
)
from storyline.pipeline.doctext import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Mention", "collect_mentions", "scan_mentions"]

#: Gazetteer names too ambiguous to be found by scanning the text (people's names,
#: words, short abbreviations); spaCy still finds them as entities.
SCAN_EXCLUDED = word_set(
    """Chad Jordan Georgia Israel Turkey Guinea Niger Mali America Trinidad Holland
    Vatican Emirates Fed IS PA CAR WHO AP AU RT SCO NPC ROC ROK RSA KSA PNG BiH CPC
    Amnesty Wagner Congress Rada West Bloomberg Belweder Beehive Istana Chancellery
    Westminster Whitehall Miraflores Planalto Moncloa Matignon"""
)
#: Titles that start no organisation's name ("General Motors" does).
_PERSON_TITLES = word_set(
    """spokeswoman spokesman spokesperson president minister senator chancellor secretary
    ceo chairman chairwoman mr mrs ms dr analyst director governor mayor judge prosecutor
    ambassador"""
)
#: "Secretary of State", "Minister of Foreign Affairs": the complement is part of a title.
_TITLE_OF = re.compile(
    r"\b(?:secretary|minister|ministry|department|chief|chancellor|commissioner)\s+"
    r"(?:of|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: Titles that are part of how a person is named when one name follows.
_NAME_TITLES = word_set(
    "king queen prince princess pope emperor sheikh emir ayatollah lord lady sir dame"
)
_NOBLE_BEFORE = re.compile(
    r"\b(?:King|Queen|Prince|Princess|Pope|Emperor|Sheikh|Emir|Ayatollah|Lord|Lady|Sir|Dame)"
    r" $"
)
_PLAIN_NAME = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}$")
_PHOTO_CREDIT = re.compile(r"^\s*/\s*[A-Za-z]")
_CITY_OF = re.compile(
    r"(?:^|\s)(?P<modifier>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)\s+"
    r"(?:city|town|village|region|province|port|capital)\s+of\s+$"
)
_LABEL_KINDS = {
    "PERSON": ActorKind.PERSON,
    "ORG": ActorKind.ORGANISATION,
    "GPE": ActorKind.PLACE,
    "LOC": ActorKind.PLACE,
    "FAC": ActorKind.PLACE,
    "NORP": ActorKind.GROUP,
}


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an actor: its span, kind and the key of the actor it belongs to."""

    start: int
    end: int
    text: str
    kind: ActorKind
    key: str
    country: str | None = None
    canonical: str | None = None  # the gazetteer's name, when it knows the actor
    source: str = "entity"  # "entity", "scan", "description"


def _strip_titles(text: str, start: int, end: int) -> int:
    """Start of a PERSON name after titles and lower-case words ("President Putin").

    A royal or religious title stays when only one word would be left ("Prince Harry").
    """
    while True:
        match = re.match(r"\S+\s+", text[start:end])
        if match is None:
            return start
        word = match.group().strip()
        rest = text[start + match.end() : end]
        if word.lower() in _NAME_TITLES and len(rest.split()) == 1:
            return start
        if word.lower() in TITLE_WORDS or word[:1].islower():
            start += match.end()
        else:
            return start


@dataclass
class _Context:
    """What the classification of one mention may look at."""

    doc: Doc
    text: str
    person_keys: set[str]  # name keys of full names and short forms of PERSON entities
    media_keys: set[str]  # name keys of PERSON entities that are really publications
    source: str | None = None  # the article's outlet


def _entry_mention(
    context: _Context, start: int, end: int, entry: GazetteerEntry, label: str
) -> Mention | None:
    text = context.text[start:end]
    country_key = f"country:{entry.canonical}"
    if entry.kind in (EntryKind.COUNTRY, EntryKind.SEAT):
        return Mention(
            start, end, text, ActorKind.COUNTRY, country_key, entry.country, entry.canonical
        )
    if entry.kind is EntryKind.CAPITAL:
        if capital_is_government(context.doc, start, end):
            return Mention(
                start, end, text, ActorKind.COUNTRY, country_key, entry.country, entry.canonical
            )
        place = entry.surface
        return Mention(start, end, text, ActorKind.PLACE, f"place:{name_key(place)}", entry.country)
    if entry.kind is EntryKind.DEMONYM:
        if label in ("", "NORP") and not is_modifier(context.doc, start, end):
            key = f"group:{name_key(text)}"
            return Mention(start, end, text, ActorKind.GROUP, key, entry.country)
        return None
    kind = entry.actor_kind
    key = f"{kind.value}:{name_key(entry.canonical)}"
    return Mention(start, end, text, kind, key, entry.country, entry.canonical)


def _country_prefix(text: str) -> tuple[str | None, str]:
    """'Russian Foreign Ministry' -> ('Russia', 'Foreign Ministry')."""
    words = text.split()
    geo = gazetteer()
    for size in range(min(3, len(words) - 1), 0, -1):
        entry = geo.lookup(" ".join(words[:size]))
        if entry is not None and entry.kind in (EntryKind.COUNTRY, EntryKind.DEMONYM):
            return entry.country, " ".join(words[size:])
    return None, text


def _organisation(start: int, end: int, text: str) -> Mention:
    country, rest = _country_prefix(text)
    entry = gazetteer().lookup(rest) if country else None
    if entry is not None and entry.kind is EntryKind.INSTITUTION:
        key = f"{entry.actor_kind.value}:{name_key(entry.canonical)}"
        return Mention(
            start, end, text, entry.actor_kind, key, entry.country or country, entry.canonical
        )
    key = f"organisation:{name_key(rest)}" + (f"@{country}" if country else "")
    return Mention(start, end, text, ActorKind.ORGANISATION, key, country)


def _place(context: _Context, start: int, end: int, text: str) -> Mention:
    country = None
    match = _CITY_OF.search(context.text[max(0, start - 60) : start])
    if match:
        country = gazetteer().find_country(match.group("modifier"))
    elif len(text.split()) > 1:
        country = gazetteer().find_country(text)  # "Russian Far East"
    return Mention(start, end, text, ActorKind.PLACE, f"place:{name_key(text)}", country)


def _person(start: int, end: int, text: str) -> Mention:
    return Mention(start, end, text, ActorKind.PERSON, f"person:{name_key(text)}")


def _classify(context: _Context, start: int, end: int, label: str) -> Mention | None:
    text = context.text[start:end]
    key = name_key(text)
    if not key or not any(c.isalpha() for c in text):
        return None
    if is_time_zone_or_unit(text) or _reporting_outlet(context, start, end, text):
        return None
    entry = gazetteer().lookup(text)
    is_place_entry = entry is not None and entry.kind is not EntryKind.INSTITUTION
    if key in context.media_keys:
        return _organisation(start, end, text)
    if key in context.person_keys and not is_place_entry:
        return _person(start, end, text)
    if entry is not None:
        return _entry_mention(context, start, end, entry, label)
    if _TITLE_OF.search(context.text[max(0, start - 40) : start]):
        return None  # "State" of "Secretary of State"
    kind = _LABEL_KINDS.get(label)
    if kind is ActorKind.PERSON:
        return _person(start, end, text)
    if kind is ActorKind.ORGANISATION:
        return _organisation(start, end, text)
    if kind is ActorKind.PLACE:
        return _place(context, start, end, text)
    if kind is ActorKind.GROUP and not is_modifier(context.doc, start, end):
        country = gazetteer().find_country(text)
        return Mention(start, end, text, ActorKind.GROUP, f"group:{key}", country)
    return None


def _reporting_outlet(context: _Context, start: int, end: int, text: str) -> bool:
    """The article's own outlet or a news agency, not quoted as a source: where the
    story comes from, not an actor of it (``names.outlets``)."""
    own = bool(context.source) and name_key(text) == source_key(context.source)
    if not (own or is_news_agency(text)):
        return False
    return not quoted_as_source(context.doc, start, end)


def _titled_person(entity: EntityMention) -> bool:
    """An ORG span that is a title and a name: "Spokeswoman Sandy Angers"."""
    words = entity.text.split()
    if entity.label != "ORG" or len(words) not in (3, 4):
        return False
    if words[0].lower().rstrip(".") not in _PERSON_TITLES:
        return False
    rest = " ".join(words[1:])
    return bool(_PLAIN_NAME.match(rest)) and gazetteer().lookup(rest) is None


def _trimmed_entity(text: str, entity: EntityMention) -> tuple[int, int] | None:
    start, end = trim_name_span(text, entity.start, entity.end)
    if entity.label == "PERSON":
        start = _strip_titles(text, start, end)
        title = _NOBLE_BEFORE.search(text[max(0, start - 20) : start])
        if title and " " not in text[start:end].strip():
            start -= len(title.group())  # "Prince Harry": the title is how he is named
        if "/" in text[start:end] or _PHOTO_CREDIT.match(text[end : end + 4]):
            return None  # "Alexander Smith/AP": a photo credit
    return (start, end) if end > start else None


def _person_names(
    text: str, spans: Sequence[tuple[EntityMention, tuple[int, int]]], relabelled: set[str]
) -> tuple[set[str], set[str]]:
    """Name keys (full names and short forms) of the people, and of publications.

    ``relabelled`` holds the keys of names the label corrections made outlets.
    """
    media: set[str] = set(relabelled)
    people: set[str] = set()
    for entity, (start, end) in spans:
        if entity.label != "PERSON":
            continue
        name = text[start:end]
        entry = gazetteer().lookup(name)
        if entry is not None and entry.kind is EntryKind.INSTITUTION:
            media.add(name_key(name))
        elif word_count(name) >= 2:
            people.add(name_key(name))
            people |= short_forms(name)
    return people - media, media


def _entity_spans(
    doc: Doc, entities: Iterable[EntityMention], source: str | None
) -> tuple[list[tuple[EntityMention, tuple[int, int]]], set[str]]:
    """Entities that may be actors, labels corrected, with their trimmed name spans.

    Also returns the name keys of the entities the corrections made outlets.
    """
    text = doc_text(doc)
    spans = []
    for entity in entities:
        if entity.label in CANDIDATE_LABELS:
            if _titled_person(entity):
                entity = replace(entity, label="PERSON")
            trimmed = _trimmed_entity(text, entity)
            if trimmed is not None:
                spans.append((entity, trimmed))
    corrected = []
    outlets = set()
    for (entity, span), label in zip(spans, corrected_labels(doc, spans, source), strict=True):
        if label != entity.label:
            if label == "ORG":
                outlets.add(name_key(text[span[0] : span[1]]))
            entity = replace(entity, label=label)
            retrimmed = _trimmed_entity(text, replace(entity, start=span[0], end=span[1]))
            span = retrimmed or span
        corrected.append((entity, span))
    return corrected, outlets


def collect_mentions(
    doc: Doc, entities: Iterable[EntityMention], source: str | None = None
) -> list[Mention]:
    """Mentions of actors among spaCy's entities, labels corrected, spans trimmed.

    ``source`` is the article's outlet (its name in the text is an organisation).
    """
    spans, outlets = _entity_spans(doc, entities, source)
    text = doc_text(doc)
    people, media = _person_names(text, spans, outlets)
    context = _Context(doc, text, people, media, source)
    mentions = []
    for entity, (start, end) in spans:
        mention = _classify(context, start, end, entity.label)
        if mention is not None:
            mentions.append(mention)
    return mentions


# --------------------------------------------------------------------------- scanning


@lru_cache(maxsize=1)
def _gazetteer_pattern() -> re.Pattern[str]:
    kinds = (EntryKind.COUNTRY, EntryKind.SEAT, EntryKind.INSTITUTION)
    surfaces = {
        entry.surface
        for entry in gazetteer().surfaces(*kinds)
        if entry.surface not in SCAN_EXCLUDED and len(entry.surface) >= 2
    }
    alternatives = "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True))
    return re.compile(rf"(?<![\w\-‐])(?:{alternatives})(?![\w\-‐])")


def _person_patterns(mentions: Sequence[Mention]) -> list[re.Pattern[str]]:
    """Full names first (any hyphen/space variant), then surname forms."""
    full: set[str] = set()
    short: set[str] = set()
    for mention in mentions:
        if mention.kind is ActorKind.PERSON and word_count(mention.text) >= 2:
            parts = re.split(r"[\s\-‐]+", mention.text)
            full.add(r"[\s\-‐]+".join(re.escape(p) for p in parts))
            forms = short_forms(mention.text)
            short |= {re.escape(w) for w in mention.text.split() if name_key(w) in forms}
    patterns = [rf"(?<![\w\-‐])(?i:{p})(?![\w\-‐])" for p in sorted(full, key=len, reverse=True)]
    patterns += [rf"(?<![\w\-‐]){p}(?![\w\-‐])(?![ \-‐]+[A-Z])" for p in sorted(short)]
    return [re.compile(p) for p in patterns]


def scan_mentions(
    doc: Doc, entities: Sequence[EntityMention], mentions: Sequence[Mention]
) -> list[Mention]:
    """Mentions spaCy missed: the article's people and gazetteer names elsewhere in the text.

    A match overlapping an entity of any label or a mention already found is skipped.
    """
    text = doc_text(doc)
    taken = [(e.start, e.end) for e in entities] + [(m.start, m.end) for m in mentions]
    people = set()
    for mention in mentions:
        if mention.kind is ActorKind.PERSON:
            people |= {name_key(mention.text), *short_forms(mention.text)}
    context = _Context(doc, text, people, set())
    found: list[Mention] = []
    for pattern in [*_person_patterns(mentions), _gazetteer_pattern()]:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not text[start].isupper() or any(s < end and start < e for s, e in taken):
                continue
            scanned = _classify(context, start, end, "")
            if scanned is not None:
                found.append(replace(scanned, source="scan"))
                taken.append((start, end))
    return found
