"""Rules skipped where they cannot match, and tried only where a match may start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import storyline
from storyline.pipeline.times.finder import RULES, rule_matches
from storyline.pipeline.times.gate import (
    ASCII_LOOKALIKES,
    WordCheck,
    required_words,
    start_finder,
)
from storyline.pipeline.times.rules import WORD_START

DEMO = Path(storyline.__file__).parent / "data" / "demo" / "01-harbour-gazette-spill.txt"
TEXTS = (
    "The talks began on Monday, June 5, 2023 at 10 a.m. and ran for three weeks.",
    "In the third quarter of 2009, about two years ago, profits fell 5% year-over-year.",
    "Since the mid-1990s and the ’80s, the 21st century, 9/11 and 2010-03-04T10:30 ...",
    "EVERY MONDAY NIGHT, daily, twice a week; Christmas Eve 2010; the past few months.",
    "Later this year, the year-ago period; last night; this morning; the day before.",
    "It has been a decade or so; the fiscal year ended June 30; 3/14/2015; 5 o'clock.",
    "Three ſeconds ago, a year-end review and the ſame week (long s, dotless ı, K).",
    "Nothing about time at all: the committee met and the mayor spoke.",
    DEMO.read_text(encoding="utf-8"),
)


def test_the_ascii_lookalikes_are_those_of_the_re_engine() -> None:
    everything = "".join(map(chr, (*range(128, 0xD800), *range(0xE000, 0x110000))))
    ascii_class = "".join(re.escape(chr(c)) for c in range(128))
    found = re.findall(f"[{ascii_class}]", everything, re.IGNORECASE)
    assert "".join(found) == ASCII_LOOKALIKES


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_the_rules_find_what_each_finds_alone(text: str) -> None:
    expected = [(r.name, m.span(), m.groups()) for r in RULES for m in r.pattern.finditer(text)]
    found = [(r.name, m.span(), m.groups()) for r, m in rule_matches(text)]
    assert found == expected
    assert bool(expected) == ("Nothing" not in text)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_match_holds_the_required_words_and_starts_where_allowed(rule: object) -> None:
    pattern = rule.pattern  # type: ignore[attr-defined]
    needs = required_words(pattern)
    starts = start_finder(pattern, WORD_START)
    for text in TEXTS:
        positions = {m.start() for m in starts.finditer(text)} if starts else None
        for match in pattern.finditer(text):
            words = match.group().lower()
            lookalike = any(c in ASCII_LOOKALIKES for c in text)  # then every rule runs
            assert lookalike or all(any(w in words for w in clause) for clause in needs)
            assert positions is None or match.start() in positions


def test_a_rule_is_skipped_without_its_words() -> None:
    century = next(r for r in RULES if r.name == "century")
    assert required_words(century.pattern) == (frozenset({"century"}),)
    plain = WordCheck("The committee met and the mayor spoke.")
    assert not plain.may_match(required_words(century.pattern))
    assert WordCheck("the 21st Century").may_match(required_words(century.pattern))
    # a long s matches "s" case-insensitively: such a text runs every rule
    assert WordCheck("ſ").may_match(required_words(century.pattern))


def test_each_word_is_looked_up_once_per_text() -> None:
    words = WordCheck(TEXTS[0])
    needs = [required_words(rule.pattern) for rule in RULES]
    for _ in range(3):
        for need in needs:
            words.may_match(need)
    distinct = {w for need in needs for clause in need for w in clause}
    assert 0 < words.lookups <= len(distinct)


def test_a_duration_is_tried_only_at_words_that_may_start_one() -> None:
    duration = next(r for r in RULES if r.name == "duration")
    starts = start_finder(duration.pattern, WORD_START)
    assert starts is not None
    text = "Ministers met in Brussels and agreed on a plan for two weeks of talks."
    tried = [text[m.start() :].split()[0] for m in starts.finditer(text)]
    # words that begin like a number ("a" -> "and") or a unit; "met", "in", "plan", "for",
    # "of" and the rest are never tried
    assert tried == ["and", "agreed", "a", "two", "weeks"]
