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
import operator
import types
import typing
import zlib
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar

import msgspec

__all__ = [
    "decode_json",
    "from_plain",
    "pack",
    "packed_json",
    "to_plain",
    "unpack",
]

_LEVEL = 6  # zlib's default: JSON of analyses shrinks about fivefold

T = TypeVar("T")


_SCALARS = frozenset({str, int, float, bool, type(None)})

Encoder = Callable[[Any], Any]


def to_plain(value: Any) -> Any:
    """A record (or value inside one) as JSON-ready lists, dicts and scalars."""
    kind: Any = type(value)
    if kind in _SCALARS:  # exactly these types: a string enum is not a plain string
        return value
    encode = _ENCODERS.get(kind)
    if encode is None:
        encode = _ENCODERS[kind] = _encoder(kind)
    return encode(value)


#: The encoder of each type seen (by the type of the value, not by the type hints).
_ENCODERS: dict[type, Encoder] = {}


def _encoder(kind: type) -> Encoder:
    """How ``to_plain`` turns a value of type ``kind`` (not a plain scalar) into JSON."""
    if dataclasses.is_dataclass(kind):
        return _record_encoder(tuple(f.name for f in dataclasses.fields(kind)))
    if issubclass(kind, Enum):
        return _enum_value
    if issubclass(kind, date):
        return _iso_date
    if issubclass(kind, tuple | list):
        return _plain_list
    if issubclass(kind, dict):
        return _plain_dict
    return _keep


def _record_encoder(names: tuple[str, ...]) -> Encoder:
    values = operator.attrgetter(*names) if len(names) > 1 else None

    def encode(value: Any) -> Any:
        if values is None:  # attrgetter of one name returns the value, not a tuple
            return {name: to_plain(getattr(value, name)) for name in names}
        return {
            name: item if type(item) in _SCALARS else to_plain(item)
            for name, item in zip(names, values(value), strict=True)
        }

    return encode


def _enum_value(value: Enum) -> Any:
    return value.value


def _iso_date(value: date) -> str:
    return value.isoformat()


def _plain_list(value: tuple[Any, ...] | list[Any]) -> list[Any]:
    return [item if type(item) in _SCALARS else to_plain(item) for item in value]


def _plain_dict(value: dict[Any, Any]) -> dict[str, Any]:
    return {str(key): to_plain(item) for key, item in value.items()}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(kind: Any, value: Any) -> Any:
    """Rebuild a value of type ``kind`` (a record class or a type hint) from ``to_plain``."""
    return _decoder(kind)(value)


def decode_json(kind: Any, text: str | bytes) -> Any:
    """The value of type ``kind`` that the JSON text of ``to_plain`` encodes.

    msgspec decodes the JSON straight into the records (about three times faster than
    ``json.loads`` and ``from_plain``); a text it does not take, such as a record as an
    older version stored it (a field renamed) or a lone surrogate's escape, is rebuilt by
    ``from_plain``, which reads those too.
    """
    try:
        return _json_decoder(kind).decode(text)
    except msgspec.MsgspecError:
        return from_plain(kind, json.loads(text))


@cache
def _json_decoder(kind: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(kind)


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
            return _enum_decoder(kind)
        if kind is date:
            return _date
    return _keep


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _enum_decoder(kind: type[Enum]) -> Decoder:
    members = {member.value: member for member in kind if type(member.value) is str}

    def decode(value: Any) -> Any:
        if value is None:
            return None
        member = members.get(value) if type(value) is str else None
        return kind(value) if member is None else member

    return decode


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        return _items_decoder(_decoder(args[0]))
    items = [_decoder(arg) for arg in args]

    def decode(value: Any) -> Any:
        if value is None:
            return None
        return tuple([d(v) for d, v in zip(items, value, strict=True)])

    return decode


def _items_decoder(item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if value is None:
            return None
        return tuple(value) if item is _keep else tuple([item(v) for v in value])

    return decode


def _record_decoder(cls: type) -> Decoder:
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields if f.init)
    # to_plain writes every field, in order: a value with exactly those keys, in that
    # order, is rebuilt by position (the usual case); any other by name
    positional = len(names) == len(fields) and not any(f.kw_only for f in fields)
    in_order = names if positional else None
    plan: tuple[Decoder | None, ...] | None = None  # on first use: a record may hold itself

    def by_name(value: dict[str, Any], plan: tuple[Decoder | None, ...]) -> Any:
        named = dict(zip(names, plan, strict=True))
        return cls(**{k: _apply(named[k], v) for k, v in value.items() if k in named})

    def decode(value: Any) -> Any:
        nonlocal plan
        if value is None:
            return None
        if plan is None:  # one assignment: another thread sees no plan or all of it
            hints = _hints(cls)
            plan = tuple(_or_none(_decoder(hints[name])) for name in names)
        if in_order is None or tuple(value) != in_order:
            return by_name(value, plan)
        return cls(*[v if d is None else d(v) for d, v in zip(plan, value.values(), strict=True)])

    return decode


def _or_none(decoder: Decoder) -> Decoder | None:
    """None for a decoder that keeps the value as it is (not called at all)."""
    return None if decoder is _keep else decoder


def _apply(decoder: Decoder | None, value: Any) -> Any:
    return value if decoder is None else decoder(value)


def pack(value: Any) -> bytes:
    """A record, or JSON-ready values, as the bytes the store keeps: the compact JSON
    of ``to_plain(value)``, compressed by zlib. msgspec writes it (UTF-8, several times
    faster); a text UTF-8 cannot carry (a lone surrogate) is written by ``json.dumps``,
    escaped in ASCII, so it survives."""
    try:
        data = msgspec.json.encode(value)
    except (msgspec.EncodeError, TypeError, UnicodeError):
        data = json.dumps(to_plain(value), separators=(",", ":")).encode("ascii")
    return zlib.compress(data, _LEVEL)


def unpack(raw: str | bytes) -> Any:
    """The values ``pack`` stored, or the plain JSON text an older store kept."""
    return json.loads(packed_json(raw))


def packed_json(raw: str | bytes) -> str:
    """The JSON text of what ``pack`` stored (or of an older store's plain JSON text)."""
    return zlib.decompress(raw).decode("utf-8") if isinstance(raw, bytes) else raw
