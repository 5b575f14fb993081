"""When two written names may be one person: given names, initials, suffixes, honorifics."""

from __future__ import annotations

import pytest

from storyline.model import ActorKind
from storyline.names.keys import short_forms, trim_name_span
from storyline.names.merging import UnionFind, unique_id
from storyline.names.people import (
    compatible_names,
    honorific_before,
    honorifics_conflict,
    merge_compatible_names,
)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Osric Varn", "Mirela Varn", False),  # other first name
        ("Edmund H. W. Tallis", "Edmund W. Tallis", False),  # other middle initials
        ("Edmund W. Tallis", "Edmund Walker Tallis", True),  # an initial and its word
        ("E. Tallis", "Edmund Tallis", True),
        ("Edmund Tallis", "Edmund W. Tallis", True),  # less complete: may be
        ("Corwin Hale", "Corwin Hale Jr.", False),  # the son
        ("Corwin Hale", "Corwin Vale", False),  # other surname
        ("Pak Jin-ho", "Pak Jin Ho", True),  # same key
    ],
)
def test_compatible_names(first: str, second: str, same: bool) -> None:
    assert compatible_names(first, second) is same
    assert compatible_names(second, first) is same


def _merged(names: list[str]) -> list[list[str]]:
    groups = UnionFind(len(names))
    merge_compatible_names(list(enumerate(names)), groups)
    return groups.members(names)


def test_a_less_complete_name_joins_only_the_one_it_fits() -> None:
    assert _merged(["Ada Kell", "Ada M. Kell", "Dorian Kell"]) == [
        ["Ada Kell", "Ada M. Kell"],
        ["Dorian Kell"],
    ]
    father_son = ["Edmund Tallis", "Edmund W. Tallis", "Edmund H. W. Tallis"]
    assert _merged(father_son) == [[name] for name in father_son]
    assert _merged(list(reversed(father_son))) == [[name] for name in reversed(father_son)]


def test_honorifics() -> None:
    text = "Mrs Varn and Mr. Varn"
    assert honorific_before(text, text.index("Varn")) == "mrs"
    assert honorific_before(text, text.rindex("Varn")) == "mr"
    assert honorific_before("Varn", 0) is None
    assert honorifics_conflict({"mrs"}, {"mr"})
    assert not honorifics_conflict({"mr"}, {"sir", "mr."})
    assert not honorifics_conflict(set(), {"mr"})


def test_a_suffix_is_no_surname() -> None:
    assert short_forms("Corwin Hale Jr.") == frozenset({"hale"})


def test_no_leading_hyphen_in_a_name_or_an_id() -> None:
    text = "said -Varn- today"
    start, end = trim_name_span(text, 5, 11)
    assert text[start:end] == "Varn"
    assert unique_id(ActorKind.PERSON, "-Osric Varn-", set()) == "person:osric-varn"
