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

from storyline.errors import DataError
from storyline.eval import get_task
from storyline.eval.base import Metrics, Task, shared_data_dir

__all__ = ["check_metrics", "print_results", "resolve_data", "run_task"]

T = TypeVar("T")


def resolve_data(task: Task, data: str | Path | None) -> Path:
    """The data folder given, or the task's default under ../shared/data."""
    if data is not None:
        return Path(data)
    base = shared_data_dir()
    if base is None:
        raise DataError(f"no --data given and ../shared/data not found for task {task.name!r}")
    path = base / task.default_data
    if not path.exists():
        raise DataError(f"default data for {task.name!r} not found", path=str(path))
    return path


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


def run_task(
    name: str, data: str | Path | None, limit: int | None, *, console: Console
) -> tuple[Metrics, Task]:
    """Run benchmark ``name`` on ``data`` with a progress bar on ``console``."""
    task = get_task(name)
    folder = resolve_data(task, data)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    started = time.perf_counter()
    with Progress(*columns, console=console, transient=True) as bar:

        def track(
            sequence: Iterable[T], total: float | None = None, description: str = ""
        ) -> Iterable[T]:
            if total is None and isinstance(sequence, Sized):
                total = len(sequence)
            return bar.track(sequence, total=total, description=description or name)

        metrics = task.run(folder, limit, track)
    elapsed = time.perf_counter() - started
    console.print(f"[dim]{name} on {folder} in {elapsed:.1f} s[/]")
    return check_metrics(task, metrics), task


def _fmt(value: float | int | str | None) -> str:
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
            row = [key, _fmt(metrics[key])]
            row += [_fmt(r.metrics.get(key)) for r in task.references]
            table.add_row(*row)
    console.print(table)
    for reference in task.references:
        console.print(f"[dim]{reference.system}: {reference.note}[/]")
