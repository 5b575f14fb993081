"""The merging primitives and policies both actor levels share."""

from __future__ import annotations

import pytest

from storyline.model import ActorKind
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


def test_union_find_names_a_set_by_its_smallest_index() -> None:
    groups = UnionFind(5)
    groups.union(3, 1)
    groups.union(4, 3)
    assert [groups.find(i) for i in range(5)] == [0, 1, 2, 1, 1]
    assert groups.clusters([1, 3, 4]) == {1}
    assert groups.clusters([0, 4]) == {0, 1}
    assert groups.members("abcde") == [["a"], ["b", "d", "e"], ["c"]]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("International Atomic Energy Agency", "IAEA"),
        ("Bank of England", "BE"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("Co-operation Council", "COC"),  # a hyphen breaks words
        ("Lars‐Erik", "LE"),  # a Unicode one too
    ],
)
def test_initials_leave_minor_words_out(name: str, expected: str) -> None:
    assert initials(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("IAEA", "IAEA"), ("U.N.", "UN"), ("U.S.A", "USA"), ("Iaea", None), ("A", None)],
)
def test_acronym_letters(text: str, expected: str | None) -> None:
    assert acronym_letters(text) == expected


def test_names_starting_with_a_shorter_name() -> None:
    names = [(0, ("apple", "inc")), (1, ("apple",)), (4, ("ford", "motor", "company"))]
    starting_with = names_starting_with(names)
    assert starting_with[("apple",)] == [0]
    assert starting_with[("ford", "motor")] == [4]
    assert ("apple", "inc") not in starting_with  # a name does not start itself


def test_main_kind_is_the_heaviest_then_the_first_by_priority() -> None:
    assert main_kind({ActorKind.PLACE: 3, ActorKind.COUNTRY: 1}) is ActorKind.PLACE
    assert main_kind({ActorKind.PLACE: 2, ActorKind.COUNTRY: 2}) is ActorKind.COUNTRY
    assert main_kind({ActorKind.GROUP: 1, ActorKind.PERSON: 1}) is ActorKind.PERSON


def test_best_name_most_words_then_use_then_care_then_first() -> None:
    def pick(*candidates: tuple[str, int]) -> str:
        ordered = list(enumerate(candidates))
        best = best_name(ordered, lambda c: c[1][0], lambda c: (c[1][1],), lambda c: c[0])
        return best[1][0]

    assert pick(("Putin", 9), ("Vladimir Putin", 1)) == "Vladimir Putin"
    assert pick(("Tomás Ferreira", 1), ("Tomas Ferreira", 2)) == "Tomas Ferreira"
    assert pick(("Tomas Ferreira", 1), ("Tomás Ferreira", 1)) == "Tomás Ferreira"
    assert pick(("Choe Son Hui", 1), ("Choe Son-hui", 1)) == "Choe Son-hui"  # as many words
    assert pick(("Anna Berg", 1), ("Anna Borg", 1)) == "Anna Berg"


def test_aliases_keep_every_spelling_but_not_a_change_of_case() -> None:
    forms = ["Tomás Ferreira", "Tomas Ferreira", "TOMÁS FERREIRA", "Ferreira", "Ferreira"]
    assert distinct_aliases(forms, "Tomás Ferreira") == ("Tomas Ferreira", "Ferreira")
    assert distinct_aliases(["Choe Son Hui"], "Choe Son-hui") == ("Choe Son Hui",)
    assert distinct_aliases([], "Kim") == ()


def test_unique_id_numbers_a_taken_id() -> None:
    used: set[str] = set()
    ids = [unique_id(ActorKind.PERSON, "Kim", used) for _ in range(3)]
    assert ids == ["person:kim", "person:kim-2", "person:kim-3"]
    assert unique_id(ActorKind.PLACE, "Kim", used) == "place:kim"
