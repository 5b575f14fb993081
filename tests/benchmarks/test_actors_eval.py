"""The actors benchmark: coreference metrics on hand-computed examples, gold loading from
fictional ECB+ and MEANTIME files, and matching predicted actors to gold mentions."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import DataError
from storyline_benchmarks.metrics import bcubed

# skipped while the installed benchmarks package predates the task (run with
# PYTHONPATH=src:benchmarks/src from a checkout)
actors = pytest.importorskip("storyline_benchmarks.actors")
coref = pytest.importorskip("storyline_benchmarks.coref_metrics")
GoldMention = actors.GoldMention
load_ecbplus_mentions = actors.load_ecbplus_mentions
load_meantime_mentions = actors.load_meantime_mentions
score_spans = actors.score_spans
token_offsets = actors.token_offsets
ceaf_e, conll, muc = coref.ceaf_e, coref.conll, coref.muc

# gold {a, b, c} {d}; predicted {a, b} {c, d}
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2}
PREDICTED = {"a": "x", "b": "x", "c": "y", "d": "y"}


def test_muc_by_hand() -> None:
    # recall: gold {a,b,c} falls in 2 parts -> (3-2)/(3-1); {d} adds nothing: 1/2
    # precision: {a,b} is in 1 gold part -> 1/1; {c,d} in 2 -> 0/1: 1/2
    result = muc(PREDICTED, GOLD)
    assert result.recall == pytest.approx(0.5)
    assert result.precision == pytest.approx(0.5)


def test_muc_of_singletons_only_is_zero_not_an_error() -> None:
    singletons = {"a": 1, "b": 2}
    assert muc(singletons, singletons).f1 == 0.0


def test_bcubed_by_hand() -> None:
    # precision per mention: 1, 1, 1/2, 1/2 -> 3/4; recall: 2/3, 2/3, 1/3, 1 -> 2/3
    result = bcubed(PREDICTED, GOLD)
    assert result.precision == pytest.approx(0.75)
    assert result.recall == pytest.approx(2 / 3)


def test_ceaf_e_by_hand() -> None:
    # phi4: K1-R1 = 2*2/5 = .8, K2-R2 = 2*1/3; the best alignment sums 1.4667
    result = ceaf_e(PREDICTED, GOLD)
    assert result.precision == pytest.approx((0.8 + 2 / 3) / 2)
    assert result.recall == pytest.approx((0.8 + 2 / 3) / 2)


def test_ceaf_e_takes_the_optimal_alignment_not_the_greedy_one() -> None:
    # greedy takes K1-R1 (phi .8) first; optimal pairs K1-R2 and K2-R1
    gold = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 2, "f": 2}
    predicted = {"a": "x", "b": "x", "c": "x", "e": "x", "d": "y", "f": "y"}
    # K1={a,b,c,d} K2={e,f}; R1={a,b,c,e} R2={d,f}
    # phi(K1,R1)=6/8 phi(K1,R2)=2/6 phi(K2,R1)=2/6 phi(K2,R2)=2/4
    best = max(6 / 8 + 2 / 4, 2 / 6 + 2 / 6)
    assert ceaf_e(predicted, gold).f1 == pytest.approx(best / 2)


def test_conll_is_the_mean_of_three_f1s_and_perfect_is_one() -> None:
    scores = conll(PREDICTED, GOLD)
    bcubed_f1 = 2 * 0.75 * (2 / 3) / (0.75 + 2 / 3)
    expected = (0.5 + bcubed_f1 + (0.8 + 2 / 3) / 2) / 3
    assert scores["conll"].f1 == pytest.approx(expected)
    assert conll(GOLD, GOLD)["conll"].f1 == pytest.approx(1.0)


def test_metrics_refuse_different_mentions() -> None:
    with pytest.raises(ValueError, match="different mentions"):
        muc({"a": 1}, {"b": 1})


def test_token_offsets_follow_detokenize() -> None:
    text, spans = token_offsets(["Mr.", "Varn", "said", "``", "no", "''", "."])
    assert text == "Mr. Varn said \u201cno\u201d."
    assert [text[s:e] for s, e in spans] == ["Mr.", "Varn", "said", "\u201c", "no", "\u201d", "."]


def _tokens(sentences: list[list[str]]) -> str:
    rows, number = [], 1
    for index, words in enumerate(sentences):
        for word in words:
            rows.append(f'<token t_id="{number}" sentence="{index}" number="0">{word}</token>')
            number += 1
    return "\n".join(rows)


ECB = """<Document doc_name="{name}.xml">
{tokens}
<Markables>
<HUMAN_PART_PER m_id="1"><token_anchor t_id="5"/><token_anchor t_id="6"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="2"><token_anchor t_id="10"/></HUMAN_PART_PER>
<HUMAN_PART_ORG m_id="3"><token_anchor t_id="12"/></HUMAN_PART_ORG>
<HUMAN_PART_PER m_id="4"><token_anchor t_id="1"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="9" RELATED_TO="" TAG_DESCRIPTOR="t_varn" instance_id="HUM1"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="HUM1"><source m_id="1"/><source m_id="2"/><target m_id="9"/>
</CROSS_DOC_COREF>
</Relations>
</Document>"""
SENTENCES = [
    ["Varn", "arrested"],
    ["Police", "arrested", "Osric", "Varn", "on", "Monday", "."],
    ["he", "joined", "Brellmark", "."],
]


def test_ecbplus_gold_mentions(tmp_path: Path) -> None:
    folder = tmp_path / "topics" / "2"  # a dev topic
    folder.mkdir(parents=True)
    (folder / "2_1ecb.xml").write_text(ECB.format(name="2_1ecb", tokens=_tokens(SENTENCES)))
    ((article, mentions),) = load_ecbplus_mentions(tmp_path, "dev")
    text = article.text
    found = {text[m.start : m.end]: m for m in mentions}
    assert set(found) == {"Osric Varn", "he", "Brellmark"}  # the title's "Varn" is left out
    assert found["Osric Varn"].instance == found["he"].instance == "HUM1"
    assert text[found["Osric Varn"].head_start : found["Osric Varn"].head_end] == "Varn"
    assert found["Brellmark"].type == "ORG"
    assert found["Brellmark"].named
    assert not found["he"].named
    with pytest.raises(DataError, match="no ECB"):
        load_ecbplus_mentions(tmp_path, "train")


MEANTIME = """<Document doc_id="1" doc_name="x" lang="en">
{tokens}
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="5"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="PRO"><token_anchor t_id="10"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NAM"><token_anchor t_id="12"/></ENTITY_MENTION>
<ENTITY m_id="7" ent_type="PER" instance_id="PER1" TAG_DESCRIPTOR="Osric"/>
<ENTITY m_id="8" ent_type="PRO" instance_id="PRO1" TAG_DESCRIPTOR="a product"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><target m_id="7"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="3"/><target m_id="8"/></REFERS_TO>
</Relations>
</Document>"""


def test_meantime_gold_mentions_keep_scored_types(tmp_path: Path) -> None:
    folder = tmp_path / "intra_cross-doc_annotation" / "corpus_beta"
    folder.mkdir(parents=True)
    (folder / "1_x.xml").write_text(MEANTIME.format(tokens=_tokens(SENTENCES)))
    ((article, mentions),) = load_meantime_mentions(tmp_path)
    assert [(article.text[m.start : m.end], m.named, m.instance) for m in mentions] == [
        ("Osric", True, "PER1"),
        ("he", False, "PER1"),
    ]


def _gold(
    start: int, end: int, instance: str, named: bool = True, article: str = "a1"
) -> GoldMention:
    return GoldMention(article, start, end, end - 4, end, instance, "PER", named)


def test_scores_match_gold_heads_and_count_unmatched_in_recall_only() -> None:
    gold = [
        _gold(0, 10, "P1"),
        _gold(20, 30, "P1"),
        _gold(40, 50, "P2"),
        _gold(60, 70, "P2", False),
    ]
    spans = {"a1": [(6, 10, "person:a"), (26, 30, "person:a"), (46, 50, "person:b")]}
    metrics = score_spans(gold, spans)
    assert metrics["named_recall"] == 1.0
    assert metrics["mention_recall"] == 0.75
    assert metrics["conll_f1"] == 1.0  # the matched mentions are clustered right
    assert metrics["PER_bcubed_f1"] == 1.0


def test_a_merged_actor_lowers_precision_not_recall() -> None:
    gold = [_gold(0, 10, "P1"), _gold(20, 30, "P1"), _gold(40, 50, "P2")]
    spans = {"a1": [(0, 10, "person:a"), (20, 30, "person:a"), (40, 50, "person:a")]}
    metrics = score_spans(gold, spans)
    assert metrics["bcubed_r"] == 1.0
    assert metrics["bcubed_p"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3, abs=1e-4)


def test_the_shortest_covering_actor_mention_wins() -> None:
    gold = [_gold(0, 20, "P1")]  # head 16..20
    spans = {"a1": [(0, 20, "organisation:x"), (16, 20, "person:a")], "a2": [(16, 20, "other")]}
    metrics = score_spans(gold, spans)
    assert metrics["mention_recall"] == 1.0
