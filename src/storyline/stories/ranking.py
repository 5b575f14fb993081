"""What matters first: a dossier ranked and cut to what a reader can take in.

One policy for the terminal and the export:

- **key events**: timeline entries of the dates the most outlets name (an outlet counts
  for a date when one of its articles in the dossier resolves a time expression to it),
  at most ``per_date`` per date, shown in date order;
- **main actors**: by salience in the dossier (how many of its articles mention them,
  then mentions); never an outlet that reports the story (a byline "Reuters" is not an
  actor of it), never a time zone or a unit that the entity recogniser took for a name;
- **key statements**: reported by the most outlets first, named speakers before
  unnamed ones; denials are always kept (they are what a reader must not miss);
- **happenings** (the stories of a storyline): the latest first.

``Limits`` of None keeps everything (``--all``), still ranked and filtered.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from storyline.model import Actor, LedgerEntry, Polarity, Story, TimelineEntry
from storyline.names.keys import name_key
from storyline.stories.dossier import Dossier

__all__ = ["Limits", "rank_dossier"]


@dataclass(frozen=True, slots=True)
class Limits:
    """How many items of each section a bounded dossier shows."""

    events: int = 6
    per_date: int = 2
    actors: int = 6
    statements: int = 5
    happenings: int = 4
    denials: int = 2  # denials kept past the statements' cut

    @classmethod
    def of(cls, limit: int) -> Limits:
        """The same ``limit`` for every section (``--limit N``)."""
        return cls(limit, limit, limit, limit, limit, limit)


# Time zones and units spaCy's recogniser sometimes labels as organisations or places.
_NOT_ACTORS = re.compile(
    r"^(?:[A-Z]{1,3}[SD]?T|UTC|GMT|[A-Z]{2,4} time|km|kms|mph|kph|mm|cm|kg|lbs?|"
    r"celsius|fahrenheit|richter|mw|usd|eur|gbp)$",
    re.IGNORECASE,
)


def _outlet_keys(dossier: Dossier) -> set[str]:
    return {name_key(outlet) for outlet in dossier.outlets}


def main_actors(dossier: Dossier, limit: int | None) -> tuple[Actor, ...]:
    outlets = _outlet_keys(dossier)
    actors = [
        actor
        for actor in dossier.actors
        if not _NOT_ACTORS.match(actor.name.strip())
        and not ({name_key(n) for n in (actor.name, *actor.aliases)} & outlets)
    ]
    spread = {a.id: len({m[0] for m in a.mentions}) for a in actors}
    actors.sort(key=lambda a: (-spread[a.id], -len(a.mentions), a.name))
    return tuple(actors if limit is None else actors[:limit])


def _outlets_per_date(dossier: Dossier) -> dict[str, set[str]]:
    outlets: dict[str, set[str]] = defaultdict(set)
    for analyzed in dossier.articles:
        for expression in analyzed.times:
            if expression.resolved:
                outlets[expression.value].add(analyzed.article.source)
    return outlets


def key_events(dossier: Dossier, limits: Limits | None) -> tuple[TimelineEntry, ...]:
    if limits is None:
        return dossier.timeline
    outlets = _outlets_per_date(dossier)
    sources = {a.id: a.article.source for a in dossier.articles}
    per_date: Counter[str] = Counter()
    kept: list[TimelineEntry] = []
    for entry in dossier.timeline:  # best first within each date already
        if per_date[entry.value] < limits.per_date:
            per_date[entry.value] += 1
            kept.append(entry)

    def reach(entry: TimelineEntry) -> int:
        reporting = outlets.get(entry.value, set()) | {sources.get(entry.article_id, "")}
        return len(reporting - {""})

    order = {id(e): i for i, e in enumerate(dossier.timeline)}
    best = sorted(kept, key=lambda e: (-reach(e), order[id(e)]))[: limits.events]
    return tuple(sorted(best, key=lambda e: (e.value, order[id(e)])))


def key_statements(dossier: Dossier, limits: Limits | None) -> tuple[LedgerEntry, ...]:
    def rank(entry: LedgerEntry) -> tuple[int, bool, date, str]:
        return (
            -len(entry.outlets),
            entry.speaker_id is None,
            entry.first_reported or date.max,
            entry.id,
        )

    ranked = sorted(dossier.ledger, key=rank)
    if limits is None:
        return tuple(ranked)
    chosen = ranked[: limits.statements]
    denials = [e for e in ranked[limits.statements :] if e.polarity is Polarity.DENY]
    return tuple(chosen + denials[: limits.denials])


def latest_happenings(stories: Sequence[Story], limit: int | None) -> tuple[Story, ...]:
    ordered = sorted(
        stories,
        key=lambda s: (s.last_published or s.first_published or date.min, s.id),
        reverse=True,
    )
    return tuple(ordered if limit is None else ordered[:limit])


def rank_dossier(dossier: Dossier, limits: Limits | None = Limits()) -> Dossier:
    """The dossier ranked, and cut to ``limits`` (None: everything).

    ``totals`` of the result say how many items each section had before the cut.
    """
    actors = main_actors(dossier, None)
    totals = (
        ("timeline", len(dossier.timeline)),
        ("actors", len(actors)),
        ("ledger", len(dossier.ledger)),
        ("happenings", len(dossier.stories)),
        ("contradictions", len(dossier.contradictions)),
    )
    return replace(
        dossier,
        timeline=key_events(dossier, limits),
        actors=actors if limits is None else actors[: limits.actors],
        ledger=key_statements(dossier, limits),
        stories=latest_happenings(dossier.stories, None if limits is None else limits.happenings),
        totals=totals,
    )
