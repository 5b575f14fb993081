"""Finding time expressions: work that grows in step with the text."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import storyline.pipeline.times
from storyline.pipeline.nlp import load_english
from storyline.pipeline.sentences import SentenceIndex
from storyline.pipeline.times.finder import RULES, find_times
from tests.pipeline.work import fictional_article, lines_run, years

_parser: Any = importlib.import_module("re._parser")
_SINGLE_CHARACTER = {"LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY"}


def _unbounded_groups(items: Any) -> list[str]:
    """Unbounded repeats (``*``, ``+``, ``{n,}``) of more than one character class."""
    found = []
    for op, argument in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            _, most, body = argument
            if most == _parser.MAXREPEAT and not (
                len(body) == 1 and str(body[0][0]) in _SINGLE_CHARACTER
            ):
                found.append(str(list(body))[:80])
            found += _unbounded_groups(body)
        elif name == "SUBPATTERN":
            found += _unbounded_groups(argument[-1])
        elif name == "BRANCH":
            for branch in argument[1]:
                found += _unbounded_groups(branch)
        elif name in ("ASSERT", "ASSERT_NOT"):
            found += _unbounded_groups(argument[1])
    return found


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_no_rule_repeats_a_group_without_bound(rule: Any) -> None:
    # a group repeated without bound ("(?:\d{4}\s+)*") is rescanned from every word of a
    # run it matches: "1999 2001 1987 ..." then costs the square of its length
    pattern = rule.pattern
    assert _unbounded_groups(_parser.parse(pattern.pattern, pattern.flags)) == []


def test_a_quarter_reads_only_a_few_modifiers_before_it() -> None:
    quarter = next(rule for rule in RULES if rule.name == "quarter")
    text = years(60).replace("\n", "") + " first quarter"
    match = quarter.pattern.search(text)
    assert match is not None
    assert match.group(0).endswith("first quarter")
    assert len(match.group(0).split()) <= 6


def _growth(small: str, large: str) -> dict[str, tuple[int, int]]:
    """Lines run per function of the times package on two texts, where they grew
    more than the text did (a large text is four times a small one)."""
    nlp = load_english()
    package = Path(storyline.pipeline.times.__file__).parent
    small_doc, large_doc = nlp(small), nlp(large)
    before = lines_run(package, lambda: find_times(small_doc, date(2024, 6, 18)))
    after = lines_run(package, lambda: find_times(large_doc, date(2024, 6, 18)))
    return {
        name: (before[name], count)
        for name, count in after.items()
        if count > 5 * before[name] + 10
    }


def test_finding_times_in_runs_of_years_grows_with_the_text() -> None:
    assert _growth(years(150), years(600)) == {}


def test_finding_times_in_news_prose_grows_with_the_text() -> None:
    assert _growth(fictional_article(3), fictional_article(12)) == {}


def test_the_sentence_of_an_offset_is_the_one_spacy_gives() -> None:
    doc = load_english()(fictional_article(2))
    sentences = SentenceIndex(doc)
    for token in doc:
        if not token.is_space:
            found = sentences.containing(token.idx)
            assert found is not None
            assert found.start_char == token.sent.start_char
