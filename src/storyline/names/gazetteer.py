"""A small hand-written gazetteer: countries, capitals, seats, demonyms, institutions.

The data lives in ``storyline/data/countries.txt`` and ``storyline/data/institutions.txt``
(written for storyline, nothing downloaded). Names are looked up by ``gazetteer_key``:
case, diacritics, punctuation and a leading "the" do not matter, so "the Kremlin",
"Kremlin" and "KREMLIN" are one entry, as are "U.S." and "US".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from storyline.errors import DataError
from storyline.model import ActorKind

__all__ = [
    "Country",
    "EntryKind",
    "Gazetteer",
    "GazetteerEntry",
    "Institution",
    "gazetteer",
    "gazetteer_key",
]

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
#: Longest phrase, in words, that ``find_country`` looks for inside a text.
MAX_PHRASE_WORDS = 6


@lru_cache(maxsize=65536)
def fold_text(text: str) -> str:
    """Lower-cased text without diacritics, with straight apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("’", "'").replace("‘", "'").casefold()


@lru_cache(maxsize=65536)
def gazetteer_key(text: str) -> str:
    """Lookup key of a name: folded, hyphens as spaces, other punctuation and 'the' gone."""
    folded = fold_text(text).replace("-", " ").replace("‐", " ")
    folded = _NOT_WORD.sub("", folded.replace("'s ", " ").removesuffix("'s"))
    folded = _SPACES.sub(" ", folded).strip()
    return _LEADING_THE.sub("", folded)


class EntryKind(StrEnum):
    """What a gazetteer name is."""

    COUNTRY = "country"  # the country's name or another name of it ("DPRK")
    CAPITAL = "capital"  # a capital or seat-of-government city ("Moscow")
    SEAT = "seat"  # a building standing for the government ("the Kremlin")
    DEMONYM = "demonym"  # "Russian", "Russians"
    INSTITUTION = "institution"  # "UN Security Council", "KCNA"


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Institution:
    name: str
    aliases: tuple[str, ...]
    kind: ActorKind
    country: str | None


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """What a name stands for: ``canonical`` is the country or institution name."""

    kind: EntryKind
    canonical: str
    country: str | None  # the country it belongs to (for a country: itself)
    actor_kind: ActorKind
    surface: str  # the name as the gazetteer writes it ("Kremlin", "Moscow")


def _split_list(column: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in column.split(";") if part.strip())


def _data_lines(filename: str) -> Iterator[tuple[int, list[str]]]:
    try:
        text = resources.files("storyline").joinpath("data", filename).read_text("utf-8")
    except OSError as error:
        raise DataError(f"cannot read the built-in gazetteer {filename}: {error}") from error
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, [column.strip() for column in line.split("|")]


def _parse_countries() -> tuple[Country, ...]:
    countries = []
    for number, columns in _data_lines("countries.txt"):
        if len(columns) != 5 or not columns[0]:
            raise DataError(f"countries.txt line {number}: expected 5 columns")
        name, aliases, capitals, seats, demonyms = columns
        countries.append(
            Country(
                name=name,
                aliases=_split_list(aliases),
                capitals=_split_list(capitals),
                seats=_split_list(seats),
                demonyms=_split_list(demonyms),
            )
        )
    return tuple(countries)


def _parse_institutions(country_names: set[str]) -> tuple[Institution, ...]:
    institutions = []
    for number, columns in _data_lines("institutions.txt"):
        if len(columns) != 4 or not columns[0]:
            raise DataError(f"institutions.txt line {number}: expected 4 columns")
        name, aliases, kind, country = columns
        if kind not in (ActorKind.ORGANISATION, ActorKind.GROUP):
            raise DataError(f"institutions.txt line {number}: unknown kind {kind!r}")
        if country and country not in country_names:
            raise DataError(f"institutions.txt line {number}: unknown country {country!r}")
        institutions.append(
            Institution(name, _split_list(aliases), ActorKind(kind), country or None)
        )
    return tuple(institutions)


class Gazetteer:
    """Countries and institutions, looked up by ``gazetteer_key``."""

    def __init__(
        self, countries: tuple[Country, ...], institutions: tuple[Institution, ...]
    ) -> None:
        self.countries: Mapping[str, Country] = {c.name: c for c in countries}
        self.institutions = institutions
        self._entries: dict[str, GazetteerEntry] = {}
        for country in countries:
            self._add_country(country)
        for institution in institutions:
            self._add_institution(institution)

    def _add(self, surface: str, entry: GazetteerEntry) -> None:
        # the first entry for a key wins: a country's own names before others' capitals
        self._entries.setdefault(gazetteer_key(surface), entry)

    def _add_country(self, country: Country) -> None:
        name = country.name
        for surface in (name, *country.aliases):
            self._add(
                surface,
                GazetteerEntry(EntryKind.COUNTRY, name, name, ActorKind.COUNTRY, surface),
            )
        groups = (
            (EntryKind.CAPITAL, country.capitals),
            (EntryKind.SEAT, country.seats),
            (EntryKind.DEMONYM, country.demonyms),
        )
        for kind, surfaces in groups:
            actor_kind = ActorKind.GROUP if kind is EntryKind.DEMONYM else ActorKind.COUNTRY
            for surface in surfaces:
                self._add(surface, GazetteerEntry(kind, name, name, actor_kind, surface))

    def _add_institution(self, institution: Institution) -> None:
        for surface in (institution.name, *institution.aliases):
            entry = GazetteerEntry(
                EntryKind.INSTITUTION,
                institution.name,
                institution.country,
                institution.kind,
                surface,
            )
            self._add(surface, entry)

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry a whole name stands for ("the Kremlin" -> Russia's seat), or None."""
        return self._entries.get(gazetteer_key(text))

    def surfaces(self, *kinds: EntryKind) -> Iterator[GazetteerEntry]:
        """Every entry of the given kinds (all kinds when none is given)."""
        for entry in self._entries.values():
            if not kinds or entry.kind in kinds:
                yield entry

    def find_country(self, text: str) -> str | None:
        """The country a phrase points to through a demonym, name or seat inside it.

        "Russian Foreign Minister" -> "Russia", "Kremlin chief" -> "Russia",
        "US State Department spokesman" -> "United States"; the longest phrase wins.
        """
        words = [(word, gazetteer_key(word)) for word in text.replace("-", " ").split()]
        words = [(word, key) for word, key in words if key]
        keys = [key for _, key in words]
        for size in range(min(MAX_PHRASE_WORDS, len(words)), 0, -1):
            for first in range(len(words) - size + 1):
                if not words[first][0][:1].isupper():
                    continue  # "car maker" is not the Central African Republic
                entry = self._entries.get(" ".join(keys[first : first + size]))
                if entry is None or entry.country is None:
                    continue
                if entry.kind is not EntryKind.INSTITUTION or size > 1:
                    return entry.country
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The built-in gazetteer, read once per process."""
    countries = _parse_countries()
    return Gazetteer(countries, _parse_institutions({c.name for c in countries}))
