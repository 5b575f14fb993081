"""The incremental story engine: candidates, bounded work, stable ids, merges, redirects.

Hand-made analyzed articles (see test_grouping); the store is a real SQLite store.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from storyline.model import AnalyzedArticle
from storyline.service import Storyline
from storyline.store.sqlite import SQLiteStore
from storyline.stories.engine import EngineConfig, StoryEngine
from storyline.stories.grouping import GroupingConfig
from storyline.stories.replay import group_incrementally
from storyline.stories.stored import stored_grouping
from tests.stories.test_grouping import (
    DAY,
    analyzed,
    chess_reports,
    flood_follow_up,
    flood_reports,
)

_SYLLABLES = ("ka", "lo", "mi", "ren", "tus", "var", "gel", "din", "shor", "plo", "quen")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3))


def fillers(count: int, seed: int = 7) -> list[AnalyzedArticle]:
    """Unrelated happenings, each with its own names and words, over two years."""
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        person = f"{_word(rng).title()} {_word(rng).title()}"
        place = _word(rng).title()
        words = " ".join(_word(rng) for _ in range(30))
        text = f"{person} visited {place} where the {words}. {person} said {place} was calm."
        published = date(2020, 1, 1) + timedelta(days=rng.randrange(730))
        articles.append(
            analyzed(
                f"outlet-{n % 5}",
                f"{person} in {place}",
                text,
                published,
                {person: "PERSON", place: "GPE"},
            )
        )
    return articles


def _store(engine_store: SQLiteStore, articles: list[AnalyzedArticle], engine: StoryEngine) -> None:
    for article in articles:
        assert engine_store.add(article)
        engine.add(article)


@pytest.fixture
def store() -> SQLiteStore:
    return SQLiteStore(":memory:")


def test_a_late_article_joins_its_story_comparing_only_candidates(store: SQLiteStore) -> None:
    engine = StoryEngine(store.story_tables)
    floods, others = flood_reports(), fillers(150)
    _store(store, [*others, *floods[:2], *chess_reports()], engine)
    before = engine.comparisons
    assert store.add(floods[2])
    story_id = engine.add(floods[2])
    compared = engine.comparisons - before
    tables = store.story_tables
    assert story_id == tables.story_ids_of([floods[0].id])[floods[0].id]
    assert set(tables.members(story_id)) == {f.id for f in floods}
    # only articles sharing its salient keys inside its window were compared, not the store
    assert 0 < compared <= 2 * EngineConfig().candidates
    assert compared < store.count() // 10


def test_ids_stay_stable_as_articles_join(store: SQLiteStore) -> None:
    engine = StoryEngine(store.story_tables)
    floods = flood_reports()
    _store(store, floods[:2], engine)
    tables = store.story_tables
    story_id = tables.story_ids_of([floods[0].id])[floods[0].id]
    line_id = tables.story(story_id).storyline_id  # type: ignore[union-attr]
    version = tables.story(story_id).version  # type: ignore[union-attr]
    _store(store, [floods[2], *chess_reports(), flood_follow_up()], engine)
    assert tables.story_ids_of([floods[2].id])[floods[2].id] == story_id
    assert tables.story(story_id).storyline_id == line_id  # type: ignore[union-attr]
    assert tables.story(story_id).version > version  # type: ignore[union-attr]
    follow_up = tables.story_ids_of([flood_follow_up().id])[flood_follow_up().id]
    assert follow_up != story_id
    assert tables.story(follow_up).storyline_id == line_id  # type: ignore[union-attr]


def test_a_merge_keeps_the_survivor_id_and_redirects_the_other(store: SQLiteStore) -> None:
    # a strict engine keeps the first two reports apart; the default one, repairing the
    # neighbourhood of the third report, merges them
    strict = StoryEngine(store.story_tables, GroupingConfig(story_threshold=0.99))
    floods = flood_reports()
    _store(store, floods[:2], strict)
    tables = store.story_tables
    first, second = (tables.story_ids_of([f.id])[f.id] for f in floods[:2])
    assert first != second
    engine = StoryEngine(store.story_tables)
    _store(store, [floods[2]], engine)
    survivor = tables.story_ids_of([floods[0].id])[floods[0].id]
    assert survivor in {first, second}
    assert set(tables.members(survivor)) == {f.id for f in floods}
    merged = second if survivor == first else first
    assert tables.story(merged) is None
    assert tables.redirected(merged) == survivor
    dossier = Storyline(store).dossier(merged)
    assert dossier.id == survivor
    assert dossier.merged_from == merged


def test_unplaced_articles_are_placed_on_the_next_read(store: SQLiteStore) -> None:
    for article in [*flood_reports(), *chess_reports()]:
        store.add(article)  # stored, never placed (as after a crash between the two)
    grouping = Storyline(store).grouping()
    assert sum(len(s.article_ids) for s in grouping.stories) == 5
    assert len(grouping.stories) == 2


def test_replay_matches_batch_stories_on_the_hand_made_corpus() -> None:
    articles = [*flood_reports(), *chess_reports(), flood_follow_up()]
    grouping = group_incrementally(articles)
    stories = {frozenset(s.article_ids) for s in grouping.stories}
    floods = frozenset(a.id for a in flood_reports())
    chess = frozenset(a.id for a in chess_reports())
    assert {floods, chess, frozenset({flood_follow_up().id})} == stories
    assert len(grouping.storylines) == 2


def test_story_title_is_a_headline_of_a_member(store: SQLiteStore) -> None:
    engine = StoryEngine(store.story_tables)
    _store(store, [*flood_reports(), flood_follow_up()], engine)
    grouping = stored_grouping(store.story_tables)
    titles = {a.article.title for a in [*flood_reports(), flood_follow_up()]}
    assert all(s.title in titles for s in grouping.stories)
    assert all(line.title in titles for line in grouping.storylines)


def test_placing_twice_is_a_no_op(store: SQLiteStore) -> None:
    engine = StoryEngine(store.story_tables)
    article = flood_reports()[0]
    _store(store, [article], engine)
    assert engine.add(article) is None
    assert store.story_tables.documents() == 1
    assert article.article.published == DAY


def test_an_interrupted_placement_leaves_nothing_half_done(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = StoryEngine(store.story_tables)
    floods = flood_reports()
    _store(store, floods[:2], engine)
    store.add(floods[2])

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("storyline.stories.reconcile.refresh_storylines", interrupted)
    with pytest.raises(KeyboardInterrupt):
        engine.add(floods[2])
    monkeypatch.undo()
    tables = store.story_tables
    assert not tables.has_features(floods[2].id)  # the whole placement rolled back
    assert floods[2].id not in tables.story_ids_of([floods[2].id])
    assert tables.documents() == 2
    app = Storyline(store)
    assert app.place_pending() == 1
    story = tables.story_ids_of([floods[0].id])[floods[0].id]
    assert set(tables.members(story)) == {f.id for f in floods}


def test_a_page_of_storylines_reads_only_that_page(store: SQLiteStore) -> None:
    engine = StoryEngine(store.story_tables)
    _store(store, [*flood_reports(), *chess_reports(), flood_follow_up()], engine)
    app = Storyline(store)
    page = app.latest(1)
    assert len(page.storylines) == 1
    # the flood storyline has the latest activity (its June follow-up)
    assert flood_follow_up().id in page.storylines[0].article_ids
    assert {s.storyline_id for s in page.stories} == {page.storylines[0].id}
    rest = app.latest(5, offset=1)
    assert [line.id for line in rest.storylines] != [page.storylines[0].id]
    assert len(app.grouping().storylines) == 2


def test_a_story_too_large_to_recluster_takes_part_through_a_sample(
    store: SQLiteStore,
) -> None:
    bounds = EngineConfig(local_articles=6)  # stories over 2 articles are sampled
    engine = StoryEngine(store.story_tables, bounds=bounds)
    floods = flood_reports()
    _store(store, floods, engine)
    tables = store.story_tables
    story_id = tables.story_ids_of([floods[0].id])[floods[0].id]
    assert len(tables.members(story_id)) == 3
    late = analyzed(
        "river-radio",
        "Eldham counts the cost of the River Tamsin flood",
        "Firefighters in Eldham rescued residents from rooftops after the River Tamsin "
        "flooded the town. Mayor Orla Brennick said hundreds of homes were evacuated "
        "after four days of rain.",
        DAY,
        {"Eldham": "GPE", "River Tamsin": "LOC", "Orla Brennick": "PERSON"},
    )
    _store(store, [late], engine)
    assert tables.story_ids_of([late.id])[late.id] == story_id
    assert len(tables.members(story_id)) == 4
    assert tables.story(story_id).articles == 4  # type: ignore[union-attr]


def test_an_untitled_article_is_headed_by_its_first_line() -> None:
    from storyline.model import Article
    from storyline.stories.engine import headline

    untitled = Article.create(source="wire", title="", text="\n" + "Oil spill spreads " * 20)
    assert headline(untitled).startswith("Oil spill spreads")
    assert headline(untitled).endswith("spill…")  # cut at a word
    assert len(headline(untitled)) <= 101
    titled = Article.create(source="wire", title="Spill", text="Oil.")
    assert headline(titled) == "Spill"
