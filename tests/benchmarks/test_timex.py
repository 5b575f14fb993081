"""The TempEval-3 task A benchmark: TimeML loader, scoring, and a run of the real stages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.bench.base import no_progress
from storyline.errors import DataError
from storyline_benchmarks.shared import SharedData
from storyline_benchmarks.timex import (
    TASK,
    GoldTimex,
    load_timeml,
    load_timeml_folder,
    relaxed_pairs,
    run_timex,
    score_timexes,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "timeml"


# --------------------------------------------------------------------------- loader


def test_loader_reads_text_creation_time_and_timexes() -> None:
    document = load_timeml(FIXTURES / "bakery.tml")
    assert document.name == "bakery"
    assert document.creation_time == date(2021, 3, 10)
    assert "<" not in document.text
    assert "bread & cake" in document.text  # entities decoded
    assert "March 10, 2021" not in document.text  # the DCT is outside <TEXT>
    texts = [t.text for t in document.timexes]
    assert texts == ["yesterday", "three months", "every week", "next month"]
    for timex in document.timexes:
        assert document.text[timex.start : timex.end] == timex.text
    assert [(t.type, t.value) for t in document.timexes] == [
        ("DATE", "2021-03-09"),
        ("DURATION", "P3M"),
        ("SET", "P1W"),
        ("DATE", "2021-04"),
    ]


def test_loader_errors_are_data_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tml"
    broken.write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(DataError):
        load_timeml(broken)
    no_text = tmp_path / "empty.tml"
    no_text.write_text("<TimeML><DOCID>x</DOCID></TimeML>", encoding="utf-8")
    with pytest.raises(DataError, match="TEXT"):
        load_timeml(no_text)
    with pytest.raises(DataError):
        load_timeml_folder(tmp_path / "missing")


def test_folder_loader_limits_and_skips_copies(tmp_path: Path) -> None:
    assert len(load_timeml_folder(FIXTURES, limit=1)) == 1
    text = (FIXTURES / "bakery.tml").read_text(encoding="utf-8")
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bakery.tml").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "other.tml").write_text(text, encoding="utf-8")
    names = [d.name for d in load_timeml_folder(tmp_path)]
    assert names == ["bakery", "other"]


# --------------------------------------------------------------------------- metric


def _t(start: int, end: int, type_: str, value: str) -> GoldTimex:
    return GoldTimex(start, end, "", type_, value)


def test_scores_match_hand_computed_values() -> None:
    gold = [
        _t(0, 9, "DATE", "2021-03-09"),
        _t(16, 28, "DURATION", "P3M"),
        _t(40, 50, "SET", "P1W"),
        _t(60, 70, "DATE", "2021-04"),
    ]
    predicted = [
        _t(0, 9, "DATE", "2021-03-09"),  # exact, all right
        _t(10, 28, "DURATION", "P2M"),  # overlaps only: type right, value wrong
        _t(40, 50, "DATE", "P1D"),  # exact span, type and value wrong
        _t(80, 85, "DATE", "2021"),  # spurious
    ]
    scores = score_timexes([(predicted, gold)])
    # strict: 2 exact of 4 predicted and 4 gold
    assert scores.strict_p == pytest.approx(0.5)
    assert scores.strict_r == pytest.approx(0.5)
    assert scores.strict_f1 == pytest.approx(0.5)
    # relaxed: 3 overlapping pairs
    assert scores.relaxed_p == pytest.approx(0.75)
    assert scores.relaxed_r == pytest.approx(0.75)
    assert scores.relaxed_f1 == pytest.approx(0.75)
    # type right on 2 relaxed pairs -> P = R = 2/4; value right on 1 -> 1/4
    assert scores.type_f1 == pytest.approx(0.5)
    assert scores.value_f1 == pytest.approx(0.25)
    assert (scores.gold, scores.predicted) == (4, 4)


def test_attribute_f1_is_relaxed_f1_times_accuracy() -> None:
    gold = [_t(0, 5, "DATE", "1998"), _t(10, 15, "DATE", "1999"), _t(20, 25, "DATE", "2000")]
    predicted = [_t(0, 5, "DATE", "1998"), _t(11, 14, "DATE", "2001")]
    scores = score_timexes([(predicted, gold)])
    # relaxed P = 2/2, R = 2/3 -> F = 0.8; value accuracy 1/2 -> value F1 = 0.4
    assert scores.relaxed_f1 == pytest.approx(0.8)
    assert scores.value_f1 == pytest.approx(0.4)
    assert scores.strict_f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def test_relaxed_matching_is_one_to_one() -> None:
    gold = [_t(0, 5, "DATE", "a"), _t(6, 10, "DATE", "b")]
    predicted = [_t(0, 10, "DATE", "a")]  # one long span over two gold spans
    assert len(relaxed_pairs(predicted, gold)) == 1
    scores = score_timexes([(predicted, gold)])
    assert scores.relaxed_p == pytest.approx(1.0)
    assert scores.relaxed_r == pytest.approx(0.5)


def test_empty_predictions_score_zero() -> None:
    scores = score_timexes([([], [_t(0, 4, "DATE", "1998")])])
    assert scores.relaxed_f1 == 0.0
    assert scores.value_f1 == 0.0


# --------------------------------------------------------------------------- running


def test_task_declares_the_required_keys() -> None:
    assert TASK.name == "timex"
    assert TASK.default_data == SharedData("tempeval3/tbaq-cleaned")
    for key in ("strict_f1", "relaxed_f1", "type_f1", "value_f1", "timexes"):
        assert key in TASK.keys
    assert TASK.references
    assert "value_f1" in TASK.references[0].metrics


def test_run_on_the_fixture_uses_the_real_stages() -> None:
    metrics = run_timex(FIXTURES, None, no_progress)
    assert set(TASK.keys) == set(metrics)
    assert metrics["timexes"] == 4
    assert metrics["strict_f1"] == pytest.approx(1.0)
    assert metrics["value_f1"] == pytest.approx(1.0)


@pytest.mark.shared
@pytest.mark.slow
def test_run_on_a_few_timebank_documents(shared_data: Path) -> None:
    folder = shared_data / "tempeval3" / "tbaq-cleaned" / "TimeBank"
    if not folder.is_dir():
        pytest.skip("TempEval-3 TimeBank data is absent")
    metrics = run_timex(folder, 5, no_progress)
    assert isinstance(metrics["timexes"], int)
    assert metrics["timexes"] > 0
    assert float(metrics["relaxed_f1"]) > 0.7
    assert float(metrics["value_f1"]) > 0.5
