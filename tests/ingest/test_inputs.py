"""Targets: files, directories, globs and URLs; dispatch by extension and content."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import BinaryInputError, FetchError, InputError, UnsupportedInputError
from storyline.ingest import ReadResult, expand_inputs, offline_fetcher, read_inputs, read_target
from tests.ingest.helpers import FIXTURES, FakeFetcher, page

LONG = (
    "The harbour master said on Sunday that the lake level had risen by forty centimetres "
    "in a week, and asked boat owners to check their moorings before the weekend."
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder with inputs of every kind, a subfolder, hidden and unknown files."""
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "plain.txt", tmp_path / "b.txt")
    shutil.copy(FIXTURES / "article.html", tmp_path / "sub" / "a.HTML")
    shutil.copy(FIXTURES / "full.rss", tmp_path / "sub" / "c.xml")
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nText.\n", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Git\n\nText.\n", encoding="utf-8")
    return tmp_path


def ok(results: list[ReadResult]) -> list[ReadResult]:
    assert all(result.ok for result in results), [result.error for result in results]
    return results


def test_directory_expands_recursively_to_known_files(tree: Path) -> None:
    assert expand_inputs([str(tree)]) == [
        str(tree / "b.txt"),
        str(tree / "sub" / "a.HTML"),
        str(tree / "sub" / "c.xml"),
    ]


def test_globs(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    assert expand_inputs(["*.txt"]) == ["b.txt"]
    assert expand_inputs(["**"]) == [
        "b.txt",
        os.path.join("sub", "a.HTML"),
        os.path.join("sub", "c.xml"),
    ]
    assert expand_inputs(["*.md"]) == ["notes.md"]  # an extension named by the user is read
    assert expand_inputs(["sub/*"]) == [os.path.join("sub", "a.HTML"), os.path.join("sub", "c.xml")]


def test_nothing_is_dropped_silently(tree: Path) -> None:
    empty = tree / "empty"
    empty.mkdir()
    targets = [
        str(tree / "missing.txt"),
        str(tree / "*.nothing"),
        str(empty),
        "https://h.example/x",
    ]
    assert expand_inputs(targets) == targets


def test_duplicates_are_dropped(tree: Path) -> None:
    name = str(tree / "b.txt")
    assert expand_inputs([name, str(tree), name]) == expand_inputs([str(tree)])


def test_reading_a_directory(tree: Path) -> None:
    results = ok(list(read_target(str(tree), fetch=offline_fetcher)))
    assert [result.origin for result in results] == [
        str(tree / "b.txt"),
        str(tree / "sub" / "a.HTML"),
        f"{tree / 'sub' / 'c.xml'}#1",
        f"{tree / 'sub' / 'c.xml'}#2",
    ]


def test_read_inputs_over_many_targets(tree: Path) -> None:
    results = list(read_inputs([str(tree / "b.txt"), str(tree / "nothing.txt")]))
    assert results[0].ok
    assert results[1].error is not None
    assert results[1].error.message == "no such file"


def test_empty_directory_and_unmatched_pattern_are_reported(tree: Path) -> None:
    (tree / "empty").mkdir()
    (empty,) = read_target(str(tree / "empty"))
    assert empty.error is not None
    assert "no readable files" in empty.error.message
    (unmatched,) = read_target(str(tree / "*.nothing"))
    assert unmatched.error is not None
    assert unmatched.error.message == "no file matches the pattern"


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ((FIXTURES / "full.rss").read_bytes(), "feed"),
        ((FIXTURES / "news.atom").read_bytes(), "feed"),
        ((FIXTURES / "article.html").read_bytes(), "html"),
        ((FIXTURES / "plain.txt").read_bytes(), "text"),
        ((FIXTURES / "articles.json").read_bytes(), "json"),
    ],
)
def test_unknown_extension_is_read_by_content(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "input.dat"
    path.write_bytes(content)
    results = ok(list(read_target(str(path), fetch=offline_fetcher)))
    origins = {"feed": f"{path}#1", "json": f"{path}#1"}
    assert results[0].origin == origins.get(kind, str(path))
    if kind == "html":
        assert results[0].article is not None
        assert results[0].article.source == "The Lakeside Courier"


def test_xml_that_is_no_feed_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(
        "<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>", encoding="utf-8"
    )
    (result,) = read_target(str(path))
    assert isinstance(result.error, UnsupportedInputError)


def test_user_date_and_source_for_every_kind() -> None:
    when, who = date(2024, 4, 30), "my-outlet"
    for name in ("plain.txt", "article.html", "full.rss", "articles.json"):
        results = [
            r
            for r in read_target(
                str(FIXTURES / name), published=when, source=who, fetch=offline_fetcher
            )
            if r.article
        ]
        assert results, name
        for result in results:
            assert result.article is not None
            assert result.article.source == who
    text = next(read_target(str(FIXTURES / "plain.txt"), published=when))
    assert text.article is not None
    assert text.article.published == when
    html = next(read_target(str(FIXTURES / "article.html"), published=when))
    assert html.article is not None
    assert html.article.published == date(2024, 3, 12)


# --------------------------------------------------------------------------- URLs


def test_url_of_a_page() -> None:
    url = "https://herald.example/2024/04/28/lake-level"
    fetch = FakeFetcher({url: page("Lake level rises", LONG, LONG)}, content_type="text/html")
    (result,) = ok(list(read_target(url, fetch=fetch)))
    assert result.origin == url
    assert result.article is not None
    assert result.article.url == url
    assert result.article.title == "Lake level rises"
    assert result.article.source == "herald.example"
    assert result.article.published == date(2024, 4, 28)


def test_url_of_a_feed_completes_teasers_with_the_same_fetcher() -> None:
    feed_url = "https://valley-herald.example/rss"
    mill = "https://valley-herald.example/2024/04/05/mill-fire"
    fetch = FakeFetcher(
        {feed_url: (FIXTURES / "teasers.rss").read_bytes(), mill: page("Mill fire", LONG, LONG)},
        content_type="application/rss+xml",
    )
    results = list(read_target(feed_url, fetch=fetch))
    assert [result.origin for result in results] == [f"{feed_url}#1", f"{feed_url}#2"]
    assert results[0].article is not None
    assert "harbour master" in results[0].article.text
    assert results[1].article is not None
    assert "HTTP 404" in results[1].warnings[0]
    assert fetch.calls[:2] == [feed_url, mill]


def test_url_of_plain_text_and_json() -> None:
    text_url, json_url = "https://h.example/a.txt", "https://h.example/a.json"
    fetch = FakeFetcher({text_url: b"Title\n\nSome body text.\n", json_url: b'{"text": "Body."}'})
    (text,) = ok(list(read_target(text_url, fetch=fetch)))
    assert text.article is not None
    assert text.article.source == "h.example"
    (record,) = ok(list(read_target(json_url, fetch=fetch)))
    assert record.article is not None
    assert record.article.text == "Body."


def test_url_errors_are_results() -> None:
    url = "https://h.example/img.png"
    fetch = FakeFetcher(
        {url: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)}, content_type="image/png"
    )
    (binary,) = read_target(url, fetch=fetch)
    assert isinstance(binary.error, BinaryInputError)
    (missing,) = read_target("https://h.example/gone", fetch=fetch)
    assert isinstance(missing.error, FetchError)
    assert missing.origin == "https://h.example/gone"
    (offline,) = read_target("https://h.example/gone", fetch=offline_fetcher)
    assert isinstance(offline.error, InputError)
    assert "turned off" in offline.error.message


def test_url_of_something_else_is_unsupported() -> None:
    url = "https://h.example/data"
    fetch = FakeFetcher({url: b"a,b,c\n1,2,3\n"}, content_type="text/csv")
    (result,) = read_target(url, fetch=fetch)
    assert isinstance(result.error, UnsupportedInputError)


def test_url_content_wins_over_a_wrong_media_type() -> None:
    url = "https://h.example/feed"
    fetch = FakeFetcher({url: (FIXTURES / "full.rss").read_bytes()}, content_type="text/plain")
    results = ok(list(read_target(url, fetch=fetch)))
    assert [result.origin for result in results] == [f"{url}#1", f"{url}#2"]
