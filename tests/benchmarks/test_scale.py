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


def test_a_replica_disguises_words_but_keeps_every_offset() -> None:
    original = flood_reports()[0]
    copy = replica(original, 5)
    before, after = original.article.text, copy.article.text
    assert len(after) == len(before)
    for old, new in zip(original.entities, copy.entities, strict=True):
        assert (new.start, new.end) == (old.start, old.end)
        assert after[new.start : new.end] == before[old.start : old.end]  # names untouched
    changed = [w for w, v in zip(before.split(), after.split(), strict=True) if w != v]
    assert changed  # a copy is not a syndicated copy of the original
    assert len(changed) < len(before.split()) / 2  # still the same kind of text
