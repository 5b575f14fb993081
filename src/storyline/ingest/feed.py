"""RSS and Atom feeds: one article per entry, parsed by feedparser.

An entry's text is its content (``content:encoded``, Atom ``<content>``) or summary,
HTML turned into paragraphs. Many feeds carry only a teaser; when the best text an
entry has is shorter than ``SUMMARY_MAX_CHARS`` or ends like a cut-off teaser
("…", "[...]", "Read more"), the entry's page is downloaded and its article extracted
with the HTML reader. A page that cannot be fetched or read leaves the entry with its
summary and a warning, so no entry is lost; with ``offline_fetcher`` no page is
fetched and the summaries are kept without warnings.

feedparser never downloads anything here: it gets bytes; fetching goes through the
injectable ``Fetcher`` (timeout, 20 MB limit, reasons in ``FetchError``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import feedparser

from storyline.errors import EmptyInputError, FetchError, InputError, MalformedInputError
from storyline.ingest.common import (
    ReadResult,
    check_bytes,
    host_of,
    is_url,
    join_paragraphs,
    read_input_bytes,
    sniff_markup,
)
from storyline.ingest.fetch import Fetcher, SkippedPageError, fetch_url, offline_fetcher
from storyline.ingest.html import html_fragment_to_text, parse_html_article
from storyline.model import Article

__all__ = ["SUMMARY_MAX_CHARS", "parse_feed", "read_feed_file"]

#: Entry text shorter than this (in characters) is a teaser: the page is fetched.
SUMMARY_MAX_CHARS = 400

_TEASER_END = re.compile(
    r"(\.\.\.|…|\[\s*(\.\.\.|…)\s*\]|read more|continue reading|more\s*»)\W*$", re.IGNORECASE
)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed_file(
    path: Path,
    *,
    published: date | None = None,
    source: str | None = None,
    fetch: Fetcher | None = None,
) -> Iterator[ReadResult]:
    """Read the entries of an RSS/Atom file; teasers are completed from their pages."""
    origin = str(path)
    data = read_input_bytes(path)
    yield from parse_feed(data, origin=origin, published=published, source=source, fetch=fetch)


def parse_feed(
    data: bytes,
    *,
    origin: str,
    feed_url: str | None = None,
    published: date | None = None,
    source: str | None = None,
    fetch: Fetcher | None = None,
) -> Iterator[ReadResult]:
    """One ``ReadResult`` per entry of a feed given as bytes.

    ``feed_url`` is where the feed was downloaded from (relative links resolve against
    it). ``source`` replaces the outlet the feed names; ``published`` is used for
    entries without a date. A feed that cannot be parsed at all, or has no entries,
    raises ``MalformedInputError`` or ``EmptyInputError``.
    """
    check_bytes(data, origin=origin)
    # with any header feedparser expects a Content-Type too; application/xml lets the
    # document's own encoding declaration decide, as for a file
    headers = (
        {"content-location": feed_url, "content-type": "application/xml"} if feed_url else None
    )
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries: list[Mapping[str, Any]] = list(parsed.get("entries", []))
    feed: Mapping[str, Any] = parsed.get("feed", {})
    if not entries:
        raise _no_entries(parsed, origin, is_page=sniff_markup(data) == "html")
    context = _FeedContext(
        origin=origin,
        outlet=source,
        feed_outlet=_text(feed.get("title")) or host_of(feed.get("link")) or host_of(feed_url),
        language=_language(feed.get("language")),
        published=published,
        fetch=fetch or fetch_url,
    )
    warning = _not_well_formed(parsed)
    for number, entry in enumerate(entries, start=1):
        entry_origin = f"{origin}#{number}"
        try:
            result = _read_entry(entry, context, origin=entry_origin)
        except InputError as error:
            result = ReadResult.failure(error, origin=entry_origin)
        if warning and number == 1:
            result = ReadResult(
                result.origin, result.article, result.error, (warning, *result.warnings)
            )
        yield result


def _no_entries(parsed: Mapping[str, Any], origin: str, *, is_page: bool) -> InputError:
    if is_page:
        return MalformedInputError("an HTML page, not an RSS or Atom feed", path=origin)
    if parsed.get("bozo"):
        return MalformedInputError(
            f"not a valid RSS or Atom feed ({_exception_text(parsed.get('bozo_exception'))})",
            path=origin,
        )
    if not parsed.get("version"):
        return MalformedInputError("not an RSS or Atom feed", path=origin)
    return EmptyInputError("the feed has no entries", path=origin)


def _not_well_formed(parsed: Mapping[str, Any]) -> str | None:
    if not parsed.get("bozo"):
        return None
    reason = _exception_text(parsed.get("bozo_exception"))
    return f"the feed is not well-formed ({reason}); its readable entries were kept"


def _exception_text(error: object) -> str:
    text = str(error) if error is not None else ""
    return re.sub(r"^<unknown>:", "line ", text) or type(error).__name__


# --------------------------------------------------------------------------- entries


@dataclass(slots=True)
class _FeedContext:
    """What every entry of one feed shares."""

    origin: str
    outlet: str | None  # given by the user: replaces every other outlet
    feed_outlet: str | None
    language: str | None
    published: date | None
    fetch: Fetcher
    unreachable_hosts: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Page:
    text: str
    published: date | None
    language: str


def _read_entry(entry: Mapping[str, Any], context: _FeedContext, *, origin: str) -> ReadResult:
    link = entry.get("link") if is_url(str(entry.get("link", ""))) else None
    text = _entry_text(entry)
    warnings: list[str] = []
    page: _Page | None = None
    if link and context.fetch is not offline_fetcher and _is_teaser(text):
        try:
            page = _fetch_page(link, context)
        except InputError as error:
            warnings.append(
                f"{link}: could not get the full article ({error.message}); kept the feed's summary"
            )
    if page is not None and len(page.text) > len(text):
        text = page.text
    if not text:
        raise EmptyInputError("the entry has no text (no content, no summary)", path=origin)
    published = _entry_date(entry) or (page.published if page else None) or context.published
    article = Article.create(
        source=context.outlet or _entry_outlet(entry) or context.feed_outlet or "unknown",
        title=_entry_title(entry),
        text=text,
        published=published,
        url=link,
        language=(page.language if page else None) or context.language or "en",
        origin=origin,
    )
    return ReadResult.success(article, warnings=tuple(warnings))


def _fetch_page(link: str, context: _FeedContext) -> _Page:
    host = host_of(link) or link
    if host in context.unreachable_hosts:
        raise FetchError(f"skipped: an earlier download from {host} failed", path=link)
    try:
        fetched = context.fetch(link)
    except SkippedPageError:  # not fetched on purpose: says nothing about the host
        raise
    except FetchError as error:
        if not error.message.startswith("HTTP "):  # the host itself is unreachable
            context.unreachable_hosts.add(host)
        raise
    article = parse_html_article(
        fetched.data, origin=link, url=fetched.url, charset=fetched.charset
    )
    return _Page(article.text, article.published, article.language)


def _is_teaser(text: str) -> bool:
    return len(text) < SUMMARY_MAX_CHARS or bool(_TEASER_END.search(text))


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest of the entry's contents and summary, as paragraphs of plain text."""
    candidates = [*entry.get("content", []), entry.get("summary_detail") or {}]
    if not entry.get("summary_detail") and entry.get("summary"):
        candidates.append({"type": "text/html", "value": entry.get("summary")})
    texts = [_detail_text(detail) for detail in candidates]
    return max(texts, key=len, default="")


def _detail_text(detail: Mapping[str, Any]) -> str:
    value = detail.get("value")
    if not isinstance(value, str) or not value.strip():
        return ""
    if str(detail.get("type", "text/html")).lower() in _HTML_TYPES or "<" in value:
        return html_fragment_to_text(value)
    return join_paragraphs(value.splitlines())


def _entry_title(entry: Mapping[str, Any]) -> str:
    detail = entry.get("title_detail") or {}
    title = entry.get("title") or ""
    if str(detail.get("type", "")).lower() in _HTML_TYPES:
        title = html_fragment_to_text(title)
    return " ".join(str(title).split())


def _entry_outlet(entry: Mapping[str, Any]) -> str | None:
    """The outlet an aggregator feed names for an entry (RSS ``<source>``)."""
    origin_feed = entry.get("source")
    if isinstance(origin_feed, Mapping):
        return _text(origin_feed.get("title"))
    return None


def _entry_date(entry: Mapping[str, Any]) -> date | None:
    """Publication (else update) date as the outlet wrote it, in its own time zone."""
    for key in ("published", "updated", "created"):
        day = _feed_date(entry.get(key))
        if day is None:
            parsed = entry.get(f"{key}_parsed")
            day = date(*parsed[:3]) if parsed else None
        if day is not None:
            return day
    return None


def _feed_date(value: object) -> date | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom) date-time as a date."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None


def _language(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
