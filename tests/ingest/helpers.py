"""Helpers of the reader tests: the hand-written inputs, a fetcher without network, pages."""

from __future__ import annotations

from pathlib import Path

from storyline.errors import FetchError, InputError
from storyline.ingest import Fetched

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


class FakeFetcher:
    """Serves pages from a dict; any other URL fails like a missing page.

    A value that is an ``InputError`` is raised instead of served; ``calls`` records
    every URL asked for.
    """

    def __init__(self, pages: dict[str, bytes | InputError], content_type: str = "") -> None:
        self.pages = pages
        self.content_type = content_type
        self.calls: list[str] = []

    def __call__(self, url: str) -> Fetched:
        self.calls.append(url)
        page = self.pages.get(url)
        if page is None:
            raise FetchError("HTTP 404 Not Found", path=url)
        if isinstance(page, InputError):
            raise page
        media = self.content_type or None
        return Fetched(url=url, data=page, content_type=media, charset=None)


def page(title: str, *paragraphs: str, extra_head: str = "") -> bytes:
    """A small news page with navigation and footer around the article."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title>{extra_head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer><a href='/privacy'>Privacy policy</a> <a href='/contact'>Contact</a></footer>"
        "</body></html>"
    ).encode()
