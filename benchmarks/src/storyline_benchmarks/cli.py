"""``storyline gate``: added to the product's command line through the
``storyline.commands`` entry-point group when this package is installed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyline.bench.runner import format_metric, progress_bar, tracker
from storyline.errors import DataError
from storyline_benchmarks.gate import FLOORS_PATH, GateResult, raise_floors, run_gate
from storyline_benchmarks.shared import shared_data_dir

__all__ = ["gate", "print_gate", "run_quality_gate"]

EXIT_BELOW_FLOOR = 1


def run_quality_gate(
    data: str | Path | None, floors: Path, *, raise_them: bool = False, console: Console
) -> list[GateResult]:
    """Run the gate on ``data`` (default: the shared data folder); optionally lift floors."""
    root = Path(data) if data is not None else shared_data_dir()
    if root is None:
        raise DataError("no --data given and no shared data folder (set $STORYLINE_SHARED)")
    with progress_bar(console) as bar:
        results = run_gate(root, path=floors, track=tracker(bar, "gate"))
    if raise_them:
        raise_floors(results, path=floors)
    return results


def print_gate(console: Console, results: list[GateResult]) -> None:
    table = Table(title="quality gate")
    for column in ("check", "metric", "measured", "floor", ""):
        table.add_column(column, justify="right" if column in ("measured", "floor") else "left")
    for result in results:
        for key, floor in result.check.floors.items():
            value = result.metrics.get(key)
            ok = isinstance(value, int | float) and value >= floor
            verdict = "ok" if ok else "[red]BELOW[/]"
            table.add_row(result.check.name, key, format_metric(value), f"{floor:.3f}", verdict)
    console.print(table)
    for result in results:
        if result.data_changed:
            console.print(
                f"[yellow]note:[/] {escape(result.check.name)}: the data differs from the data "
                "the floors were measured on (digest in floors.json); compare with care",
                soft_wrap=True,
            )


@click.command()
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Shared data folder.")
@click.option(
    "--floors",
    type=click.Path(dir_okay=False, path_type=Path),
    default=FLOORS_PATH,
    show_default="benchmarks/floors.json",
    help="Floors file.",
)
@click.option("--raise-floors", is_flag=True, help="Lift floors to today's scores (never lower).")
@click.pass_context
def gate(ctx: click.Context, data: str | None, floors: Path, raise_floors: bool) -> None:
    """Run the quality gate: fast benchmark subsets against pinned floors."""
    as_json = bool(getattr(ctx.obj, "as_json", False))
    errors = Console(stderr=True)
    results = run_quality_gate(data, floors, raise_them=raise_floors, console=errors)
    if as_json:
        document = {r.check.name: {**r.metrics, "data_changed": r.data_changed} for r in results}
        click.echo(json.dumps(document, indent=2))
    else:
        print_gate(Console(), results)
    if not all(r.passed for r in results):
        sys.exit(EXIT_BELOW_FLOOR)
