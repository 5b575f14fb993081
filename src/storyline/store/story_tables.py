"""The story engine's tables in the SQLite store (schema version 2, see migrations).

- ``article_features``: each article's grouping features (``codec.pack``), computed once
  at ingest;
- ``feature_frequency``: how many articles hold each feature key (key ``#`` holds the
  number of articles), for the engine's inverse document frequencies;
- ``postings``: the inverted index, salient key -> articles, by publication date, so a
  new article finds its candidates in its publication window;
- ``stories`` / ``story_members`` / ``storylines``: the assignments, each row with a
  version that grows whenever its members change;
- ``redirects``: ids of stories and storylines merged into another one;
- ``dossier_cache``: one cached dossier per story, under a key of its version, the code
  version and the configuration (a new key replaces the old entry).

Undated articles are stored with ``published = ''``. Every method runs inside the
caller's transaction (``transaction()``); nothing here commits on its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["DOCUMENTS_KEY", "StoryRow", "StoryTables", "StorylineRow"]

DOCUMENTS_KEY = "#"
_CHUNK = 500  # SQLite's bound variables per statement stay well under its limit


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    storyline_id: str
    title: str
    first_published: str
    last_published: str
    articles: int
    version: int


@dataclass(frozen=True, slots=True)
class StorylineRow:
    id: str
    title: str
    first_published: str
    last_published: str
    articles: int
    version: int


def rows_in(
    db: sqlite3.Connection, query: str, ids: Iterable[str], after: Sequence[object] = ()
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` for these ids (each once), a chunk of ids per statement so
    that SQLite's bound variables stay under its limit: ``{marks}`` in the query stands
    for a chunk's placeholders, ``after`` for the parameters that follow them."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        yield from db.execute(query.format(marks=marks), [*chunk, *after])


class StoryTables:
    """Reads and writes of the story engine's tables over one SQLite connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ------------------------------------------------------------------ features

    def has_features(self, article_id: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM article_features WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row is not None

    def pending(self, limit: int) -> list[str]:
        """Stored articles the engine has not placed yet, oldest publication first."""
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN article_features f ON f.article_id = a.id "
            "WHERE f.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.id LIMIT ?",
            (limit,),
        )
        return [str(r[0]) for r in rows]

    def put_features(
        self,
        article_id: str,
        published: str,
        title: str,
        features: bytes,
        keys: Iterable[str],
        index_keys: Iterable[str],
    ) -> None:
        self._db.execute(
            "INSERT INTO article_features (article_id, published, title, features) "
            "VALUES (?, ?, ?, ?)",
            (article_id, published, title, features),
        )
        self._db.executemany(
            "INSERT INTO feature_frequency (key, documents) VALUES (?, 1) "
            "ON CONFLICT (key) DO UPDATE SET documents = documents + 1",
            [(k,) for k in [DOCUMENTS_KEY, *keys]],
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO postings (key, published, article_id) VALUES (?, ?, ?)",
            [(k, published, article_id) for k in index_keys],
        )

    def features(self, ids: Sequence[str]) -> dict[str, tuple[str | bytes, str, str]]:
        """article id -> (packed features (``codec.pack``), title, published)."""
        rows = rows_in(
            self._db,
            "SELECT article_id, features, title, published FROM article_features "
            "WHERE article_id IN ({marks})",
            ids,
        )
        return {str(r[0]): (r[1], str(r[2]), str(r[3])) for r in rows}

    def frequencies(self, keys: Sequence[str]) -> dict[str, int]:
        query = "SELECT key, documents FROM feature_frequency WHERE key IN ({marks})"
        return {str(r[0]): int(r[1]) for r in rows_in(self._db, query, keys)}

    def documents(self) -> int:
        row = self._db.execute(
            "SELECT documents FROM feature_frequency WHERE key = ?", (DOCUMENTS_KEY,)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def postings(self, key: str, window: tuple[str, str] | None, limit: int) -> list[str]:
        """Articles holding ``key``, newest first: published inside ``window`` or undated."""
        if window is None:
            rows = self._db.execute(
                "SELECT article_id FROM postings WHERE key = ? ORDER BY published DESC LIMIT ?",
                (key, limit),
            ).fetchall()
        else:
            rows = self._db.execute(
                "SELECT article_id FROM postings WHERE key = ? AND published BETWEEN ? AND ? "
                "ORDER BY published DESC LIMIT ?",
                (key, window[0], window[1], limit),
            ).fetchall()
            rows += self._db.execute(
                "SELECT article_id FROM postings WHERE key = ? AND published = '' LIMIT ?",
                (key, limit),
            ).fetchall()
        return [str(r[0]) for r in rows]

    # ------------------------------------------------------------------ stories

    def story_ids_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        query = "SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})"
        return {str(r[0]): str(r[1]) for r in rows_in(self._db, query, article_ids)}

    def members(self, story_id: str) -> list[str]:
        """A story's article ids, oldest publication first (undated last)."""
        rows = self._db.execute(
            "SELECT article_id FROM story_members WHERE story_id = ? "
            "ORDER BY published = '', published, article_id",
            (story_id,),
        )
        return [str(r[0]) for r in rows]

    def latest_members(self, story_id: str, count: int) -> list[str]:
        """The story's ``count`` newest article ids, oldest first (read by index)."""
        rows = self._db.execute(
            "SELECT article_id FROM story_members WHERE story_id = ? "
            "ORDER BY published DESC, article_id DESC LIMIT ?",
            (story_id, count),
        )
        return [str(r[0]) for r in rows][::-1]

    def arrived_since(self, story_ids: Sequence[str], moment: str, limit: int) -> list[str]:
        """The stories' articles stored after ``moment`` (ISO UTC), the latest ``limit``.

        Read by the index of each story's members and the articles' primary key: ids
        and stamps only, no text or layers.
        """
        rows = rows_in(
            self._db,
            "SELECT m.article_id, a.ingested_at FROM story_members m "
            "JOIN articles a ON a.id = m.article_id "
            "WHERE m.story_id IN ({marks}) AND a.ingested_at > ? "
            "ORDER BY a.ingested_at DESC, m.article_id LIMIT ?",
            story_ids,
            [moment, limit],
        )
        found = [(str(r[1]), str(r[0])) for r in rows]
        return [ident for _, ident in sorted(found, reverse=True)[:limit]]

    def set_member(self, article_id: str, story_id: str, published: str) -> None:
        self._db.execute(
            "INSERT INTO story_members (article_id, story_id, published) VALUES (?, ?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id",
            (article_id, story_id, published),
        )

    def story(self, story_id: str) -> StoryRow | None:
        row = self._db.execute(
            "SELECT id, storyline_id, title, first_published, last_published, articles, version "
            "FROM stories WHERE id = ?",
            (story_id,),
        ).fetchone()
        return None if row is None else StoryRow(*row)

    def put_story(self, row: StoryRow) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO stories (id, storyline_id, title, first_published, "
            "last_published, articles, version) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                row.id,
                row.storyline_id,
                row.title,
                row.first_published,
                row.last_published,
                row.articles,
                row.version,
            ),
        )

    def delete_story(self, story_id: str) -> None:
        self._db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        self._db.execute("DELETE FROM dossier_cache WHERE story_id = ?", (story_id,))

    def stories_of(self, storyline_id: str) -> list[StoryRow]:
        rows = self._db.execute(
            "SELECT id, storyline_id, title, first_published, last_published, articles, version "
            "FROM stories WHERE storyline_id = ? ORDER BY first_published = '', "
            "first_published, id",
            (storyline_id,),
        )
        return [StoryRow(*r) for r in rows]

    def all_stories(self) -> list[StoryRow]:
        rows = self._db.execute(
            "SELECT id, storyline_id, title, first_published, last_published, articles, version "
            "FROM stories"
        )
        return [StoryRow(*r) for r in rows]

    def all_members(self) -> Iterator[tuple[str, str]]:
        """(story id, article id) of every assignment, oldest publication first."""
        rows = self._db.execute(
            "SELECT story_id, article_id FROM story_members "
            "ORDER BY published = '', published, article_id"
        )
        for row in rows:
            yield str(row[0]), str(row[1])

    # ------------------------------------------------------------------ storylines

    def storyline(self, storyline_id: str) -> StorylineRow | None:
        row = self._db.execute(
            "SELECT id, title, first_published, last_published, articles, version "
            "FROM storylines WHERE id = ?",
            (storyline_id,),
        ).fetchone()
        return None if row is None else StorylineRow(*row)

    def put_storyline(self, row: StorylineRow) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO storylines (id, title, first_published, last_published, "
            "articles, version) VALUES (?, ?, ?, ?, ?, ?)",
            (row.id, row.title, row.first_published, row.last_published, row.articles, row.version),
        )

    def delete_storyline(self, storyline_id: str) -> None:
        self._db.execute("DELETE FROM storylines WHERE id = ?", (storyline_id,))
        self._db.execute("DELETE FROM dossier_cache WHERE story_id = ?", (storyline_id,))

    def storyline_stories(self, storyline_id: str, count: int) -> list[StoryRow]:
        """At most ``count`` of a storyline's stories: half the latest, then the largest."""
        rows = self._db.execute(
            "SELECT * FROM (SELECT id, storyline_id, title, first_published, last_published, "
            "articles, version FROM stories WHERE storyline_id = ? "
            "ORDER BY last_published DESC LIMIT ?) UNION "
            "SELECT * FROM (SELECT id, storyline_id, title, first_published, last_published, "
            "articles, version FROM stories WHERE storyline_id = ? ORDER BY articles DESC LIMIT ?)",
            (storyline_id, (count + 1) // 2, storyline_id, count // 2),
        )
        stories = [StoryRow(*r) for r in rows]
        return sorted(stories, key=lambda r: (r.first_published == "", r.first_published, r.id))

    def storyline_sample(self, storyline_id: str, stories: int, per_story: int) -> list[str]:
        """Article ids of a storyline's latest and largest stories, read by index.

        At most ``stories`` stories (``storyline_stories``) and the ``per_story`` newest
        articles of each: a bounded sample whatever the storyline's size.
        """
        sample: list[str] = []
        for row in self.storyline_stories(storyline_id, stories):
            sample += self.latest_members(row.id, per_story)
        return sample

    def storyline_summary(self, storyline_id: str) -> tuple[StoryRow | None, str, str, int]:
        """(largest story, first and last publication, articles) of a storyline, in SQL.

        The largest story is the earliest among equals (an undated one first), read
        by one seek of the index (storyline_id, articles DESC, first_published, id).
        """
        largest = self._db.execute(
            "SELECT id, storyline_id, title, first_published, last_published, articles, version "
            "FROM stories WHERE storyline_id = ? ORDER BY articles DESC, first_published, id "
            "LIMIT 1",
            (storyline_id,),
        ).fetchone()
        # one aggregate a query: SQLite answers a lone min() or max() by one index seek
        first = self._db.execute(
            "SELECT min(first_published) FROM stories "
            "WHERE storyline_id = ? AND first_published > ''",
            (storyline_id,),
        ).fetchone()[0]
        last = self._db.execute(
            "SELECT max(last_published) FROM stories WHERE storyline_id = ?", (storyline_id,)
        ).fetchone()[0]
        # a scan of the covering index (storyline_id, articles): one entry per story,
        # no article read
        articles = self._db.execute(
            "SELECT coalesce(sum(articles), 0) FROM stories WHERE storyline_id = ?",
            (storyline_id,),
        ).fetchone()[0]
        row = None if largest is None else StoryRow(*largest)
        return row, first or "", last or "", int(articles)

    def move_stories(self, from_storyline: str, to_storyline: str) -> None:
        self._db.execute(
            "UPDATE stories SET storyline_id = ? WHERE storyline_id = ?",
            (to_storyline, from_storyline),
        )

    def storyline_ids(self) -> list[str]:
        """Every storyline's id, the oldest first (as ``stored_grouping`` orders them)."""
        rows = self._db.execute(
            "SELECT id FROM storylines"
            " ORDER BY coalesce(first_published, '') = '', first_published, id"
        )
        return [row[0] for row in rows]

    def storylines(self, limit: int | None = None, offset: int = 0) -> list[StorylineRow]:
        """Storylines, the latest activity first."""
        rows = self._db.execute(
            "SELECT id, title, first_published, last_published, articles, version "
            "FROM storylines ORDER BY last_published DESC, id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [StorylineRow(*r) for r in rows]

    # ------------------------------------------------------------------ ids

    def redirect(self, old_id: str, new_id: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO redirects (old_id, new_id) VALUES (?, ?)", (old_id, new_id)
        )

    def redirected(self, old_id: str) -> str | None:
        row = self._db.execute(
            "SELECT new_id FROM redirects WHERE old_id = ?", (old_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def taken(self, ident: str) -> bool:
        """Whether an id names a story, a storyline or a redirect."""
        row = self._db.execute(
            "SELECT 1 FROM stories WHERE id = ?1 UNION ALL SELECT 1 FROM storylines WHERE id = ?1 "
            "UNION ALL SELECT 1 FROM redirects WHERE old_id = ?1",
            (ident,),
        ).fetchone()
        return row is not None

    def ids_starting(self, prefix: str, limit: int = 2) -> list[str]:
        """Story and storyline ids that start with ``prefix`` (at most ``limit``)."""
        bound = prefix + "\U0010ffff"
        rows = self._db.execute(
            "SELECT id FROM storylines WHERE id >= ?1 AND id < ?2 UNION "
            "SELECT id FROM stories WHERE id >= ?1 AND id < ?2 LIMIT ?3",
            (prefix, bound, limit),
        )
        return [str(r[0]) for r in rows]

    # ------------------------------------------------------------------ dossier cache

    def cached_dossier(self, story_id: str, key: str) -> str | None:
        row = self._db.execute(
            "SELECT payload FROM dossier_cache WHERE story_id = ? AND key = ?", (story_id, key)
        ).fetchone()
        return None if row is None else str(row[0])

    def put_dossier(self, story_id: str, key: str, payload: str) -> None:
        """Cache a dossier; it replaces (evicts) any older entry of the same story."""
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO dossier_cache (story_id, key, payload) VALUES (?, ?, ?)",
                (story_id, key, payload),
            )
