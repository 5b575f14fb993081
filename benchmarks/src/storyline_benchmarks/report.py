"""Regenerate the results table of docs/benchmarks.md: every task on every dev set we have.

    python -m storyline_benchmarks.report --write docs/benchmarks.md [--only TASK ...]

Only the part between the ``results`` markers is replaced; the protocol text around it
is written by hand. Raw metrics go to ``docs/benchmarks.json`` beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import time
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path

from rich.console import Console

from storyline.bench import get_task
from storyline.bench.base import Metrics
from storyline.bench.runner import run_task
from storyline.errors import DataError
from storyline.pipeline.nlp import english_model_name
from storyline_benchmarks.shared import shared_data_dir

__all__ = ["RUNS", "Measurement", "Run", "main", "render_results"]

START, END = "<!-- results:start -->", "<!-- results:end -->"


@dataclass(frozen=True)
class Measurement:
    metrics: Metrics
    seconds: float
    day: str  # ISO date it was measured
    machine: str


@dataclass(frozen=True)
class Run:
    name: str  # row label
    task: str
    data: str  # relative to the shared data folder
    note: str


RUNS = (
    Run("timeline", "timeline", "t17", "Timeline17, 5 topics, 11 gold timelines"),
    Run("attribution", "attribution", "polnear/dev", "PolNeAR dev, 84 documents"),
    Run("timex", "timex", "tempeval3/tbaq-cleaned", "TimeBank + AQUAINT (TBAQ-cleaned)"),
    Run("stories (ECB+)", "stories", "ecbplus", "ECB+ train + dev topics, stories vs subtopics"),
    Run("stories (MEANTIME)", "stories", "meantime", "MEANTIME, 4 corpora, storylines vs corpora"),
    Run("speed", "speed", "t17", "Timeline17 articles, full ingest vs spaCy alone"),
)


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
        f"spaCy {version('spacy')}, {english_model_name()}"
    )


def _value(value: float | int | str | None) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "—" if value is None else str(value)


def render_results(results: dict[str, tuple[Run, Measurement]]) -> str:
    """The generated Markdown: one table per run, references beside our numbers."""
    lines = [START, ""]
    for name, (run, measured) in results.items():
        task = get_task(run.task)
        refs = task.references if run.data != "meantime" else ()
        lines.append(f"### {name}: {run.note}")
        lines.append("")
        lines.append(
            f"`storyline eval {run.task} --data ../shared/data/{run.data}` — "
            f"{measured.seconds / 60:.1f} min on {measured.day}, {measured.machine}."
        )
        lines.append("")
        metrics = measured.metrics
        header = ["metric", "storyline", *(r.system for r in refs)]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for key, value in metrics.items():
            row = [key, _value(value), *(_value(r.metrics.get(key)) for r in refs)]
            lines.append("| " + " | ".join(row) + " |")
        lines.extend(f"\n{r.system}: {r.note}" for r in refs)
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--only", nargs="*", help="run only these rows (by name)")
    args = parser.parse_args(argv)
    root = shared_data_dir()
    if root is None:
        raise DataError("no shared data folder (set $STORYLINE_SHARED)")
    console = Console(stderr=True)
    raw_path = args.write.with_suffix(".json")
    previous = json.loads(raw_path.read_text()) if raw_path.exists() else {}
    machine = _machine()
    results: dict[str, tuple[Run, Measurement]] = {}
    for run in RUNS:
        if args.only and run.name not in args.only:
            if run.name in previous:
                results[run.name] = (run, Measurement(**previous[run.name]))
            continue
        started = time.perf_counter()
        metrics, _ = run_task(run.task, root / run.data, None, console=console)
        seconds = round(time.perf_counter() - started, 1)
        results[run.name] = (run, Measurement(metrics, seconds, date.today().isoformat(), machine))
        console.print(f"{run.name}: {metrics}")
    raw = {name: vars(measured) for name, (_, measured) in results.items()}
    raw_path.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    text = args.write.read_text(encoding="utf-8") if args.write.exists() else f"{START}\n{END}\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    block = render_results(results)
    args.write.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")
    console.print(f"wrote {args.write} and {raw_path}")


if __name__ == "__main__":
    main()
