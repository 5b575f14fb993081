"""Fixtures for the follower: one analysis pipeline per session, a store, a local server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.ingest.follow import Follower, FollowSettings
from storyline.ingest.http import FetchPolicy
from storyline.pipeline import Pipeline, default_pipeline
from storyline.service import Storyline
from storyline.store import SQLiteStore, open_store
from tests.follow.server import LocalServer

#: The tests' server is on 127.0.0.1: that one network is allowed, every other
#: non-public address stays refused (so redirects to them can be tested).
LOCAL_ONLY = FetchPolicy(
    allowed_networks=("127.0.0.1/32",),
    host_spacing=0.0,
    connect_timeout=2.0,
    stall_timeout=1.0,
    deadline=2.0,
    max_bytes=1_000_000,
)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with open_store(tmp_path / "follow.db") as opened:
        yield opened


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def follower(store: SQLiteStore, pipeline: Pipeline) -> Iterator[Follower]:
    app = Storyline(store, pipeline=pipeline)
    running = Follower(app, store, FollowSettings(policy=LOCAL_ONLY))
    yield running
    running.close()
