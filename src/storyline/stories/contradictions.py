"""Contradictions in the statement ledger: one source asserts what another denies, or
the same source changes its position over time.

A statement's **stance** is positive or negative: negative when its cue is a denial
verb ("denied", "rejected claims that") or when its content negates itself (an odd
number of negators: "not", "n't", "never", "no", "nothing", ...); a denial of a
negated content is positive again. The ledger merges only reports of the same stance
(``negative``), so a speaker who says X and later "not X" keeps two entries.

Its **proposition** is the set of its salient content words: the content lower-cased,
without negators, function words, question words, hedges ("probably", "could") and
reporting words ("claims", "reports", "accusations" in "rejected claims that ..."), each
reduced by a light stemmer ("approved", "approving" -> "approv"). A content that opens
an indirect question ("described how he had had no food") claims nothing and is never
compared.

Two ledger entries of one dossier contradict when

1. their stances differ;
2. they say the same proposition: at least ``MIN_SHARED`` (2) words shared, and every
   negator of either content bears on a shared word (the first salient word after
   "not" is one both say, or none follows: "was not over"); the smaller
   proposition covered at least ``MIN_COVERAGE`` (0.8), and both together at least
   ``MIN_OVERLAP`` (0.6) of their union. A word one side has and the other lacks counts
   as covered when it names the other side's speaker: "the Norwick Water Company had
   dumped sewage" and the company's own "denied that it had dumped sewage";
3. they are about the same subject: when both contents begin with a pronoun ("he
   would not attend", "she would attend"), each speaks of itself, so their speakers
   must be the same.

The kind is *reverses* when both entries have the same speaker (the same corpus actor,
or the same source text), else *denies*. The evidence is each entry's earliest report.
Only a negative and a positive entry sharing ``MIN_SHARED`` salient words are compared
(an inverted index of the positive ones), and only within the dossier, so the cost
follows the dossier's size, never the corpus's. Precision first: a partial overlap ("the
hospital would not close" / "the hospital's maternity ward would close") can still
pass, a reworded subject ("the driver" / "her client") is missed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

from storyline.model import (
    Contradiction,
    ContradictionKind,
    LedgerEntry,
    Polarity,
    Statement,
    normalize_for_id,
)
from storyline.pipeline.statements.cues import HEDGE_WORDS
from storyline.stories.words import LEDGER_FUNCTION_WORDS, ContentWords, without_possessive

__all__ = [
    "MIN_COVERAGE",
    "MIN_OVERLAP",
    "MIN_SHARED",
    "find_contradictions",
    "negative",
    "proposition",
]

MIN_SHARED = 2
MIN_COVERAGE = 0.8
MIN_OVERLAP = 0.6


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATORS = _words("not n't no never nobody nothing none neither nor cannot nowhere")
#: Nouns and verbs that wrap a proposition ("dismissed reports that", "denied claims").
REPORTING_WORDS = _words(
    """
    claim claims claimed report reports reported allegation allegations alleged
    accusation accusations accused suggestion suggestions rumour rumours rumor rumors
    assertion assertions charge charges idea notion deny denied denies denying reject
    rejected rejects dismiss dismissed insist insisted insists stated
    says saying
    """
)
_PRONOUNS = _words("i we he she it they")
#: Words that open an indirect question ("described how ..."): no claim to deny.
_QUESTION_WORDS = _words("how why whether what who whom which when where if")
_SKIP = LEDGER_FUNCTION_WORDS | NEGATORS | REPORTING_WORDS | HEDGE_WORDS | _QUESTION_WORDS


def _clean(word: str) -> str:
    """ "didn't" -> "n't" (its verb is a function word anyway), "company's" -> "company"."""
    word = word.replace("’", "'")
    return "n't" if word.endswith("n't") else without_possessive(word)


def _stem(word: str) -> str:
    """A light stemmer for matching inflections: "approved", "approving", "approve"."""
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ied"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


#: Every word of a content, negators kept (one token per word: "didn't" -> "n't").
_tokens = ContentWords(
    r"\w+(?:['’]\w+)?", stop_words=frozenset, normalize=normalize_for_id, clean=_clean
)
#: The salient words of a content, stemmed.
_salient = ContentWords(
    r"\w+(?:['’]\w+)?",
    stop_words=lambda: _SKIP,
    min_length=2,
    normalize=normalize_for_id,
    clean=_clean,
    stem=_stem,
)


@lru_cache(maxsize=4096)
def proposition(text: str) -> frozenset[str]:
    """The salient content words of a text, stemmed (see the module docstring)."""
    return frozenset(_salient(text))


def _negated(text: str) -> bool:
    return sum(token in NEGATORS for token in _tokens(text)) % 2 == 1


def negative(statement: Statement) -> bool:
    """Whether a statement takes the negative side: a denial, or a negated content."""
    return (statement.polarity is Polarity.DENY) != _negated(statement.content_text)


def _as_written(text: str, stems: list[str]) -> list[str]:
    """The words of ``text`` behind ``stems`` (its salient words), as written, in order."""
    written: dict[str, str] = {}
    for token in _tokens(text):
        if token not in _SKIP:
            written.setdefault(_stem(token), token)
    order = {stem: index for index, stem in enumerate(written)}
    ranked = sorted(stems, key=lambda stem: order.get(stem, len(order)))
    return [written.get(stem, stem) for stem in ranked]


def _negated_words(text: str) -> frozenset[str]:
    """What each negator of a text bears on: the first salient word after it (stemmed),
    or "" when none follows ("the shortage was not over")."""
    tokens = _tokens(text)
    found = set()
    for index, token in enumerate(tokens):
        if token in NEGATORS:
            after = (t for t in tokens[index + 1 :] if t not in _SKIP and len(t) > 1)
            found.add(_stem(next(after, "")))
    return frozenset(found)


def _first_word(text: str) -> str:
    words = [w for w in _tokens(text) if w != "that"]
    return words[0] if words else ""


def _self_subject(text: str) -> bool:
    """Whether a content begins with a pronoun: the speaker speaks of itself."""
    return _first_word(text) in _PRONOUNS


def _claim(entry: LedgerEntry) -> bool:
    """Whether an entry can be contradicted: it has a report and is not an indirect
    question ("how they will get food")."""
    return bool(entry.reports) and _first_word(entry.content_text) not in _QUESTION_WORDS


def _speaker_key(entry: LedgerEntry) -> str | None:
    if entry.speaker_id is not None:
        return f"actor:{entry.speaker_id}"
    if entry.speaker_text:
        return f"text:{normalize_for_id(entry.speaker_text)}"
    return None


class _Side:
    """What the comparison reads of one ledger entry."""

    def __init__(self, entry: LedgerEntry, name: str | None) -> None:
        self.entry = entry
        self.words = proposition(entry.content_text)
        self.speaker = _speaker_key(entry)
        self.speaker_words = proposition(f"{entry.speaker_text or ''} {name or ''}")
        self.negative = negative(entry.reports[0][1]) if entry.reports else False
        self.self_subject = _self_subject(entry.content_text)
        self.negated = _negated_words(entry.content_text) - {""}


def _covered(one: _Side, other: _Side) -> int:
    """How many of ``one``'s words the other says too, or name the other's speaker."""
    return sum(w in other.words or w in other.speaker_words for w in one.words)


def _same_proposition(a: _Side, b: _Side) -> list[str] | None:
    """The shared words when ``a`` and ``b`` say the same proposition, else None."""
    shared = sorted(a.words & b.words)
    if len(shared) < MIN_SHARED or not (a.negated | b.negated) <= set(shared):
        return None  # too little in common, or a "not" bears on something else
    covered_a, covered_b = _covered(a, b), _covered(b, a)
    coverage_a, coverage_b = covered_a / len(a.words), covered_b / len(b.words)
    if len(a.words) == len(b.words):
        smaller = max(coverage_a, coverage_b)
    else:
        smaller = coverage_a if len(a.words) < len(b.words) else coverage_b
    overlap = (covered_a + covered_b - len(shared)) / len(a.words | b.words)
    if smaller < MIN_COVERAGE or overlap < MIN_OVERLAP:
        return None
    return shared


def _first_report(
    entry: LedgerEntry, published: Mapping[str, date | None]
) -> tuple[str, Statement]:
    def when(report: tuple[str, Statement]) -> tuple[bool, date]:
        day = published.get(report[0])
        return day is None, day or date.min

    return min(entry.reports, key=when)


def _contradiction(
    a: _Side,
    b: _Side,
    shared: list[str],
    published: Mapping[str, date | None],
    names: Mapping[str, str],
) -> Contradiction:
    same = a.speaker is not None and a.speaker == b.speaker
    kind = ContradictionKind.REVERSES if same else ContradictionKind.DENIES
    first, second = _first_report(a.entry, published), _first_report(b.entry, published)

    def who(side: _Side) -> str:
        return (
            names.get(side.entry.speaker_id or "") or side.entry.speaker_text or "an unnamed source"
        )

    def stance(side: _Side) -> str:
        return "denies" if side.negative else "asserts"

    if same:
        reason = f"{who(a)} first {stance(a)}, later {stance(b)}"
    else:
        reason = f"{who(a)} {stance(a)}, {who(b)} {stance(b)}"
    hedges = sorted({h for side in (a, b) for h in side.entry.hedges})
    if hedges:
        reason += f" (hedged: {', '.join(hedges)})"
    return Contradiction(
        kind=kind,
        first_entry=a.entry.id,
        second_entry=b.entry.id,
        first=first,
        second=second,
        first_denies=a.negative,
        reason=f"{reason}: {', '.join(_as_written(a.entry.content_text, shared))}",
    )


def _order(side: _Side, published: Mapping[str, date | None]) -> tuple[bool, date, str]:
    article_id = _first_report(side.entry, published)[0]
    day = published.get(article_id)
    return day is None, day or date.min, side.entry.id


def find_contradictions(
    ledger: Sequence[LedgerEntry],
    published: Mapping[str, date | None],
    names: Mapping[str, str] | None = None,
) -> tuple[Contradiction, ...]:
    """The contradictions among a dossier's ledger entries (see the module docstring).

    ``published`` maps article ids to publication dates (to order the evidence),
    ``names`` actor ids to names (for the reason and the speaker's words).
    """
    names = names or {}
    sides = [_Side(e, names.get(e.speaker_id or "")) for e in ledger if _claim(e)]
    positive = [side for side in sides if not side.negative]
    by_word: dict[str, list[int]] = defaultdict(list)
    for index, side in enumerate(positive):
        for word in side.words:
            by_word[word].append(index)
    found: list[tuple[tuple[bool, date, str], tuple[bool, date, str], Contradiction]] = []
    for side in (s for s in sides if s.negative):
        common = Counter(j for word in side.words for j in by_word.get(word, ()))
        for j in sorted(j for j, n in common.items() if n >= MIN_SHARED):
            other = positive[j]
            if side.self_subject and other.self_subject and side.speaker != other.speaker:
                continue
            shared = _same_proposition(side, other)
            if shared is None:
                continue
            a, b = sorted((side, other), key=lambda s: _order(s, published))
            item = _contradiction(a, b, shared, published, names)
            found.append((_order(a, published), _order(b, published), item))
    return tuple(item for *_, item in sorted(found, key=lambda f: (f[0], f[1])))
