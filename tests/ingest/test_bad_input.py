"""Bad input: a clear error naming the input, never a traceback; the batch goes on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from storyline.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    InputError,
    MalformedInputError,
    TooLargeError,
)
from storyline.ingest import MAX_INPUT_BYTES, common, offline_fetcher, read_target
from storyline.ingest.common import ReadResult, check_size
from tests.ingest.helpers import FIXTURES

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06" + bytes(200)
SUFFIXES = [".txt", ".html", ".rss", ".xml", ".jsonl", ".json", ".dat"]


def only_error(target: Path | str) -> InputError:
    results = list(read_target(str(target), fetch=offline_fetcher))
    assert len(results) == 1, results
    (result,) = results
    assert result.article is None
    assert result.error is not None
    assert result.error.path == result.origin  # every error names its input
    return result.error


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"  \n\n")
    error = only_error(path)
    assert isinstance(error, EmptyInputError)
    assert error.path == str(path)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_binary_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"image{suffix}"
    path.write_bytes(PNG)
    error = only_error(path)
    assert isinstance(error, BinaryInputError)
    assert str(error) == f"{path}: binary content, not text"


def test_latin1_text(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "Caf\u00e9 reopens\n\nThe caf\u00e9 on the quay opened again.\n".encode("latin-1")
    )
    error = only_error(path)
    assert isinstance(error, EncodingInputError)
    assert error.message == "not valid UTF-8 (byte 0xe9 at offset 3)"


def test_file_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_INPUT_BYTES", 1000)
    for suffix in (".txt", ".html", ".rss"):
        path = tmp_path / f"big{suffix}"
        path.write_text("Title\n\n" + "A sentence of text. " * 100, encoding="utf-8")
        error = only_error(path)
        assert isinstance(error, TooLargeError)
        assert "over the 1000 bytes limit" in error.message


def test_the_real_limit_is_20_mb() -> None:
    assert MAX_INPUT_BYTES == 20 * 1024 * 1024
    check_size(MAX_INPUT_BYTES, origin="x")  # exactly at the limit is fine
    with pytest.raises(TooLargeError, match=r"^x: 20 MB is over the 20 MB limit$"):
        check_size(MAX_INPUT_BYTES + 1, origin="x")
    with pytest.raises(TooLargeError, match="30 MB is over the 20 MB limit"):
        check_size(30 * 1024 * 1024, origin="x")


def test_file_over_the_real_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no 20 MB written to the disk
        handle.truncate(MAX_INPUT_BYTES + 1)
    error = only_error(path)
    assert isinstance(error, TooLargeError)


def test_html_without_article() -> None:
    error = only_error(FIXTURES / "nav_only.html")
    assert isinstance(error, MalformedInputError)
    assert "no article text" in error.message


def test_malformed_feed() -> None:
    error = only_error(FIXTURES / "broken.rss")
    assert isinstance(error, MalformedInputError)
    assert error.path == str(FIXTURES / "broken.rss")


def test_jsonl_bad_lines_do_not_stop_the_file() -> None:
    results = list(read_target(str(FIXTURES / "articles.jsonl")))
    assert sum(result.ok for result in results) == 3
    assert [result.origin.rsplit(":", 1)[1] for result in results if not result.ok] == [
        "4",
        "5",
        "6",
    ]


def test_missing_file() -> None:
    error = only_error("/no/such/folder/article.txt")
    assert error.message == "no such file"
    assert str(error) == "/no/such/folder/article.txt: no such file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Title\n\nBody.\n", encoding="utf-8")
    path.chmod(0)
    assert "cannot read" in only_error(path).message


def test_directory_with_good_and_bad_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "plain.txt", tmp_path / "1-good.txt")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-image.html").write_bytes(PNG)
    (tmp_path / "4-latin1.txt").write_bytes("Caf\u00e9\n\nText.\n".encode("latin-1"))
    shutil.copy(FIXTURES / "broken.rss", tmp_path / "5-broken.rss")
    shutil.copy(FIXTURES / "nav_only.html", tmp_path / "6-nav.html")
    shutil.copy(FIXTURES / "article.html", tmp_path / "7-good.html")
    shutil.copy(FIXTURES / "full.rss", tmp_path / "8-good.rss")
    results = list(read_target(str(tmp_path), fetch=offline_fetcher))
    good = [Path(result.origin).name for result in results if result.ok]
    assert good == ["1-good.txt", "7-good.html", "8-good.rss#1", "8-good.rss#2"]
    bad = {Path(r.origin).name: type(r.error) for r in results if not r.ok}
    assert bad == {
        "2-empty.txt": EmptyInputError,
        "3-image.html": BinaryInputError,
        "4-latin1.txt": EncodingInputError,
        "5-broken.rss": MalformedInputError,
        "6-nav.html": MalformedInputError,
    }


@pytest.mark.parametrize(
    ("failure", "expected", "words"),
    [
        (
            UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
            EncodingInputError,
            "decode",
        ),
        (ValueError("tree is empty"), MalformedInputError, "tree is empty"),
        (RecursionError("maximum recursion depth exceeded"), MalformedInputError, "nested"),
        (MemoryError(), InputError, "MemoryError"),
        (RuntimeError("boom"), InputError, "RuntimeError: boom"),
    ],
)
def test_library_failures_become_input_errors(
    monkeypatch: pytest.MonkeyPatch, failure: Exception, expected: type[InputError], words: str
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr("trafilatura.bare_extraction", explode)
    error = only_error(FIXTURES / "article.html")
    assert type(error) is expected
    assert words in error.message
    assert error.path == str(FIXTURES / "article.html")


def test_lxml_failure_becomes_malformed(monkeypatch: pytest.MonkeyPatch) -> None:
    from lxml import etree  # type: ignore[import-untyped]

    def explode(*args: object, **kwargs: object) -> None:
        raise etree.ParserError("Document is empty")

    monkeypatch.setattr("trafilatura.bare_extraction", explode)
    error = only_error(FIXTURES / "article.html")
    assert isinstance(error, MalformedInputError)
    assert "Document is empty" in error.message


def test_interrupt_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("trafilatura.bare_extraction", interrupt)
    with pytest.raises(KeyboardInterrupt):
        list(read_target(str(FIXTURES / "article.html")))


def test_read_result_holds_exactly_one_thing() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        ReadResult(origin="x")
