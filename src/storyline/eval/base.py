"""What every benchmark task provides, so ``storyline eval`` can run any of them."""

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
    "shared_data_dir",
    "shared_dir",
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
    default_data: str  # relative to the shared data folder
    keys: tuple[str, ...]
    run: Callable[[Path, int | None, Tracker], Metrics]
    references: tuple[Reference, ...] = ()
    info_keys: tuple[str, ...] = field(default=())


def shared_dir() -> Path | None:
    """The shared folder beside the project (``$STORYLINE_SHARED`` or ``../shared``)."""
    import os

    candidates = []
    if os.environ.get("STORYLINE_SHARED"):
        candidates.append(Path(os.environ["STORYLINE_SHARED"]))
    here = Path(__file__).resolve()
    candidates += [Path.cwd() / ".." / "shared", *(p / "shared" for p in here.parents)]
    for candidate in candidates:
        if (candidate / "data").is_dir() or (candidate / "samples").is_dir():
            return candidate.resolve()
    return None


def shared_data_dir() -> Path | None:
    """``<shared>/data`` where present."""
    base = shared_dir()
    return base / "data" if base and (base / "data").is_dir() else None
