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
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from storyline.errors import (
    EmptyInputError,
    EncodingInputError,
    MalformedInputError,
)
from storyline.ingest import common
from storyline.ingest.common import (
    ReadResult,
    check_bytes,
    check_size,
    decode_text,
    host_of,
    lone_surrogate_at,
    open_input,
    parse_date,
    read_one,
)
from storyline.model import Article

__all__ = [
    "parse_json_document",
    "parse_json_record",
    "parse_jsonl_lines",
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
_SKIP_BYTES = 1 << 16
_LEADING = b" \t\r\xef\xbb\xbf"  # blanks and the UTF-8 byte-order mark


# --------------------------------------------------------------------------- files


def read_jsonl_file(
    path: Path, *, published: date | None = None, source: str | None = None
) -> Iterator[ReadResult]:
    """Stream a JSONL file: one result (article or error) per non-blank line."""
    origin = str(path)
    with open_input(path) as handle:
        head = handle.read(_HEAD_BYTES)
        if not _has_object_line(head):  # else bad bytes are the bad lines' own errors
            check_bytes(head, origin=origin, limit=_HEAD_BYTES)  # empty, binary
        handle.seek(0)
        lines = _bounded_lines(handle, common.MAX_INPUT_BYTES)
        yield from parse_jsonl_lines(lines, origin=origin, published=published, source=source)


def _has_object_line(head: bytes) -> bool:
    """Whether a line of ``head`` starts like a JSON object: then the file is JSONL,
    and a line of binary junk in it spoils only that line, not the whole file."""
    return any(line.lstrip(_LEADING).startswith(b"{") for line in head.split(b"\n"))


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[bytes]:
    """The lines of ``handle``, each read to at most one byte past ``limit``.

    The rest of a longer line is skipped unread into memory, so the line is reported
    as too large and memory stays bounded by the limit.
    """
    while line := handle.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := handle.readline(_SKIP_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield line


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
        read = partial(_read_line, raw, where, number == 1, published, source)
        yield read_one(where, read)
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
            read = partial(_read_record, record, where, published, source)
            yield read_one(where, read)
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


def _read_line(
    raw: bytes, where: str, first: bool, published: date | None, source: str | None
) -> ReadResult:
    record = _load_line(raw, where, first=first)
    return _read_record(record, where, published, source)


def _read_record(
    record: object, where: str, published: date | None, source: str | None
) -> ReadResult:
    article = parse_json_record(record, origin=where, published=published, source=source)
    return ReadResult.success(article)


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
            return _checked_text(value, key, origin)
    return None


def _checked_text(value: str, key: str, origin: str) -> str:
    """``value``, refused when a ``\\ud800`` escape left half a surrogate pair in it."""
    position = lone_surrogate_at(value)
    if position is not None:
        raise EncodingInputError(
            f"'{key}' holds a lone surrogate (\\u{ord(value[position]):04x} at character "
            f"{position + 1}), not valid Unicode",
            path=origin,
        )
    return value


def _source(record: Mapping[str, Any], origin: str) -> str | None:
    """The outlet: a string, or an object with a ``name`` (as news APIs give it)."""
    value = record.get("source")
    if isinstance(value, Mapping) and isinstance(value.get("name"), str):
        return " ".join(_checked_text(value["name"], "source", origin).split()) or None
    return " ".join((_field(record, "source", origin) or "").split()) or None


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if value is None:
        return "null"
    return "a number"
