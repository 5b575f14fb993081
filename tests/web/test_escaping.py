"""Article text is untrusted: a hostile article's markup shows as text on every page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .html import parse

OUTLET = "Evil <i>Gazette</i>"


@pytest.fixture(scope="module")
def hostile(hostile_client: TestClient) -> dict[str, Any]:
    story = hostile_client.get("/api/stories").json()["stories"][0]
    document = hostile_client.get(f"/api/stories/{story['id']}").json()
    return {"story": story, "document": document}


def _pages(hostile: dict[str, Any]) -> list[str]:
    story = hostile["document"]["stories"][0]
    article = hostile["document"]["articles"][0]["id"]
    pages = [
        "/",
        f"/?outlet={quote(OUTLET)}",
        "/search?q=disgrace",
        "/search?q=" + quote("<script>"),
        f"/stories/{story['id']}",
        f"/articles/{article}",
        f"/outlets/{quote(OUTLET, safe='')}",
        "/outlets",
    ]
    pages += [f"/articles/{article}?statement={s['id']}" for s in story["statements"]]
    pages += [f"/actors/{quote(a['id'], safe='')}" for a in story["actors"]]
    return pages


def test_no_markup_from_the_article_reaches_any_page(
    hostile_client: TestClient, hostile: dict[str, Any]
) -> None:
    for url in _pages(hostile):
        response = hostile_client.get(url)
        assert response.status_code == 200, url
        html = response.text
        page = parse(html)
        tags = {element.tag for element in page.elements}
        assert not tags & {"script", "img", "iframe", "i", "b"}, (url, tags)
        assert not any(
            name.startswith("on") for element in page.elements for name in element.attrs
        ), url
        links = [e.attrs.get("href", "") for e in page.elements if "href" in e.attrs]
        assert not any(link.strip().lower().startswith("javascript:") for link in links), url
        assert "&lt;script&gt;" in html or url in {"/outlets"}, url


def test_the_text_shows_literally(hostile_client: TestClient, hostile: dict[str, Any]) -> None:
    article = hostile["document"]["articles"][0]
    page = parse(hostile_client.get(f"/articles/{article['id']}").text)
    shown = page.one("div", class_="article-text").text
    assert shown == article["text"]
    assert page.one("h1").text == article["title"]
    assert "<script>window.__xss=1</script>" in article["title"]


def test_a_javascript_url_is_never_a_link(
    hostile_client: TestClient, hostile: dict[str, Any]
) -> None:
    article = hostile["document"]["articles"][0]
    assert article["url"].startswith("javascript:")
    html = hostile_client.get(f"/articles/{article['id']}").text
    assert "original page" not in html


def test_svg_titles_are_escaped(hostile_client: TestClient, hostile: dict[str, Any]) -> None:
    story = hostile["document"]["stories"][0]
    html = hostile_client.get(f"/stories/{story['id']}").text
    coverage = parse(html).all("a", class_="report")
    assert coverage
    assert "<i>Gazette</i>" in coverage[0].attrs["aria-label"]
    assert "Evil &lt;i&gt;Gazette&lt;/i&gt;" in html


def test_csv_cells_never_start_a_formula(hostile_client: TestClient) -> None:
    from storyline.web.records import csv_text

    text = csv_text([{"title": '=HYPERLINK("http://x")', "n": 3}], ["title", "n"])
    assert text.splitlines()[1].startswith("\"'=HYPERLINK")
