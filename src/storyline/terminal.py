"""Rich renderings for the terminal: dossiers, story lists, ingest reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from storyline.escape import terminal_text
from storyline.model import Article, Polarity
from storyline.service import IngestReport
from storyline.store.base import ArticleHead
from storyline.stories.changes import Change, ChangeKind
from storyline.stories.dossier import Dossier
from storyline.stories.export import attribution_parts, contradiction_line, count, quoted
from storyline.stories.grouping import Grouping
from storyline.stories.ranking import Limits, rank_dossier

__all__ = [
    "print_articles",
    "print_changes",
    "print_dossier",
    "print_dossiers",
    "print_feeds",
    "print_ingest_report",
    "print_stories",
]


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
        console.print(_problem("warning", "yellow", warning.origin, warning.reason), soft_wrap=True)
    for failure in report.failed:
        console.print(_problem("error", "red", failure.origin, failure.reason), soft_wrap=True)


def _problem(label: str, style: str, origin: str, reason: str) -> Text:
    return Text.assemble((f"{label}:", style), " ", terminal_text(f"{origin}: {reason}"))


def print_articles(console: Console, articles: Sequence[Article | ArticleHead]) -> None:
    table = Table(title=f"{len(articles)} articles", expand=True)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet")
    table.add_column("title")
    for article in articles:
        table.add_row(
            article.id,
            str(article.published or "undated"),
            terminal_text(article.source),
            terminal_text(article.title),
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
        table.add_row(line.id, terminal_text(line.title, "bold"), str(line.article_total), period)
        if len(members) > 1 or line.article_count:
            for story in members:
                when = f"{story.first_published or '?'} to {story.last_published or '?'}"
                table.add_row(
                    f"  {story.id}",
                    terminal_text(f"  {story.title}"),
                    str(len(story.article_ids)),
                    when,
                )
        if line.article_count:
            table.add_row("", Text("  … its other stories: storyline show ID", style="dim"))
    console.print(table)


def _events(dossier: Dossier) -> Group:
    """One line per key event: when, what, which outlet reported it when."""
    sources = {a.id: a.article.source for a in dossier.articles}
    lines: list[Text] = [Text("Key events", style="bold italic")]
    for entry in dossier.timeline:
        line = Text()
        line.append(
            entry.value + (f" → {entry.end_value}" if entry.end_value else ""), style="cyan"
        )
        if entry.time_text:
            line.append(terminal_text(f" ({entry.time_text})", "dim"))
        line.append(terminal_text("  " + entry.text))
        source = sources.get(entry.article_id, "?")
        if len(entry.carried_by) > 1:
            source = "carried by " + ", ".join(entry.carried_by) + ";"
        line.append(terminal_text(f"  [{source} {entry.reported or ''}]".rstrip(), "dim"))
        lines.append(line)
    return Group(*lines)


def _actors(dossier: Dossier) -> Group:
    """One line per main actor: name, kind and first role, other names, mentions."""
    lines: list[Text] = [Text("Main actors", style="bold italic")]
    for actor in dossier.actors:
        line = Text()
        line.append(terminal_text(actor.name, "bold"))
        line.append(terminal_text(f" ({'; '.join([actor.kind.value, *actor.roles[:1]])})", "dim"))
        if actor.aliases:
            line.append(terminal_text(" also " + ", ".join(actor.aliases[:3]), "dim"))
        line.append(f" · {count(len(actor.mentions), 'mention')}", style="dim")
        lines.append(line)
    return Group(*lines)


def _ledger(dossier: Dossier) -> Group:
    names = {a.id: a.name for a in dossier.actors}
    lines: list[Text] = [Text("Key statements", style="bold italic")]
    for entry in dossier.ledger:
        speaker = names.get(entry.speaker_id or "") or entry.speaker_text or "(unattributed)"
        before, after = attribution_parts(entry)
        line = Text()
        line.append(terminal_text(before, "dim"))
        line.append(terminal_text(speaker, "bold"))
        line.append(terminal_text(after, "dim"))
        if entry.polarity is Polarity.DENY:
            line.append("DENIES ", style="bold red")
        line.append(terminal_text(quoted(entry.content_text)))
        tags = [entry.kind.value]
        if entry.hedges:
            tags.append("hedged: " + ", ".join(entry.hedges))
        copied = len(entry.outlets) > len({article_id for article_id, _ in entry.reports})
        tags.append(("carried by " if copied else "reported by ") + ", ".join(entry.outlets))
        line.append(terminal_text(f"  [{'; '.join(tags)}]", "dim"))
        lines.append(line)
    return Group(*lines)


def _contradictions(dossier: Dossier) -> Group:
    """Each contradiction with both sides' evidence (outlet, article[start:end])."""
    outlets = {a.id: a.article.source for a in dossier.articles}
    lines: list[Text] = [Text("Contradictions", style="bold italic")]
    for item in dossier.contradictions:
        first, second = contradiction_line(item, outlets)
        line = Text(f"{item.kind.value.upper()} ", style="bold red")
        line.append(terminal_text(item.reason))
        lines += [line, terminal_text(f"  1. {first}"), terminal_text(f"  2. {second}")]
    return Group(*lines)


def _more(dossier: Dossier, section: str, shown: int, noun: str) -> Text | None:
    """A dim line saying how many items of a section the cut left out."""
    hidden = dict(dossier.totals).get(section, shown) - shown
    if hidden > 0:
        return Text(f"  … {count(hidden, 'more ' + noun)} (--all or --limit N)", style="dim")
    return None


def print_dossier(
    console: Console,
    dossier: Dossier,
    *,
    limits: Limits | None = Limits(),  # noqa: B008
) -> None:
    """The dossier, what matters first; ``limits`` None prints every item."""
    dossier = rank_dossier(dossier, limits)
    first, last = dossier.period
    header = Text.assemble(
        terminal_text(dossier.title, "bold"),
        f"\n{dossier.level.value} ",
        (dossier.id, "cyan"),
        f" · {count(dossier.article_count, 'article')} from ",
        terminal_text(", ".join(dossier.outlets)),
        f" · {first or '?'} to {last or '?'}",
    )
    if dossier.merged_from:
        header.append(terminal_text(f"\n{dossier.merged_from} was merged into this one", "yellow"))
    console.print(Panel(header, expand=True))
    if dict(dossier.totals).get("happenings", 0) > 1:
        console.print("[bold]Latest happenings[/]")
        for story in dossier.stories:
            when = f"({story.first_published or '?'} to {story.last_published or '?'})"
            title = terminal_text(story.title)
            console.print(Text.assemble("  • ", (story.id, "cyan"), " ", title, f" {when}"))
    sections = (
        (_events(dossier), "timeline", len(dossier.timeline), "event"),
        (_actors(dossier), "actors", len(dossier.actors), "actor"),
        (_ledger(dossier), "ledger", len(dossier.ledger), "statement"),
    )
    for renderable, section, shown, noun in sections:
        console.print(renderable)
        more = _more(dossier, section, shown, noun)
        if more is not None:
            console.print(more)
    if dossier.contradictions:
        console.print(_contradictions(dossier))
    console.print()


def print_dossiers(
    console: Console,
    dossiers: Sequence[Dossier],
    *,
    limits: Limits | None = Limits(),  # noqa: B008
) -> None:
    for dossier in dossiers:
        print_dossier(console, dossier, limits=limits)


def print_feeds(console: Console, rows: Sequence[dict[str, object]]) -> None:
    """Followed feeds and their health (rows as ``storyline feeds --json`` gives them)."""
    if not rows:
        console.print("no feeds followed yet; see `storyline follow`")
        return
    table = Table("feed", "outlet", "entries", "waiting", "last success", "next due", "health")
    for row in rows:
        failures = int(str(row["failures"]))
        health = "ok" if not failures else f"{failures} failure(s): {row['last_error']}"
        table.add_row(
            terminal_text(str(row["url"])),
            terminal_text(str(row["outlet"] or "")),
            str(row["entries"]),
            str(row["pages_waiting"]),
            str(row["last_success"] or "never")[:19],
            str(row["next_due"] or "")[:19],
            terminal_text(health, style="green" if not failures else "red"),
        )
    console.print(table)


def print_changes(
    console: Console, dossier: Dossier, changes: Sequence[Change], *, since: datetime
) -> None:
    """New happenings, statements and denials of a story, oldest arrival first."""
    console.print(
        terminal_text(f"{dossier.title}: ", style="bold")
        + Text(f"{count(len(changes), 'change')} since {since.isoformat(timespec='minutes')}")
    )
    styles = {
        ChangeKind.HAPPENING: "cyan",
        ChangeKind.STATEMENT: "green",
        ChangeKind.DENIAL: "red",
        ChangeKind.CONTRADICTION: "magenta",
    }
    for change in changes:
        line = Text(change.arrived.strftime("%Y-%m-%d %H:%M "), style="dim")
        line.append(f"{change.kind.value.upper():<13} ", style=f"bold {styles[change.kind]}")
        line.append_text(terminal_text(change.headline))
        line.append_text(terminal_text(f"  [{', '.join(change.outlets)}]", style="dim"))
        console.print(line)
