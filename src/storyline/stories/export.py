"""Dossiers as JSON (schema ``storyline/1``, see docs/export.md) and as Markdown."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TextIO

from storyline.escape import markdown_text, markdown_url
from storyline.model import (
    Actor,
    AnalyzedArticle,
    Article,
    Contradiction,
    LedgerEntry,
    Statement,
    StatementKind,
    Story,
    TimelineEntry,
)
from storyline.store.base import ArticleHead
from storyline.stories.dossier import Dossier
from storyline.stories.grouping import Grouping
from storyline.stories.ranking import Limits, rank_dossier

__all__ = [
    "SCHEMA",
    "article_list_json",
    "attribution_parts",
    "contradiction_line",
    "count",
    "export_json",
    "export_markdown",
    "quoted",
    "statement_id",
    "story_list_json",
    "write_export_json",
    "write_export_markdown",
]

SCHEMA = "storyline/1"

_QUOTES = '“”"«»‘’„'


def quoted(content: str) -> str:
    """Content in quotation marks, unless it is a quotation already."""
    if content[:1] in _QUOTES:
        return content
    return f"“{content}”"


def count(n: int, noun: str) -> str:
    """ "1 article", "3 articles"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def attribution_parts(entry: LedgerEntry) -> tuple[str, str]:
    """What stands before and after the speaker on a ledger line: "according to X: ",
    "X (say): "."""
    if entry.kind is StatementKind.ACCORDING_TO:
        return "according to ", ": "
    return "", f" ({entry.cue_lemma or 'quoted'}): "


def statement_id(article_id: str, statement: Statement) -> str:
    key = f"{article_id}:{statement.start}:{statement.end}"
    return "st-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


def _article_summary_json(article: Article | ArticleHead) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "language": article.language,
    }


def _article_json(analyzed: AnalyzedArticle) -> dict[str, Any]:
    article = analyzed.article
    return {
        **_article_summary_json(article),
        "text": article.text,
        "times": [
            {
                "text": t.text,
                "start": t.start,
                "end": t.end,
                "type": t.type.value,
                "value": t.value,
                "end_value": t.end_value,
                "granularity": t.granularity.value,
                "mod": t.mod,
                "resolved": t.resolved,
            }
            for t in analyzed.times
        ],
    }


def _actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind.value,
        "aliases": list(actor.aliases),
        "roles": list(actor.roles),
        "country": actor.country,
        "mentions": [{"article_id": a, "start": s, "end": e} for a, s, e in actor.mentions],
    }


def _statement_json(article_id: str, statement: Statement, speaker: str | None) -> dict[str, Any]:
    return {
        "id": statement_id(article_id, statement),
        "article_id": article_id,
        "speaker": speaker,
        "speaker_text": statement.speaker_text,
        "source_type": statement.source_type.value,
        "cue": statement.cue_text,
        "cue_lemma": statement.cue_lemma,
        "content": statement.content_text,
        "kind": statement.kind.value,
        "polarity": statement.polarity.value,
        "hedged": statement.hedged,
        "hedges": list(statement.hedges),
        "event_time": statement.event_time,
        "start": statement.start,
        "end": statement.end,
        "spans": {
            "source": _span(statement.source),
            "cue": _span(statement.cue),
            "content": _span(statement.content),
        },
    }


def _ledger_json(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "speaker": entry.speaker_id,
        "speaker_text": entry.speaker_text,
        "source_type": entry.source_type.value,
        "cue_lemma": entry.cue_lemma,
        "content": entry.content_text,
        "kind": entry.kind.value,
        "polarity": entry.polarity.value,
        "hedged": bool(entry.hedges),
        "outlets": list(entry.outlets),
        "first_reported": entry.first_reported.isoformat() if entry.first_reported else None,
        "statement_ids": [statement_id(a, s) for a, s in entry.reports],
    }


def _contradiction_side(report: tuple[str, Statement], denies: bool) -> dict[str, Any]:
    article_id, statement = report
    return {
        "statement_id": statement_id(article_id, statement),
        "article_id": article_id,
        "start": statement.start,
        "end": statement.end,
        "speaker_text": statement.speaker_text,
        "content": statement.content_text,
        "stance": "denies" if denies else "asserts",
    }


def _contradiction_json(item: Contradiction) -> dict[str, Any]:
    return {
        "kind": item.kind.value,
        "reason": item.reason,
        "ledger_ids": [item.first_entry, item.second_entry],
        "statements": [
            _contradiction_side(item.first, item.first_denies),
            _contradiction_side(item.second, not item.first_denies),
        ],
    }


def contradiction_line(item: Contradiction, outlets: dict[str, str]) -> tuple[str, str]:
    """The two sides of a contradiction as plain text, each with its outlet and evidence
    (``article[start:end]``), for the terminal and Markdown."""
    sides = []
    for (article_id, statement), denies in (
        (item.first, item.first_denies),
        (item.second, not item.first_denies),
    ):
        who = statement.speaker_text or "(no source)"
        stance = "denies" if denies else "asserts"
        evidence = f"{article_id}[{statement.start}:{statement.end}]"
        where = f"{outlets.get(article_id, article_id)}, {evidence}"
        sides.append(f"{who} {stance} {quoted(statement.content_text)} ({where})")
    return sides[0], sides[1]


def _timeline_json(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "date": entry.value,
        "end_date": entry.end_value,
        "granularity": entry.granularity.value,
        "text": entry.text,
        "article_id": entry.article_id,
        "start": entry.start,
        "end": entry.end,
        "time_text": entry.time_text,
        "reported": entry.reported.isoformat() if entry.reported else None,
        "carried_by": list(entry.carried_by),
    }


def _dossier_json(dossier: Dossier) -> dict[str, Any]:
    speakers = {
        (article_id, statement.start, statement.end): entry.speaker_id
        for entry in dossier.ledger
        for article_id, statement in entry.reports
    }
    first, last = dossier.period
    return {
        "id": dossier.id,
        "level": dossier.level.value,
        "version": dossier.version,
        "merged_from": dossier.merged_from,
        "totals": dict(dossier.totals),
        "title": dossier.title,
        "first_published": first.isoformat() if first else None,
        "last_published": last.isoformat() if last else None,
        "article_ids": [a.id for a in dossier.articles],
        "outlets": list(dossier.outlets),
        "happenings": [_happening_json(s) for s in dossier.stories],
        "actors": [_actor_json(a) for a in dossier.actors],
        "statements": [
            _statement_json(a.id, s, speakers.get((a.id, s.start, s.end)))
            for a in dossier.articles
            for s in a.statements
        ],
        "ledger": [_ledger_json(e) for e in dossier.ledger],
        "contradictions": [_contradiction_json(c) for c in dossier.contradictions],
        "timeline": [_timeline_json(e) for e in dossier.timeline],
    }


def export_json(
    dossiers: Sequence[Dossier], *, generator: str = "", limits: Limits | None = None
) -> dict[str, Any]:
    """The export document: every article once, then one entry per dossier.

    Each dossier is ranked (``ranking``): what matters first, cut to ``limits`` (None:
    every item); its ``totals`` say how many items each section had before the cut.
    """
    dossiers = [rank_dossier(d, limits) for d in dossiers]
    articles: dict[str, AnalyzedArticle] = {}
    for dossier in dossiers:
        for analyzed in dossier.articles:
            articles.setdefault(analyzed.id, analyzed)
    return {
        "schema": SCHEMA,
        "generator": generator,
        "articles": [_article_json(a) for a in articles.values()],
        "stories": [_dossier_json(d) for d in dossiers],
    }


def write_export_json(
    dossiers: Iterable[Dossier], out: TextIO, *, generator: str = "", limits: Limits | None = None
) -> int:
    """``export_json``'s document written as the dossiers come, one at a time, so memory
    holds one dossier whatever the size of the store (the stories section is spooled to
    a temporary file meanwhile, then copied after the articles). How many dossiers."""
    seen: set[str] = set()
    written = 0
    out.write(f'{{\n  "schema": {json.dumps(SCHEMA)},\n  "generator": {json.dumps(generator)},')
    out.write('\n  "articles": [')
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stories:
        for dossier in dossiers:
            ranked = rank_dossier(dossier, limits)
            for analyzed in ranked.articles:
                if analyzed.id not in seen:
                    out.write(("," if seen else "") + _entry(_article_json(analyzed)))
                    seen.add(analyzed.id)
            stories.write(("," if written else "") + _entry(_dossier_json(ranked)))
            written += 1
        out.write('\n  ],\n  "stories": [')
        stories.seek(0)
        shutil.copyfileobj(stories, out)
    out.write("\n  ]\n}\n")
    return written


def _entry(record: dict[str, Any]) -> str:
    """One list item of the document, indented as ``json.dumps(indent=2)`` would."""
    return "\n    " + json.dumps(record, indent=2).replace("\n", "\n    ")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _happening_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "first_published": _iso(story.first_published),
        "last_published": _iso(story.last_published),
    }


def story_list_json(grouping: Grouping, *, generator: str = "") -> dict[str, Any]:
    """``storyline stories --json``: the export's story records, summary keys only."""
    stories = {s.id: s for s in grouping.stories}
    records = []
    for line in grouping.storylines:
        members = [stories[i] for i in line.story_ids]
        dates = [d for s in members for d in (s.first_published, s.last_published) if d]
        records.append(
            {
                "id": line.id,
                "level": "storyline",
                "title": line.title,
                "first_published": _iso(min(dates)) if dates else None,
                "last_published": _iso(max(dates)) if dates else None,
                "article_ids": list(line.article_ids),
                **({"article_count": line.article_count} if line.article_count else {}),
                "happenings": [_happening_json(s) for s in members],
            }
        )
    return {"schema": SCHEMA, "generator": generator, "stories": records}


def article_list_json(
    articles: Sequence[Article | ArticleHead], *, generator: str = ""
) -> dict[str, Any]:
    """``storyline articles --json``: the export's article records without text and times."""
    return {
        "schema": SCHEMA,
        "generator": generator,
        "articles": [_article_summary_json(a) for a in articles],
    }


# --------------------------------------------------------------------------- markdown


def _md(text: str) -> str:
    """Untrusted text as literal Markdown."""
    return markdown_text(text)


def _markdown_dossier(dossier: Dossier) -> list[str]:
    first, last = dossier.period
    names = {a.id: a.name for a in dossier.actors}
    outlets = {a.id: a.article.source for a in dossier.articles}
    lines = [f"## {_md(dossier.title)}", ""]
    lines.append(
        f"{dossier.level.value} `{dossier.id}` · {count(dossier.article_count, 'article')} · "
        f"{_md(', '.join(dossier.outlets))} · {first or '?'} to {last or '?'}"
    )
    if len(dossier.stories) > 1:
        lines += ["", "### Happenings", ""]
        lines += [
            f"- `{s.id}` {_md(s.title)} ({count(len(s.article_ids), 'article')})"
            for s in dossier.stories
        ]
    lines += ["", "### Timeline", "", "| date | event | reported by |", "|---|---|---|"]
    for event in dossier.timeline:
        when = event.value + (f" to {event.end_value}" if event.end_value else "")
        source = outlets.get(event.article_id, event.article_id)
        if len(event.carried_by) > 1:
            source = "carried by " + ", ".join(event.carried_by)
        lines.append(
            f"| {_md(when)} | {_md(event.text)} | {_md(source)}, {event.reported or '?'} |"
        )
    lines += ["", "### Actors", "", "| actor | kind | roles | mentions |", "|---|---|---|---|"]
    for actor in dossier.actors:
        aliases = f" (also: {', '.join(actor.aliases)})" if actor.aliases else ""
        lines.append(
            f"| {_md(actor.name + aliases)} | {actor.kind.value} | "
            f"{_md('; '.join(actor.roles))} | {len(actor.mentions)} |"
        )
    lines += ["", "### Statements", ""]
    for entry in dossier.ledger:
        speaker = names.get(entry.speaker_id or "", entry.speaker_text or "(no source)")
        flags = [entry.kind.value]
        if entry.polarity.value == "deny":
            flags.append("DENIAL")
        if entry.hedges:
            flags.append("hedged: " + ", ".join(entry.hedges))
        before, after = attribution_parts(entry)
        lines.append(
            f"- {_md(before)}**{_md(speaker)}**{_md(after)}{_md(quoted(entry.content_text))} "
            f"({_md('; '.join(flags))}; reported by {_md(', '.join(entry.outlets))})"
        )
    if dossier.contradictions:
        lines += ["", "### Contradictions", ""]
    for item in dossier.contradictions:
        one, other = contradiction_line(item, outlets)
        lines.append(f"- **{item.kind.value.upper()}**: {_md(item.reason)}")
        lines += [f"  - {_md(one)}", f"  - {_md(other)}"]
    lines += ["", "### Sources", ""]
    for analyzed in dossier.articles:
        article = analyzed.article
        link = f" {markdown_url(article.url)}" if article.url else ""
        lines.append(
            f"- `{article.id}` {article.published or 'undated'} · {_md(article.source)} · "
            f"{_md(article.title)}{link}"
        )
    return [*lines, ""]


def export_markdown(dossiers: Sequence[Dossier], *, limits: Limits | None = None) -> str:
    """The dossiers as Markdown, ranked and cut like ``export_json``."""
    lines = ["# storyline dossier", ""]
    for dossier in dossiers:
        lines += _markdown_dossier(rank_dossier(dossier, limits))
    return "\n".join(lines)


def write_export_markdown(
    dossiers: Iterable[Dossier], out: TextIO, *, limits: Limits | None = None
) -> int:
    """``export_markdown``'s text written one dossier at a time; how many dossiers."""
    out.write("# storyline dossier\n")
    written = 0
    for dossier in dossiers:
        out.write("".join("\n" + line for line in _markdown_dossier(rank_dossier(dossier, limits))))
        written += 1
    out.write("\n")
    return written
