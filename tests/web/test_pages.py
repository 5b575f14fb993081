"""Every HTML page over the demo corpus: status, content, filters, pagination, errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .html import assert_accessible_basics, parse


def _page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert_accessible_basics(response.text)
    return response.text


def _story_titles(html: str) -> list[str]:
    return [h.text.strip() for h in parse(html).all("h3") if h.text.strip()]


def test_stories_lists_storylines_newest_activity_first(client: TestClient) -> None:
    page = parse(_page(client, "/"))
    rows = page.all("li", class_="story-row")
    assert len(rows) == 2
    # The spill storyline ran until April 2025; the other one ended earlier.
    assert "Kelder" in rows[0].text or "Halvorsen" in rows[0].text
    assert "Parliament opens hearings on Kelder River spill" in rows[0].text  # a happening


def test_stories_filter_by_outlet(client: TestClient, spill: dict[str, Any]) -> None:
    html = _page(client, "/?outlet=River+Times")
    rows = parse(html).all("li", class_="story-row")
    assert len(rows) == 1
    assert spill["id"] in rows[0].text
    assert parse(html).one("option", value="River Times").attrs.get("selected") is not None


def test_stories_filter_by_date_range(client: TestClient, spill: dict[str, Any]) -> None:
    rows = parse(_page(client, "/?since=2025-04-01")).all("li", class_="story-row")
    assert [spill["id"] in row.text for row in rows] == [True]
    assert not parse(_page(client, "/?until=2020-01-01")).all("li", class_="story-row")


def test_stories_filter_by_actor_name_or_id(client: TestClient, spill: dict[str, Any]) -> None:
    for actor in ("Hanne Vik", "person:hanne-vik"):
        rows = parse(_page(client, f"/?actor={quote(actor)}")).all("li", class_="story-row")
        assert len(rows) == 1, actor
        assert spill["id"] in rows[0].text, actor
    assert "No storyline matches" in _page(client, "/?actor=Nobody+Known")


def test_stories_pagination(client: TestClient) -> None:
    first = parse(_page(client, "/?per_page=1"))
    second = parse(_page(client, "/?per_page=1&page=2"))
    assert len(first.all("li", class_="story-row")) == 1
    assert len(second.all("li", class_="story-row")) == 1
    assert (
        first.all("li", class_="story-row")[0].text != second.all("li", class_="story-row")[0].text
    )
    assert first.one("a", rel="next").attrs["href"] == "/?page=2&per_page=1"
    assert second.one("a", rel="prev")


def test_filters_are_carried_into_downloads_and_pages(client: TestClient) -> None:
    page = parse(_page(client, "/?outlet=River+Times&since=2025-01-01&per_page=1"))
    csv_link = next(a for a in page.all("a") if a.text == "CSV")
    assert csv_link.attrs["href"].startswith("/api/stories?")
    assert "outlet=River+Times" in csv_link.attrs["href"]
    assert "since=2025-01-01" in csv_link.attrs["href"]
    assert "format=csv" in csv_link.attrs["href"]


@pytest.mark.parametrize(
    ("url", "words"),
    [("/?since=yesterday", "since"), ("/?page=0", "page"), ("/?page=x", "page")],
)
def test_bad_parameters_get_a_clear_400(client: TestClient, url: str, words: str) -> None:
    html = _page(client, url, status=400)
    assert words in parse(html).one("p", class_="error").text


def test_search_highlights_hits(client: TestClient) -> None:
    page = parse(_page(client, "/search?q=solvent"))
    hits = page.all("li", class_="hit")
    assert hits
    marks = page.all("mark", class_="hit")
    assert marks
    assert all(m.text.casefold() == "solvent" for m in marks)
    assert len(marks) >= len(hits)
    assert all("solvent" in h.text.casefold() for h in hits)


def test_search_filter_by_outlet_and_nothing_found(client: TestClient) -> None:
    everywhere = parse(_page(client, "/search?q=Kelder")).all("li", class_="hit")
    one_outlet = parse(_page(client, "/search?q=Kelder&outlet=River+Times")).all("li", class_="hit")
    assert len(everywhere) > len(one_outlet) == 1
    assert "No article holds" in _page(client, "/search?q=zeppelin")


def test_search_takes_query_syntax_literally(client: TestClient) -> None:
    # FTS5 operators and quotes in a query are words, never syntax errors.
    _page(client, "/search?q=%22spill+AND+%28+NEAR%28*")


def test_story_page_has_timeline_coverage_ledger_actors(
    client: TestClient, spill: dict[str, Any]
) -> None:
    html = _page(client, f"/stories/{spill['id']}")
    page = parse(html)
    svg = page.one("svg", class_="timeline")
    assert svg.attrs["role"] == "img"
    marks = page.all("a", class_="mark")
    assert len(marks) >= 10
    assert all(m.attrs["href"].startswith("/articles/") for m in marks)
    titles = [t.text for t in page.all("title")][1:]  # the page's own title first
    assert any("2025-03-04" in t and "Priya Raman" in t for t in titles)
    assert page.all("rect", class_="range")  # months and weeks are drawn as ranges
    assert page.all("circle", class_="point")
    coverage = page.all("a", class_="report")
    assert len(coverage) == 4  # four outlets, one day each
    assert page.all("li", class_="denial")
    assert any("DENIAL" in flag.text for flag in page.all("strong", class_="deny"))
    assert any(a.text == "Hanne Vik" for a in page.all("a"))
    assert "Parliament opens hearings on Kelder River spill" in html


def test_happening_page(client: TestClient, spill: dict[str, Any]) -> None:
    happening = spill["happenings"][0]
    page = parse(_page(client, f"/stories/{happening['id']}"))
    assert page.one("h1").text == happening["title"]
    back = [a for a in page.all("a") if a.text == "its storyline"]
    assert back
    assert back[0].attrs["href"] == f"/stories/{spill['id']}"


def test_unknown_ids_are_404_with_a_message(client: TestClient) -> None:
    for url, words in (
        ("/stories/Lnope", "'Lnope'"),
        ("/articles/0000", "no article '0000'"),
        ("/actors/person:nobody", "no actor"),
        ("/outlets/Nobody%20Times", "no outlet 'Nobody Times'"),
        ("/no/such/page", "no such page"),
    ):
        html = _page(client, url, status=404)
        assert words in parse(html).one("p", class_="error").text, url


def _statement_link(client: TestClient, story_id: str) -> str:
    page = parse(_page(client, f"/stories/{story_id}"))
    ledger = page.one("ol", class_="ledger")
    assert ledger
    links = [
        a.attrs["href"] for a in page.all("a", class_="evidence") if "statement=" in a.attrs["href"]
    ]
    assert links
    return links[0]


def test_evidence_of_a_statement_marks_source_cue_content(
    client: TestClient, spill_document: dict[str, Any]
) -> None:
    story = spill_document["stories"][0]
    statement = next(s for s in story["statements"] if s["spans"]["source"] and s["spans"]["cue"])
    html = _page(client, f"/articles/{statement['article_id']}?statement={statement['id']}")
    page = parse(html)
    assert len([e for e in page.elements if e.attrs.get("id") == "evidence"]) == 1
    sources = [
        m.text
        for m in page.all("mark", class_="ev-source")
        if "legend-source" not in m.attrs["class"]
    ]
    cues = [
        m.text for m in page.all("mark", class_="ev-cue") if "legend-cue" not in m.attrs["class"]
    ]
    contents = [
        m.text
        for m in page.all("mark", class_="ev-content")
        if "legend-content" not in m.attrs["class"]
    ]
    assert "".join(sources) == statement["speaker_text"]
    assert "".join(cues) == statement["cue"]
    assert "".join(contents) == statement["content"]


def test_every_ledger_entry_links_to_its_evidence(
    client: TestClient, spill: dict[str, Any], spill_document: dict[str, Any]
) -> None:
    page = parse(_page(client, f"/stories/{spill['id']}"))
    entries = page.all("li", class_="statement")
    assert len(entries) == len(spill_document["stories"][0]["ledger"])
    link = _statement_link(client, spill["id"])
    assert "#evidence" in link
    assert parse(_page(client, link)).all("mark", class_="ev-content")


def test_evidence_of_a_timeline_item_marks_sentence_and_time(
    client: TestClient, spill_document: dict[str, Any]
) -> None:
    entry = next(e for e in spill_document["stories"][0]["timeline"] if e["time_text"] == "Tuesday")
    page = parse(_page(client, f"/stories/{spill_document['stories'][0]['id']}"))
    href = next(
        a.attrs["href"] for a in page.all("a", class_="mark") if "Tuesday" in a.attrs["aria-label"]
    )
    evidence = parse(_page(client, href))
    sentence = "".join(
        m.text
        for m in evidence.all("mark", class_="ev-sentence")
        if "legend-sentence" not in m.attrs["class"]
    )
    assert sentence == entry["text"]
    times = [
        m.text
        for m in evidence.all("mark", class_="ev-time")
        if "legend-time" not in m.attrs["class"]
    ]
    assert times == ["Tuesday"]


def test_evidence_span_outside_the_text_is_404(client: TestClient, spill: dict[str, Any]) -> None:
    article = spill["article_ids"][0]
    html = _page(client, f"/articles/{article}?start=5&end=999999", status=404)
    assert "outside article" in html
    _page(client, f"/articles/{article}?statement=st-000000000000", status=404)


def test_actor_page(client: TestClient, spill: dict[str, Any]) -> None:
    html = _page(client, "/actors/person:hanne-vik")
    page = parse(html)
    assert page.one("h1").text == "Hanne Vik"
    assert "Committee chair" in html or "chair" in html
    assert page.all("li", class_="statement")
    assert spill["id"] in html
    evidence = [a.attrs["href"] for a in page.all("a", class_="evidence")]
    assert evidence
    assert all(h.startswith("/articles/") for h in evidence)


def test_outlet_page_lists_statements_no_other_outlet_carried(
    client: TestClient, spill_document: dict[str, Any]
) -> None:
    ledger = spill_document["stories"][0]["ledger"]
    only_river = [e["content"] for e in ledger if e["outlets"] == ["River Times"]]
    assert only_river
    page = parse(_page(client, "/outlets/River%20Times"))
    shown = [s.text for s in page.all("span", class_="content")]
    assert len(shown) == len(only_river)
    assert page.all("a", href=f"/stories/{spill_document['stories'][0]['id']}")


def test_outlets_page(client: TestClient) -> None:
    page = parse(_page(client, "/outlets"))
    assert {a.text for a in page.all("a") if a.attrs["href"].startswith("/outlets/")} >= {
        "River Times",
        "Northern Ledger",
        "valley-wire",
        "harbour-gazette",
    }


def test_static_assets_come_from_the_package(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert "text/css" in response.headers["content-type"]
    html = _page(client, "/")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html


def test_an_event_dated_by_publication_marks_no_time(
    client: TestClient, spill_document: dict[str, Any]
) -> None:
    story = spill_document["stories"][0]
    entry = next(e for e in story["timeline"] if e["time_text"] is None)
    html = _page(
        client, f"/articles/{entry['article_id']}?start={entry['start']}&end={entry['end']}"
    )
    page = parse(html)
    assert page.all("mark", class_="ev-sentence")
    assert not page.all("mark", class_="ev-time")


def test_story_lists_are_bounded_and_say_so(
    client: TestClient, spill: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.web import pages

    monkeypatch.setattr(pages, "STORY_LIST", 2)
    page = parse(_page(client, f"/stories/{spill['id']}"))
    assert len(page.all("li", class_="statement")) == 2
    assert len(page.one("table", class_="timeline-table").text.split("sentence")) == 3
    notes = [p.text for p in page.all("p", class_="more")]
    assert any("The first 2 of" in note for note in notes)
