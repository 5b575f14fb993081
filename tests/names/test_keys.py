"""Name variants: trimming, folding, short forms and slugs."""

from __future__ import annotations

import pytest

from storyline.names.keys import (
    is_surname_first,
    name_key,
    short_forms,
    slug,
    trim_name_span,
    word_count,
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the Kremlin", "Kremlin"),
        ("North Korea’s", "North Korea"),
        ("Putin's", "Putin"),
        ("the States’", "States"),
        ("“Rodong Sinmun”", "Rodong Sinmun"),
        ("the", "the"),  # nothing but the article: kept
    ],
)
def test_trim_name_span(text: str, name: str) -> None:
    padded = f"xx {text} yy"
    start, end = trim_name_span(padded, 3, 3 + len(text))
    assert padded[start:end] == name


def test_transliteration_variants_share_a_key() -> None:
    assert name_key("Choe Son-hui") == name_key("Choe Son Hui") == name_key("CHOE Sonhui")
    assert name_key("Erdoğan") == name_key("Erdogan")
    assert name_key("Putin") != name_key("Puti")


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Vladimir Putin", {"putin"}),
        ("Kim Jong Un", {"kim"}),
        ("Choe Son-hui", {"choe"}),
        ("Xi Jinping", {"xi", "jinping"}),
        ("Ursula von der Leyen", {"leyen", "vonderleyen"}),
        ("Bashar al-Assad", {"alassad", "assad"}),
        ("Putin", set()),
    ],
)
def test_short_forms(name: str, forms: set[str]) -> None:
    assert short_forms(name) == forms


def test_surname_first_needs_a_korean_or_chinese_shape() -> None:
    assert is_surname_first("Kim Jong Un")
    assert is_surname_first("Moon Jae-in")
    assert not is_surname_first("Kim Darroch")
    assert not is_surname_first("Matthew Miller")


def test_word_count_and_slug() -> None:
    assert word_count("Choe Son-hui") == word_count("Choe Son Hui") == 3
    assert slug("Choe Son-hui") == "choe-son-hui"
    assert slug("Côte d’Ivoire") == "cote-d-ivoire"
    assert slug("’’") == "unnamed"
