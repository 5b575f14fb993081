"""What serving a page reads does not grow with the stories unrelated to it.

Work is counted, not timed: articles decoded and SQLite virtual-machine steps while
one page is served, from the demo store with few and with many unrelated stories
(articles of words and people of their own, in the demo's weeks).
"""

from __future__ import annotations

import random
import sqlite3
import string
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.model import ActorKind, AnalyzedArticle, Article, ArticleActor
from storyline.service import Storyline
from storyline.store import open_store
from storyline.store import sqlite as sqlite_store
from storyline.store.migrations import MIGRATIONS
from storyline.store.sqlite import SQLiteStore
from storyline.web import queries
from storyline.web.app import create_app

#: The schema version before the actor index (the migration that creates it).
_ACTOR_INDEX = next(i for i, step in enumerate(MIGRATIONS) if "TABLE actor_names" in step)
#: The steps after the actor index, undone (in reverse order) to rebuild a store from before it.
_LATER_STEPS_UNDONE = (
    # 8: feed entries waiting for their page
    """
    DROP INDEX feed_entries_page_due;
    ALTER TABLE feed_entries DROP COLUMN page_due;
    ALTER TABLE feed_entries DROP COLUMN page_attempts;
    ALTER TABLE feed_entries DROP COLUMN page_error;
    """,
)
STEP = 1  # SQLite VM instructions between two counts
PAGES = (
    "/actors/person:hanne-vik",
    "/api/actors/person:hanne-vik",
    "/?actor=Hanne+Vik",
    "/api/stories?actor=person:hanne-vik",
    "/stories/{spill}",
    "/api/stories/{spill}",
    "/articles/{article}",
)


def _unrelated(number: int) -> AnalyzedArticle:
    """An article sharing no word and no actor with any other, in the demo's weeks."""
    rng = random.Random(number)
    words = ["".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(40)]
    name = f"{words[0].title()} {words[1].title()}"
    article = Article.create(
        source=f"Outlet {number % 3}",
        title=" ".join(words[:8]),
        text=f"{name} said " + " ".join(words) + ".",
        published=date(2025, 3, 1 + number % 20),
    )
    actor = ArticleActor(key="a1", name=name, kind=ActorKind.PERSON, mentions=((0, len(name)),))
    return AnalyzedArticle(article=article, actors=(actor,))


def _copy(demo_db: Path, path: Path, unrelated: int) -> Path:
    """The demo store with ``unrelated`` articles of other stories."""
    with sqlite3.connect(demo_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    store = open_store(path)
    try:
        app = Storyline(store)
        for number in range(unrelated):
            analyzed = _unrelated(number)
            if store.add(analyzed):
                app.engine.add(analyzed)
        with store.story_tables.transaction():
            store._db.execute("DELETE FROM dossier_cache")  # every page starts cold
    finally:
        store.close()
    return path


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts of articles decoded and VM steps of every store the web view opens."""
    counts: Counter[str] = Counter()
    original_decode: Callable[..., Any] = sqlite_store._decode_row

    def decode_row(*args: Any) -> Any:
        counts["articles"] += 1
        return original_decode(*args)

    def opened(db: str) -> SQLiteStore:
        store = SQLiteStore(db)

        def step() -> int:
            counts["steps"] += STEP
            return 0

        store._db.set_progress_handler(step, STEP)
        return store

    monkeypatch.setattr(sqlite_store, "_decode_row", decode_row)
    monkeypatch.setattr(queries, "open_store", opened)
    return counts


def _work(path: Path, url: str, counts: Counter[str]) -> Counter[str]:
    with TestClient(create_app(path)) as client:
        counts.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:200])
        return Counter(counts)


@pytest.fixture(scope="module")
def stores(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("web-work")
    return _copy(demo_db, folder / "few.db", 3), _copy(demo_db, folder / "many.db", 60)


@pytest.mark.parametrize("url", PAGES)
def test_a_page_reads_the_same_with_many_more_unrelated_stories(
    url: str, stores: tuple[Path, Path], counted: Counter[str], spill: dict[str, Any]
) -> None:
    few, many = stores
    url = url.format(spill=spill["id"], article=spill["article_ids"][0])
    with sqlite3.connect(many) as db:
        assert db.execute("SELECT COUNT(*) FROM storylines").fetchone()[0] >= 60
    small, large = _work(few, url, counted), _work(many, url, counted)
    assert small["steps"] > 0
    assert large["articles"] == small["articles"], url
    assert large["steps"] <= small["steps"] * 1.05, (url, small, large)


def test_the_migration_indexes_stored_actors_as_storing_does(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    assert len(MIGRATIONS) == _ACTOR_INDEX + 1 + len(_LATER_STEPS_UNDONE), "undo the new step here"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    with sqlite3.connect(path) as db:
        stored = sorted(db.execute("SELECT * FROM actor_names"))
        for undo in reversed(_LATER_STEPS_UNDONE):
            db.executescript(undo)
        db.execute("DROP TABLE actor_names")
        db.execute(f"PRAGMA user_version = {_ACTOR_INDEX}")  # the schema before it
    assert ("hanne-vik", "person") in {(row[0], row[1]) for row in stored}
    open_store(path).close()
    with sqlite3.connect(path) as db:
        assert sorted(db.execute("SELECT * FROM actor_names")) == stored
