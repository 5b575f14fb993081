"""The keys docs/export.md documents for each record, and docs/web.md for the envelopes."""

from __future__ import annotations

from typing import Any

ARTICLE = {"id", "source", "title", "published", "url", "language", "text", "times"}
TIME = {"text", "start", "end", "type", "value", "end_value", "granularity", "mod", "resolved"}
STORY = {
    "id", "level", "title", "first_published", "last_published", "article_ids", "outlets",
    "happenings", "actors", "statements", "ledger", "timeline",
}  # fmt: skip
LISTED_STORY = STORY - {"actors", "statements", "ledger", "timeline"}
HAPPENING = {"id", "title", "article_ids"}
ACTOR = {"id", "name", "kind", "aliases", "roles", "country", "mentions"}
STATEMENT = {
    "id", "article_id", "speaker", "speaker_text", "source_type", "cue", "cue_lemma", "content",
    "kind", "polarity", "hedged", "hedges", "event_time", "start", "end", "spans",
}  # fmt: skip
LEDGER = {
    "id", "speaker", "speaker_text", "source_type", "cue_lemma", "content", "kind", "polarity",
    "hedged", "outlets", "first_reported", "statement_ids",
}  # fmt: skip
TIMELINE = {
    "date", "end_date", "granularity", "text", "article_id", "start", "end", "time_text",
    "reported",
}  # fmt: skip
PAGE = {"schema", "page", "per_page", "total", "pages"}
HIT = {"article_id", "source", "title", "published", "snippet", "highlights", "storyline_id"}


def keys_at_least(record: dict[str, Any], documented: set[str]) -> None:
    """The schema only grows: every documented key is there."""
    missing = documented - record.keys()
    assert not missing, f"missing keys {sorted(missing)} in {sorted(record)}"


def check_article(record: dict[str, Any]) -> None:
    keys_at_least(record, ARTICLE)
    for time in record["times"]:
        keys_at_least(time, TIME)


def check_listed_story(record: dict[str, Any]) -> None:
    keys_at_least(record, LISTED_STORY)
    assert record["level"] in {"storyline", "story"}
    for happening in record["happenings"]:
        keys_at_least(happening, HAPPENING)


def check_export(document: dict[str, Any]) -> None:
    """An export document (docs/export.md), as /api/stories/{id} returns it."""
    assert document["schema"] == "storyline/1"
    for article in document["articles"]:
        check_article(article)
    for story in document["stories"]:
        keys_at_least(story, STORY)
        for key, documented in (
            ("actors", ACTOR),
            ("statements", STATEMENT),
            ("ledger", LEDGER),
            ("timeline", TIMELINE),
            ("happenings", HAPPENING),
        ):
            for record in story[key]:
                keys_at_least(record, documented)
