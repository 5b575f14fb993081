"""The statement ledger: who said what, merged across articles and outlets.

Two statements are one ledger entry when

- they have the same speaker: the same corpus actor (``speaker_of`` maps an article's
  actor key to it), or, where a speaker is not resolved to an actor, the same source
  text case-insensitively ("Western information"); statements without a source
  ("it is feared that ...") share the speaker *none*;
- they take the same stance (``contradictions.negative``): a denial, or a content that
  negates itself, never merges with an assertion of the same words (the two are a
  contradiction, see ``stories.contradictions``);
- their contents say the same: over the content words (lower-cased, a plural "s"
  dropped, function words left out), the Jaccard similarity is at least
  ``SAME_JACCARD`` (0.5), or the smaller content is nearly contained in the larger
  (overlap coefficient at least ``SAME_CONTAINED``, 0.85) and has at least
  ``MIN_CONTAINED_WORDS`` (5) content words. The first rule takes the usual rewording
  between outlets ("at the UN" / "at the United Nations"); the second a quote one outlet
  shortens, while a two-word content ("the proposal") never joins a long one.

Each entry keeps every report (article id, statement) and the outlets that carried
it. When reports differ, the entry takes

- ``polarity``: *deny* if any report is a denial: a denial verb is the explicit
  reading, and an outlet that writes "said it had not ..." reports the same denial
  (both take the negative stance);
- ``kind``: the most direct one (direct > partial > reported > according to), since
  verbatim evidence exists in at least one report;
- ``hedges``: every hedge of every report; cue, content and speaker text: those of the
  first report.

A syndicated copy (``copy_of``: copy id -> original id, see ``stories.syndication``)
counts once: when a draft already holds a report of the same original, the copy only
adds its outlet as a carrier, so an agency story run by three outlets is one report
carried by three outlets.

Entries are ordered by first reported date (undated last), then by first appearance.
Ids are stable: a hash of the speaker and the normalized content of the first report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.model import (
    AnalyzedArticle,
    LedgerEntry,
    Polarity,
    Statement,
    StatementKind,
    normalize_for_id,
)
from storyline.stories.contradictions import negative
from storyline.stories.words import ledger_words

__all__ = [
    "MIN_CONTAINED_WORDS",
    "SAME_CONTAINED",
    "SAME_JACCARD",
    "build_ledger",
    "content_words",
    "same_content",
]

SAME_JACCARD = 0.5
SAME_CONTAINED = 0.85
MIN_CONTAINED_WORDS = 5

_KIND_ORDER = (
    StatementKind.DIRECT,
    StatementKind.PARTIAL,
    StatementKind.REPORTED,
    StatementKind.ACCORDING_TO,
)

SpeakerOf = Callable[[str, str], str | None]


def content_words(text: str) -> frozenset[str]:
    """The content words of a text: lower-cased, plural "s" dropped, no function words."""
    return frozenset(ledger_words(text))


def same_content(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two contents' word sets say the same (see the module docstring)."""
    if not first or not second:
        return first == second
    shared = len(first & second)
    if shared / len(first | second) >= SAME_JACCARD:
        return True
    smaller = min(len(first), len(second))
    return smaller >= MIN_CONTAINED_WORDS and shared / smaller >= SAME_CONTAINED


@dataclass
class _Draft:
    speaker: str
    speaker_id: str | None
    first: Statement
    order: int
    negative: bool  # its stance (``contradictions.negative``): reports of both never merge
    reports: list[tuple[str, Statement]] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    # original report -> the article whose statements stand for it and its copies
    counted: dict[str, str] = field(default_factory=dict)

    def matches(self, words: frozenset[str], negative: bool) -> bool:
        return negative == self.negative and any(same_content(words, k) for k in self.words)

    def add(
        self,
        analyzed: AnalyzedArticle,
        statement: Statement,
        words: frozenset[str],
        root: str,
    ) -> None:
        if analyzed.article.source not in self.outlets:
            self.outlets.append(analyzed.article.source)
        if self.counted.setdefault(root, analyzed.id) != analyzed.id:
            return  # a syndicated copy of a report already counted
        self.reports.append((analyzed.id, statement))
        self.words.append(words)
        if analyzed.article.published is not None:
            self.dates.append(analyzed.article.published)


def _speaker(
    analyzed: AnalyzedArticle, statement: Statement, speaker_of: SpeakerOf
) -> tuple[str, str | None]:
    """The merge key of a statement's speaker and its corpus actor id, if resolved."""
    actor_id = speaker_of(analyzed.id, statement.speaker_key) if statement.speaker_key else None
    if actor_id is not None:
        return f"actor:{actor_id}", actor_id
    if statement.speaker_text:
        return f"text:{normalize_for_id(statement.speaker_text)}", None
    return "none", None


def _entry(draft: _Draft) -> LedgerEntry:
    statements = [statement for _, statement in draft.reports]
    first = draft.first
    hedges: list[str] = []
    for statement in statements:
        hedges += [hedge for hedge in statement.hedges if hedge not in hedges]
    denied = any(s.polarity is Polarity.DENY for s in statements)
    digest = hashlib.sha256(
        f"{draft.speaker}\x00{normalize_for_id(first.content_text)}".encode()
    ).hexdigest()[:16]
    return LedgerEntry(
        id=digest,
        speaker_id=draft.speaker_id,
        speaker_text=next((s.speaker_text for s in statements if s.speaker_text), None),
        source_type=first.source_type,
        cue_lemma=first.cue_lemma,
        content_text=first.content_text,
        kind=min((s.kind for s in statements), key=_KIND_ORDER.index),
        polarity=Polarity.DENY if denied else Polarity.ASSERT,
        hedges=tuple(hedges),
        reports=tuple(draft.reports),
        outlets=tuple(draft.outlets),
        first_reported=min(draft.dates) if draft.dates else None,
    )


def build_ledger(
    articles: Sequence[AnalyzedArticle],
    speaker_of: SpeakerOf,
    copy_of: Mapping[str, str] | None = None,
) -> list[LedgerEntry]:
    """Merge the statements of ``articles`` into ledger entries (see the module docstring).

    ``speaker_of(article_id, actor_key)`` gives the corpus actor id of an article actor,
    or None; ``copy_of`` maps a syndicated copy's id to its original's.
    """
    copy_of = copy_of or {}
    ordered = sorted(
        enumerate(articles),
        key=lambda item: (item[1].article.published is None, item[1].article.published, item[0]),
    )
    drafts: list[_Draft] = []
    by_speaker: dict[str, list[_Draft]] = {}
    for _, analyzed in ordered:
        for statement in analyzed.statements:
            speaker, actor_id = _speaker(analyzed, statement, speaker_of)
            words = content_words(statement.content_text)
            stance = negative(statement)
            candidates = by_speaker.setdefault(speaker, [])
            draft = next((d for d in candidates if d.matches(words, stance)), None)
            if draft is None:
                draft = _Draft(speaker, actor_id, statement, len(drafts), stance)
                drafts.append(draft)
                candidates.append(draft)
            draft.add(analyzed, statement, words, copy_of.get(analyzed.id, analyzed.id))
    entries = sorted(
        drafts,
        key=lambda d: (not d.dates, min(d.dates) if d.dates else date.min, d.order),
    )
    return [_entry(draft) for draft in entries]
