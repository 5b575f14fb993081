"""The quality gate: fast benchmark subsets must stay at or above their pinned floors."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from storyline_benchmarks.gate import (
    FLOORS_PATH,
    GateCheck,
    GateResult,
    check_failures,
    data_digest,
    load_checks,
    raise_floors,
    run_gate,
)


def _declared_tasks() -> set[str]:
    """The tasks benchmarks/pyproject.toml registers (installed or not yet)."""
    project = tomllib.loads((FLOORS_PATH.parent / "pyproject.toml").read_text(encoding="utf-8"))
    return set(project["project"]["entry-points"]["storyline.eval_tasks"])


def test_every_quality_task_has_a_check_with_real_floors() -> None:
    checks = load_checks()
    assert {c.task for c in checks} == _declared_tasks() - {"scale", "web"}
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
    assert json.loads(path.read_text(encoding="utf-8"))["checks"]["c"]["floors"] == raised
    assert [p.name for p in tmp_path.iterdir()] == ["floors.json"]  # no temporary left


def test_floors_record_the_data_they_were_measured_on(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "doc.txt").write_text("one", encoding="utf-8")
    path = tmp_path / "floors.json"
    entry = {"task": "timex", "data": "data", "floors": {"a": 0.5}}
    path.write_text(json.dumps({"checks": {"c": entry}}), encoding="utf-8")
    measured = data_digest(data)
    fresh = GateResult(load_checks(path)[0], {"a": 0.6}, (), measured)
    assert not fresh.data_changed  # no digest recorded yet: nothing to compare
    raise_floors([fresh], path=path)
    check = load_checks(path)[0]
    assert check.data_sha256 == measured
    assert not GateResult(check, {"a": 0.6}, (), data_digest(data)).data_changed
    (data / "doc.txt").write_text("two", encoding="utf-8")
    assert GateResult(check, {"a": 0.6}, (), data_digest(data)).data_changed


def test_floors_live_in_the_repository_not_in_the_package() -> None:
    import storyline

    assert FLOORS_PATH.parent.name == "benchmarks"
    assert not list(Path(storyline.__file__).parent.rglob("floors.json"))


def test_the_gate_is_a_storyline_command_when_installed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from storyline.cli import main

    main(["gate", "--help"])
    assert "--raise-floors" in capsys.readouterr().out


def test_failures_name_the_metric() -> None:
    check = GateCheck("c", "timex", "x", None, {"value_f1": 0.8})
    assert check_failures(check, {"value_f1": 0.75}) == ("value_f1: 0.75 < floor 0.8",)
    assert check_failures(check, {"value_f1": 0.85}) == ()
    assert check_failures(check, {}) == ("value_f1: None < floor 0.8",)
    assert FLOORS_PATH.is_file()
