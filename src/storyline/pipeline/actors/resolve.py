"""The actors of one article: people, organisations, countries, groups and places.

Mentions (``actor_mentions``) are grouped into actors:

- same key: same folded name ("Choe Son-hui" = "Choe Son Hui"), same country;
- a surname alone joins the full name it is short for ("Putin" -> "Vladimir Putin",
  "Kim" -> "Kim Jong Un"); when two people share it, the nearest full name before it;
- "the People's Republic (North Korea)" and "International Atomic Energy Agency
  (IAEA)": a parenthesis names the same actor; an acronym joins its spelled-out name;
- "the Foreign Ministry" joins the one country's foreign ministry the article names;
- "Apple" joins "Apple Inc." when no other organisation starts with "Apple".

Name, kind, aliases and key follow the policies both levels share
(``storyline.names.merging``): a gazetteer name when the article uses one, else the
most complete form, then the one written most often, then with diacritics or hyphens
("Tomás"), then the first; every other spelling ("Tomas") is an alias.

Metonymy: a capital standing for its government ("Moscow said") and a seat of
government ("the Kremlin", "the White House") are mentions of the *country* actor
("Russia"), so "who said what" names the country and keeps the surface form ("Moscow",
"Kremlin") among its aliases and in the statement's speaker text. A capital used as a
place ("talks in Moscow") is a separate place actor whose ``country`` is Russia.
Demonyms used as modifiers ("Russian flags") are no actors.

Labels: spaCy's label is corrected from the words around a name before anything else
(``actor_labels``): "Its chief executive, Lars-Erik Brandt" is a person even when
tagged PRODUCT, "near Brenham Falls" a place even when tagged PERSON, "seen by Valley
Wire" an outlet. "the Foreign Ministry" with no country in its name takes the one
country acting in its sentence ("Moscow said ...", ``actor_context``).

Roles come from titles and appositions ("Russian Foreign Minister Sergei Lavrov");
definite descriptions ("the Kremlin chief", "the Russian president", "the special
counsel") become mentions of the one person whose role matches them (head and every
modifier; a country in the description must be the person's). A person's ``country``
is the country of their roles (their affiliation); a country actor's ``country`` is itself.

Role policy (how ``ArticleActor.roles`` read):

- as written, case kept ("Environment Minister", "hydrologist", "Committee chair"),
  without a leading determiner or possessive pronoun ("the", "a", "its", "his");
- a common-noun possessor is no part of the role: "the company’s chief executive" is
  "chief executive"; a named possessor stays ("North Korea’s state news agency");
- when a possessor or generic owner noun ("its", "the company’s", "Company
  spokeswoman") stands for the one organisation or country named just before, the role
  names it: "chief executive of Halvorsen Chemicals", "spokeswoman of Halvorsen
  Chemicals"; unresolved, "Company spokeswoman" stays as written;
- "Hydrologist Tomás Ferreira of the University of Brenham": the role is
  "Hydrologist, University of Brenham"; the university stays an actor of its own;
- ``role_spans`` point at the words written next to the name ("chief executive"); a
  role is that text, or that text with ", X" or " of X" added;
- a role inside another one is left out ("President" beside "Russian President",
  "chief executive" beside "chief executive of Halvorsen Chemicals").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.model import ActorKind, ArticleActor, EntityMention
from storyline.names.gazetteer import gazetteer, gazetteer_key
from storyline.names.keys import is_surname_first, name_key, name_words, short_forms, word_count
from storyline.names.merging import (
    UnionFind,
    acronym_letters,
    best_name,
    distinct_aliases,
    initials,
    main_kind,
    names_starting_with,
    unique_id,
)
from storyline.names.people import honorific_before, honorifics_conflict, merge_compatible_names
from storyline.names.roles import ranked_roles
from storyline.pipeline.actors.context import (
    Anchor,
    Role,
    government_mentions,
    place_government_bodies,
    role_text,
)
from storyline.pipeline.actors.mentions import Mention, collect_mentions, scan_mentions
from storyline.pipeline.actors.roles import (
    LEADER_HEADS,
    ORGANISATION_ROLE_HEADS,
    PERSON_ROLE_HEADS,
    definite_descriptions,
    role_spans,
)
from storyline.pipeline.doctext import doc_text
from storyline.pipeline.sentences import SentenceIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_actors"]


# --------------------------------------------------------------------------- grouping


def _merge_same_keys(mentions: Sequence[Mention], groups: UnionFind) -> None:
    """Same key, same actor; a surname two full names share ("Varn" of "Osric Varn"
    and "Mirela Varn") is left to ``_merge_people``, mention by mention."""
    owners: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.kind is ActorKind.PERSON and word_count(mention.text) >= 2:
            for form in short_forms(mention.text):
                owners.setdefault(form, set()).add(mention.key)
    first_of: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        shared = mention.kind is ActorKind.PERSON and word_count(mention.text) == 1
        if shared and len(owners.get(name_key(mention.text), ())) > 1:
            continue
        groups.union(first_of.setdefault(mention.key, index), index)


def _merge_people(text: str, mentions: Sequence[Mention], groups: UnionFind) -> None:
    """Surnames and partial names join the full name they are short for; a less
    complete full name joins the one it fits (``names.people``); never across an
    honorific of the other gender ("Mrs Varn" is not "Mr Varn")."""
    people = [i for i, m in enumerate(mentions) if m.kind is ActorKind.PERSON]
    merge_compatible_names(
        [(i, mentions[i].text) for i in people if word_count(mentions[i].text) >= 2], groups
    )
    honorifics: dict[int, set[str]] = {}
    honorific_of = {i: honorific_before(text, mentions[i].start) for i in people}
    for i, honorific in honorific_of.items():
        if honorific:
            honorifics.setdefault(groups.find(i), set()).add(honorific)
    full = [(i, mentions[i], short_forms(mentions[i].text)) for i in people]
    full = [f for f in full if word_count(f[1].text) >= 2]
    for index in people:
        mention = mentions[index]
        key, words = name_key(mention.text), set(name_words(mention.text))
        size = word_count(mention.text)
        own = {h for h in (honorific_of[index],) if h}
        candidates = [
            (i, m)
            for i, m, forms in full
            if word_count(m.text) > size
            and (key in forms or _is_partial_name(words, m.text))
            and not honorifics_conflict(own, honorifics.get(groups.find(i), set()))
        ]
        if len(groups.clusters(i for i, _ in candidates)) > 1:
            before = [c for c in candidates if c[1].start < mention.start]
            nearest = max(before, key=lambda c: c[1].start) if before else None
            candidates = [nearest or min(candidates, key=lambda c: c[1].start)]
        if candidates:
            root_a, root_b = groups.find(candidates[0][0]), groups.find(index)
            joined = honorifics.pop(root_a, set()) | honorifics.pop(root_b, set())
            groups.union(root_a, root_b)
            if joined:
                honorifics[groups.find(root_a)] = joined


def _is_partial_name(words: set[str], full_name: str) -> bool:
    full_words = name_words(full_name)
    if len(words) < 2 or not words < set(full_words):
        return False
    surname = full_words[0] if is_surname_first(full_name) else full_words[-1]
    return surname in words


def _compatible_in_parenthesis(first: Mention, second: Mention) -> bool:
    kinds = {first.kind, second.kind}
    if ActorKind.PERSON in kinds:
        return False
    return len(kinds) == 1 or kinds == {ActorKind.COUNTRY, ActorKind.PLACE}


def _merge_parentheses(text: str, mentions: Sequence[Mention], groups: UnionFind) -> None:
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    for a, b in itertools.pairwise(order):
        first, second = mentions[a], mentions[b]
        if (
            re.fullmatch(r"\s*\(\s*", text[first.end : second.start])
            and re.match(r"\s*\)", text[second.end :])
            and _compatible_in_parenthesis(first, second)
        ):
            groups.union(a, b)


def _merge_acronyms(mentions: Sequence[Mention], groups: UnionFind) -> None:
    kinds = (ActorKind.ORGANISATION, ActorKind.GROUP)
    named = [(i, m) for i, m in enumerate(mentions) if m.kind in kinds]
    for index, mention in named:
        letters = acronym_letters(mention.text)
        if letters is None or word_count(mention.text) != 1:
            continue
        matches = groups.clusters(i for i, m in named if i != index and initials(m.text) == letters)
        if len(matches) == 1:
            groups.union(matches.pop(), index)


def _merge_organisation_prefixes(mentions: Sequence[Mention], groups: UnionFind) -> None:
    """'Apple' joins 'Apple Inc.' and 'Ford' 'Ford Motor Company' when it is the only one."""
    named = [
        (i, m, tuple(name_words(m.text)))
        for i, m in enumerate(mentions)
        if m.kind is ActorKind.ORGANISATION and m.source != "description"
    ]
    starting_with = names_starting_with((i, words) for i, _, words in named)
    for index, mention, words in named:
        longer = groups.clusters(
            i
            for i in starting_with.get(words, [])
            if not (mention.canonical and mentions[i].canonical != mention.canonical)
        )
        if len(longer) == 1:
            groups.union(longer.pop(), index)


def _merge_unplaced_organisations(mentions: Sequence[Mention], groups: UnionFind) -> None:
    """'the Foreign Ministry' joins 'Russian Foreign Ministry' when it is the only one."""
    placed: dict[str, list[int]] = {}
    for index, mention in enumerate(mentions):
        base, _, country = mention.key.partition("@")
        if country:
            placed.setdefault(base, []).append(index)
    for index, mention in enumerate(mentions):
        owners = placed.get(mention.key, [])
        if "@" not in mention.key and len({mentions[i].key for i in owners}) == 1:
            groups.union(owners[0], index)


def _group(text: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    groups = UnionFind(len(mentions))
    _merge_same_keys(mentions, groups)
    _merge_people(text, mentions, groups)
    _merge_parentheses(text, mentions, groups)
    _merge_acronyms(mentions, groups)
    _merge_organisation_prefixes(mentions, groups)
    _merge_unplaced_organisations(mentions, groups)
    clusters = [sorted(m, key=lambda x: (x.start, x.end)) for m in groups.members(mentions)]
    return sorted(clusters, key=lambda c: c[0].start)


# --------------------------------------------------------------------------- one actor


@dataclass
class _Draft:
    """An actor being built from its mentions."""

    mentions: list[Mention]
    kind: ActorKind
    roles: list[Role] = field(default_factory=list)

    @property
    def country(self) -> str | None:
        if self.kind is ActorKind.COUNTRY:
            return next((m.canonical for m in self.mentions if m.canonical), None)
        countries = [m.country for m in self.mentions if m.country]
        if self.kind is ActorKind.PERSON or not countries:
            countries += [role.country for role in self.roles if role.country]
        return Counter(countries).most_common(1)[0][0] if countries else None

    @property
    def name(self) -> str:
        canonical = [m.canonical for m in self.mentions if m.canonical and m.kind is self.kind]
        if canonical:
            return Counter(canonical).most_common(1)[0][0]
        names = [m for m in self.mentions if m.source != "description" and m.kind is self.kind]
        names = names or [m for m in self.mentions if m.source != "description"] or self.mentions
        counts = Counter(m.text for m in names)
        best = best_name(names, lambda m: m.text, lambda m: (counts[m.text],), lambda m: m.start)
        return best.text

    def role_heads(self) -> set[str]:
        return {gazetteer_key(role.written).split()[-1] for role in self.roles}

    def role_words(self) -> set[str]:
        return {word for role in self.roles for word in gazetteer_key(role.written).split()}


def _draft(mentions: list[Mention]) -> _Draft:
    kinds = {m.kind for m in mentions if m.source != "description"} or {m.kind for m in mentions}
    return _Draft(mentions, main_kind(dict.fromkeys(kinds, 1)))


def _add_roles(doc: Doc, drafts: Sequence[_Draft], sentences: SentenceIndex) -> None:
    anchors = [
        Anchor(m.start, m.end, draft.kind, draft.name, draft.country)
        for draft in drafts
        for m in draft.mentions
    ]
    text = doc_text(doc)
    for draft in drafts:
        if draft.kind is ActorKind.PERSON:
            heads: Container[str] = PERSON_ROLE_HEADS
        elif draft.kind is ActorKind.ORGANISATION:
            heads = ORGANISATION_ROLE_HEADS
        else:
            continue
        for mention in draft.mentions:
            if mention.kind is draft.kind and mention.source != "description":
                for role in role_spans(doc, mention.start, mention.end, heads):
                    draft.roles.append(role_text(text, role, mention.end, anchors, sentences))


def _distinct_spans(mentions: Sequence[Mention]) -> tuple[tuple[int, int], ...]:
    spans = sorted({(m.start, m.end) for m in mentions})
    inside = {s for s in spans for o in spans if o != s and o[0] <= s[0] and s[1] <= o[1]}
    return tuple(s for s in spans if s not in inside)


def _aliases(draft: _Draft, name: str) -> tuple[str, ...]:
    texts = (m.text if m.source != "description" else _lower_the(m.text) for m in draft.mentions)
    return distinct_aliases(texts, name)


def _lower_the(text: str) -> str:
    return "the" + text[3:] if text[:4] == "The " else text


# --------------------------------------------------------------------------- descriptions


def _country_words(country: str) -> set[str]:
    entry = gazetteer().countries[country]
    surfaces = (entry.name, *entry.aliases, *entry.demonyms, *entry.seats, *entry.capitals)
    return {word for surface in surfaces for word in gazetteer_key(surface).split()}


def _described_person(drafts: Sequence[_Draft], head: str, modifiers: str) -> _Draft | None:
    country = gazetteer().find_country(modifiers)
    if country is None:
        return _role_holder(drafts, head, set(gazetteer_key(modifiers).split()))
    others = set(gazetteer_key(modifiers).split()) - _country_words(country)
    matches = []
    for draft in drafts:
        if draft.kind is not ActorKind.PERSON or draft.country != country:
            continue
        heads = draft.role_heads()
        leads = head in LEADER_HEADS and bool(heads & LEADER_HEADS)
        if leads or (head in heads and others <= draft.role_words()):
            matches.append(draft)
    return matches[0] if len(matches) == 1 else None


def _role_holder(drafts: Sequence[_Draft], head: str, modifiers: set[str]) -> _Draft | None:
    """ "the president", "the special counsel": the one person of the article whose
    roles have that head and every modifier ("special"); None when several or none."""
    matches = [
        draft
        for draft in drafts
        if draft.kind is ActorKind.PERSON
        and head in draft.role_heads()
        and modifiers <= draft.role_words()
    ]
    return matches[0] if len(matches) == 1 else None


def _add_descriptions(doc: Doc, drafts: Sequence[_Draft]) -> None:
    names = [(m.start, m.end) for d in drafts if d.kind is ActorKind.PERSON for m in d.mentions]
    for description in definite_descriptions(doc, PERSON_ROLE_HEADS):
        if any(s < description.end and description.start < e for s, e in names):
            continue
        draft = _described_person(drafts, description.head, description.modifiers)
        if draft is not None:
            draft.mentions.append(
                Mention(
                    description.start,
                    description.end,
                    description.text,
                    ActorKind.PERSON,
                    draft.mentions[0].key,
                    source="description",
                )
            )


# --------------------------------------------------------------------------- public


def _actor(draft: _Draft, used: set[str]) -> ArticleActor:
    name = draft.name
    roles = ranked_roles(sorted(draft.roles, key=lambda r: r.start), lambda r: r.text)
    return ArticleActor(
        key=unique_id(draft.kind, name, used),
        name=name,
        kind=draft.kind,
        mentions=_distinct_spans(draft.mentions),
        aliases=_aliases(draft, name),
        roles=tuple(role.text for role in roles),
        role_spans=tuple((role.start, role.end) for role in roles),
        country=draft.country,
    )


def extract_actors(
    doc: Doc,
    entities: Iterable[EntityMention],
    source: str | None = None,
    *,
    sentences: SentenceIndex | None = None,
) -> tuple[ArticleActor, ...]:
    """The actors of one article from its spaCy ``doc`` and the entities found in it.

    ``source`` is the article's outlet: its name in the text is an organisation.
    ``sentences`` is the nlp stage's index of the doc (built here when not given).
    """
    entities = tuple(entities)
    sentences = SentenceIndex(doc) if sentences is None else sentences
    mentions = collect_mentions(doc, entities, source)
    mentions += government_mentions(doc)
    mentions += scan_mentions(doc, entities, mentions)
    mentions = place_government_bodies(doc, mentions, sentences)
    drafts = [_draft(cluster) for cluster in _group(doc_text(doc), mentions)]
    _add_roles(doc, drafts, sentences)
    _add_descriptions(doc, drafts)
    used: set[str] = set()
    return tuple(_actor(draft, used) for draft in drafts)
