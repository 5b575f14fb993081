"""The actor mentions index answers as a scan of every actor would."""

from __future__ import annotations

import random

from storyline.model import ActorKind, ArticleActor
from storyline.pipeline.statements.speakers import ActorMentions

_KINDS = (ActorKind.PERSON, ActorKind.ORGANISATION, ActorKind.COUNTRY)


def _actors(rng: random.Random) -> list[ArticleActor]:
    actors = []
    for number in range(rng.randrange(6)):
        mentions = []
        for _ in range(rng.randrange(1, 4)):
            start = rng.randrange(100)
            mentions.append((start, start + rng.randrange(1, 12)))
        kind = rng.choice(_KINDS)
        actors.append(ArticleActor(f"a{number}", f"A{number}", kind, tuple(mentions)))
    return actors


def _first_overlapping(actors: list[ArticleActor], start: int, end: int) -> str | None:
    for actor in actors:
        for mention in actor.mentions:
            if mention[0] < end and start < mention[1]:
                return actor.key
    return None


def _last_before(actors: list[ArticleActor], before: int, *, plural: bool) -> str | None:
    best: tuple[int, str] | None = None
    for actor in actors:
        if not plural and actor.kind is not ActorKind.PERSON:
            continue
        for start, _ in actor.mentions:
            if start < before and (best is None or start > best[0]):
                best = (start, actor.key)
    return best[1] if best else None


def test_actor_mentions_answer_as_a_scan_would() -> None:
    rng = random.Random(5)
    for _ in range(300):
        actors = _actors(rng)
        mentions = ActorMentions(actors)
        start = rng.randrange(-2, 115)
        end = start + rng.randrange(5)
        found = mentions.overlapping(start, end)
        assert (found.key if found else None) == _first_overlapping(actors, start, end)
        for plural in (False, True):
            expected = _last_before(actors, start, plural=plural)
            assert mentions.last_before(start, plural=plural) == expected


def test_the_only_organisation_is_known_when_there_is_one() -> None:
    firm = ArticleActor("org:firm", "Firm", ActorKind.ORGANISATION, ((0, 4),))
    other = ArticleActor("org:other", "Other", ActorKind.ORGANISATION, ((9, 14),))
    assert ActorMentions([firm]).only_organisation == "org:firm"
    assert ActorMentions([firm, other]).only_organisation is None
