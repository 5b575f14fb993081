"""The actors stage on the two sample articles and on small hand-written texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.errors import PipelineError
from storyline.model import ActorKind, AnalyzedArticle, Article, ArticleActor
from storyline.names.gazetteer import fold_text
from storyline.names.spans import actor_for_span
from storyline.pipeline.actors.stage import ActorsStage
from storyline.pipeline.base import Annotation, Pipeline
from storyline.pipeline.clean import CleanStage
from storyline.pipeline.nlp import NlpStage
from tests.helpers import read_article


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline([CleanStage(), NlpStage(), ActorsStage()])


@pytest.fixture(scope="module")
def analyzed(pipeline: Pipeline, samples: dict[str, Path]) -> dict[str, AnalyzedArticle]:
    return {number: pipeline(read_article(path)) for number, path in samples.items()}


def analyze(pipeline: Pipeline, text: str) -> AnalyzedArticle:
    return pipeline(Article.create(source="test", title="A test", text=text))


def named(article: AnalyzedArticle, name: str) -> ArticleActor:
    found = [a for a in article.actors if a.name == name]
    assert len(found) == 1, [a.name for a in article.actors]
    return found[0]


def mention_texts(article: AnalyzedArticle, actor: ArticleActor) -> list[str]:
    return [article.span_text(start, end) for start, end in actor.mentions]


def covered(actor: ArticleActor, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in actor.mentions)


# --------------------------------------------------------------------------- samples


@pytest.mark.parametrize("number", ["000", "004"])
def test_every_putin_is_one_actor(analyzed: dict[str, AnalyzedArticle], number: str) -> None:
    article = analyzed[number]
    putin = named(article, "Vladimir Putin")
    assert putin.kind is ActorKind.PERSON
    assert "Putin" in putin.aliases
    assert "Russian President" in putin.roles
    assert putin.country == "Russia"
    for match in re.finditer(r"\bPutin\b", article.article.text):
        assert covered(putin, *match.span()), match.start()


def test_possessive_is_left_out_of_the_span(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["000"]
    start = article.article.text.index("Putin’s trip")
    assert (start, start + len("Putin")) in named(article, "Vladimir Putin").mentions
    korea = named(article, "North Korea")
    assert all(not text.endswith(("’s", "'s")) for text in mention_texts(article, korea))


def test_choe_spellings_and_surname_are_one_person(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["000"]
    choe = [a for a in article.actors if a.name in ("Choe Son-hui", "Choe Son Hui")]
    assert len(choe) == 1
    texts = mention_texts(article, choe[0])
    assert {"Choe Son-hui", "Choe Son Hui", "Choe"} <= set(texts)
    assert choe[0].roles[0] == "North Korean Foreign Minister"
    assert choe[0].country == "North Korea"


def test_lavrov_is_a_person_with_his_role(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["000"]
    lavrov = named(article, "Sergei Lavrov")
    assert lavrov.kind is ActorKind.PERSON
    assert "Lavrov" in mention_texts(article, lavrov)  # spaCy tags this one ORG
    assert lavrov.roles == ("Russian Foreign Minister",)
    assert article.span_text(*lavrov.role_spans[0]) == "Russian Foreign Minister"


def test_kim_surname_and_descriptions(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["004"]
    kim = named(article, "Kim Jong Un")
    texts = mention_texts(article, kim)
    assert texts.count("Kim") == 2
    assert "the North Korean leader" in kim.aliases
    assert kim.roles[:2] == ("North Korean leader", "ruler")


def test_kremlin_chief_is_putin(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["004"]
    putin = named(article, "Vladimir Putin")
    assert "the Kremlin chief" in putin.aliases
    assert "the Russian president" in putin.aliases
    start = article.article.text.index("The Kremlin chief")
    assert actor_for_span(article.actors, start, start + len("The Kremlin chief")) is putin


def test_spokesman_role(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["004"]
    miller = named(article, "Matthew Miller")
    assert miller.roles == ("US State Department spokesman",)
    assert miller.country == "United States"
    department = named(article, "US State Department")
    assert department.kind is ActorKind.ORGANISATION
    assert department.country == "United States"


def test_capitals_and_seats_stand_for_countries(analyzed: dict[str, AnalyzedArticle]) -> None:
    first, second = analyzed["000"], analyzed["004"]
    assert "Moscow" in named(first, "Russia").aliases
    assert "Pyongyang" in named(first, "North Korea").aliases
    russia = named(second, "Russia")
    assert {"Kremlin", "Moscow"} <= set(russia.aliases)
    assert russia.kind is ActorKind.COUNTRY
    assert russia.country == "Russia"
    text = second.article.text
    start = text.index("Moscow said")
    assert actor_for_span(second.actors, start, start + len("Moscow")) is russia


def test_the_capital_described(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["004"]
    pyongyang = named(article, "Pyongyang")
    assert pyongyang.kind is ActorKind.PLACE
    assert "the North Korean capital" in pyongyang.aliases


def test_a_capital_as_a_place_stays_a_place(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["000"]
    moscow = named(article, "Moscow")
    assert moscow.kind is ActorKind.PLACE
    assert moscow.country == "Russia"
    start = article.article.text.index("relations in Moscow") + len("relations in ")
    assert moscow.mentions == ((start, start + len("Moscow")),)


def test_parenthesis_names_the_same_country(analyzed: dict[str, AnalyzedArticle]) -> None:
    article = analyzed["004"]
    korea = named(article, "North Korea")
    assert "People’s Republic" in korea.aliases
    assert not [a for a in article.actors if "Republic" in a.name]


def test_publications_are_organisations(analyzed: dict[str, AnalyzedArticle]) -> None:
    paper = named(analyzed["004"], "Rodong Sinmun")  # spaCy tags it PERSON
    assert paper.kind is ActorKind.ORGANISATION
    assert paper.country == "North Korea"
    assert len(paper.mentions) == 2
    agency = named(analyzed["000"], "KCNA")
    assert agency.kind is ActorKind.ORGANISATION
    assert agency.country == "North Korea"


def test_demonyms_are_not_actors(analyzed: dict[str, AnalyzedArticle]) -> None:
    for article in analyzed.values():
        names = {actor.name for actor in article.actors}
        assert not names & {"Russian", "North Korean", "Korean", "Western"}


@pytest.mark.parametrize("number", ["000", "004"])
def test_every_span_is_its_evidence(analyzed: dict[str, AnalyzedArticle], number: str) -> None:
    article = analyzed[number]
    keys = [actor.key for actor in article.actors]
    assert len(keys) == len(set(keys))
    for actor in article.actors:
        forms = {fold_text(actor.name), *(fold_text(alias) for alias in actor.aliases)}
        for start, end in actor.mentions:
            assert fold_text(article.span_text(start, end)) in forms, (actor.key, start)
        assert len(actor.roles) == len(actor.role_spans)
        for role, (start, end) in zip(actor.roles, actor.role_spans, strict=True):
            written = article.span_text(start, end)
            # as written, or with its owner ("... of X") or affiliation (", X") added
            assert role == written or role.startswith((f"{written} of ", f"{written}, "))


def test_the_foreign_ministry_belongs_to_the_country_acting(
    analyzed: dict[str, AnalyzedArticle],
) -> None:
    ministry = named(analyzed["004"], "Foreign Ministry")
    assert ministry.kind is ActorKind.ORGANISATION
    assert ministry.country == "Russia"  # "Moscow said ... the Foreign Ministry’s treaty"


def test_capital_aliases_are_government_uses_only(analyzed: dict[str, AnalyzedArticle]) -> None:
    for article in analyzed.values():
        text = article.article.text
        russia = named(article, "Russia")
        for start, end in russia.mentions:
            if text[start:end] == "Moscow":
                assert not text[:start].endswith(("in ", "to ")), text[start - 30 : end]
        places = [a for a in article.actors if a.kind is ActorKind.PLACE and a.name == "Moscow"]
        for place in places:
            assert place.aliases == ()
            assert {text[s:e] for s, e in place.mentions} == {"Moscow"}


# --------------------------------------------------------------------------- hand-written


def test_capital_as_government_and_as_place(pipeline: Pipeline) -> None:
    article = analyze(pipeline, "Moscow rejected the plan. Talks will be held in Moscow soon.")
    russia = named(article, "Russia")
    place = named(article, "Moscow")
    assert russia.mentions == ((0, 6),)
    assert place.kind is ActorKind.PLACE
    assert mention_texts(article, place) == ["Moscow"]
    assert place.mentions[0][0] > 6


def test_government_seat_and_possessive(pipeline: Pipeline) -> None:
    article = analyze(
        pipeline, "The White House said the plan was dead. Brazil’s president was silent."
    )
    assert mention_texts(article, named(article, "United States")) == ["White House"]
    assert mention_texts(article, named(article, "Brazil")) == ["Brazil"]


def test_apposition_role_and_surname(pipeline: Pipeline) -> None:
    article = analyze(
        pipeline,
        "Maria Jensen, a spokeswoman for the Danish Foreign Ministry, said the talks had "
        "failed. Jensen gave no details.",
    )
    jensen = named(article, "Maria Jensen")
    assert mention_texts(article, jensen) == ["Maria Jensen", "Jensen"]
    assert jensen.roles == ("spokeswoman for the Danish Foreign Ministry",)
    assert jensen.country == "Denmark"


def test_acronym_in_parenthesis(pipeline: Pipeline) -> None:
    article = analyze(
        pipeline,
        "The International Atomic Energy Agency (IAEA) sent inspectors. The IAEA said the "
        "site was closed.",
    )
    agency = named(article, "International Atomic Energy Agency")
    assert mention_texts(article, agency).count("IAEA") == 2
    assert agency.roles == ()


def test_short_organisation_name(pipeline: Pipeline) -> None:
    article = analyze(
        pipeline,
        "Shares of Microsoft Corporation fell on Monday. Microsoft said its sales had grown.",
    )
    company = named(article, "Microsoft Corporation")
    assert mention_texts(article, company) == ["Microsoft Corporation", "Microsoft"]


def test_government_noun_phrase_is_the_country(pipeline: Pipeline) -> None:
    article = analyze(pipeline, "The Russian government denied the report. Russian flags flew.")
    assert [a.name for a in article.actors] == ["Russia"]
    assert named(article, "Russia").aliases == ("the Russian government",)


def test_description_needs_a_matching_role(pipeline: Pipeline) -> None:
    article = analyze(
        pipeline,
        "Italian Prime Minister Lucia Ferri visited Paris. The Italian prime minister "
        "praised France. The French president did not attend.",
    )
    ferri = named(article, "Lucia Ferri")
    assert ferri.aliases == ("the Italian prime minister",)
    assert named(article, "Paris").kind is ActorKind.PLACE  # "visited Paris"
    assert all("French president" not in alias for a in article.actors for alias in a.aliases)


def test_titles_with_of(pipeline: Pipeline) -> None:
    article = analyze(
        pipeline,
        "Secretary of State Tom Varga met Chinese Foreign Minister Li Qiang in Beijing. "
        "Varga, the top US diplomat, said little.",
    )
    varga = named(article, "Tom Varga")
    assert varga.roles[0] == "Secretary of State"
    assert varga.country == "United States"
    assert not [a for a in article.actors if a.name == "State"]


def test_shared_surname_goes_to_the_nearest_full_name_before(pipeline: Pipeline) -> None:
    article = analyze(
        pipeline,
        "North Korean leader Kim Jong Un inspected a factory. His sister Kim Yo Jong issued "
        "a statement on Friday. Kim said the drills were a provocation.",
    )
    sister = named(article, "Kim Yo Jong")
    assert mention_texts(article, sister) == ["Kim Yo Jong", "Kim"]
    assert mention_texts(article, named(article, "Kim Jong Un")) == ["Kim Jong Un"]


def test_photo_credit_and_royal_title(pipeline: Pipeline) -> None:
    article = analyze(
        pipeline, "Prince Harry visited Kyiv on Monday.\n\nMarkus Schreiber/AP\n\nHe left."
    )
    assert [a.name for a in article.actors if a.kind is ActorKind.PERSON] == ["Prince Harry"]


def roles_of(pipeline: Pipeline, text: str, name: str) -> tuple[str, ...]:
    return named(analyze(pipeline, text), name).roles


def test_role_noun_the_parse_attached_elsewhere(pipeline: Pipeline) -> None:
    # the model parses "chair" as the subject here, not as a title of the name
    text = (
        "Marta Lund told the committee that the firm would pay.\n\n"
        "Committee chair Hanne Vik said the company had ignored warnings."
    )
    assert roles_of(pipeline, text, "Hanne Vik") == ("Committee chair",)


def test_role_nouns_by_their_ending(pipeline: Pipeline) -> None:
    text = "The samples contained the same solvent, hydrologist Tomas Ferreira said."
    assert roles_of(pipeline, text, "Tomas Ferreira") == ("hydrologist",)


def test_affiliation_after_the_name(pipeline: Pipeline) -> None:
    text = (
        "Hydrologist Tomás Ferreira of the University of Brenham said the pattern pointed "
        "to a single discharge."
    )
    article = analyze(pipeline, text)
    assert named(article, "Tomás Ferreira").roles == ("Hydrologist, University of Brenham",)
    assert named(article, "University of Brenham").kind is ActorKind.ORGANISATION


def test_possessive_role_without_an_owner_in_sight(pipeline: Pipeline) -> None:
    text = "Lars Erik Brandt, the company’s chief executive, acknowledged that a valve failed."
    assert roles_of(pipeline, text, "Lars Erik Brandt") == ("chief executive",)


def test_possessive_role_with_its_owner(pipeline: Pipeline) -> None:
    text = (
        "Tests linked the spill to the Oslo Fjord Shipping terminal, the authority said.\n\n"
        "The samples matched, an expert said.\n\n"
        "Lars Erik Brandt, the company’s chief executive, acknowledged that a valve failed."
    )
    article = analyze(pipeline, text)
    brandt = named(article, "Lars Erik Brandt")
    assert brandt.roles == ("chief executive of Oslo Fjord Shipping",)
    assert brandt.country is None  # not Norway: "Oslo" is part of the company's name


def test_generic_owner_noun_in_a_title(pipeline: Pipeline) -> None:
    owned = (
        "Halvorsen Chemicals rejected the accusations. Company spokeswoman Ingrid Solberg "
        "said the plant had passed an inspection."
    )
    assert roles_of(pipeline, owned, "Ingrid Solberg") == ("spokeswoman of Halvorsen Chemicals",)
    alone = "Company spokeswoman Ingrid Solberg said the plant had passed an inspection."
    assert roles_of(pipeline, alone, "Ingrid Solberg") == ("Company spokeswoman",)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Moscow said the Foreign Ministry had drafted a treaty with Vietnam.", "Russia"),
        ("Moscow and Beijing said the Foreign Ministry would respond.", None),
        ("Talks were held in Moscow, and the Foreign Ministry said nothing.", None),
    ],
)
def test_an_unplaced_ministry_takes_the_one_acting_country(
    pipeline: Pipeline, text: str, country: str | None
) -> None:
    assert named(analyze(pipeline, text), "Foreign Ministry").country == country


@pytest.mark.parametrize("text", ["...", "Hello there.", "it is 5 o'clock, 12 % of 3"])
def test_texts_without_actors(pipeline: Pipeline, text: str) -> None:
    assert analyze(pipeline, text).actors == ()


def test_spellings_with_and_without_diacritics(pipeline: Pipeline) -> None:
    # the corpus level takes the same policy (names.merging): the name written with
    # care wins a tie, and the plain spelling stays an alias a reader may search for
    article = analyze(
        pipeline,
        "Hydrologist Tomas Ferreira warned on Monday that the river would rise. "
        "Later, Tomás Ferreira said the levees would hold.",
    )
    ferreira = named(article, "Tomás Ferreira")
    assert ferreira.aliases == ("Tomas Ferreira",)
    assert mention_texts(article, ferreira) == ["Tomas Ferreira", "Tomás Ferreira"]


def test_stage_declares_its_layers() -> None:
    assert ActorsStage.requires == {"doc", "sentence_index", "entities", "article.source"}
    assert ActorsStage.assigns == {"actors"}
    with pytest.raises(PipelineError, match="actors"):
        Pipeline([CleanStage(), ActorsStage()])


def test_stage_without_doc_is_a_clear_error() -> None:
    annotation = Annotation(Article.create(source="s", title="t", text="Some text."))
    with pytest.raises(PipelineError, match="spaCy doc"):
        ActorsStage()(annotation)
