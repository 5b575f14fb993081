"""kill -9 of `storyline follow --once` at random moments never corrupts the store,
never half-stores or duplicates an article, and the next run completes the work."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import storyline
from tests.follow.server import LocalServer, Route, page, rss
from tests.follow.texts import AGENCY, BRIDGE, SPILL

OUTLETS = tuple(f"Outlet {letter}" for letter in "ABCDEF")
ENTRIES_PER_FEED = 2


def serve_feeds(server: LocalServer) -> None:
    """Feeds of teasers; every page a little slow, so polls take a while."""
    for number, outlet in enumerate(OUTLETS):
        entries = []
        for item in range(ENTRIES_PER_FEED):
            path = f"/{number}/article-{item}"
            paragraphs = [f"{outlet} report number {item}.", *(SPILL, BRIDGE, AGENCY)[item % 3]]
            server.routes[path] = Route(
                page(f"{outlet} story {item}", paragraphs),
                headers={"Content-Type": "text/html"},
                delay=0.05,
            )
            link = f"{server.url}{path}"
            entries.append({"title": f"{outlet} story {item}", "link": link, "description": "…"})
        server.routes[f"/feed-{number}"] = Route(
            rss(outlet, entries), headers={"Content-Type": "application/rss+xml"}
        )


def follow_once(db: Path, feeds: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(storyline.__file__).parents[1])}
    command = [sys.executable, "-m", "storyline", "--db", str(db), "follow", "--once"]
    command += ["--feeds", str(feeds), "--allow-private"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_at_random_moments_then_once_completes(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    feeds = tmp_path / "feeds.txt"
    rng = random.Random(20261201)
    with LocalServer() as server:
        serve_feeds(server)
        lines = [f"{server.url}/feed-{n} {outlet}" for n, outlet in enumerate(OUTLETS)]
        feeds.write_text("\n".join(lines) + "\n", encoding="utf-8")
        # each kill in a random phase: while fetching and loading (0), or just after
        # the 1st or 3rd article of the run was committed (before the feed's state is)
        phases = [0, 0, 0, 0, 0, 1, 1, 1, 3, 3]
        rng.shuffle(phases)
        for committed in phases:
            requests, stored = len(server.log), stored_count(db)
            process = follow_once(db, feeds)
            wait_for(lambda seen=requests: len(server.log) > seen, process)  # type: ignore[misc]
            if committed:
                goal = stored + committed
                wait_for(lambda goal=goal: stored_count(db) >= goal, process)  # type: ignore[misc]
            time.sleep(rng.uniform(0.0, 0.5 if committed else 2.0))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            assert_consistent(db)
        final = follow_once(db, feeds)
        _, stderr = final.communicate(timeout=120)
        assert final.returncode == 0, stderr.decode()
        pages = [r for r in server.log if "/article-" in r.path]
    expected = len(OUTLETS) * ENTRIES_PER_FEED
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == expected
        rows = connection.execute("SELECT article_id FROM feed_entries").fetchall()
        assert len(rows) == expected
        assert all(article_id is not None for (article_id,) in rows)
        stored = connection.execute("SELECT text FROM articles").fetchall()
        assert all("report number" in text for (text,) in stored)  # pages, not the teasers
    assert_consistent(db)
    # a kill loses at most the pages of the one feed being read; nothing else is re-fetched
    assert len(pages) <= expected + len(phases) * ENTRIES_PER_FEED


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    """Until ``condition`` holds or the process has ended (at most 60 s)."""
    deadline = time.monotonic() + 60
    while not condition() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    with contextlib.closing(sqlite3.connect(db, timeout=5)) as connection:
        try:
            return int(connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # not migrated yet
            return 0


def assert_consistent(db: Path) -> None:
    if not db.exists():
        return
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = connection.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM layers), "
            "(SELECT COUNT(DISTINCT url) FROM articles), "
            "(SELECT COUNT(*) FROM feed_entries WHERE article_id IS NOT NULL)"
        ).fetchone()
        articles, layers, urls, entries = counts
        assert articles == layers == urls == entries  # whole articles, one per entry
