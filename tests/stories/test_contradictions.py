"""Contradictions in the ledger: opposite stances on one proposition, with evidence."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.model import ContradictionKind, Polarity
from storyline.stories import contradictions
from storyline.stories.contradictions import find_contradictions, negative, proposition
from storyline.stories.ledger import build_ledger

from .test_ledger import article, speaker_of, statement

DUMPED = "the Norwick Water Company had dumped untreated sewage into the Calder River"


def _found(*articles):  # type: ignore[no-untyped-def]
    ledger = build_ledger(list(articles), speaker_of)
    published = {a.id: a.article.published for a in articles}
    return find_contradictions(ledger, published)


def test_stance_reads_denial_verbs_and_negated_contents() -> None:
    assert not negative(statement(DUMPED))
    assert negative(statement("it had not dumped sewage"))
    assert negative(statement("it had dumped sewage", polarity=Polarity.DENY))
    assert not negative(statement("it had not dumped sewage", polarity=Polarity.DENY))
    assert negative(statement("no one was injured"))


def test_proposition_drops_negators_reporting_words_and_inflection() -> None:
    assert proposition("claims that it had not approved the loan") == proposition(
        "it approving the loans"
    )


def test_an_assertion_denied_by_another_source_is_a_denies_contradiction() -> None:
    found = _found(
        article("a1", "herald.example", date(2025, 3, 3), statement(DUMPED, speaker="Aldo Brenn")),
        article(
            "a2",
            "post.example",
            date(2025, 3, 4),
            statement(
                "that it had dumped untreated sewage into the Calder River",
                speaker="The Norwick Water Company",
                key=None,
                polarity=Polarity.DENY,
                cue="deny",
            ),
        ),
    )
    (item,) = found
    assert item.kind is ContradictionKind.DENIES
    assert [item.first[0], item.second[0]] == ["a1", "a2"]
    assert not item.first_denies
    assert "Aldo Brenn asserts" in item.reason
    assert "Norwick Water Company denies" in item.reason


def test_the_same_speaker_changing_position_reverses() -> None:
    (item,) = _found(
        article("a1", "herald.example", date(2025, 3, 1), statement("the city would raise fares")),
        article(
            "a3",
            "post.example",
            date(2025, 4, 1),
            statement("the city would not raise fares"),
        ),
    )
    assert item.kind is ContradictionKind.REVERSES
    assert item.reason.startswith("Ada Vance first asserts, later denies")


def test_hard_negatives_are_not_contradictions() -> None:
    other = {"speaker": "Olek Brun", "key": "person:olek-brun"}
    cases = [
        # both deny
        (statement(DUMPED, polarity=Polarity.DENY), statement(DUMPED, polarity=Polarity.DENY)),
        # same topic, another claim
        (
            statement("the strike would begin on Monday"),
            statement("the strike would not affect deliveries", **other),
        ),
        # each speaks of itself
        (
            statement("he would not attend the summit in Lisk"),
            statement("she would attend the summit in Lisk", **other),
        ),
        # different subjects
        (
            statement("the first suspect was not armed"),
            statement("the second suspect was armed", **other),
        ),
        # the "not" bears on another verb (T17 mj: a headline glued to the content)
        (
            statement("Dr Murray is doing all he can to help the inquiry"),
            statement(
                "the doctor did not inject the singer; "
                "Dr Murray is doing all he can to help the inquiry"
            ),
        ),
        # an indirect question claims nothing (T17 haiti: "described how he had had no food")
        (
            statement("how they will get food to the camps"),
            statement("how the camps had no food", **other),
        ),
    ]
    for one, two in cases:
        assert not _found(
            article("a1", "herald.example", date(2025, 3, 3), one),
            article("a2", "post.example", date(2025, 3, 4), two),
        ), (one.content_text, two.content_text)


def test_only_entries_sharing_two_words_are_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[object] = []
    real = contradictions._same_proposition

    def counting(a: object, b: object) -> object:
        compared.append((a, b))
        return real(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(contradictions, "_same_proposition", counting)
    said = [statement(f"the government built bridge{i} in town{i}") for i in range(30)]
    denied = [
        statement(f"the government had not inspected depot{i} at harbour{i}") for i in range(30)
    ]
    denied.append(statement("the government had not closed the school"))
    said.append(statement("the government closed the school yesterday"))
    found = _found(
        article("a1", "herald.example", date(2025, 3, 3), *said),
        article("a2", "post.example", date(2025, 3, 4), *denied),
    )
    assert len(compared) == 1  # "government" alone makes no candidate pair
    assert len(found) == 1
