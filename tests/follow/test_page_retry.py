"""Entries whose article page could not be fetched for a passing reason wait for it:
asked again at later polls with backoff, a bounded number of times, and stored as a new
version of the same article when the page comes; the waiting survives a kill."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

import storyline
from storyline.cli import main
from storyline.ingest import robots as robots_module
from storyline.ingest.follow import Follower, FollowSettings, PollStatus
from storyline.ingest.page_retry import PageFailure, PageRetry, is_passing
from storyline.service import Storyline
from storyline.store import SQLiteStore
from tests.follow.conftest import LOCAL_ONLY
from tests.follow.server import LocalServer, Route, page, rss
from tests.follow.texts import SPILL

RSS = {"Content-Type": "application/rss+xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
NO_WAIT = timedelta(0)


def teaser_feed(server: LocalServer, paths: list[str], etag: str | None = '"v1"') -> Route:
    entries = [
        {"title": f"Spill contained {n}", "link": f"{server.url}{path}", "description": "Crews…"}
        for n, path in enumerate(paths, start=1)
    ]
    headers = {**RSS, "ETag": etag} if etag else RSS
    return Route(rss("Harbour Gazette", entries), headers=headers)


def retrying(store: SQLiteStore, follower: Follower, retry: PageRetry) -> Follower:
    app = Storyline(store, pipeline=follower.app.pipeline)
    settings = FollowSettings(policy=LOCAL_ONLY, page_retry=retry)
    return Follower(app, store, settings, client=follower.client)


def test_a_page_answering_503_waits_and_comes_later_as_a_new_version(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    url = f"{server.url}/feed"
    server.routes["/feed"] = teaser_feed(server, ["/a/1"])
    server.routes["/a/1"] = Route(b"down for maintenance", status=503)
    soon = retrying(store, follower, PageRetry(first_delay=NO_WAIT))
    soon.follow([(url, None)])

    (first,) = soon.poll_due()
    assert (first.status, first.new, first.pages_waiting) == (PollStatus.UPDATED, 1, 1)
    assert store.pages_waiting(url) == 1
    (summary,) = store.articles()
    assert summary.article.text == "Crews…"  # the feed's summary, for now

    server.routes["/a/1"] = Route(page("Spill contained", SPILL), headers=HTML)
    second = soon.poll(store.feed(url))  # type: ignore[arg-type]
    assert second.status is PollStatus.NOT_MODIFIED  # the feed did not change: a 304
    assert (second.new, second.versions, second.pages_waiting) == (1, 1, 0)
    (latest,) = store.articles()  # one article, never a duplicate...
    assert "oil spill near the northern pier" in latest.article.text  # ...with the page
    assert latest.article.title == "Spill contained 1"  # the entry's title is kept
    assert store.versions_of(latest.id) == [summary.id]  # the summary stays, as a version
    assert store.count() == 2
    assert store.pages_waiting(url) == 0
    (dossier,) = Storyline(store, pipeline=follower.app.pipeline).dossiers()
    assert [a.id for a in dossier.articles] == [latest.id]  # the summary no longer speaks
    assert any(
        "denied" in entry.content_text or "tanker" in entry.content_text for entry in dossier.ledger
    )  # what only the page said

    third = soon.poll(store.feed(url))  # type: ignore[arg-type]
    assert (third.new, third.pages_waiting) == (0, 0)
    assert len(server.requests_to("/a/1")) == 2  # asked once more, then never again


def test_a_page_is_not_asked_again_before_its_backoff_is_over(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    url = f"{server.url}/feed"
    server.routes["/feed"] = teaser_feed(server, ["/a/1"], etag=None)
    server.routes["/a/1"] = Route(b"busy", status=429, headers={"Retry-After": "1800"})
    follower.follow([(url, None)])
    follower.poll_due()
    follower.poll(store.feed(url))  # type: ignore[arg-type]
    assert len(server.requests_to("/a/1")) == 1  # the second poll did not ask
    now = datetime.now(UTC)
    # Retry-After: 30 min, not the first 10 min of backoff (±10 % jitter)
    assert store.pages_due(url, now + timedelta(minutes=26)) == []
    (waiting,) = store.pages_due(url, now + timedelta(minutes=34))
    assert waiting.attempts == 1


def test_a_page_that_always_fails_is_given_up_after_the_bounded_tries(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    url = f"{server.url}/feed"
    server.routes["/feed"] = teaser_feed(server, ["/a/1"])
    server.routes["/a/1"] = Route(b"oops", status=500)
    soon = retrying(store, follower, PageRetry(attempts=3, first_delay=NO_WAIT))
    soon.follow([(url, None)])
    outcomes = soon.poll_due()
    for _ in range(4):
        outcomes.append(soon.poll(store.feed(url)))  # type: ignore[arg-type]
    assert len(server.requests_to("/a/1")) == 3
    assert [o.pages_waiting for o in outcomes] == [1, 1, 0, 0, 0]
    assert outcomes[1].problems == (
        f"{server.url}/a/1: still no article page (HTTP 500 Internal Server Error); "
        "try 2 of 3, next in 0 s",
    )
    assert outcomes[2].problems == (
        f"{server.url}/a/1: gave up the article page after 3 tries "
        "(HTTP 500 Internal Server Error); kept the feed's summary",
    )
    (kept,) = store.articles()
    assert kept.article.text == "Crews…"
    assert store.count() == 1


def test_only_failures_that_may_pass_wait(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    """A 404 is final; a timeout waits, and so does the page skipped after it (same host)."""
    url = f"{server.url}/feed"
    server.routes["/feed"] = teaser_feed(server, ["/gone", "/slow", "/after"])
    server.routes["/slow"] = Route(page("Slow", SPILL), headers=HTML, delay=3.0)
    server.routes["/after"] = Route(page("After", SPILL), headers=HTML)
    follower.follow([(url, None)])
    (outcome,) = follower.poll_due()
    assert (outcome.new, outcome.pages_waiting) == (3, 2)
    assert server.requests_to("/after") == []  # not asked after the timeout
    waiting = store.pages_due(url, datetime.now(UTC) + timedelta(hours=1))
    assert sorted(w.key.rsplit("/", 1)[1] for w in waiting) == ["after", "slow"]


def test_the_retry_policy() -> None:
    policy = PageRetry()
    assert [policy.delay(n) for n in range(1, 6)] == [
        timedelta(minutes=m) for m in (10, 20, 40, 80, 160)
    ]
    assert policy.delay(12) == timedelta(hours=6)  # at most
    assert policy.delay(1, timedelta(hours=1)) == timedelta(hours=1)  # Retry-After, at least
    now = datetime(2026, 12, 1, tzinfo=UTC)
    busy = PageFailure("HTTP 503 Service Unavailable", passing=True)
    assert policy.after(5, busy, now=now, jitter=lambda d: d).due == now + timedelta(minutes=160)
    assert policy.after(6, busy, now=now, jitter=lambda d: d).due is None  # six tries in all
    final = PageFailure("HTTP 404 Not Found", passing=False)
    assert policy.after(1, final, now=now, jitter=lambda d: d).due is None
    assert [s for s in (200, 301, 404, 408, 410, 429, 500, 503, 599) if is_passing(s)] == [
        408,
        429,
        500,
        503,
        599,
    ]


def test_kill_9_keeps_the_waiting_page_and_the_next_run_fetches_it(
    tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    url = f"{server.url}/feed"
    server.routes["/feed"] = teaser_feed(server, ["/a/1"])
    server.routes["/a/1"] = Route(b"down", status=503)
    process = follow_once(db, url)
    deadline = time.monotonic() + 120
    while process.poll() is None and articles(db) < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)  # right after the summary was committed
    process.wait(timeout=30)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = connection.execute(
            "SELECT page_attempts, page_due IS NOT NULL, page_error FROM feed_entries"
        ).fetchone()
        assert tuple(row) == (1, 1, "HTTP 503 Service Unavailable")
    assert feeds_json(db, capsys)["pages_waiting"] == 1

    with sqlite3.connect(db) as connection:  # time passes: the feed and the page are due
        connection.execute("UPDATE feeds SET next_due = '2000-01-01T00:00:00+00:00'")
        connection.execute("UPDATE feed_entries SET page_due = '2000-01-01T00:00:00+00:00'")
    server.routes["/a/1"] = Route(page("Spill contained", SPILL), headers=HTML)
    rerun = follow_once(db, url)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    with sqlite3.connect(db) as connection:
        texts = [t for (t,) in connection.execute("SELECT text FROM articles ORDER BY rowid")]
        versions = connection.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
    assert texts[0] == "Crews…"
    assert "oil spill" in texts[1]
    assert (len(texts), versions) == (2, 1)
    assert feeds_json(db, capsys)["pages_waiting"] == 0


def follow_once(db: Path, url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(storyline.__file__).parents[1])}
    command = [sys.executable, "-m", "storyline", "--db", str(db), "follow", url, "--once"]
    command.append("--allow-private")
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(db, timeout=5)) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not migrated yet
        return 0


def feeds_json(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    with contextlib.suppress(SystemExit):
        main(["--db", str(db), "--json", "feeds"])
    (row,) = json.loads(capsys.readouterr().out)
    assert isinstance(row, dict)
    return row


def test_a_page_waits_while_robots_txt_is_unavailable(
    server: LocalServer, follower: Follower, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """robots.txt answering 503: nothing is crawled on the host, and that may pass (RFC
    9309), so the entry waits; once robots.txt is asked again and allows, the page comes."""
    clock = SimpleNamespace(monotonic=lambda: 1000.0)
    monkeypatch.setattr(robots_module, "time", clock)
    url = f"{server.url}/feed"
    server.routes["/feed"] = teaser_feed(server, ["/a/1"])
    server.routes["/robots.txt"] = Route(b"down", status=503)
    server.routes["/a/1"] = Route(page("Spill contained", SPILL), headers=HTML)
    soon = retrying(store, follower, PageRetry(first_delay=NO_WAIT))
    soon.follow([(url, None)])
    (first,) = soon.poll_due()
    assert first.pages_waiting == 1
    assert any("robots.txt unavailable (HTTP 503" in p for p in first.problems)
    assert server.requests_to("/a/1") == []

    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n")
    second = soon.poll(store.feed(url))  # type: ignore[arg-type]
    assert second.pages_waiting == 1  # robots.txt is not asked again so soon...
    assert len(server.requests_to("/robots.txt")) == 1
    clock.monotonic = lambda: 1000.0 + robots_module.ROBOTS_ERROR_TTL + 1
    third = soon.poll(store.feed(url))  # type: ignore[arg-type]
    assert (third.versions, third.pages_waiting) == (1, 0)  # ...but after a while it is
    assert len(server.requests_to("/a/1")) == 1
    (latest,) = store.articles()
    assert "oil spill" in latest.article.text
