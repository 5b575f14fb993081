"""Plain-text articles: title on the first line, ``source NAME`` on the last."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.errors import MalformedInputError
from storyline.ingest.text import parse_text_article
from tests.helpers import read_article
from tests.ingest.helpers import FIXTURES


@pytest.mark.shared
@pytest.mark.parametrize(
    ("number", "title", "outlet"),
    [
        ("000", "“Closest friend”: North Korea awaits Putin", "site-34"),
        (
            "004",
            "Before foreign trip: Fight against Ukraine: Putin praises North Korea’s support",
            "site-3",
        ),
    ],
)
def test_samples_give_title_and_outlet(
    samples: dict[str, Path], number: str, title: str, outlet: str
) -> None:
    article = read_article(samples[number])
    assert article.title == title
    assert article.source == outlet
    assert "source site" not in article.text
    assert not article.text.startswith(title)  # the title line is not part of the body
    assert article.published is None  # never from the file's time
    assert article.origin == str(samples[number])
    assert "\n\n" in article.text  # paragraphs stay separated for the clean stage


@pytest.mark.shared
def test_samples_user_date_and_outlet(samples: dict[str, Path]) -> None:
    article = read_article(samples["000"], published=date(2024, 6, 14), source="my-outlet")
    assert article.published == date(2024, 6, 14)
    assert article.source == "my-outlet"
    assert "source site-34" not in article.text


def test_fixture_text_file() -> None:
    article = read_article(FIXTURES / "plain.txt")
    assert article.title == "Harbour cafe reopens for the season"
    assert article.source == "site-99"
    assert article.text.startswith("The harbour cafe in Port Elnor opened")
    assert article.text.endswith("already.")
    assert article.text.count("\n\n") == 1


def test_source_line_variants_and_crlf() -> None:
    text = "A title\r\n\r\nFirst paragraph.\r\n\r\nSecond one.\r\nSource: Valley Herald\r\n"
    article = parse_text_article(text, origin="x.txt")
    assert article.source == "Valley Herald"
    assert article.text == "First paragraph.\n\nSecond one."


def test_no_source_line_gives_fallback_or_unknown() -> None:
    text = "A title\n\nOnly a body."
    assert parse_text_article(text, origin="x.txt").source == "unknown"
    from_url = parse_text_article(
        text,
        origin="https://h.example/a.txt",
        fallback_source="h.example",
        url="https://h.example/a.txt",
    )
    assert from_url.source == "h.example"
    assert from_url.url == "https://h.example/a.txt"


def test_one_line_file_is_its_own_body() -> None:
    article = parse_text_article("Storm warning for the coast tonight.\n", origin="x.txt")
    assert article.title == article.text == "Storm warning for the coast tonight."


def test_blank_text_is_malformed() -> None:
    with pytest.raises(MalformedInputError):
        parse_text_article("\n\n  \n", origin="x.txt")


def test_same_file_read_twice_has_same_id() -> None:
    first = read_article(FIXTURES / "plain.txt")
    second = read_article(FIXTURES / "plain.txt")
    assert first.id == second.id


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(
        "Caf\u00e9 reopens\n\nThe caf\u00e9 opened.\n\nsource site-7\n".encode(encoding)
    )
    article = read_article(path)
    assert article.title == "Caf\u00e9 reopens"
    assert article.text == "The caf\u00e9 opened."
    assert article.source == "site-7"
