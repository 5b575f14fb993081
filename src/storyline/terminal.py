"""Rich renderings for the terminal: dossiers, story lists, ingest reports."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from storyline.model import Article, Polarity
from storyline.service import IngestReport
from storyline.stories.dossier import Dossier
from storyline.stories.export import attribution_parts, count, quoted
from storyline.stories.grouping import Grouping

__all__ = [
    "print_articles",
    "print_dossier",
    "print_dossiers",
    "print_ingest_report",
    "print_stories",
]

MAX_ACTORS = 15


def print_ingest_report(console: Console, report: IngestReport) -> None:
    parts = [
        f"[green]{len(report.stored)} stored[/]",
        f"{len(report.duplicates)} skipped as duplicate",
        f"[red]{len(report.failed)} failed[/]" if report.failed else "0 failed",
    ]
    if report.interrupted:
        parts.append("[yellow]interrupted: the rest was not ingested[/]")
    console.print(", ".join(parts))
    for warning in report.warnings:
        console.print(
            f"[yellow]warning:[/] {escape(warning.origin)}: {escape(warning.reason)}",
            soft_wrap=True,
        )
    for failure in report.failed:
        console.print(
            f"[red]error:[/] {escape(failure.origin)}: {escape(failure.reason)}", soft_wrap=True
        )


def print_articles(console: Console, articles: Sequence[Article]) -> None:
    table = Table(title=f"{len(articles)} articles", expand=True)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet")
    table.add_column("title")
    for article in articles:
        table.add_row(
            article.id,
            str(article.published or "undated"),
            escape(article.source),
            escape(article.title),
        )
    console.print(table)


def print_stories(console: Console, grouping: Grouping) -> None:
    stories = {s.id: s for s in grouping.stories}
    table = Table(title="Stories", show_lines=False, expand=True)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("articles", justify="right")
    table.add_column("period", no_wrap=True)
    for line in grouping.storylines:
        members = [stories[i] for i in line.story_ids]
        dates = [d for s in members for d in (s.first_published, s.last_published) if d]
        period = f"{min(dates)} to {max(dates)}" if dates else "undated"
        table.add_row(line.id, f"[bold]{escape(line.title)}[/]", str(len(line.article_ids)), period)
        if len(members) > 1:
            for story in members:
                when = f"{story.first_published or '?'} to {story.last_published or '?'}"
                table.add_row(
                    f"  {story.id}", f"  {escape(story.title)}", str(len(story.article_ids)), when
                )
    console.print(table)


def _timeline_table(dossier: Dossier) -> Table:
    sources = {a.id: a.article.source for a in dossier.articles}
    table = Table(title="Timeline", expand=True, show_lines=False)
    table.add_column("event date", style="cyan", no_wrap=True)
    table.add_column("what happened")
    table.add_column("reported", no_wrap=True, style="dim")
    for entry in dossier.timeline:
        when = entry.value + (f" → {entry.end_value}" if entry.end_value else "")
        how = f" ({entry.time_text})" if entry.time_text else ""
        table.add_row(
            when + how,
            escape(entry.text),
            f"{sources.get(entry.article_id, '?')} {entry.reported or ''}",
        )
    return table


def _actors_table(dossier: Dossier) -> Table:
    table = Table(title="Actors", expand=True)
    table.add_column("actor", style="bold")
    table.add_column("kind")
    table.add_column("roles")
    table.add_column("also called", style="dim")
    table.add_column("mentions", justify="right")
    for actor in dossier.actors[:MAX_ACTORS]:
        table.add_row(
            escape(actor.name),
            actor.kind.value,
            escape("; ".join(actor.roles[:3])),
            escape(", ".join(actor.aliases[:4])),
            str(len(actor.mentions)),
        )
    return table


def _ledger(dossier: Dossier) -> Group:
    names = {a.id: a.name for a in dossier.actors}
    lines: list[Text] = [Text("Statements", style="bold italic")]
    for entry in dossier.ledger:
        speaker = names.get(entry.speaker_id or "") or entry.speaker_text or "(unattributed)"
        before, after = attribution_parts(entry)
        line = Text()
        line.append(before, style="dim")
        line.append(speaker, style="bold")
        line.append(after, style="dim")
        if entry.polarity is Polarity.DENY:
            line.append("DENIES ", style="bold red")
        line.append(quoted(entry.content_text))
        tags = [entry.kind.value]
        if entry.hedges:
            tags.append("hedged: " + ", ".join(entry.hedges))
        tags.append("reported by " + ", ".join(entry.outlets))
        line.append(f"  [{'; '.join(tags)}]", style="dim")
        lines.append(line)
    return Group(*lines)


def print_dossier(console: Console, dossier: Dossier, *, width: int | None = None) -> None:
    first, last = dossier.period
    header = (
        f"[bold]{escape(dossier.title)}[/]\n{dossier.level.value} [cyan]{dossier.id}[/] · "
        f"{count(len(dossier.articles), 'article')} from {', '.join(dossier.outlets)} · "
        f"{first or '?'} to {last or '?'}"
    )
    console.print(Panel(header, expand=True))
    if len(dossier.stories) > 1:
        for story in dossier.stories:
            console.print(
                f"  • [cyan]{story.id}[/] {escape(story.title)} "
                f"({story.first_published or '?'} to {story.last_published or '?'})"
            )
    console.print(_timeline_table(dossier))
    console.print(_actors_table(dossier))
    console.print(_ledger(dossier))
    console.print()


def print_dossiers(console: Console, dossiers: Sequence[Dossier]) -> None:
    for dossier in dossiers:
        print_dossier(console, dossier)
