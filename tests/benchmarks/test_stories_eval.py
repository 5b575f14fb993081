"""The ``stories`` benchmark: loaders on tiny hand-written token XML, scoring, the task."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storyline.bench.base import no_progress
from storyline.errors import DataError
from storyline_benchmarks.shared import SharedData
from storyline_benchmarks.stories import (
    INFO_KEYS,
    KEYS,
    TASK,
    detokenize,
    find_dataset,
    limit_documents,
    load_ecbplus,
    load_meantime,
    read_token_sentences,
    run,
    score_grouping,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"


def test_detokenize_glues_punctuation_and_clitics() -> None:
    tokens = ["Kettle", "'s", "glassworks", "(", "no", "injuries", ")", ",", "90", "-", "day"]
    assert detokenize(tokens) == "Kettle's glassworks (no injuries), 90-day"
    assert detokenize(["``", "Yes", "''", "she", "did", "n't", "say", "."]) == (
        "\u201cYes\u201d she didn't say."
    )


def test_tokens_are_ordered_by_sentence_and_token_id() -> None:
    sentences = read_token_sentences(FIXTURES / "ecbplus" / "topics" / "1" / "1_1ecb.xml")
    assert len(sentences) == 3
    assert sentences[0][:3] == ["Glassworks", "fire", "forces"]
    assert sentences[2][:2] == ["The", "owner"]


def test_broken_xml_is_a_data_error() -> None:
    with pytest.raises(DataError, match="token XML"):
        read_token_sentences(FIXTURES / "broken.xml")


def test_ecbplus_documents_and_gold() -> None:
    documents = load_ecbplus(FIXTURES / "ecbplus")
    assert [d.name for d in documents] == ["1_1ecb", "1_1ecbplus", "1_2ecb", "2_1ecb"]
    assert [d.story for d in documents] == ["1ecb", "1ecbplus", "1ecb", "2ecb"]
    assert [d.storyline for d in documents] == ["1", "1", "1", "2"]
    first = documents[0].article
    assert first.title == "Glassworks fire forces evacuation in Harrowby"
    assert first.text.splitlines() == [
        "A fire broke out at the Harrowby glassworks on Tuesday, and firefighters "
        "evacuated 40 workers.",
        "The owner, Dana Kettle, said nobody was hurt.",
    ]
    assert first.published is None
    assert first.url is None
    plus = documents[1].article
    # the ECB+ URL line is metadata, not text
    assert plus.url == "http://example.org/mill-fire"
    assert plus.source == "example.org"
    assert plus.title == "Paper mill fire in Lowmere"
    assert "http" not in plus.text
    assert len({d.article.id for d in documents}) == 4
    assert [d.name for d in load_ecbplus(FIXTURES / "ecbplus", topics={"2"})] == ["2_1ecb"]


def test_meantime_documents_and_gold() -> None:
    documents = load_meantime(FIXTURES / "meantime")
    assert [(d.story, d.storyline) for d in documents] == [
        ("alpha", "alpha"),
        ("alpha", "alpha"),
        ("beta", "beta"),
    ]
    assert documents[0].article.title == "Alpha Motors opens plant"
    assert documents[0].article.text.startswith("May 2, 2010\n")


def test_find_dataset_recognizes_each_layout(tmp_path: Path) -> None:
    assert find_dataset(FIXTURES) == ("ecbplus", FIXTURES / "ecbplus")
    assert find_dataset(FIXTURES / "ecbplus") == ("ecbplus", FIXTURES / "ecbplus")
    assert find_dataset(FIXTURES / "meantime") == ("meantime", FIXTURES / "meantime")
    with pytest.raises(DataError, match="neither ECB"):
        find_dataset(tmp_path)
    with pytest.raises(DataError, match="no ECB"):
        load_ecbplus(tmp_path)


def test_limit_takes_whole_gold_stories() -> None:
    documents = load_ecbplus(FIXTURES / "ecbplus")  # stories 1ecb (2), 1ecbplus (1), 2ecb (1)
    assert [d.name for d in limit_documents(documents, 2)] == ["1_1ecb", "1_2ecb"]
    assert [d.name for d in limit_documents(documents, 3)] == ["1_1ecb", "1_1ecbplus", "1_2ecb"]
    assert len(limit_documents(documents, None)) == 4
    # a story that does not fit is skipped, later ones that fit are taken
    assert [d.name for d in limit_documents(documents, 1)] == ["1_1ecbplus"]
    # no story fits: the first documents
    one_story = [replace(d, story="all") for d in documents]
    assert [d.name for d in limit_documents(one_story, 2)] == ["1_1ecb", "1_1ecbplus"]


def test_score_grouping_keys_and_values() -> None:
    """Gold {a, b} {c}; predicted all together: P = (2/3 + 2/3 + 1/3) / 3 = 5/9, R = 1."""
    scores = score_grouping({"a": "x", "b": "x", "c": "x"}, {"a": "1", "b": "1", "c": "2"})
    assert tuple(scores) == KEYS
    assert scores["bcubed_p"] == pytest.approx(5 / 9, abs=1e-4)
    assert scores["bcubed_r"] == 1.0
    assert scores["bcubed_f1"] == pytest.approx(2 * (5 / 9) / (1 + 5 / 9), abs=1e-4)
    assert scores["documents"] == 3
    assert scores["clusters"] == 1


def test_task_declaration() -> None:
    assert TASK.name == "stories"
    assert TASK.keys == ("bcubed_p", "bcubed_r", "bcubed_f1", "documents", "clusters")
    assert TASK.default_data == SharedData("ecbplus")
    assert TASK.references[0].metrics == {"bcubed_f1": 0.968}


def test_run_on_fixtures_with_the_product_pipeline() -> None:
    metrics = run(FIXTURES / "ecbplus", None, no_progress)
    assert set(metrics) == set(KEYS) | set(INFO_KEYS)
    assert metrics["documents"] == 4
    assert 1 <= int(metrics["clusters"]) <= 4
    assert 0.0 < float(metrics["bcubed_f1"]) <= 1.0
    assert str(metrics["level"]).startswith("stories")
    meantime = run(FIXTURES / "meantime", None, no_progress)
    assert meantime["documents"] == 3
    assert str(meantime["level"]).startswith("storylines")


@pytest.mark.shared
@pytest.mark.slow
def test_run_on_a_few_real_ecbplus_subtopics(shared_data: Path) -> None:
    metrics = run(shared_data / "ecbplus", 45, no_progress)
    assert 20 <= int(metrics["documents"]) <= 45
    assert float(metrics["bcubed_f1"]) > 0.6
