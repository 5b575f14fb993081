"""The speed task on a tiny folder: what it counts, not how fast (that is a benchmark)."""

from __future__ import annotations

import io
import multiprocessing
import time
from pathlib import Path

import pytest
from rich.console import Console

from storyline.bench.base import no_progress
from storyline.bench.runner import run_task
from storyline.bench.speed import INFO_KEYS, ProcessTreePeak, run_speed
from storyline.errors import DataError, InputError
from storyline.pipeline.nlp import load_english


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        '{"title": "Bridge closed", "text": "The bridge was closed on Monday, '
        'the mayor said.", "source": "a", "published": "2025-03-04"}\n'
        '{"title": "Bridge reopens", "text": "The bridge reopened on Friday after '
        'repairs, officials said.", "source": "b", "published": "2025-03-08"}\n',
        encoding="utf-8",
    )
    return folder


def test_speed_counts_articles_words_and_memory(tmp_path: Path) -> None:
    load_english()
    metrics = run_speed(_folder(tmp_path), None, no_progress)
    assert metrics["articles"] == 2
    assert metrics["words"] == 18  # the two texts, titles apart
    assert isinstance(metrics["ratio"], float)
    assert metrics["ratio"] > 0
    # ratio = ours / spaCy's, up to rounding (0.1 word/s, 0.001 of the ratio).
    spacy = float(metrics["spacy_words_per_s"])
    assert metrics["words_per_s"] == pytest.approx(
        float(metrics["ratio"]) * spacy, abs=0.05 + 0.0005 * spacy + 0.01
    )
    assert 10 < metrics["peak_rss_mb"] < 100_000
    assert 10 < metrics["spacy_peak_rss_mb"] < 100_000  # measured in its own process


def test_speed_on_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError):
        run_speed(empty, None, no_progress)


def test_speed_with_workers_reports_one_and_n_processes(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    metrics = run_speed(folder, None, no_progress, workers=2)
    assert metrics["workers"] == 2
    assert set(INFO_KEYS) <= set(metrics)
    ours, ours_n = float(metrics["words_per_s"]), float(metrics["words_per_s_n"])
    assert metrics["speedup_n"] == pytest.approx(ours_n / ours, rel=0.01)
    spacy_n = float(metrics["spacy_words_per_s_n"])
    assert metrics["ratio_n"] == pytest.approx(ours_n / spacy_n, rel=0.01)
    assert "workers" not in run_speed(folder, None, no_progress)


def test_workers_for_a_task_without_them_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="takes no --workers"):
        run_task("scale", tmp_path, None, console=Console(file=io.StringIO()), workers=2)


def _hold_memory(megabytes: int, seconds: float) -> None:
    block = bytearray(megabytes * 1_048_576)
    block[::4096] = b"x" * len(block[::4096])  # touch every page: resident, not reserved
    time.sleep(seconds)


def test_process_tree_peak_sees_a_child_process_memory() -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessTreePeak(interval=0.05) as memory:
        child = context.Process(target=_hold_memory, args=(200, 1.5))
        child.start()
        child.join()
    assert child.exitcode == 0
    assert memory.worker_mb >= 200  # the child's own peak, its 200 MB block included
    assert memory.total_mb >= memory.worker_mb  # this process and the child together
