"""One bad line, entry or file never loses its neighbours; no read waits forever.

Each case was found by trying bad inputs as a new user would; each goes through
``read_target``/``expand_inputs``, the entry points the product uses.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from storyline.errors import EncodingInputError, MalformedInputError, UnsupportedInputError
from storyline.ingest import ReadResult, expand_inputs, offline_fetcher, read_target
from tests.ingest.helpers import FIXTURES, FakeFetcher

#: A hang check, not a speed test: each case needs well under a second, and SIGALRM
#: stops even a regex or a blocking open() that never returns.
pytestmark = pytest.mark.timeout(20, method="signal")

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")

RSS_ITEM = (
    "<item><title>{title}</title><description>{title}: the council met on Monday and "
    "agreed the budget.</description>{date}</item>"
)


def read(target: Path | str, **options: object) -> list[ReadResult]:
    options.setdefault("fetch", offline_fetcher)
    return list(read_target(str(target), **options))  # type: ignore[arg-type]


def outcome(results: list[ReadResult]) -> list[tuple[str, bool]]:
    return [(result.origin, result.ok) for result in results]


# --------------------------------------------------------------------------- lines, entries


def test_jsonl_lone_surrogate_fails_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"text": "The ferry runs again."}),
        '{"text": "broken \\ud800 text"}',
        json.dumps({"text": "The bridge reopened."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read(path)
    assert outcome(results) == [(f"{path}:1", True), (f"{path}:2", False), (f"{path}:3", True)]
    error = results[1].error
    assert isinstance(error, EncodingInputError)
    assert str(error) == f"{path}:2: 'text' holds a lone surrogate (\\ud800 at character 8), " + (
        "not valid Unicode"
    )


@pytest.mark.parametrize("junk", [b"\x00", bytes(range(10)) * 20])
def test_jsonl_line_of_binary_junk_fails_only_its_line(tmp_path: Path, junk: bytes) -> None:
    """Found by the fuzz test: one NUL byte made the whole file "binary content"."""
    path = tmp_path / "wire.jsonl"
    good = json.dumps({"text": "The ferry runs again."}).encode()
    path.write_bytes(good + b"\n" + junk + b"\n" + good.replace(b"ferry", b"bridge") + b"\n")
    results = read(path)
    assert outcome(results) == [(f"{path}:1", True), (f"{path}:2", False), (f"{path}:3", True)]


def test_json_list_lone_surrogate_fails_only_its_item(tmp_path: Path) -> None:
    path = tmp_path / "wire.json"
    path.write_text(
        '[{"text": "Good one."}, {"text": "x", "title": "\\udc00"}, {"text": "Good two."}]',
        encoding="utf-8",
    )
    results = read(path)
    assert [result.ok for result in results] == [True, False, True]
    assert results[1].origin == f"{path}#2"
    assert "'title' holds a lone surrogate" in str(results[1].error)


def test_any_failure_in_a_line_stays_in_that_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only storyline's own errors: a library failing on one line spoils only it."""
    from storyline.ingest import jsonl

    real = jsonl.parse_json_record

    def fragile(record: object, **options: object) -> object:
        if isinstance(record, dict) and record.get("text") == "explode":
            raise OverflowError("date value out of range")
        return real(record, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonl, "parse_json_record", fragile)
    path = tmp_path / "wire.jsonl"
    texts = ["First.", "explode", "Third."]
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    results = read(path)
    assert [result.ok for result in results] == [True, False, True]
    assert str(results[1].error) == (
        f"{path}:2: cannot read (OverflowError: date value out of range)"
    )


def test_feed_entry_dated_year_zero_fails_only_its_entry(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    items = [
        RSS_ITEM.format(title="First", date="<pubDate>Mon, 03 Jun 2024 10:00:00 GMT</pubDate>"),
        RSS_ITEM.format(title="Second", date="<pubDate>0000-01-01</pubDate>"),
        RSS_ITEM.format(title="Third", date=""),
    ]
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{"".join(items)}'
        "</channel></rss>",
        encoding="utf-8",
    )
    results = read(path)
    assert outcome(results) == [(f"{path}#1", True), (f"{path}#2", False), (f"{path}#3", True)]
    assert str(results[1].error) == (
        f"{path}#2: cannot read date '0000-01-01' (year 0 is out of range)"
    )


# --------------------------------------------------------------------------- kinds of content


def test_rss_091_with_doctype_is_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"  # .xml: the reader is chosen by the content
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
        '0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">'
        "<channel><title>Old Wire</title><link>http://example.com/</link><description>d"
        "</description><language>en-us</language><item><title>Dam opens</title>"
        "<link>http://example.com/1</link><description>The new dam opened on Friday."
        "</description></item></channel></rss>",
        encoding="utf-8",
    )
    (result,) = read(path)
    assert result.article is not None, result.error
    assert result.article.source == "Old Wire"
    assert result.warnings == ()


def test_feed_over_http_is_not_called_ill_formed() -> None:
    url = "https://news.example/feed"
    for media in ("", "application/rss+xml", "text/html"):
        fetch = FakeFetcher({url: (FIXTURES / "full.rss").read_bytes()}, content_type=media)
        results = read(url, fetch=fetch)
        assert [result.ok for result in results] == [True, True]
        assert [result.warnings for result in results] == [(), ()], media


def test_text_file_of_only_a_source_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("source Wire\n", encoding="utf-8")
    (result,) = read(path)
    assert isinstance(result.error, MalformedInputError)
    assert str(result.error) == f"{path}: no text (only a source line)"


# --------------------------------------------------------------------------- special files


@posix_only
def test_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    (result,) = read(path)
    assert isinstance(result.error, UnsupportedInputError)
    assert str(result.error) == f"{path}: not a regular file (a named pipe)"


@posix_only
@pytest.mark.parametrize("suffix", ["pipe.jsonl", "pipe.rss", "pipe.html"])
def test_fifo_inside_a_folder_is_skipped_and_reported(tmp_path: Path, suffix: str) -> None:
    shutil.copy(FIXTURES / "plain.txt", tmp_path / "a.txt")
    os.mkfifo(tmp_path / f"b-{suffix}")
    shutil.copy(FIXTURES / "plain.txt", tmp_path / "c.txt")
    results = read(tmp_path)
    assert outcome(results) == [
        (str(tmp_path / "a.txt"), True),
        (str(tmp_path / f"b-{suffix}"), False),
        (str(tmp_path / "c.txt"), True),
    ]
    assert "not a regular file (a named pipe)" in str(results[1].error)


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_is_refused() -> None:
    (result,) = read("/dev/zero")
    assert str(result.error) == "/dev/zero: not a regular file (a character device)"


@posix_only
def test_link_loops_under_a_recursive_glob_end(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "plain.txt", tmp_path / "a.txt")
    for name in ("up", "up2", "up3"):  # each doubles the paths a link-following glob walks
        (tmp_path / "sub" / name).symlink_to("..")
    (tmp_path / "self").symlink_to("self")  # a link to itself
    pattern = f"{tmp_path}/**"
    assert expand_inputs([pattern]) == [str(tmp_path / "a.txt")]
    results = read(pattern)
    assert outcome(results) == [(str(tmp_path / "a.txt"), True)]


@posix_only
def test_a_file_reached_through_a_link_is_read_once(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "plain.txt", tmp_path / "a.txt")
    (tmp_path / "also.txt").symlink_to("a.txt")
    assert expand_inputs([str(tmp_path / "*.txt")]) == [str(tmp_path / "a.txt")]


@posix_only
def test_link_loop_named_directly_is_reported(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (result,) = read(tmp_path / "loop.txt")
    assert result.error is not None
    assert "symbolic links" in result.error.message


# --------------------------------------------------------------------------- inputs that hung
# Each took from a minute to hours before (a regex backtracking, html.parser on unclosed
# tags); the 20 s timeout of this module is hundreds of times what they need now.


def test_source_line_of_many_blanks(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(f"Dam opens\n\nThe dam opened.\n\nsource{' ' * 20000}a{' ' * 20000}b\n")
    (result,) = read(path)
    assert result.article is not None
    assert result.article.source == "unknown"  # not a source line: over 120 characters


def test_feed_entry_ending_in_a_long_run_of_dots(tmp_path: Path) -> None:
    path = tmp_path / "dots.rss"
    link = "<link>https://news.example/dots</link>"  # a teaser's page would be fetched
    item = RSS_ITEM.format(title="Dots", date=link).replace(
        "budget.", "budget" + "." * 200_000 + "x"
    )
    path.write_text(f"<rss version='2.0'><channel><title>T</title>{item}</channel></rss>")
    (result,) = read(path, fetch=FakeFetcher({}))
    assert result.article is not None


def test_feed_entry_of_broken_declarations(tmp_path: Path) -> None:
    """html.parser raised AssertionError on "<![": the entry was lost."""
    path = tmp_path / "tags.rss"
    content = f"<p>The council met on Monday and agreed the budget.</p>{'<![' * 20}"
    item = f"<item><title>Tags</title><description><![CDATA[{content}]]></description></item>"
    path.write_text(f"<rss version='2.0'><channel><title>T</title>{item}</channel></rss>")
    (result,) = read(path)
    assert result.article is not None, result.error
    assert result.article.text.startswith("The council met on Monday")


def test_page_with_many_unclosed_language_tags(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    head = "<meta property=og:locale " * 3000 + "<html lang=" + " " * 20_000
    path.write_text(
        f"<html><head>{head}</head><body><article><p>{'The council met. ' * 40}</p>"
        "</article></body></html>"
    )
    (result,) = read(path)
    assert result.article is not None, result.error
    assert result.article.language == "en"


def test_xml_file_starting_with_many_blanks(tmp_path: Path) -> None:
    path = tmp_path / "blank.xml"
    path.write_text(" " * 5000 + "plain words, no markup")
    (result,) = read(path)
    assert str(result.error) == f"{path}: XML that is neither an RSS/Atom feed nor a page"
