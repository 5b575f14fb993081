"""The ``scale`` benchmark: the corpus-level cost as the store grows, without the NLP.

Timeline17 articles (``--data``, default the shared ``t17``; 300 of them) are analyzed
once; then they are replayed into one store with new ids, dates shifted by whole
weeks (so each copy lands in its own publication window), actors renamed and a third
of the vocabulary disguised per copy (so copies are distinct developments, not
syndicated copies of each other), until the store holds ``--limit`` articles
(default 100,000). At 1k, 10k and 100k stored articles it measures the mean cost of
one article: storing and placing it (the last 200 before the mark), plus its share of
the dossier refresh that ingest runs at the end of a batch (the cached dossiers of the
stories those 200 articles joined rebuilt, as after an ingest of 200 articles:
``refresh_ms_per_article_*``); then the latency of ``show`` (p95 over up to 50 of
those stories, from the dossiers the refresh cached, as a user's ``show`` after an
ingest; ``show_cold_p95_ms``: the same stories with their cache entry evicted, a full
rebuild) and of the first page of ``stories``; at the end the store size and the peak
RSS. Between marks the replay stores and places only (a refresh per batch would multiply
its run time), so stories left behind keep stale cache entries that ``show`` would
rebuild on demand; the measured ones are exactly those a refresh covered. With a smaller ``--limit``
the latencies are measured at the end of the run (keys keep their names). The
latencies are measured in a new process over the store, as ``storyline show`` runs
(``*_engine_process``: in the replaying process, whose engine cache Python's garbage
collector walks); a line on stderr every 5,000 articles gives the trend (and every
20,000 the latencies).
"""

from __future__ import annotations

import bisect
import multiprocessing
import re
import resource
import statistics
import string
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from multiprocessing.connection import Connection
from pathlib import Path

from storyline.bench.base import Metrics, Task, Tracker
from storyline.model import AnalyzedArticle, Article, ArticleActor
from storyline.service import Storyline
from storyline.store.sqlite import SQLiteStore
from storyline_benchmarks.shared import SharedData
from storyline_benchmarks.stories import analyze
from storyline_benchmarks.timeline_data import load_t17, read_document

__all__ = ["KEYS", "TASK", "replayed", "replica", "run", "t17_sources"]

KEYS = (
    "per_article_ms_1k",
    "per_article_ms_10k",
    "per_article_ms_100k",
    "show_p95_ms_100k",
    "stories_ms_100k",
    "peak_rss_mb",
    "store_mb_100k",
)
_SOURCES = 300
_MARKS = {1_000: "1k", 10_000: "10k", 100_000: "100k"}
_WINDOW = 200  # articles averaged before each mark
_TREND = 5_000  # a progress line on stderr every so many articles (and at each mark)
_TREND_LATENCY = 20_000  # ... with the show and stories latencies every so many


_WORD = re.compile(r"\b[a-z]{4,}\b")


def _disguise(text: str, copy: int, names: Sequence[tuple[int, int]] = ()) -> str:
    """The text with a third of its vocabulary rotated per copy, lengths kept.

    Each lower-case word of four letters or more is, for one copy in three words
    (chosen by a hash of copy and word, the same word alike throughout the copy),
    replaced by its letters rotated ``copy`` places: a copy reads as another
    development with its own words (and is not a syndicated copy of the original),
    while every offset into the text (names, statements, times) stays valid. Names
    (``names`` spans) are left alone: they are renamed in the mentions instead.
    """
    shift = copy % 25 + 1
    table = str.maketrans(
        string.ascii_lowercase, string.ascii_lowercase[shift:] + string.ascii_lowercase[:shift]
    )
    chars = list(text)
    protected = sorted(names)
    for match in _WORD.finditer(text):
        word = match.group()
        if zlib.crc32(f"{copy}:{word}".encode()) % 3:
            continue
        at = bisect.bisect_right(protected, (match.start(), 1 << 62)) - 1
        if at >= 0 and protected[at][1] > match.start():
            continue
        chars[match.start() : match.end()] = word.translate(table)
    return "".join(chars)


def replica(analyzed: AnalyzedArticle, copy: int) -> AnalyzedArticle:
    """The article as a new one: own id, dates shifted ``copy`` weeks, actors renamed,
    a third of its vocabulary disguised (``_disguise``)."""
    if copy == 0:
        return analyzed
    article = analyzed.article
    tag = f" {copy}"
    published = article.published + timedelta(weeks=copy) if article.published else None
    names = [(e.start, e.end) for e in analyzed.entities]
    fresh = Article.create(
        source=article.source,
        title=_disguise(article.title, copy) + tag,
        text=_disguise(article.text, copy, names),
        published=published,
        origin=f"{article.origin}#{copy}",
    )
    entities = tuple(replace(e, text=e.text + tag) for e in analyzed.entities)
    actors: tuple[ArticleActor, ...] = tuple(replace(a, name=a.name + tag) for a in analyzed.actors)
    return replace(analyzed, article=fresh, entities=entities, actors=actors)


def t17_sources(data_dir: Path, track: Tracker) -> list[AnalyzedArticle]:
    """``_SOURCES`` Timeline17 articles of ``data_dir``, evenly spread, analyzed once."""
    articles = [read_document(d) for t in load_t17(data_dir) for d in t.documents]
    return analyze(articles[:: max(1, len(articles) // _SOURCES)][:_SOURCES], track)


def replayed(sources: Sequence[AnalyzedArticle], number: int) -> AnalyzedArticle:
    """The ``number``-th article of the replay: a replica of a source (``replica``)."""
    return replica(sources[number % len(sources)], number // len(sources))


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _trend(stored: int, costs: Sequence[float], cpu: Sequence[float]) -> None:
    """One line on stderr: the trend of a long run, readable before it ends (with the
    CPU time per article, steadier than the clock on a shared machine)."""
    mean = statistics.fmean(costs) if costs else 0.0
    line = f"scale: {stored} stored, {mean:.1f} ms/article (last {len(costs)}), "
    line += f"CPU {statistics.fmean(cpu) if cpu else 0.0:.1f} ms/article, "
    line += f"peak RSS {_peak_rss_mb():.0f} MB at {time.strftime('%H:%M:%S')}"
    print(line, file=sys.stderr, flush=True)


def _latencies(app: Storyline, count: int, shown: Sequence[str]) -> tuple[float, float, float]:
    """(p95 ms of ``show`` over ``count`` of the ``shown`` stories as ingest left their
    cached dossiers, p95 ms of a cold rebuild of the same, ms of the first ``stories``
    page)."""
    app.latest(1)  # warm up: the first call imports and prepares
    start = time.perf_counter()
    app.latest(50)
    stories_ms = (time.perf_counter() - start) * 1000
    ids = list(shown)[:count]
    tables = app.store.story_tables
    if ids:  # warm up: the first dossier imports the modules that build one
        app.dossier(ids[-1])
    warm = [_show_ms(app, story_id) for story_id in ids]
    cold = []
    for story_id in ids:
        tables.put_dossier(story_id, "cold", "")  # evict: measure a rebuild
        cold.append(_show_ms(app, story_id))
    return _p95(warm), _p95(cold), stories_ms


def _show_ms(app: Storyline, story_id: str) -> float:
    start = time.perf_counter()
    app.dossier(story_id)
    return (time.perf_counter() - start) * 1000


def _p95(times: Sequence[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else (list(times) or [0.0])[0]


def _latencies_child(path: str, count: int, shown: list[str], reply: Connection) -> None:
    store = SQLiteStore(Path(path))
    reply.send(_latencies(Storyline(store), count, shown))
    store.close()


def _fresh_latencies(path: Path, count: int, shown: Sequence[str]) -> tuple[float, float, float]:
    """``_latencies`` in a new process over the store, as ``storyline show`` runs: the
    replaying process holds the engine's cache of 10,000 articles' features, which
    Python's garbage collector walks on each full collection (hundreds of ms at p95)."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_latencies_child, args=(str(path), count, list(shown), send))
    child.start()
    send.close()
    try:
        show_p95, cold_p95, stories_ms = receive.recv()
    finally:
        child.join()
    return float(show_p95), float(cold_p95), float(stories_ms)


def _measure_latencies(app: Storyline, path: Path, shown: Sequence[str], metrics: Metrics) -> None:
    """The latencies in a fresh process (the keys; cold rebuilds an info key) and in
    this one (info keys)."""
    show_p95, cold_p95, stories_ms = _fresh_latencies(path, 50, shown)
    engine_p95, _, engine_stories = _latencies(app, 50, shown)
    metrics["show_p95_ms_100k"] = round(show_p95, 1)
    metrics["stories_ms_100k"] = round(stories_ms, 1)
    metrics["show_cold_p95_ms"] = round(cold_p95, 1)
    metrics["show_p95_ms_engine_process"] = round(engine_p95, 1)
    metrics["stories_ms_engine_process"] = round(engine_stories, 1)
    line = f"scale: show p95 {show_p95:.1f} ms (cold rebuild {cold_p95:.1f}), "
    line += f"stories {stories_ms:.1f} ms (in the replaying process: {engine_p95:.1f} and "
    line += f"{engine_stories:.1f} ms)"
    print(line, file=sys.stderr, flush=True)


def _refresh(app: Storyline, joined: Sequence[str]) -> tuple[list[str], float]:
    """Refresh the cached dossiers of the stories the last ``_WINDOW`` articles joined,
    as ingest does at the end of a batch of that size: (the refreshed stories, newest
    first; the refresh's cost in ms per article of the batch)."""
    start = time.perf_counter()
    app.refresh_dossiers(joined)
    per_article = (time.perf_counter() - start) * 1000 / max(1, len(joined))
    return list(dict.fromkeys(reversed(joined))), per_article


def run(data_dir: Path, limit: int | None, track: Tracker) -> Metrics:
    """Replay analyzed T17 articles into one store up to ``limit`` (100,000) articles."""
    target = limit or 100_000
    sources = t17_sources(data_dir, track)
    metrics: Metrics = dict.fromkeys(KEYS, 0.0)
    with tempfile.TemporaryDirectory(prefix="storyline-scale-") as folder:
        path = Path(folder) / "scale.db"
        app = Storyline(SQLiteStore(path))
        costs: list[float] = []
        cpu: list[float] = []
        joined: list[str] = []  # the stories the last _WINDOW articles joined
        for stored in track(range(target), total=target, description="replaying"):
            analyzed = replayed(sources, stored)
            start, start_cpu = time.perf_counter(), time.process_time()
            story_id = None
            if app.store.add(analyzed, pipeline="replay"):  # what ingest does per article
                story_id = app.engine.add(analyzed)
            costs = [*costs[-_WINDOW + 1 :], (time.perf_counter() - start) * 1000]
            cpu = [*cpu[-_WINDOW + 1 :], (time.process_time() - start_cpu) * 1000]
            joined = [*joined[-_WINDOW + 1 :], *([story_id] if story_id else [])]
            if (stored + 1) % _TREND == 0 or stored + 1 in _MARKS:
                _trend(stored + 1, costs, cpu)
            at_end = stored + 1 == target
            mark = _MARKS.get(stored + 1) or ("end" if at_end else None)
            if mark is None and (stored + 1) % _TREND_LATENCY:
                continue
            shown, refresh = _refresh(app, joined)
            if mark in _MARKS.values():
                metrics[f"refresh_ms_per_article_{mark}"] = round(refresh, 2)
                metrics[f"per_article_ms_{mark}"] = round(statistics.fmean(costs) + refresh, 2)
            _measure_latencies(app, path, shown, metrics)
        metrics["store_mb_100k"] = round(path.stat().st_size / 1e6, 1)
        app.store.close()
    metrics["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return metrics


TASK = Task(
    name="scale",
    description=(
        "Replay analyzed Timeline17 articles (new ids, shifted dates, renamed actors) "
        "into one store up to --limit articles (100,000): per-article cost, show and "
        "stories latency, store size, peak RSS"
    ),
    default_data=SharedData("t17"),
    keys=KEYS,
    run=run,
    info_keys=(
        "show_cold_p95_ms",
        "show_p95_ms_engine_process",
        "stories_ms_engine_process",
        "refresh_ms_per_article_1k",
        "refresh_ms_per_article_10k",
        "refresh_ms_per_article_100k",
    ),
)
