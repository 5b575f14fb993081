"""The pipeline over many articles, in this process or in worker processes.

With ``workers > 1`` a pool of processes each receives the pipeline once (its spaCy
model is loaded once per worker) and analyzes small groups of articles; results come
back in input order, so a parallel run stores exactly what a serial one stores, and
the caller keeps writing one transaction per article. Workers ignore Ctrl-C: the
interrupt reaches the caller, which stops taking results; nothing is half-stored. A
worker that dies (killed for memory, a crash in native code) fails only the article it
was analyzing: the tasks in flight are run again, alone, to find it.
At most ``2 × workers`` groups are in flight, so memory stays bounded by the work.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from storyline.errors import PipelineError, StorylineError
from storyline.model import AnalyzedArticle, Article
from storyline.pipeline.base import Annotation, Pipeline

__all__ = ["TASK_ARTICLES", "Analysis", "analyze_articles"]

#: Articles a worker analyzes per task: enough for spaCy's batching, small enough to
#: spread a batch over the workers.
TASK_ARTICLES = 8

#: The input article (cleaned when the clean stage ran) and its analysis or failure.
Analysis = tuple[Article, AnalyzedArticle | StorylineError]
#: A failure as it crosses processes: exceptions lose keyword arguments when pickled.
_Sent = tuple[Article, AnalyzedArticle | tuple[type[StorylineError], str, str | None]]

_worker_pipeline: Pipeline | None = None


def analyze_articles(
    pipeline: Pipeline, articles: Sequence[Article], *, workers: int = 1
) -> Iterator[Analysis]:
    """Each article with its analysis or its failure, in input order.

    A batch of one task's size is analyzed here: starting workers (each loads the
    spaCy model) would cost more than it saves.
    """
    tasks = [articles[i : i + TASK_ARTICLES] for i in range(0, len(articles), TASK_ARTICLES)]
    if workers <= 1 or len(tasks) <= 1:
        yield from (_analysis(a) for a in pipeline.pipe_annotations(articles))
        return
    yield from _parallel(pipeline, tasks, workers)


def _parallel(
    pipeline: Pipeline, tasks: Sequence[Sequence[Article]], workers: int
) -> Iterator[Analysis]:
    """Tasks in a pool; when a worker dies (killed, crashed), the task it held is found
    by running the next tasks alone, and only the article that kills a worker fails."""
    done = 0
    while done < len(tasks):
        try:
            for results in _pooled(pipeline, tasks[done:], workers):
                yield from _received(results)
                done += 1
        except BrokenProcessPool:
            yield from _isolated(pipeline, tasks[done])
            done += 1


def _isolated(pipeline: Pipeline, task: Sequence[Article]) -> Iterator[Analysis]:
    """A task that may kill its worker: alone, else article by article."""
    try:
        for results in _pooled(pipeline, [task], 1):
            yield from _received(results)
        return
    except BrokenProcessPool:
        if len(task) > 1:
            for article in task:
                yield from _isolated(pipeline, [article])
            return
    yield task[0], PipelineError("a worker process died while analyzing it", path=task[0].origin)


def _pooled(
    pipeline: Pipeline, tasks: Sequence[Sequence[Article]], workers: int
) -> Iterator[list[_Sent]]:
    """The results of each task, in order; raises BrokenProcessPool if a worker dies."""
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded parent
        initializer=_start_worker,
        initargs=(pipeline,),
    )
    pending: deque[Future[list[_Sent]]] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(_analyze_task, list(task)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _analysis(annotation: Annotation) -> Analysis:
    if annotation.error is not None:
        return annotation.article, annotation.error
    return annotation.article, annotation.freeze()


def _start_worker(pipeline: Pipeline) -> None:
    global _worker_pipeline
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker_pipeline = pipeline


def _analyze_task(articles: list[Article]) -> list[_Sent]:
    if _worker_pipeline is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker started without a pipeline")
    sent: list[_Sent] = []
    for article, result in map(_analysis, _worker_pipeline.pipe_annotations(articles)):
        if isinstance(result, StorylineError):
            sent.append((article, (type(result), result.message, result.path)))
        else:
            sent.append((article, result))
    return sent


def _received(results: list[_Sent]) -> Iterator[Analysis]:
    for article, result in results:
        if isinstance(result, tuple):
            kind, message, path = result
            yield article, kind(message, path=path)
        else:
            yield article, result
