"""What every benchmark task provides, so ``storyline eval`` can run any of them.

Tasks other than the built-in ``speed`` come from other packages (the repository's
``storyline-benchmarks``) through the ``storyline.eval_tasks`` entry-point group: each
entry point names a ``Task``. The product knows no data set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

__all__ = [
    "Metrics",
    "Reference",
    "Task",
    "Tracker",
    "no_progress",
]

T = TypeVar("T")
Metrics = dict[str, float | int | str]


class Tracker(Protocol):
    """Wraps an iterable to show progress (rich's ``track`` fits)."""

    def __call__(
        self, sequence: Iterable[T], total: float | None = ..., description: str = ...
    ) -> Iterable[T]: ...


def no_progress(
    sequence: Iterable[T], total: float | None = None, description: str = ""
) -> Iterable[T]:
    return sequence


@dataclass(frozen=True)
class Reference:
    """A published number to print beside ours, with where it comes from."""

    system: str
    metrics: Mapping[str, float]
    note: str


@dataclass(frozen=True)
class Task:
    """One benchmark: loads its data, runs storyline's own stages, scores them.

    ``run(data_dir, limit, track)`` returns a flat dict with exactly ``keys`` (plus
    optional string keys named in ``info_keys``, such as the ROUGE implementation).
    """

    name: str
    description: str
    keys: tuple[str, ...]
    run: Callable[[Path, int | None, Tracker], Metrics]
    references: tuple[Reference, ...] = ()
    info_keys: tuple[str, ...] = field(default=())
    #: The folder to use when no ``--data`` is given (raises ``DataError`` where it is
    #: absent); ``None``: ``--data`` is required.
    default_data: Callable[[], Path] | None = None
    #: ``run`` with a number of worker processes (``eval --workers N``) as a fourth
    #: argument; ``None``: the task takes no ``--workers``.
    run_workers: Callable[[Path, int | None, Tracker, int], Metrics] | None = None
