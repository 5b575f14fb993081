"""The two sample articles, end to end: the acceptance checks of the foundation issue."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storyline.model import ActorKind, AnalyzedArticle, Polarity
from storyline.service import Storyline
from storyline.store import open_store
from storyline.stories.dossier import Dossier
from storyline.stories.export import export_json

from .helpers import assert_export_spans_match

DATES = {"000": date(2024, 1, 20), "004": date(2024, 6, 18)}


@pytest.fixture(scope="module")
def app(samples: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Storyline:
    app = Storyline(open_store(tmp_path_factory.mktemp("samples") / "s.db"))
    results = []
    for number, published in DATES.items():
        results += app.read([str(samples[number])], published=published)
    report = app.store_results(results)
    assert len(report.stored) == 2, report
    return app


@pytest.fixture(scope="module")
def articles(app: Storyline) -> dict[str, AnalyzedArticle]:
    by_date = {a.article.published: a for a in app.articles()}
    return {number: by_date[published] for number, published in DATES.items()}


@pytest.fixture(scope="module")
def dossier(app: Storyline, articles: dict[str, AnalyzedArticle]) -> Dossier:
    grouping = app.grouping()
    wanted = {a.id for a in articles.values()}
    holding = [s for s in grouping.storylines if wanted <= set(s.article_ids)]
    assert len(holding) == 1, grouping
    return app.dossier(holding[0].id)


def test_titles_and_outlets(articles: dict[str, AnalyzedArticle]) -> None:
    assert articles["000"].article.title == "“Closest friend”: North Korea awaits Putin"
    assert articles["000"].article.source == "site-34"
    assert articles["004"].article.title == (
        "Before foreign trip: Fight against Ukraine: Putin praises North Korea’s support"
    )
    assert articles["004"].article.source == "site-3"


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Listen to article",
        "artificially generated",
        "Send feedback",
        "©",
        "Zemlianichenko",
        "AP/dpa",
        "source site",
        "Closest friend",
        "Before travelling abroad",
    ],
)
def test_no_boilerplate_left(articles: dict[str, AnalyzedArticle], boilerplate: str) -> None:
    for analyzed in articles.values():
        assert boilerplate not in analyzed.article.text


def test_no_trailing_byline(articles: dict[str, AnalyzedArticle]) -> None:
    text = articles["004"].article.text
    assert text.endswith("not controlled by the West.”")
    assert articles["000"].article.text.endswith("missile programs.")


def test_subheadings_are_headings(articles: dict[str, AnalyzedArticle]) -> None:
    analyzed = articles["004"]
    headings = [analyzed.span_text(b.start, b.end) for b in analyzed.blocks if b.kind == "heading"]
    assert headings == ["Moscow’s close ties to Pyongyang", "Comprehensive cooperation agreement"]
    for sentence in analyzed.sentences:
        assert "\n" not in analyzed.span_text(sentence.start, sentence.end)


def test_one_storyline_holds_both(dossier: Dossier, articles: dict[str, AnalyzedArticle]) -> None:
    assert {a.id for a in dossier.articles} == {a.id for a in articles.values()}
    assert set(dossier.outlets) == {"site-34", "site-3"}


def _actor(dossier: Dossier, name: str) -> Any:
    found = [a for a in dossier.actors if a.name == name]
    assert len(found) == 1, [a.name for a in dossier.actors]
    return found[0]


def test_key_actors(dossier: Dossier) -> None:
    putin = _actor(dossier, "Vladimir Putin")
    assert putin.kind is ActorKind.PERSON
    assert {m[0] for m in putin.mentions} == {a.id for a in dossier.articles}
    assert _actor(dossier, "Kim Jong Un").kind is ActorKind.PERSON
    lavrov = _actor(dossier, "Sergei Lavrov")
    assert "Russian Foreign Minister" in lavrov.roles


def test_choe_spellings_are_one_actor(dossier: Dossier) -> None:
    choes = [a for a in dossier.actors if "choe" in a.name.casefold()]
    assert len(choes) == 1
    names = {choes[0].name, *choes[0].aliases}
    assert {"Choe Son-hui", "Choe Son Hui"} <= names


def test_miller_claim_is_attributed_to_him(dossier: Dossier) -> None:
    miller = _actor(dossier, "Matthew Miller")
    assert any("spokesman" in role for role in miller.roles)
    claims = [e for e in dossier.ledger if "ballistic missiles" in e.content_text]
    claims = [e for e in claims if "containers" in e.content_text]
    assert len(claims) == 1
    assert claims[0].speaker_id == miller.id
    statement = claims[0].reports[0][1]
    assert statement.speaker_text == "US State Department spokesman Matthew Miller"
    assert statement.cue_text == "said"
    assert statement.event_time == "2024-06-17"


def test_denial(dossier: Dossier) -> None:
    denials = [e for e in dossier.ledger if e.polarity is Polarity.DENY]
    texts = [e.content_text for e in denials]
    assert any("arms deals" in t for t in texts), texts
    denial = next(e for e in denials if "arms deals" in e.content_text)
    assert denial.speaker_text == "Both countries"


def _time(analyzed: AnalyzedArticle, text: str) -> Any:
    found = [t for t in analyzed.times if t.text == text]
    assert found, [t.text for t in analyzed.times]
    return found[0]


def test_times_normalized_against_publication(articles: dict[str, AnalyzedArticle]) -> None:
    assert _time(articles["000"], "September 2023").value == "2023-09"
    assert _time(articles["000"], "Last week").value == "2024-W02"
    monday = _time(articles["004"], "Monday")
    assert monday.value == "2024-06-17"
    assert articles["004"].span_text(monday.start - 3, monday.end) == "on Monday"
    days = _time(articles["004"], "Tuesday to Wednesday")
    assert (days.value, days.end_value) == ("2024-06-18", "2024-06-19")


def test_timeline_keeps_event_and_report_time(dossier: Dossier) -> None:
    assert dossier.timeline
    dated = {e.value for e in dossier.timeline}
    assert any(d.startswith("2023-09") for d in dated), dated
    for entry in dossier.timeline:
        assert entry.reported is not None


def test_every_exported_span_matches_its_text(dossier: Dossier) -> None:
    document = export_json([dossier])
    assert document["schema"] == "storyline/1"
    assert assert_export_spans_match(document) > 50
