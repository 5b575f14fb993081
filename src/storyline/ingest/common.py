"""Checks every reader applies before it parses: size, emptiness, binary, encoding."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from storyline.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    InputError,
    MalformedInputError,
    TooLargeError,
)

__all__ = ["MAX_INPUT_BYTES", "decode_text", "parse_date", "read_input_bytes"]

#: Inputs larger than this are refused (a news article is rarely above 200 KB).
MAX_INPUT_BYTES = 20 * 1024 * 1024

_CONTROL = {b for b in range(32) if b not in (9, 10, 12, 13)}


def read_input_bytes(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file, refusing missing, unreadable, empty and oversized ones."""
    origin = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", path=origin) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=origin) from None
    if path.is_dir():
        raise InputError("is a directory", path=origin)
    if size > limit:
        raise TooLargeError(
            f"{size / 1_048_576:.1f} MB is over the {limit / 1_048_576:.0f} MB limit", path=origin
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=origin) from None
    return check_bytes(data, origin=origin, limit=limit)


def check_bytes(data: bytes, *, origin: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Refuse empty, oversized and binary content."""
    if len(data) > limit:
        raise TooLargeError(
            f"{len(data) / 1_048_576:.1f} MB is over the {limit / 1_048_576:.0f} MB limit",
            path=origin,
        )
    if not data.strip():
        raise EmptyInputError("empty input", path=origin)
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise BinaryInputError("binary content, not text", path=origin)
    controls = sum(1 for byte in head if byte in _CONTROL)
    if controls > max(8, len(head) // 20):
        raise BinaryInputError("binary content, not text", path=origin)
    return data


def decode_text(data: bytes, *, origin: str) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise EncodingInputError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
            path=origin,
        ) from None
    if not text.strip():
        raise EmptyInputError("empty input", path=origin)
    return text


def parse_date(value: str | date | None, *, origin: str | None = None) -> date | None:
    """An ISO date or date-time (``2024-06-18``, ``2024-06-18T09:30:00Z``) as a date."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = value.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise MalformedInputError(
            f"cannot read date {value!r} (expected YYYY-MM-DD)", path=origin
        ) from None
