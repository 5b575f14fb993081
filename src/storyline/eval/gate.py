"""The quality gate: a fast subset of every benchmark against floors that only rise.

``floors.json`` (beside this module) names, per check, the task, its data (relative to
the shared data folder), the subset (``limit``, and for the timeline ``first_dates``)
and a floor per metric. ``run_gate`` runs every check and reports each metric that fell
below its floor; ``raise_floors`` lifts floors to the measured scores minus a small
margin, never lowering one. CI runs the gate through the test suite.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import DataError
from storyline.eval import get_task
from storyline.eval.base import Metrics, Tracker, no_progress
from storyline.eval.timeline import run_timeline

__all__ = [
    "FLOORS_PATH",
    "GateCheck",
    "GateResult",
    "check_failures",
    "load_checks",
    "raise_floors",
    "run_gate",
]

FLOORS_PATH = Path(__file__).with_name("floors.json")
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


@dataclass(frozen=True)
class GateResult:
    check: GateCheck
    metrics: Metrics
    failures: tuple[str, ...]  # "metric: measured < floor"

    @property
    def passed(self) -> bool:
        return not self.failures


def load_checks(path: Path = FLOORS_PATH) -> list[GateCheck]:
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return [
        GateCheck(
            name=name,
            task=entry["task"],
            data=entry["data"],
            limit=entry.get("limit"),
            floors={k: float(v) for k, v in entry["floors"].items()},
            first_dates=entry.get("first_dates"),
        )
        for name, entry in raw["checks"].items()
    ]


def _measure(check: GateCheck, data_root: Path, track: Tracker) -> Metrics:
    folder = data_root / check.data
    if not folder.exists():
        raise DataError("gate data not found", path=str(folder))
    if check.task == "timeline":
        # One ROUGE on every machine: the floors must not depend on Perl being there.
        return run_timeline(
            folder, check.limit, track, first_dates=check.first_dates, prefer_perl=False
        )
    return get_task(check.task).run(folder, check.limit, track)


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
        metrics = _measure(check, data_root, track)
        results.append(GateResult(check, metrics, check_failures(check, metrics)))
    return results


def raise_floors(results: list[GateResult], *, path: Path = FLOORS_PATH) -> dict[str, Any]:
    """Lift each floor to the measured score minus ``MARGIN``; never lower one."""
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for result in results:
        floors = raw["checks"][result.check.name]["floors"]
        for key, floor in floors.items():
            value = result.metrics.get(key)
            if isinstance(value, int | float):
                candidate = math.floor((float(value) - MARGIN) * 1000) / 1000
                floors[key] = max(float(floor), candidate)
    path.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return raw
