"""Grouping articles into stories and storylines.

Hand-made analyzed articles (fictional events, entities marked by hand, no NLP) check
the clustering itself; the two sample articles run through the real pipeline.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from storyline.model import (
    AnalyzedArticle,
    Article,
    EntityMention,
    Granularity,
    TimeExpression,
    TimeType,
)
from storyline.stories.features import entity_profile, event_dates
from storyline.stories.grouping import (
    Grouping,
    GroupingConfig,
    average_link,
    group_stories,
    shared_neighbour_similarity,
)
from storyline.stories.words import grouping_terms

# --------------------------------------------------------------------------- helpers


def analyzed(
    source: str,
    title: str,
    text: str,
    published: date | None,
    names: dict[str, str],
) -> AnalyzedArticle:
    """An analyzed article whose entities are every occurrence of the given names."""
    article = Article.create(source=source, title=title, text=text, published=published)
    entities = []
    for name, label in names.items():
        start = text.find(name)
        while start >= 0:
            entities.append(EntityMention(start, start + len(name), name, label))
            start = text.find(name, start + 1)
    entities.sort(key=lambda e: e.start)
    return AnalyzedArticle(article=article, entities=tuple(entities))


FLOOD_NAMES = {
    "Eldham": "GPE",
    "River Tamsin": "LOC",
    "Orla Brennick": "PERSON",
    "Brennick": "PERSON",
}
CHESS_NAMES = {"Ivo Marandi": "PERSON", "Marandi": "PERSON", "Castelnuovo": "GPE"}
DAY = date(2021, 3, 4)


def flood_reports() -> list[AnalyzedArticle]:
    """One happening, told by three outlets on the same day."""
    return [
        analyzed(
            "eldham-courier",
            "Floodwater swamps Eldham as the River Tamsin bursts its banks",
            "The River Tamsin burst its banks overnight and flooded the centre of Eldham. "
            "Mayor Orla Brennick said two hundred homes were evacuated and firefighters "
            "rescued residents from rooftops. Rain had fallen on the Tamsin valley for four "
            "days before the flood.",
            DAY,
            FLOOD_NAMES,
        ),
        analyzed(
            "valley-news",
            "Hundreds evacuated as flood hits Eldham",
            "Residents of Eldham were evacuated from their homes after the River Tamsin "
            "overflowed following four days of heavy rain. Mayor Orla Brennick thanked the "
            "firefighters who rescued families from flooded houses and rooftops.",
            DAY,
            FLOOD_NAMES,
        ),
        analyzed(
            "national-wire",
            "Eldham flood: homes evacuated after river overflows",
            "Firefighters rescued dozens of people in Eldham when the River Tamsin flooded "
            "the town after days of rain. Brennick, the mayor, said hundreds of homes were "
            "evacuated and the flood barrier failed overnight.",
            date(2021, 3, 5),
            FLOOD_NAMES,
        ),
    ]


def chess_reports() -> list[AnalyzedArticle]:
    """An unrelated happening the same week, told by two outlets."""
    return [
        analyzed(
            "board-weekly",
            "Ivo Marandi wins the Castelnuovo chess open",
            "Ivo Marandi won the Castelnuovo chess open with a final-round victory over the "
            "defending champion. Marandi finished the tournament unbeaten with seven points "
            "from nine games and takes home the trophy.",
            DAY,
            CHESS_NAMES,
        ),
        analyzed(
            "sports-daily",
            "Unbeaten Marandi takes Castelnuovo chess title",
            "The chess tournament in Castelnuovo ended with Ivo Marandi lifting the trophy. "
            "Unbeaten in nine games, Marandi beat the defending champion in the final round "
            "of the open.",
            DAY,
            CHESS_NAMES,
        ),
    ]


def flood_follow_up() -> AnalyzedArticle:
    """Another happening of the same development, three months later."""
    return analyzed(
        "eldham-courier",
        "Eldham reopens flood-hit bridge over the River Tamsin",
        "Three months after the River Tamsin flooded Eldham, Mayor Orla Brennick reopened "
        "the bridge damaged by the flood. Residents evacuated in March have returned to "
        "their homes and a new flood barrier is being built along the river.",
        date(2021, 6, 10),
        FLOOD_NAMES,
    )


def story_of(grouping: Grouping, article: AnalyzedArticle) -> str:
    return grouping.story_of(article.id).id


def storyline_of(grouping: Grouping, article: AnalyzedArticle) -> str:
    return grouping.storyline_of(article.id).id


# --------------------------------------------------------------------------- grouping


def test_one_happening_by_three_outlets_is_one_story() -> None:
    floods, chess = flood_reports(), chess_reports()
    grouping = group_stories(floods + chess)
    assert len({story_of(grouping, a) for a in floods}) == 1
    story = grouping.story_of(floods[0].id)
    assert set(story.article_ids) == {a.id for a in floods}
    assert story.first_published == DAY
    assert story.last_published == date(2021, 3, 5)


def test_unrelated_stories_stay_apart() -> None:
    floods, chess = flood_reports(), chess_reports()
    grouping = group_stories(floods + chess)
    assert len({story_of(grouping, a) for a in chess}) == 1
    assert story_of(grouping, floods[0]) != story_of(grouping, chess[0])
    assert storyline_of(grouping, floods[0]) != storyline_of(grouping, chess[0])
    assert len(grouping.stories) == 2
    assert len(grouping.storylines) == 2


def test_a_later_happening_is_another_story_of_the_same_storyline() -> None:
    floods, later = flood_reports(), flood_follow_up()
    grouping = group_stories([*floods, later, *chess_reports()])
    assert story_of(grouping, later) != story_of(grouping, floods[0])
    assert storyline_of(grouping, later) == storyline_of(grouping, floods[0])
    line = grouping.storyline_of(later.id)
    assert len(line.story_ids) == 2
    # the storyline's stories are oldest first, and each story points back to it
    assert [grouping.story(i).first_published for i in line.story_ids] == [
        DAY,
        later.article.published,
    ]
    assert all(grouping.story(i).storyline_id == line.id for i in line.story_ids)


def test_without_dates_the_later_happening_may_join_but_stays_in_the_storyline() -> None:
    undated = [replace(a, article=replace(a.article, published=None)) for a in flood_reports()]
    later = flood_follow_up()
    later = replace(later, article=replace(later.article, published=None))
    grouping = group_stories([*undated, later, *chess_reports()])
    assert storyline_of(grouping, later) == storyline_of(grouping, undated[0])


def test_ids_depend_only_on_the_members() -> None:
    articles = [*flood_reports(), *chess_reports(), flood_follow_up()]
    first = group_stories(articles)
    shuffled = articles[:]
    random.Random(7).shuffle(shuffled)
    second = group_stories(shuffled + articles[:2])  # order and duplicates do not matter
    assert first == second
    # removing an article changes the ids of its story and storyline, not the others
    third = group_stories(articles[1:])
    assert first.story_of(articles[1].id).id != third.story_of(articles[1].id).id
    assert first.story_of(articles[3].id).id == third.story_of(articles[3].id).id


def test_titles_come_from_members() -> None:
    floods = flood_reports()
    grouping = group_stories([*floods, flood_follow_up(), *chess_reports()])
    story = grouping.story_of(floods[0].id)
    assert story.title in {a.article.title for a in floods}
    line = grouping.storyline_of(floods[0].id)
    # a storyline of several stories is named by the names its articles share
    assert "Eldham" in line.title or "Orla Brennick" in line.title
    chess_line = grouping.storyline_of(chess_reports()[0].id)
    assert chess_line.title in {a.article.title for a in chess_reports()}


def test_every_article_is_in_exactly_one_story_and_storyline() -> None:
    articles = [*flood_reports(), *chess_reports(), flood_follow_up()]
    grouping = group_stories(articles)
    in_stories = [i for s in grouping.stories for i in s.article_ids]
    in_lines = [i for s in grouping.storylines for i in s.article_ids]
    assert sorted(in_stories) == sorted(in_lines) == sorted(a.id for a in articles)
    for line in grouping.storylines:
        assert sorted(line.article_ids) == sorted(
            i for s in line.story_ids for i in grouping.story(s).article_ids
        )


def test_empty_and_single() -> None:
    assert group_stories([]) == Grouping()
    single = flood_follow_up()
    grouping = group_stories([single])
    assert [s.article_ids for s in grouping.stories] == [(single.id,)]
    assert grouping.storylines[0].title == single.article.title


# --------------------------------------------------------------------------- pieces


def test_average_link_merges_by_mean_similarity() -> None:
    """Rows 0-1-2: 0.9 between 0 and 1, 0.5 and 0.1 from 2 -> mean 0.3 to {0, 1}.

    At threshold 0.4, {0, 1} forms (0.9) and 2 stays alone (mean 0.3 < 0.4); at 0.25 it
    joins (0.3 >= 0.25). Row 3 is similar to nothing.
    """
    similarity = np.array(
        [
            [1.0, 0.9, 0.5, 0.0],
            [0.9, 1.0, 0.1, 0.0],
            [0.5, 0.1, 1.0, 0.0],
            [0.0, 0.0, 0.0, 1.0],
        ],
        dtype=np.float32,
    )
    assert sorted(map(sorted, average_link(similarity, 0.4))) == [[0, 1], [2], [3]]
    assert sorted(map(sorted, average_link(similarity, 0.25))) == [[0, 1, 2], [3]]
    # starting from given groups: {0, 2} vs {1}: mean(0.9, 0.1) = 0.5
    assert sorted(map(sorted, average_link(similarity, 0.45, [[0, 2], [1], [3]]))) == [
        [0, 1, 2],
        [3],
    ]


def _greedy_average_link(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """The textbook algorithm: merge the most similar pair of clusters while >= threshold."""
    clusters = [[i] for i in range(len(similarity))]
    while len(clusters) > 1:
        best, pair = -np.inf, (0, 0)
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                mean = similarity[np.ix_(clusters[a], clusters[b])].mean()
                if mean > best:
                    best, pair = mean, (a, b)
        if best < threshold:
            break
        a, b = pair
        clusters[a] += clusters.pop(b)
    return clusters


@pytest.mark.parametrize("seed", range(5))
def test_average_link_equals_greedy_merging(seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(30, 3))
    similarity = (points @ points.T / 3).astype(np.float32)
    for threshold in (-0.2, 0.1, 0.4):
        fast = sorted(sorted(c) for c in average_link(similarity, threshold))
        slow = sorted(sorted(c) for c in _greedy_average_link(similarity, threshold))
        assert fast == slow


def test_shared_neighbours_separate_two_close_groups() -> None:
    """Two tight groups that are fairly similar to each other (0.3) but closer inside (0.6)."""
    n = 12
    similarity = np.full((n, n), 0.3, dtype=np.float32)
    similarity[:6, :6] = 0.6
    similarity[6:, 6:] = 0.6
    np.fill_diagonal(similarity, 1.0)
    shared = shared_neighbour_similarity(similarity, GroupingConfig(neighbours=5, close=0.9))
    assert np.allclose(shared, shared.T, atol=1e-5)
    assert shared[0, 1] > 0.9
    assert shared[0, 7] < 0.3


def test_features_from_hand_made_layers() -> None:
    assert grouping_terms("The missiles' launches, said officials, in 2024") == [
        "missile",
        "launch",
        "official",
        "2024",
    ]
    article = flood_reports()[2]
    profile = entity_profile(article)
    # "Brennick" alone is the same person as "Orla Brennick" elsewhere: keyed by full name
    # only if the full name occurs in this article; here it does not
    assert "brennick" in profile
    assert profile["eldham"][0] < profile["brennick"][0]  # people weigh more than places
    timed = replace(
        article,
        times=(
            TimeExpression(0, 5, "x", TimeType.DATE, "2020-05-01", Granularity.DAY),
            TimeExpression(6, 9, "y", TimeType.DATE, "2020-05-03", Granularity.DAY),
            TimeExpression(9, 12, "z", TimeType.DATE, "2020-05-03", Granularity.DAY),
            TimeExpression(12, 15, "w", TimeType.DURATION, "P3D", Granularity.DAY),
            TimeExpression(
                15, 18, "v", TimeType.DATE, "XXXX-05-02", Granularity.DAY, resolved=False
            ),
        ),
    )
    dates = event_dates(timed)
    # a day counts in full, and half for its month: three days -> 1.5 mentions of May;
    # unresolved values and durations are left out
    assert dates == pytest.approx(
        {"2020-05-01": 1.0, "2020-05-03": 1.0 + math.log(2), "2020-05": 1.0 + math.log(1.5)}
    )


def test_scales_to_thousands_of_articles() -> None:
    """1,500 synthetic articles in 150 stories group in seconds, not minutes."""
    rng = random.Random(3)
    vocabulary = [f"word{i}" for i in range(3000)]
    articles = []
    for story in range(150):
        topic = rng.sample(vocabulary, 40)
        for copy in range(10):
            words = rng.sample(topic, 25) + rng.sample(vocabulary, 15)
            text = " ".join(words)
            articles.append(
                AnalyzedArticle(
                    Article.create(source=f"o{copy}", title=f"story {story}", text=text)
                )
            )
    started = time.perf_counter()
    grouping = group_stories(articles)
    elapsed = time.perf_counter() - started
    assert elapsed < 30
    by_title: dict[str, set[str]] = {}
    for story in grouping.stories:
        by_title.setdefault(story.title, set()).update(story.article_ids)
    assert len(grouping.stories) == 150
    assert all(len(ids) == 10 for ids in by_title.values())


# --------------------------------------------------------------------------- samples


@pytest.fixture(scope="module")
def sample_articles(samples: dict[str, Path]) -> list[AnalyzedArticle]:
    from storyline.pipeline import default_pipeline
    from tests.helpers import read_article

    pipeline = default_pipeline()
    dates = {"site-34": date(2024, 1, 23), "site-3": date(2024, 6, 18)}
    analyzed_samples = []
    for path in samples.values():
        article = read_article(path)
        article = replace(article, published=dates.get(article.source))
        analyzed_samples.append(pipeline(article))
    return analyzed_samples


def test_samples_are_two_stories_of_one_storyline(
    sample_articles: list[AnalyzedArticle],
) -> None:
    """Choe's visit to Moscow (Jan) and Putin's visit to Pyongyang (Jun): two happenings."""
    assert {a.article.source for a in sample_articles} == {"site-34", "site-3"}
    grouping = group_stories(sample_articles)
    assert len(grouping.storylines) == 1
    assert set(grouping.storylines[0].article_ids) == {a.id for a in sample_articles}
    assert len(grouping.stories) == 2
    title = grouping.storylines[0].title
    assert "Putin" in title or "North Korea" in title


def test_undated_samples_are_still_one_storyline(
    sample_articles: list[AnalyzedArticle],
) -> None:
    undated = [replace(a, article=replace(a.article, published=None)) for a in sample_articles]
    grouping = group_stories(undated)
    assert len(grouping.storylines) == 1


def test_grouping_round_trips_through_the_store_codec() -> None:
    import json

    from storyline.store.codec import from_plain, to_plain

    grouping = group_stories([*flood_reports(), *chess_reports(), flood_follow_up()])
    plain = json.loads(json.dumps(to_plain(grouping)))
    assert from_plain(Grouping, plain) == grouping
