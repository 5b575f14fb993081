"""The JSON and CSV twins of every page: the export schema, filters, pagination, errors."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

from fastapi.testclient import TestClient

from ..helpers import assert_export_spans_match
from .schema import (
    HIT,
    LEDGER,
    PAGE,
    STATEMENT,
    TIMELINE,
    check_article,
    check_export,
    check_listed_story,
    keys_at_least,
)


def _json(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    return response.json()


def _csv(client: TestClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_stories_json_is_a_page_of_export_records(client: TestClient) -> None:
    document = _json(client, "/api/stories")
    keys_at_least(document, PAGE | {"stories"})
    assert document["total"] == 2
    assert document["pages"] == 1
    for story in document["stories"]:
        check_listed_story(story)
    latest = [s["last_published"] for s in document["stories"]]
    assert latest == sorted(latest, reverse=True)


def test_stories_filters_and_pagination(client: TestClient, spill: dict[str, Any]) -> None:
    by_outlet = _json(client, "/api/stories?outlet=Northern%20Ledger")
    assert [s["id"] for s in by_outlet["stories"]] == [spill["id"]]
    by_actor = _json(client, "/api/stories?actor=Hanne%20Vik")
    assert [s["id"] for s in by_actor["stories"]] == [spill["id"]]
    assert _json(client, "/api/stories?until=2020-01-01")["total"] == 0
    first = _json(client, "/api/stories?per_page=1")
    second = _json(client, "/api/stories?per_page=1&page=2")
    assert first["total"] == second["total"] == 2
    assert first["pages"] == 2
    assert first["stories"][0]["id"] != second["stories"][0]["id"]
    assert _json(client, "/api/stories?per_page=1&page=3")["stories"] == []


def test_stories_csv_follows_the_filters(client: TestClient, spill: dict[str, Any]) -> None:
    rows = _csv(client, "/api/stories?format=csv&outlet=River+Times")
    assert [row["id"] for row in rows] == [spill["id"]]
    assert rows[0]["outlets"].split("; ") == spill["outlets"]
    assert len(_csv(client, "/api/stories?format=csv")) == 2


def test_story_json_is_the_export_document(client: TestClient, spill: dict[str, Any]) -> None:
    document = _json(client, f"/api/stories/{spill['id']}")
    check_export(document)
    assert assert_export_spans_match(document) > 20
    story = document["stories"][0]
    assert story["id"] == spill["id"]
    assert story["level"] == "storyline"
    assert len(document["articles"]) == 4


def test_story_markdown_is_the_existing_export(client: TestClient, spill: dict[str, Any]) -> None:
    response = client.get(f"/api/stories/{spill['id']}?format=markdown")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.text.startswith("# storyline dossier")
    assert "### Statements" in response.text


def test_story_changes_as_atom(client: TestClient, spill: dict[str, Any]) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    response = client.get(f"/api/stories/{spill['id']}/changes.atom?since=2000-01-01")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.text).findall(f"{atom}entry")
    kinds = {entry.find(f"{atom}category").get("term") for entry in entries}  # type: ignore[union-attr]
    assert {"happening", "statement", "denial"} <= kinds  # the shipping company's denial
    later = client.get(f"/api/stories/{spill['id']}/changes.atom?since=2999-01-01")
    assert ET.fromstring(later.text).findall(f"{atom}entry") == []
    bad = client.get(f"/api/stories/{spill['id']}/changes.atom?since=soon")
    assert bad.status_code == 400
    assert "not a date" in bad.text


def test_story_lists_as_json_and_csv(client: TestClient, spill: dict[str, Any]) -> None:
    base = f"/api/stories/{spill['id']}"
    for name, documented in (("timeline", TIMELINE), ("ledger", LEDGER), ("statements", STATEMENT)):
        records = _json(client, f"{base}/{name}")[name]
        assert records
        for record in records:
            keys_at_least(record, documented)
        rows = _csv(client, f"{base}/{name}?format=csv")
        assert len(rows) == len(records)
    for article in _json(client, f"{base}/articles")["articles"]:
        check_article(article)
    actors = _csv(client, f"{base}/actors?format=csv")
    assert any(row["name"] == "Hanne Vik" for row in actors)
    error = _json(client, f"{base}/nothing", status=404)
    assert "no list 'nothing'" in error["error"]["message"]


def test_search_json_gives_offsets_of_hits(client: TestClient) -> None:
    document = _json(client, "/api/search?q=solvent")
    keys_at_least(document, PAGE | {"hits", "query"})
    assert document["total"] >= 1
    for hit in document["hits"]:
        keys_at_least(hit, HIT)
        assert hit["highlights"]
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].casefold() == "solvent"
    rows = _csv(client, "/api/search?q=solvent&format=csv")
    assert len(rows) == document["total"]
    assert _json(client, "/api/search?q=solvent&since=2030-01-01")["total"] == 0


def test_article_json_with_a_statement(client: TestClient, spill_document: dict[str, Any]) -> None:
    statement = spill_document["stories"][0]["statements"][0]
    document = _json(client, f"/api/articles/{statement['article_id']}?statement={statement['id']}")
    check_article(document["article"])
    kinds = {h["kind"]: (h["start"], h["end"]) for h in document["highlights"]}
    assert kinds["statement"] == (statement["start"], statement["end"])
    assert kinds["content"] == tuple(statement["spans"]["content"])
    assert any(s["id"] == statement["id"] for s in document["statements"])


def test_actor_json(client: TestClient, spill: dict[str, Any]) -> None:
    document = _json(client, "/api/actors/person:hanne-vik")
    assert document["actor"]["name"] == "Hanne Vik"
    assert document["actor"]["roles"]
    assert [s["id"] for s in document["stories"]] == [spill["id"]]
    for statement in document["statements"]:
        keys_at_least(statement, STATEMENT)
        assert statement["speaker"] == "person:hanne-vik"
    assert document["statements"]
    rows = _csv(client, "/api/actors/person:hanne-vik?list=statements&format=csv")
    assert len(rows) == len(document["statements"])


def test_outlet_json(client: TestClient) -> None:
    document = _json(client, "/api/outlets/River%20Times")
    assert document["outlet"] == "River Times"
    assert len(document["articles"]) == 1
    assert document["exclusive"]
    for entry in document["exclusive"]:
        keys_at_least(entry, LEDGER | {"storyline_id"})
        assert entry["outlets"] == ["River Times"]
    assert len(_csv(client, "/api/outlets/River%20Times?list=exclusive&format=csv")) == len(
        document["exclusive"]
    )
    assert "River Times" in _json(client, "/api/outlets")["outlets"]


def test_unknown_ids_are_404_json(client: TestClient) -> None:
    for url in (
        "/api/stories/Lnope",
        "/api/stories/Lnope/timeline",
        "/api/articles/0000",
        "/api/actors/person:nobody",
        "/api/outlets/Nobody",
        "/api/nothing",
    ):
        error = _json(client, url, status=404)["error"]
        assert error["message"], url


def test_bad_parameters_are_400_json(client: TestClient) -> None:
    error = _json(client, "/api/stories?since=March", status=400)["error"]
    assert "since" in error["message"]
    assert "YYYY-MM-DD" in error["message"]
    error = _json(client, "/api/stories?per_page=100000", status=400)["error"]
    assert "per_page" in error["message"]


def test_openapi_describes_every_api_route(client: TestClient) -> None:
    paths = _json(client, "/api/openapi.json")["paths"]
    for path in (
        "/api/stories",
        "/api/search",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/{name}",
        "/api/articles/{article_id}",
        "/api/actors/{actor_id}",
        "/api/outlets/{outlet}",
    ):
        assert path in paths
    assert not any(not p.startswith("/api/") for p in paths)  # pages are not API
