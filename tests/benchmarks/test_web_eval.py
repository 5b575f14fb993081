"""The web benchmark asks every page kind over HTTP and gets it (on the demo store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.demo import run_demo
from storyline.web import open_app

web = pytest.importorskip("storyline_benchmarks.web")


def test_every_page_kind_is_served_and_timed(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    run_demo(path)
    sample = web._sample(path)
    assert sample.size == (5, 2)
    assert sample.actors
    assert sample.outlets
    assert sample.storylines
    app = open_app(path)
    with web._serving(app) as base, web.httpx.Client(base_url=base, timeout=60) as client:
        timer = web._Timer(client)
        web._measure(timer, app, path, sample)
    assert timer.errors == 0
    assert all(timer.times[page] for page in web.PAGES), timer.times
    assert timer.requests == sum(len(times) for times in timer.times.values())
    with sqlite3.connect(path) as db:  # cold views rebuilt the evicted dossiers
        evicted = db.execute("SELECT COUNT(*) FROM dossier_cache WHERE key = 'cold'")
        assert evicted.fetchone()[0] == 0
