"""The ``web`` benchmark: page latency of ``storyline serve`` on a 10,000-article store.

The store is built as ``scale`` builds its own (Timeline17 articles analyzed once, then
replayed with new ids, shifted dates, renamed actors and disguised words, each stored
and placed by the engine) up to ``--limit`` articles (default 10,000), and kept in
``$STORYLINE_BENCH_WORK`` (default ``<tmp>/storyline-eval-web``) under a name of its
size and the code's configuration, so a second run measures at once (the analyzed
sources are kept there too). Delete the folder to rebuild them.

The web app is served by uvicorn on 127.0.0.1 (a free port, in a thread) and asked over
HTTP, one request at a time: each page kind 50 times (50 random storylines, articles,
actors named in them, listing pages, searches for a word of their titles; every outlet
in turn). A story page is measured cold (its stored dossier evicted and the server's
memory of it dropped, so it is rebuilt), then stored (the server's memory dropped again,
so the page reads the dossier stored in the store: what a first view finds after an
ingest, which refreshes the dossiers of the stories it changed), then warm (the same
page again, from the server's memory). Keys are
``<page>_p50_ms_10k`` and ``<page>_p95_ms_10k`` whatever ``--limit`` is.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import socket
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import uvicorn
from fastapi import FastAPI

from storyline import __version__
from storyline.bench.base import Metrics, Task, Tracker
from storyline.model import AnalyzedArticle
from storyline.service import Storyline
from storyline.store.sqlite import SQLiteStore
from storyline.stories.engine import EngineConfig
from storyline.stories.grouping import GroupingConfig
from storyline.web import open_app
from storyline_benchmarks.scale import replayed, t17_sources
from storyline_benchmarks.shared import SharedData

__all__ = ["KEYS", "PAGES", "TASK", "run", "store_of"]

#: Every page measured, HTML and its JSON twin under /api.
PAGES = (
    "stories_page",
    "stories_by_actor",
    "story_page_cold",
    "story_page_stored",
    "story_page_warm",
    "evidence_page",
    "actor_page",
    "outlet_page",
    "search",
    "api_stories",
    "api_story_cold",
    "api_story_stored",
    "api_story_warm",
    "api_article",
    "api_actor",
    "api_outlet",
    "api_search",
)
KEYS = (
    *(f"{page}_{q}_ms_10k" for page in PAGES for q in ("p50", "p95")),
    "store_articles",
    "storylines",
    "requests",
    "errors",
)
SAMPLES = 50
PER_PAGE = 20
_WORD = re.compile(r"[A-Za-z]{5,}")


def _work_dir() -> Path:
    folder = os.environ.get("STORYLINE_BENCH_WORK")
    return Path(folder) if folder else Path(tempfile.gettempdir()) / "storyline-eval-web"


def store_of(data_dir: Path, target: int, track: Tracker) -> Path:
    """The replayed store of ``target`` articles: cached, else built (then cached)."""
    recipe = f"{__version__}|{data_dir.resolve()}|{GroupingConfig()!r}|{EngineConfig()!r}"
    digest = hashlib.sha256(recipe.encode()).hexdigest()[:12]
    path = _work_dir() / f"web-{target}-{digest}.db"
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    sources = _sources(data_dir, path.parent / f"sources-{digest}.db", track)
    with SQLiteStore(partial) as store:
        app = Storyline(store)
        for number in track(range(target), total=target, description="replaying"):
            analyzed = replayed(sources, number)
            if store.add(analyzed, pipeline="replay"):
                app.engine.add(analyzed)
    partial.rename(path)  # only a complete store takes the cached name
    return path


def _sources(data_dir: Path, path: Path, track: Tracker) -> list[AnalyzedArticle]:
    """The analyzed sources of the replay, kept in a store of their own."""
    if path.is_file():
        with SQLiteStore(path) as kept:
            return sorted(kept.articles(), key=lambda analyzed: analyzed.id)
    sources = sorted(t17_sources(data_dir, track), key=lambda analyzed: analyzed.id)
    partial = path.with_suffix(".partial")
    with SQLiteStore(partial) as keeping:
        for analyzed in sources:
            keeping.add(analyzed, pipeline="replay")
    partial.rename(path)
    return sources


@dataclass(frozen=True)
class _Sample:
    """What the benchmark asks for, drawn once from the store."""

    storylines: list[str]
    articles: list[str]
    actors: list[str]
    outlets: list[str]
    pages: list[int]
    words: list[str]
    size: tuple[int, int]  # articles, storylines


def _sample(path: Path) -> _Sample:
    rng = random.Random(17)
    db = sqlite3.connect(path)
    try:
        lines = [str(r[0]) for r in db.execute("SELECT id FROM storylines ORDER BY id")]
        heads = db.execute("SELECT id, title FROM articles ORDER BY id").fetchall()
        chosen = rng.sample(heads, min(SAMPLES, len(heads)))
        actors = []
        for article_id, _ in chosen:
            named = db.execute(
                "SELECT kind, slug FROM actor_names WHERE article_id = ? ORDER BY slug",
                (article_id,),
            ).fetchall()
            actors += [f"{kind}:{slug}" for kind, slug in named[:1]]
        outlets = [str(r[0]) for r in db.execute("SELECT DISTINCT source FROM articles")]
    finally:
        db.close()
    pages = max(1, -(-len(lines) // PER_PAGE))
    words = [(_WORD.findall(title) or ["news"])[0] for _, title in chosen]
    return _Sample(
        storylines=rng.sample(lines, min(SAMPLES, len(lines))),
        articles=[str(article_id) for article_id, _ in chosen],
        actors=actors,
        outlets=[outlets[i % len(outlets)] for i in range(min(SAMPLES, len(outlets) * 5))],
        pages=[rng.randint(1, pages) for _ in range(SAMPLES)],
        words=words,
        size=(len(heads), len(lines)),
    )


@contextmanager
def _serving(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 (a free port) in a thread; its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # as on the sockets uvicorn opens itself (`storyline serve`); without it every
    # response waits about 40 ms on Nagle's algorithm and the client's delayed ACK
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


class _Timer:
    """Times GETs one at a time; keeps the milliseconds of each page kind."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.times: dict[str, list[float]] = {page: [] for page in PAGES}
        self.requests = 0
        self.errors = 0

    def get(self, page: str, url: str, before: Callable[[], None] | None = None) -> None:
        if before is not None:
            before()
        start = time.perf_counter()
        response = self.client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        self.requests += 1
        if response.status_code == 200:
            self.times[page].append(elapsed)
        else:
            self.errors += 1


def _story_pages(timer: _Timer, app: FastAPI, path: Path, ids: Sequence[str]) -> None:
    def evict(story_id: str) -> Callable[[], None]:
        def cold() -> None:
            with SQLiteStore(path) as store:  # a rebuild: the stored dossier is replaced
                store.story_tables.put_dossier(story_id, "cold", "")
            app.state.reader.forget()

        return cold

    for story_id in ids:
        for prefix, name in (("", "story_page"), ("/api", "api_story")):
            timer.get(f"{name}_cold", f"{prefix}/stories/{story_id}", evict(story_id))
            timer.get(f"{name}_stored", f"{prefix}/stories/{story_id}", app.state.reader.forget)
            timer.get(f"{name}_warm", f"{prefix}/stories/{story_id}")


def _measure(timer: _Timer, app: FastAPI, path: Path, sample: _Sample) -> None:
    for page in sample.pages:
        timer.get("stories_page", f"/?page={page}")
        timer.get("api_stories", f"/api/stories?page={page}")
    for actor in sample.actors:
        timer.get("stories_by_actor", f"/?actor={quote(actor)}")
        timer.get("actor_page", f"/actors/{quote(actor)}")
        timer.get("api_actor", f"/api/actors/{quote(actor)}")
    _story_pages(timer, app, path, sample.storylines)
    for article_id in sample.articles:
        timer.get("evidence_page", f"/articles/{article_id}")
        timer.get("api_article", f"/api/articles/{article_id}")
    for outlet in sample.outlets:
        timer.get("outlet_page", f"/outlets/{quote(outlet, safe='')}")
        timer.get("api_outlet", f"/api/outlets/{quote(outlet, safe='')}")
    for word in sample.words:
        timer.get("search", f"/search?q={quote(word)}")
        timer.get("api_search", f"/api/search?q={quote(word)}")


def _quantiles(times: list[float]) -> tuple[float, float]:
    if len(times) < 2:
        return (times or [0.0])[0], (times or [0.0])[0]
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def run(data_dir: Path, limit: int | None, track: Tracker) -> Metrics:
    """Build (or reuse) the replayed store, serve it, time every page kind."""
    path = store_of(data_dir, limit or 10_000, track)
    sample = _sample(path)
    app = open_app(path)
    with _serving(app) as base, httpx.Client(base_url=base, timeout=120) as client:
        client.get("/")  # the first request opens what the server opens once
        timer = _Timer(client)
        _measure(timer, app, path, sample)
    metrics: Metrics = {}
    for page in PAGES:
        p50, p95 = _quantiles(timer.times[page])
        metrics[f"{page}_p50_ms_10k"] = round(p50, 1)
        metrics[f"{page}_p95_ms_10k"] = round(p95, 1)
    metrics.update(
        store_articles=sample.size[0],
        storylines=sample.size[1],
        requests=timer.requests,
        errors=timer.errors,
    )
    return metrics


TASK = Task(
    name="web",
    description=(
        "Page latency of `storyline serve` over HTTP (uvicorn on 127.0.0.1) on a store of "
        "--limit (10,000) replayed Timeline17 articles: p50/p95 of every page and its JSON"
    ),
    default_data=SharedData("t17"),
    keys=KEYS,
    run=run,
)
