"""The follow, feeds and changes commands, and a feed file whose teasers point at a
local service (refused without --allow-private)."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

import storyline
from storyline.cli import main
from storyline.errors import InputError
from storyline.ingest.feed_list import parse_every, read_feed_list
from storyline.stories.changes import Change, ChangeKind, atom_feed
from storyline.stories.dossier import Dossier, DossierLevel
from storyline.terminal import print_changes, print_feeds
from tests.follow.server import LocalServer, Route, rss
from tests.follow.texts import BRIDGE, SPILL, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_feed_file_linking_to_a_local_service_reaches_nothing(
    tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    teasers = [
        {"title": f"Teaser {n}", "link": f"{server.url}/internal-service/{n}", "description": "…"}
        for n in (1, 2)
    ]
    feed = tmp_path / "teasers.rss"
    feed.write_bytes(rss("Local", teasers))
    code, out, err = run(capsys, "--db", str(tmp_path / "s.db"), "ingest", str(feed))
    assert code == 0
    assert "2 stored" in out
    assert server.log == []  # not one request reached the local service
    lines = (out + err).replace("\n ", " ").splitlines()
    refusals = [line for line in lines if "127.0.0.1 is a loopback address" in line]
    assert len(refusals) == 1
    assert any("skipped: an earlier download from 127.0.0.1 failed" in line for line in lines)


def test_follow_once_then_feeds_and_changes(
    tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    entries = [
        {"title": "Spill contained", "link": f"{server.url}/a/1", "description": text_of(SPILL)},
        {"title": "Bridge reopens", "link": f"{server.url}/a/2", "description": text_of(BRIDGE)},
    ]
    server.routes["/feed"] = Route(
        rss("Harbour Gazette", entries),
        headers={"Content-Type": "application/rss+xml", "ETag": '"1"'},
    )
    url = f"{server.url}/feed"
    refused = str(tmp_path / "refused.db")
    code, out, err = run(capsys, "--db", refused, "follow", url, "--once")
    assert code == 1  # without --allow-private the local feed is refused
    assert "127.0.0.1 is a loopback address" in err
    code, out, err = run(capsys, "--db", refused, "follow", url, "--once", "--allow-private")
    assert (code, out) == (0, "")  # not due again before its backoff is over
    assert "nothing is due yet" in err
    code, out, _ = run(capsys, "--db", db, "follow", url, "--once", "--allow-private")
    assert code == 0
    assert "feed: 2 stored, 0 seen before" in out.replace("\n", "")
    code, out, _ = run(capsys, "--db", db, "--json", "feeds")
    (row,) = json.loads(out)
    assert (row["url"], row["entries"], row["failures"], row["etag"]) == (url, 2, 0, '"1"')
    assert row["last_error"] is None

    code, out, _ = run(capsys, "--db", db, "--json", "stories")
    story = json.loads(out)["stories"][0]["id"]
    atom = tmp_path / "story.atom"
    code, out, _ = run(
        capsys, "--db", db, "--json", "changes", story, "--since", "2000-01-01", "--atom", str(atom)
    )
    assert code == 0
    found = json.loads(out)
    kinds = {change["kind"] for change in found}
    assert "denial" in kinds  # "The shipping company denied ..."
    assert kinds <= {"happening", "statement", "denial"}
    entries_xml = ET.parse(atom).getroot().findall(f"{ATOM}entry")
    assert len(entries_xml) == len(found)
    code, out, _ = run(capsys, "--db", db, "--json", "changes", story, "--since", "2999-01-01")
    assert json.loads(out) == []


def test_bad_interval_and_no_feeds_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    code, _, err = run(capsys, "--db", db, "follow", "http://feeds.example/x", "--every", "1x")
    assert code == 2
    assert "error: --every: '1x' is not a duration like 30s, 15m, 2h or 1d" in err
    code, _, err = run(capsys, "--db", db, "follow", "--once")
    assert code == 2
    assert "no feeds to follow" in err
    code, _, err = run(capsys, "--db", db, "changes", "nothing", "--since", "yesterday")
    assert code == 2
    assert "is not a date or time" in err


def test_terminal_changes_make_controls_in_article_text_visible() -> None:
    """Titles, contents, speakers and outlets come from articles: an escape sequence in
    them is shown as a symbol, never sent to the terminal, and markup stays literal."""
    dossier = Dossier("s1", DossierLevel.STORY, "Spill\x1b[2J [bold]", (), (), (), (), ())
    change = Change(
        ChangeKind.STATEMENT,
        datetime(2026, 11, 30, 9, tzinfo=UTC),
        "crews \x1b]0;owned\x07 arrived",
        "Chief\x1b[31m",
        "a1",
        0,
        10,
        ("Outlet\x1b[2J",),
    )
    console = Console(file=io.StringIO(), width=400, force_terminal=False)
    print_changes(console, dossier, [change], since=datetime(2026, 11, 29, tzinfo=UTC))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert "Spill\u241b[2J [bold]" in shown
    assert "Outlet\u241b[2J" in shown


def test_atom_escapes_article_text() -> None:
    dossier = Dossier("s1", DossierLevel.STORY, "Harbour <spill>", (), (), (), (), ())
    change = Change(
        ChangeKind.STATEMENT,
        datetime(2026, 11, 30, 9, tzinfo=UTC),
        'profits <b>"up"</b> & costs\x07 down',
        "Minister & Co",
        "a1",
        0,
        10,
        ("Outlet <x>",),
    )
    text = atom_feed(dossier, [change], generator="storyline test")
    assert "<b>" not in text
    entry = ET.fromstring(text).find(f"{ATOM}entry")
    assert entry is not None
    title = entry.findtext(f"{ATOM}title")
    assert title == 'New statement: Minister & Co says: profits <b>"up"</b> & costs down'
    assert entry.findtext(f"{ATOM}updated") == "2026-11-30T09:00:00Z"


def test_follow_stops_cleanly_on_sigterm(tmp_path: Path, server: LocalServer) -> None:
    server.routes["/empty"] = Route(
        rss("Quiet", []), headers={"Content-Type": "application/rss+xml"}
    )
    db = tmp_path / "s.db"
    env = {**os.environ, "PYTHONPATH": str(Path(storyline.__file__).parents[1])}
    command = [sys.executable, "-m", "storyline", "--db", str(db), "follow"]
    command += [f"{server.url}/empty", "--every", "10m", "--allow-private"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not server.requests_to("/empty") and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the poll is saved, the follower waits for the next one
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err.decode()
    assert b"stopped" in err
    with sqlite3.connect(db) as connection:
        (success,) = connection.execute("SELECT last_success FROM feeds").fetchone()
    assert success is not None


def test_feed_list_lines_and_intervals(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# world news\nhttps://a.example/rss Alpha Times\n\nftp://b.example/feed\n"
        "https://c.example/atom  # no outlet name\n",
        encoding="utf-8",
    )
    feeds, problems = read_feed_list(listing)
    assert feeds == [("https://a.example/rss", "Alpha Times"), ("https://c.example/atom", None)]
    assert problems == [f"{listing}:4: not an http(s) URL: 'ftp://b.example/feed'"]
    assert parse_every("15m") == timedelta(minutes=15)
    assert parse_every("1.5h") == timedelta(minutes=90)
    with pytest.raises(InputError, match="cannot poll more often than every 10 s"):
        parse_every("2s")


def test_escape_sequences_from_a_feed_never_reach_the_terminal(
    tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link holding ``ESC [2J`` (clear screen) is shown as a visible symbol, in the
    poll's warnings and in the health listing."""
    db = str(tmp_path / "s.db")
    link = f"{server.url}/a/\x1b[2J"
    server.routes["/feed"] = Route(
        rss("Harbour Gazette", [{"title": "Teaser", "link": link, "description": "Crews…"}]),
        headers={"Content-Type": "application/rss+xml"},
    )
    url = f"{server.url}/feed\x1b[2J"  # a feed URL from a shared list: it fails
    code, out, err = run(
        capsys, "--db", db, "follow", f"{server.url}/feed", url, "--once", "--allow-private"
    )
    assert code == 1, err  # one feed failed
    assert "could not get the full article" in err  # the warning names the link...
    assert "\x1b" not in out + err  # ...with the escape made visible
    assert "\u241b[2J" in err
    code, out, err = run(capsys, "--db", db, "--json", "feeds")
    failed = [row for row in json.loads(out) if row["failures"]]
    assert [row["url"] for row in failed] == [url]
    wide = Console(file=io.StringIO(), width=400, force_terminal=True)
    print_feeds(wide, failed)  # the table `storyline feeds` prints
    shown = wide.file.getvalue()  # type: ignore[attr-defined]
    assert "1 failure(s): " in shown
    assert "feed\u241b[2J" in shown
    assert "\x1b[2J" not in shown
