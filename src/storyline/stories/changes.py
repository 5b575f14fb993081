"""What changed in a story since a moment: new happenings, statements, denials and
contradictions.

"New" is by ingest time (when storyline stored the article that brought it), not by
publication date: an alert says what the user has not seen yet. Built from a dossier
and the ingest times of its articles, so it costs what showing the story costs.

- a **happening** is new when the timeline entry's article arrived after ``since``;
- a **statement** is new when every report of its ledger entry arrived after
  ``since`` (an old statement repeated by a new outlet is not news);
- a **denial** is new when the entry is a denial and its first denying report arrived
  after ``since`` (a statement that became a denial counts, too);
- a **contradiction** (``stories.contradictions``) is new when the later of its two
  evidence articles arrived after ``since``: that is when it could first be seen. Its
  evidence is that later report; ``other`` is the earlier one.

``atom_feed`` renders the changes as an Atom 1.0 document (ElementTree escapes every
piece of article text).
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from storyline.errors import InputError
from storyline.model import Contradiction, LedgerEntry, Polarity
from storyline.stories.dossier import Dossier

__all__ = ["Change", "ChangeKind", "atom_feed", "changes_since"]

_ATOM = "http://www.w3.org/2005/Atom"


class ChangeKind(StrEnum):
    HAPPENING = "happening"
    STATEMENT = "statement"
    DENIAL = "denial"
    CONTRADICTION = "contradiction"


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    arrived: datetime  # ingest time of the article that brought it (UTC)
    text: str  # the event's sentence, or the statement's content
    speaker: str | None
    article_id: str  # evidence: the article and character offsets
    start: int
    end: int
    outlets: tuple[str, ...]
    event_date: str | None = None  # TIMEX3 value, for happenings
    other: tuple[str, int, int] | None = None  # a contradiction's other evidence

    @property
    def id(self) -> str:
        key = f"{self.kind}\x00{self.article_id}\x00{self.start}\x00{self.end}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @property
    def headline(self) -> str:
        if self.kind is ChangeKind.HAPPENING:
            return f"{self.event_date or 'undated'}: {self.text}"
        if self.kind is ChangeKind.CONTRADICTION:
            return self.text
        label = "denies" if self.kind is ChangeKind.DENIAL else "says"
        return f"{self.speaker or '(unattributed)'} {label}: {self.text}"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "arrived": self.arrived.isoformat(),
            "text": self.text,
            "speaker": self.speaker,
            "event_date": self.event_date,
            "outlets": list(self.outlets),
            "evidence": {"article_id": self.article_id, "start": self.start, "end": self.end},
            "other_evidence": None
            if self.other is None
            else {"article_id": self.other[0], "start": self.other[1], "end": self.other[2]},
        }


def parse_since(value: str | None) -> datetime:
    """A ``since`` given by a person (a date, or a date and time; UTC unless it says
    otherwise) as a moment; None is 7 days ago."""
    if value is None:
        return datetime.now(UTC) - timedelta(days=7)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"{value!r} is not a date or time like 2026-11-30 or 2026-11-30T09:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def changes_since(
    dossier: Dossier, arrived: Mapping[str, datetime], since: datetime
) -> list[Change]:
    """The dossier's happenings, statements and denials that arrived after ``since``."""
    since = since if since.tzinfo else since.replace(tzinfo=UTC)
    outlet = {a.id: a.article.source for a in dossier.articles}
    found: list[Change] = []
    for event in dossier.timeline:
        when = arrived.get(event.article_id)
        if when is not None and when > since:
            found.append(
                Change(
                    ChangeKind.HAPPENING,
                    when,
                    event.text,
                    None,
                    event.article_id,
                    event.start,
                    event.end,
                    (outlet.get(event.article_id, "?"),),
                    event.value,
                )
            )
    names = {actor.id: actor.name for actor in dossier.actors}
    for entry in dossier.ledger:
        change = _statement_change(entry, arrived, since, names)
        if change is not None:
            found.append(change)
    for item in dossier.contradictions:
        contradiction = _contradiction_change(item, arrived, since, outlet)
        if contradiction is not None:
            found.append(contradiction)
    return sorted(found, key=lambda c: (c.arrived, c.kind, c.article_id, c.start))


def _statement_change(
    entry: LedgerEntry,
    arrived: Mapping[str, datetime],
    since: datetime,
    names: Mapping[str, str],
) -> Change | None:
    times = [arrived[a] for a, _ in entry.reports if a in arrived]
    if not times:
        return None
    denials = [
        (arrived[a], a, s) for a, s in entry.reports if a in arrived and s.polarity is Polarity.DENY
    ]
    speaker = names.get(entry.speaker_id or "") or entry.speaker_text
    if entry.polarity is Polarity.DENY and denials and min(denials, key=_first)[0] > since:
        when, article_id, statement = min(denials, key=_first)
        kind = ChangeKind.DENIAL
    elif min(times) > since:
        article_id, statement = min(entry.reports, key=lambda r: arrived.get(r[0], since))
        when, kind = arrived[article_id], ChangeKind.STATEMENT
    else:
        return None
    return Change(
        kind,
        when,
        entry.content_text,
        speaker,
        article_id,
        statement.start,
        statement.end,
        entry.outlets,
    )


def _contradiction_change(
    item: Contradiction,
    arrived: Mapping[str, datetime],
    since: datetime,
    outlet: Mapping[str, str],
) -> Change | None:
    if item.first[0] not in arrived or item.second[0] not in arrived:
        return None
    earlier, later = sorted((item.first, item.second), key=lambda r: (arrived[r[0]], r[0]))
    when = arrived[later[0]]
    if when <= since:
        return None
    return Change(
        ChangeKind.CONTRADICTION,
        when,
        f"{item.kind.value}: {item.reason}",
        later[1].speaker_text,
        later[0],
        later[1].start,
        later[1].end,
        tuple(dict.fromkeys(outlet.get(r[0], "?") for r in (earlier, later))),
        other=(earlier[0], earlier[1].start, earlier[1].end),
    )


def _first(item: tuple[datetime, str, object]) -> tuple[datetime, str]:
    return item[0], item[1]


def atom_feed(
    dossier: Dossier, changes: Sequence[Change], *, generator: str, link: str | None = None
) -> str:
    """An Atom 1.0 feed of a story's changes, newest first."""
    ET.register_namespace("", _ATOM)
    feed = ET.Element(f"{{{_ATOM}}}feed")
    _add(feed, "id", f"urn:storyline:{dossier.level}:{dossier.id}")
    _add(feed, "title", f"storyline: {dossier.title}")
    newest = max((c.arrived for c in changes), default=datetime.now(UTC))
    _add(feed, "updated", _stamp(newest))
    author = ET.SubElement(feed, f"{{{_ATOM}}}author")
    _add(author, "name", "storyline")
    _add(feed, "generator", generator)
    if link:
        ET.SubElement(feed, f"{{{_ATOM}}}link", href=link, rel="self")
    for change in sorted(changes, key=lambda c: c.arrived, reverse=True):
        entry = ET.SubElement(feed, f"{{{_ATOM}}}entry")
        _add(entry, "id", f"urn:storyline:{dossier.id}:{change.id}")
        _add(entry, "title", f"{_LABELS[change.kind]}: {change.headline}")
        _add(entry, "updated", _stamp(change.arrived))
        _add(entry, "category").set("term", str(change.kind))
        evidence = f"{change.article_id}[{change.start}:{change.end}]"
        if change.other is not None:
            evidence += f" and {change.other[0]}[{change.other[1]}:{change.other[2]}]"
        summary = f"{change.headline}\n\nReported by {', '.join(change.outlets)}. "
        _add(entry, "content", summary + f"Evidence: {evidence}").set("type", "text")
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


_LABELS = {
    ChangeKind.HAPPENING: "New happening",
    ChangeKind.STATEMENT: "New statement",
    ChangeKind.DENIAL: "New denial",
    ChangeKind.CONTRADICTION: "New contradiction",
}


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}")
    if text is not None:
        element.text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 cannot carry at all."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)


def _stamp(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
