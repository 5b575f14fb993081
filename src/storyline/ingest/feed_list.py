"""The follower's inputs: a file of feeds, and polling intervals like ``15m``."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.common import is_url, read_input_bytes

__all__ = ["MIN_EVERY", "duration_text", "parse_every", "read_feed_list"]


def duration_text(span: timedelta) -> str:
    """``45 s``, ``15 min``, ``3 h``."""
    seconds = int(span.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
MIN_EVERY = timedelta(seconds=10)


def parse_every(text: str) -> timedelta:
    """``30s``, ``15m``, ``2h``, ``1d`` as a polling interval (at least ``MIN_EVERY``)."""
    match = _DURATION.match(text)
    if match is None:
        raise InputError(f"{text!r} is not a duration like 30s, 15m, 2h or 1d", path="--every")
    span = timedelta(seconds=float(match[1]) * _UNIT_SECONDS[match[2].lower()])
    if span < MIN_EVERY:
        raise InputError(
            f"cannot poll more often than every {duration_text(MIN_EVERY)}", path="--every"
        )
    return span


def read_feed_list(path: Path) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Feeds from a file, one per line: ``URL [outlet name]``; ``#`` starts a comment.

    Returns the feeds and one problem line per line that is not an http(s) URL.
    """
    data = read_input_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the feed list is not UTF-8 text", path=str(path)) from None
    feeds: list[tuple[str, str | None]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split(" #")[0].strip()
        if not content or content.startswith("#"):
            continue
        url, _, outlet = content.partition(" ")
        if not is_url(url):
            problems.append(f"{path}:{number}: not an http(s) URL: {url[:80]!r}")
            continue
        feeds.append((url, outlet.strip() or None))
    return feeds, problems
