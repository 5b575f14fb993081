"""Finding statements: work that grows in step with the article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import storyline.pipeline.statements
from storyline.model import Article
from storyline.pipeline.actors.stage import ActorsStage
from storyline.pipeline.base import Annotation, Pipeline
from storyline.pipeline.clean import CleanStage
from storyline.pipeline.nlp import NlpStage
from storyline.pipeline.statements.extract import extract_statements
from storyline.pipeline.times.stage import TimesStage
from tests.pipeline.work import fictional_article, lines_run


def _analysed(text: str) -> Annotation:
    article = Article.create(source="wire", title="Spill", text=text, published=date(2024, 6, 18))
    stages = Pipeline([CleanStage(), NlpStage(), ActorsStage(), TimesStage()])
    return next(stages.pipe_annotations([article]))


def test_finding_statements_grows_with_the_article() -> None:
    # 3 and 12 blocks of the same paragraphs: each function of the statements package
    # must run about four times the lines (an index per article, a bounded window per
    # statement), not sixteen (every statement scanning every other, every time, every
    # actor mention)
    package = Path(storyline.pipeline.statements.__file__).parent
    small, large = _analysed(fictional_article(3)), _analysed(fictional_article(12))
    found: list[int] = []

    def extract(annotation: Annotation) -> None:
        assert annotation.doc is not None
        found.append(len(extract_statements(annotation.doc, annotation.actors, annotation.times)))

    before = lines_run(package, lambda: extract(small))
    after = lines_run(package, lambda: extract(large))
    assert found[1] == 4 * found[0] > 0  # the paragraphs are found again and again
    grown = {
        name: (before[name], count)
        for name, count in after.items()
        if count > 5 * before[name] + 10
    }
    assert grown == {}
