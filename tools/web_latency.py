"""Page latencies of the web view on a larger store (a benchmark, not a test).

Analyzes ``--base`` Timeline17 articles once, then stores ``--articles`` in all by
replaying the analyzed articles with new ids, dates shifted by whole years and renamed
outlets (no NLP per copy), and times pages through the HTTP stack in-process:
the stories list, search, and story pages of up to ``--stories`` storylines, each shown
cold (first view) and warm (again). Prints JSON with median and p95 in milliseconds.

    PYTHONPATH=src python tools/web_latency.py --data ../shared/data/t17 --articles 2000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from storyline.eval.timeline_data import load_t17, read_document

from storyline.model import AnalyzedArticle
from storyline.pipeline import default_pipeline
from storyline.store import open_store
from storyline.web.app import create_app


def _analyzed_base(data: Path, count: int, keep: Path | None) -> list[AnalyzedArticle]:
    """``count`` analyzed T17 articles; with ``keep``, read from (or saved to) that store."""
    if keep is not None and keep.is_file():
        with open_store(keep) as kept:
            return list(kept.articles())
    analyzed = _analyze(data, count)
    if keep is not None:
        with open_store(keep) as kept:
            for article in analyzed:
                kept.add(article)
    return analyzed


def _analyze(data: Path, count: int) -> list[AnalyzedArticle]:
    topics = load_t17(data)
    articles = []
    per_topic = max(1, count // len(topics))
    for topic in topics:
        articles += [read_document(d) for d in topic.documents[:per_topic]]
    pipeline = default_pipeline()
    return [a.freeze() for a in pipeline.pipe_annotations(articles) if a.error is None]


def _copy(analyzed: AnalyzedArticle, number: int) -> AnalyzedArticle:
    article = analyzed.article
    published = article.published + timedelta(days=366 * number) if article.published else None
    moved = dataclasses.replace(
        article,
        id=f"{article.id}-{number}",
        source=f"{article.source}-{number % 7}",
        published=published,
    )
    return dataclasses.replace(analyzed, article=moved)


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def _get(client: TestClient, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"error: {url}: HTTP {response.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="Timeline17 folder")
    parser.add_argument("--base", type=int, default=300, help="articles to analyze")
    parser.add_argument("--articles", type=int, default=2000, help="articles to store")
    parser.add_argument("--stories", type=int, default=50, help="story pages to time")
    parser.add_argument("--base-db", type=Path, help="keep the analyzed articles here, reuse")
    options = parser.parse_args()
    base = _analyzed_base(options.data, options.base, options.base_db)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "web.db"
        store = open_store(db)
        for number in range(options.articles):
            store.add(_copy(base[number % len(base)], number // len(base)))
        stored = store.count()
        store.close()
        client = TestClient(create_app(db))
        first_list = _ms(lambda: _get(client, "/"))  # groups the corpus once (cached)
        lists = [_ms(lambda: _get(client, "/?page=2")) for _ in range(20)]
        searches = [_ms(lambda: _get(client, "/search?q=oil+spill")) for _ in range(20)]
        ids = [
            s["id"]
            for s in client.get(f"/api/stories?per_page={options.stories}").json()["stories"]
        ]
        cold, warm = [], []
        for story_id in ids:  # each page twice in a row: first view, then again
            cold.append(_ms(lambda i=story_id: _get(client, f"/stories/{i}")))
            warm.append(_ms(lambda i=story_id: _get(client, f"/stories/{i}")))
    print(
        json.dumps(
            {
                "articles": stored,
                "analyzed_base": len(base),
                "first_stories_page_ms": round(first_list, 1),
                "stories_page": _summary(lists),
                "search_page": _summary(searches),
                "story_page_cold": _summary(cold),
                "story_page_warm": _summary(warm),
                "story_pages_timed": len(ids),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
