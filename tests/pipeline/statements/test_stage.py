"""The statements stage: who said, wrote, reported, warned or denied what."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import PipelineError
from storyline.model import (
    ActorKind,
    AnalyzedArticle,
    Article,
    ArticleActor,
    Granularity,
    Polarity,
    SourceType,
    Statement,
    StatementKind,
    TimeExpression,
    TimeType,
)
from storyline.pipeline import default_pipeline
from storyline.pipeline.base import Pipeline
from storyline.pipeline.clean import CleanStage
from storyline.pipeline.nlp import NlpStage, load_english
from storyline.pipeline.statements.extract import extract_statements
from storyline.pipeline.statements.parts import content_parts
from storyline.pipeline.statements.quotes import find_quotations
from storyline.pipeline.statements.stage import StatementsStage
from tests.helpers import read_article

TUESDAY = date(2024, 6, 18)


def _span(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span else None


def _statements(
    text: str,
    actors: Sequence[ArticleActor] = (),
    times: Sequence[TimeExpression] = (),
) -> tuple[Statement, ...]:
    return extract_statements(load_english()(text), actors, times)


def _by_cue(statements: Sequence[Statement], cue: str) -> Statement:
    found = [s for s in statements if s.cue_text == cue]
    assert len(found) == 1, [s.cue_text for s in statements]
    return found[0]


# --------------------------------------------------------------------------- samples


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return default_pipeline()


@pytest.fixture(scope="module")
def sample_004(pipeline: Pipeline, samples: dict[str, Path]) -> AnalyzedArticle:
    return pipeline(read_article(samples["004"], published=TUESDAY))


@pytest.fixture(scope="module")
def sample_000(pipeline: Pipeline, samples: dict[str, Path]) -> AnalyzedArticle:
    return pipeline(read_article(samples["000"], published=date(2024, 1, 22)))


def _find(analyzed: AnalyzedArticle, source: str | None, cue: str) -> Statement:
    text = analyzed.article.text
    found = [
        s for s in analyzed.statements if _span(text, s.source) == source and s.cue_text == cue
    ]
    listed = [(_span(text, s.source), s.cue_text) for s in analyzed.statements]
    assert len(found) == 1, listed
    return found[0]


def test_every_statement_span_is_its_evidence(sample_004: AnalyzedArticle) -> None:
    text = sample_004.article.text
    assert len(sample_004.statements) >= 10
    for statement in sample_004.statements:
        assert statement.cue_text == _span(text, statement.cue)
        assert (statement.cue is None) == (statement.cue_lemma is None)
        assert statement.start <= statement.content[0] < statement.content[1] <= statement.end
        if statement.source_type is not SourceType.NONE:
            assert statement.speaker_text


def test_miller_claim_with_role_source_and_monday(sample_004: AnalyzedArticle) -> None:
    text = sample_004.article.text
    miller = _find(sample_004, "US State Department spokesman Matthew Miller", "said")
    assert _span(text, miller.content) == (
        "In recent months, North Korea has illegally delivered dozens of ballistic missiles "
        "and more than 11,000 containers of ammunition"
    )
    assert miller.kind is StatementKind.REPORTED
    assert miller.source_type is SourceType.NAMED
    assert miller.cue_lemma == "say"
    monday = next(t for t in sample_004.times if t.text == "Monday")
    assert miller.event_time == monday.value
    speaker = next(a for a in sample_004.actors if a.key == miller.speaker_key)
    assert "Miller" in speaker.name
    # the quotation that follows is Miller's too, a statement without a cue of its own
    quote = next(s for s in sample_004.statements if s.start > miller.end)
    assert quote.cue is None
    assert quote.kind is StatementKind.DIRECT
    assert quote.speaker_key == miller.speaker_key
    assert quote.content_text.startswith("“We believe that the deepening of cooperation")


def test_denial_by_both_countries(sample_004: AnalyzedArticle) -> None:
    text = sample_004.article.text
    denial = _find(sample_004, "Both countries", "have denied")
    assert denial.polarity is Polarity.DENY
    assert denial.source_type is SourceType.COLLECTIVE
    assert denial.cue_lemma == "deny"
    assert _span(text, denial.content) == "accusations of doing arms deals with each other"


def test_according_to_the_kremlin(sample_004: AnalyzedArticle) -> None:
    text = sample_004.article.text
    kremlin = _find(sample_004, "the Kremlin", "According to")
    assert kremlin.kind is StatementKind.ACCORDING_TO
    assert kremlin.cue_lemma == "according to"
    assert _span(text, kremlin.content) == (
        "both countries want to sign a comprehensive cooperation agreement"
    )


def test_vague_western_information(sample_004: AnalyzedArticle) -> None:
    western = _find(sample_004, "Western information", "According to")
    assert western.source_type is SourceType.VAGUE
    assert western.speaker_key is None
    assert western.content_text.startswith("the communist-ruled country")
    assert western.content_text.endswith("which uses them against Ukraine")


def test_putin_wrote_in_rodong_sinmun(sample_004: AnalyzedArticle) -> None:
    text = sample_004.article.text
    wrote = _find(sample_004, "Putin", "wrote")
    assert _span(text, wrote.content) == (
        "that they appreciate North Korea’s “steadfast support” for “Russia’s special "
        "military operation in Ukraine” and solidarity on important international issues"
    )
    assert wrote.kind is StatementKind.PARTIAL
    putin = next(a for a in sample_004.actors if a.key == wrote.speaker_key)
    assert putin.name == "Vladimir Putin"


def test_perspective_of_the_usa_and_its_allies(sample_004: AnalyzedArticle) -> None:
    view = _find(sample_004, "the USA and its allies", "From the perspective of")
    assert view.kind is StatementKind.ACCORDING_TO
    assert view.source_type is SourceType.COLLECTIVE
    assert view.content_text.startswith("this would be a serious violation")


def test_pronoun_source_with_hedges(sample_004: AnalyzedArticle) -> None:
    suspect = _find(sample_004, "They", "suspect")
    assert suspect.source_type is SourceType.PRONOUN
    assert {"suspect", "could"} <= set(suspect.hedges)


def test_passive_assumption_has_no_source(sample_004: AnalyzedArticle) -> None:
    assumed = _find(sample_004, None, "was assumed")
    assert assumed.source_type is SourceType.NONE
    assert assumed.speaker_text is None
    assert assumed.content_text.startswith("that the political talks would take place")


def test_according_to_north_korean_sources(sample_000: AnalyzedArticle) -> None:
    sources = _find(sample_000, "North Korean sources", "According to")
    assert sources.source_type is SourceType.VAGUE
    assert sources.content_text == (
        "Russian President Vladimir Putin has declared his willingness to visit the "
        "isolated country soon"
    )


def test_kcna_reported(sample_000: AnalyzedArticle) -> None:
    kcna = _find(sample_000, "North Korea’s state news agency KCNA", "reported")
    assert kcna.cue_lemma == "report"
    # the whole reported clause, not just its last complement
    assert kcna.content_text.startswith("Putin thanked Pyongyang for the invitation")
    assert kcna.content_text.endswith("he would come soon")
    # what Putin said is part of what KCNA reports: no statement of its own
    assert not any(
        s.cue_text in ("thanked", "said") and s.speaker_text == "Putin"
        for s in sample_000.statements
        if kcna.start <= s.start < kcna.end
    )


def test_coordinated_speakers_praise(sample_000: AnalyzedArticle) -> None:
    praised = _find(
        sample_000,
        "Russian Foreign Minister Sergei Lavrov and his North Korean colleague Choe Son Hui",
        "praised",
    )
    assert praised.source_type is SourceType.COLLECTIVE
    assert praised.speaker_key is None  # one key cannot name both
    assert praised.content_text == "their countries’ deepened relations"


def test_it_is_feared_is_hedged_and_sourceless(sample_000: AnalyzedArticle) -> None:
    feared = _find(sample_000, None, "is feared")
    assert feared.source_type is SourceType.NONE
    assert feared.content_text.startswith("that Russia could provide technical assistance")
    assert {"feared", "could"} <= set(feared.hedges)


def test_lavrov_partial_quote(sample_000: AnalyzedArticle) -> None:
    text = sample_000.article.text
    lavrov = _find(sample_000, "Lavrov", "said")
    assert _span(text, lavrov.content) == (
        "Russia “always” supports North Korea at the United Nations"
    )
    assert lavrov.kind is StatementKind.PARTIAL
    assert not any(s.cue_text == "supports" for s in sample_000.statements)
    speaker = next(a for a in sample_000.actors if a.key == lavrov.speaker_key)
    assert speaker.name == "Sergei Lavrov"


def test_choe_statement(sample_000: AnalyzedArticle) -> None:
    choe = _find(sample_000, "Choe", "said")
    assert choe.content_text.startswith(
        "that the ministerial meeting was evidence of “friendly” bilateral relations"
    )
    assert choe.kind is StatementKind.PARTIAL


def test_according_to_experts_is_vague(sample_000: AnalyzedArticle) -> None:
    experts = _find(sample_000, "experts", "according to")
    assert experts.source_type is SourceType.VAGUE
    # the framed second conjunct takes the shared subject: one contiguous span
    assert experts.content_text.startswith("Russia is using huge amounts")
    assert experts.content_text.endswith(
        "is not keeping up with their production in its own country"
    )


# --------------------------------------------------------------------------- own sentences


def test_inverted_direct_quote() -> None:
    text = "“The bridge will reopen in May,” said Mayor Lena Ortiz."
    (statement,) = _statements(text)
    assert _span(text, statement.content) == "“The bridge will reopen in May,”"
    assert statement.speaker_text == "Mayor Lena Ortiz"
    assert statement.kind is StatementKind.DIRECT


def test_quote_over_several_sentences_after_a_colon() -> None:
    text = "The minister said: “We are ready. The talks start tomorrow.”"
    (statement,) = _statements(text)
    assert _span(text, statement.content) == "“We are ready. The talks start tomorrow.”"
    assert statement.kind is StatementKind.DIRECT


def test_quote_continued_after_its_attribution() -> None:
    text = "“We are ready,” the minister said. “The talks start tomorrow.”"
    (statement,) = _statements(text)
    assert statement.speaker_text == "the minister"
    parts = content_parts(text, statement.content, statement.cue, statement.source)
    assert [text[s:e] for s, e in parts] == ["“We are ready,”", "“The talks start tomorrow.”"]
    assert (
        statement.content_text == "“We are ready,” the minister said. “The talks start tomorrow.”"
    )


def test_quotation_after_a_statement_goes_on_with_its_speaker() -> None:
    text = (
        "The mayor said on Monday that the bridge would reopen. “We have waited long enough "
        "for this,” she added later. “It is done.”\n\n“Nobody asked us,” a resident said."
    )
    statements = _statements(text)
    assert [s.cue_text for s in statements] == ["said", "added", "said"]
    added = statements[1]
    parts = content_parts(text, added.content, added.cue, added.source)
    assert [text[s:e] for s, e in parts] == [
        "“We have waited long enough for this,”",
        "“It is done.”",
    ]
    text = "The mayor said that the bridge would reopen. “We have waited long enough for this.”"
    said, follow_on = _statements(text)
    assert said.content_text == "that the bridge would reopen"
    assert follow_on.cue is None
    assert follow_on.source is None
    assert follow_on.speaker_text == "The mayor"
    assert follow_on.content_text == "“We have waited long enough for this.”"


def test_straight_quotes() -> None:
    text = 'The governor was blunt. "Prices will fall," the central bank said.'
    (statement,) = _statements(text)
    assert _span(text, statement.content) == '"Prices will fall,"'
    assert statement.speaker_text == "the central bank"


def test_inserted_attribution_is_cut_out_of_the_content() -> None:
    text = "The economy, the minister said, is stronger than last year."
    (statement,) = _statements(text)
    parts = content_parts(text, statement.content, statement.cue, statement.source)
    assert [text[s:e] for s, e in parts] == ["The economy", "is stronger than last year"]


def test_reported_speech_with_that() -> None:
    text = "The agency reported that the river had burst its banks."
    (statement,) = _statements(text)
    assert statement.content_text == "that the river had burst its banks"
    assert statement.kind is StatementKind.REPORTED
    assert statement.cue_lemma == "report"


def test_cue_inside_a_quotation_is_not_a_second_statement() -> None:
    text = "“I think we will win,” Holt said."
    (statement,) = _statements(text)
    assert statement.cue_text == "said"
    assert statement.speaker_text == "Holt"


def test_relative_pronoun_source_is_its_antecedent() -> None:
    text = "Most farmers who said the harvest was poor voted for the mayor."
    said = _by_cue(_statements(text), "said")
    # the source as written is the pronoun (as PolNeAR marks it); the speaker is its
    # antecedent, as for "he"
    assert said.speaker_text == "Most farmers"
    assert _span(text, said.source) == "who"
    assert said.source_type is SourceType.VAGUE
    assert said.content_text == "the harvest was poor"


def test_cue_noun_with_a_named_owner() -> None:
    text = "Residents doubted the senator's claim that the dam was unsafe."
    claim = _by_cue(_statements(text), "claim")
    assert claim.speaker_text == "the senator"
    assert claim.cue_text == "claim"
    assert claim.content_text == "that the dam was unsafe"
    denial = _by_cue(_statements("Moscow's denial of the report surprised nobody."), "denial of")
    assert denial.polarity is Polarity.DENY
    assert denial.content_text == "the report"


def test_attribution_inside_another_content_stays_in_it() -> None:
    text = "The minister said he believes the dam is safe."
    (statement,) = _statements(text)
    assert statement.cue_text == "said"
    assert statement.content_text == "he believes the dam is safe"


def test_vague_source_and_hedge() -> None:
    text = "Officials said the convoy had allegedly crossed the border."
    (statement,) = _statements(text)
    assert statement.source_type is SourceType.VAGUE
    assert statement.hedges == ("allegedly",)


def test_denial_verb_sets_polarity_but_negated_saying_does_not() -> None:
    denied = _by_cue(_statements("The ministry denied that troops had crossed."), "denied")
    assert denied.polarity is Polarity.DENY
    asserted = _statements("The ministry said that no troops had crossed.")[0]
    assert asserted.polarity is Polarity.ASSERT


def test_a_denial_with_a_gerund_denies_the_gerund_clause() -> None:
    text = "Senator Hugo Brand denied accepting bribes from the builder."
    denied = _by_cue(_statements(text), "denied")
    assert denied.polarity is Polarity.DENY
    assert denied.content_text == "accepting bribes from the builder"
    assert text[denied.content[0] : denied.content[1]] == denied.content_text
    # a gerund after a speech verb is no content of it
    assert not _statements("The minister recalled meeting the builder.")


def test_collective_source() -> None:
    (statement,) = _statements("Both sides said the ceasefire was holding.")
    assert statement.source_type is SourceType.COLLECTIVE
    assert statement.speaker_text == "Both sides"


def test_pronoun_links_to_the_last_person_actor() -> None:
    text = "Mira Holt arrived in Oslo on Monday. She said the deal was close."
    holt = ArticleActor(
        key="person:mira-holt", name="Mira Holt", kind=ActorKind.PERSON, mentions=((0, 9),)
    )
    oslo = ArticleActor(key="place:oslo", name="Oslo", kind=ActorKind.PLACE, mentions=((21, 25),))
    (statement,) = _statements(text, actors=(holt, oslo))
    assert statement.source_type is SourceType.PRONOUN
    assert statement.speaker_key == "person:mira-holt"


def test_pronoun_continues_the_previous_speaker() -> None:
    text = (
        "Rena Vos said the plan would fail after meeting Tom Hale. She added that taxes would rise."
    )
    vos = ArticleActor(
        key="person:rena-vos", name="Rena Vos", kind=ActorKind.PERSON, mentions=((0, 8),)
    )
    start = text.index("Tom Hale")
    hale = ArticleActor(
        key="person:tom-hale",
        name="Tom Hale",
        kind=ActorKind.PERSON,
        mentions=((start, start + 8),),
    )
    first, second = _statements(text, actors=(vos, hale))
    assert first.speaker_key == "person:rena-vos"
    assert second.speaker_text == "She"
    assert second.speaker_key == "person:rena-vos"


def test_named_source_links_to_the_actor_covering_its_head() -> None:
    text = "Finance minister Tarek Obi said taxes would rise."
    obi = ArticleActor(
        key="person:tarek-obi", name="Tarek Obi", kind=ActorKind.PERSON, mentions=((17, 26),)
    )
    (statement,) = _statements(text, actors=(obi,))
    assert statement.speaker_text == "Finance minister Tarek Obi"
    assert statement.speaker_key == "person:tarek-obi"
    assert _statements(text)[0].speaker_key is None


def test_of_the_names_before_the_head_the_one_next_to_it_is_the_speaker() -> None:
    # names.spans.actor_for_span, the one span -> actor lookup: first overlap took Reuters
    text = "Reuters - U.S. officials said the talks would go on."
    reuters = ArticleActor(
        key="organisation:reuters", name="Reuters", kind=ActorKind.ORGANISATION, mentions=((0, 7),)
    )
    usa = ArticleActor(
        key="country:united-states",
        name="United States",
        kind=ActorKind.COUNTRY,
        mentions=((10, 14),),
    )
    (statement,) = _statements(text, actors=(reuters, usa))
    assert statement.speaker_text == "Reuters - U.S. officials"
    assert statement.speaker_key == "country:united-states"


def test_event_time_of_the_cue() -> None:
    text = "The mayor said on Tuesday that the bridge would reopen."
    start = text.index("Tuesday")
    tuesday = TimeExpression(
        start, start + 7, "Tuesday", TimeType.DATE, "2024-06-18", Granularity.DAY
    )
    (statement,) = _statements(text, times=(tuesday,))
    assert statement.event_time == "2024-06-18"
    assert statement.content_text == "that the bridge would reopen"


def test_time_inside_the_content_is_not_the_event_time() -> None:
    text = "The mayor said that the bridge would reopen on Tuesday."
    start = text.index("Tuesday")
    tuesday = TimeExpression(
        start, start + 7, "Tuesday", TimeType.DATE, "2024-06-18", Granularity.DAY
    )
    (statement,) = _statements(text, times=(tuesday,))
    assert statement.event_time is None


def test_quotations_curly_straight_and_unclosed() -> None:
    text = 'He said “yes” and "no".\n\nShe wrote: “It will not end'
    found = [text[q.start : q.end] for q in find_quotations(text)]
    assert found == ["“yes”", '"no"', "“It will not end"]
    assert not find_quotations(text)[-1].closed


def test_sentence_final_according_to_is_cut_from_the_content() -> None:
    text = "By nightfall, a stretch of nine kilometres was closed, according to the coast guard."
    (statement,) = _statements(text)
    assert statement.content_text == "By nightfall, a stretch of nine kilometres was closed"
    assert statement.speaker_text == "the coast guard"
    text = (
        "The mill reportedly dumped waste twice in May 2023, according to records "
        "obtained by the Daily Post."
    )
    (statement,) = _statements(text)
    assert statement.content_text == "The mill reportedly dumped waste twice in May 2023"
    assert statement.speaker_text == "records obtained by the Daily Post"


def test_according_to_a_shared_subject_conjunct() -> None:
    text = (
        "The town is spending large sums on repairs and, according to engineers, is "
        "falling behind with the work."
    )
    (statement,) = _statements(text)
    assert statement.content_text.startswith("The town is spending")
    parts = content_parts(text, statement.content, statement.cue, statement.source)
    assert [text[s:e] for s, e in parts] == [
        "The town is spending large sums on repairs",
        "is falling behind with the work",
    ]


def test_inanimate_subject_of_an_evidence_verb_is_no_source() -> None:
    assert _statements("The shape of the burn marks pointed to a gas explosion.") == ()
    (study,) = _statements("A study pointed to a gas explosion.")
    assert study.speaker_text == "A study"
    assert study.content_text == "a gas explosion"
    (said,) = _statements("The inspector said the shape of the marks pointed to a gas leak.")
    assert said.speaker_text == "The inspector"


def test_passive_addressee_without_a_claim_is_no_statement() -> None:
    assert _statements("The council had been warned about cracks in the bridge.") == ()
    assert _statements("Fishermen were told to stay in port.") == ()
    (told,) = _statements("He was told that the road would close.")
    assert told.content_text == "that the road would close"
    assert told.source_type is SourceType.NONE


def test_coordinated_cues_are_two_statements() -> None:
    text = (
        "Mira Holt, the bank's governor, conceded that inflation had risen in May but "
        "insisted that it would fall."
    )
    conceded, insisted = _statements(text)
    assert conceded.content_text == "that inflation had risen in May"
    assert insisted.cue_text == "insisted"
    assert insisted.content_text == "that it would fall"
    assert insisted.speaker_text == conceded.speaker_text == "Mira Holt, the bank's governor"
    said, warned = _statements(
        "Critics said the fee was too high and warned that shops could close."
    )
    assert said.content_text == "the fee was too high"
    assert warned.speaker_text == "Critics"
    assert warned.content_text == "that shops could close"


def test_sentence_final_report_takes_the_whole_clause_and_the_name() -> None:
    text = (
        "Holt thanked Oslo for the invitation to visit and said he would come soon, the "
        "state news agency NTB reported."
    )
    (reported,) = _statements(text)
    assert reported.speaker_text == "the state news agency NTB"
    assert reported.content_text == (
        "Holt thanked Oslo for the invitation to visit and said he would come soon"
    )


def test_coordinated_speakers_share_one_statement() -> None:
    text = (
        "Finance Minister Ola Berg and his Danish counterpart Mette Lund praised their "
        "nations’ growing trade in Oslo."
    )
    berg = ArticleActor(
        key="person:ola-berg", name="Ola Berg", kind=ActorKind.PERSON, mentions=((17, 25),)
    )
    (praised,) = _statements(text, actors=(berg,))
    assert praised.speaker_text == (
        "Finance Minister Ola Berg and his Danish counterpart Mette Lund"
    )
    assert praised.source_type is SourceType.COLLECTIVE
    assert praised.speaker_key is None
    assert praised.content_text == "their nations’ growing trade"


def test_role_and_name_the_parser_split_are_one_source(pipeline: Pipeline) -> None:
    from storyline.demo import demo_corpus
    from storyline.ingest import read_target

    path = next(path for path, _ in demo_corpus() if path.suffix == ".rss")
    (result,) = read_target(str(path))
    assert result.article is not None
    analyzed = pipeline(result.article)
    said = next(s for s in analyzed.statements if "ignored warnings" in s.content_text)
    assert said.speaker_text == "Committee chair Hanne Vik"
    speaker = next(a for a in analyzed.actors if a.key == said.speaker_key)
    assert speaker.name == "Hanne Vik"


def test_company_in_a_heading_is_the_article_s_only_organisation() -> None:
    text = "Company denies responsibility\n\nNordvik Mining said on Monday that its dam was safe."
    start = text.index("Nordvik")
    nordvik = ArticleActor(
        key="organisation:nordvik-mining",
        name="Nordvik Mining",
        kind=ActorKind.ORGANISATION,
        mentions=((start, start + 13),),
    )
    denies, said = _statements(text, actors=(nordvik,))
    assert denies.speaker_text == "Company"
    assert denies.speaker_key == said.speaker_key == "organisation:nordvik-mining"
    other = ArticleActor(
        key="organisation:river-trust",
        name="River Trust",
        kind=ActorKind.ORGANISATION,
        mentions=((0, 0),),
    )
    denies, _ = _statements(text, actors=(nordvik, other))
    assert denies.speaker_key is None  # two organisations: which one is not said


def test_statement_put_out_by_the_subject_of_the_verb() -> None:
    text = "The harbour board issued a statement saying that the quay would stay closed."
    (saying,) = _statements(text)
    assert saying.speaker_text == "The harbour board"
    assert saying.content_text == "that the quay would stay closed"


def test_bare_plural_source_is_vague() -> None:
    (said,) = _statements("Opponents said the plan was too expensive.")
    assert said.source_type is SourceType.VAGUE


def test_colon_attribution_in_a_headline() -> None:
    text = "Mayor Lena Ortiz: The bridge will reopen in May\n\nUpdate: the road is closed again"
    (colon,) = _statements(text)
    assert colon.cue_text == ":"
    assert colon.speaker_text == "Mayor Lena Ortiz"
    assert colon.content_text == "The bridge will reopen in May"


def test_colon_turn_keeps_what_its_speaker_attributes_to_others() -> None:
    text = "Q: When will the bridge reopen?\n\nA: She said the bridge would reopen in May."
    statements = _statements(text)
    assert [s.speaker_text for s in statements] == ["Q", "A", "She"]
    assert statements[2].content_text == "the bridge would reopen in May"


def test_transcript_quoted_paragraph_by_paragraph_has_one_turn_per_speaker() -> None:
    text = (
        'Transcript:\n\n"WALLACE: Will the mayor be at the debate tomorrow night?\n\n'
        '"ORTIZ: Well, look, the mayor will not be attending the debate.\n\n'
        '"We have one goal: winning the vote," she added.'
    )
    statements = _statements(text)
    turns = [s for s in statements if s.cue_text == ":"]
    assert [s.speaker_text for s in turns] == ["WALLACE", "ORTIZ"]
    assert turns[1].content_text.startswith("Well, look, the mayor will not")
    # a colon inside an ordinary quotation is no speaker turn
    assert not any(s.speaker_text == "We have one goal" for s in statements)


def test_poll_frames_its_clause() -> None:
    (poll,) = _statements("In a new survey, the bridge plan has a narrow lead over the tunnel.")
    assert poll.cue_text == "In"
    assert poll.speaker_text == "a new survey"
    assert poll.content_text == "the bridge plan has a narrow lead over the tunnel"
    assert _statements("The mayor is leading in the polls.") == ()


def test_how_things_seem_is_a_sourceless_statement() -> None:
    text = "The figures appear to be wrong."
    (appear,) = _statements(text)
    assert appear.cue_lemma == "appear"
    assert appear.source_type is SourceType.NONE
    assert "appear" in appear.hedges
    parts = content_parts(text, appear.content, appear.cue, appear.source)
    assert [text[s:e] for s, e in parts] == ["The figures", "to be wrong"]
    assert _statements("The minister appeared at a rally.") == ()


def test_seeing_as_is_a_view_but_seeing_is_not() -> None:
    (see,) = _statements("Voters see the bridge as a waste of money.")
    assert see.content_text == "the bridge as a waste of money"
    assert _statements("I saw a man running.") == ()


def test_cue_noun_object_of_a_verb_takes_its_subject() -> None:
    (concern,) = _statements("The senator raised concerns about the budget.")
    assert concern.cue_text == "concerns about"
    assert concern.speaker_text == "The senator"
    assert concern.content_text == "the budget"
    assert _statements("Cruz won the endorsement of the union.") == ()


def test_where_it_was_said_belongs_to_the_cue() -> None:
    (said,) = _statements("The ministry said in a statement that the talks had failed.")
    assert said.cue_text == "said in a statement"
    assert said.cue_lemma == "say"
    assert said.content_text == "that the talks had failed"


# --------------------------------------------------------------------------- stage


def test_stage_declares_its_layers() -> None:
    assert StatementsStage.requires == {"doc", "sentence_index", "actors", "times"}
    assert StatementsStage.assigns == {"statements"}
    with pytest.raises(PipelineError, match="actors"):
        Pipeline([CleanStage(), NlpStage(), StatementsStage()])


def test_stage_fills_statements(pipeline: Pipeline) -> None:
    analyzed = pipeline(
        Article.create(
            source="test",
            title="",
            text="Officials said the harbour would reopen.",
            published=TUESDAY,
        )
    )
    assert [s.cue_text for s in analyzed.statements] == ["said"]
