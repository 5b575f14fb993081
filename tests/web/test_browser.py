"""The site in a real browser (Debian's Chromium, headless): the story page and its SVG
timeline, clicking through to the evidence, filtering, searching, and a hostile article
whose script never runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.web.app import create_app

from .live import artifacts_dir, chromium, running

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.fixture(scope="module")
def site(demo_db: Path) -> Iterator[str]:
    with running(create_app(demo_db)) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_site(hostile_db: Path) -> Iterator[str]:
    with running(create_app(hostile_db)) as url:
        yield url


def _by(css: str) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    return (By.CSS_SELECTOR, css)


def _wait_for_url(browser: Any, part: str) -> None:
    """Clicks return before the next page has loaded: wait for it (bounded)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    wait.until(expected_conditions.url_contains(part))
    wait.until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def _visible_marks(browser: Any, css: str) -> list[str]:
    return [e.text for e in browser.find_elements(*_by(css)) if e.is_displayed()]


def test_story_page_timeline_mark_leads_to_the_sentence(
    browser: Any, site: str, spill: dict[str, Any]
) -> None:
    browser.get(f"{site}/stories/{spill['id']}")
    assert browser.title.endswith("· storyline")
    timeline = browser.find_element(*_by("svg.timeline"))
    assert timeline.is_displayed()
    assert timeline.size["width"] > 600
    assert timeline.size["height"] > 60
    marks = browser.find_elements(*_by("svg.timeline a.mark"))
    assert len(marks) >= 10
    labels = [m.find_element(*_by("title")).get_attribute("textContent") for m in marks]
    assert all(label.strip() for label in labels)
    browser.save_screenshot(str(artifacts_dir() / "story.png"))
    target = next(m for m in marks if "Tuesday" in m.get_attribute("aria-label"))
    target.find_element(*_by("circle")).click()
    _wait_for_url(browser, "/articles/")
    sentence = "".join(_visible_marks(browser, "div.article-text mark.ev-sentence"))
    assert "on Tuesday" in sentence
    assert _visible_marks(browser, "div.article-text mark.ev-time") == ["Tuesday"]


def test_ledger_entry_leads_to_source_cue_and_content(
    browser: Any, site: str, spill: dict[str, Any]
) -> None:
    browser.get(f"{site}/stories/{spill['id']}")
    entry = next(
        li for li in browser.find_elements(*_by("ol.ledger li.statement")) if "Hanne Vik" in li.text
    )
    entry.find_element(*_by("a.evidence")).click()
    _wait_for_url(browser, "statement=")
    text = browser.find_element(*_by("div.article-text"))
    sources = [m.text for m in text.find_elements(*_by("mark.ev-source"))]
    cues = [m.text for m in text.find_elements(*_by("mark.ev-cue"))]
    contents = [m.text for m in text.find_elements(*_by("mark.ev-content"))]
    assert "Hanne Vik" in " ".join(sources)
    assert cues
    assert contents
    colours = {
        kind: text.find_element(*_by(f"mark.ev-{kind}")).value_of_css_property("background-color")
        for kind in ("source", "cue", "content")
    }
    assert len(set(colours.values())) == 3  # told apart by colour too
    browser.save_screenshot(str(artifacts_dir() / "evidence.png"))


def test_filter_stories_by_outlet(browser: Any, site: str, spill: dict[str, Any]) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(site + "/")
    assert len(browser.find_elements(*_by("li.story-row"))) == 2
    Select(browser.find_element(*_by("select#outlet"))).select_by_visible_text("River Times")
    browser.find_element(*_by("form.filters button")).click()
    _wait_for_url(browser, "outlet=River+Times")
    rows = browser.find_elements(*_by("li.story-row"))
    assert len(rows) == 1
    assert spill["id"] in rows[0].text


def test_search_from_the_header(browser: Any, site: str) -> None:
    browser.get(site + "/")
    box = browser.find_element(*_by("input#site-q"))
    box.send_keys("solvent")
    box.submit()
    _wait_for_url(browser, "/search?q=solvent")
    hits = _visible_marks(browser, "li.hit mark.hit")
    assert hits
    assert {h.casefold() for h in hits} == {"solvent"}


def test_landmarks_and_labels_in_the_browser(browser: Any, site: str) -> None:
    browser.get(site + "/")
    for landmark in ("header", "nav", "main"):
        assert browser.find_elements(*_by(landmark))
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select')]"
        ".filter(c => c.labels.length === 0 && !c.getAttribute('aria-label')).length"
    )
    assert unlabelled == 0


def test_hostile_article_runs_no_script_and_shows_literally(
    browser: Any, hostile_site: str, hostile_client: Any
) -> None:
    story = hostile_client.get("/api/stories").json()["stories"][0]
    document = hostile_client.get(f"/api/stories/{story['id']}").json()
    article = document["articles"][0]
    statement = document["stories"][0]["statements"][0]
    pages = [
        "/",
        f"/stories/{story['id']}",
        f"/articles/{article['id']}",
        f"/articles/{article['id']}?statement={statement['id']}",
        "/search?q=disgrace",
    ]
    for page in pages:
        browser.get(hostile_site + page)
        assert browser.execute_script("return typeof window.__xss") == "undefined", page
        assert not browser.find_elements(*_by("main script, main img, main iframe")), page
    browser.get(f"{hostile_site}/articles/{article['id']}")
    assert browser.find_element(*_by("h1")).text == article["title"]
    shown = browser.find_element(*_by("div.article-text")).text
    assert "<script>window.__xss=4</script>" in shown
    assert "[the contract](javascript:window.__xss=7)" in shown
    assert "**details**" in shown
    assert browser.execute_script("return typeof window.__xss") == "undefined"
