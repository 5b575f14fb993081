"""The quality gate: a fast subset of every benchmark against floors that only rise.

``benchmarks/floors.json`` (in the repository, never in an installed package) names, per
check, the task, its data (relative to the shared data folder, or ``package:NAME`` for a
data set this package ships in ``storyline_benchmarks/data``), the subset (``limit``,
and for the timeline ``first_dates``), a floor per metric and the digest of the data the
floors were measured on. ``run_gate`` runs every check, reports each metric that fell
below its floor and says when the data is not what the floors were measured on;
``raise_floors`` lifts floors to the measured scores minus a small margin, never
lowering one, and records the data's digest. The file is replaced atomically. CI runs
the gate through the test suite.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.bench import get_task
from storyline.bench.base import Metrics, Task, Tracker, no_progress
from storyline.errors import DataError, NotFoundError
from storyline_benchmarks.shared import REPO_ROOT
from storyline_benchmarks.timeline import run_timeline

__all__ = [
    "FLOORS_PATH",
    "GateCheck",
    "GateResult",
    "check_failures",
    "data_digest",
    "data_path",
    "load_checks",
    "raise_floors",
    "run_gate",
    "write_json_atomically",
]

FLOORS_PATH = REPO_ROOT / "benchmarks" / "floors.json"
#: New floors sit this far below the measured score, so that harmless numeric noise
#: between machines does not fail the gate.
MARGIN = 0.01


@dataclass(frozen=True)
class GateCheck:
    name: str
    task: str
    data: str
    limit: int | None
    floors: dict[str, float]
    first_dates: int | None = None
    data_sha256: str | None = None  # of the data the floors were measured on


@dataclass(frozen=True)
class GateResult:
    check: GateCheck
    metrics: Metrics
    failures: tuple[str, ...]  # "metric: measured < floor"
    data_sha256: str | None = None  # of the data measured now

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def data_changed(self) -> bool:
        """The data measured now is not the data the floors were measured on."""
        return self.check.data_sha256 is not None and self.check.data_sha256 != self.data_sha256


def _read_floors(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise DataError(
            "floors not found: the gate runs from a storyline checkout (or pass --floors)",
            path=str(path),
        )
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return raw


def load_checks(path: Path = FLOORS_PATH) -> list[GateCheck]:
    return [
        GateCheck(
            name=name,
            task=entry["task"],
            data=entry["data"],
            limit=entry.get("limit"),
            floors={k: float(v) for k, v in entry["floors"].items()},
            first_dates=entry.get("first_dates"),
            data_sha256=entry.get("data_sha256"),
        )
        for name, entry in _read_floors(path)["checks"].items()
    ]


#: A check's data named ``package:NAME`` is ``NAME`` in this folder.
PACKAGE_DATA = Path(__file__).parent / "data"
_PACKAGE_PREFIX = "package:"


def data_path(data_root: Path, data: str) -> Path:
    """Where a check's data is: in the shared data folder, or shipped with this package."""
    if data.startswith(_PACKAGE_PREFIX):
        return PACKAGE_DATA / data.removeprefix(_PACKAGE_PREFIX)
    return data_root / data


def data_digest(folder: Path) -> str:
    """SHA-256 over every regular file under ``folder`` (or of the one file ``folder``):
    relative path and bytes."""
    digest = hashlib.sha256()
    if folder.is_file():
        digest.update(folder.name.encode() + b"\0")
        digest.update(hashlib.sha256(folder.read_bytes()).digest())
        return digest.hexdigest()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _measure(check: GateCheck, folder: Path, track: Tracker) -> Metrics:
    if check.task == "timeline":
        # One ROUGE on every machine: the floors must not depend on Perl being there.
        return run_timeline(
            folder, check.limit, track, first_dates=check.first_dates, prefer_perl=False
        )
    return _task(check.task).run(folder, check.limit, track)


def _task(name: str) -> Task:
    """The installed task ``name``, or this package's module of that name when the
    installed entry points are older than the checkout (a task added since)."""
    try:
        return get_task(name)
    except NotFoundError:
        try:
            task = importlib.import_module(f"storyline_benchmarks.{name}").TASK
        except (ImportError, AttributeError):
            raise NotFoundError(f"no benchmark task {name!r}") from None
        if not isinstance(task, Task):
            raise NotFoundError(f"no benchmark task {name!r}") from None
        return task


def check_failures(check: GateCheck, metrics: Metrics) -> tuple[str, ...]:
    failures = []
    for key, floor in check.floors.items():
        value = metrics.get(key)
        if not isinstance(value, int | float) or value < floor:
            failures.append(f"{key}: {value} < floor {floor}")
    return tuple(failures)


def run_gate(
    data_root: Path, *, path: Path = FLOORS_PATH, track: Tracker = no_progress
) -> list[GateResult]:
    """Run every check of the gate on the shared data folder ``data_root``."""
    results = []
    for check in load_checks(path):
        folder = data_path(data_root, check.data)
        if not folder.exists():
            raise DataError("gate data not found", path=str(folder))
        metrics = _measure(check, folder, track)
        failures = check_failures(check, metrics)
        results.append(GateResult(check, metrics, failures, data_digest(folder)))
    return results


def write_json_atomically(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` beside ``path`` and rename it over: never a half-written file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(document, indent=2) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def raise_floors(results: list[GateResult], *, path: Path = FLOORS_PATH) -> dict[str, Any]:
    """Lift each floor to the measured score minus ``MARGIN`` (never lower one) and
    record the digest of the data measured."""
    raw = _read_floors(path)
    for result in results:
        entry = raw["checks"][result.check.name]
        for key, floor in entry["floors"].items():
            value = result.metrics.get(key)
            if isinstance(value, int | float):
                candidate = math.floor((float(value) - MARGIN) * 1000) / 1000
                entry["floors"][key] = max(float(floor), candidate)
        if result.data_sha256 is not None:
            entry["data_sha256"] = result.data_sha256
    write_json_atomically(path, raw)
    return raw
