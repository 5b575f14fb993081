"""The web view's reads, each by index and bounded by what one page shows.

- storylines, the latest activity first, filtered by period (their stored first and
  last publication), outlet (``articles_source``) and actor (``actor_names``: the slug
  of every name and name variant of each article actor, written when the article is
  stored, see migration 7), counted and paged in SQL;
- the members of a page's stories with their outlets, the storyline of given articles;
- an outlet's articles, an actor's latest articles.

No read here grows with the number of stories or articles unrelated to the page.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storyline.store.story_tables import StorylineRow, rows_in

__all__ = ["ActorKey", "StorylineFilter", "WebTables"]

_STORYLINE = "l.id, l.title, l.first_published, l.last_published, l.articles, l.version"


@dataclass(frozen=True, slots=True)
class ActorKey:
    """An actor as the index knows it: the slug of a name, and its kind (None: any)."""

    slug: str
    kind: str | None = None

    def condition(self, alias: str) -> tuple[str, list[str]]:
        """SQL restricting ``alias`` (an ``actor_names`` row) to this actor."""
        if self.kind is None:
            return f"{alias}.slug = ?", [self.slug]
        return f"{alias}.slug = ? AND {alias}.kind = ?", [self.slug, self.kind]


@dataclass(frozen=True, slots=True)
class StorylineFilter:
    """Storylines overlapping [since, until], carried by ``outlet``, naming ``actor``."""

    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    actor: ActorKey | None = None

    def query(self) -> tuple[str, list[str]]:
        """FROM and WHERE of the matching storylines ``l``.

        Filtered by actor or outlet, the storylines come from that actor's (else
        outlet's) articles, by index, and only those are looked up and sorted: the
        cost follows the matches, not the number of storylines in the store.
        """
        clauses: list[str] = []
        params: list[str] = []
        members = _storylines_of_actor(self.actor) if self.actor else None
        if self.outlet is not None:
            outlet = (_OF_OUTLET, [self.outlet])
            if members is None:
                members = outlet
            else:
                clauses.append(f"l.id IN ({outlet[0]})")
                params += outlet[1]
        if self.since is not None:  # undated ('') ends before any date
            clauses.append("l.last_published >= ?")
            params.append(self.since.isoformat())
        if self.until is not None:
            clauses.append("l.first_published > '' AND l.first_published <= ?")
            params.append(self.until.isoformat())
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        if members is None:
            return " FROM storylines l" + where, params
        source = f" FROM ({members[0]}) x JOIN storylines l ON l.id = x.id"
        return source + where, [*members[1], *params]


_OF_OUTLET = (
    "SELECT DISTINCT s.storyline_id AS id FROM articles a "
    "JOIN story_members m ON m.article_id = a.id JOIN stories s ON s.id = m.story_id "
    "WHERE a.source = ?"
)


def _storylines_of_actor(actor: ActorKey) -> tuple[str, list[str]]:
    condition, params = actor.condition("n")
    return (
        "SELECT DISTINCT s.storyline_id AS id FROM actor_names n "
        "JOIN story_members m ON m.article_id = n.article_id "
        f"JOIN stories s ON s.id = m.story_id WHERE {condition}",
        params,
    )


class WebTables:
    """Reads for the web view over one SQLite connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    # ------------------------------------------------------------------ storylines

    def storylines(
        self, where: StorylineFilter, limit: int, offset: int = 0
    ) -> tuple[list[StorylineRow], int]:
        """One page of matching storylines (latest activity first, undated last, then
        by id) and how many match in all."""
        query, params = where.query()
        rows = self._db.execute(
            f"SELECT {_STORYLINE}{query} ORDER BY l.last_published DESC, l.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        page = [StorylineRow(*row) for row in rows]
        total = self._db.execute(f"SELECT COUNT(*){query}", params).fetchone()[0]
        return page, int(total)

    def members(self, story_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """(article id, outlet) of each story's articles, oldest first (undated last)."""
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        rows = rows_in(
            self._db,
            "SELECT m.story_id, m.article_id, a.source FROM story_members m "
            "JOIN articles a ON a.id = m.article_id WHERE m.story_id IN ({marks}) "
            "ORDER BY m.published = '', m.published, m.article_id",
            story_ids,
        )
        for story_id, article_id, source in rows:
            found[str(story_id)].append((str(article_id), str(source)))
        return found

    def storyline_outlets(self, storyline_ids: Sequence[str]) -> dict[str, list[str]]:
        """The outlets of each storyline's articles (all of them, grouped in SQL), the
        first to report first (undated reports last)."""
        found: dict[str, list[str]] = defaultdict(list)
        rows = rows_in(
            self._db,
            "SELECT s.storyline_id, a.source, MIN(NULLIF(m.published, '')) AS first "
            "FROM stories s JOIN story_members m ON m.story_id = s.id "
            "JOIN articles a ON a.id = m.article_id "
            "WHERE s.storyline_id IN ({marks}) GROUP BY s.storyline_id, a.source "
            "ORDER BY s.storyline_id, first IS NULL, first, a.source",
            storyline_ids,
        )
        for storyline_id, source, _ in rows:
            found[str(storyline_id)].append(str(source))
        return found

    def story_counts(self, storyline_ids: Sequence[str]) -> dict[str, int]:
        """How many stories (happenings) each storyline has."""
        query = (
            "SELECT storyline_id, COUNT(*) FROM stories "
            "WHERE storyline_id IN ({marks}) GROUP BY storyline_id"
        )
        return {str(i): int(count) for i, count in rows_in(self._db, query, storyline_ids)}

    def storyline_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id -> the id of its storyline, for the placed ones."""
        query = (
            "SELECT m.article_id, s.storyline_id FROM story_members m "
            "JOIN stories s ON s.id = m.story_id WHERE m.article_id IN ({marks})"
        )
        return {str(a): str(line) for a, line in rows_in(self._db, query, article_ids)}

    # ------------------------------------------------------------------ outlets and actors

    def outlets(self) -> list[str]:
        """Every outlet: one seek of the index ``articles_source`` each, from the last."""
        rows = self._db.execute(
            "WITH RECURSIVE outlet (name) AS (SELECT min(source) FROM articles UNION ALL "
            "SELECT (SELECT min(source) FROM articles WHERE source > outlet.name) FROM outlet "
            "WHERE outlet.name IS NOT NULL) SELECT name FROM outlet WHERE name IS NOT NULL"
        )
        return [str(row[0]) for row in rows]

    def outlet_articles(self, name: str, limit: int) -> list[tuple[str, str, str, str]]:
        """(id, outlet, title, published) of an outlet's latest articles, newest first."""
        rows = self._db.execute(
            "SELECT id, source, title, coalesce(published, '') FROM articles WHERE source = ? "
            "ORDER BY published IS NULL, published DESC, id DESC LIMIT ?",
            (name, limit),
        )
        return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    def outlet_count(self, name: str) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM articles WHERE source = ?", (name,))
        return int(row.fetchone()[0])

    def actor_articles(self, actor: ActorKey, limit: int) -> tuple[list[str], int]:
        """The ``limit`` latest articles naming the actor (newest first), and how many do."""
        condition, params = actor.condition("n")
        rows = self._db.execute(
            f"SELECT DISTINCT n.article_id, n.published FROM actor_names n WHERE {condition} "
            "ORDER BY n.published = '', n.published DESC, n.article_id DESC LIMIT ?",
            [*params, limit],
        )
        latest = [str(row[0]) for row in rows]
        total = self._db.execute(
            f"SELECT COUNT(DISTINCT n.article_id) FROM actor_names n WHERE {condition}", params
        ).fetchone()[0]
        return latest, int(total)
