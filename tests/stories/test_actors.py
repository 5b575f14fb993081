"""Corpus-level actor resolution: the two samples, hand-made article actors, the demo."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from storyline.demo import demo_corpus
from storyline.errors import NotFoundError
from storyline.ingest import offline_fetcher, read_target
from storyline.ingest.common import parse_date
from storyline.model import Actor, ActorKind, AnalyzedArticle, Article, ArticleActor
from storyline.names.gazetteer import fold_text
from storyline.pipeline.actors.stage import ActorsStage
from storyline.pipeline.base import Pipeline
from storyline.pipeline.clean import CleanStage
from storyline.pipeline.nlp import NlpStage
from storyline.stories.actors import ActorIndex, resolve_actors
from tests.helpers import read_article

# --------------------------------------------------------------------------- samples


@pytest.fixture(scope="module")
def corpus(samples: dict[str, Path]) -> list[AnalyzedArticle]:
    pipeline = Pipeline([CleanStage(), NlpStage(), ActorsStage()])
    return [pipeline(read_article(samples[number])) for number in ("000", "004")]


@pytest.fixture(scope="module")
def index(corpus: list[AnalyzedArticle]) -> ActorIndex:
    return resolve_actors(corpus)


def by_name(index: ActorIndex, name: str) -> Actor:
    found = [a for a in index.actors if a.name == name]
    assert len(found) == 1, sorted(a.name for a in index.actors)
    return found[0]


def articles_of(actor: Actor) -> set[str]:
    return {article_id for article_id, _, _ in actor.mentions}


def test_putin_across_both_articles(index: ActorIndex, corpus: list[AnalyzedArticle]) -> None:
    putin = index.actor("person:vladimir-putin")
    assert putin.name == "Vladimir Putin"
    assert articles_of(putin) == {a.id for a in corpus}
    assert putin.roles[0] == "Russian President"
    assert {"Putin", "the Kremlin chief"} <= set(putin.aliases)
    assert len([a for a in index.actors if "Putin" in a.name]) == 1


def test_kim_jong_un_and_his_surname(index: ActorIndex, corpus: list[AnalyzedArticle]) -> None:
    kim = by_name(index, "Kim Jong Un")
    assert kim.id == "person:kim-jong-un"
    assert articles_of(kim) == {a.id for a in corpus}
    assert "Kim" in kim.aliases
    assert "North Korean leader" in kim.roles
    assert not [a for a in index.actors if a.name == "Kim"]


def test_lavrov_and_choe(index: ActorIndex) -> None:
    lavrov = by_name(index, "Sergei Lavrov")
    assert lavrov.roles == ("Russian Foreign Minister",)
    assert lavrov.country == "Russia"
    choe = [a for a in index.actors if fold_text(a.name).startswith("choe")]
    assert len(choe) == 1
    forms = {choe[0].name, *choe[0].aliases}
    assert {"Choe Son-hui", "Choe Son Hui", "Choe"} <= forms
    assert len(choe[0].mentions) == 3


def test_miller_is_a_spokesman(index: ActorIndex) -> None:
    miller = by_name(index, "Matthew Miller")
    assert any("spokesman" in role for role in miller.roles)
    assert miller.kind is ActorKind.PERSON


def test_countries_with_their_metonyms(index: ActorIndex, corpus: list[AnalyzedArticle]) -> None:
    russia = index.actor("country:russia")
    assert russia.kind is ActorKind.COUNTRY
    assert {"Moscow", "Kremlin"} <= set(russia.aliases)
    assert articles_of(russia) == {a.id for a in corpus}
    korea = index.actor("country:north-korea")
    assert "Pyongyang" in korea.aliases
    moscow = index.actor("place:moscow")
    assert (moscow.kind, moscow.country) == (ActorKind.PLACE, "Russia")


def test_every_mention_is_evidence(index: ActorIndex, corpus: list[AnalyzedArticle]) -> None:
    texts = {a.id: a.article.text for a in corpus}
    for actor in index.actors:
        forms = {fold_text(actor.name), *(fold_text(alias) for alias in actor.aliases)}
        for article_id, start, end in actor.mentions:
            assert fold_text(texts[article_id][start:end]) in forms, (actor.id, start)


def test_every_article_actor_has_a_corpus_actor(
    index: ActorIndex, corpus: list[AnalyzedArticle]
) -> None:
    ids = [a.id for a in index.actors]
    assert len(ids) == len(set(ids))
    for article in corpus:
        for actor in article.actors:
            actor_id = index.speaker_of(article.id, actor.key)
            assert actor_id is not None
            assert set(actor.mentions) <= {
                (s, e) for a, s, e in index.actor(actor_id).mentions if a == article.id
            }


# --------------------------------------------------------------------------- hand-made


def article_with(
    text: str, *actors: tuple[str, ActorKind, str | None, tuple[str, ...]]
) -> AnalyzedArticle:
    """An analyzed article whose actors are given as (name, kind, country, forms).

    Each form is found in ``text`` (in order) and becomes a mention.
    """
    article = Article.create(source="outlet", title=text[:20], text=text)
    built = []
    for number, (name, kind, country, forms) in enumerate(actors):
        mentions = []
        for form in forms:
            start = text.index(form)
            mentions.append((start, start + len(form)))
        aliases = tuple(dict.fromkeys(f for f in forms if f != name))
        built.append(
            ArticleActor(
                key=f"a{number}",
                name=name,
                kind=kind,
                mentions=tuple(mentions),
                aliases=aliases,
                country=country,
            )
        )
    return AnalyzedArticle(article=article, actors=tuple(built))


def test_hyphen_and_space_spellings_merge_across_articles() -> None:
    first = article_with(
        "Choe Son-hui spoke.", ("Choe Son-hui", ActorKind.PERSON, None, ("Choe Son-hui",))
    )
    second = article_with(
        "CHOE SON HUI left.", ("CHOE SON HUI", ActorKind.PERSON, None, ("CHOE SON HUI",))
    )
    index = resolve_actors([first, second])
    assert len(index.actors) == 1
    actor = index.actors[0]
    assert actor.name == "Choe Son-hui"  # as complete and as frequent: the first one
    assert actor.aliases == ("CHOE SON HUI",)
    assert index.speaker_of(second.id, "a0") == actor.id == "person:choe-son-hui"


def test_surname_joins_the_only_full_name() -> None:
    full = article_with(
        "Anna Berglund met Kim.", ("Anna Berglund", ActorKind.PERSON, "Sweden", ("Anna Berglund",))
    )
    short = article_with("Berglund said no.", ("Berglund", ActorKind.PERSON, None, ("Berglund",)))
    index = resolve_actors([full, short])
    assert [a.name for a in index.actors] == ["Anna Berglund"]
    assert index.speaker_of(short.id, "a0") == "person:anna-berglund"


def test_ambiguous_surname_stays_apart_unless_the_country_decides() -> None:
    people = article_with(
        "Kim Jong Un and Kim Yo Jong and Kim Chol Min.",
        ("Kim Jong Un", ActorKind.PERSON, "North Korea", ("Kim Jong Un",)),
        ("Kim Yo Jong", ActorKind.PERSON, "North Korea", ("Kim Yo Jong",)),
        ("Kim Chol Min", ActorKind.PERSON, "South Korea", ("Kim Chol Min",)),
    )
    vague = article_with("Kim spoke.", ("Kim", ActorKind.PERSON, "North Korea", ("Kim",)))
    southern = article_with("Kim replied.", ("Kim", ActorKind.PERSON, "South Korea", ("Kim",)))
    index = resolve_actors([people, vague, southern])
    assert index.speaker_of(vague.id, "a0") == "person:kim"
    assert index.speaker_of(southern.id, "a0") == "person:kim-chol-min"


def test_acronym_joins_its_organisation() -> None:
    long = article_with(
        "The International Atomic Energy Agency warned.",
        (
            "International Atomic Energy Agency",
            ActorKind.ORGANISATION,
            None,
            ("International Atomic Energy Agency",),
        ),
    )
    short = article_with("The IAEA warned.", ("IAEA", ActorKind.ORGANISATION, None, ("IAEA",)))
    index = resolve_actors([long, short])
    assert len(index.actors) == 1
    assert index.actors[0].name == "International Atomic Energy Agency"
    assert index.actors[0].aliases == ("IAEA",)


def test_short_organisation_name_joins_the_only_longer_one() -> None:
    apple = article_with("Apple sued.", ("Apple", ActorKind.ORGANISATION, None, ("Apple",)))
    inc = article_with(
        "Apple Inc. won.", ("Apple Inc.", ActorKind.ORGANISATION, None, ("Apple Inc.",))
    )
    index = resolve_actors([apple, inc])
    assert [a.name for a in index.actors] == ["Apple Inc."]
    corps = article_with(
        "Apple Corps lost.", ("Apple Corps", ActorKind.ORGANISATION, None, ("Apple Corps",))
    )
    assert len(resolve_actors([apple, inc, corps]).actors) == 3


def test_same_name_in_two_countries_stays_apart() -> None:
    russian = article_with(
        "The Foreign Ministry said.",
        ("Foreign Ministry", ActorKind.ORGANISATION, "Russia", ("Foreign Ministry",)),
    )
    korean = article_with(
        "The Foreign Ministry denied.",
        ("Foreign Ministry", ActorKind.ORGANISATION, "North Korea", ("Foreign Ministry",)),
    )
    unknown = article_with(
        "The Foreign Ministry wrote.",
        ("Foreign Ministry", ActorKind.ORGANISATION, None, ("Foreign Ministry",)),
    )
    index = resolve_actors([russian, korean, unknown])
    ids = {index.speaker_of(a.id, "a0") for a in (russian, korean, unknown)}
    assert len(ids) == 3
    assert {"organisation:foreign-ministry", "organisation:foreign-ministry-2"} <= ids
    only = resolve_actors([russian, unknown])
    assert [a.country for a in only.actors] == ["Russia"]


def test_roles_most_frequent_first_and_name_most_complete() -> None:
    articles = []
    for number, role in enumerate(
        ["President", "Russian President", "Russian President", "ex-spy"]
    ):
        text = f"Report {number}: Putin spoke. Vladimir Putin left."
        article = Article.create(source=f"outlet{number}", title=f"t{number}", text=text)
        start = text.index("Putin")
        actor = ArticleActor(
            key="putin",
            name="Vladimir Putin" if number else "Putin",
            kind=ActorKind.PERSON,
            mentions=((start, start + 5),),
            roles=(role,),
            role_spans=((0, 6),),
        )
        articles.append(AnalyzedArticle(article=article, actors=(actor,)))
    index = resolve_actors(articles)
    assert len(index.actors) == 1
    putin = index.actors[0]
    assert putin.name == "Vladimir Putin"
    assert putin.roles == ("Russian President", "ex-spy")  # "President" ends the first
    assert putin.aliases == ("Putin",)
    assert [m[0] for m in putin.mentions] == [a.id for a in articles]


def test_kinds_stay_apart_and_lookups_fail_cleanly() -> None:
    article = article_with(
        "Georgia said Georgia Smith was wrong.",
        ("Georgia", ActorKind.COUNTRY, "Georgia", ("Georgia",)),
        ("Georgia Smith", ActorKind.PERSON, None, ("Georgia Smith",)),
    )
    index = resolve_actors([article])
    assert {a.id for a in index.actors} == {"country:georgia", "person:georgia-smith"}
    with pytest.raises(NotFoundError):
        index.actor("person:nobody")
    assert index.speaker_of(article.id, None) is None
    assert index.speaker_of(article.id, "missing") is None


def test_empty_corpus() -> None:
    index = resolve_actors([])
    assert index.actors == ()
    assert len(index) == 0


# --------------------------------------------------------------------------- name choice


def test_name_is_the_form_most_articles_write() -> None:
    # one article writes the spaced form three times, two write the hyphenated one
    text = "Lars Erik Brandt spoke. Lars Erik Brandt left. Lars Erik Brandt came back."
    starts = [i for i in range(len(text)) if text.startswith("Lars Erik Brandt", i)]
    spaced = AnalyzedArticle(
        article=Article.create(source="outlet", title="spaced", text=text),
        actors=(
            ArticleActor(
                key="a0",
                name="Lars Erik Brandt",
                kind=ActorKind.PERSON,
                mentions=tuple((s, s + len("Lars Erik Brandt")) for s in starts),
            ),
        ),
    )
    hyphenated = [
        article_with(
            f"Lars-Erik Brandt said no in report {n}.",
            ("Lars-Erik Brandt", ActorKind.PERSON, None, ("Lars-Erik Brandt",)),
        )
        for n in (1, 2)
    ]
    index = resolve_actors([spaced, *hyphenated])
    assert len(index.actors) == 1
    assert index.actors[0].name == "Lars-Erik Brandt"
    assert index.actors[0].aliases == ("Lars Erik Brandt",)


def test_name_tie_goes_to_diacritics_and_hyphens() -> None:
    plain = article_with(
        "Tomas Ferreira said so.", ("Tomas Ferreira", ActorKind.PERSON, None, ("Tomas Ferreira",))
    )
    accented = article_with(
        "Tomás Ferreira said so.", ("Tomás Ferreira", ActorKind.PERSON, None, ("Tomás Ferreira",))
    )
    index = resolve_actors([plain, accented])  # the plain form comes first
    assert [a.name for a in index.actors] == ["Tomás Ferreira"]
    assert index.actors[0].aliases == ("Tomas Ferreira",)  # a spelling a reader may type


def test_a_spelling_stays_whether_one_article_or_two_write_it() -> None:
    # both levels keep "Tomas" beside "Tomás" (names.merging): the corpus actor does
    # not depend on which articles wrote which spelling
    pipeline = Pipeline([CleanStage(), NlpStage(), ActorsStage()])
    both = "Hydrologist Tomas Ferreira warned that the river would rise. Tomás Ferreira said so."
    one = pipeline(Article.create(source="outlet", title="both", text=both))
    plain = pipeline(Article.create(source="outlet", title="a", text="Tomas Ferreira warned."))
    accented = pipeline(Article.create(source="outlet", title="b", text="Tomás Ferreira said so."))
    for articles in ([one], [plain, accented]):
        (actor,) = resolve_actors(articles).actors
        assert (actor.name, actor.aliases) == ("Tomás Ferreira", ("Tomas Ferreira",))


def test_a_role_inside_a_longer_role_is_left_out() -> None:
    articles = []
    for number, role in enumerate(["hydrologist", "Hydrologist, University of Brenham"]):
        text = f"Report {number}: Tomás Ferreira spoke."
        start = text.index("Tomás")
        actor = ArticleActor(
            key="a0",
            name="Tomás Ferreira",
            kind=ActorKind.PERSON,
            mentions=((start, start + len("Tomás Ferreira")),),
            roles=(role,),
            role_spans=((0, 6),),
        )
        article = Article.create(source=f"outlet{number}", title=f"t{number}", text=text)
        articles.append(AnalyzedArticle(article=article, actors=(actor,)))
    index = resolve_actors(articles)
    assert index.actors[0].roles == ("Hydrologist, University of Brenham",)


def test_an_organisation_named_with_and_without_its_country() -> None:
    name = "Russian Foreign Ministry"
    long = article_with(f"The {name} said.", (name, ActorKind.ORGANISATION, "Russia", (name,)))
    short = article_with(
        "The Foreign Ministry said.",
        ("Foreign Ministry", ActorKind.ORGANISATION, "Russia", ("Foreign Ministry",)),
    )
    korean = article_with(
        "The Foreign Ministry denied.",
        ("Foreign Ministry", ActorKind.ORGANISATION, "North Korea", ("Foreign Ministry",)),
    )
    index = resolve_actors([long, short, korean])
    russian = index.speaker_of(short.id, "a0")
    assert russian == index.speaker_of(long.id, "a0")
    assert index.actor(russian or "").name == "Russian Foreign Ministry"
    assert index.speaker_of(korean.id, "a0") != russian


def test_capital_aliases_of_a_country_are_government_uses(
    index: ActorIndex, corpus: list[AnalyzedArticle]
) -> None:
    texts = {a.id: a.article.text for a in corpus}
    russia = index.actor("country:russia")
    moscow = index.actor("place:moscow")
    for article_id, start, end in russia.mentions:
        if texts[article_id][start:end] == "Moscow":
            assert not texts[article_id][:start].endswith(("in ", "to "))
    assert moscow.name == "Moscow"
    assert moscow.aliases == ()
    for article_id, start, _ in moscow.mentions:
        assert texts[article_id][:start].endswith("in ")


# --------------------------------------------------------------------------- demo corpus


@pytest.fixture(scope="module")
def demo_index() -> ActorIndex:
    pipeline = Pipeline([CleanStage(), NlpStage(), ActorsStage()])
    articles = []
    for path, published in demo_corpus():
        for result in read_target(
            str(path), published=parse_date(published), fetch=offline_fetcher
        ):
            assert result.article is not None, result.error
            articles.append(pipeline(result.article))
    return resolve_actors(articles)


def test_demo_kinds_and_roles(demo_index: ActorIndex) -> None:
    kinds = {a.name: a.kind for a in demo_index.actors}
    assert kinds["Brenham Falls"] is ActorKind.PLACE  # spaCy: PERSON
    # "documents seen by Valley Wire" in Valley Wire's own article: the outlet reporting
    # the story is no actor of it (spaCy: LOC)
    assert "Valley Wire" not in kinds
    brandt = by_name(demo_index, "Lars-Erik Brandt")  # spaCy: PRODUCT in one article
    assert len(articles_of(brandt)) == 3
    assert brandt.roles == ("chief executive of Halvorsen Chemicals",)
    assert by_name(demo_index, "Hanne Vik").roles == ("Committee chair",)
    ferreira = by_name(demo_index, "Tomás Ferreira")
    assert ferreira.roles == ("Hydrologist, University of Brenham",)


# --------------------------------------------------------------------------- people apart


def test_people_of_one_surname_with_other_first_names_stay_apart() -> None:
    husband = article_with(
        "Mr Varn left. Osric Varn spoke.",
        ("Osric Varn", ActorKind.PERSON, "Ruritania", ("Osric Varn", "Varn")),
    )
    wife = article_with(
        "Mirela Varn wrote.", ("Mirela Varn", ActorKind.PERSON, "Ruritania", ("Mirela Varn",))
    )
    titled = article_with("Mrs Varn agreed.", ("Varn", ActorKind.PERSON, "Ruritania", ("Varn",)))
    index = resolve_actors([husband, wife, titled])
    assert index.speaker_of(husband.id, "a0") != index.speaker_of(wife.id, "a0")
    # "Mrs Varn" is not the man another article calls "Mr Varn"
    assert index.speaker_of(titled.id, "a0") == index.speaker_of(wife.id, "a0")
    assert "Mirela Varn" not in index.actor("person:osric-varn").aliases


def test_middle_initials_keep_father_and_son_apart() -> None:
    father = article_with(
        "Edmund H. W. Tallis ruled.",
        ("Edmund H. W. Tallis", ActorKind.PERSON, None, ("Edmund H. W. Tallis",)),
    )
    son = article_with(
        "Edmund W. Tallis ruled.",
        ("Edmund W. Tallis", ActorKind.PERSON, None, ("Edmund W. Tallis",)),
    )
    vague = article_with(
        "Edmund Tallis ruled.", ("Edmund Tallis", ActorKind.PERSON, None, ("Edmund Tallis",))
    )
    index = resolve_actors([father, son, vague])
    ids = {index.speaker_of(a.id, "a0") for a in (father, son, vague)}
    assert len(ids) == 3  # "Edmund Tallis" could be either: it joins neither
    index = resolve_actors([son, vague])
    assert index.speaker_of(vague.id, "a0") == index.speaker_of(son.id, "a0")
    assert index.actors[0].name == "Edmund W. Tallis"


def test_father_and_junior_stay_apart() -> None:
    father = article_with(
        "Corwin Hale spoke.", ("Corwin Hale", ActorKind.PERSON, None, ("Corwin Hale",))
    )
    son = article_with(
        "Corwin Hale Jr. spoke.", ("Corwin Hale Jr.", ActorKind.PERSON, None, ("Corwin Hale Jr.",))
    )
    index = resolve_actors([father, son])
    assert len(index.actors) == 2


def test_titled_surname_joins_the_one_holder_of_its_role() -> None:
    president = replace_roles(
        article_with(
            "Dorian Kell won. Ada Kell cheered.",
            ("Dorian Kell", ActorKind.PERSON, "Ruritania", ("Dorian Kell",)),
            ("Ada Kell", ActorKind.PERSON, "Ruritania", ("Ada Kell",)),
        ),
        {"a0": ("President",)},
    )
    titled = replace_roles(
        article_with("President Kell spoke.", ("Kell", ActorKind.PERSON, "Ruritania", ("Kell",))),
        {"a0": ("President",)},
    )
    index = resolve_actors([president, titled])
    assert index.speaker_of(titled.id, "a0") == "person:dorian-kell"
    assert index.actor("person:ada-kell").roles == ()


def test_a_person_spacy_called_an_organisation_joins_the_person() -> None:
    full = article_with(
        "Dorian Kell spoke. Kell left.",
        ("Dorian Kell", ActorKind.PERSON, None, ("Dorian Kell", "Kell")),
    )
    mislabelled = article_with("Kell said no.", ("Kell", ActorKind.ORGANISATION, None, ("Kell",)))
    named = article_with(
        "Dorian Kell said no.", ("Dorian Kell", ActorKind.ORGANISATION, None, ("Dorian Kell",))
    )
    index = resolve_actors([full, mislabelled, named])
    assert [a.id for a in index.actors] == ["person:dorian-kell"]
    assert index.speaker_of(mislabelled.id, "a0") == "person:dorian-kell"


def replace_roles(analyzed: AnalyzedArticle, roles: dict[str, tuple[str, ...]]) -> AnalyzedArticle:
    actors = tuple(dataclasses.replace(a, roles=roles.get(a.key, a.roles)) for a in analyzed.actors)
    return dataclasses.replace(analyzed, actors=actors)
