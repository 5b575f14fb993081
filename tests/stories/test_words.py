"""The content-word tokenizer and its three settings (grouping, timeline, ledger)."""

from __future__ import annotations

import pytest

from storyline.stories.words import (
    ContentWords,
    drop_plural_s,
    grouping_terms,
    ledger_words,
    light_singular,
    spacy_stop_words,
    timeline_terms,
    without_possessive,
)

TEXT = "The Kremlin’s 2024 missiles hit Kyiv's grid, officials said on Monday: a 3.5% rise."


def test_grouping_terms() -> None:
    # possessives go, numbers stay; news words ("said", "monday") and words or
    # numbers under three characters ("on", "a", "3.5") go
    assert grouping_terms(TEXT) == [
        "kremlin",
        "2024",
        "missile",
        "hit",
        "kyiv",
        "grid",
        "official",
        "rise",
    ]


def test_timeline_terms() -> None:
    # spaCy's stop words, no stemming, digits kept, one-letter tokens out
    assert timeline_terms(TEXT) == [
        "kremlin",
        "2024",
        "missiles",
        "hit",
        "kyiv",
        "grid",
        "officials",
        "said",
        "monday",
        "rise",
    ]


def test_ledger_words() -> None:
    # normalized as for ids (full-width letters fold), function words and "said" out
    words = ledger_words("Ｔhe talks of the ministers said NO to the kremlin’s 3 Plans")
    assert words == ["talk", "minister", "kremlin", "s", "3", "plan"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("missiles", "missile"),
        ("countries", "country"),
        ("churches", "church"),
        ("boxes", "box"),
        ("press", "press"),
        ("virus", "virus"),
        ("analysis", "analysis"),
        ("gas", "gas"),
    ],
)
def test_light_singular(word: str, expected: str) -> None:
    assert light_singular(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("talks", "talk"), ("press", "press"), ("gas", "gas"), ("virus", "viru")],
)
def test_drop_plural_s(word: str, expected: str) -> None:
    assert drop_plural_s(word) == expected


def test_without_possessive() -> None:
    assert without_possessive("kremlin’s") == "kremlin"
    assert without_possessive("it's late") == "it's late"


def test_stop_words_are_read_once_on_first_use() -> None:
    loads: list[int] = []

    def stop_words() -> frozenset[str]:
        loads.append(1)
        return frozenset({"the"})

    words = ContentWords(r"\w+", stop_words=stop_words, min_length=2)
    assert loads == []
    assert words("The cat and the hat, a b") == ["cat", "and", "hat"]
    assert words("the dog") == ["dog"]
    assert loads == [1]


def test_packaged_stop_words_are_spacys() -> None:
    """The copy timeline_terms reads (``tools/stop_words.py``) has not drifted from spaCy."""
    from spacy.lang.en.stop_words import STOP_WORDS

    assert spacy_stop_words() == frozenset(STOP_WORDS)
    assert timeline_terms.stop_words == frozenset(STOP_WORDS)
