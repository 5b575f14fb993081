"""Checks every reader applies before it parses: size, emptiness, binary, encoding."""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from storyline.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    InputError,
    MalformedInputError,
    StorylineError,
    TooLargeError,
    UnsupportedInputError,
)
from storyline.model import Article

__all__ = [
    "MAX_INPUT_BYTES",
    "ReadResult",
    "check_bytes",
    "check_size",
    "decode_text",
    "host_of",
    "is_url",
    "join_paragraphs",
    "library_error",
    "lone_surrogate_at",
    "open_input",
    "parse_date",
    "read_input_bytes",
    "read_one",
    "sniff_markup",
]

#: Inputs larger than this are refused (a news article is rarely above 200 KB).
MAX_INPUT_BYTES = 20 * 1024 * 1024

_LOG = logging.getLogger(__name__)
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = frozenset(code for code in range(32) if code not in (9, 10, 12, 13))


def open_input(path: Path) -> BinaryIO:
    """Open an input file, refusing anything but a regular file before reading a byte.

    ``O_NONBLOCK`` keeps the open of a named pipe from waiting for a writer; the kind
    is checked on the open descriptor, so what is read is what was checked.
    """
    origin = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("no such file", path=origin) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=origin) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise InputError("is a directory", path=origin)
        raise UnsupportedInputError(f"not a regular file ({_file_kind(mode)})", path=origin)
    return os.fdopen(descriptor, "rb")


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def read_input_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """Read a regular file, refusing missing, unreadable, empty, binary and oversized ones.

    The size is checked before reading, and the read stops one byte past the limit
    in case the file grows meanwhile. ``limit`` defaults to ``MAX_INPUT_BYTES`` as it
    is when the call is made.
    """
    origin = str(path)
    limit = MAX_INPUT_BYTES if limit is None else limit
    with open_input(path) as handle:
        check_size(os.fstat(handle.fileno()).st_size, origin=origin, limit=limit)
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}", path=origin) from None
    return check_bytes(data, origin=origin, limit=limit)


def check_size(size: int, *, origin: str, limit: int | None = None) -> None:
    """Refuse an input of ``size`` bytes when it is over ``limit`` (``MAX_INPUT_BYTES``)."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    if size > limit:
        raise TooLargeError(
            f"{_size_text(size)} is over the {_size_text(limit)} limit", path=origin
        )


def _size_text(size: int) -> str:
    """A byte count for people: ``20 MB``, ``20.5 MB``, ``3.2 KB``, ``17 bytes``."""
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def check_bytes(data: bytes, *, origin: str, limit: int | None = None) -> bytes:
    """Refuse empty, oversized and binary content."""
    check_size(len(data), origin=origin, limit=limit)
    if not data.strip():
        raise EmptyInputError("empty input", path=origin)
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: judge the characters
        characters = [ord(char) for char in head.decode("utf-16", errors="replace")]
    elif b"\x00" in head:
        raise BinaryInputError("binary content, not text", path=origin)
    else:
        characters = list(head)
    controls = sum(1 for code in characters if code in _CONTROL)
    if controls > max(8, len(characters) // 20):
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


def lone_surrogate_at(text: str) -> int | None:
    """Where ``text`` holds half a surrogate pair (from a ``\\ud800`` escape), or None.

    Such a string is not Unicode: it cannot be encoded, stored or printed.
    """
    match = _SURROGATE.search(text)
    return match.start() if match else None


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


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What reading one input (or one line or entry of it) gave: an article or an error.

    ``origin`` names where it came from: a file, ``file:line`` for JSONL, ``feed#n``
    for the n-th entry of a feed, or a URL. ``warnings`` are things the user should
    know although the article was read (a page that could not be fetched, say).
    """

    origin: str
    article: Article | None = None
    error: InputError | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.article is None) == (self.error is None):
            raise ValueError("a ReadResult holds exactly one of article and error")

    @property
    def ok(self) -> bool:
        """True when an article was read."""
        return self.article is not None

    @classmethod
    def success(cls, article: Article, *, warnings: tuple[str, ...] = ()) -> ReadResult:
        """A result holding ``article``; its origin is the article's."""
        return cls(origin=article.origin or article.source, article=article, warnings=warnings)

    @classmethod
    def failure(cls, error: InputError, *, origin: str | None = None) -> ReadResult:
        """A result holding ``error``; its origin is the error's path unless given."""
        where = origin or error.path or "<input>"
        if error.path is None:
            error.path = where
        return cls(origin=where, error=error)


# --------------------------------------------------------------------------- helpers

_URL_SCHEMES = ("http://", "https://")
#: One part of what may stand before the root element: blanks, the XML declaration or
#: a processing instruction, a comment, a declaration other than the doctype. Parts
#: are skipped one match at a time, so the scan is linear (one regex repeating these
#: backtracked exponentially: 30 blanks before a word took minutes).
_PROLOG_PART = re.compile(
    r"\s+|<\?.*?\?>|<!--.*?-->|<!(?!--|doctype)[^>]*>", re.IGNORECASE | re.DOTALL
)
_ROOT = re.compile(
    r"<!doctype\s+(?P<doctype>[a-z_][\w:.-]*)|<(?P<root>[a-z_][\w:.-]*)", re.IGNORECASE
)
_FEED_ROOTS = {"rss", "feed", "rdf"}
_HTML_TAG = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
_LIST_OR_TABLE = ("- ", "* ", "| ")
_TERMINAL = re.compile(r"[.!?…:;\"”’»)\]]$")


def is_url(target: str) -> bool:
    """True for an http(s) URL."""
    return target.strip().lower().startswith(_URL_SCHEMES)


def host_of(url: str | None) -> str | None:
    """The host of a URL without ``www.`` (``bbc.co.uk``), or None."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def sniff_markup(data: bytes) -> str | None:
    """``"feed"`` for RSS/Atom/RDF, ``"html"`` for an HTML page, None for anything else.

    Looks at the first element after any XML declaration, comments and doctype.
    """
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    match = _ROOT.match(text, _prolog_end(text))
    if match is not None:  # a doctype names the root element (RSS 0.91 has one)
        root = (match.group("root") or match.group("doctype")).lower().rpartition(":")[2]
        if root in _FEED_ROOTS:
            return "feed"
        if root in {"html", "head", "body"}:
            return "html"
    return "html" if _HTML_TAG.search(text) else None


def _prolog_end(text: str) -> int:
    """Where the first element (or doctype) of ``text`` may start."""
    position = 0
    while (part := _PROLOG_PART.match(text, position)) is not None and part.end() > position:
        position = part.end()
    return position


def join_paragraphs(lines: list[str]) -> str:
    """Join text lines into paragraphs separated by blank lines.

    A line that starts in lower case after a line without final punctuation continues
    the same sentence (a ``<br>`` inside a paragraph) and is joined with a space.
    """
    paragraphs: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if _continues(paragraphs[-1] if paragraphs else None, line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


def _continues(previous: str | None, line: str) -> bool:
    """Whether ``line`` carries on the sentence of the ``previous`` line."""
    if previous is None or not line[0].islower():
        return False
    return not (_TERMINAL.search(previous) or previous.startswith(_LIST_OR_TABLE))


# --------------------------------------------------------------------------- errors


def library_error(error: Exception, origin: str) -> InputError:
    """An ``InputError`` for ``origin`` that says in a few words why reading it failed."""
    if isinstance(error, InputError):
        error.path = error.path or origin
        return error
    if isinstance(error, StorylineError):
        return InputError(error.message, path=error.path or origin)
    detail = str(error).strip() or type(error).__name__
    if isinstance(error, UnicodeError):
        return EncodingInputError(f"cannot decode the text ({detail})", path=origin)
    if isinstance(error, RecursionError):
        return MalformedInputError("nested too deeply to read", path=origin)
    if type(error).__module__.startswith(("lxml", "xml", "html", "sgmllib")):
        return MalformedInputError(f"cannot parse the markup ({detail})", path=origin)
    if isinstance(error, OSError):
        return InputError(f"cannot read: {error.strerror or detail}", path=origin)
    if isinstance(error, ValueError):
        return MalformedInputError(f"cannot read: {detail}", path=origin)
    return InputError(f"cannot read ({type(error).__name__}: {detail})", path=origin)


def read_one(origin: str, read: Callable[[], ReadResult]) -> ReadResult:
    """``read()`` one line or entry of a file; any failure becomes its error result.

    Catching every ``Exception`` here is what keeps one bad line or entry from
    losing the rest of its file.
    """
    try:
        return read()
    except Exception as error:  # a library failed on this part: report it, go on
        _LOG.debug("unexpected error reading %s", origin, exc_info=True)
        return ReadResult.failure(library_error(error, origin), origin=origin)
