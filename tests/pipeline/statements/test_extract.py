"""Finding statements: work that grows in step with the article."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

import storyline.pipeline.statements
from storyline.model import Article
from storyline.pipeline.actors.stage import ActorsStage
from storyline.pipeline.base import Annotation, Pipeline, Stage
from storyline.pipeline.clean import CleanStage
from storyline.pipeline.nlp import NlpStage
from storyline.pipeline.statements.extract import extract_statements
from storyline.pipeline.times.stage import TimesStage
from tests.pipeline.work import fictional_article, lines_run


class _MeasureExtraction(Stage):
    """Runs ``extract_statements`` while the doc is alive (the nlp stage frees each
    batch's docs once the stream moves on) and keeps the lines it ran per function."""

    name = "measure"
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "actors", "times"})

    def __init__(self, package: Path) -> None:
        self.package = package
        self.lines: list[dict[str, int]] = []
        self.found: list[int] = []

    def __call__(self, annotation: Annotation) -> Annotation:
        doc = annotation.doc
        assert doc is not None

        def extract() -> None:
            self.found.append(len(extract_statements(doc, annotation.actors, annotation.times)))

        self.lines.append(lines_run(self.package, extract))
        return annotation


def test_finding_statements_grows_with_the_article() -> None:
    # 3 and 12 blocks of the same paragraphs: each function of the statements package
    # must run about four times the lines (an index per article, a bounded window per
    # statement), not sixteen (every statement scanning every other, every time, every
    # actor mention)
    package = Path(storyline.pipeline.statements.__file__).parent
    measure = _MeasureExtraction(package)
    stages = Pipeline([CleanStage(), NlpStage(), ActorsStage(), TimesStage(), measure])
    for text in (fictional_article(3), fictional_article(12)):
        article = Article.create(
            source="wire", title="Spill", text=text, published=date(2024, 6, 18)
        )
        assert next(stages.pipe_annotations([article])).error is None
    before, after = measure.lines
    found = measure.found
    assert found[1] == 4 * found[0] > 0  # the paragraphs are found again and again
    grown = {
        name: (before[name], count)
        for name, count in after.items()
        if count > 5 * before[name] + 10
    }
    assert grown == {}
