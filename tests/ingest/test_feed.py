"""RSS and Atom feeds: one article per entry; teasers completed from their pages."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.errors import EmptyInputError, FetchError, MalformedInputError
from storyline.ingest import offline_fetcher, read_target
from storyline.ingest.common import ReadResult
from storyline.ingest.feed import SUMMARY_MAX_CHARS, parse_feed
from storyline.model import Article
from tests.ingest.helpers import FIXTURES, FakeFetcher, page

MILL = "https://valley-herald.example/2024/04/05/mill-fire"
LIBRARY = "https://valley-herald.example/2024/04/04/library-hours"
MILL_PAGE = page(
    "Mill fire under control",
    "Firefighters brought a blaze at the old paper mill in Vessby under control overnight, "
    "after it had burned for almost nine hours.",
    "Nobody was hurt, the fire brigade said on Friday morning. The cause of the fire is "
    "not yet known; investigators will enter the building once it has cooled down.",
)
LIBRARY_PAGE = page(
    "Library extends opening hours",
    "The town library will stay open until eight in the evening on weekdays from May, "
    "the culture committee decided on Wednesday.",
    "Students had asked for longer hours for months. The extra staff costs will be paid "
    "from the budget for the closed branch library in the old school.",
)


def articles(results: list[ReadResult]) -> list[Article]:
    found = [result.article for result in results if result.article is not None]
    assert len(found) == len(results), [result.error for result in results]
    return found


def test_rss_with_full_content_needs_no_download() -> None:
    fetch = FakeFetcher({})
    results = list(read_target(str(FIXTURES / "full.rss"), fetch=fetch))
    ferry, _storm = articles(results)
    assert fetch.calls == []
    assert ferry.title == "Ferry timetable changes from May"
    assert ferry.source == "The Lakeside Courier"
    assert ferry.url == "https://news.lakeside-courier.example/local/ferry-timetable"
    assert ferry.published == date(2024, 4, 2)  # the outlet's local date, not UTC
    assert ferry.language == "en"
    blocks = ferry.text.split("\n\n")
    assert blocks[0].startswith("The lake ferry between Port Elnor and Vessby")
    assert "Commuters worried" in blocks
    assert len(blocks) == 4
    assert results[0].origin == f"{FIXTURES / 'full.rss'}#1"
    assert ferry.origin == results[0].origin


def test_rss_source_element_names_the_outlet() -> None:
    storm = articles(list(read_target(str(FIXTURES / "full.rss"), fetch=FakeFetcher({}))))[1]
    assert storm.source == "The Valley Herald"
    assert storm.published == date(2024, 3, 27)


def test_atom_feed() -> None:
    school, lanes = articles(list(read_target(str(FIXTURES / "news.atom"), fetch=offline_fetcher)))
    assert school.title == "School reopens after heating repairs"  # html title flattened
    assert school.source == "Northern Lakes Radio – News"
    assert school.published == date(2024, 4, 2)  # published, not the later update
    assert school.url == "https://radio.northern-lakes.example/news/school-reopens"
    assert school.text.count("\n\n") == 1
    assert "“better than anyone expected”" in school.text
    assert lanes.published == date(2024, 4, 1)  # only <updated>: used as the date
    assert lanes.text.startswith("The town council of Port Elnor voted")
    assert lanes.text.count("\n\n") == 1  # plain-text content keeps its lines


def test_teasers_are_completed_from_their_pages() -> None:
    fetch = FakeFetcher({MILL: MILL_PAGE, LIBRARY: LIBRARY_PAGE})
    results = list(read_target(str(FIXTURES / "teasers.rss"), fetch=fetch))
    mill, library = articles(results)
    assert fetch.calls == [MILL, LIBRARY]
    assert "after it had burned for almost nine hours" in mill.text
    assert "Nobody was hurt" in mill.text
    assert "Home" not in mill.text
    assert "Privacy policy" not in mill.text
    assert mill.title == "Mill fire under control"  # the feed's metadata is kept
    assert mill.source == "Valley Herald"
    assert mill.published == date(2024, 4, 5)
    assert "culture committee" in library.text
    assert all(not result.warnings for result in results)


def test_failed_download_keeps_the_summary_with_a_warning() -> None:
    fetch = FakeFetcher({LIBRARY: LIBRARY_PAGE})  # the mill page is missing (HTTP 404)
    mill_result, library_result = list(read_target(str(FIXTURES / "teasers.rss"), fetch=fetch))
    assert mill_result.article is not None
    assert mill_result.article.text.startswith("Firefighters brought a blaze")
    assert len(mill_result.warnings) == 1
    assert MILL in mill_result.warnings[0]
    assert "HTTP 404" in mill_result.warnings[0]
    assert library_result.article is not None
    assert "culture committee" in library_result.article.text  # a 404 blocks no other page


def test_unreachable_host_is_not_asked_again() -> None:
    down = FetchError("timed out after 20 s", path=MILL)
    fetch = FakeFetcher({MILL: down, LIBRARY: LIBRARY_PAGE})
    results = list(read_target(str(FIXTURES / "teasers.rss"), fetch=fetch))
    assert fetch.calls == [MILL]
    assert "skipped" in results[1].warnings[0]
    assert all(result.article is not None for result in results)


def test_page_without_article_keeps_the_summary() -> None:
    fetch = FakeFetcher({MILL: (FIXTURES / "nav_only.html").read_bytes()})
    first = next(read_target(str(FIXTURES / "teasers.rss"), fetch=fetch))
    assert first.article is not None
    assert first.article.text.startswith("Firefighters brought a blaze")
    assert "no article text" in first.warnings[0]


def test_offline_keeps_summaries_without_warnings() -> None:
    results = list(read_target(str(FIXTURES / "teasers.rss"), fetch=offline_fetcher))
    mill, library = articles(results)
    assert (
        library.text == "The town library will stay open until eight in the evening.\n\nRead more"
    )
    assert len(mill.text) < SUMMARY_MAX_CHARS
    assert all(not result.warnings for result in results)


def test_user_source_replaces_and_user_date_fills() -> None:
    xml = (
        b"<rss version='2.0'><channel><title>Herald</title>"
        b"<item><title>A</title><description>Dated entry text.</description>"
        b"<pubDate>Mon, 01 Apr 2024 10:00:00 +0000</pubDate></item>"
        b"<item><title>B</title><description>Undated entry text.</description></item>"
        b"</channel></rss>"
    )
    results = list(
        parse_feed(
            xml, origin="f.rss", source="VH", published=date(2024, 4, 9), fetch=offline_fetcher
        )
    )
    dated, undated = articles(results)
    assert dated.source == undated.source == "VH"
    assert dated.published == date(2024, 4, 1)
    assert undated.published == date(2024, 4, 9)


def test_relative_links_resolve_against_the_feed_url() -> None:
    xml = (
        b"<rss version='2.0'><channel><title>Herald</title><item><title>A</title>"
        b"<link>/news/a</link><description>Entry text.</description></item></channel></rss>"
    )
    result = next(
        parse_feed(xml, origin="u", feed_url="https://herald.example/rss", fetch=offline_fetcher)
    )
    assert result.article is not None
    assert result.article.url == "https://herald.example/news/a"


def test_outlet_falls_back_to_the_host() -> None:
    xml = (
        b"<rss version='2.0'><channel><link>https://www.herald.example/</link>"
        b"<item><title>A</title><description>Entry text.</description></item></channel></rss>"
    )
    result = next(parse_feed(xml, origin="f.rss", fetch=offline_fetcher))
    assert result.article is not None
    assert result.article.source == "herald.example"


def test_entry_without_text_is_an_error_and_others_go_on() -> None:
    xml = (
        b"<rss version='2.0'><channel><title>Herald</title>"
        b"<item><title>Only a title</title></item>"
        b"<item><title>B</title><description>Entry text.</description></item>"
        b"</channel></rss>"
    )
    empty, good = list(parse_feed(xml, origin="f.rss", fetch=offline_fetcher))
    assert isinstance(empty.error, EmptyInputError)
    assert empty.origin == "f.rss#1"
    assert empty.error.path == "f.rss#1"
    assert good.article is not None


def test_not_well_formed_feed_with_entries_warns_once() -> None:
    xml = (
        b"<rss version='2.0'><channel><title>Herald</title>"
        b"<item><title>A</title><description>First entry text.</description></item>"
        b"<item><title>B</title><description>Second entry & text.</description></item>"
    )
    first, second = list(parse_feed(xml, origin="f.rss", fetch=offline_fetcher))
    assert first.article is not None
    assert second.article is not None
    assert "not well-formed" in first.warnings[0]
    assert not second.warnings


def test_broken_feed_is_malformed() -> None:
    (result,) = read_target(str(FIXTURES / "broken.rss"))
    assert isinstance(result.error, MalformedInputError)
    assert "not a valid RSS or Atom feed" in result.error.message


def test_html_is_not_a_feed() -> None:
    with pytest.raises(MalformedInputError, match="an HTML page, not an RSS or Atom feed"):
        list(parse_feed((FIXTURES / "article.html").read_bytes(), origin="p.rss"))


def test_feed_without_entries_is_empty() -> None:
    xml = b"<?xml version='1.0'?><rss version='2.0'><channel><title>H</title></channel></rss>"
    with pytest.raises(EmptyInputError, match="no entries"):
        list(parse_feed(xml, origin="f.rss"))
