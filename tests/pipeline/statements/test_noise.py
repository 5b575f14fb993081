"""What looks like an attribution but is no statement: the ledger stays worth trusting."""

from __future__ import annotations

import pytest

from storyline.model import Statement
from storyline.pipeline.nlp import load_english
from storyline.pipeline.statements.extract import extract_statements


def _statements(text: str) -> tuple[Statement, ...]:
    return extract_statements(load_english()(text))


def _cues(text: str) -> list[str | None]:
    return [s.cue_text for s in _statements(text)]


@pytest.mark.parametrize(
    "text",
    [
        "If you have been affected, call the main Fjordside Gazette switchboard on 020 7946 0321.",
        "For more details call 0800 555 0199 or email the newsdesk.",
        "Readers can call the Harbour Post hotline.",
    ],
)
def test_an_instruction_to_the_reader_is_no_statement(text: str) -> None:
    assert _cues(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The mayor of Brindlecombe pledged $2m on Tuesday.",
        "Donors pledged another £500,000 to the lighthouse fund.",
        "The Quillmark company has promised £40m.",
    ],
)
def test_a_pledged_sum_without_a_content_is_no_statement(text: str) -> None:
    assert _cues(text) == []


def test_a_pledge_with_a_content_stays_a_statement() -> None:
    text = "The mayor of Brindlecombe pledged to spend $2m on the harbour wall."
    pledge = _statements(text)
    assert [s.cue_text for s in pledge] == ["pledged"]
    assert pledge[0].content_text == "to spend $2m on the harbour wall"


@pytest.mark.parametrize(
    "text",
    [
        "I wonder whether any of this matters to the voters of Brindlecombe.",
        "I wonder if the minister has read the harbour report at all.",
        "Should we trust them? I ask whether the council knows what it is doing.",
        "One has to wonder why the Quillmark board waited so long.",
        "Do you know where the Brindlecombe harbour money went?",
    ],
)
def test_a_writer_s_rhetorical_question_is_no_statement(text: str) -> None:
    assert _cues(text) == []


def test_a_reported_question_stays_a_statement() -> None:
    statements = _statements("Councillor Ada Vell asked whether the harbour wall would hold.")
    assert [(s.speaker_text, s.cue_text) for s in statements] == [("Councillor Ada Vell", "asked")]


@pytest.mark.parametrize(
    "text",
    [
        "-LRB- AP -RRB- said the mayor of Brindlecombe was wrong.",
        "Mayor Ada Vell -LRB- D -RRB- said the harbour bridge would close.",
        "-RRB- said the Quillmark plan had failed.",
    ],
)
def test_a_bracket_token_is_never_a_speaker(text: str) -> None:
    for statement in _statements(text):
        speaker = (statement.speaker_text or "").lower()
        assert "-rrb-" not in speaker
        assert "-lrb-" not in speaker


def test_a_bracketed_aside_is_cut_from_the_source() -> None:
    text = "The harbour report -LRB- published Monday -RRB- said taxes would rise."
    statements = _statements(text)
    assert [(s.speaker_text, s.cue_text) for s in statements] == [("The harbour report", "said")]


def test_wanting_to_act_is_a_statement_but_wanting_a_thing_is_not() -> None:
    statements = _statements("Mayor Ada Vell wants to triple the harbour budget.")
    assert [(s.speaker_text, s.cue_text) for s in statements] == [("Mayor Ada Vell", "wants")]
    assert statements[0].content_text == "to triple the harbour budget"
    assert _cues("Mayor Ada Vell wants a new harbour wall.") == []
    assert _cues("It plans to reopen the harbour in May.") == []
