"""Syndicated copies in the store: MinHash signatures, indexed LSH bands, copy links."""

from __future__ import annotations

from pathlib import Path

from storyline.model import AnalyzedArticle, Article
from storyline.store import open_store
from storyline.stories.syndication import carried_by, signature_of, similarity
from tests.follow.texts import AGENCY, BRIDGE, text_of


def analyzed(source: str, text: str, title: str = "Storm warning") -> AnalyzedArticle:
    return AnalyzedArticle(article=Article.create(source=source, title=title, text=text))


def test_signatures_tell_copies_from_other_stories() -> None:
    agency = signature_of(text_of(AGENCY))
    edited = signature_of("Published by Beta Post.\n\n" + text_of(AGENCY))
    other = signature_of(text_of(BRIDGE))
    assert agency is not None
    assert edited is not None
    assert other is not None
    assert similarity(agency, edited) >= 0.8
    assert similarity(agency, other) < 0.2
    assert signature_of("Too short to say anything about copies.") is None


def test_copies_are_linked_to_the_first_report_of_another_outlet(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        first = analyzed("Alpha Times", text_of(AGENCY))
        same_outlet = analyzed("Alpha Times", text_of(AGENCY), title="Storm warning, updated")
        copy = analyzed("Beta Post", "Published by Beta Post.\n\n" + text_of(AGENCY))
        unrelated = analyzed("Gamma Daily", text_of(BRIDGE), title="Bridge")
        for article in (first, same_outlet, copy, unrelated):
            assert store.add(article)
        ids = [a.id for a in (first, same_outlet, copy, unrelated)]
        assert store.copies_of(ids) == {copy.id: first.id}
        outlets = {a.id: a.article.source for a in (first, same_outlet, copy, unrelated)}
        carriers = carried_by(ids, store.copies_of(ids), outlets)
        assert carriers[first.id] == ("Alpha Times", "Beta Post")
        assert carriers[unrelated.id] == ("Gamma Daily",)


def test_finding_candidates_is_an_index_lookup(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        plan = store._db.execute(
            "EXPLAIN QUERY PLAN SELECT article_id FROM text_bands WHERE band_key IN (1, 2)"
        ).fetchall()
    assert any("USING INDEX text_bands_key" in str(row) for row in plan)
