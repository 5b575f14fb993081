"""The bundled example corpus, end to end (what `storyline demo` shows)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from storyline.demo import demo_corpus, run_demo
from storyline.model import Polarity, StatementKind
from storyline.service import IngestReport
from storyline.stories.dossier import Dossier
from storyline.stories.export import export_json, export_markdown
from storyline.stories.ranking import Limits, rank_dossier
from storyline.terminal import print_dossier

from .helpers import assert_export_spans_match


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[IngestReport, list[Dossier]]:
    return run_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture(scope="module")
def spill(demo: tuple[IngestReport, list[Dossier]]) -> Dossier:
    found = [d for d in demo[1] if any("Kelder" in a.article.title for a in d.articles)]
    assert len(found) == 1
    return found[0]


def _actor(dossier: Dossier, name: str) -> Any:
    found = [a for a in dossier.actors if a.name == name]
    assert len(found) == 1, [(a.name, a.aliases) for a in dossier.actors]
    return found[0]


def _article(dossier: Dossier, source: str) -> Any:
    return next(a for a in dossier.articles if a.article.source == source)


def test_corpus_files_are_shipped() -> None:
    files = demo_corpus()
    assert len(files) == 4
    assert all(path.is_file() for path, _ in files)


def test_every_article_is_stored(demo: tuple[IngestReport, list[Dossier]]) -> None:
    report, _ = demo
    assert len(report.stored) == 5
    assert not report.failed


def test_two_storylines_spill_and_tram(
    demo: tuple[IngestReport, list[Dossier]], spill: Dossier
) -> None:
    _, dossiers = demo
    assert len(dossiers) == 2
    assert len(spill.articles) == 4
    assert set(spill.outlets) == {
        "harbour-gazette",
        "Northern Ledger",
        "valley-wire",
        "River Times",
    }
    tram = next(d for d in dossiers if d is not spill)
    assert [a.article.title for a in tram.articles] == [
        "Port Aldine council approves new tram line"
    ]


def test_spill_days_and_hearings_weeks_later_are_two_happenings(spill: Dossier) -> None:
    assert len(spill.stories) == 2
    sizes = sorted(len(s.article_ids) for s in spill.stories)
    assert sizes == [1, 3]


def test_name_variants_merge(spill: Dossier) -> None:
    brandts = [a for a in spill.actors if "Brandt" in a.name]
    assert len(brandts) == 1
    brandt = brandts[0]
    assert {"Lars-Erik Brandt", "Lars Erik Brandt"} <= {brandt.name, *brandt.aliases}
    assert len({m[0] for m in brandt.mentions}) == 3
    ferreira = [a for a in spill.actors if "Ferreira" in a.name]
    assert len(ferreira) == 1
    okafor = _actor(spill, "Dana Okafor")
    assert "Okafor" in okafor.aliases
    assert any("Mayor" in role for role in okafor.roles)
    raman = _actor(spill, "Priya Raman")
    assert any("Environment Minister" in role for role in raman.roles)


def test_denial_and_according_to(spill: Dossier) -> None:
    denials = [e for e in spill.ledger if e.polarity is Polarity.DENY]
    assert any("source of the spill" in e.content_text for e in denials), denials
    according = [e for e in spill.ledger if e.kind is StatementKind.ACCORDING_TO]
    speakers = {e.speaker_text for e in according}
    assert "local officials" in speakers, speakers


def test_same_quote_from_two_outlets_is_one_ledger_entry(spill: Dossier) -> None:
    entries = [e for e in spill.ledger if "every last cent" in e.content_text]
    assert len(entries) == 1
    assert set(entries[0].outlets) == {"Northern Ledger", "valley-wire"}
    assert entries[0].speaker_id == _actor(spill, "Priya Raman").id
    assert entries[0].kind is StatementKind.DIRECT


def test_relative_dates_resolved_per_article(spill: Dossier) -> None:
    gazette = _article(spill, "harbour-gazette")
    sunday = next(t for t in gazette.times if t.text.startswith("Sunday"))
    assert sunday.value.startswith("2025-03-02")
    wire = _article(spill, "valley-wire")
    values = {t.text: t.value for t in wire.times}
    assert values["Wednesday"] == "2025-03-05"
    assert values["last week"] == "2025-W09"
    assert values["September 2024"] == "2024-09"


def test_export_spans_and_markdown(demo: tuple[IngestReport, list[Dossier]]) -> None:
    _, dossiers = demo
    assert assert_export_spans_match(export_json(dossiers)) > 40
    markdown = export_markdown(dossiers)
    assert "## " in markdown
    assert "every last cent" in markdown
    assert "DENIAL" in markdown


def test_demo_store_is_reusable(tmp_path: Path) -> None:
    first, _ = run_demo(tmp_path / "d.db")
    again, dossiers = run_demo(tmp_path / "d.db")
    assert len(first.stored) == 5
    assert again.stored == ()
    assert len(again.duplicates) == 5
    assert len(dossiers) == 2


def test_speaker_named_in_apposition_is_the_actor(spill: Dossier) -> None:
    brandt = next(a for a in spill.actors if "Brandt" in a.name)
    entry = next(e for e in spill.ledger if "cooperating fully" in e.content_text)
    assert entry.speaker_id == brandt.id


def _printed(dossier: Dossier, limits: Limits | None) -> str:
    console = Console(width=80, record=True, file=io.StringIO())
    print_dossier(console, dossier, limits=limits)
    return console.export_text()


def test_show_fits_a_screen_and_all_shows_everything(spill: Dossier) -> None:
    bounded = _printed(spill, Limits())
    assert len(bounded.splitlines()) <= 60
    assert "more statements (--all or --limit N)" in bounded
    assert "DENIES" in bounded  # denials are kept past the cut
    everything = " ".join(_printed(spill, None).split())
    for entry in spill.ledger:
        assert " ".join(entry.content_text.split()) in everything
    for event in spill.timeline:
        assert " ".join(event.text.split()) in everything
    assert "(--all or --limit N)" not in everything


def test_main_actors_are_never_the_reporting_outlets(spill: Dossier) -> None:
    ranked = rank_dossier(spill, None)
    outlets = {o.casefold() for o in spill.outlets}
    assert not any(a.name.casefold() in outlets for a in ranked.actors)
    mentions = [len({m[0] for m in a.mentions}) for a in ranked.actors]
    assert mentions == sorted(mentions, reverse=True)


def test_export_limit_cuts_each_section_and_says_how_much(
    demo: tuple[IngestReport, list[Dossier]], spill: Dossier
) -> None:
    document = export_json([spill], limits=Limits.of(2))
    entry = document["stories"][0]
    assert len(entry["timeline"]) <= 2
    assert len(entry["actors"]) <= 2
    assert entry["totals"]["ledger"] == len(spill.ledger) > 2
    assert entry["version"] >= 1
    assert entry["merged_from"] is None


def _documented_keys(section: str) -> set[str]:
    """Keys in the first column of a section's table in docs/export.md."""
    docs = Path(__file__).resolve().parents[1] / "docs" / "export.md"
    text = docs.read_text(encoding="utf-8").split(f"## `{section}`", 1)[1]
    text = text.split("\n## ", 1)[0].split("\n### ", 1)[0]
    keys: set[str] = set()
    for line in text.splitlines():
        if line.startswith("| `"):
            keys |= set(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return keys


def test_export_records_match_the_documented_keys(
    demo: tuple[IngestReport, list[Dossier]],
) -> None:
    document = export_json(demo[1])
    for record in document["stories"]:
        assert set(record) == _documented_keys("stories[]")


WARNED = "had been warned about leaking storage tanks last year"


def test_an_asserted_claim_denied_by_the_company_is_a_contradiction(spill: Dossier) -> None:
    (item,) = spill.contradictions
    assert item.kind.value == "denies"
    (first_id, first), (second_id, second) = item.first, item.second
    gazette, ledger = _article(spill, "harbour-gazette"), _article(spill, "Northern Ledger")
    assert (first_id, second_id) == (gazette.id, ledger.id)
    said = gazette.article.text[first.start : first.end]
    denied = ledger.article.text[second.start : second.end]
    assert said.startswith("Environmental groups said")
    assert WARNED in said
    assert denied.startswith("The company also denied")
    assert WARNED in denied
    assert not item.first_denies
    assert item.reason.endswith(
        "Halvorsen Chemicals denies: warned, leaking, storage, tanks, last, year"
    )


def test_terminal_json_and_markdown_show_the_contradiction_with_both_evidences(
    spill: Dossier,
) -> None:
    (item,) = spill.contradictions
    evidences = [f"{a}[{s.start}:{s.end}]" for a, s in (item.first, item.second)]
    screen = " ".join(_printed(spill, Limits()).split())
    markdown = export_markdown([spill]).replace("\\", "")  # as rendered: no escapes
    assert "Contradictions" in screen
    assert "### Contradictions" in markdown
    for shown in (screen, markdown):
        assert "DENIES Environmental groups asserts" in shown.replace("**", "").replace(":", "")
        for evidence in evidences:
            assert evidence in shown
    document = export_json([spill])
    (record,) = document["stories"][0]["contradictions"]
    assert record["kind"] == "denies"
    assert [s["stance"] for s in record["statements"]] == ["asserts", "denies"]
    texts = {a["id"]: a["text"] for a in document["articles"]}
    for side in record["statements"]:
        assert WARNED in texts[side["article_id"]][side["start"] : side["end"]]
    assert document["stories"][0]["totals"]["contradictions"] == 1
