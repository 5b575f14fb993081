"""Work per placed article and per dossier stays bounded as the store grows (counted).

A development reported every week for N, then 4N weeks (each week a story, all of
them one storyline), among unrelated fillers. Placing one more week's article, or
building the storyline's default dossier, must do about the same work at 4N as at
N: the SQLite virtual-machine steps (rows scanned), the statements run and the
articles compared are counted, not timed.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from storyline.model import AnalyzedArticle
from storyline.service import Storyline
from storyline.store.sqlite import SQLiteStore
from storyline.store.story_tables import StorylineRow
from storyline.stories.cache import CHANGES_ARTICLES, DOSSIER_ARTICLES
from storyline.stories.engine import EngineConfig, LocalSet, StoryEngine
from storyline.stories.stored import PAGE_STORIES
from tests.stories.test_engine import _word, fillers
from tests.stories.test_grouping import DAY, FLOOD_NAMES, analyzed


def weekly_reports(week: int) -> list[AnalyzedArticle]:
    """Two outlets' reports of the Eldham flood works in one week."""
    rng = random.Random(week)
    published = DAY + timedelta(weeks=week)
    reports = []
    for outlet in ("eldham-courier", "valley-news"):
        words = " ".join(_word(rng) for _ in range(12))
        reports.append(
            analyzed(
                outlet,
                f"Eldham flood barrier works, week {week}",
                f"Mayor Orla Brennick said the flood barrier along the River Tamsin in "
                f"Eldham grew this week; residents evacuated in the flood {words}.",
                published,
                FLOOD_NAMES,
            )
        )
    return reports


@dataclass
class Work:
    steps: int = 0
    statements: int = 0
    compared: list[int] = field(default_factory=list)


@contextmanager
def counting(db: sqlite3.Connection, engine: StoryEngine | None = None) -> Iterator[Work]:
    """Count SQLite VM steps and statements (and the engine's compared sets) inside."""
    work = Work()

    def step() -> int:
        work.steps += 1
        return 0

    def statement(_: str) -> None:
        work.statements += 1

    db.set_progress_handler(step, 1)
    db.set_trace_callback(statement)
    original = StoryEngine.local_set

    def local_set(self: StoryEngine, ids: Sequence[str]) -> LocalSet:
        work.compared.append(len(ids))
        return original(self, ids)

    if engine is not None:
        engine.local_set = local_set.__get__(engine)  # type: ignore[method-assign]
    try:
        yield work
    finally:
        db.set_progress_handler(None, 1)
        db.set_trace_callback(None)


def _add(app: Storyline, article: AnalyzedArticle) -> None:
    """What ingest does per analyzed article: store it, then place it."""
    if app.store.add(article):
        app.engine.add(article)


def _line_of(app: Storyline, article: AnalyzedArticle) -> StorylineRow:
    tables = app.store.story_tables
    story = tables.story(tables.story_ids_of([article.id])[article.id])
    assert story is not None
    line = tables.storyline(story.storyline_id)
    assert line is not None
    return line


def _grown(app: Storyline, weeks: int) -> None:
    for week in range(weeks):
        for article in weekly_reports(week):
            _add(app, article)


#: Small bounds, so that a small test store already fills them.
_BOUNDS = EngineConfig(postings_per_key=30, storyline_postings_per_key=20, storyline_sample=8)


def _placing_work(weeks: int, path: str) -> Work:
    app = Storyline(SQLiteStore(path))
    app._engine = StoryEngine(app.store.story_tables, bounds=_BOUNDS)
    for article in fillers(40):
        _add(app, article)
    _grown(app, weeks)
    engine = app.engine
    db = app.store._db
    newcomer = weekly_reports(weeks)[0]
    with counting(db, engine) as work:
        _add(app, newcomer)
    line = _line_of(app, newcomer)
    assert line.articles >= 2 * weeks  # the development is one storyline that grew
    app.store.close()
    return work


@pytest.mark.timeout(300)
def test_placing_an_article_costs_the_same_in_a_store_four_times_larger(tmp_path) -> None:  # type: ignore[no-untyped-def]
    small = _placing_work(12, str(tmp_path / "small.db"))
    large = _placing_work(48, str(tmp_path / "large.db"))
    assert large.statements <= small.statements * 1.25 + 10
    assert large.steps <= small.steps * 1.5
    assert max(large.compared) <= max(small.compared) + 24


def _dossier_work(weeks: int, path: str) -> tuple[Work, int]:
    app = Storyline(SQLiteStore(path))
    _grown(app, weeks)
    line = _line_of(app, weekly_reports(0)[0])
    assert line.articles == 2 * weeks
    db = app.store._db
    with counting(db) as work:
        dossier = app.dossier(line.id)
    app.store.close()
    return work, len(dossier.articles)


@pytest.mark.timeout(300)
def test_a_default_dossier_reads_a_bounded_number_of_articles(tmp_path) -> None:  # type: ignore[no-untyped-def]
    small, small_articles = _dossier_work(24, str(tmp_path / "small.db"))
    large, large_articles = _dossier_work(96, str(tmp_path / "large.db"))
    assert small_articles <= DOSSIER_ARTICLES
    assert large_articles <= DOSSIER_ARTICLES
    assert large.steps <= small.steps * 1.5


def test_a_complete_dossier_holds_every_article(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = Storyline(SQLiteStore(tmp_path / "s.db"))
    _grown(app, 30)
    line = _line_of(app, weekly_reports(0)[0])
    assert len(app.dossier(line.id).articles) <= DOSSIER_ARTICLES
    assert len(app.dossier(line.id, complete=True).articles) == line.articles == 60


def test_changes_read_the_latest_arrivals_and_a_bounded_context(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = Storyline(SQLiteStore(tmp_path / "s.db"))
    _grown(app, 40)
    newest = weekly_reports(40)
    db = app.store._db
    with db:  # everything stored so far arrived a year ago
        db.execute("UPDATE articles SET ingested_at = '2025-01-01T00:00:00+00:00'")
    for article in newest:
        _add(app, article)
    line = _line_of(app, newest[0])
    assert line.articles == 82
    read: list[str] = []
    original = app.store.articles

    def articles(ids: Iterable[str] | None = None) -> Iterator[AnalyzedArticle]:
        wanted = list(ids or ())
        read.extend(wanted)
        return original(wanted)

    app.store.articles = articles  # type: ignore[method-assign]
    dossier, _ = app.changes(line.id, datetime(2026, 1, 1, tzinfo=UTC))
    assert {a.id for a in newest} <= set(read)  # what arrived since
    assert len(read) <= DOSSIER_ARTICLES + len(newest)  # not the 82 articles
    assert dossier.id == line.id
    assert dossier.article_count == 82
    read.clear()
    app.changes(line.id, datetime(2024, 1, 1, tzinfo=UTC))  # everything arrived since
    assert CHANGES_ARTICLES <= len(set(read)) <= DOSSIER_ARTICLES + CHANGES_ARTICLES < 82


def test_a_page_of_storylines_reads_a_bounded_part_of_each(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = Storyline(SQLiteStore(tmp_path / "s.db"))
    db = app.store._db
    _grown(app, 12)
    with counting(db) as small:
        app.latest(1)
    for week in range(12, 48):
        for article in weekly_reports(week):
            _add(app, article)
    with counting(db) as large:
        page = app.latest(1)
    line = page.storylines[0]
    assert line.article_total == _line_of(app, weekly_reports(0)[0]).articles == 96
    assert len(line.story_ids) <= PAGE_STORIES < 48
    assert len(line.article_ids) < 96
    assert large.steps <= small.steps * 1.5
