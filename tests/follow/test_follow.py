"""The follower against a local server: new entries once, versions, conditional GET,
Retry-After, bounded failures, refused redirects, robots.txt, syndicated copies."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from storyline.ingest import follow as follow_module
from storyline.ingest.follow import Follower, PollStatus, retry_after
from storyline.service import Storyline
from storyline.store import SQLiteStore
from tests.follow.server import LocalServer, Route, page, rss
from tests.follow.texts import AGENCY, BRIDGE, SPILL, text_of

RSS = {"Content-Type": "application/rss+xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
MODIFIED = "Mon, 30 Nov 2026 09:00:00 GMT"


def feed_route(server: LocalServer, entries: list[dict[str, str]], etag: str | None) -> Route:
    headers = {**RSS, "Last-Modified": MODIFIED}
    if etag:
        headers["ETag"] = etag
    return Route(rss("Harbour Gazette", entries), headers=headers)


def by_title(store: SQLiteStore) -> dict[str, str]:
    return {a.article.title: a.id for a in store.articles()}


def test_a_changing_feed_stores_new_entries_once_and_edits_as_versions(
    server: LocalServer, follower: Follower, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{server.url}/feed"
    teaser = {"title": "Spill contained", "link": f"{server.url}/a/1", "description": "Crews…"}
    bridge = {
        "title": "Bridge reopens",
        "link": f"{server.url}/a/2",
        "description": text_of(BRIDGE),
    }
    server.routes["/feed"] = feed_route(server, [teaser, bridge], '"v1"')
    server.routes["/a/1"] = Route(page("Spill contained", SPILL), headers=HTML)
    follower.follow([(url, None)])

    (first,) = follower.poll_due()
    assert (first.status, first.new, first.problems) == (PollStatus.UPDATED, 2, ())
    assert "if-none-match" not in server.requests_to("/feed")[0].headers
    assert "oil spill" in store.get(by_title(store)["Spill contained"]).article.text  # the page

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a 304 must cost no parsing")

    with monkeypatch.context() as patch:
        patch.setattr(follow_module, "entry_keys", no_parsing)
        patch.setattr(follow_module, "parse_feed", no_parsing)
        second = follower.poll(store.feed(url))  # type: ignore[arg-type]
    assert second.status is PollStatus.NOT_MODIFIED
    sent = server.requests_to("/feed")[1].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"v1"', MODIFIED)

    old_bridge = by_title(store)["Bridge reopens"]
    edited = {**bridge, "description": text_of([*BRIDGE[:2], "The mayor resigned on Wednesday."])}
    fresh = {"title": "Inquiry opens", "link": f"{server.url}/a/3", "description": text_of(SPILL)}
    server.routes["/feed"] = feed_route(server, [fresh, teaser, edited], '"v2"')
    third = follower.poll(store.feed(url))  # type: ignore[arg-type]
    assert (third.status, third.new, third.versions, third.unchanged) == (
        PollStatus.UPDATED,
        2,
        1,
        1,
    )
    assert len(server.requests_to("/a/1")) == 1  # the unchanged teaser's page is not re-fetched
    assert server.requests_to("/feed")[2].headers["if-none-match"] == '"v1"'

    latest = by_title(store)
    assert sorted(latest) == ["Bridge reopens", "Inquiry opens", "Spill contained"]
    assert store.versions_of(latest["Bridge reopens"]) == [old_bridge]
    assert "mayor resigned" in store.get(latest["Bridge reopens"]).article.text
    assert "second crossing" in store.get(old_bridge).article.text  # kept for provenance
    assert store.count() == 4
    dossiers = Storyline(store, pipeline=follower.app.pipeline).dossiers()
    in_dossiers = {a.id for dossier in dossiers for a in dossier.articles}
    assert latest["Bridge reopens"] in in_dossiers
    assert old_bridge not in in_dossiers  # the dossier uses the latest version only

    server.routes["/feed"].headers.pop("ETag")  # no 304 possible: everything is read again
    fourth = follower.poll(store.feed(url))  # type: ignore[arg-type]
    assert (fourth.new, fourth.unchanged) == (0, 3)
    assert store.count() == 4


def test_retry_after_is_honoured_and_the_other_feeds_go_on(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    server.routes["/busy"] = Route(b"slow down", status=429, headers={"Retry-After": "3600"})
    entry = {"title": "Bridge reopens", "link": f"{server.url}/a/2", "description": text_of(BRIDGE)}
    server.routes["/feed"] = feed_route(server, [entry], None)
    follower.follow([(f"{server.url}/busy", None), (f"{server.url}/feed", None)])
    outcomes = {o.feed_url: o for o in follower.poll_due()}
    busy = outcomes[f"{server.url}/busy"]
    assert busy.status is PollStatus.DEFERRED
    assert busy.problems == (f"{server.url}/busy: HTTP 429 Too Many Requests; next try in 60 min",)
    assert busy.next_due is not None
    assert busy.next_due >= datetime.now(UTC) + timedelta(minutes=59)
    assert outcomes[f"{server.url}/feed"].new == 1
    assert [f.failures for f in store.feeds()] == [1, 0]  # busy, feed
    assert follower.poll_due() == []  # nothing is due any more


def test_retry_after_as_seconds_or_http_date() -> None:
    assert retry_after("120") == timedelta(seconds=120)
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=10), usegmt=True)
    wait = retry_after(later)
    assert wait is not None
    assert timedelta(minutes=9) < wait <= timedelta(minutes=10)
    assert retry_after("soon") is None


def test_slow_endless_and_unsafe_feeds_fail_in_one_line_each_and_the_rest_goes_on(
    server: LocalServer, follower: Follower
) -> None:
    entry = {"title": "Bridge reopens", "link": f"{server.url}/a/2", "description": text_of(BRIDGE)}
    server.routes["/feed"] = feed_route(server, [entry], None)
    server.routes["/slow"] = Route(b"<rss/>", delay=3.0)
    server.routes["/endless"] = Route(headers=RSS, endless=True)
    server.routes["/to-private"] = Route(status=302, headers={"Location": "http://10.1.2.3/feed"})
    server.routes["/to-file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    names = ["slow", "endless", "to-private", "to-file", "feed"]
    follower.follow([(f"{server.url}/{name}", None) for name in names])
    started = time.monotonic()
    outcomes = {o.feed_url.rsplit("/", 1)[1]: o for o in follower.poll_due()}
    assert time.monotonic() - started < 8
    expected = {
        "slow": "timed out after 1 s",
        "endless": "over the 976.6 KB limit",
        "to-private": "refused: 10.1.2.3 is a private address (--allow-private lifts this)",
        "to-file": "refused: a file:// URL (redirect); only http and https",
    }
    for name, reason in expected.items():
        assert outcomes[name].status is PollStatus.FAILED
        (problem,) = outcomes[name].problems
        assert problem.startswith(f"{server.url}/{name}: ")
        assert problem.endswith(reason)
    assert outcomes["feed"].new == 1


def test_robots_txt_keeps_article_pages_unfetched(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /articles/\n")
    server.routes["/articles/1"] = Route(page("Spill contained", SPILL), headers=HTML)
    server.routes["/open/2"] = Route(page("Bridge reopens", BRIDGE), headers=HTML)
    teasers = [
        {"title": "Spill contained", "link": f"{server.url}/articles/1", "description": "Crews…"},
        {"title": "Bridge reopens", "link": f"{server.url}/open/2", "description": "Engineers…"},
    ]
    server.routes["/feed"] = feed_route(server, teasers, None)
    follower.follow([(f"{server.url}/feed", None)])
    (outcome,) = follower.poll_due()
    assert outcome.new == 2
    assert server.requests_to("/articles/1") == []
    assert len(server.requests_to("/open/2")) == 1
    assert len(server.requests_to("/robots.txt")) == 1  # cached for the host
    assert any("disallowed by robots.txt" in problem for problem in outcome.problems)
    assert outcome.pages_waiting == 0  # robots.txt is final: the page is never asked for
    texts = {a.article.title: a.article.text for a in store.articles()}
    assert texts["Spill contained"] == "Crews…"  # the feed's summary is kept
    assert "second crossing" in texts["Bridge reopens"]


def test_an_agency_story_carried_by_three_outlets_is_one_ledger_entry(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    outlets = {"/alpha": "Alpha Times", "/beta": "Beta Post", "/gamma": "Gamma Daily"}
    for path, outlet in outlets.items():
        entry = {
            "title": f"Storm warning for the west coast ({outlet})",
            "link": f"{server.url}{path}/storm",
            "description": text_of(AGENCY),
        }
        server.routes[path] = Route(rss(outlet, [entry]), headers=RSS)
    follower.follow([(f"{server.url}{path}", outlet) for path, outlet in outlets.items()])
    assert sum(o.new for o in follower.poll_due()) == 3

    ids = [a.id for a in store.articles()]
    copies = store.copies_of(ids)
    assert len(copies) == 2
    assert len(set(copies.values())) == 1
    (original,) = set(ids) - set(copies)
    assert set(copies.values()) == {original}

    app = Storyline(store, pipeline=follower.app.pipeline)
    entries = [
        entry
        for dossier in app.dossiers()
        for entry in dossier.ledger
        if "shelters" in entry.content_text
    ]
    assert len(entries) == 1
    assert sorted(entries[0].outlets) == sorted(outlets.values())
    assert len(entries[0].reports) == 1  # counted once
    # the timeline too: one event per report, carried by the three outlets
    events = [e for dossier in app.dossiers() for e in dossier.timeline]
    assert events
    assert len({(e.value, e.text) for e in events}) == len(events)
    assert all(sorted(e.carried_by) == sorted(outlets.values()) for e in events)


def test_an_entry_in_two_followed_feeds_is_fetched_and_stored_once(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    teaser = {"title": "Spill contained", "link": f"{server.url}/a/1", "description": "Crews…"}
    server.routes["/world"] = feed_route(server, [teaser], None)
    server.routes["/top"] = feed_route(server, [teaser], None)
    server.routes["/a/1"] = Route(page("Spill contained", SPILL), headers=HTML)
    follower.follow([(f"{server.url}/world", None), (f"{server.url}/top", None)])
    outcomes = {o.feed_url.rsplit("/", 1)[1]: o for o in follower.poll_due()}
    assert (outcomes["top"].new, outcomes["world"].new) in ((1, 0), (0, 1))
    assert len(server.requests_to("/a/1")) == 1
    assert store.count() == 1
    assert [store.entry_count(f"{server.url}/{name}") for name in ("world", "top")] == [1, 1]


def test_a_busy_host_gets_no_more_page_requests_in_that_poll(
    server: LocalServer, follower: Follower
) -> None:
    """A 429 (or 503) on one article page: the host's other pages are not asked for."""
    teasers = [
        {"title": f"Teaser {n}", "link": f"{server.url}/a/{n}", "description": "Crews…"}
        for n in (1, 2, 3)
    ]
    server.routes["/feed"] = feed_route(server, teasers, None)
    server.routes["/a/1"] = Route(b"slow down", status=429, headers={"Retry-After": "600"})
    server.routes["/a/2"] = Route(page("Spill contained", SPILL), headers=HTML)
    follower.follow([(f"{server.url}/feed", None)])
    (outcome,) = follower.poll_due()
    assert outcome.new == 3  # each kept with the feed's summary
    assert len(server.requests_to("/a/1")) == 1
    assert server.requests_to("/a/2") == server.requests_to("/a/3") == []
    assert sum("HTTP 429 Too Many Requests" in p for p in outcome.problems) == 1
    skipped = "skipped: an earlier download from 127.0.0.1 failed"
    assert sum(skipped in problem for problem in outcome.problems) == 2
    assert outcome.pages_waiting == 3  # each waits for its page, asked again later


def test_teasers_linking_to_internal_addresses_reach_nothing_and_do_not_wait(
    server: LocalServer, follower: Follower, store: SQLiteStore
) -> None:
    """The feed's own server is allowed (127.0.0.1, as a test needs); pages on every other
    non-public address are refused, in one line each, and kept with the feed's summary
    without waiting for a page that will never be fetched."""
    port = server.url.rsplit(":", 1)[1]
    links = {
        "loopback": f"http://127.0.0.2:{port}/internal-service/1",
        "private": "http://10.0.0.7/admin",
        "link-local": "http://169.254.169.254/latest/meta-data/",
        "ipv6 loopback": f"http://[::1]:{port}/internal-service/2",
    }
    teasers = [
        {"title": f"Teaser {name}", "link": link, "description": "Crews…"}
        for name, link in links.items()
    ]
    server.routes["/feed"] = feed_route(server, teasers, None)
    follower.follow([(f"{server.url}/feed", None)])
    (outcome,) = follower.poll_due()
    assert (outcome.status, outcome.new, outcome.pages_waiting) == (PollStatus.UPDATED, 4, 0)
    assert [r.path for r in server.log] == ["/feed"]  # robots.txt was not even asked
    refusals = {
        "loopback": "127.0.0.2 is a loopback address",
        "private": "10.0.0.7 is a private address",
        "link-local": "169.254.169.254 is a link-local address",
        "ipv6 loopback": "::1 is a loopback address",
    }
    for name, reason in refusals.items():
        (line,) = [p for p in outcome.problems if f" {links[name]}: " in p]
        assert f"refused: {reason} (--allow-private lifts this)" in line
    assert {a.article.text for a in store.articles()} == {"Crews…"}
