"""Where time rules can match a text, read from each rule's parsed pattern.

Each rule's regular expression is tried at every word of the text, and most rules need a
word most articles lack ("century", "quarter", "ago", a month name). ``required_words``
reads a rule's parsed pattern and finds the sets of words (lower case, ASCII) that every
match contains one of, case ignored: the literal runs it cannot match without. A text
that lacks every word of one of those sets cannot be matched, so the rule is not run on
it. ``start_finder`` reads what a match can begin with (its first words, as one tree
of letters, or a digit) and finds the places in a text where that is so: the rule is
tried there only. Either way the rules find exactly what they found before.

Case-insensitive matching also pairs a few non-ASCII letters with ASCII ones (the long
s "ſ" with "s", the Kelvin sign with "k"); a text holding one of those runs every rule.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["ASCII_LOOKALIKES", "Requirement", "WordCheck", "required_words", "start_finder"]

#: A necessary condition: every match holds a word of each set.
Requirement = tuple[frozenset[str], ...]

#: Shorter words are in nearly every text: a set with one of them is not worth checking.
_SHORTEST_USEFUL = 3

_MODULE: Any = importlib.import_module("re._parser")  # the parser ``re`` compiles with


#: The non-ASCII characters a case-insensitive pattern matches to an ASCII one (dotted
#: and dotless i, long s, Kelvin sign; a test checks this against the ``re`` engine).
ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"
_LOOKALIKE = re.compile(f"[{ASCII_LOOKALIKES}]")


def _best_clause(clauses: Iterable[frozenset[str]]) -> frozenset[str] | None:
    """The most selective set: longest shortest word, then fewest words."""
    return max(clauses, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _literal_runs(items: Sequence[tuple[Any, Any]]) -> list[frozenset[str]]:
    """Each run of consecutive ASCII literal characters, as a one-word set."""
    runs: list[frozenset[str]] = []
    run = ""
    for op, value in [*items, (None, None)]:
        if str(op) == "LITERAL" and value < 128:
            run += chr(value).lower()
            continue
        if run:
            runs.append(frozenset({run}))
        run = ""
    return runs


def _sequence(items: Sequence[tuple[Any, Any]]) -> Requirement:
    clauses = _literal_runs(items)
    for op, value in items:
        clauses.extend(_item(str(op), value))
    return tuple(dict.fromkeys(clauses))


def _item(op: str, value: Any) -> Requirement:
    """What one parsed element requires; () when nothing is known."""
    if op == "SUBPATTERN":
        return _sequence(value[-1])
    if op == "ATOMIC_GROUP":
        return _sequence(value)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return _sequence(value[2]) if value[0] >= 1 else ()
    if op == "BRANCH":
        words: set[str] = set()
        for alternative in value[1]:
            best = _best_clause(_sequence(alternative))
            if best is None:
                return ()
            words |= best
        return (frozenset(words),)
    return ()


def required_words(pattern: re.Pattern[str]) -> Requirement:
    """Sets of words such that every match of ``pattern`` holds a word of each set
    (lower case; a text is searched lower-cased). () when nothing useful is known."""
    try:
        parsed = _MODULE.parse(pattern.pattern, pattern.flags)
        clauses = _sequence(list(parsed))
    except Exception:  # a parser this code does not know: claim nothing
        return ()
    return tuple(c for c in clauses if min(map(len, c)) >= _SHORTEST_USEFUL)


class WordCheck:
    """Which required words one text holds (each word looked up once)."""

    def __init__(self, text: str) -> None:
        self._lowered = text.lower()
        self._everything = _LOOKALIKE.search(text) is not None
        self._found: dict[str, bool] = {}
        self.lookups = 0  # words looked up in the text so far

    def _holds(self, word: str) -> bool:
        found = self._found.get(word)
        if found is None:
            self.lookups += 1
            found = self._found[word] = word in self._lowered
        return found

    def may_match(self, requirement: Requirement) -> bool:
        """Whether a pattern with this requirement can match the text."""
        if self._everything:
            return True
        return all(any(self._holds(w) for w in clause) for clause in requirement)


# --------------------------------------------------------------------------- where


#: A zero-width element: it adds a condition, never a first character.
_ZERO_WIDTH = frozenset({"ASSERT", "ASSERT_NOT", "AT"})
#: Character classes a set may name (others make the first character unknown).
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


#: A way a match may begin: a literal text or a character class (a regular expression).
_Start = tuple[str, str]
_LITERAL, _CLASS = "literal", "class"


def _trie(words: Iterable[str]) -> str:
    """Words as one regular expression that tests each character once, as a tree
    ("da(?:ily|y)" for "daily" and "day"): a list of words is tried word by word."""
    branches: dict[str, set[str]] = {}
    ends = False
    for word in words:
        if word:
            branches.setdefault(word[0], set()).add(word[1:])
        else:
            ends = True
    if not branches:
        return ""
    alternatives = "|".join(re.escape(c) + _trie(rest) for c, rest in sorted(branches.items()))
    return f"(?:{alternatives}){'?' if ends else ''}"


def _alternation(starts: Iterable[_Start]) -> str:
    """The starts as one regular expression (case is ignored: ASCII letters lowered)."""
    literals = (text for kind, text in starts if kind == _LITERAL)
    words = {"".join(c.lower() if c.isascii() else c for c in text) for text in literals}
    classes = sorted(text for kind, text in starts if kind == _CLASS)
    return f"(?:{'|'.join([_trie(words), *classes] if words else classes)})"


def _char_class(items: Sequence[tuple[Any, Any]]) -> str | None:
    """A parsed character set as a regular expression; None for a negated one."""
    parts = []
    for op, value in items:
        kind = str(op)
        if kind == "LITERAL":
            parts.append(re.escape(chr(value)))
        elif kind == "RANGE":
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif kind == "CATEGORY" and str(value) in _CATEGORIES:
            parts.append(_CATEGORIES[str(value)])
        else:
            return None
    return f"[{''.join(parts)}]"


#: How a match may begin (literals or character classes, one of which matches there) and whether an
#: element may match nothing at all; None: it may begin with anything.
_Starts = tuple[frozenset[_Start] | None, bool]


def _starts_of_sequence(items: Sequence[tuple[Any, Any]]) -> _Starts:
    starts: set[_Start] = set()
    run = ""
    for op, value in items:
        kind = str(op)
        if kind == "LITERAL":
            run += chr(value)
            continue
        if run:
            break
        if kind in _ZERO_WIDTH:
            continue
        first, may_be_empty = _starts_of_item(kind, value)
        if first is None:
            return None, False
        starts |= first
        if not may_be_empty:
            return frozenset(starts), False
    if run:
        return frozenset(starts | {(_LITERAL, run)}), False
    return frozenset(starts), True


def _starts_of_item(kind: str, value: Any) -> _Starts:
    if kind == "SUBPATTERN":
        return _starts_of_sequence(value[-1])
    if kind == "ATOMIC_GROUP":
        return _starts_of_sequence(value)
    if kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        first, may_be_empty = _starts_of_sequence(value[2])
        return first, may_be_empty or value[0] == 0
    if kind == "BRANCH":
        alternatives = [_starts_of_sequence(a) for a in value[1]]
        if any(first is None for first, _ in alternatives):
            return None, False
        union = frozenset().union(*(first for first, _ in alternatives if first is not None))
        return union, any(empty for _, empty in alternatives)
    if kind == "IN":
        char_class = _char_class(value)
        return (None, False) if char_class is None else (frozenset({(_CLASS, char_class)}), False)
    return None, False


def start_finder(pattern: re.Pattern[str], before: str = "") -> re.Pattern[str] | None:
    """A pattern that matches (empty) wherever ``pattern`` may start a match, or None
    when that is anywhere. ``before`` is a condition every match start meets too.

    Its matches are the positions where one of the expressions a match of ``pattern``
    must begin with matches, case ignored (a superset of where ``pattern`` matches).
    """
    try:
        starts, may_be_empty = _starts_of_sequence(
            list(_MODULE.parse(pattern.pattern, pattern.flags))
        )
    except Exception:  # a parser this code does not know: anywhere
        return None
    if starts is None or may_be_empty or not starts:
        return None
    return re.compile(f"{before}(?={_alternation(starts)})", re.IGNORECASE)
