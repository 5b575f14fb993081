"""The JSON and CSV the web view serves: the export's records (schema ``storyline/1``,
docs/export.md), taken from ``export_json`` itself so that there is one schema.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storyline.model import Actor, AnalyzedArticle, LedgerEntry
from storyline.stories.dossier import Dossier, DossierLevel
from storyline.stories.export import SCHEMA, export_json
from storyline.web.evidence import Mark, hit_offsets
from storyline.web.queries import ActorView, OutletView, Page, SearchRow, StoryRow

__all__ = [
    "COLUMNS",
    "SCHEMA",
    "actor_document",
    "article_document",
    "csv_text",
    "dossier_lists",
    "outlet_document",
    "page_document",
    "search_record",
    "story_record",
]

#: CSV columns of each downloadable list (the JSON has every key of the records).
COLUMNS: dict[str, tuple[str, ...]] = {
    "stories": (
        "id", "level", "title", "first_published", "last_published", "article_ids", "outlets",
        "happenings",
    ),
    "hits": ("article_id", "source", "title", "published", "snippet", "storyline_id"),
    "timeline": (
        "date", "end_date", "granularity", "text", "article_id", "start", "end", "time_text",
        "reported",
    ),
    "ledger": (
        "id", "speaker", "speaker_text", "source_type", "cue_lemma", "content", "kind",
        "polarity", "hedged", "outlets", "first_reported", "statement_ids",
    ),
    "exclusive": (
        "storyline_id", "id", "speaker", "speaker_text", "cue_lemma", "content", "kind",
        "polarity", "hedged", "outlets", "first_reported", "statement_ids",
    ),
    "actors": ("id", "name", "kind", "aliases", "roles", "country"),
    "statements": (
        "id", "article_id", "speaker", "speaker_text", "source_type", "cue", "cue_lemma",
        "content", "kind", "polarity", "hedged", "hedges", "event_time", "start", "end",
    ),
    "articles": ("id", "source", "title", "published", "url"),
    "happenings": ("id", "title", "article_ids"),
}  # fmt: skip

#: Lists of a story that can be downloaded on their own.
STORY_LISTS = ("timeline", "ledger", "actors", "statements", "articles", "happenings")


def _export(
    articles: Sequence[AnalyzedArticle] = (),
    actors: Sequence[Actor] = (),
    ledger: Sequence[LedgerEntry] = (),
) -> dict[str, Any]:
    """The export of a bare dossier holding just these records, to reuse its encoders."""
    bare = Dossier(
        id="",
        level=DossierLevel.STORY,
        title="",
        stories=(),
        articles=tuple(articles),
        actors=tuple(actors),
        ledger=tuple(ledger),
        timeline=(),
    )
    return export_json([bare])


def story_record(row: StoryRow) -> dict[str, Any]:
    """A listing's story: the export's story keys that need no dossier; a storyline row
    that lists only part of it (its latest and largest happenings) adds its counts."""
    counts = (
        {"article_count": row.article_count, "happening_count": row.happening_count}
        if row.partial
        else {}
    )
    return {
        "id": row.id,
        "level": row.level,
        "title": row.title,
        "first_published": row.first.isoformat() if row.first else None,
        "last_published": row.last.isoformat() if row.last else None,
        "article_ids": list(row.article_ids),
        "outlets": list(row.outlets),
        "happenings": [
            {"id": h.id, "title": h.title, "article_ids": list(h.article_ids)}
            for h in row.happenings
        ],
        **counts,
    }


def search_record(row: SearchRow) -> dict[str, Any]:
    snippet, hits = hit_offsets(row.hit.snippet)
    head = row.hit.head
    return {
        "article_id": head.id,
        "source": head.source,
        "title": head.title,
        "published": head.published.isoformat() if head.published else None,
        "snippet": snippet,
        "highlights": [list(hit) for hit in hits],
        "storyline_id": row.story.id if row.story else None,
    }


def page_document(page: Page[Any], key: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
        key: records,
    }


def dossier_lists(dossier: Dossier, generator: str) -> dict[str, Any]:
    """The export of one dossier, with each downloadable list of it by name."""
    document = export_json([dossier], generator=generator)
    story = document["stories"][0]
    lists = {name: story[name] for name in STORY_LISTS if name in story}
    lists["articles"] = document["articles"]
    return {"document": document, **lists}


def article_document(analyzed: AnalyzedArticle, marks: Iterable[Mark]) -> dict[str, Any]:
    exported = _export(articles=[analyzed])
    return {
        "schema": SCHEMA,
        "article": exported["articles"][0],
        "statements": exported["stories"][0]["statements"],
        "highlights": [{"start": m.start, "end": m.end, "kind": m.kind} for m in marks],
    }


def actor_document(view: ActorView) -> dict[str, Any]:
    exported = _export(articles=[a for a, _ in view.statements], actors=[view.actor])
    wanted = {(a.id, s.start, s.end) for a, s in view.statements}
    statements = [
        {**record, "speaker": view.actor.id}
        for record in exported["stories"][0]["statements"]
        if (record["article_id"], record["start"], record["end"]) in wanted
    ]
    return {
        "schema": SCHEMA,
        "actor": exported["stories"][0]["actors"][0],
        "stories": [story_record(row) for row in view.stories],
        "statements": statements,
    }


def outlet_document(view: OutletView) -> dict[str, Any]:
    ledger = _export(ledger=[entry for _, entry in view.exclusive])["stories"][0]["ledger"]
    return {
        "schema": SCHEMA,
        "outlet": view.name,
        "articles": [
            {
                "id": head.id,
                "source": head.source,
                "title": head.title,
                "published": head.published.isoformat() if head.published else None,
            }
            for head in view.articles
        ],
        "stories": [story_record(row) for row in view.stories],
        "exclusive": [
            {"storyline_id": row.id, **record}
            for (row, _), record in zip(view.exclusive, ledger, strict=True)
        ],
    }


# --------------------------------------------------------------------------- CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(item["id"] if isinstance(item, dict) else item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    # A spreadsheet would run a cell starting like a formula: keep it text.
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in columns])
    return out.getvalue()
