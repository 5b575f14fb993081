"""RSS and Atom feeds: one article per entry, parsed by feedparser.

An entry's text is its content (``content:encoded``, Atom ``<content>``) or summary,
HTML turned into paragraphs. Many feeds carry only a teaser; when the best text an
entry has is shorter than ``SUMMARY_MAX_CHARS`` or ends like a cut-off teaser
("…", "[...]", "Read more"), the entry's page is downloaded and its article extracted
with the HTML reader. A page that cannot be fetched or read leaves the entry with its
summary and a warning, so no entry is lost (``on_page_error`` hears of each such page:
the follower fetches it again later); with ``offline_fetcher`` no page is fetched and
the summaries are kept without warnings.

feedparser never downloads anything here: it gets bytes; fetching goes through the
injectable ``Fetcher`` (timeout, 20 MB limit, reasons in ``FetchError``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from typing import Any

import feedparser

from storyline.errors import EmptyInputError, FetchError, InputError, MalformedInputError
from storyline.ingest.common import (
    ReadResult,
    check_bytes,
    host_of,
    is_url,
    join_paragraphs,
    read_one,
    sniff_markup,
)
from storyline.ingest.fetch import Fetcher, SkippedPageError, fetch_url, offline_fetcher
from storyline.ingest.html import html_fragment_to_text, parse_html_article
from storyline.model import Article

__all__ = ["SUMMARY_MAX_CHARS", "PageErrorHandler", "parse_feed", "with_page"]

#: Entry text shorter than this (in characters) is a teaser: the page is fetched.
SUMMARY_MAX_CHARS = 400

_TEASER_END = re.compile(
    r"(\.\.\.|…|\[\s*(\.\.\.|…)\s*\]|read more|continue reading|more\s*»)\W*$", re.IGNORECASE
)
_TEASER_TAIL = 200
_BUSY = ("HTTP 429 ", "HTTP 503 ")  # Too Many Requests, Service Unavailable
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")

#: Told ``(link, error)`` for each entry whose page was wanted but could not be had.
PageErrorHandler = Callable[[str, InputError], None]


def parse_feed(
    data: bytes,
    *,
    origin: str,
    feed_url: str | None = None,
    charset: str | None = None,
    published: date | None = None,
    source: str | None = None,
    fetch: Fetcher | None = None,
    on_page_error: PageErrorHandler | None = None,
) -> Iterator[ReadResult]:
    """One ``ReadResult`` per entry of a feed given as bytes.

    ``feed_url`` is where the feed was downloaded from (relative links resolve against
    it), ``charset`` what its server said it is encoded in. ``source`` replaces the
    outlet the feed names; ``published`` is used for entries without a date. A feed
    that cannot be parsed at all, or has no entries, raises ``MalformedInputError`` or
    ``EmptyInputError``.
    """
    check_bytes(data, origin=origin)
    parsed = feedparser.parse(io.BytesIO(data), response_headers=_headers(feed_url, charset))
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
        on_page_error=on_page_error,
    )
    warning = _not_well_formed(parsed)
    for number, entry in enumerate(entries, start=1):
        entry_origin = f"{origin}#{number}"
        result = read_one(entry_origin, partial(_read_entry, entry, context, origin=entry_origin))
        if warning and number == 1:
            result = ReadResult(
                result.origin, result.article, result.error, (warning, *result.warnings)
            )
        yield result


def _headers(feed_url: str | None, charset: str | None) -> dict[str, str] | None:
    """The HTTP headers feedparser needs for a downloaded feed.

    The content is known to be a feed by now (servers often say ``text/html`` or
    nothing), so feedparser is told it is XML, in the server's charset if it named
    one, else in the one the XML declares: without a ``Content-Type`` it would flag
    every downloaded feed as not well-formed.
    """
    if not feed_url:
        return None
    media = f"application/xml; charset={charset}" if charset else "application/xml"
    return {"content-location": feed_url, "content-type": media}


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
    on_page_error: PageErrorHandler | None = None
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
            if context.on_page_error is not None:
                context.on_page_error(link, error)
    if page is not None and _says_more(page.text, text):
        text = page.text
    if not text:
        raise EmptyInputError("the entry has no text (no content, no summary)", path=origin)
    published = (
        _entry_date(entry, origin) or (page.published if page else None) or context.published
    )
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


def with_page(article: Article, page: Article) -> Article | None:
    """An entry's article with the text of its page fetched later, when the page says
    more than the feed did (else None); the entry's title, outlet and date are kept."""
    if not _says_more(page.text, article.text):
        return None
    return Article.create(
        source=article.source,
        title=article.title,
        text=page.text,
        published=article.published or page.published,
        url=article.url,
        language=page.language or article.language,
        origin=article.origin,
    )


def _says_more(page_text: str, entry_text: str) -> bool:
    return len(page_text) > len(entry_text)


def _fetch_page(link: str, context: _FeedContext) -> _Page:
    host = host_of(link) or link
    if host in context.unreachable_hosts:
        raise FetchError(f"skipped: an earlier download from {host} failed", path=link)
    try:
        fetched = context.fetch(link)
    except SkippedPageError:  # not fetched on purpose: says nothing about the host
        raise
    except FetchError as error:
        # the host is unreachable, or asks for fewer requests: its other pages wait
        if not error.message.startswith("HTTP ") or error.message.startswith(_BUSY):
            context.unreachable_hosts.add(host)
        raise
    article = parse_html_article(
        fetched.data, origin=link, url=fetched.url, charset=fetched.charset
    )
    return _Page(article.text, article.published, article.language)


def _is_teaser(text: str) -> bool:
    # only the end matters: searching all of a long text took time growing with its square
    return len(text) < SUMMARY_MAX_CHARS or bool(_TEASER_END.search(text[-_TEASER_TAIL:]))


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


def _entry_date(entry: Mapping[str, Any], origin: str) -> date | None:
    """Publication (else update) date as the outlet wrote it, in its own time zone.

    A date feedparser reads as one no calendar has (``0000-01-01``) is the entry's
    error, not a silent guess.
    """
    for key in ("published", "updated", "created"):
        day = _feed_date(entry.get(key))
        parsed = entry.get(f"{key}_parsed")
        if day is None and parsed:
            try:
                day = date(*parsed[:3])
            except (TypeError, ValueError) as error:
                raise MalformedInputError(
                    f"cannot read date {entry.get(key)!r} ({error})", path=origin
                ) from None
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
