"""HTML pages: article text without boilerplate, metadata, date from the page only."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import EncodingInputError, MalformedInputError
from storyline.ingest import read_target
from storyline.ingest.html import decode_html, html_fragment_to_text, parse_html_article
from tests.helpers import read_article
from tests.ingest.helpers import FIXTURES, page

LONG = (
    "The regional court in Vessby ruled on Thursday that the new wind farm may be built, "
    "rejecting a complaint by two villages that had argued the turbines were too close."
)


def test_metadata_of_a_news_page() -> None:
    article = read_article(FIXTURES / "article.html")
    assert article.title == "Harbour bridge reopens after storm repairs"
    assert article.source == "The Lakeside Courier"
    assert (
        article.url == "https://news.lakeside-courier.example/local/2024/03/harbour-bridge-reopens"
    )
    assert article.published == date(2024, 3, 12)
    assert article.language == "en"
    assert article.origin == str(FIXTURES / "article.html")


def test_page_text_keeps_paragraphs_and_headings() -> None:
    text = read_article(FIXTURES / "article.html").text
    blocks = text.split("\n\n")
    assert "Traffic limits stay in place for heavy trucks" in blocks  # heading on its own
    assert any(
        block.startswith("The old harbour bridge in Port Elnor reopened") for block in blocks
    )
    assert any(block.startswith("Mayor Elin Dovre said") for block in blocks)
    assert blocks[-1].startswith("Shop owners on the quay")
    assert all("\n" not in block for block in blocks)


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Subscribe now",
        "Sport",
        "Related stories",
        "cookies",
        "All rights reserved",
        "Privacy policy",
        "Courier archive",
        "window.analytics",
        "font-family",
    ],
)
def test_page_text_drops_boilerplate(boilerplate: str) -> None:
    assert boilerplate not in read_article(FIXTURES / "article.html").text


def test_date_never_comes_from_the_file_time(tmp_path: Path) -> None:
    path = tmp_path / "undated.html"
    path.write_bytes(page("Wind farm ruling", LONG, LONG.replace("Thursday", "Friday")))
    stamp = date(2023, 5, 17)
    seconds = (stamp - date(1970, 1, 1)).days * 86400 + 43200
    os.utime(path, (seconds, seconds))
    assert read_article(path).published is None
    assert read_article(path, published=date(2024, 1, 9)).published == date(2024, 1, 9)


def test_copyright_year_is_not_a_publication_date() -> None:
    html = page("Wind farm ruling", LONG) + b"<p>&copy; 2021 Valley Herald</p>"
    assert parse_html_article(html, origin="p.html").published is None


def test_page_date_wins_over_user_date() -> None:
    html = page(
        "Wind farm ruling",
        LONG,
        extra_head=(
            "<meta property='article:published_time' content='2024-02-01T10:00:00+01:00'>"
            "<meta property='article:modified_time' content='2024-02-03T10:00:00+01:00'>"
        ),
    )
    article = parse_html_article(html, origin="p.html", published=date(2024, 5, 5))
    assert article.published == date(2024, 2, 1)  # the original date, not the update


def test_date_from_the_url_of_a_downloaded_page() -> None:
    url = "https://valley-herald.example/2024/02/08/wind-farm-ruling"
    article = parse_html_article(page("Wind farm ruling", LONG), origin=url, url=url)
    assert article.published == date(2024, 2, 8)
    assert article.url == url


def test_outlet_falls_back_to_the_host_then_user_source() -> None:
    html = page("Wind farm ruling", LONG)
    url = "https://www.valley-herald.example/news/wind"
    assert parse_html_article(html, origin=url, url=url).source == "valley-herald.example"
    assert parse_html_article(html, origin="p.html", source="VH").source == "VH"


def test_declared_latin1_page_is_decoded() -> None:
    html = page("Caf\u00e9 closes", LONG + " The caf\u00e9 owner said \u201cno\u201d.").decode()
    html = html.replace("charset='utf-8'", "charset='iso-8859-1'")
    data = html.encode("cp1252")
    article = parse_html_article(data, origin="p.html")
    assert article.title == "Caf\u00e9 closes"
    assert "The caf\u00e9 owner said \u201cno\u201d." in article.text


def test_charset_from_http_header_wins() -> None:
    data = page("Caf\u00e9", LONG).replace(b"charset='utf-8'", b"").decode().encode("latin-1")
    assert "Caf\u00e9" in decode_html(data, origin="u", charset="ISO-8859-1")


def test_undeclared_non_utf8_page_is_refused() -> None:
    data = page("Caf\u00e9", LONG).replace(b"<meta charset='utf-8'>", b"").decode()
    with pytest.raises(EncodingInputError, match=r"not valid UTF-8.*declares no charset"):
        parse_html_article(data.encode("latin-1"), origin="p.html")


def test_xhtml_with_xml_declaration() -> None:
    html = page("Wind farm ruling", LONG).decode().replace("<!DOCTYPE html>", "")
    html = html.replace("<meta charset='utf-8'>", "")
    data = ('<?xml version="1.0" encoding="utf-8"?>' + html).encode()
    assert parse_html_article(data, origin="p.xhtml").title == "Wind farm ruling"


def test_language_from_the_page() -> None:
    html = page("Windpark darf gebaut werden", LONG).replace(b"lang='en'", b"lang='de-DE'")
    assert parse_html_article(html, origin="p.html").language == "de"


def test_line_break_inside_a_paragraph_does_not_split_a_sentence() -> None:
    html = page(
        "Wind farm ruling", "The court said the turbines<br>may be built next year. " + LONG
    )
    text = parse_html_article(html, origin="p.html").text
    assert "The court said the turbines may be built next year." in text


def test_page_without_article_is_malformed() -> None:
    (result,) = read_target(str(FIXTURES / "nav_only.html"))
    assert isinstance(result.error, MalformedInputError)
    assert "no article text" in result.error.message


def test_page_of_plain_words_without_markup_is_malformed() -> None:
    with pytest.raises(MalformedInputError):
        parse_html_article(b"<html><body></body></html>", origin="p.html")


def test_fragment_to_text() -> None:
    fragment = (
        "<p>First &amp; foremost, the ferry<br/>runs again.</p><script>var x = 1;</script>"
        "<h2>Timetable</h2><ul><li>Monday: 7:00</li><li>Friday: 9:00</li></ul>tail words"
    )
    assert html_fragment_to_text(fragment) == (
        "First & foremost, the ferry runs again.\n\nTimetable\n\nMonday: 7:00\n\n"
        "Friday: 9:00\n\ntail words"
    )
    assert html_fragment_to_text("") == ""


def test_cms_page_with_json_ld_ads_comments_and_newsletter() -> None:
    article = read_article(FIXTURES / "cms_article.html")
    assert article.title == "Vessby council backs wind farm despite protests"
    assert article.source == "Valley Herald"
    assert article.published == date(2024, 2, 20)  # datePublished, not dateModified
    assert (
        article.url
        == "https://www.valley-herald.example/news/vessby-council-backs-wind-farm-123456"
    )
    assert article.language == "en"  # from lang="en-GB"
    blocks = article.text.split("\n\n")
    assert blocks[0].startswith("The municipal council of Vessby approved")
    assert "Residents consider legal action" in blocks
    assert blocks[-1].startswith("Construction is expected to begin next spring")
    for boilerplate in (
        "Advertisement",
        "Sign up",
        "morning briefing",
        "About time",
        "Most read",
        "bakery",
        "partners store",
        "Share on",
        "Skip to content",
        "Cookie settings",
    ):
        assert boilerplate not in article.text


@pytest.mark.timeout(20, method="signal")  # a hang check: it needs milliseconds
@pytest.mark.parametrize("junk", ["<a " * 20_000, "<![" * 1000, "<!--" * 1000])
def test_fragment_of_unclosed_tags_is_read_at_once(junk: str) -> None:
    """html.parser took a minute on 60 KB of "<a " and raised AssertionError on "<![";
    the fragment's text before them is kept."""
    assert html_fragment_to_text(f"<p>First words.</p>{junk}").startswith("First words.")


def test_fragment_keeps_text_after_comments_and_skips_scripts() -> None:
    fragment = "<p>One <!-- note --> two</p><script>x()</script>three<br>four"
    assert html_fragment_to_text(fragment) == "One two\n\nthree four"
