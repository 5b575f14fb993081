"""JSONL (one article object per line) and JSON (one article object or a list of them).

An article object has ``text`` (required) and optionally ``title``, ``source``, ``url``
and ``published`` (ISO date or date-time; ``date`` is accepted too). A few common
synonyms are understood: ``body``/``content`` for the text, ``headline`` for the title,
``outlet`` for the source, ``link`` for the URL.

Every line is read on its own: a bad line (invalid JSON, no text, a bad date) gives
an error for ``file:line`` and the other lines still give articles. JSONL files are
streamed, so only each line (not the file) is held to the 20 MB limit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import (
    EmptyInputError,
    EncodingInputError,
    InputError,
    MalformedInputError,
)
from storyline.ingest.common import (
    ReadResult,
    check_bytes,
    check_file,
    check_size,
    decode_text,
    host_of,
    parse_date,
    read_input_bytes,
)
from storyline.model import Article

__all__ = [
    "parse_json_document",
    "parse_json_record",
    "parse_jsonl_lines",
    "read_json_file",
    "read_jsonl_file",
]

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "source": ("source", "outlet"),
    "url": ("url", "link"),
    "published": ("published", "date"),
    "language": ("language", "lang"),
}
_HEAD_BYTES = 8192


# --------------------------------------------------------------------------- files


def read_jsonl_file(
    path: Path, *, published: date | None = None, source: str | None = None
) -> Iterator[ReadResult]:
    """Stream a JSONL file: one result (article or error) per non-blank line."""
    origin = str(path)
    check_file(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=origin) from None
    with handle:
        check_bytes(handle.read(_HEAD_BYTES), origin=origin, limit=_HEAD_BYTES)  # empty, binary
        handle.seek(0)
        yield from parse_jsonl_lines(handle, origin=origin, published=published, source=source)


def read_json_file(
    path: Path, *, published: date | None = None, source: str | None = None
) -> Iterator[ReadResult]:
    """Read a JSON file holding one article object or a list of them."""
    origin = str(path)
    data = read_input_bytes(path)
    yield from parse_json_document(data, origin=origin, published=published, source=source)


# --------------------------------------------------------------------------- content


def parse_jsonl_lines(
    lines: Iterable[bytes],
    *,
    origin: str,
    published: date | None = None,
    source: str | None = None,
) -> Iterator[ReadResult]:
    """One result per non-blank line; errors name ``origin:line``.

    Raises ``EmptyInputError`` (after the loop) when no line holds anything.
    """
    seen = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        seen += 1
        where = f"{origin}:{number}"
        try:
            record = _load_line(raw, where, first=number == 1)
            article = parse_json_record(record, origin=where, published=published, source=source)
        except InputError as error:
            yield ReadResult.failure(error, origin=where)
        else:
            yield ReadResult.success(article)
    if not seen:
        raise EmptyInputError("empty input", path=origin)


def parse_json_document(
    data: bytes,
    *,
    origin: str,
    published: date | None = None,
    source: str | None = None,
) -> Iterator[ReadResult]:
    """Read JSON bytes: an article object, a list of them, or JSONL after all."""
    text = decode_text(check_bytes(data, origin=origin), origin=origin)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # several documents: JSON Lines in a .json file
            yield from parse_jsonl_lines(
                data.splitlines(), origin=origin, published=published, source=source
            )
            return
        raise _invalid_json(error, origin) from None
    except RecursionError:
        raise MalformedInputError("invalid JSON: nested too deeply", path=origin) from None
    if isinstance(document, list):
        if not document:
            raise EmptyInputError("the JSON list is empty", path=origin)
        if not any(isinstance(record, Mapping) for record in document):
            raise MalformedInputError(
                "expected a list of article objects, but it holds no object "
                f"(its first item is {_json_type(document[0])})",
                path=origin,
            )
        for number, record in enumerate(document, start=1):
            where = f"{origin}#{number}"
            try:
                article = parse_json_record(
                    record, origin=where, published=published, source=source
                )
            except InputError as error:
                yield ReadResult.failure(error, origin=where)
            else:
                yield ReadResult.success(article)
    else:
        yield ReadResult.success(
            parse_json_record(document, origin=origin, published=published, source=source)
        )


def parse_json_record(
    record: object,
    *,
    origin: str,
    published: date | None = None,
    source: str | None = None,
) -> Article:
    """Build an article from one decoded JSON object.

    ``source`` replaces the object's outlet; ``published`` is used when it has no date.
    """
    if not isinstance(record, Mapping):
        raise MalformedInputError(
            f"expected a JSON object with a 'text' field, got {_json_type(record)}", path=origin
        )
    text = _field(record, "text", origin)
    if text is None:
        raise MalformedInputError("missing 'text'", path=origin)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise EmptyInputError("'text' is empty", path=origin)
    url = _field(record, "url", origin)
    day = parse_date(_field(record, "published", origin), origin=origin)
    return Article.create(
        source=source or _source(record, origin) or host_of(url) or "unknown",
        title=" ".join((_field(record, "title", origin) or "").split()),
        text=text,
        published=day or published,
        url=url or None,
        language=(_field(record, "language", origin) or "en").strip().lower() or "en",
        origin=origin,
    )


def _load_line(raw: bytes, where: str, *, first: bool) -> Any:
    check_size(len(raw), origin=where)
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        raise EncodingInputError(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})",
            path=where,
        ) from None
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise _invalid_json(error, where) from None
    except RecursionError:
        raise MalformedInputError("invalid JSON: nested too deeply", path=where) from None


def _invalid_json(error: json.JSONDecodeError, where: str) -> MalformedInputError:
    place = f"line {error.lineno} column {error.colno}" if error.lineno > 1 else ""
    place = place or f"column {error.colno}"
    return MalformedInputError(
        f"invalid JSON ({error.msg.removesuffix(' at')} at {place})", path=where
    )


def _field(record: Mapping[str, Any], name: str, origin: str) -> str | None:
    """The first of a field's synonyms that is present; it must be a string or null."""
    for key in _SYNONYMS[name]:
        if key in record and record[key] is not None:
            value = record[key]
            if not isinstance(value, str):
                raise MalformedInputError(
                    f"'{key}' must be a string, got {_json_type(value)}", path=origin
                )
            return value
    return None


def _source(record: Mapping[str, Any], origin: str) -> str | None:
    """The outlet: a string, or an object with a ``name`` (as news APIs give it)."""
    value = record.get("source")
    if isinstance(value, Mapping) and isinstance(value.get("name"), str):
        return " ".join(value["name"].split()) or None
    return " ".join((_field(record, "source", origin) or "").split()) or None


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if value is None:
        return "null"
    return "a number"
