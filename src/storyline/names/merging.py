"""How actors merge, written once for the article level and the corpus level.

The primitives (a union-find over mention or actor indexes, initials and acronyms) and
the policies both levels share:

- kind: when mentions of several kinds are one actor, the kind with the most weight
  wins (the corpus counts mentions, an article counts each kind once); ties go by
  ``KIND_PRIORITY`` (country, person, organisation, group, place);
- name: the most complete form (most words), then the most used (each level says how
  it counts use), then the one written with care (diacritics, hyphens: "Tomás",
  "Lars-Erik"), then the first;
- aliases: every other spelling a reader may search for is kept, "Tomas" beside
  "Tomás" and "Choe Son Hui" beside "Choe Son-hui"; only a change of case is the same
  alias. Spellings that fold together are counted together for the order (most used
  first), so a variant stands next to the form it varies;
- ids: ``kind:slug`` of the name, numbered from 2 when taken ("person:kim-2").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from storyline.model import ActorKind
from storyline.names.gazetteer import fold_text
from storyline.names.keys import slug, word_count, word_set

__all__ = [
    "KIND_PRIORITY",
    "UnionFind",
    "acronym_letters",
    "best_name",
    "distinct_aliases",
    "initials",
    "main_kind",
    "names_starting_with",
    "unique_id",
]

#: Which kind wins when mentions of several kinds are one actor (and weigh the same).
KIND_PRIORITY = (
    ActorKind.COUNTRY,
    ActorKind.PERSON,
    ActorKind.ORGANISATION,
    ActorKind.GROUP,
    ActorKind.PLACE,
)
_ACRONYM = re.compile(r"^[A-Z](?:\.?[A-Z]){1,6}\.?$")
_MINOR_WORDS = word_set("of the and for on in de du la")
_WORD_BREAKS = re.compile(r"[\s\-‐]+")

Item = TypeVar("Item")


class UnionFind:
    """Disjoint sets of the indexes ``0 .. size - 1``; a set is named by its smallest index."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def clusters(self, indexes: Iterable[int]) -> set[int]:
        """The sets these indexes belong to."""
        return {self.find(i) for i in indexes}

    def members(self, items: Sequence[Item]) -> list[list[Item]]:
        """``items`` (one per index) grouped by set: each group and the groups in the
        order of ``items``."""
        groups: dict[int, list[Item]] = {}
        for index, item in enumerate(items):
            groups.setdefault(self.find(index), []).append(item)
        return list(groups.values())


def initials(name: str) -> str:
    """The capital initials of a name's words, minor words left out:
    "International Atomic Energy Agency" -> "IAEA", "Bank of England" -> "BE"."""
    words = [w for w in _WORD_BREAKS.split(name) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0] for w in words).upper()


def acronym_letters(text: str) -> str | None:
    """The letters of an acronym ("IAEA", "U.N." -> "UN"), or None when it is none."""
    return text.replace(".", "") if _ACRONYM.match(text) else None


def names_starting_with(
    names: Iterable[tuple[int, Sequence[str]]],
) -> dict[tuple[str, ...], list[int]]:
    """For each proper start of the names' words, the indexes of the names that start
    with it: how a short organisation name ("Apple") finds the longer one it may be short
    for ("Apple Inc."), with one look-up instead of a comparison with every name."""
    starting_with: dict[tuple[str, ...], list[int]] = {}
    for index, words in names:
        for size in range(1, len(words)):
            starting_with.setdefault(tuple(words[:size]), []).append(index)
    return starting_with


def main_kind(weights: Mapping[ActorKind, int]) -> ActorKind:
    """The kind with the most weight; ties go by ``KIND_PRIORITY``."""
    top = max(weights.values())
    return next(kind for kind in KIND_PRIORITY if weights.get(kind) == top)


def _care(name: str) -> int:
    """Letters with diacritics and hyphens: "Tomás", "Lars-Erik" are written with care."""
    return sum(1 for c in name if not c.isascii() or c in "-‐")


def best_name(
    candidates: Iterable[Item],
    name: Callable[[Item], str],
    use: Callable[[Item], tuple[int, ...]],
    position: Callable[[Item], int],
) -> Item:
    """The candidate with the best name (see the module doc): most words, then most
    ``use``, then most care, then the smallest ``position``."""
    return max(
        candidates,
        key=lambda c: (word_count(name(c)), use(c), _care(name(c)), -position(c)),
    )


def distinct_aliases(forms: Iterable[str], name: str) -> tuple[str, ...]:
    """The other spellings of an actor named ``name`` (see the module doc), most used first."""
    forms = list(forms)
    counts = Counter(fold_text(form) for form in forms)
    seen = {name.casefold()}
    aliases = []
    for form in sorted(forms, key=lambda f: -counts[fold_text(f)]):
        if form.casefold() not in seen:
            seen.add(form.casefold())
            aliases.append(form)
    return tuple(aliases)


def unique_id(kind: ActorKind, name: str, used: set[str]) -> str:
    """A readable id not in ``used`` (which it joins): ``person:vladimir-putin``."""
    base = f"{kind.value}:{slug(name)}"
    key, number = base, 2
    while key in used:
        key, number = f"{base}-{number}", number + 1
    used.add(key)
    return key
