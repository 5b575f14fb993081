"""Internal links of the web view, and the only external links it makes (http and https)."""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

__all__ = ["actor_url", "article_url", "external_url", "outlet_url", "story_url", "with_query"]


def _segment(value: str) -> str:
    return quote(value, safe="")


def story_url(story_id: str) -> str:
    return f"/stories/{_segment(story_id)}"


def actor_url(actor_id: str) -> str:
    return f"/actors/{_segment(actor_id)}"


def outlet_url(name: str) -> str:
    return f"/outlets/{_segment(name)}"


def article_url(article_id: str, **params: object) -> str:
    """The evidence page of an article; with ``statement=`` or ``start=``/``end=`` it
    highlights that span and opens at it."""
    query = {key: str(value) for key, value in params.items() if value is not None}
    base = f"/articles/{_segment(article_id)}"
    return f"{base}?{urlencode(query)}#evidence" if query else base


def with_query(path: str, params: dict[str, str], **extra: object) -> str:
    """``path`` with the current filters and some more parameters."""
    query = {**params, **{key: str(value) for key, value in extra.items() if value is not None}}
    return f"{path}?{urlencode(query)}" if query else path


def external_url(url: str | None) -> str | None:
    """A link to an article's page only when it is plain http(s); never ``javascript:``."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in {"http", "https"} and parts.netloc else None
