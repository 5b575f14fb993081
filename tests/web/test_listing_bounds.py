"""A storyline's listing row is bounded: a storyline of many happenings lists its latest
and largest few (``LISTED_HAPPENINGS``) and their articles, while its counts and outlets
are of all its articles; the JSON says so with ``article_count`` and ``happening_count``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.store import open_store
from storyline.store.web_tables import WebTables
from storyline.web import queries
from storyline.web.app import create_app

from .schema import check_listed_story
from .test_work import _unrelated

HAPPENINGS = 20
LINE = "Lbig0000000001"


def _one_storyline_of_many_happenings(path: Path) -> list[str]:
    """A store whose articles are one storyline, each article a happening of its own."""
    store = open_store(path)
    ids = []
    try:
        for number in range(HAPPENINGS):
            analyzed = _unrelated(number)
            store.add(analyzed)
            ids.append(analyzed.id)
        with store.story_tables.transaction():
            for number, article_id in enumerate(ids):
                day = f"2025-03-{1 + number:02d}"
                store._db.execute(
                    "INSERT INTO stories VALUES (?, ?, ?, ?, ?, 1, 1)",
                    (f"S{number:03d}", LINE, f"happening {number}", day, day),
                )
                member = (article_id, f"S{number:03d}", day)
                store._db.execute("INSERT INTO story_members VALUES (?, ?, ?)", member)
            store._db.execute(
                "INSERT INTO storylines VALUES (?, 'big storyline', '2025-03-01', ?, ?, 1)",
                (LINE, f"2025-03-{HAPPENINGS:02d}", HAPPENINGS),
            )
    finally:
        store.close()
    return ids


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    path = tmp_path / "big.db"
    _one_storyline_of_many_happenings(path)
    return TestClient(create_app(path))


def test_a_listing_row_names_a_bounded_part_and_counts_the_whole(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    members = WebTables.members

    def counted_members(self: WebTables, story_ids: Sequence[str]) -> object:
        asked.append(len(story_ids))
        return members(self, story_ids)

    monkeypatch.setattr(WebTables, "members", counted_members)
    listing = client.get("/api/stories").json()
    [row] = listing["stories"]
    check_listed_story(row)
    assert asked == [queries.LISTED_HAPPENINGS]  # not the storyline's 20 happenings
    assert len(row["happenings"]) == queries.LISTED_HAPPENINGS
    assert len(row["article_ids"]) == queries.LISTED_HAPPENINGS
    assert row["article_count"] == HAPPENINGS
    assert row["happening_count"] == HAPPENINGS
    assert row["outlets"] == ["Outlet 0", "Outlet 1", "Outlet 2"]  # first to report first
    newest = [h["title"] for h in row["happenings"]][:4]
    assert newest == [f"happening {n}" for n in (19, 18, 17, 16)]


def test_the_listing_page_says_the_whole_counts(client: TestClient) -> None:
    page = client.get("/").text
    assert f"{HAPPENINGS} articles" in page
    assert f"and {HAPPENINGS - 5} earlier happenings" in page


def test_a_small_storyline_row_is_whole_and_adds_no_counts(tmp_path: Path) -> None:
    path = tmp_path / "small.db"
    store = open_store(path)
    try:
        analyzed = _unrelated(1)
        store.add(analyzed)
        with store.story_tables.transaction():
            store._db.execute(
                "INSERT INTO stories VALUES ('S1', 'L1', 'one', '2025-03-02', '2025-03-02', 1, 1)"
            )
            store._db.execute(
                "INSERT INTO story_members VALUES (?, 'S1', '2025-03-02')", (analyzed.id,)
            )
            store._db.execute(
                "INSERT INTO storylines VALUES ('L1', 'one', '2025-03-02', '2025-03-02', 1, 1)"
            )
    finally:
        store.close()
    [row] = TestClient(create_app(path)).get("/api/stories").json()["stories"]
    assert row["article_ids"] == [analyzed.id]
    assert "article_count" not in row
    assert "happening_count" not in row
