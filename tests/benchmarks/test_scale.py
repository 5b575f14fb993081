"""The scale benchmark's replay: a copy of an analyzed article is a new, distinct article."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storyline.store.sqlite import SQLiteStore
from storyline.stories.engine import StoryEngine
from tests.stories.test_grouping import flood_reports

# the installed storyline-benchmarks may predate the task (a stale editable install)
replica = pytest.importorskip("storyline_benchmarks.scale").replica


def test_a_replica_is_a_new_article_weeks_later_with_renamed_names() -> None:
    original = flood_reports()[0]
    copy = replica(original, 3)
    assert copy.id != original.id
    assert copy.article.published == original.article.published + timedelta(weeks=3)  # type: ignore[operator]
    assert all(e.text.endswith(" 3") for e in copy.entities)
    assert replica(original, 0) is original


def test_replicas_form_their_own_stories() -> None:
    store = SQLiteStore(":memory:")
    engine = StoryEngine(store.story_tables)
    for copy in range(3):
        for article in flood_reports():
            analyzed = replica(article, copy)
            assert store.add(analyzed)
            engine.add(analyzed)
    stories = store.story_tables.all_stories()
    assert len(stories) == 3
    assert all(s.articles == 3 for s in stories)
