"""Speed on any folder of articles (``storyline eval speed --data FOLDER``): the full
ingest (every stage, grouping, store) against spaCy's ``nlp.pipe`` alone.

Both run in the same process on the same texts with the same batch size and number of
processes, spaCy first; the model is loaded before either clock starts.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from storyline.bench.base import Metrics, Task, Tracker
from storyline.errors import DataError
from storyline.ingest import ReadResult, expand_inputs, read_target
from storyline.pipeline import default_pipeline
from storyline.pipeline.nlp import load_english
from storyline.service import Storyline
from storyline.store import SQLiteStore

__all__ = ["TASK", "run_speed"]

BATCH_SIZE = 32
N_PROCESS = 1


def _read_folder(folder: Path, limit: int | None, track: Tracker) -> list[ReadResult]:
    targets = sorted(expand_inputs([str(folder)]))
    results: list[ReadResult] = []
    for target in track(targets, total=len(targets), description="reading"):
        results.extend(r for r in read_target(target) if r.article is not None)
        if limit is not None and len(results) >= limit:
            break
    if not results:
        raise DataError("no readable articles", path=str(folder))
    return results[:limit] if limit else results


def _reset_peak_rss() -> bool:
    """Forget the process's peak memory so far (Linux: ``/proc/self/clear_refs``), so
    that tasks run before this one in the same process do not count."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_rss_mb(*, since_reset: bool) -> float:
    if since_reset:
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # KiB
        except (OSError, ValueError, IndexError):
            pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1_048_576 if sys.platform == "darwin" else 1024)  # bytes there, KiB here


def run_speed(data_dir: Path, limit: int | None, track: Tracker) -> Metrics:
    """Words per second of the whole ingest and of spaCy alone, and peak memory."""
    reset = _reset_peak_rss()
    results = _read_folder(data_dir, limit, track)
    texts = [r.article.text for r in results if r.article is not None]
    words = sum(len(text.split()) for text in texts)
    nlp = load_english()
    nlp("warm up")

    started = time.perf_counter()
    for _ in track(
        nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=N_PROCESS),
        total=len(texts),
        description="spaCy alone",
    ):
        pass
    spacy_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="storyline-speed-") as folder:
        store = SQLiteStore(Path(folder) / "speed.db")
        app = Storyline(store, pipeline=default_pipeline(batch_size=BATCH_SIZE))
        _ = app.pipeline  # built before the clock starts
        started = time.perf_counter()
        report = app.store_results(track(results, total=len(results), description="storyline"))
        app.grouping()
        ours_seconds = time.perf_counter() - started
        store.close()
    ours = words / ours_seconds
    alone = words / spacy_seconds
    return {
        "articles": len(report.stored) + len(report.duplicates),
        "words": words,
        "words_per_s": round(ours, 1),
        "spacy_words_per_s": round(alone, 1),
        "ratio": round(ours / alone, 3),
        "peak_rss_mb": round(_peak_rss_mb(since_reset=reset), 1),
    }


TASK = Task(
    name="speed",
    description="full ingest vs spaCy nlp.pipe alone, same texts, one process",
    keys=("articles", "words", "words_per_s", "spacy_words_per_s", "ratio", "peak_rss_mb"),
    run=run_speed,
)
