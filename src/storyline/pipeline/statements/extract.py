"""Statements of a parsed article: who said, wrote, reported, warned or denied what.

``rules`` finds source, cue and content spans in the parse; this module turns them
into ``Statement`` records:

- ``source_type``: *named* ("US State Department spokesman Matthew Miller", "the
  Kremlin"), *vague* ("experts", "Western information", "North Korean sources"),
  *collective* ("both countries", "the two leaders", "the US and South Korea"),
  *pronoun* ("he", "they") or *none* ("It is feared that ...", "the figures appear to
  be wrong": an attribution without a source is still a statement: someone fears it,
  and the text does not say who); a bare plural ("critics", "opponents") is *vague*;
- ``speaker_text``: the source as written, except for a relative pronoun: the source
  span of "voters who said ..." is "who" (as PolNeAR marks it) and the speaker text its
  antecedent, "voters";
- ``speaker_key``: the article actor whose mention covers the source's head word (or the
  name before it nearest to it: "Kremlin spokesman", "Reuters - U.S. officials"); for a
  pronoun, the speaker of the statement just before when it fits ("Lavrov said ... He
  added ..."), else the nearest fitting actor mentioned before; "the company" when the
  article names exactly one organisation.
  None for a coordination ("Lavrov and his colleague Choe praised ..."): one key
  cannot name two speakers, so the statement is *collective* and the ledger keys it by
  its speaker text; a "they" right after such a statement gets None as well. None
  when the article has no actors layer;
- ``polarity``: *deny* when the cue is a denial verb ("denied", "rejected",
  "dismissed"); a negated assertion ("said it was not ...") stays *assert*: the speaker
  asserts a negative content;
- ``hedges``: hedging words of the cue and content ("allegedly", "could", "believe");
- ``event_time``: the TIMEX3 value of a time expression attached to the cue ("said on
  Monday").

``content_text`` is the text of the content span, its evidence. A content interrupted
by its own attribution ("“A,” she said. “B.”", "The economy, he said, is ...") is one
span from its first to its last word; ``content_parts`` gives its pieces without the
inserted source and cue. The same holds for a frame inside a coordination: "Russia is
using ... and, according to experts, is not keeping up ..." gives the experts the whole
coordination from its shared subject on (one contiguous span; its parts are "Russia is
using ..." and "is not keeping up ..."). A quotation that follows a statement without a
cue of its own ("X said on Monday. “We believe ...”") becomes a statement of the same
speaker with no cue and no source span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from heapq import heapify, heappop, heappush
from itertools import pairwise
from typing import TYPE_CHECKING

from storyline.model import (
    ArticleActor,
    Polarity,
    SourceType,
    Statement,
    StatementKind,
    TimeExpression,
)
from storyline.pipeline.doctext import doc_text
from storyline.pipeline.sentences import SentenceIndex
from storyline.pipeline.statements.cues import HEDGE_WORDS, CueClass
from storyline.pipeline.statements.parts import content_parts
from storyline.pipeline.statements.quotes import QuotationIndex
from storyline.pipeline.statements.rules import Finding, find_attributions
from storyline.pipeline.statements.spans import ShortSpans, SpanCover
from storyline.pipeline.statements.speakers import (
    ActorMentions,
    continuing_speaker,
    source_type_of,
    speaker_key_of,
)
from storyline.pipeline.statements.syntax import CharSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FOLLOW_ON_MIN_WORDS", "FOLLOW_ON_REACH", "TimeSpans", "extract_statements"]

#: How far after a statement an unattributed quotation may start to be its speaker's.
FOLLOW_ON_REACH = 300
FOLLOW_ON_MIN_WORDS = 4
#: How a time expression hangs on a cue verb: "said on Monday", "said Monday".
_TIME_ATTACHMENTS = frozenset({"prep", "npadvmod", "advmod", "tmod", "obl"})


# --------------------------------------------------------------------------- details


def _hedges(doc: Doc, finding: Finding, parts: Sequence[CharSpan]) -> tuple[str, ...]:
    return _hedge_words(doc, [finding.cue, *parts])


def _hedge_words(doc: Doc, spans: Sequence[CharSpan]) -> tuple[str, ...]:
    found: list[str] = []
    for start, end in spans:
        for token in doc.char_span(start, end, alignment_mode="expand") or ():
            word = token.lower_
            if word in HEDGE_WORDS and word not in found:
                found.append(word)
    return tuple(found)


class TimeSpans:
    """The article's time expressions, indexed by offset (asked once per statement)."""

    def __init__(self, times: Sequence[TimeExpression]) -> None:
        self.times = times
        self._spans = ShortSpans([(time.start, time.end) for time in times])

    def overlapping(self, start: int, end: int) -> list[TimeExpression]:
        """The time expressions that overlap ``[start, end)``, in the order given."""
        return [self.times[i] for i in self._spans.overlapping(start, end)]


def _event_time(
    doc: Doc, finding: Finding, times: TimeSpans, parts: Sequence[CharSpan]
) -> str | None:
    """The value of a time expression hung on the cue ("said on Monday"), outside the
    source and the content."""
    if not times.times:
        return None
    cue_token = doc[finding.cue_token]
    taken = [*parts, *([finding.source] if finding.source else [])]
    # a time hung on the cue lies in the cue's subtree: only those are read
    reach = (cue_token.left_edge.idx, cue_token.right_edge.idx + len(cue_token.right_edge))
    for time in times.overlapping(*reach):
        if any(s < time.end and time.start < e for s, e in taken):
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            continue
        path = [span.root, *span.root.ancestors]
        for lower, upper in pairwise(path):
            if upper.i == cue_token.i:
                if lower.dep_ in _TIME_ATTACHMENTS:
                    return time.value
                break
    return None


def _statement(
    doc: Doc,
    finding: Finding,
    mentions: ActorMentions,
    times: TimeSpans,
    quotes: QuotationIndex,
) -> Statement | None:
    text = quotes.text
    parts = content_parts(text, finding.content, finding.cue, finding.source, quotes)
    if not parts:
        return None
    speaker_text: str | None = None
    speaker_key: str | None = None
    source_type = SourceType.NONE
    if finding.source is not None and finding.source_token is not None:
        head = doc[finding.source_token]
        named = finding.speaker or finding.source
        speaker_text = text[named[0] : named[1]]
        source_type = source_type_of(head)
        speaker_key = speaker_key_of(mentions, head, named, source_type)
    spans = [finding.content, finding.cue, *([finding.source] if finding.source else [])]
    return Statement(
        start=min(s for s, _ in spans),
        end=max(e for _, e in spans),
        content=finding.content,
        cue=finding.cue,
        source=finding.source,
        speaker_text=speaker_text,
        speaker_key=speaker_key,
        source_type=source_type,
        cue_text=text[finding.cue[0] : finding.cue[1]],
        cue_lemma=finding.cue_lemma,
        content_text=text[finding.content[0] : finding.content[1]],
        kind=finding.kind,
        polarity=Polarity.DENY if finding.cue_class is CueClass.DENIAL else Polarity.ASSERT,
        hedges=_hedges(doc, finding, parts),
        event_time=_event_time(doc, finding, times, parts),
    )


def extract_statements(
    doc: Doc,
    actors: Sequence[ArticleActor] = (),
    times: Sequence[TimeExpression] = (),
    sentences: SentenceIndex | None = None,
) -> tuple[Statement, ...]:
    """Every statement of a parsed article, in text order (``sentences``: the doc's index)."""
    statements: list[Statement] = []
    speakers: list[Statement] = []  # the statements a pronoun may continue
    quotes = QuotationIndex(doc_text(doc))
    mentions, time_spans = ActorMentions(actors), TimeSpans(times)
    kinds = {actor.key: actor.kind for actor in actors}
    for finding in find_attributions(doc, quotes, sentences):
        statement = _statement(doc, finding, mentions, time_spans, quotes)
        if statement is None:
            continue
        if statement.source_type is SourceType.PRONOUN:
            statement = continuing_speaker(statement, speakers, kinds)
        statements.append(statement)
        if statement.speaker_key is not None or statement.source_type is SourceType.COLLECTIVE:
            speakers.append(statement)
    return _with_follow_on_quotes(doc, statements, quotes)


def _follows_sentence_end(text: str, start: int) -> bool:
    before = start
    while before > 0 and text[before - 1] == " ":
        before -= 1
    return before == 0 or text[before - 1] in ".!?\n”\"'"


def _with_follow_on_quotes(
    doc: Doc, statements: list[Statement], quotes: QuotationIndex
) -> tuple[Statement, ...]:
    """Add a statement for each quotation that follows a statement without its own cue.

    "X said on Monday. “We believe ...”": the quotation is X's, with no cue or source of
    its own; it starts a sentence, has at least ``FOLLOW_ON_MIN_WORDS`` words and begins
    at most ``FOLLOW_ON_REACH`` characters after the end of the statement it continues.
    """
    text = quotes.text
    result = list(statements)
    # quotations come in text order and never overlap: one that follows on from an
    # earlier quotation overlaps no later one, so only the statements found are asked
    taken = SpanCover([(s.start, s.end) for s in statements])
    ending = [(s.end, position) for position, s in enumerate(statements)]
    heapify(ending)
    latest: int | None = None  # position of the statement ending last (first of ties)
    for quotation in quotes.quotations:
        while ending and ending[0][0] <= quotation.start:
            _, position = heappop(ending)
            if latest is None or result[position].end > result[latest].end:
                latest = position
        if taken.overlaps(quotation.start, quotation.end):
            continue
        if not _follows_sentence_end(text, quotation.start):
            continue
        words = text[quotation.start : quotation.end].split()
        if len(words) < FOLLOW_ON_MIN_WORDS or latest is None:
            continue
        previous = result[latest]
        if quotation.start - previous.end > FOLLOW_ON_REACH or previous.speaker_text is None:
            continue
        content = (quotation.start, quotation.end)
        heappush(ending, (quotation.end, len(result)))
        result.append(
            replace(
                previous,
                start=quotation.start,
                end=quotation.end,
                content=content,
                cue=None,
                source=None,
                cue_text=None,
                cue_lemma=None,
                content_text=text[quotation.start : quotation.end],
                kind=StatementKind.DIRECT,
                polarity=Polarity.ASSERT,
                hedges=_hedge_words(doc, [content]),
                event_time=None,
            )
        )
    return tuple(sorted(result, key=lambda s: (s.start, s.end)))
