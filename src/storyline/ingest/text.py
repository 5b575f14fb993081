"""Plain-text articles: first line the title, last line ``source NAME`` the outlet.

Everything between is the body as the outlet printed it; the ``clean`` stage removes
kickers, player text, photo credits and bylines from it.
"""

from __future__ import annotations

import re
from datetime import date

from storyline.errors import MalformedInputError
from storyline.model import Article

__all__ = ["parse_text_article"]

#: Matched on the stripped line, blanks possessively (``\s++``): a source line of many
#: blanks made the old pattern backtrack for minutes.
_SOURCE_LINE = re.compile(r"source(?:\s*+[:=])?\s++(?P<source>\S.{0,120})", re.IGNORECASE)


def parse_text_article(
    text: str,
    *,
    origin: str,
    published: date | None = None,
    source: str | None = None,
    fallback_source: str | None = None,
    url: str | None = None,
) -> Article:
    """Split a plain-text article into title, body and outlet.

    ``source`` replaces the file's ``source`` line; ``fallback_source`` (the host of
    the URL the text came from) is used when there is neither.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise MalformedInputError("no text", path=origin)
    match = _SOURCE_LINE.fullmatch(lines[-1].strip())
    if match:
        source = source or match.group("source")
        lines.pop()
    if not "".join(lines).strip():
        raise MalformedInputError("no text (only a source line)", path=origin)
    title = lines.pop(0).strip()
    body = "\n".join(lines).strip()
    if not body:
        # a one-paragraph file: the title is all the text there is
        body = title
    return Article.create(
        source=source or fallback_source or "unknown",
        title=title,
        text=body,
        published=published,
        url=url,
        origin=origin,
    )
