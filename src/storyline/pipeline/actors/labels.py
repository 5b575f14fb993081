"""Corrections of spaCy's entity labels from the words around a name.

The small English model labels unfamiliar names by their looks: "Lars-Erik Brandt"
comes out PRODUCT, "Brenham Falls" PERSON, "Valley Wire" LOC. The actors stage does
not take a label at face value; these rules, in this order, correct it:

1. **Person evidence.** A person-shaped name (one to four capitalised words, not a
   gazetteer name, not ending in an organisation or place word) is a person whatever
   its label when a person-role noun is written next to it: in apposition ("Its chief
   executive, X"; "X, a spokeswoman for ..."), right before it ("Committee chair X",
   "hydrologist X") or an honorific before it ("Dr X"). Role nouns that also describe
   organisations ("leader", "owner", "head") do not count, and names of one word
   need an honorific or a title before them ("Foreign Minister X").
2. **Outlets.** The article's own outlet, a name ending in a newspaper or agency word
   ("X Wire", "X Times", "X Gazette") or written after "newspaper"/"agency" is an
   organisation, unless rule 1 made it a person.
3. **Speech.** A person-shaped name of two to four words that is the subject of a
   speech verb ("X said", "..., X told reporters") is a person when labelled PRODUCT,
   WORK_OF_ART, LOC, FAC (not "Scotland Yard") or GPE. Not when labelled ORG or NORP:
   organisations and parties speak as often as people ("Goldman Sachs said", "Sinn
   Fein said") and the name's shape cannot tell them apart.
4. **Places.** A PERSON label on a name ending in a place word ("Brenham Falls",
   "Kelder River", "Marlow City"), starting with one ("Port Aldine", "Mount X", "Lake
   X") or written after "upstream of", "outskirts of", ... is a place, and so is an
   ORG label on a name ending in a natural place's word ("Osterby Falls", not
   "Manchester City"), unless rule 1 or 3 holds for the same name somewhere in the
   article.

A fifth rule lives in ``actor_mentions``: a name equal to a person's name (or surname)
elsewhere in the article is that person, whatever its label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.model import EntityMention
from storyline.names.gazetteer import gazetteer
from storyline.names.keys import NAME_PARTICLES, name_key, word_set
from storyline.pipeline.actors.roles import (
    MEDIA_HEADS,
    STRICT_PERSON_ROLE_HEADS,
    token_span,
)
from storyline.pipeline.doctext import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "CANDIDATE_LABELS",
    "NATURAL_PLACE_WORDS",
    "OUTLET_WORDS",
    "PLACE_FIRST_WORDS",
    "PLACE_LAST_WORDS",
    "corrected_labels",
    "is_outlet_name",
    "is_person_shaped",
    "is_place_name",
    "quoted_as_source",
    "source_key",
]

#: Labels whose spans may be actors once corrected; PRODUCT and WORK_OF_ART only are
#: when a rule makes them a person or an organisation.
CANDIDATE_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
)
_SPEECH_SUBJECT_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "LOC", "FAC", "GPE"})
_PLACE_CORRECTED_LABELS = frozenset({"PERSON", "ORG"})

#: Last words of newspapers, agencies and broadcasters.
OUTLET_WORDS = word_set(
    """News Newswire Times Wire Gazette Ledger Post Herald Agency Journal Tribune
    Telegraph Chronicle Observer Courier Sentinel Examiner Inquirer Bulletin Dispatch
    Mail Press Radio Television TV Broadcasting Monitor Reporter Daily Weekly"""
)
#: Last words of natural places (compared case-sensitively: "River", not "river").
NATURAL_PLACE_WORDS = word_set(
    """Falls River Valley Springs Heights Island Islands Creek Mountains Peninsula Gulf
    Canal Strait Fjord Lagoon Estuary Reservoir Highlands"""
)
#: Last words of place names. "Bay", "Hill" or "Lake" are no place words here: they
#: are surnames too ("Michael Bay").
PLACE_LAST_WORDS = NATURAL_PLACE_WORDS | word_set(
    "County City Harbour Harbor Province Township Coast Airport Plains Delta"
)
#: First words of place names when another capitalised word follows ("Port Aldine").
PLACE_FIRST_WORDS = word_set("Port Mount Lake Fort Cape Glen Isle")
#: Last words of organisation names: such a name is not person-shaped.
_ORGANISATION_WORDS = word_set(
    """Inc Inc. Corp Corp. Corporation Company Co Co. Ltd Ltd. LLC PLC plc AG SA GmbH
    Group Holdings Bank Airways Airlines Air Motors Chemicals Industries Ministry
    Department Agency Council Committee Party University Institute Association
    Foundation Union Club Fund Authority Commission Court Army Navy Force Forces Police
    Service Services Systems Technologies Energy Oil Gas Media Partners Capital Trust
    Society Church School College Hospital Office Board Team Labs Studios Insurance
    Enterprises Network Communications Electric Steel Metals Mining Paper Shipping
    Railways Rail Foods Brands Pharmaceuticals Bureau Assembly Parliament Senate
    Congress Government Administration Organisation Organization Alliance Federation"""
)
#: Last words of buildings that speak for who sits in them ("Scotland Yard said").
_FACILITY_WORDS = word_set(
    "House Palace Hall Street Square Yard Hill Building Tower Centre Center Castle"
)
_HONORIFICS = word_set("mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame")
#: Person titles that may stand right before a one-word name ("Minister X").
_TITLES = word_set(
    """president minister premier chancellor senator governor mayor judge ambassador
    secretary general admiral colonel captain commissioner spokesman spokeswoman"""
)
_SPEECH_LEMMAS = word_set(
    """say tell add explain insist acknowledge admit concede recall reply respond
    testify warn argue write ask urge note stress claim deny"""
)
#: Words before a name that make it a place ("near" and "outside" do not: "stood near
#: Anna Berg", "outside Anna Berg’s house").
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:(?:up|down)stream|(?:north|south|east|west)(?:-?(?:east|west))?|outskirts"
    r"|residents|inhabitants|streets|centre|center)\s+of\s+$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_’'.]*(?:[-‐][^\W\d_][^\W\d_’'.]*)*\.?$")


def source_key(source: str | None) -> str:
    """Name key of an article's outlet: "valley-wire", "www.bbc.co.uk" -> "valleywire", "bbc"."""
    if not source:
        return ""
    text = source.strip().removeprefix("www.")
    if "." in text and " " not in text:
        text = text.split(".")[0]
    return name_key(text)


def is_person_shaped(text: str, *, min_words: int = 1, place_words: bool = True) -> bool:
    """One to four capitalised words, no digits, no gazetteer or organisation name.

    With ``place_words`` False, a name made with a place word ("Brenham Falls") is not
    person-shaped either; a role next to it still makes "Mayor Ada Creek" a person.
    """
    words = text.split()
    if not min_words <= len(words) <= 4:
        return False
    for word in words:
        if word.lower() in NAME_PARTICLES:
            continue
        if not _NAME_WORD.match(word) or not word[0].isupper() or word.isupper():
            return False
    last = words[-1]
    if last in _ORGANISATION_WORDS or last in OUTLET_WORDS:
        return False  # "Halvorsen Chemicals", "Valley Wire"
    if not place_words and is_place_name(text):
        return False
    return gazetteer().lookup(text) is None


def is_place_name(text: str, *, natural: bool = False) -> bool:
    """A name made with a place word: "Brenham Falls", "Port Aldine", "Lake Orla".

    With ``natural``, only a natural place's last word counts: "Manchester City", "Cook
    County" or "Mount Sinai" labelled ORG may be a club, a government or a hospital.
    """
    words = text.split()
    if len(words) < 2 or words[-1] in _ORGANISATION_WORDS or words[-1] in OUTLET_WORDS:
        return False
    if natural:
        return words[-1] in NATURAL_PLACE_WORDS  # not "Mount Sinai", a hospital
    first = words[0] in PLACE_FIRST_WORDS and words[1][:1].isupper()
    return words[-1] in PLACE_LAST_WORDS or first


def is_outlet_name(text: str, source: str | None = None) -> bool:
    """The article's own outlet, or a name ending in a newspaper word ("Valley Wire")."""
    words = text.split()
    if not words:
        return False
    key = source_key(source)
    return bool(key and name_key(text) == key) or (len(words) >= 2 and words[-1] in OUTLET_WORDS)


def _word_before(doc: Doc, index: int, sentence_start: int) -> Token | None:
    return doc[index - 1] if index > sentence_start else None


def _role_next_to(doc: Doc, start: int, end: int, *, one_word: bool) -> bool:
    """A person-role noun or honorific right before the name or in apposition to it."""
    span = token_span(doc, start, end)
    if span is None or len(span) == 0:
        return False
    before = _word_before(doc, span.start, span.sent.start)
    if before is not None and not before.ent_type_ and before.text.strip():
        word = before.lower_
        if word in _HONORIFICS or word in _TITLES:
            return True
        if not one_word and word in STRICT_PERSON_ROLE_HEADS:
            return True
    if one_word:
        return False
    root = span.root
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and not head.ent_type_:
        return head.lower_ in STRICT_PERSON_ROLE_HEADS or _appositive_child(span)
    return _appositive_child(span)


def _appositive_child(span: Span) -> bool:
    root = span.root
    return any(
        child.dep_ == "appos"
        and child.i >= span.end
        and child.lower_ in STRICT_PERSON_ROLE_HEADS
        and not child.ent_type_
        for child in root.children
    )


def _speech_subject(doc: Doc, start: int, end: int) -> bool:
    span = token_span(doc, start, end)
    if span is None or len(span) == 0:
        return False
    root = span.root
    return bool(root.dep_ == "nsubj" and root.head.lemma_ in _SPEECH_LEMMAS)


_SOURCE_LEMMAS = _SPEECH_LEMMAS | word_set("report quote cite publish broadcast reveal confirm")
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def quoted_as_source(doc: Doc, start: int, end: int) -> bool:
    """The name is quoted as a source: subject of a speech or reporting verb ("Reuters
    reported", "the BBC said") or after "according to"."""
    if _ACCORDING_TO.search(doc_text(doc)[max(0, start - 20) : start]):
        return True
    span = token_span(doc, start, end)
    if span is None or len(span) == 0:
        return False
    root = span.root
    return bool(root.dep_ == "nsubj" and root.head.lemma_ in _SOURCE_LEMMAS)


def _after_newspaper_word(text: str, start: int) -> bool:
    words = text[max(0, start - 40) : start].split()
    return bool(words) and words[-1].lower().strip("“”\"'’,") in MEDIA_HEADS


def _person_evidence(doc: Doc, text: str, start: int, end: int) -> tuple[bool, bool]:
    """(a role or title next to the name, the name is the subject of a speech verb)."""
    one_word = len(text[start:end].split()) == 1
    return _role_next_to(doc, start, end, one_word=one_word), _speech_subject(doc, start, end)


def _corrected(
    full_text: str,
    label: str,
    span: tuple[int, int],
    evidence: tuple[bool, bool],
    personal: set[str],
    source: str | None,
) -> str:
    start, end = span
    text = full_text[start:end]
    by_role, by_speech = evidence
    shaped = is_person_shaped(text)
    if by_role and shaped:
        return "PERSON"
    if label != "ORG" and (
        (label != "PERSON" and is_outlet_name(text, source))
        or (source_key(source) and name_key(text) == source_key(source))
        or _after_newspaper_word(full_text, start)
    ):
        return "ORG"
    if (
        by_speech
        and label in _SPEECH_SUBJECT_LABELS
        and is_person_shaped(text, min_words=2, place_words=False)
        and not (label == "FAC" and text.split()[-1] in _FACILITY_WORDS)
    ):
        return "PERSON"
    if label in _PLACE_CORRECTED_LABELS and name_key(text) not in personal:
        before = full_text[max(0, start - 40) : start]
        if label == "ORG" and is_place_name(text, natural=True):
            return "LOC"
        if label == "PERSON" and (is_place_name(text) or _LOCATIVE_BEFORE.search(before)):
            return "LOC"
    return label


def corrected_labels(
    doc: Doc,
    spans: Sequence[tuple[EntityMention, tuple[int, int]]],
    source: str | None = None,
) -> list[str]:
    """The label each entity should have, given the words around it (see the module doc).

    ``spans`` pairs each entity with its trimmed name span; ``source`` is the article's
    outlet. The result is parallel to ``spans``.
    """
    text = doc_text(doc)
    evidence = [_person_evidence(doc, text, start, end) for _, (start, end) in spans]
    personal = {
        name_key(text[start:end])
        for (_, (start, end)), (by_role, by_speech) in zip(spans, evidence, strict=True)
        if by_role or by_speech
    }
    return [
        _corrected(text, entity.label, span, found, personal, source)
        for (entity, span), found in zip(spans, evidence, strict=True)
    ]
