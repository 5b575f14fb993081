"""The built-in gazetteer of countries, capitals, seats, demonyms and institutions."""

from __future__ import annotations

import pytest

from storyline.model import ActorKind
from storyline.names.gazetteer import EntryKind, gazetteer, gazetteer_key


def test_it_knows_about_two_hundred_countries() -> None:
    countries = gazetteer().countries
    assert len(countries) >= 195
    assert countries["Russia"].capitals == ("Moscow",)
    assert "Kremlin" in countries["Russia"].seats


@pytest.mark.parametrize(
    ("name", "kind", "canonical"),
    [
        ("the United States", EntryKind.COUNTRY, "United States"),
        ("U.S.", EntryKind.COUNTRY, "United States"),
        ("USA", EntryKind.COUNTRY, "United States"),
        ("UK", EntryKind.COUNTRY, "United Kingdom"),
        ("DPRK", EntryKind.COUNTRY, "North Korea"),
        ("North Korea’s", EntryKind.COUNTRY, "North Korea"),
        ("the Kremlin", EntryKind.SEAT, "Russia"),
        ("Elysée Palace", EntryKind.SEAT, "France"),
        ("Downing Street", EntryKind.SEAT, "United Kingdom"),
        ("Blue House", EntryKind.SEAT, "South Korea"),
        ("Kyiv", EntryKind.CAPITAL, "Ukraine"),
        ("Kiev", EntryKind.CAPITAL, "Ukraine"),
        ("Pyongyang", EntryKind.CAPITAL, "North Korea"),
        ("North Korean", EntryKind.DEMONYM, "North Korea"),
        ("Russians", EntryKind.DEMONYM, "Russia"),
        ("the UN Security Council", EntryKind.INSTITUTION, "UN Security Council"),
        ("KCNA", EntryKind.INSTITUTION, "KCNA"),
    ],
)
def test_lookup(name: str, kind: EntryKind, canonical: str) -> None:
    entry = gazetteer().lookup(name)
    assert entry is not None
    assert (entry.kind, entry.canonical) == (kind, canonical)


def test_institutions_know_their_country_and_kind() -> None:
    state_department = gazetteer().lookup("State Department")
    assert state_department is not None
    assert state_department.country == "United States"
    assert state_department.actor_kind is ActorKind.ORGANISATION
    west = gazetteer().lookup("the West")
    assert west is not None
    assert west.actor_kind is ActorKind.GROUP


def test_unknown_names_are_not_found() -> None:
    assert gazetteer().lookup("Atlantis") is None
    assert gazetteer().lookup("") is None


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("Russian Foreign Minister", "Russia"),
        ("Kremlin chief", "Russia"),
        ("US State Department spokesman", "United States"),
        ("North Korean leader", "North Korea"),
        ("North Korea’s state news agency", "North Korea"),
        ("spokesman", None),
        ("car maker", None),  # lower case: not the Central African Republic
    ],
)
def test_find_country_in_a_phrase(phrase: str, country: str | None) -> None:
    assert gazetteer().find_country(phrase) == country


def test_key_ignores_case_punctuation_and_article() -> None:
    assert gazetteer_key("The Kremlin") == gazetteer_key("KREMLIN")
    assert gazetteer_key("Côte d'Ivoire") == gazetteer_key("Cote d’Ivoire")
    assert gazetteer_key("Guinea-Bissau") == "guinea bissau"
