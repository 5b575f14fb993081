"""Run a benchmark task with a progress bar and print its table beside the references."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sized
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from storyline.bench import BENCHMARKS_PACKAGE, get_task
from storyline.bench.base import Metrics, Task, Tracker
from storyline.errors import DataError, InputError, MissingDependencyError

__all__ = [
    "check_metrics",
    "format_metric",
    "print_results",
    "progress_bar",
    "resolve_data",
    "run_task",
    "tracker",
]

T = TypeVar("T")


def resolve_data(task: Task, data: str | Path | None) -> Path:
    """The data folder given, or the task's own default."""
    if data is not None:
        return Path(data)
    if task.default_data is None:
        raise DataError(f"task {task.name!r} needs --data FOLDER")
    return task.default_data()


def check_metrics(task: Task, metrics: Metrics) -> Metrics:
    """The task returned exactly its declared keys (info keys optional)."""
    keys = set(metrics)
    missing = set(task.keys) - keys
    extra = keys - set(task.keys) - set(task.info_keys)
    if missing or extra:
        raise DataError(
            f"task {task.name!r} returned keys missing {sorted(missing)} / extra {sorted(extra)}"
        )
    ordered = [*task.keys, *(k for k in task.info_keys if k in metrics)]
    return {key: metrics[key] for key in ordered}


def progress_bar(console: Console) -> Progress:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=console, transient=True)


def tracker(bar: Progress, name: str) -> Tracker:
    def track(
        sequence: Iterable[T], total: float | None = None, description: str = ""
    ) -> Iterable[T]:
        if total is None and isinstance(sequence, Sized):
            total = len(sequence)
        return bar.track(sequence, total=total, description=description or name)

    return track


def run_task(
    name: str,
    data: str | Path | None,
    limit: int | None,
    *,
    console: Console,
    workers: int | None = None,
) -> tuple[Metrics, Task]:
    """Run benchmark ``name`` on ``data`` with a progress bar on ``console`` (with
    ``workers`` processes where the task takes them)."""
    try:
        task = get_task(name)
        if workers is not None and task.run_workers is None:
            raise InputError(f"benchmark {name!r} takes no --workers")
        folder = resolve_data(task, data)
        started = time.perf_counter()
        with progress_bar(console) as bar:
            track = tracker(bar, name)
            if workers is not None and task.run_workers is not None:
                metrics = task.run_workers(folder, limit, track, workers)
            else:
                metrics = task.run(folder, limit, track)
    except ModuleNotFoundError as error:
        raise MissingDependencyError(
            f"benchmark {name!r} needs the Python package {error.name!r}, which is not "
            f"installed; it comes with {BENCHMARKS_PACKAGE} (`pip install -e ./benchmarks` "
            "in a storyline checkout)"
        ) from None
    elapsed = time.perf_counter() - started
    console.print(f"[dim]{name} on {folder} in {elapsed:.1f} s[/]")
    return check_metrics(task, metrics), task


def format_metric(value: float | int | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_results(console: Console, task: Task, metrics: Metrics) -> None:
    """Our numbers beside every published reference number for the same key."""
    table = Table(title=f"{task.name}: {task.description}")
    table.add_column("metric")
    table.add_column("storyline", justify="right", style="bold")
    for reference in task.references:
        table.add_column(reference.system, justify="right")
    for key in (*task.keys, *task.info_keys):
        if key in metrics:
            row = [key, format_metric(metrics[key])]
            row += [format_metric(r.metrics.get(key)) for r in task.references]
            table.add_row(*row)
    console.print(table)
    for reference in task.references:
        console.print(f"[dim]{reference.system}: {reference.note}[/]")
