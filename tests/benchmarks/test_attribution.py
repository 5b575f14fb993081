"""The PolNeAR attribution benchmark: brat loading, span scoring, the task itself."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storyline.bench.base import no_progress
from storyline.errors import DataError
from storyline.model import SourceType, Statement, StatementKind
from storyline_benchmarks.attribution import (
    KEYS,
    TASK,
    Attribution,
    load_polnear,
    parse_brat,
    run_attribution,
    score_document,
    score_documents,
    statement_attribution,
    statements_to_attributions,
)
from storyline_benchmarks.shared import SharedData

TEXT = "Ann said the vote was fair. Bo claimed it was rigged, Cy said."


def at(phrase: str, nth: int = 0) -> tuple[tuple[int, int], ...]:
    """The fragment of the ``nth`` occurrence of ``phrase`` in ``TEXT``."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return ((start, start + len(phrase)),)


GOLD = (
    Attribution(source=at("Ann"), cue=at("said"), contents=(at("the vote was fair"),)),
    Attribution(source=at("Bo"), cue=at("claimed"), contents=(at("it was rigged"),)),
    Attribution(source=at("Cy"), cue=at("said", 1), contents=(at("Bo claimed it was rigged"),)),
)
PREDICTED = (
    Attribution(source=at("Ann"), cue=at("said"), contents=(at("the vote was fair."),)),
    Attribution(source=at("Bo"), cue=at("claimed it"), contents=(at("it was rigged"),)),
    Attribution(source=at("vote"), cue=at("fair"), contents=(at("was"),)),
)


def test_scores_of_a_hand_computed_example() -> None:
    metrics = score_document(TEXT, PREDICTED, GOLD).metrics()
    third, two_thirds = 0.3333, 0.6667
    # exact: Ann and Bo right of three sources; only "said" of the cues; only
    # "it was rigged" of the contents ("fair." keeps its period)
    assert metrics["source_p_exact"] == two_thirds
    assert metrics["source_r_exact"] == two_thirds
    assert metrics["cue_p_exact"] == third
    assert metrics["cue_r_exact"] == third
    assert metrics["content_f1_exact"] == third
    # overlap: every predicted content shares a word with a gold one and back
    assert metrics["content_p_overlap"] == 1.0
    assert metrics["content_r_overlap"] == 1.0
    # "claimed it" overlaps "claimed"; "fair" and the second "said" stay unmatched
    assert metrics["cue_p_overlap"] == two_thirds
    assert metrics["cue_r_overlap"] == two_thirds
    assert metrics["source_f1_overlap"] == two_thirds
    # whole attributions: the first two match, the third predicted and Cy's do not
    assert metrics["attribution_p_overlap"] == two_thirds
    assert metrics["attribution_r_overlap"] == two_thirds
    assert metrics["attribution_f1_overlap"] == two_thirds


def test_exact_counts_each_distinct_span_once_and_trims_commas() -> None:
    twice = (PREDICTED[0], PREDICTED[0])
    metrics = score_document(TEXT, twice, GOLD).metrics()
    assert metrics["cue_p_exact"] == 1.0
    assert metrics["cue_r_exact"] == 0.3333
    # "rigged," and "rigged" are the same span once edge commas are trimmed
    comma = Attribution(source=None, cue=at("claimed"), contents=(at("it was rigged,"),))
    assert score_document(TEXT, [comma], GOLD).metrics()["content_p_exact"] == 1.0


def test_gold_without_source_does_not_need_a_predicted_source() -> None:
    gold = [Attribution(source=None, cue=at("claimed"), contents=(at("it was rigged"),))]
    predicted = [Attribution(source=at("Cy"), cue=at("claimed"), contents=(at("rigged"),))]
    metrics = score_document(TEXT, predicted, gold).metrics()
    assert metrics["attribution_f1_overlap"] == 1.0
    assert metrics["source_p_overlap"] == 0.0  # nothing gold to overlap


def test_scores_sum_over_documents() -> None:
    metrics = score_documents([(TEXT, PREDICTED, GOLD), (TEXT, [], GOLD)])
    assert metrics["source_r_exact"] == 0.3333  # 2 of 6
    assert metrics["source_p_exact"] == 0.6667  # 2 of 3
    assert set(metrics) == set(KEYS)


ANN = (
    "T1\tSource 0 3\tAnn\n"
    "T2\tCue 4 8\tsaid\n"
    "T3\tContent 9 17;22 26\tthe vote fair\n"
    "T4\tAttribution 4 8\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 31 38\tclaimed\n"
    "T6\tContent 39 52\tit was\n"
    "rigged\n"
    "T7\tAttribution-no-source 31 38\tclaimed\n"
    "E2\tAttribution-no-source:T7 Content:T6 Cue:T5\n"
    "T8\tDiscuss 54 56\tCy\n"
    "#1\tAnnotatorNotes T8\tunsure\n"
    "T9\tAttribution-no-source 0 3\tAnn\n"
    "E3\tAttribution-no-source:T9\n"
)


def test_parse_brat_reads_discontinuous_and_sourceless_attributions() -> None:
    first, second = parse_brat(ANN)
    assert first.source == ((0, 3),)
    assert first.cue == ((4, 8),)
    assert first.contents == (((9, 17), (22, 26)),)
    assert second.source is None
    assert second.contents == (((39, 52),),)


def test_parse_brat_refuses_an_unknown_span() -> None:
    with pytest.raises(DataError, match="T9"):
        parse_brat("E1\tAttribution:T1 Cue:T9\n")


def _split(tmp_path: Path) -> Path:
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "story_one.txt").write_text(TEXT, encoding="utf-8")
    (split / "text" / "story_two.txt").write_text(TEXT, encoding="utf-8")
    (split / "attributions" / "story_one_b2.ann").write_text("", encoding="utf-8")
    (split / "attributions" / "story_one_a1.ann").write_text(ANN, encoding="utf-8")
    return split


def test_load_polnear_takes_the_first_annotator_and_skips_unannotated(tmp_path: Path) -> None:
    (document,) = load_polnear(_split(tmp_path))
    assert document.name == "story_one"
    assert document.text == TEXT
    assert len(document.attributions) == 2


def test_load_polnear_refuses_a_wrong_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="text/ and attributions/"):
        load_polnear(tmp_path)


def test_statement_offsets_map_back_and_interrupted_quotes_split() -> None:
    text = "“We are ready,” the minister said. “Talks start now.”"
    statement = Statement(
        start=0,
        end=len(text),
        content=(0, len(text)),
        cue=(text.index("said"), text.index("said") + 4),
        source=(16, 28),
        speaker_text="the minister",
        speaker_key=None,
        source_type=SourceType.NAMED,
        cue_text="said",
        cue_lemma="say",
        content_text="",
        kind=StatementKind.DIRECT,
    )
    attribution = statement_attribution(statement, text, lambda s, e: (s + 100, e + 100))
    assert attribution.source == ((116, 128),)
    (content,) = attribution.contents
    assert [text[s - 100 : e - 100] for s, e in content] == [
        "“We are ready,”",
        "“Talks start now.”",
    ]


def test_statement_without_cue_is_a_fragment_of_the_attribution_before() -> None:
    text = "Ann said it was fair. “We won.”"
    said = Statement(
        start=0,
        end=20,
        content=(9, 20),
        cue=(4, 8),
        source=(0, 3),
        speaker_text="Ann",
        speaker_key=None,
        source_type=SourceType.NAMED,
        cue_text="said",
        cue_lemma="say",
        content_text="it was fair",
        kind=StatementKind.REPORTED,
    )
    follow_on = replace(
        said, start=22, end=31, content=(22, 31), cue=None, source=None, cue_text=None
    )
    (attribution,) = statements_to_attributions([said, follow_on], text, lambda s, e: (s, e))
    assert attribution.cue == ((4, 8),)
    assert attribution.contents == (((9, 20), (22, 31)),)


def test_task_declares_every_key_and_the_citron_reference() -> None:
    assert TASK.name == "attribution"
    assert TASK.default_data == SharedData("polnear/dev")
    for role in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            for measure in ("p", "r", "f1"):
                assert f"{role}_{measure}_{mode}" in TASK.keys
    assert {"attribution_f1_overlap", "attribution_p_overlap", "attribution_r_overlap"} <= set(
        TASK.keys
    )
    (citron,) = TASK.references
    assert citron.metrics["cue_f1_exact"] == 0.823
    assert set(citron.metrics) <= set(TASK.keys)


@pytest.mark.shared
@pytest.mark.slow
def test_runs_on_two_dev_documents(shared_data: Path) -> None:
    folder = shared_data / "polnear" / "dev"
    if not folder.is_dir():
        pytest.skip("polnear/dev is not present")
    metrics = run_attribution(folder, 2, no_progress)
    assert set(metrics) == set(TASK.keys) | set(TASK.info_keys)
    assert metrics["documents"] == 2
    assert metrics["predicted_attributions"] > 0
    assert 0.0 < float(metrics["cue_f1_overlap"]) <= 1.0
