"""Stores for the web tests: the demo corpus, and a hostile article on its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.demo import run_demo
from storyline.service import Storyline
from storyline.store import open_store
from storyline.web.app import create_app

HOSTILE = Path(__file__).parent / "hostile.jsonl"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-demo") / "demo.db"
    report, _ = run_demo(path)
    assert len(report.stored) == 5
    return path


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article whose title, outlet, link, text and quotes carry markup and script."""
    path = tmp_path_factory.mktemp("web-hostile") / "hostile.db"
    store = open_store(path)
    try:
        report = Storyline(store).ingest([str(HOSTILE)], offline=True)
    finally:
        store.close()
    assert len(report.stored) == 1
    return path


@pytest.fixture(scope="session")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def hostile_client(hostile_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_db)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def spill(client: TestClient) -> dict[str, Any]:
    """The listing record of the demo's spill storyline (four articles, four outlets)."""
    stories = client.get("/api/stories").json()["stories"]
    found = [s for s in stories if len(s["article_ids"]) == 4]
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="session")
def spill_document(client: TestClient, spill: dict[str, Any]) -> dict[str, Any]:
    response = client.get(f"/api/stories/{spill['id']}")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document
