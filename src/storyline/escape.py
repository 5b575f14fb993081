"""Untrusted text (article text, titles, outlet names, URLs) made safe for each output.

Everything an input holds is data, never markup: a title holding ``<script>``,
``[x](javascript:…)``, ``[bold]`` or an escape sequence must come out as those
characters, not as a tag, a link, a style or a terminal command. Every output goes
through this module, so the policy is written once:

- ``markdown_text``: one line of Markdown (GFM) text, safe in a table cell;
- ``markdown_url``: an http(s) URL as an autolink, anything else as plain text;
- ``html_text`` / ``http_url``: text and link targets for HTML;
- ``terminal_text``: a rich ``Text`` (never parsed for markup or emoji codes).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from rich.text import Text

__all__ = [
    "html_text",
    "http_url",
    "markdown_text",
    "markdown_url",
    "one_line",
    "terminal_text",
    "visible_controls",
]

#: Control characters (C0 but tab and newline, DEL, C1) shown as visible symbols: an
#: escape sequence in an article must not clear a terminal or fake a hyperlink.
_CONTROLS: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(32) if code not in (9, 10)},
    0x7F: "\u2421",
    **dict.fromkeys(range(0x80, 0xA0), "\ufffd"),
}
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029\t]+")
#: HTML first (a raw ``<`` is a tag in Markdown), then every character that can start
#: inline Markdown syntax: code, emphasis, links and images, strikethrough, headings,
#: table cells, and the backslash itself.
_MARKDOWN_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]#|~])")
_SAFE_SCHEMES = ("http", "https")
_URL_UNSAFE = re.compile(r"[\s<>\"'`\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """``text`` with every line break and tab turned into one space."""
    return _LINE_BREAKS.sub(" ", text)


def visible_controls(text: str) -> str:
    """``text`` with control characters (other than tab and newline) made visible."""
    return text.translate(_CONTROLS)


def markdown_text(text: str) -> str:
    """``text`` as one line of literal Markdown: no tag, link, emphasis or cell break."""
    literal = visible_controls(one_line(text)).translate(_MARKDOWN_HTML)
    return _MARKDOWN_SYNTAX.sub(r"\\\1", literal)


def http_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) URL with a host, else None.

    ``javascript:``, ``data:`` and every other scheme are never links; neither is a
    URL with spaces, quotes or angle brackets, which could end the link early.
    """
    if not url or _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.hostname:
        return None
    return url


def markdown_url(url: str) -> str:
    """An http(s) URL as a Markdown autolink; any other URL as literal text."""
    safe = http_url(url)
    return f"<{safe}>" if safe else markdown_text(url)


def html_text(text: str) -> str:
    """``text`` as HTML character data or attribute value (quotes escaped too)."""
    return html.escape(visible_controls(text), quote=True)


def terminal_text(text: str, style: str = "") -> Text:
    """``text`` for rich: a ``Text`` is printed as it is, never read as markup or
    emoji codes (``[bold]``, ``[link=…]``, ``:warning:``); controls made visible."""
    return Text(visible_controls(text), style=style)
