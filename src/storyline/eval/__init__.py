"""Benchmarks: each task loads a public data set in its own format, runs storyline's own
stages on it and scores the result. ``storyline eval TASK`` runs one."""

from __future__ import annotations

import importlib

from storyline.errors import NotFoundError
from storyline.eval.base import Task

__all__ = ["TASK_MODULES", "get_task", "task_names"]

#: Task name -> module defining ``TASK``.
TASK_MODULES = {
    "timeline": "storyline.eval.timeline",
    "attribution": "storyline.eval.attribution",
    "timex": "storyline.eval.timex",
    "stories": "storyline.eval.stories",
    "speed": "storyline.eval.speed",
    "storylines": "storyline.eval.storylines",
    "scale": "storyline.eval.scale",
}


def task_names() -> tuple[str, ...]:
    return tuple(TASK_MODULES)


def get_task(name: str) -> Task:
    """The benchmark task called ``name``."""
    if name not in TASK_MODULES:
        raise NotFoundError(f"no benchmark {name!r}; choose one of {', '.join(TASK_MODULES)}")
    task: Task = importlib.import_module(TASK_MODULES[name]).TASK
    return task
