"""Who a statement's source is: its type and the article actor it names.

See ``extract`` for the policy (named, vague, collective and pronoun sources; the
actor whose mention covers the source's head word; a pronoun continuing the speaker
just before it).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.model import ActorKind, ArticleActor, SourceType, Statement
from storyline.pipeline.statements.cues import (
    COLLECTIVE_DETERMINERS,
    PRONOUN_SOURCES,
    VAGUE_SOURCE_NOUNS,
)
from storyline.pipeline.statements.spans import ShortSpans
from storyline.pipeline.statements.syntax import CharSpan

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "PRONOUN_REACH",
    "ActorMentions",
    "continuing_speaker",
    "source_type_of",
    "speaker_key_of",
]

#: Nouns that stand for the company an article is about ("the company said").
_COMPANY_NOUNS = frozenset({"company", "firm", "corporation", "manufacturer", "operator"})
_VAGUE_DETERMINERS = frozenset({"some", "many", "most", "other", "several", "few", "no", "any"})
#: How far (in characters) a pronoun source looks back for the previous speaker.
PRONOUN_REACH = 400


# --------------------------------------------------------------------------- sources


def source_type_of(head: Token) -> SourceType:
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


class ActorMentions:
    """The article's actors, their mentions indexed by offset (asked once per statement)."""

    def __init__(self, actors: Sequence[ArticleActor]) -> None:
        self.actors = actors
        # every mention in actor order, then mention order: the first one found wins
        self._owners = [actor for actor in actors for _ in actor.mentions]
        mentions = [mention for actor in actors for mention in actor.mentions]
        self._spans = ShortSpans(mentions)
        self._starts = sorted((start, n) for n, (start, _) in enumerate(mentions))
        self._person_starts = [
            entry for entry in self._starts if self._owners[entry[1]].kind is ActorKind.PERSON
        ]
        organisations = [a for a in actors if a.kind is ActorKind.ORGANISATION]
        self.only_organisation = organisations[0].key if len(organisations) == 1 else None

    def overlapping(self, start: int, end: int) -> ArticleActor | None:
        """The first actor with a mention that overlaps ``[start, end)``."""
        found = self._spans.overlapping(start, end)
        return self._owners[found[0]] if found else None

    def last_before(self, before: int, *, plural: bool) -> str | None:
        """The actor mentioned last before ``before`` (a person, unless ``plural``); of
        two mentions at the same place, the first actor's."""
        entries = self._starts if plural else self._person_starts
        index = bisect_left(entries, (before,)) - 1
        if index < 0:
            return None
        first = bisect_left(entries, (entries[index][0],))
        return self._owners[entries[first][1]].key


def speaker_key_of(
    mentions: ActorMentions, head: Token, source: CharSpan, source_type: SourceType
) -> str | None:
    if not mentions.actors or any(c.dep_ == "conj" for c in head.children):
        return None  # "Lavrov and his colleague Choe": one key cannot name both
    if source_type is SourceType.PRONOUN:
        return mentions.last_before(source[0], plural=head.lower_ in ("they", "we"))
    found = mentions.overlapping(head.idx, head.idx + len(head))
    if found is None:
        # a name before the head word ("Kremlin spokesman"), not one after it
        found = mentions.overlapping(source[0], head.idx)
    if found is None:
        found = _apposition_actor(mentions, head)
    if found is None:
        return _the_only_company(mentions, head)
    return found.key


def _apposition_actor(mentions: ActorMentions, head: Token) -> ArticleActor | None:
    """ "its chief executive, Lars-Erik Brandt, said": the actor named in apposition."""
    for apposition in head.children:
        if apposition.dep_ == "appos":
            found = mentions.overlapping(apposition.idx, apposition.idx + len(apposition))
            if found is not None:
                return found
    return None


def _the_only_company(mentions: ActorMentions, head: Token) -> str | None:
    """ "Company denies responsibility", "the firm said": the article's one organisation,
    when it names exactly one."""
    if head.tag_ != "NN" or head.lemma_.lower() not in _COMPANY_NOUNS:
        return None
    if any(c.dep_ == "poss" or c.lower_ in ("a", "an", "another") for c in head.children):
        return None  # "a company", "its parent company"
    return mentions.only_organisation


def continuing_speaker(
    statement: Statement, earlier: Sequence[Statement], kinds: dict[str, ActorKind]
) -> Statement:
    """ "Lavrov said ... He added ...": a pronoun shortly after a statement is its speaker.

    ``earlier``: the statements before it that name a speaker or are collective.

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
