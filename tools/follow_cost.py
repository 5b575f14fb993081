"""What following feeds costs: requests per day and memory (a measurement, not a test).

Serves ``--feeds`` RSS feeds on 127.0.0.1 (ETag answered with 304; each feed gains a new
teaser entry every ``--change-every`` of simulated time, whose page is then fetched) and
runs the real ``Follower`` (what ``storyline follow --allow-private`` runs) over
``--hours`` of simulated time: the follower's clock is advanced to the next due feed
instead of sleeping, so a day takes minutes. Every request is counted at the server.
The process's resident memory is read after the first round of polls, after
``--rss-after`` polls and at the end. Host spacing is off (all feeds share one host
here; on the web each outlet is its own host). Prints JSON.

    PYTHONPATH=src python tools/follow_cost.py --feeds 100 --hours 24
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from storyline.ingest import follow as follow_module
from storyline.ingest.feed_list import parse_every
from storyline.ingest.follow import DEFAULT_EVERY, Follower, FollowSettings
from storyline.ingest.http import FetchPolicy
from storyline.pipeline import default_pipeline
from storyline.service import Storyline
from storyline.store import open_store

_PLACES = ("Harbour", "Valley", "Northgate", "Riverside", "Old Town", "Airport", "Port")
_ACTORS = ("Mayor Ana Ruiz", "Minister Tom Berg", "Judge Lena Ortiz", "Chief Omar Haddad")


@dataclass
class Clock:
    """The simulated time the follower and the server share."""

    start: datetime
    now: datetime
    change_every: timedelta
    lock: threading.Lock = field(default_factory=threading.Lock)

    def version(self, feed: int) -> int:
        """How many entries feed ``feed`` has gained (feeds change at staggered times)."""
        offset = self.change_every * (feed % 17) / 17
        return int((self.now - self.start + offset) / self.change_every)


def _page(feed: int, entry: int) -> bytes:
    place = _PLACES[(feed + entry) % len(_PLACES)]
    actor = _ACTORS[(feed * 3 + entry) % len(_ACTORS)]
    paragraphs = [
        f"{actor} said on Monday that the {place} works, number {feed}-{entry}, would go "
        f"ahead after the council vote of {entry % 28 + 1} November.",
        f"Residents of {place} had asked for the plan {entry + 2} times since last year, "
        f"according to figures released by the city on Tuesday.",
        f"\u201cWe will not wait any longer,\u201d {actor} told reporters in {place}. "
        f"Opponents denied that the costs had been checked.",
    ]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    title = f"{place} works {feed}-{entry} approved"
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def _feed(base: str, feed: int, version: int, keep: int) -> bytes:
    items = []
    for entry in range(max(0, version - keep + 1), version + 1):
        when = format_datetime(datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=entry))
        items.append(
            f"<item><title>Works {feed}-{entry}</title><link>{base}/a/{feed}/{entry}</link>"
            f"<pubDate>{when}</pubDate><description>Read more…</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Gazette {feed}</title><link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


@contextlib.contextmanager
def _server(clock: Clock, keep: int, counts: Counter[str]) -> Iterator[str]:
    base_box: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            if parts[0] == "feed":
                feed = int(parts[1])
                with clock.lock:
                    version = clock.version(feed)
                etag = f'"{feed}-{version}"'
                if self.headers.get("If-None-Match") == etag:
                    counts["feed 304"] += 1
                    self._send(304, b"", {})
                    return
                counts["feed 200"] += 1
                body = _feed(base_box[0], feed, version, keep)
                self._send(200, body, {"Content-Type": "application/rss+xml", "ETag": etag})
            elif parts[0] == "a":
                counts["page"] += 1
                body = _page(int(parts[1]), int(parts[2]))
                self._send(200, body, {"Content-Type": "text/html; charset=utf-8"})
            else:
                counts["robots.txt" if parts[0] == "robots.txt" else "other"] += 1
                self._send(404, b"", {})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base_box.append(f"http://127.0.0.1:{httpd.server_address[1]}")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield base_box[0]
    finally:
        httpd.shutdown()
        httpd.server_close()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")  # pragma: no cover - not Linux


def _simulated_datetime(clock: Clock) -> type[datetime]:
    class Simulated(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return clock.now

    return Simulated


def measure(args: argparse.Namespace) -> dict[str, Any]:
    start = datetime.now(UTC)
    clock = Clock(start, start, parse_every(args.change_every))
    counts: Counter[str] = Counter()
    memory: dict[str, float] = {}
    polls = 0
    setattr(follow_module, "datetime", _simulated_datetime(clock))  # noqa: B010 - the clock
    policy = FetchPolicy(allow_private=True, host_spacing=0.0)
    with (
        tempfile.TemporaryDirectory() as folder,
        _server(clock, args.keep, counts) as base,
        open_store(Path(folder) / "follow.db") as store,
    ):
        app = Storyline(store, pipeline=default_pipeline())
        follower = Follower(app, store, FollowSettings(every=args.every, policy=policy))
        follower.follow([(f"{base}/feed/{n}", f"Gazette {n}") for n in range(args.feeds)])
        with clock.lock:  # every feed is due from the moment it is followed
            clock.start = clock.now = datetime.now(UTC)
        end = clock.now + timedelta(hours=args.hours)
        memory["before the first poll"] = _rss_mb()
        while clock.now < end:
            polls += len(follower.poll_due())
            if polls and "after the first round" not in memory:
                memory["after the first round"] = _rss_mb()
            if polls >= args.rss_after and f"after {args.rss_after} polls" not in memory:
                memory[f"after {args.rss_after} polls"] = _rss_mb()
            dues = [f.next_due for f in store.feeds() if f.next_due]
            with clock.lock:
                clock.now = max(clock.now, min(dues)) if dues else end
        memory[f"after {polls} polls (end)"] = _rss_mb()
        articles = store.count()
        follower.close()
    per_day = 24 / args.hours
    requests = sum(counts.values())
    return {
        "feeds": args.feeds,
        "every": str(args.every),
        "simulated_hours": args.hours,
        "polls": polls,
        "requests": dict(counts),
        "requests_per_day": round(requests * per_day),
        "feed_requests_per_day": round((counts["feed 200"] + counts["feed 304"]) * per_day),
        "share_304": round(counts["feed 304"] / max(1, counts["feed 200"] + counts["feed 304"]), 3),
        "articles_stored": articles,
        "rss_mb": memory,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--every", type=parse_every, default=DEFAULT_EVERY)
    parser.add_argument("--change-every", default="6h", help="a new entry per feed this often")
    parser.add_argument("--keep", type=int, default=3, help="entries a feed lists")
    parser.add_argument("--rss-after", type=int, default=1000)
    print(json.dumps(measure(parser.parse_args()), indent=2))


if __name__ == "__main__":
    main()
