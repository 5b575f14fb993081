"""The ``storylines`` benchmark: related developments ingested together, kept apart.

Every article of every Timeline17 topic in the folder (``--data``, default the shared
``t17``) runs through the product pipeline and is fed to the story engine one at a
time, in publication order, into one store, as an ingest of a mixed stream would. The
storylines are scored with B-cubed against the topics (each topic one development).
``--limit`` takes the first N articles of each topic.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from storyline.bench.base import Metrics, Task, Tracker
from storyline.model import Article
from storyline.stories.replay import group_incrementally
from storyline_benchmarks.shared import SharedData
from storyline_benchmarks.stories import analyze, score_grouping
from storyline_benchmarks.timeline_data import load_t17, read_document

__all__ = ["KEYS", "TASK", "run"]

KEYS = ("bcubed_p", "bcubed_r", "bcubed_f1", "articles", "storylines")


def _articles(data_dir: Path, limit: int | None) -> tuple[list[Article], dict[str, str]]:
    articles: list[Article] = []
    topic_of: dict[str, str] = {}
    for topic in load_t17(data_dir):
        documents = topic.documents if limit is None else topic.documents[:limit]
        for document in documents:
            article = read_document(document)
            if article.id not in topic_of:
                articles.append(article)
                topic_of[article.id] = topic.name
    return articles, topic_of


def run(data_dir: Path, limit: int | None, track: Tracker) -> Metrics:
    """B-cubed of the engine's storylines against the Timeline17 topics, mixed."""
    articles, topic_of = _articles(data_dir, limit)
    analyzed = analyze(articles, track)
    grouping = group_incrementally(analyzed)
    line_of = {a: line.id for line in grouping.storylines for a in line.article_ids}
    scores = score_grouping(line_of, {a: topic_of[a] for a in line_of})
    sizes: dict[str, int] = defaultdict(int)
    for line in line_of.values():
        sizes[line] += 1
    return {
        "bcubed_p": scores["bcubed_p"],
        "bcubed_r": scores["bcubed_r"],
        "bcubed_f1": scores["bcubed_f1"],
        "articles": len(line_of),
        "storylines": len(sizes),
    }


TASK = Task(
    name="storylines",
    description=(
        "All Timeline17 topics of a folder ingested together in publication order; "
        "B-cubed of the storylines against the topics"
    ),
    default_data=SharedData("t17"),
    keys=KEYS,
    run=run,
)
