"""JSON encoding of the frozen records in ``storyline.model``.

Records are dataclasses of str, int, float, bool, None, dates, string enums, tuples and
other records; ``to_plain`` turns one into JSON-ready values, ``from_plain`` rebuilds it
from its type hints, so the store round-trips every record exactly. ``pack`` and
``unpack`` are how the store keeps such values in a column: JSON compressed by zlib (a
BLOB); ``unpack`` also reads the plain JSON text of stores written before.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
import zlib
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar

__all__ = ["from_plain", "pack", "to_plain", "unpack"]

_LEVEL = 6  # zlib's default: JSON of analyses shrinks about fivefold

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """A record (or value inside one) as JSON-ready lists, dicts and scalars."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(kind: Any, value: Any) -> Any:
    """Rebuild a value of type ``kind`` (a record class or a type hint) from ``to_plain``."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return from_plain(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], item) for item in value)
        return tuple(from_plain(arg, item) for arg, item in zip(args, value, strict=True))
    if isinstance(kind, type):
        if dataclasses.is_dataclass(kind):
            hints = _hints(kind)
            names = {f.name for f in dataclasses.fields(kind) if f.init}
            return kind(**{k: from_plain(hints[k], v) for k, v in value.items() if k in names})
        if issubclass(kind, Enum):
            return kind(value)
        if kind is date:
            return date.fromisoformat(value)
    return value


def pack(plain: Any) -> bytes:
    """JSON-ready values as the bytes the store keeps (zlib-compressed compact JSON)."""
    text = json.dumps(plain, separators=(",", ":"))  # ASCII: lone surrogates survive
    return zlib.compress(text.encode("ascii"), _LEVEL)


def unpack(raw: str | bytes) -> Any:
    """The values ``pack`` stored, or the plain JSON text an older store kept."""
    if isinstance(raw, bytes):
        raw = zlib.decompress(raw).decode("ascii")
    return json.loads(raw)
