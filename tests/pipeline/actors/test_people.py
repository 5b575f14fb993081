"""People of one article: surnames, initials, honorifics and spaCy's labels (fictional)."""

from __future__ import annotations

from storyline.model import ActorKind, ArticleActor
from tests.pipeline.actors.test_labels import actors_with, only


def people(actors: tuple[ArticleActor, ...]) -> dict[str, tuple[str, ...]]:
    return {a.name: a.aliases for a in actors if a.kind is ActorKind.PERSON}


def test_two_people_of_one_surname_stay_apart_and_honorifics_decide() -> None:
    text = (
        "Mirela Varn arrived with her husband Osric Varn. Mr Varn spoke first. "
        "Later Mrs Varn said the trip was over."
    )
    labels = (
        ("Mirela Varn", "PERSON"),
        ("Osric Varn", "PERSON"),
        ("Varn", "PERSON"),
        ("Varn", "PERSON"),
    )
    actors = actors_with(text, labels)
    assert set(people(actors)) == {"Osric Varn", "Mirela Varn"}
    osric, mirela = only(actors, "Osric Varn"), only(actors, "Mirela Varn")
    assert "Mirela Varn" not in osric.aliases
    # "Mr Varn" is the nearest full name before; "Mrs Varn" is nearest to him too, but
    # the honorifics say she is not him
    mr, mrs = text.index("Mr Varn") + 3, text.index("Mrs Varn") + 4
    assert (mr, mr + 4) in osric.mentions
    assert (mrs, mrs + 4) in mirela.mentions


def test_middle_initials_keep_father_and_son_apart() -> None:
    text = "Edmund H. W. Tallis praised his son Edmund W. Tallis on Sunday."
    found = people(
        actors_with(text, (("Edmund H. W. Tallis", "PERSON"), ("Edmund W. Tallis", "PERSON")))
    )
    assert set(found) == {"Edmund H. W. Tallis", "Edmund W. Tallis"}


def test_a_less_complete_name_joins_the_one_it_fits() -> None:
    text = "Ada M. Kell was named on Monday. Ada Kell said she was honoured."
    found = people(actors_with(text, (("Ada M. Kell", "PERSON"), ("Ada Kell", "PERSON"))))
    assert found == {"Ada M. Kell": ("Ada Kell",)}


def test_title_and_surname_join_the_one_full_name() -> None:
    text = "Dorian Kell won the vote. President Kell said on Monday he would travel."
    actors = actors_with(text, (("Dorian Kell", "PERSON"), ("President Kell", "PERSON")))
    assert list(people(actors)) == ["Dorian Kell"]
    kell = only(actors, "Dorian Kell")
    start = text.index("President Kell") + len("President ")
    assert (start, start + 4) in kell.mentions


def test_spacy_label_corrected_when_the_name_is_a_person_in_the_article() -> None:
    text = "Dorian Kell won the vote. Kell said on Monday he would travel."
    actors = actors_with(text, (("Dorian Kell", "PERSON"), ("Kell", "ORG")))
    assert [(a.name, a.kind) for a in actors] == [("Dorian Kell", ActorKind.PERSON)]


def test_a_role_noun_links_to_the_one_holder_of_the_role() -> None:
    text = (
        "Finance Minister Ivo Marren questioned Senator Lise Orvik. "
        "The finance minister said on Monday the inquiry would go on."
    )
    actors = actors_with(text, (("Ivo Marren", "PERSON"), ("Lise Orvik", "PERSON")))
    marren = only(actors, "Ivo Marren")
    start = text.index("The finance minister")
    assert any(s >= start for s, _ in marren.mentions), marren
    assert all(s < start for s, _ in only(actors, "Lise Orvik").mentions)


def test_a_role_noun_two_people_hold_stays_unlinked() -> None:
    text = "Senator Lise Orvik met Senator Ada Kell. The senator said no."
    actors = actors_with(text, (("Lise Orvik", "PERSON"), ("Ada Kell", "PERSON")))
    start = text.index("The senator")
    assert all(s < start for a in actors for s, _ in a.mentions)
