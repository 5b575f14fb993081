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


_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(kind: Any) -> tuple[str, ...] | None:
    """The fields of a record class (None for anything else); once per class."""
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind))
    return None


def to_plain(value: Any) -> Any:
    """A record (or value inside one) as JSON-ready lists, dicts and scalars."""
    kind: Any = type(value)
    if kind in _SCALARS:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: to_plain(getattr(value, name)) for name in names}
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


@cache
def _shape(kind: Any) -> tuple[Any, tuple[Any, ...], frozenset[str] | None]:
    """(origin, arguments, init field names of a record class) of a type; once per type."""
    names = None
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        names = frozenset(f.name for f in dataclasses.fields(kind) if f.init)
    return typing.get_origin(kind), typing.get_args(kind), names


def from_plain(kind: Any, value: Any) -> Any:
    """Rebuild a value of type ``kind`` (a record class or a type hint) from ``to_plain``."""
    if value is None:
        return None
    origin, args, names = _shape(kind)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in args if arg is not type(None)]
        return from_plain(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], item) for item in value)
        return tuple(from_plain(arg, item) for arg, item in zip(args, value, strict=True))
    if names is not None:
        hints = _hints(kind)
        return kind(**{k: from_plain(hints[k], v) for k, v in value.items() if k in names})
    if isinstance(kind, type):
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
