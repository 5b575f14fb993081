"""Where the developers' benchmark data lives: the ``shared`` folder beside the checkout.

``$STORYLINE_SHARED`` names it; otherwise ``../shared`` from the current folder, then
beside the repository this package is checked out in (``benchmarks/src/...`` sits three
levels below the repository root). The product never looks for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import DataError

__all__ = ["ENV_VAR", "REPO_ROOT", "SharedData", "shared_data_dir", "shared_dir"]

ENV_VAR = "STORYLINE_SHARED"
#: The repository root when this package runs from a checkout (editable install).
REPO_ROOT = Path(__file__).resolve().parents[3]


def _candidates() -> list[Path]:
    if os.environ.get(ENV_VAR):
        return [Path(os.environ[ENV_VAR])]
    return [Path.cwd().parent / "shared", REPO_ROOT.parent / "shared"]


def shared_dir() -> Path | None:
    """The shared folder (holding ``data/`` or ``samples/``), where present."""
    for candidate in _candidates():
        if (candidate / "data").is_dir() or (candidate / "samples").is_dir():
            return candidate.resolve()
    return None


def shared_data_dir() -> Path | None:
    """``<shared>/data`` where present."""
    base = shared_dir()
    return base / "data" if base and (base / "data").is_dir() else None


@dataclass(frozen=True)
class SharedData:
    """A task's default data, ``<shared>/data/RELATIVE``, looked up when the task runs."""

    relative: str

    def __call__(self) -> Path:
        base = shared_data_dir()
        if base is None:
            raise DataError(f"no --data given and no shared data folder (set ${ENV_VAR})")
        path = base / self.relative
        if not path.exists():
            raise DataError("default data not found", path=str(path))
        return path
