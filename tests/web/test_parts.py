"""The web view's parts on their own: text pieces, picture geometry, links, search."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.model import AnalyzedArticle, Article, Granularity, TimelineEntry
from storyline.store import open_store
from storyline.store.sqlite import fts_query
from storyline.web.evidence import Mark, hit_offsets, pieces
from storyline.web.svg import timeline_picture
from storyline.web.urls import article_url, external_url, outlet_url


def test_pieces_cut_at_every_mark_and_keep_the_text() -> None:
    text = "Ann said it rained."
    marks = [Mark(0, 19, "statement"), Mark(0, 3, "source"), Mark(4, 8, "cue")]
    cut = pieces(text, marks)
    assert "".join(p.text for p in cut) == text
    assert [(p.text, p.kinds) for p in cut[:3]] == [
        ("Ann", ("statement", "source")),
        (" ", ("statement",)),
        ("said", ("statement", "cue")),
    ]
    assert [p.first for p in cut] == [True] + [False] * (len(cut) - 1)


def test_pieces_ignore_marks_outside_the_text() -> None:
    assert pieces("abc", [Mark(2, 10, "x"), Mark(-1, 2, "y")]) == pieces("abc", [])


def test_hit_offsets() -> None:
    text, hits = hit_offsets("a \ue000spill\ue001 on the \ue000river\ue001")
    assert text == "a spill on the river"
    assert [text[s:e] for s, e in hits] == ["spill", "river"]


def _entry(value: str, end: str | None = None) -> TimelineEntry:
    return TimelineEntry(
        value=value, granularity=Granularity.DAY, text=f"event {value}", article_id="a1",
        start=0, end=5, end_value=end,
    )  # fmt: skip


def test_timeline_draws_days_as_dots_and_periods_as_ranges() -> None:
    entries = [_entry("2025-03-03"), _entry("2025-03"), _entry("2025-03-04", "2025-03-06"),
               _entry("XXXX-09")]  # fmt: skip
    picture = timeline_picture(entries, lambda e: f"/articles/{e.article_id}")
    assert picture is not None
    by_date = {m.entry.value: m for m in picture.marks}
    assert by_date["2025-03-03"].width == 0
    month, days = by_date["2025-03"], by_date["2025-03-04"]
    assert month.width > days.width > 0
    assert month.x <= by_date["2025-03-03"].x <= month.x + month.width
    assert [e.value for e in picture.undated] == ["XXXX-09"]
    assert all(m.label.startswith(m.entry.value) for m in picture.marks)
    assert month.y != days.y  # overlapping marks take other lanes
    assert month.y != by_date["2025-03-03"].y
    ticks = [t.x for t in picture.ticks]
    assert ticks == sorted(ticks)


def test_timeline_without_dated_events_has_no_picture() -> None:
    assert timeline_picture([_entry("PRESENT_REF")], lambda e: "/") is None


def test_links() -> None:
    assert external_url("javascript:alert(1)") is None
    assert external_url(" JavaScript:alert(1)") is None
    assert external_url("data:text/html,x") is None
    assert external_url("//evil.example/x") is None
    assert external_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert outlet_url("a/b <c>") == "/outlets/a%2Fb%20%3Cc%3E"
    assert article_url("x1", statement="st-1") == "/articles/x1?statement=st-1#evidence"
    assert article_url("x1") == "/articles/x1"


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('spill AND "river" NEAR(x*') == '"spill" "AND" "river" "NEAR" "x"'
    assert fts_query("  ;; ") == ""


def test_store_search_is_filled_at_add_and_filters(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    for number, (source, day) in enumerate([("A", 3), ("B", 4), ("A", 5)]):
        article = Article(
            id=f"id{number}", source=source, title=f"Spill number {number}",
            text=f"The chemical spill reached the river on day {day}.",
            published=date(2025, 3, day),
        )  # fmt: skip
        assert store.add(AnalyzedArticle(article=article))
    assert store.search("river spill", limit=10).total == 3
    assert store.search("river", limit=10, source="A").total == 2
    assert store.search("river", limit=10, since=date(2025, 3, 4)).total == 2
    assert store.search("river", limit=10, until=date(2025, 3, 3)).total == 1
    page = store.search("chemical", limit=2, offset=2)
    assert page.total == 3
    assert len(page.hits) == 1
    hit = store.search("reached", limit=1).hits[0]
    assert "\ue000reached\ue001" in hit.snippet
    assert store.search("zeppelin", limit=5).total == 0
    store.close()
