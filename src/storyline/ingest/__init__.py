"""Readers: text files, HTML pages, RSS/Atom feeds, JSON(L) and URLs become articles.

``expand_inputs`` turns what the user named (files, directories, glob patterns, URLs)
into a list of targets; ``read_target`` reads one of them into ``ReadResult``s, each
holding an article or an error, so one bad file, line or feed entry is reported and
the rest goes on. No exception other than ``KeyboardInterrupt`` leaves ``read_target``:
library errors (lxml, decoding, ...) become ``InputError``s naming the input.

How an input is read:

- a URL is downloaded (``Fetcher``), then read by what its content is (feed, HTML,
  JSON, text);
- only regular files are read: a named pipe, device or socket is refused before a
  byte is read (so nothing waits forever), and a file's size is checked before it
  is read; a folder walk or `**` does not descend into linked folders (no endless
  link loops);
- a file by its extension: ``.txt`` plain text, ``.html``/``.htm`` HTML, ``.rss``/
  ``.atom`` feed, ``.jsonl`` JSON Lines, ``.json`` JSON; ``.xml`` and other extensions
  by their content (an RSS/Atom root is a feed, ``<html`` a page, ``{`` JSON, else text);
- user-given ``source`` replaces the outlet the input names; user-given ``published``
  dates the articles that carry no date (plain text never has one: file times are
  never used).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from storyline.errors import (
    InputError,
    UnsupportedInputError,
)
from storyline.ingest.common import (
    MAX_INPUT_BYTES,
    ReadResult,
    check_bytes,
    decode_text,
    host_of,
    is_url,
    library_error,
    read_input_bytes,
    sniff_markup,
)
from storyline.ingest.feed import parse_feed
from storyline.ingest.fetch import Fetched, Fetcher, fetch_url, offline_fetcher
from storyline.ingest.html import parse_html_article
from storyline.ingest.jsonl import parse_json_document, parse_jsonl_lines, read_jsonl_file
from storyline.ingest.text import parse_text_article

__all__ = [
    "KNOWN_EXTENSIONS",
    "MAX_INPUT_BYTES",
    "Fetched",
    "Fetcher",
    "ReadResult",
    "expand_inputs",
    "fetch_url",
    "offline_fetcher",
    "read_inputs",
    "read_target",
]

_LOG = logging.getLogger(__name__)

#: File extensions a directory is searched for, and the reader each one goes to
#: (``sniff``: decided by the content).
KNOWN_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "sniff",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_GLOB_CHARS = frozenset("*?[")
_JSON_TYPES = {"application/json", "text/json"}
_JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines"}


# --------------------------------------------------------------------------- targets


def expand_inputs(targets: Sequence[str]) -> list[str]:
    """Files, directories, glob patterns and URLs -> the targets to read, in order.

    A directory gives its files with a known extension (recursively, hidden files and
    folders skipped); a glob pattern (``data/*.txt``, ``data/**``) gives its matches.
    Something that matches nothing is kept, so ``read_target`` reports it instead of
    it vanishing. Duplicates are dropped.
    """
    found: list[str] = []
    for target in targets:
        found.extend(_expand_one(target))
    return _unique(found)


def _unique(targets: list[str]) -> list[str]:
    """``targets`` without repeats; a file reached twice (through a link) counts once."""
    kept: list[str] = []
    seen: set[str] = set()
    for target in targets:
        key = target if is_url(target) else os.path.realpath(target)
        if key not in seen:
            seen.add(key)
            kept.append(target)
    return kept


def _expand_one(target: str) -> list[str]:
    if is_url(target):
        return [target.strip()]
    path = Path(target).expanduser()
    try:
        if path.is_dir():
            return _directory_files(path) or [target]
        if path.exists() or not _is_glob(target):
            return [str(path)]
    except OSError:  # unreadable or unnameable: read_target says why
        return [target]
    return _glob_files(target) or [target]


def _is_glob(target: str) -> bool:
    return any(char in _GLOB_CHARS for char in target)


def _directory_files(folder: Path) -> list[str]:
    """Files of known kinds under ``folder``, sorted, hidden entries skipped."""
    files: list[str] = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(name).suffix.lower() in KNOWN_EXTENSIONS:
                files.append(os.path.join(root, name))
    return files


def _glob_files(pattern: str) -> list[str]:
    """Matches of a glob pattern; folders expand to their files.

    A pattern that names an extension (``*.md``) takes every match; a bare wildcard
    (``*``, ``**``) only files of known kinds.
    """
    expanded = os.path.expanduser(pattern)
    names_extension = "." in Path(expanded).name.lstrip("*")
    files: list[str] = []
    for path in _glob(expanded):
        if path == Path():  # ``**`` matches the current folder itself: no "./" prefix
            files.extend(os.path.normpath(name) for name in _directory_files(path))
        elif path.is_dir():
            files.extend(_directory_files(path))
        elif names_extension or path.suffix.lower() in KNOWN_EXTENSIONS:
            files.append(str(path))
    return _unique(files)


def _glob(pattern: str) -> list[Path]:
    """Sorted matches of ``pattern``, hidden entries skipped as the shell does.

    ``pathlib`` rather than ``glob``: its ``**`` does not descend into linked folders,
    so a link loop cannot make the search endless.
    """
    parts = Path(pattern).parts
    fixed = next((n for n, part in enumerate(parts) if _is_glob(part)), len(parts))
    base = Path(*parts[:fixed]) if fixed else Path()
    rest = Path(*parts[fixed:]) if fixed < len(parts) else None
    if rest is None:
        return [base] if base.exists() else []
    shows_hidden = any(part.startswith(".") for part in rest.parts)
    matches = [
        match
        for match in base.glob(str(rest))
        if shows_hidden or not any(p.startswith(".") for p in match.relative_to(base).parts)
    ]
    return sorted(matches)


# --------------------------------------------------------------------------- reading


def read_inputs(
    targets: Sequence[str],
    *,
    published: date | None = None,
    source: str | None = None,
    fetch: Fetcher | None = None,
) -> Iterator[ReadResult]:
    """``read_target`` over every target ``expand_inputs`` finds."""
    for target in expand_inputs(targets):
        yield from read_target(target, published=published, source=source, fetch=fetch)


def read_target(
    target: str,
    *,
    published: date | None = None,
    source: str | None = None,
    fetch: Fetcher | None = None,
) -> Iterator[ReadResult]:
    """Read one file, directory, glob pattern or URL: a result per article or error.

    ``fetch`` downloads URLs (default ``fetch_url``; ``offline_fetcher`` turns
    downloading off). Errors come back as results, never as exceptions.
    """
    if is_url(target):
        yield from _guarded(target.strip(), _read_url(target.strip(), published, source, fetch))
        return
    path = Path(target).expanduser()
    try:
        many = path.is_dir() or (not path.exists() and _is_glob(target))
    except OSError as error:  # a name the system cannot even look up
        yield ReadResult.failure(library_error(error, target))
        return
    if many:
        yield from _read_many(target, path, published, source, fetch)
    else:
        yield from _guarded(str(path), _read_file(path, published, source, fetch))


def _read_many(
    target: str,
    path: Path,
    published: date | None,
    source: str | None,
    fetch: Fetcher | None,
) -> Iterator[ReadResult]:
    files = _directory_files(path) if path.is_dir() else _glob_files(target)
    if not files:
        reason = (
            f"no readable files in the directory (looked for {', '.join(KNOWN_EXTENSIONS)})"
            if path.is_dir()
            else "no file matches the pattern"
        )
        yield ReadResult.failure(InputError(reason, path=target))
    for name in files:
        yield from _guarded(name, _read_file(Path(name), published, source, fetch))


def _read_file(
    path: Path, published: date | None, source: str | None, fetch: Fetcher | None
) -> Iterator[ReadResult]:
    kind = KNOWN_EXTENSIONS.get(path.suffix.lower())
    if kind == "jsonl":  # streamed: only each line is held to the size limit
        yield from read_jsonl_file(path, published=published, source=source)
        return
    data = read_input_bytes(path)
    kind = _content_kind(data, kind, origin=str(path))
    yield from _read_content(
        data, kind, origin=str(path), published=published, source=source, fetch=fetch
    )


def _read_url(
    url: str, published: date | None, source: str | None, fetch: Fetcher | None
) -> Iterator[ReadResult]:
    fetched = (fetch or fetch_url)(url)
    data = check_bytes(fetched.data, origin=url)
    kind = _content_kind(data, _url_kind(fetched), origin=url, trust=False)
    yield from _read_content(
        data,
        kind,
        origin=url,
        published=published,
        source=source,
        fetch=fetch,
        fetched=fetched,
    )


def _url_kind(fetched: Fetched) -> str:
    """What the server's media type or the URL's extension say the content is."""
    media = fetched.content_type or ""
    suffix = Path(fetched.url.split("?")[0]).suffix.lower()
    if media in _JSONL_TYPES or suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if media in _JSON_TYPES or suffix == ".json":
        return "json"
    if media == "text/plain" or suffix == ".txt":
        return "text"
    return "url"  # to be decided by the content


def _content_kind(data: bytes, kind: str | None, *, origin: str, trust: bool = True) -> str:
    """Settle the reader: by ``kind`` when ``trust``ed and definite, else by the content.

    A file's extension is trusted; a server's media type is not (feeds are served as
    ``text/plain`` or ``text/html`` often enough), so markup in the content wins.
    """
    definite = kind not in (None, "sniff", "url")
    if definite and trust:
        return str(kind)
    markup = sniff_markup(data)
    if markup is not None:
        return markup
    if definite:
        return str(kind)
    if kind != "jsonl" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    if kind == "sniff":
        raise UnsupportedInputError("XML that is neither an RSS/Atom feed nor a page", path=origin)
    if kind == "url":
        raise UnsupportedInputError(
            "the URL gave neither an HTML page, a feed, JSON nor plain text", path=origin
        )
    return "text"


def _read_content(
    data: bytes,
    kind: str,
    *,
    origin: str,
    published: date | None,
    source: str | None,
    fetch: Fetcher | None,
    fetched: Fetched | None = None,
) -> Iterator[ReadResult]:
    url = fetched.url if fetched else None
    if kind == "feed":
        yield from parse_feed(
            data,
            origin=origin,
            feed_url=url,
            charset=fetched.charset if fetched else None,
            published=published,
            source=source,
            fetch=fetch,
        )
    elif kind == "json":
        yield from parse_json_document(data, origin=origin, published=published, source=source)
    elif kind == "jsonl":
        yield from parse_jsonl_lines(
            data.splitlines(), origin=origin, published=published, source=source
        )
    elif kind == "html":
        charset = fetched.charset if fetched else None
        article = parse_html_article(
            data, origin=origin, url=url, published=published, source=source, charset=charset
        )
        yield ReadResult.success(article)
    else:
        text = decode_text(data, origin=origin)
        article = parse_text_article(
            text,
            origin=origin,
            published=published,
            source=source,
            fallback_source=host_of(url),
            url=url,
        )
        yield ReadResult.success(article)


# --------------------------------------------------------------------------- errors


def _guarded(origin: str, results: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """Pass results on; turn any exception into an error result for ``origin``."""
    try:
        yield from results
    except InputError as error:
        yield ReadResult.failure(error, origin=error.path or origin)
    except Exception as error:  # a library failed on this input: report, never crash
        _LOG.debug("unexpected error reading %s", origin, exc_info=True)
        yield ReadResult.failure(library_error(error, origin))
