"""The ``follow``, ``feeds`` and ``changes`` commands: keeping a store current from feeds,
and what is new in a story. Registered on ``storyline.cli.cli`` when that module loads."""

from __future__ import annotations

import json
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.text import Text

from storyline.cli import (
    EXIT_FAILED_INPUTS,
    EXIT_INTERRUPTED,
    _Context,
    _version_line,
    cli,
    console,
    errors,
    pass_context,
)
from storyline.errors import StorylineError
from storyline.escape import terminal_text

__all__ = ["changes", "feeds", "follow"]


@cli.command()
@click.argument("feed_urls", nargs=-1)
@click.option("--feeds", "feed_file", type=click.Path(dir_okay=False), help="File of feeds.")
@click.option("--every", default="15m", show_default=True, help="Polling interval per feed.")
@click.option("--once", is_flag=True, help="Poll every feed that is due, then exit.")
@click.option("--allow-private", is_flag=True, help="Allow URLs on private/local addresses.")
@click.option("--source", help="Outlet name for the feeds given as arguments.")
@pass_context
def follow(
    obj: _Context,
    feed_urls: tuple[str, ...],
    feed_file: str | None,
    every: str,
    once: bool,
    allow_private: bool,
    source: str | None,
) -> None:
    """Follow RSS/Atom feeds: poll each when due and store new entries and versions."""
    from storyline.ingest.feed_list import parse_every
    from storyline.ingest.follow import Follower, FollowSettings
    from storyline.ingest.http import FetchPolicy

    settings = FollowSettings(
        every=parse_every(every), policy=FetchPolicy(allow_private=allow_private)
    )
    feeds = _feeds_to_follow(feed_urls, feed_file, source)
    app = obj.storyline()
    follower = Follower(app, app.store, settings)
    follower.follow(feeds)
    only = [url for url, _ in feeds] or None
    if not app.store.feeds():
        raise click.UsageError("no feeds to follow: give FEED_URL... or --feeds FILE")
    failed = False

    def show(outcome: Any) -> None:
        nonlocal failed
        failed = failed or outcome.status == "failed"
        _print_poll(outcome, as_json=obj.as_json)

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if once and not follower.poll_due(only, on_outcome=show):
            errors.print("nothing is due yet; see `storyline feeds` for the next polls")
        elif not once:
            count = len(only) if only else len(app.store.feeds())
            errors.print(f"following {count} feed(s) every {every}; Ctrl-C stops")
            follower.run(only, on_outcome=show)
    except KeyboardInterrupt:
        errors.print("stopped; everything stored so far is kept")
        sys.exit(EXIT_INTERRUPTED if once else 0)
    finally:
        signal.signal(signal.SIGTERM, previous)
        follower.close()
    if failed:
        sys.exit(EXIT_FAILED_INPUTS)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _feeds_to_follow(
    feed_urls: tuple[str, ...], feed_file: str | None, source: str | None
) -> list[tuple[str, str | None]]:
    from storyline.ingest.common import is_url
    from storyline.ingest.feed_list import read_feed_list

    for url in feed_urls:
        if not is_url(url):
            raise click.BadParameter(f"not an http(s) URL: {url!r}", param_hint="FEED_URL")
    feeds: list[tuple[str, str | None]] = [(url, source) for url in feed_urls]
    if feed_file:
        listed, problems = read_feed_list(Path(feed_file))
        for problem in problems:
            _print_warning(problem)
        feeds += listed
    return feeds


def _print_poll(outcome: Any, *, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(outcome.to_dict()))
        return
    versions = f" ({outcome.versions} new version(s))" if outcome.versions else ""
    if outcome.status == "updated":
        summary = f"{outcome.new} stored{versions}, {outcome.unchanged} seen before"
    elif outcome.new:  # a 304, and pages that were waited for came
        summary = f"{outcome.status}; {outcome.new} stored{versions}"
    else:
        summary = str(outcome.status)
    if outcome.pages_waiting:
        summary += f"; {outcome.pages_waiting} entry(ies) waiting for their page"
    console.print(terminal_text(f"{outcome.feed_url}: {summary}"), soft_wrap=True)
    for problem in outcome.problems:
        _print_warning(problem)


def _print_warning(problem: str) -> None:
    """One problem line; feeds and servers wrote parts of it, so controls are shown."""
    errors.print(Text.assemble(("warning:", "yellow"), " ", terminal_text(problem)), soft_wrap=True)


@cli.command()
@pass_context
def feeds(obj: _Context) -> None:
    """List followed feeds and their health."""
    store = obj.storyline().store
    rows = [
        {
            "url": feed.url,
            "outlet": feed.outlet,
            "entries": store.entry_count(feed.url),
            "pages_waiting": store.pages_waiting(feed.url),
            "last_success": feed.last_success.isoformat() if feed.last_success else None,
            "last_error": feed.last_error,
            "next_due": feed.next_due.isoformat() if feed.next_due else None,
            "failures": feed.failures,
            "etag": feed.etag,
            "last_modified": feed.last_modified,
        }
        for feed in store.feeds()
    ]
    if obj.as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    from storyline.terminal import print_feeds

    print_feeds(console, rows)


@cli.command()
@click.argument("story")
@click.option("--since", help="Date or time (YYYY-MM-DD[THH:MM], UTC); default: 7 days ago.")
@click.option("--atom", "atom_file", type=click.Path(dir_okay=False), help="Write an Atom feed.")
@pass_context
def changes(obj: _Context, story: str, since: str | None, atom_file: str | None) -> None:
    """What is new in a story since a time: happenings, statements, denials."""
    from storyline.stories.changes import atom_feed

    moment = _since_option(since)
    dossier, found = obj.storyline().changes(story, moment)
    if atom_file:
        text = atom_feed(dossier, found, generator=_version_line())
        Path(atom_file).write_text(text, encoding="utf-8")
        errors.print(f"wrote {escape(atom_file)}")
    if obj.as_json:
        click.echo(json.dumps([change.to_dict() for change in found], indent=2))
        return
    from storyline.terminal import print_changes

    print_changes(console, dossier, found, since=moment)


def _since_option(value: str | None) -> datetime:
    from storyline.stories.changes import parse_since

    try:
        return parse_since(value)
    except StorylineError as error:
        raise click.BadParameter(error.message, param_hint="--since") from None
