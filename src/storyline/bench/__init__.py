"""Benchmarks run by ``storyline eval TASK``.

The product ships one task, ``speed`` (any folder of articles). The data-set tasks
(timeline, attribution, timex, stories, ...) live in the repository's own package
``storyline-benchmarks`` and register themselves in the ``storyline.eval_tasks``
entry-point group, as ``NAME = "module:TASK"``; installing that package makes them
appear here.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

from storyline.bench.base import Task
from storyline.errors import NotFoundError

__all__ = ["BENCHMARKS_PACKAGE", "TASK_GROUP", "get_task", "task_names"]

TASK_GROUP = "storyline.eval_tasks"
#: Where the data-set benchmarks come from, for the message when one is missing.
BENCHMARKS_PACKAGE = "storyline-benchmarks"
_BUILT_IN = {"speed": "storyline.bench.speed:TASK"}


def _entry_points() -> dict[str, EntryPoint]:
    found = {ep.name: ep for ep in entry_points(group=TASK_GROUP)}
    for name, value in _BUILT_IN.items():
        found[name] = EntryPoint(name=name, value=value, group=TASK_GROUP)
    return found


def task_names() -> tuple[str, ...]:
    """Every installed task, built-in first."""
    names = sorted(_entry_points())
    return (*_BUILT_IN, *(n for n in names if n not in _BUILT_IN))


def get_task(name: str) -> Task:
    """The benchmark task called ``name``."""
    found = _entry_points()
    if name not in found:
        raise NotFoundError(
            f"no benchmark {name!r} installed (installed: {', '.join(task_names())}); "
            f"the data-set benchmarks come with the {BENCHMARKS_PACKAGE} package: "
            "`pip install -e ./benchmarks` in a storyline checkout"
        )
    task = found[name].load()
    if not isinstance(task, Task):
        raise NotFoundError(f"entry point {found[name].value!r} is not a storyline Task")
    return task
