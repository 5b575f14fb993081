"""Speed on any folder of articles (``storyline eval speed --data FOLDER``): the full
ingest (every stage, grouping, store) against spaCy's ``nlp.pipe`` alone.

Both run on the same texts with the same batch size and number of processes, spaCy
first, each with its model loaded before its clock starts. spaCy runs in a child
process of its own, so ``peak_rss_mb`` is the peak of storyline's ingest alone (spaCy
on a 700,000-character page takes gigabytes that storyline's paragraph chunks do not);
spaCy's peak is ``spacy_peak_rss_mb``. With
``workers`` N > 1 (``storyline eval speed --workers N``) both run again with N
processes (spaCy's ``nlp.pipe(n_process=N)``, the ingest's ``--workers N``), and the
``*_n`` keys report those runs beside the one-process ones; starting the worker
processes (each loads the model) is inside the clock, as it is for a user. The worker
processes' memory is sampled from ``/proc`` while the N-process ingest runs (Linux):
``workers_peak_rss_mb`` is the largest worker's own peak, ``total_peak_rss_mb_n`` the
largest sum of the ingest's processes (the parent included) seen at one sample.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType

from storyline.bench.base import Metrics, Task, Tracker
from storyline.errors import DataError
from storyline.ingest import ReadResult, expand_inputs, read_target
from storyline.pipeline import default_pipeline
from storyline.pipeline.nlp import load_english
from storyline.service import Storyline
from storyline.store import SQLiteStore

__all__ = ["INFO_KEYS", "TASK", "ProcessTreePeak", "run_speed"]

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


def _status_kb(pid: int | str, field: str) -> int:
    """A ``/proc/PID/status`` field in KiB; 0 when the process is gone or has none."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(root: int) -> list[int]:
    """The processes below ``root`` (read from each process's ``/proc/PID/stat``)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    frontier = [root]
    while frontier:
        children = parents.get(frontier.pop(), [])
        found += children
        frontier += children
    return found


class ProcessTreePeak:
    """Peak memory of this process's descendants while the block runs, sampled every
    ``interval`` seconds from ``/proc``: ``worker_mb``, the largest child's own peak
    (its ``VmHWM``, exact up to the last sample), and ``total_mb``, the largest sum of
    resident memory of this process and its descendants at one sample."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.worker_mb = 0.0
        self.total_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ProcessTreePeak:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self._sample()
            if self._stop.wait(self.interval):
                return

    def _sample(self) -> None:
        children = _descendants(os.getpid())
        total = _status_kb("self", "VmRSS") + sum(_status_kb(c, "VmRSS") for c in children)
        worker = max((_status_kb(c, "VmHWM") for c in children), default=0)
        self.total_mb = max(self.total_mb, total / 1024)
        self.worker_mb = max(self.worker_mb, worker / 1024)


def _spacy_child(texts: list[str], processes: int, reply: Connection) -> None:
    # a spawned child inherits "spawn"; spaCy's own processes start the platform's way
    multiprocessing.set_start_method(multiprocessing.get_all_start_methods()[0], force=True)
    nlp = load_english()
    nlp("warm up")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=processes):
        pass
    reply.send((time.perf_counter() - started, _peak_rss_mb(since_reset=False)))


def _spacy_alone(texts: list[str], processes: int, track: Tracker) -> tuple[float, float]:
    """(seconds, peak MB) of spaCy's ``nlp.pipe`` alone over the texts, in a child
    process (its memory is not storyline's)."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_spacy_child, args=(texts, processes, send))
    for _ in track([child], description=f"spaCy alone, {processes} process(es)"):
        child.start()
        send.close()
        try:
            seconds, peak = receive.recv()
        except EOFError:
            raise DataError("spaCy's own run died (out of memory?)") from None
        finally:
            child.join()
    return float(seconds), float(peak)


def _ingest_seconds(
    results: list[ReadResult], processes: int, track: Tracker, memory: ProcessTreePeak | None = None
) -> tuple[float, int]:
    """Seconds of the whole ingest into a new store, and the articles it took; with
    ``memory``, its processes' memory is sampled while it runs."""
    with tempfile.TemporaryDirectory(prefix="storyline-speed-") as folder, memory or nullcontext():
        store = SQLiteStore(Path(folder) / "speed.db")
        app = Storyline(store, pipeline=default_pipeline(batch_size=BATCH_SIZE))
        _ = app.pipeline  # built before the clock starts
        started = time.perf_counter()
        report = app.store_results(
            track(results, total=len(results), description=f"storyline, {processes} process(es)"),
            workers=processes,
        )
        app.grouping()
        seconds = time.perf_counter() - started
        store.close()
    return seconds, len(report.stored) + len(report.duplicates)


def run_speed(data_dir: Path, limit: int | None, track: Tracker, workers: int = 1) -> Metrics:
    """Words per second of the whole ingest and of spaCy alone, and peak memory; with
    ``workers`` > 1 also both with that many processes."""
    reset = _reset_peak_rss()
    results = _read_folder(data_dir, limit, track)
    texts = [r.article.text for r in results if r.article is not None]
    words = sum(len(text.split()) for text in texts)
    spacy_seconds, spacy_peak = _spacy_alone(texts, 1, track)
    alone = words / spacy_seconds
    seconds, articles = _ingest_seconds(results, 1, track)
    ours = words / seconds
    metrics: Metrics = {
        "articles": articles,
        "words": words,
        "words_per_s": round(ours, 1),
        "spacy_words_per_s": round(alone, 1),
        "ratio": round(ours / alone, 3),
        "spacy_peak_rss_mb": round(spacy_peak, 1),
    }
    if workers > 1:
        alone_n = words / _spacy_alone(texts, workers, track)[0]
        memory = ProcessTreePeak()
        ours_n = words / _ingest_seconds(results, workers, track, memory)[0]
        metrics |= {
            "workers": workers,
            "words_per_s_n": round(ours_n, 1),
            "spacy_words_per_s_n": round(alone_n, 1),
            "ratio_n": round(ours_n / alone_n, 3),
            "speedup_n": round(ours_n / ours, 3),
            "spacy_speedup_n": round(alone_n / alone, 3),
            "workers_peak_rss_mb": round(memory.worker_mb, 1),
            "total_peak_rss_mb_n": round(memory.total_mb, 1),
        }
    metrics["peak_rss_mb"] = round(_peak_rss_mb(since_reset=reset), 1)
    return metrics


#: spaCy's own peak memory; with ``workers`` > 1: N processes, and how they compare.
INFO_KEYS = (
    "spacy_peak_rss_mb",
    "workers",
    "words_per_s_n",
    "spacy_words_per_s_n",
    "ratio_n",
    "speedup_n",
    "spacy_speedup_n",
    "workers_peak_rss_mb",
    "total_peak_rss_mb_n",
)


TASK = Task(
    name="speed",
    description="full ingest vs spaCy nlp.pipe alone, same texts, one process (and N)",
    keys=("articles", "words", "words_per_s", "spacy_words_per_s", "ratio", "peak_rss_mb"),
    run=run_speed,
    info_keys=INFO_KEYS,
    run_workers=run_speed,
)
