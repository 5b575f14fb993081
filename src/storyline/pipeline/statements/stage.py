"""The statements stage: who said, wrote, reported, warned or denied what.

``statement_rules`` finds source, cue and content spans in the parse; this module
turns them into ``Statement`` records:

- ``source_type``: *named* ("US State Department spokesman Matthew Miller", "the
  Kremlin"), *vague* ("experts", "Western information", "North Korean sources"),
  *collective* ("both countries", "the two leaders", "the US and South Korea"),
  *pronoun* ("he", "they") or *none* ("It is feared that ...", "the figures appear to
  be wrong": an attribution without a source is still a statement: someone fears it,
  and the text does not say who); a bare plural ("critics", "opponents") is *vague*;
- ``speaker_text``: the source as written, except for a relative pronoun: the source
  span of "voters who said ..." is "who" (as PolNeAR marks it) and the speaker text its
  antecedent, "voters";
- ``speaker_key``: the article actor whose mention covers the source's head word (or a
  name before it: "Kremlin spokesman"); for a pronoun, the speaker of the statement just
  before when it fits ("Lavrov said ... He added ..."), else the nearest fitting actor
  mentioned before; "the company" when the article names exactly one organisation.
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
from itertools import pairwise
from typing import TYPE_CHECKING, ClassVar

from storyline.model import (
    ActorKind,
    ArticleActor,
    Polarity,
    SourceType,
    Statement,
    StatementKind,
    TimeExpression,
)
from storyline.pipeline.base import Annotation, Stage
from storyline.pipeline.sentences import SentenceIndex
from storyline.pipeline.statements.cues import (
    COLLECTIVE_DETERMINERS,
    HEDGE_WORDS,
    PRONOUN_SOURCES,
    VAGUE_SOURCE_NOUNS,
    CueClass,
)
from storyline.pipeline.statements.quotes import QuotationIndex, starts_with_quote
from storyline.pipeline.statements.rules import Finding, find_attributions

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "FOLLOW_ON_MIN_WORDS",
    "FOLLOW_ON_REACH",
    "PRONOUN_REACH",
    "StatementsStage",
    "content_parts",
    "extract_statements",
]

CharSpan = tuple[int, int]
_TRIM = " \t\n,;:.—–-"
_CONJUNCTIONS = ("and", "but", "or")
#: Nouns that stand for the company an article is about ("the company said").
_COMPANY_NOUNS = frozenset({"company", "firm", "corporation", "manufacturer", "operator"})
_VAGUE_DETERMINERS = frozenset({"some", "many", "most", "other", "several", "few", "no", "any"})
#: How far (in characters) a pronoun source looks back for the previous speaker.
PRONOUN_REACH = 400
#: How far after a statement an unattributed quotation may start to be its speaker's.
FOLLOW_ON_REACH = 300
FOLLOW_ON_MIN_WORDS = 4
#: How a time expression hangs on a cue verb: "said on Monday", "said Monday".
_TIME_ATTACHMENTS = frozenset({"prep", "npadvmod", "advmod", "tmod", "obl"})


# --------------------------------------------------------------------------- content


def _trim(text: str, start: int, end: int) -> CharSpan | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in " \t\n,;:—–-":
        end -= 1
    return (start, end) if end > start else None


def _before_conjunction(text: str, start: int, end: int) -> int:
    """The end of a piece without a conjunction left dangling before a frame
    ("Russia is using ... and[,] according to experts, ...")."""
    piece = text[start:end].rstrip(_TRIM)
    for word in _CONJUNCTIONS:
        if piece.endswith(f" {word}"):
            return start + len(piece) - len(word)
    return end


def _quote_parts(quotes: QuotationIndex, start: int, end: int, frame: CharSpan) -> list[CharSpan]:
    """Quotations of ``[start, end)`` that lie outside ``frame``."""
    parts = []
    for quotation in quotes.overlapping(start, end):
        if quotation.end <= frame[0] or quotation.start >= frame[1]:
            parts.append((max(quotation.start, start), min(quotation.end, end)))
    return parts


def content_parts(
    text: str,
    content: CharSpan,
    cue: CharSpan | None,
    source: CharSpan | None,
    quotes: QuotationIndex | None = None,
) -> tuple[CharSpan, ...]:
    """The pieces of a content without the source and cue inserted into it.

    "“A,” she said. “B.”" gives the two quotations; "The economy, he said, is strong"
    gives "The economy" and "is strong"; a content that does not surround its cue is
    returned whole. ``quotes`` (the text's quotations) saves finding them again.
    """
    start, end = content
    framing = [span for span in (cue, source) if span and start < span[0] < end]
    if not framing:
        whole = _trim(text, start, end)
        return (whole,) if whole else ()
    frame = (min(s for s, _ in framing), max(e for _, e in framing))
    if starts_with_quote(text, start):
        quoted = _quote_parts(quotes or QuotationIndex(text), start, end, frame)
        if quoted:
            return tuple(quoted)
    pieces = [
        _trim(text, start, _before_conjunction(text, start, frame[0])),
        _trim(text, frame[1], end),
    ]
    return tuple(piece for piece in pieces if piece)


# --------------------------------------------------------------------------- sources


def _source_type(head: Token) -> SourceType:
    words = {t.lower_ for t in head.subtree}
    if head.pos_ == "PRON" or head.lower_ in PRONOUN_SOURCES:
        return SourceType.PRONOUN
    determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "predet")}
    if determiners & COLLECTIVE_DETERMINERS or any(c.dep_ == "conj" for c in head.children):
        return SourceType.COLLECTIVE
    if "two" in words and head.tag_ == "NNS":
        return SourceType.COLLECTIVE
    if head.pos_ != "PROPN" and head.lemma_.lower() in VAGUE_SOURCE_NOUNS:
        return SourceType.VAGUE
    if _bare_plural(head):
        return SourceType.VAGUE  # "Opponents said", "Environmental groups said"
    return SourceType.NAMED


def _bare_plural(head: Token) -> bool:
    """A plural common noun that names no one in particular ("critics", "many
    residents"), not "the residents" or "its critics"."""
    if head.pos_ != "NOUN" or head.tag_ != "NNS" or head.ent_type_:
        return False
    return not any(
        c.dep_ in ("poss", "det") and c.lower_ not in _VAGUE_DETERMINERS for c in head.children
    )


def _mention_actor(
    actors: Sequence[ArticleActor], start: int, end: int
) -> tuple[ArticleActor, tuple[int, int]] | None:
    for actor in actors:
        for mention in actor.mentions:
            if mention[0] < end and start < mention[1]:
                return actor, mention
    return None


def _speaker_key(
    actors: Sequence[ArticleActor], head: Token, source: CharSpan, source_type: SourceType
) -> str | None:
    if not actors or any(c.dep_ == "conj" for c in head.children):
        return None  # "Lavrov and his colleague Choe": one key cannot name both
    if source_type is SourceType.PRONOUN:
        return _antecedent_actor(actors, source[0], plural=head.lower_ in ("they", "we"))
    found = _mention_actor(actors, head.idx, head.idx + len(head))
    if found is None:
        # a name before the head word ("Kremlin spokesman"), not one after it
        found = _mention_actor(actors, source[0], head.idx)
    if found is None:
        found = _apposition_actor(actors, head)
    if found is None:
        return _the_only_company(actors, head)
    return found[0].key


def _apposition_actor(
    actors: Sequence[ArticleActor], head: Token
) -> tuple[ArticleActor, tuple[int, int]] | None:
    """ "its chief executive, Lars-Erik Brandt, said": the actor named in apposition."""
    for apposition in head.children:
        if apposition.dep_ == "appos":
            found = _mention_actor(actors, apposition.idx, apposition.idx + len(apposition))
            if found is not None:
                return found
    return None


def _the_only_company(actors: Sequence[ArticleActor], head: Token) -> str | None:
    """ "Company denies responsibility", "the firm said": the article's one organisation,
    when it names exactly one."""
    if head.tag_ != "NN" or head.lemma_.lower() not in _COMPANY_NOUNS:
        return None
    if any(c.dep_ == "poss" or c.lower_ in ("a", "an", "another") for c in head.children):
        return None  # "a company", "its parent company"
    organisations = [a for a in actors if a.kind is ActorKind.ORGANISATION]
    return organisations[0].key if len(organisations) == 1 else None


def _antecedent_actor(actors: Sequence[ArticleActor], before: int, *, plural: bool) -> str | None:
    """The actor mentioned last before ``before`` (a person, unless ``plural``)."""
    best: tuple[int, str] | None = None
    for actor in actors:
        if not plural and actor.kind is not ActorKind.PERSON:
            continue
        for start, _ in actor.mentions:
            if start < before and (best is None or start > best[0]):
                best = (start, actor.key)
    return best[1] if best else None


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


def _event_time(
    doc: Doc, finding: Finding, times: Sequence[TimeExpression], parts: Sequence[CharSpan]
) -> str | None:
    """The value of a time expression hung on the cue ("said on Monday"), outside the
    source and the content."""
    if not times:
        return None
    cue_token = doc[finding.cue_token]
    taken = [*parts, *([finding.source] if finding.source else [])]
    for time in times:
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
    actors: Sequence[ArticleActor],
    times: Sequence[TimeExpression],
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
        source_type = _source_type(head)
        speaker_key = _speaker_key(actors, head, named, source_type)
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
    quotes = QuotationIndex(doc.text)
    kinds = {actor.key: actor.kind for actor in actors}
    for finding in find_attributions(doc, quotes, sentences):
        statement = _statement(doc, finding, actors, times, quotes)
        if statement is None:
            continue
        if statement.source_type is SourceType.PRONOUN:
            statement = _continuing_speaker(statement, statements, kinds)
        statements.append(statement)
    return _with_follow_on_quotes(doc, statements, quotes)


def _follows_sentence_end(text: str, start: int) -> bool:
    before = text[:start].rstrip(" ")
    return not before or before[-1] in ".!?\n”\"'"


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
    for quotation in quotes.quotations:
        if any(s.start < quotation.end and quotation.start < s.end for s in result):
            continue
        if not _follows_sentence_end(text, quotation.start):
            continue
        words = text[quotation.start : quotation.end].split()
        earlier = [s for s in result if s.end <= quotation.start]
        if len(words) < FOLLOW_ON_MIN_WORDS or not earlier:
            continue
        previous = max(earlier, key=lambda s: s.end)
        if quotation.start - previous.end > FOLLOW_ON_REACH or previous.speaker_text is None:
            continue
        content = (quotation.start, quotation.end)
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


def _continuing_speaker(
    statement: Statement, earlier: Sequence[Statement], kinds: dict[str, ActorKind]
) -> Statement:
    """ "Lavrov said ... He added ...": a pronoun shortly after a statement is its speaker.

    The previous statement's speaker is taken when it ends at most ``PRONOUN_REACH``
    characters before the pronoun and fits it (a person for "he"/"she", a group,
    organisation or country for "they"/"we"); otherwise the actor-based guess stays.
    """
    pronoun = (statement.speaker_text or "").lower()
    where = statement.source[0] if statement.source else statement.start
    for previous in reversed(earlier):
        collective = previous.source_type is SourceType.COLLECTIVE
        if previous.end > where or (previous.speaker_key is None and not collective):
            continue
        if where - previous.end > PRONOUN_REACH:
            break
        if previous.speaker_key is None:  # "the US and its allies ... They suspect"
            plural = pronoun in ("they", "we")
            return replace(statement, speaker_key=None) if plural else statement
        kind = kinds.get(previous.speaker_key)
        person = kind is ActorKind.PERSON and not collective
        if (pronoun in ("he", "she")) == person:
            return replace(statement, speaker_key=previous.speaker_key)
        break
    return statement


class StatementsStage(Stage):
    """Attribution: who said, wrote, reported, warned, praised or denied what."""

    name = "statements"
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "sentence_index", "actors", "times"})
    assigns: ClassVar[frozenset[str]] = frozenset({"statements"})

    def __call__(self, annotation: Annotation) -> Annotation:
        if annotation.doc is None:
            annotation.statements = ()
            return annotation
        annotation.statements = extract_statements(
            annotation.doc, annotation.actors, annotation.times, annotation.sentence_index
        )
        return annotation
