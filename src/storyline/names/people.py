"""When two written names of people may be one person: given names, initials, suffixes.

A full name is read as given parts, a surname and a generational suffix: "George H. W.
Bush" is (george, h, w) + bush, "Donald Trump Jr." is (donald) + trump + jr, "Kim Jong Un"
(surname first) is (jong, un) + kim. Two names of the same surname are *compatible*
when they may name one person:

- the first given parts agree, a word with its initial too ("G. Bush" ~ "George Bush");
  "Tony Blair" and "Cherie Blair" conflict;
- when both write middle parts, they agree one by one and are as many: "George W.
  Bush" ~ "George Walker Bush", but "George W. Bush" and "George H. W. Bush" conflict;
- the suffix is the same ("Donald Trump" and "Donald Trump Jr." conflict).

A less complete name ("Regina Benjamin") is the more complete one ("Regina M. Benjamin")
only where it is compatible with exactly one: "George Bush" beside both presidents stays
apart (precision first). Both levels (article and corpus) use these rules.

Honorifics carry a gender ("Mr" against "Mrs", "Ms", "Miss"): a surname written with
one never joins a person another mention names with the other.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from storyline.names.keys import NAME_SUFFIXES, is_surname_first, name_key, word_set
from storyline.names.merging import UnionFind

__all__ = [
    "FEMALE_HONORIFICS",
    "MALE_HONORIFICS",
    "PersonName",
    "compatible_names",
    "honorific_before",
    "honorifics_conflict",
    "merge_compatible_names",
    "person_name",
]

MALE_HONORIFICS = word_set("mr mr. sir lord")
FEMALE_HONORIFICS = word_set("mrs mrs. ms ms. miss dame lady madam")
_HONORIFIC_BEFORE = re.compile(r"\b(Mrs|Mr|Ms|Miss|Sir|Lord|Dame|Lady|Madam)\.?\s+$", re.I)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in parts, as name keys."""

    given: tuple[str, ...]
    surname: str
    suffix: str = ""


@lru_cache(maxsize=65536)
def person_name(name: str) -> PersonName | None:
    """The parts of a full name (two words or more), or None for a single word."""
    words = [w for w in name.replace(",", " ").split() if w]
    suffix = ""
    if len(words) > 2 and words[-1].lower() in NAME_SUFFIXES:
        suffix = name_key(words.pop())
    if len(words) < 2:
        return None
    if is_surname_first(" ".join(words)):
        surname, given_words = words[0], words[1:]
    else:
        surname, given_words = words[-1], words[:-1]
    given = tuple(part for w in given_words for part in _parts(w))
    key = name_key(surname)
    if not key or not given:
        return None
    return PersonName(given, key, suffix)


def _parts(word: str) -> list[str]:
    """Keys of a given word: "J.R." -> ["j", "r"], "Jong-un" -> ["jongun"]."""
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?", word):
        return [letter.lower() for letter in word if letter.isalpha()]
    key = name_key(word)
    return [key] if key else []


def _part_agrees(first: str, second: str) -> bool:
    if first == second:
        return True
    short, long = sorted((first, second), key=len)
    return len(short) == 1 and long.startswith(short)


def compatible_names(first: str, second: str) -> bool:
    """Two full names may be one person (see the module doc); same surname required."""
    if name_key(first) == name_key(second):
        return True
    a, b = person_name(first), person_name(second)
    if a is None or b is None or a.surname != b.surname or a.suffix != b.suffix:
        return False
    if not _part_agrees(a.given[0], b.given[0]):
        return False
    middle_a, middle_b = a.given[1:], b.given[1:]
    if middle_a and middle_b:
        if len(middle_a) != len(middle_b):
            return False
        return all(_part_agrees(x, y) for x, y in zip(middle_a, middle_b, strict=True))
    return True


def honorific_before(text: str, start: int) -> str | None:
    """The honorific written right before ``text[start:]`` ("Mrs"), lower case, or None."""
    match = _HONORIFIC_BEFORE.search(text[max(0, start - 8) : start])
    return match.group(1).lower() if match else None


def _gender(honorific: str) -> str | None:
    if honorific in MALE_HONORIFICS:
        return "m"
    if honorific in FEMALE_HONORIFICS:
        return "f"
    return None


def honorifics_conflict(first: set[str], second: set[str]) -> bool:
    """Two sets of honorifics name people of different genders ("mr" against "mrs")."""
    genders = {_gender(h) for h in first} - {None}
    others = {_gender(h) for h in second} - {None}
    return bool(genders and others and genders != others)


def merge_compatible_names(names: Sequence[tuple[int, str]], groups: UnionFind) -> None:
    """Join the sets of ``groups`` whose full names (``(index, name)``) are one person.

    A name joins another set only when it is compatible with that set alone, no name of
    either set is compatible with a third set, and all names of the two sets are
    pairwise compatible: "Regina Benjamin" joins "Regina M. Benjamin"; "George Bush"
    beside "George W. Bush" and "George H. W. Bush" joins neither, nor do those two.
    """
    by_surname: dict[str, dict[str, list[int]]] = {}
    for index, name in names:
        parts = person_name(name)
        if parts is not None:
            by_surname.setdefault(parts.surname, {}).setdefault(name, []).append(index)
    for written in by_surname.values():
        if len(written) > 1:
            _merge_one_surname(written, groups)


def _merge_one_surname(written: dict[str, list[int]], groups: UnionFind) -> None:
    names = list(written)
    sets_of = {name: {groups.find(i) for i in written[name]} for name in names}
    candidates: dict[str, set[int]] = {}
    for name in names:
        others = {s for other in names if compatible_names(name, other) for s in sets_of[other]}
        candidates[name] = others - sets_of[name]
    ambiguous = {s for name in names if len(candidates[name]) > 1 for s in sets_of[name]}
    for name in names:
        if len(candidates[name]) != 1 or len(sets_of[name]) != 1:
            continue
        (own,) = sets_of[name]
        (target,) = candidates[name]
        if own in ambiguous or target in ambiguous:
            continue
        own, target = groups.find(own), groups.find(target)
        members = [n for n in names if {groups.find(s) for s in sets_of[n]} & {own, target}]
        if all(compatible_names(a, b) for a, b in itertools.combinations(members, 2)):
            groups.union(own, target)
