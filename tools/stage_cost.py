"""CPU time of each pipeline stage per article, and every analysis layer as JSON lines
(a measurement, not a test).

Runs the default pipeline over the first ``--limit`` articles of ``--data`` (path
order, as ``storyline eval speed`` reads them) and prints each stage's own CPU
milliseconds per article (``time.process_time``: load on the machine changes it less
than wall time, but not nothing; say the load average with the numbers). With
``--dump FILE`` every stored layer of every analysis is written to FILE, one article a
line, so two versions of the code can be compared byte for byte (``cmp``).

    PYTHONPATH=src python tools/stage_cost.py --data ../shared/data/t17 --limit 300 \\
        --dump /tmp/after.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.ingest import expand_inputs, read_target
from storyline.model import Article
from storyline.pipeline import Stage, default_pipeline
from storyline.pipeline.base import Annotation


def _articles(folder: Path, limit: int) -> list[Article]:
    found: list[Article] = []
    for target in sorted(expand_inputs([str(folder)])):
        found += [r.article for r in read_target(target) if r.article is not None]
        if len(found) >= limit:
            break
    return found[:limit]


def _clocked(
    stage: Stage, stream: Iterable[Annotation], spent: dict[str, float]
) -> Iterator[Annotation]:
    """The stage's output; the CPU time of each step (this stage and all before it) is
    added to ``spent[stage.name]``."""
    output = stage.pipe(stream)
    while True:
        started = time.process_time()
        annotation = next(output, None)
        spent[stage.name] += time.process_time() - started
        if annotation is None:
            return
        yield annotation


def _encoded(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--dump", type=Path)
    options = parser.parse_args()
    articles = _articles(options.data, options.limit)
    pipeline = default_pipeline()
    for stage in pipeline.stages:  # the model loaded before the clock starts
        getattr(stage, "nlp", None)
    spent = dict.fromkeys(pipeline.names, 0.0)
    stream: Iterable[Annotation] = (Annotation(article) for article in articles)
    for stage in pipeline.stages:
        stream = _clocked(stage, stream, spent)
    results = [a.freeze() if a.error is None else repr(a.error) for a in stream]
    # each stage's clock runs while the stages before it work: subtract them
    names = pipeline.names
    own = {n: spent[n] - (spent[names[i - 1]] if i else 0.0) for i, n in enumerate(names)}
    per_article = {name: round(s * 1000 / len(articles), 2) for name, s in own.items()}
    print(json.dumps({"articles": len(articles), "cpu_ms_per_article": per_article}))
    if options.dump:
        with options.dump.open("w", encoding="utf-8") as out:
            for result in results:
                out.write(json.dumps(result, default=_encoded, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
