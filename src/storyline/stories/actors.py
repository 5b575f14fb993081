"""Actors across the corpus: the article actors of many articles merged into one index.

Two article actors are one corpus actor when

- their names fold to the same key (case, diacritics, apostrophes, hyphens and spaces
  do not count: "Choe Son-hui" = "CHOE Son Hui"), same kind, and no two different
  countries (organisations and places with the same name in two countries stay apart;
  one without a country joins the only one with);
- one is a surname-only person ("Kim" of an article that never writes the full name)
  and the corpus has exactly one person it is short for (the country of their roles
  decides between several); surnames that stay unresolved merge by name and country;
- an organisation's name is another's alias or acronym ("IAEA"), or the start of
  exactly one other organisation's name ("Apple" of "Apple Inc.").

An organisation's name counts without a leading name of its own country ("Russian
Foreign Ministry" of Russia = "Foreign Ministry" of Russia); clusters never join two
organisations of different countries.

The name shown is the most complete one (most words); among equally complete forms, the
exact form most articles write, then most mentions, then the one written with
diacritics or hyphens ("Tomás", "Lars-Erik"), then the first; every other spelling
("Tomas") is an alias. The article level follows the same policies, written once in
``storyline.names.merging``. Roles inside longer ones
go ("hydrologist" beside "Hydrologist, University of Brenham").

Countries stay one actor with their metonyms: the actors stage already made "Moscow"
(the government) and "the Kremlin" mentions of "Russia". Each actor keeps every
article's mentions as evidence ``(article id, start, end)``, every other name among its
aliases and every role, most frequent first. Ids are readable and stable for the same
corpus: ``person:vladimir-putin``, ``country:north-korea``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyline.errors import NotFoundError
from storyline.model import Actor, ActorKind, AnalyzedArticle, ArticleActor, Evidence
from storyline.names.gazetteer import EntryKind, gazetteer
from storyline.names.keys import name_key, name_words, short_forms, word_count
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

__all__ = ["ActorIndex", "resolve_actors"]


@dataclass(frozen=True)
class ActorIndex:
    """The corpus's actors, and which corpus actor each article actor belongs to."""

    actors: tuple[Actor, ...]
    by_key: Mapping[tuple[str, str], str]  # (article id, ArticleActor.key) -> Actor.id
    _by_id: Mapping[str, Actor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {actor.id: actor for actor in self.actors})

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id; raises ``NotFoundError`` when there is none."""
        try:
            return self._by_id[actor_id]
        except KeyError:
            raise NotFoundError(f"no actor {actor_id!r}") from None

    def speaker_of(self, article_id: str, key: str | None) -> str | None:
        """The corpus actor id of an article actor (a statement's speaker), or None."""
        if key is None:
            return None
        return self.by_key.get((article_id, key))

    def __len__(self) -> int:
        return len(self.actors)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One article actor, with the article it comes from."""

    article: AnalyzedArticle
    actor: ArticleActor
    order: int  # position in the corpus, for stable choices

    @property
    def base_key(self) -> str:
        name = self.actor.name
        if self.actor.kind is ActorKind.ORGANISATION and self.actor.country:
            name = _without_country_prefix(name, self.actor.country)
        return f"{self.actor.kind.value}:{name_key(name)}"  # initials count: H. W. / W.

    @property
    def is_surname(self) -> bool:
        return self.actor.kind is ActorKind.PERSON and word_count(self.actor.name) == 1


def _without_country_prefix(name: str, country: str) -> str:
    """'Russian Foreign Ministry' of Russia -> 'Foreign Ministry'."""
    words = name.split()
    for size in range(min(3, len(words) - 1), 0, -1):
        entry = gazetteer().lookup(" ".join(words[:size]))
        kinds = (EntryKind.COUNTRY, EntryKind.DEMONYM)
        if entry is not None and entry.kind in kinds and entry.country == country:
            return " ".join(words[size:])
    return name


# --------------------------------------------------------------------------- merging


def _merge_same_names(entries: Sequence[_Entry], indexes: Sequence[int], groups: UnionFind) -> None:
    """Same name and kind; a country-less one joins the single country-bound one."""
    by_name: dict[str, dict[str | None, list[int]]] = {}
    for index in indexes:
        entry = entries[index]
        full_person = entry.actor.kind is ActorKind.PERSON and not entry.is_surname
        country = None if full_person else entry.actor.country
        by_name.setdefault(entry.base_key, {}).setdefault(country, []).append(index)
    for countries in by_name.values():
        for members in countries.values():
            for index in members[1:]:
                groups.union(members[0], index)
        placed = [members for country, members in countries.items() if country is not None]
        if None in countries and len(placed) == 1:
            groups.union(countries[None][0], placed[0][0])


def _merge_surnames(entries: Sequence[_Entry], groups: UnionFind) -> list[int]:
    """'Kim' alone joins the one 'Kim Jong Un' of the corpus (see ``_surname_owner``).

    Returns the surname-only entries that stay unresolved.
    """
    short_for: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        if entry.actor.kind is ActorKind.PERSON and word_count(entry.actor.name) >= 2:
            for form in short_forms(entry.actor.name):
                short_for.setdefault(form, []).append(index)
    honorifics = _Honorifics(entries, groups)
    unresolved = []
    for index, entry in enumerate(entries):
        if not entry.is_surname:
            continue
        candidates = short_for.get(name_key(entry.actor.name), [])
        owner = _surname_owner(entries, index, candidates, groups, honorifics)
        if owner is None:
            unresolved.append(index)
        else:
            honorifics.union(owner, index)
    return unresolved


def _surname_owner(
    entries: Sequence[_Entry],
    index: int,
    candidates: Sequence[int],
    groups: UnionFind,
    honorifics: _Honorifics,
) -> int | None:
    """The one person a surname entry is short for: no honorific of the other gender
    ("Mrs Blair" is not Tony Blair's), then the same country, then a shared role
    ("President Trump"); None while several (or none) remain."""
    entry = entries[index]
    candidates = [i for i in candidates if not honorifics.conflict(i, index)]
    if len(groups.clusters(candidates)) > 1 and entry.actor.country:
        candidates = [i for i in candidates if entries[i].actor.country == entry.actor.country]
    if len(groups.clusters(candidates)) > 1 and entry.actor.roles:
        roles = {role.casefold() for role in entry.actor.roles}
        candidates = [
            i for i in candidates if roles & {r.casefold() for r in entries[i].actor.roles}
        ]
    return candidates[0] if candidates and len(groups.clusters(candidates)) == 1 else None


class _Honorifics:
    """The honorifics ("Mr", "Mrs") written before each cluster's mentions."""

    def __init__(self, entries: Sequence[_Entry], groups: UnionFind) -> None:
        self.groups = groups
        self.of: dict[int, set[str]] = {}
        for index, entry in enumerate(entries):
            if entry.actor.kind is ActorKind.PERSON:
                text = entry.article.article.text
                found = {honorific_before(text, start) for start, _ in entry.actor.mentions}
                found.discard(None)
                if found:
                    self.of.setdefault(groups.find(index), set()).update(
                        h for h in found if h is not None
                    )

    def conflict(self, first: int, second: int) -> bool:
        a, b = self.groups.find(first), self.groups.find(second)
        return honorifics_conflict(self.of.get(a, set()), self.of.get(b, set()))

    def union(self, first: int, second: int) -> None:
        """Join the two entries' clusters, and their honorifics."""
        a, b = self.groups.find(first), self.groups.find(second)
        merged = self.of.pop(a, set()) | self.of.pop(b, set())
        self.groups.union(a, b)
        if merged:
            self.of[self.groups.find(a)] = merged


def _merge_full_names(entries: Sequence[_Entry], groups: UnionFind) -> None:
    """'Regina Benjamin' joins the one compatible 'Regina M. Benjamin' (names.people)."""
    merge_compatible_names(
        [
            (index, entry.actor.name)
            for index, entry in enumerate(entries)
            if entry.actor.kind is ActorKind.PERSON and not entry.is_surname
        ],
        groups,
    )


def _merge_mislabelled_people(entries: Sequence[_Entry], groups: UnionFind) -> None:
    """An organisation or place named like a person of the corpus is that person
    (spaCy's label was wrong): "Donald Trump" as an organisation joins the person
    "Donald Trump"; "Trump" joins the one person it is short for when the corpus also
    writes "Trump" alone for that person."""
    full: dict[str, set[int]] = {}
    short: dict[str, set[int]] = {}
    alone: set[tuple[str, int]] = set()
    for index, entry in enumerate(entries):
        if entry.actor.kind is not ActorKind.PERSON:
            continue
        cluster = groups.find(index)
        if entry.is_surname:
            alone.add((name_key(entry.actor.name), cluster))
        else:
            full.setdefault(name_key(entry.actor.name), set()).add(cluster)
            for form in short_forms(entry.actor.name):
                short.setdefault(form, set()).add(cluster)
            for alias in entry.actor.aliases:
                if word_count(alias) == 1:
                    alone.add((name_key(alias), cluster))
    kinds = (ActorKind.ORGANISATION, ActorKind.PLACE, ActorKind.GROUP)
    for index, entry in enumerate(entries):
        if entry.actor.kind not in kinds or gazetteer().lookup(entry.actor.name) is not None:
            continue
        key = name_key(entry.actor.name)
        people = full.get(key, set())
        if not people and word_count(entry.actor.name) == 1:
            people = {c for c in short.get(key, set()) if (key, c) in alone}
        if len({groups.find(c) for c in people}) == 1:
            groups.union(people.pop(), index)


def _merge_organisation_aliases(entries: Sequence[_Entry], groups: UnionFind) -> None:
    """An organisation named by another's alias or acronym ("IAEA") is that one."""
    places = _Places(entries, groups)
    kinds = (ActorKind.ORGANISATION, ActorKind.GROUP)
    owners: dict[str, set[int]] = {}
    for index, entry in enumerate(entries):
        if entry.actor.kind in kinds:
            names = (entry.actor.name, *entry.actor.aliases)
            for alias in names:
                owners.setdefault(name_key(alias), set()).add(index)
            owners.setdefault(f"initials:{initials(entry.actor.name)}", set()).add(index)
    for index, entry in enumerate(entries):
        if entry.actor.kind not in kinds:
            continue
        linked = set(owners.get(name_key(entry.actor.name), set()))
        letters = acronym_letters(entry.actor.name)
        if letters is not None:
            linked |= owners.get(f"initials:{letters}", set())
        linked.discard(index)
        if linked and len(groups.clusters(linked)) == 1:
            places.join(min(linked), index)


class _Places:
    """Joins clusters only when they hold no two different countries."""

    def __init__(self, entries: Sequence[_Entry], groups: UnionFind) -> None:
        self.groups = groups
        self.countries: dict[int, set[str]] = {}
        for index, entry in enumerate(entries):
            if entry.actor.country:
                self.countries.setdefault(groups.find(index), set()).add(entry.actor.country)

    def join(self, first: int, second: int) -> None:
        a, b = self.groups.find(first), self.groups.find(second)
        merged = self.countries.get(a, set()) | self.countries.get(b, set())
        if a != b and len(merged) <= 1:
            self.groups.union(a, b)
            self.countries[self.groups.find(a)] = merged


def _merge_organisation_prefixes(entries: Sequence[_Entry], groups: UnionFind) -> None:
    """'Apple' of one article joins 'Apple Inc.' of another when nothing else fits."""
    places = _Places(entries, groups)
    names = [
        (index, tuple(name_words(entry.actor.name)))
        for index, entry in enumerate(entries)
        if entry.actor.kind is ActorKind.ORGANISATION
    ]
    starting_with = names_starting_with(names)
    for index, words in names:
        longer = starting_with.get(words, [])
        if longer and len(groups.clusters(longer)) == 1:
            places.join(longer[0], index)


# --------------------------------------------------------------------------- building


def _kind(entries: Sequence[_Entry]) -> ActorKind:
    weights = Counter[ActorKind]()
    for entry in entries:
        weights[entry.actor.kind] += len(entry.actor.mentions)
    return main_kind(weights)


def _form_use(entries: Sequence[_Entry]) -> tuple[Counter[str], Counter[str]]:
    """How many articles, and how many mentions, write each exact surface form."""
    articles: dict[str, set[str]] = {}
    mentions = Counter[str]()
    for entry in entries:
        text = entry.article.article.text
        for start, end in entry.actor.mentions:
            form = text[start:end]
            mentions[form] += 1
            articles.setdefault(form, set()).add(entry.article.id)
    return Counter({form: len(ids) for form, ids in articles.items()}), mentions


def _name(entries: Sequence[_Entry], kind: ActorKind) -> str:
    """The best name (``best_name``): use is the number of articles, then of mentions,
    that write the exact form."""
    named = [e for e in entries if e.actor.kind is kind] or list(entries)
    in_articles, in_mentions = _form_use(entries)
    best = best_name(
        named,
        lambda e: e.actor.name,
        lambda e: (in_articles[e.actor.name], in_mentions[e.actor.name]),
        lambda e: e.order,
    )
    return best.actor.name


def _aliases(entries: Sequence[_Entry], name: str) -> tuple[str, ...]:
    return distinct_aliases((f for e in entries for f in (e.actor.name, *e.actor.aliases)), name)


def _roles(entries: Sequence[_Entry]) -> tuple[str, ...]:
    """Distinct roles, used by most articles first (``ranked_roles``)."""
    written = (role for entry in entries for role in dict.fromkeys(entry.actor.roles))
    return tuple(ranked_roles(written, lambda role: role))


def _country(entries: Sequence[_Entry]) -> str | None:
    countries = Counter(e.actor.country for e in entries if e.actor.country)
    return countries.most_common(1)[0][0] if countries else None


def _mentions(entries: Sequence[_Entry]) -> tuple[Evidence, ...]:
    evidence = {
        (entry.order, entry.article.id, start, end)
        for entry in entries
        for start, end in entry.actor.mentions
    }
    return tuple((article_id, start, end) for _, article_id, start, end in sorted(evidence))


def _build(entries: Sequence[_Entry], used: set[str]) -> Actor:
    kind = _kind(entries)
    name = _name(entries, kind)
    actor_id = unique_id(kind, name, used)
    return Actor(
        id=actor_id,
        name=name,
        kind=kind,
        aliases=_aliases(entries, name),
        roles=_roles(entries),
        country=_country(entries),
        mentions=_mentions(entries),
    )


def resolve_actors(articles: Sequence[AnalyzedArticle]) -> ActorIndex:
    """Merge the article actors of a corpus into corpus actors (see the module doc)."""
    entries: list[_Entry] = []
    for article in articles:
        for article_actor in article.actors:
            entries.append(_Entry(article, article_actor, len(entries)))
    groups = UnionFind(len(entries))
    _merge_same_names(entries, [i for i, e in enumerate(entries) if not e.is_surname], groups)
    _merge_full_names(entries, groups)
    _merge_same_names(entries, _merge_surnames(entries, groups), groups)
    _merge_mislabelled_people(entries, groups)
    _merge_organisation_aliases(entries, groups)
    _merge_organisation_prefixes(entries, groups)
    used: set[str] = set()
    actors: list[Actor] = []
    by_key: dict[tuple[str, str], str] = {}
    for cluster in groups.members(entries):  # in corpus order
        actor = _build(cluster, used)
        actors.append(actor)
        for entry in cluster:
            by_key[(entry.article.id, entry.actor.key)] = actor.id
    actors.sort(key=lambda a: (-len(a.mentions), a.name, a.id))
    return ActorIndex(actors=tuple(actors), by_key=by_key)
