"""JSONL and JSON: one result per line or item, bad lines reported as file:line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import EmptyInputError, EncodingInputError, MalformedInputError, TooLargeError
from storyline.ingest import common, read_target
from storyline.ingest.jsonl import parse_json_document, parse_json_record
from tests.ingest.helpers import FIXTURES

JSONL = FIXTURES / "articles.jsonl"


def test_good_lines_give_articles_and_bad_lines_errors() -> None:
    results = list(read_target(str(JSONL)))
    assert [result.origin for result in results] == [f"{JSONL}:{n}" for n in (1, 3, 4, 5, 6, 7)]
    assert [result.ok for result in results] == [True, True, False, False, False, True]
    invalid, missing, bad_date = (result.error for result in results[2:5])
    assert isinstance(invalid, MalformedInputError)
    assert "invalid JSON" in invalid.message
    assert isinstance(missing, MalformedInputError)
    assert missing.message == "missing 'text'"
    assert isinstance(bad_date, MalformedInputError)
    assert "'last Tuesday'" in bad_date.message
    assert invalid.path == f"{JSONL}:4"
    assert str(missing) == f"{JSONL}:5: missing 'text'"


def test_fields_of_a_line() -> None:
    bakery, ferry, election = (r.article for r in read_target(str(JSONL)) if r.article)
    assert bakery.title == "Bakery wins regional prize"
    assert bakery.source == "Valley Herald"
    assert bakery.url == "https://valley-herald.example/bakery"
    assert bakery.published == date(2024, 4, 6)
    assert bakery.text == (
        "A family bakery in Vessby won the regional bread prize on Saturday.\n\n"
        "The jury praised its rye loaf."
    )
    assert bakery.origin == f"{JSONL}:1"
    assert ferry.published == date(2024, 5, 2)  # from "date", a date-time
    assert ferry.source == "lakeside-courier.example"  # no source: the URL's host
    assert election.published is None
    assert election.url is None


def test_user_source_replaces_and_user_date_fills() -> None:
    found = [r.article for r in read_target(str(JSONL), published=date(2024, 1, 2), source="X")]
    bakery, ferry, election = (article for article in found if article)
    assert {bakery.source, ferry.source, election.source} == {"X"}
    assert bakery.published == date(2024, 4, 6)
    assert election.published == date(2024, 1, 2)


@pytest.mark.parametrize(
    ("record", "error", "reason"),
    [
        ({"title": "T", "text": "   "}, EmptyInputError, "'text' is empty"),
        (
            {"title": 7, "text": "Body."},
            MalformedInputError,
            "'title' must be a string, got a number",
        ),
        (["text"], MalformedInputError, "got a list"),
        ({"text": "Body.", "published": 20240101}, MalformedInputError, "'published' must be"),
        ({"text": "Body.", "date": "2024-13-45"}, MalformedInputError, "cannot read date"),
    ],
)
def test_bad_records(record: object, error: type[Exception], reason: str) -> None:
    with pytest.raises(error, match=reason):
        parse_json_record(record, origin="f.jsonl:1")


def test_news_api_style_source_object() -> None:
    record = {"source": {"id": None, "name": "Valley Herald"}, "content": "Body text."}
    assert parse_json_record(record, origin="x").source == "Valley Herald"


def test_bad_bytes_spoil_only_their_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"title": "Good", "text": "Fine text."}).encode()
    path.write_bytes(good + b"\n" + b'{"title": "Caf\xe9", "text": "x"}\n' + good + b"\n")
    results = list(read_target(str(path)))
    assert [result.ok for result in results] == [True, False, True]
    assert isinstance(results[1].error, EncodingInputError)
    assert results[1].origin == f"{path}:2"


def test_lines_not_the_file_are_held_to_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "MAX_INPUT_BYTES", 200)
    path = tmp_path / "big.jsonl"
    lines = [json.dumps({"text": f"Article number {n} of a long file."}) for n in range(20)]
    lines.append(json.dumps({"text": "x" * 300}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 200
    results = list(read_target(str(path)))
    assert sum(result.ok for result in results) == 20
    assert isinstance(results[-1].error, TooLargeError)
    assert results[-1].origin == f"{path}:21"


def test_blank_jsonl_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n   \n", encoding="utf-8")
    (result,) = read_target(str(path))
    assert isinstance(result.error, EmptyInputError)


def test_json_list_with_synonyms() -> None:
    results = list(read_target(str(FIXTURES / "articles.json")))
    ice, museum = (result.article for result in results)
    assert ice is not None
    assert museum is not None
    assert ice.published == date(2024, 4, 8)
    assert museum.title == "Museum gets a new director"  # "headline"
    assert museum.text.startswith("The town museum")  # "body"
    assert museum.source == "Valley Herald"  # "outlet"
    assert results[1].origin == f"{FIXTURES / 'articles.json'}#2"


def test_json_single_object_and_json_lines_in_a_json_file() -> None:
    single = list(parse_json_document(b'{"title": "T", "text": "Body."}', origin="a.json"))
    assert single[0].article is not None
    assert single[0].origin == "a.json"
    lines = b'{"text": "One."}\n{"text": "Two."}\n'
    assert [r.origin for r in parse_json_document(lines, origin="b.json")] == [
        "b.json:1",
        "b.json:2",
    ]


def test_invalid_and_empty_json_documents() -> None:
    with pytest.raises(MalformedInputError, match="invalid JSON"):
        list(parse_json_document(b'{"text": ', origin="a.json"))
    with pytest.raises(EmptyInputError):
        list(parse_json_document(b"[]", origin="a.json"))


def test_json_list_without_objects_is_one_error() -> None:
    with pytest.raises(MalformedInputError, match="holds no object"):
        list(parse_json_document(b'["oil spill", "BP"]', origin="keywords.json"))
