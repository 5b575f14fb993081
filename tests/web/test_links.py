"""Every internal link of the site answers: crawl both test stores from the home page."""

from __future__ import annotations

from collections import deque

import pytest
from fastapi.testclient import TestClient

from .html import parse

MAX_PAGES = 400


def _crawl(client: TestClient) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if not response.headers["content-type"].startswith("text/html"):
            continue
        for element in parse(response.text).elements:
            href = element.attrs.get("href", "").split("#")[0]
            if href.startswith("/") and href not in seen:
                queue.append(href)
    return seen


@pytest.mark.parametrize("store", ["client", "hostile_client"])
def test_every_link_answers(store: str, request: pytest.FixtureRequest) -> None:
    client: TestClient = request.getfixturevalue(store)
    seen = _crawl(client)
    broken = {url: status for url, status in seen.items() if status != 200}
    assert not broken
    kinds = {url.split("/")[1].split("?")[0] for url in seen}
    assert {"stories", "articles", "actors", "outlets", "api", "static"} <= kinds
    assert any("format=csv" in url for url in seen)
    assert any("format=markdown" in url for url in seen)
