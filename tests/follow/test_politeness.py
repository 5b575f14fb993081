"""Politeness by counting, not timing: exponential backoff with jitter, robots.txt per
host (cache, expiry, error statuses, Crawl-delay)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from storyline.ingest import robots as robots_module
from storyline.ingest.follow import MAX_BACKOFF, Follower, FollowSettings, PollStatus
from storyline.ingest.http import HttpClient
from storyline.ingest.robots import RobotsRules
from storyline.service import Storyline
from storyline.store import SQLiteStore
from tests.follow.conftest import LOCAL_ONLY
from tests.follow.server import LocalServer, Route, rss
from tests.follow.texts import BRIDGE, text_of

EVERY = timedelta(minutes=15)


class FixedJitter(random.Random):
    """``uniform(a, b)`` always gives ``a + share * (b - a)``."""

    def __init__(self, share: float) -> None:
        super().__init__(0)
        self.share = share

    def uniform(self, a: float, b: float) -> float:
        return a + self.share * (b - a)


def follower_with(store: SQLiteStore, follower: Follower, share: float) -> Follower:
    app = Storyline(store, pipeline=follower.app.pipeline)
    settings = FollowSettings(every=EVERY, policy=LOCAL_ONLY)
    return Follower(app, store, settings, client=follower.client, rng=FixedJitter(share))


def wait_after(poll: PollStatus, due: datetime | None) -> timedelta:
    assert due is not None, poll
    return due - datetime.now(UTC)


def close_to(wait: timedelta, expected: timedelta) -> bool:
    """``wait`` was measured a moment after the poll: allow a few seconds."""
    return expected - timedelta(seconds=5) <= wait <= expected


@pytest.mark.parametrize("share", [0.0, 1.0])  # the two ends of the ±10 % jitter
def test_failures_back_off_exponentially_with_jitter_up_to_a_day(
    server: LocalServer, store: SQLiteStore, follower: Follower, share: float
) -> None:
    jittered = follower_with(store, follower, share)
    factor = 0.9 + 0.2 * share
    url = f"{server.url}/gone"  # 404
    jittered.follow([(url, None)])
    for failures in range(1, 5):
        state = store.feed(url)
        assert state is not None
        outcome = jittered.poll(state)
        assert outcome.status is PollStatus.FAILED
        expected = EVERY * 2 ** (failures - 1) * factor
        assert close_to(wait_after(outcome.status, outcome.next_due), expected)
    state = store.feed(url)
    assert state is not None
    assert state.failures == 4
    outcome = jittered.poll(replace(state, failures=20))  # 15 min * 2^8 is over a day
    assert close_to(wait_after(outcome.status, outcome.next_due), MAX_BACKOFF * factor)

    entry = {"title": "Bridge reopens", "link": f"{server.url}/a/2", "description": text_of(BRIDGE)}
    server.routes["/gone"] = Route(rss("Back", [entry]), headers={"ETag": '"1"'})
    outcome = jittered.poll(replace(state, failures=20))
    assert outcome.status is PollStatus.UPDATED  # one success ends the backoff
    assert close_to(wait_after(outcome.status, outcome.next_due), EVERY * factor)
    assert store.feed(url).failures == 0  # type: ignore[union-attr]


def test_robots_txt_is_asked_once_per_host_and_again_when_it_expires(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n")
    clock = SimpleNamespace(monotonic=lambda: 1000.0)
    monkeypatch.setattr(robots_module, "time", clock)
    with LocalServer() as other, HttpClient(LOCAL_ONLY) as client:
        rules = RobotsRules(client)
        assert rules.allowed(f"{server.url}/news/1")
        assert not rules.allowed(f"{server.url}/private/2")
        assert rules.allowed(f"{other.url}/private/2")  # the other host has none (404)
        assert len(server.requests_to("/robots.txt")) == 1
        assert len(other.requests_to("/robots.txt")) == 1
        assert client.hosts.spacing_of["127.0.0.1"] == 2.0  # Crawl-delay widens spacing
        clock.monotonic = lambda: 1000.0 + robots_module.ROBOTS_TTL + 1
        assert rules.allowed(f"{server.url}/news/3")
        assert len(server.requests_to("/robots.txt")) == 2


@pytest.mark.parametrize("status", [503, 429])
def test_an_unreachable_robots_txt_disallows_and_a_missing_one_allows(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    server.routes["/robots.txt"] = Route(b"down", status=status)
    monkeypatch.setattr(robots_module, "MAX_HOSTS", 1)
    with LocalServer() as other, HttpClient(LOCAL_ONLY) as client:
        rules = RobotsRules(client)
        assert not rules.allowed(f"{server.url}/news/1")  # 5xx or 429: nothing is crawled
        assert rules.allowed(f"{other.url}/news/1")  # 404: everything may be
        assert not rules.allowed(f"{server.url}/news/2")  # asked again: one host is kept
    assert len(server.requests_to("/robots.txt")) == 2
