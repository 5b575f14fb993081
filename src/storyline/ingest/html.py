"""HTML pages: article text and metadata by trafilatura, publication date by htmldate.

A saved or downloaded news page carries navigation, teasers, cookie banners and footers
around the article; trafilatura keeps the article body (headings and paragraphs, one
per line) and reads the title, site name, canonical URL and language. The publication
date comes from htmldate's ``find_date`` (run by trafilatura) with the original date
preferred over later updates and without the loose free-text search that turns a
footer's "© 2023" into 1 January. The file's own time is never used as a date.

trafilatura is imported when a page is first extracted, not with this module: the
commands that only read the store (``show``, ``serve``, ``export``) never load it.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime
from typing import Any

from lxml import html as lxml_html  # type: ignore[import-untyped]

from storyline.errors import EncodingInputError, MalformedInputError
from storyline.ingest.common import (
    check_bytes,
    host_of,
    join_paragraphs,
    parse_date,
)
from storyline.model import Article

__all__ = [
    "decode_html",
    "html_fragment_to_text",
    "parse_html_article",
]

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*+=\s*+["']?\s*+([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
#: Language tags are found first and their attributes searched inside each, and blanks
#: are matched possessively (``\s*+``): linear in the page, where one regex over the
#: page took minutes on unclosed ``<meta`` tags.
_LANGUAGE_TAG = re.compile(r"<(html|meta)\b[^<>]*", re.IGNORECASE)
_LANG_ATTRIBUTE = re.compile(
    r"""\s(?:xml:)?lang\s*+=\s*+["']?\s*+([a-zA-Z]{2,3})\b""", re.IGNORECASE
)
_LANGUAGE_META = re.compile(
    r"""http-equiv\s*+=\s*+["']?content-language|property\s*+=\s*+["']?og:locale""",
    re.IGNORECASE,
)
_CONTENT_ATTRIBUTE = re.compile(r"""content\s*+=\s*+["']?\s*+([a-zA-Z]{2,3})\b""", re.IGNORECASE)
#: Labels the HTML standard decodes as windows-1252, a superset of latin-1 and ASCII.
_WINDOWS_1252_LABELS = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1"}
_TERMINAL = re.compile(r"[.!?…\"”’»)]$")


# --------------------------------------------------------------------------- decoding


def decode_html(data: bytes, *, origin: str, charset: str | None = None) -> str:
    """Decode an HTML page: byte-order mark, then ``charset`` (HTTP), then ``<meta>``.

    A page that declares no charset must be UTF-8; a page that is not valid in the
    charset it declares is refused with ``EncodingInputError``.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding: str | None = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _known_encoding(charset) or _declared_encoding(data[:4096])
    name = encoding or "utf-8"
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        declared = "" if encoding else " and the page declares no charset"
        raise EncodingInputError(
            f"not valid {name.upper()} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}){declared}",
            path=origin,
        ) from None
    return _XML_DECLARATION.sub("", text, count=1)


def _declared_encoding(head: bytes) -> str | None:
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            found = _known_encoding(match.group(1).decode("ascii", errors="ignore"))
            if found:
                return found
    return None


def _known_encoding(label: str | None) -> str | None:
    """The Python codec for a charset label, following the HTML standard's aliases."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # a page that reached us as ASCII-compatible bytes is not UTF-16, whatever it says
    return "utf-8" if name.startswith("utf-16") or name == "utf-8-sig" else name


# --------------------------------------------------------------------------- pages


def parse_html_article(
    html: bytes | str,
    *,
    origin: str,
    url: str | None = None,
    published: date | None = None,
    source: str | None = None,
    charset: str | None = None,
) -> Article:
    """Extract the article of an HTML page.

    ``url`` is where the page was downloaded from (a canonical URL in the page wins);
    ``source`` replaces the outlet the page names; ``published`` is used when the page
    carries no date. A page without article text raises ``MalformedInputError``.
    """
    if isinstance(html, bytes):
        html = decode_html(check_bytes(html, origin=origin), origin=origin, charset=charset)
    else:
        html = _XML_DECLARATION.sub("", html, count=1)
    document = _extract(html, url)
    body = join_paragraphs((document.get("text") or "").split("\n"))
    if not _has_article_text(body):
        raise MalformedInputError(
            "no article text found in the page (only navigation, links or boilerplate)",
            path=origin,
        )
    page_url = _absolute(document.get("url")) or url
    outlet = (
        source
        or _clean(document.get("sitename"))
        or _clean(document.get("hostname"))
        or host_of(page_url)
        or "unknown"
    )
    return Article.create(
        source=outlet,
        title=_clean(document.get("title")) or "",
        text=body,
        published=_page_date(document.get("date"), origin) or published,
        url=page_url,
        language=_page_language(html),
        origin=origin,
    )


def _extract(html: str, url: str | None) -> dict[str, Any]:
    """Run trafilatura; an empty dict when it finds nothing."""
    import trafilatura  # here: a third of a second to import, for pages only

    date_params = {
        "original_date": True,
        "extensive_search": False,
        "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
    }
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params=date_params,
    )
    if document is None:
        return {}
    return dict(document.as_dict()) if hasattr(document, "as_dict") else dict(document)


def _has_article_text(body: str) -> bool:
    """At least one sentence-like paragraph: not just menu entries or link lists."""
    for paragraph in body.split("\n\n"):
        words = len(paragraph.split())
        if words >= 12 or (words >= 4 and _TERMINAL.search(paragraph)):
            return True
    return False


def _page_date(value: object, origin: str) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_date(value, origin=origin)
    except MalformedInputError:
        return None


def _page_language(html: str) -> str:
    """The primary language subtag of ``<html lang>`` or its meta tags; else English."""
    meta_language = None
    for tag in _LANGUAGE_TAG.finditer(html[:65536]):
        if tag.group(1).lower() == "html":
            match = _LANG_ATTRIBUTE.search(tag.group())
            if match:
                return match.group(1).lower()
        elif meta_language is None:
            meta_language = _meta_language(tag.group())
    return meta_language or "en"


def _meta_language(tag: str) -> str | None:
    """The language a ``<meta http-equiv=content-language>`` or ``og:locale`` gives."""
    kind = _LANGUAGE_META.search(tag)
    match = _CONTENT_ATTRIBUTE.search(tag, kind.end()) if kind else None
    return match.group(1).lower() if match else None


def _absolute(url: object) -> str | None:
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


# --------------------------------------------------------------------------- fragments


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIPPED_TAGS = frozenset(
    ["script", "style", "noscript", "template", "iframe", "svg", "object", "button", "form"]
)
_WHITESPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")  # libxml2 stops reading at one


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept.

    Block elements (``<p>``, ``<li>``, headings, ...) become paragraphs; a ``<br>``
    inside one only splits it where the sentence does not go on.
    """
    blocks = _fragment_blocks(fragment)
    paragraphs = (join_paragraphs("".join(block).split("\n")) for block in blocks)
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _fragment_blocks(fragment: str) -> list[list[str]]:
    """The text of ``fragment`` in pieces, one list per block element.

    lxml (libxml2) parses it: linear in the input, where ``html.parser`` takes minutes
    on 60 KB of unclosed tags and raises ``AssertionError`` on some declarations.
    """
    root = lxml_html.fragment_fromstring(_SURROGATE.sub("\ufffd", fragment), create_parent="div")
    blocks: list[list[str]] = [[]]
    skipping = 0
    stack: list[tuple[Any, bool]] = [(root, False)]  # (element, whether it is closing)
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment
        if tag in _SKIPPED_TAGS:
            skipping += -1 if closing else 1
        elif tag is not None and (not closing or tag != "br"):
            _break(blocks, tag)
        text = element.tail if closing else (element.text if tag is not None else None)
        if text and not skipping:
            blocks[-1].append(_WHITESPACE.sub(" ", text))
        if not closing:
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
    return blocks


def _break(blocks: list[list[str]], tag: str) -> None:
    if tag == "br":
        blocks[-1].append("\n")
    elif tag in _BLOCK_TAGS:
        blocks.append([])
