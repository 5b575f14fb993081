"""The story page's ledger marks denials and contradictions (class and text, not colour
only), with a link to the evidence of both sides."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from .html import parse
from .test_pages import _page

WARNED = "had been warned about leaking storage tanks last year"


def test_ledger_marks_the_contradiction_and_links_both_evidences(
    client: TestClient, spill: dict[str, Any], spill_document: dict[str, Any]
) -> None:
    page = parse(_page(client, f"/stories/{spill['id']}"))
    (record,) = spill_document["stories"][0]["contradictions"]
    (item,) = page.all("li", class_="contradiction")
    assert "CONTRADICTION (denies)" in item.text
    assert "Halvorsen Chemicals denies" in item.text
    labels = ["harbour-gazette: asserts", "Northern Ledger: denies"]
    links = [a for a in page.all("a", class_="evidence") if a.text in labels]
    # once in the list of contradictions, once beside each of the two ledger entries
    assert [a.text for a in links] == labels * 3
    for link, side in zip(links, record["statements"] * 3, strict=True):
        assert side["statement_id"] in link.attrs["href"]
        evidence = parse(_page(client, link.attrs["href"]))
        marked = "".join(m.text for m in evidence.all("mark", class_="ev-content"))
        assert WARNED in marked
    flagged = page.all("li", class_="contradicted")
    assert len(flagged) == 2  # both sides' ledger entries, each labelled in text
    for entry in flagged:
        assert "CONTRADICTED" in entry.text
        assert WARNED in entry.text
    denial = next(e for e in flagged if "denial" in e.attrs["class"])
    assert "DENIAL" in denial.text
