"""The quality gate: fast benchmark subsets must stay at or above their pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.eval import task_names
from storyline.eval.gate import (
    FLOORS_PATH,
    GateCheck,
    GateResult,
    check_failures,
    load_checks,
    raise_floors,
    run_gate,
)


def test_every_quality_task_has_a_check_with_real_floors() -> None:
    checks = load_checks()
    assert {c.task for c in checks} == set(task_names()) - {"speed", "scale"}
    for check in checks:
        assert check.floors
        assert all(floor > 0 for floor in check.floors.values()), check.name


def test_benchmark_subsets_stay_above_their_floors(shared_data: Path) -> None:
    results = run_gate(shared_data)
    failures = [f"{r.check.name}: {f}" for r in results for f in r.failures]
    assert not failures, "quality fell below the floors: " + "; ".join(failures)


def test_raising_floors_never_lowers_one(tmp_path: Path) -> None:
    path = tmp_path / "floors.json"
    path.write_text(
        json.dumps(
            {"checks": {"c": {"task": "timex", "data": "x", "floors": {"a": 0.5, "b": 0.5}}}}
        ),
        encoding="utf-8",
    )
    check = load_checks(path)[0]
    result = GateResult(check, {"a": 0.9, "b": 0.2}, ())
    raised = raise_floors([result], path=path)["checks"]["c"]["floors"]
    assert raised["a"] == pytest.approx(0.89)
    assert raised["b"] == 0.5


def test_failures_name_the_metric() -> None:
    check = GateCheck("c", "timex", "x", None, {"value_f1": 0.8})
    assert check_failures(check, {"value_f1": 0.75}) == ("value_f1: 0.75 < floor 0.8",)
    assert check_failures(check, {"value_f1": 0.85}) == ()
    assert check_failures(check, {}) == ("value_f1: None < floor 0.8",)
    assert FLOORS_PATH.is_file()
