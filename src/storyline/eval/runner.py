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
from storyline.eval import gate, get_task
from storyline.eval.base import Metrics, Task, Tracker, shared_data_dir

__all__ = [
    "check_metrics",
    "print_gate",
    "print_results",
    "resolve_data",
    "run_quality_gate",
    "run_task",
]

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


def _progress(console: Console) -> Progress:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=console, transient=True)


def _tracker(bar: Progress, name: str) -> Tracker:
    def track(
        sequence: Iterable[T], total: float | None = None, description: str = ""
    ) -> Iterable[T]:
        if total is None and isinstance(sequence, Sized):
            total = len(sequence)
        return bar.track(sequence, total=total, description=description or name)

    return track


def run_task(
    name: str, data: str | Path | None, limit: int | None, *, console: Console
) -> tuple[Metrics, Task]:
    """Run benchmark ``name`` on ``data`` with a progress bar on ``console``."""
    task = get_task(name)
    folder = resolve_data(task, data)
    started = time.perf_counter()
    with _progress(console) as bar:
        metrics = task.run(folder, limit, _tracker(bar, name))
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


def run_quality_gate(
    data: str | Path | None, *, raise_floors: bool = False, console: Console
) -> list[gate.GateResult]:
    """Run the gate on ``data`` (default ../shared/data); optionally lift the floors."""
    root = Path(data) if data is not None else shared_data_dir()
    if root is None:
        raise DataError("no --data given and ../shared/data not found")
    with _progress(console) as bar:
        results = gate.run_gate(root, track=_tracker(bar, "gate"))
    if raise_floors:
        gate.raise_floors(results)
    return results


def print_gate(console: Console, results: list[gate.GateResult]) -> None:
    table = Table(title="quality gate")
    table.add_column("check")
    table.add_column("metric")
    table.add_column("measured", justify="right")
    table.add_column("floor", justify="right")
    table.add_column("")
    for result in results:
        for key, floor in result.check.floors.items():
            value = result.metrics.get(key)
            ok = isinstance(value, int | float) and value >= floor
            table.add_row(
                result.check.name, key, _fmt(value), f"{floor:.3f}", "ok" if ok else "[red]BELOW[/]"
            )
    console.print(table)
