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
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar

__all__ = ["from_plain", "pack", "packed_json", "to_plain", "unpack"]

_LEVEL = 6  # zlib's default: JSON of analyses shrinks about fivefold

T = TypeVar("T")


_SCALARS = frozenset({str, int, float, bool, type(None)})


def to_plain(value: Any) -> Any:
    """A record (or value inside one) as JSON-ready lists, dicts and scalars."""
    kind: Any = type(value)
    if kind in _SCALARS:  # exactly these types: a string enum is not a plain string
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
def _field_names(kind: Any) -> tuple[str, ...] | None:
    """The field names of a record class (None for any other type)."""
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind))
    return None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(kind: Any, value: Any) -> Any:
    """Rebuild a value of type ``kind`` (a record class or a type hint) from ``to_plain``."""
    return _decoder(kind)(value)


Decoder = Callable[[Any], Any]


def _keep(value: Any) -> Any:
    return value


@cache
def _decoder(kind: Any) -> Decoder:
    """The function rebuilding values of ``kind``, worked out once per type hint."""
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _decoder(options[0]) if len(options) == 1 else _keep
    if origin is tuple:
        return _tuple_decoder(typing.get_args(kind))
    if isinstance(kind, type):
        if dataclasses.is_dataclass(kind):
            return _record_decoder(kind)
        if issubclass(kind, Enum):
            return lambda value: None if value is None else kind(value)
        if kind is date:
            return lambda value: None if value is None else date.fromisoformat(value)
    return _keep


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda value: None if value is None else tuple(item(v) for v in value)
    items = [_decoder(arg) for arg in args]
    return lambda value: (
        None if value is None else tuple(d(v) for d, v in zip(items, value, strict=True))
    )


def _record_decoder(cls: type) -> Decoder:
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    fields: dict[str, Decoder] = {}  # filled on first use: a record may hold itself

    def decode(value: Any) -> Any:
        if value is None:
            return None
        if not fields:
            hints = _hints(cls)
            fields.update((name, _decoder(hints[name])) for name in names)
        return cls(**{k: fields[k](v) for k, v in value.items() if k in names})

    return decode


def pack(plain: Any) -> bytes:
    """JSON-ready values as the bytes the store keeps (zlib-compressed compact JSON)."""
    text = json.dumps(plain, separators=(",", ":"))  # ASCII: lone surrogates survive
    return zlib.compress(text.encode("ascii"), _LEVEL)


def unpack(raw: str | bytes) -> Any:
    """The values ``pack`` stored, or the plain JSON text an older store kept."""
    return json.loads(packed_json(raw))


def packed_json(raw: str | bytes) -> str:
    """The JSON text of what ``pack`` stored (or of an older store's plain JSON text)."""
    return zlib.decompress(raw).decode("ascii") if isinstance(raw, bytes) else raw
