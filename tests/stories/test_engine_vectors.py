"""The engine's prepared vectors and its features cache (same numbers, bounded memory).

The engine compares articles from vectors each article prepares once
(``prepared_cosine``); they must give the batch similarities to the last bit, so
placements do not change. Its features cache keeps the articles it compares.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from storyline.store.sqlite import SQLiteStore
from storyline.stories.engine import EngineConfig, StoryEngine
from storyline.stories.features import (
    DocumentFeatures,
    Frequencies,
    cosine_matrix,
    document_features,
    feature_keys,
    prepare_vector,
    prepared_cosine,
)
from storyline.stories.grouping import (
    GroupingConfig,
    kind_vectors,
    name_similarity,
    similarity_matrix,
)
from tests.stories.test_engine import fillers
from tests.stories.test_grouping import chess_reports, flood_reports


def _corpus() -> tuple[list[DocumentFeatures], Frequencies]:
    articles = [*flood_reports(), *chess_reports(), *fillers(12)]
    features = [document_features(a) for a in articles]
    counts: Counter[str] = Counter()
    for f in features:
        counts.update(feature_keys(f))
    counts.update(dict.fromkeys(counts, 3))  # a larger corpus than these articles
    return features, Frequencies(len(features) + 40, dict(counts))


@pytest.mark.parametrize("columns", [8192, 7])  # 7: shared terms hashed into columns
@pytest.mark.parametrize("kind", ["t", "e", "h", "d"])
def test_prepared_cosine_is_the_cosine_to_the_last_bit(kind: str, columns: int) -> None:
    features, corpus = _corpus()
    vectors = [kind_vectors(f)[kind] for f in features]
    if kind == "d":  # the hand-made articles name no dates
        vectors = [{f"2024-06-{1 + i % 3:02d}": 1.0 + i % 2, "2024-06": 0.5} for i in range(20)]
        dates = {"d:2024-06": 30, "d:2024-06-01": 9, "d:2024-06-02": 3, "d:2024-06-03": 4}
        corpus = Frequencies(corpus.documents, {**corpus.counts, **dates})
    expected = cosine_matrix(
        vectors, max_columns=columns, corpus=corpus.of(kind), sublinear=kind == "t"
    )
    prepared = [prepare_vector(kind, v) for v in vectors]
    found = prepared_cosine(
        prepared, corpus.counts, corpus.documents, max_columns=columns, sublinear=kind == "t"
    )
    assert found.dtype == expected.dtype
    assert np.array_equal(found, expected)
    assert (expected[~np.eye(len(vectors), dtype=bool)] > 0).any()  # something compared


def test_engine_similarity_is_the_batch_similarity_to_the_last_bit() -> None:
    articles = [*flood_reports(), *chess_reports(), *fillers(12)]
    with SQLiteStore(":memory:") as store:
        engine = StoryEngine(store.story_tables)
        for article in articles:
            assert store.add(article)
            engine.add(article)
        local = engine.local_set([a.id for a in articles])
        similarity, names = engine.similarity(local)
        corpus = engine.frequencies(local.keys)
        config = GroupingConfig()
        assert np.array_equal(names, name_similarity(local.features, config, corpus))
        assert np.array_equal(similarity, similarity_matrix(local.features, config, None, corpus))


def test_an_article_compared_again_stays_in_the_features_cache() -> None:
    articles = fillers(30)
    with SQLiteStore(":memory:") as store:
        engine = StoryEngine(store.story_tables, bounds=EngineConfig(feature_cache=10))
        first = articles[0].id
        for article in articles:
            assert store.add(article)
            engine.add(article)
            engine.local_set([first])  # used again and again: never the least recent
        assert len(engine._cache) == 10  # bounded
        assert first in engine._cache
        assert engine._cache[first].keys == feature_keys(document_features(articles[0]))
        assert articles[1].id not in engine._cache  # used once, long ago: evicted
