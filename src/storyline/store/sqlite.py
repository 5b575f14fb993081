"""The default store: one SQLite file, migrated on open, one transaction per article.

Each article and all its layers are written in a single transaction, so a crash or
Ctrl-C during an ingest leaves either the whole article or nothing. Ids are primary
keys: storing the same article twice keeps the first copy.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from storyline.errors import NotFoundError, StoreError
from storyline.model import AnalyzedArticle, Article
from storyline.names.keys import slug
from storyline.store.base import (
    HIT_END,
    HIT_START,
    ArticleHead,
    SearchHit,
    SearchPage,
)
from storyline.store.codec import decode_json, from_plain, pack, packed_json, to_plain
from storyline.store.feed_state import FeedTables
from storyline.store.migrations import BUSY_TIMEOUT_MS, migrate
from storyline.store.story_tables import StoryTables
from storyline.store.web_tables import WebTables
from storyline.stories.syndication import COPY_JACCARD, band_keys, signature_of, similarity

__all__ = ["LAYER_COLUMNS", "SQLiteStore", "fts_query"]

#: AnalyzedArticle layers, each stored as JSON in the ``layers`` column of its name.
LAYER_COLUMNS = tuple(f.name for f in dataclasses.fields(AnalyzedArticle) if f.name != "article")

_ARTICLE_COLUMNS = ("id", "source", "title", "text", "published", "url", "language", "origin")
#: The type of each layer (``AnalyzedArticle``'s hints), to decode layers one by one.
_LAYER_TYPES = typing.get_type_hints(AnalyzedArticle)


class SQLiteStore(FeedTables):
    """Analyzed articles in a SQLite database file (or ``:memory:``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create folder: {error}", path=self.path) from None
        try:
            # the busy timeout from the first statement on: switching to WAL takes a lock
            # too, which another process opening the same new store may hold a while
            self._db = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
            self._db.execute("PRAGMA foreign_keys = ON")
            _retry_while_busy(self._prepare)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"not a storyline database: {error}", path=self.path) from None
        self.story_tables = StoryTables(self._db)
        self.web_tables = WebTables(self._db)

    def _prepare(self) -> None:
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        migrate(self._db)

    # ------------------------------------------------------------------ writing

    def add(self, analyzed: AnalyzedArticle, *, pipeline: str = "") -> bool:
        try:
            with self._transaction():
                return self._insert_article(analyzed, pipeline)
        except sqlite3.Error as error:
            raise StoreError(
                f"cannot store article {analyzed.article.id}: {error}", path=self.path
            ) from None

    def _insert_article(self, analyzed: AnalyzedArticle, pipeline: str) -> bool:
        """Insert an article, its layers and its copy link; call inside a transaction."""
        article = analyzed.article
        values: dict[str, Any] = to_plain(article)
        row = [values[column] for column in _ARTICLE_COLUMNS]
        layers = [pack(getattr(analyzed, name)) for name in LAYER_COLUMNS]
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        cursor = self._db.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(_ARTICLE_COLUMNS)}, "
            "ingested_at, pipeline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*row, stamp, pipeline],
        )
        if cursor.rowcount == 0:
            return False
        self._db.execute(
            "INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)",
            [cursor.lastrowid, article.title, article.text],
        )
        self._db.execute(
            f"INSERT INTO layers (article_id, {', '.join(LAYER_COLUMNS)}) "
            f"VALUES (?{', ?' * len(LAYER_COLUMNS)})",
            [article.id, *layers],
        )
        self._link_copy(article)
        self._index_actors(analyzed)
        return True

    def _index_actors(self, analyzed: AnalyzedArticle) -> None:
        """The actor index (``actor_names``): every name and variant of each actor."""
        published = analyzed.article.published
        day = published.isoformat() if published else ""
        names = {
            (slug(name), actor.kind.value)
            for actor in analyzed.actors
            for name in (actor.name, *actor.aliases)
        }
        self._db.executemany(
            "INSERT OR IGNORE INTO actor_names (slug, kind, published, article_id) "
            "VALUES (?, ?, ?, ?)",
            [(key, kind, day, analyzed.article.id) for key, kind in sorted(names)],
        )

    def _link_copy(self, article: Article) -> None:
        """Keep the article's text signature; link it to the original it copies, if any."""
        signature = signature_of(article.text)
        if signature is None:
            return
        keys = band_keys(signature)
        rows = self._db.execute(
            "SELECT s.article_id, s.source, s.signature FROM text_signatures s "
            "JOIN articles a ON a.id = s.article_id WHERE s.article_id IN "
            f"(SELECT article_id FROM text_bands WHERE band_key IN ({', '.join('?' * len(keys))})) "
            "ORDER BY a.rowid LIMIT 200",
            keys,
        ).fetchall()
        original = next(
            (
                str(candidate)
                for candidate, source, known in rows
                if source != article.source and similarity(signature, known) >= COPY_JACCARD
            ),
            None,
        )
        self._db.execute(
            "INSERT OR REPLACE INTO text_signatures (article_id, source, signature) "
            "VALUES (?, ?, ?)",
            (article.id, article.source, signature),
        )
        self._db.executemany(
            "INSERT INTO text_bands (band_key, article_id) VALUES (?, ?)",
            [(key, article.id) for key in keys],
        )
        if original is not None:
            self._db.execute(
                "INSERT OR IGNORE INTO article_copies (article_id, original_id) VALUES "
                "(?, COALESCE((SELECT original_id FROM article_copies WHERE article_id = ?), ?))",
                (article.id, original, original),
            )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def put_cache(self, key: str, payload: str) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO cache (key, payload) VALUES (?, ?)", (key, payload)
            )

    # ------------------------------------------------------------------ reading

    def has(self, article_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def get(self, article_id: str) -> AnalyzedArticle:
        for analyzed in self.articles([article_id]):
            return analyzed
        raise NotFoundError(f"no article {article_id!r} in the store", path=self.path)

    def articles(
        self, ids: Iterable[str] | None = None, layers: Sequence[str] | None = None
    ) -> Iterator[AnalyzedArticle]:
        wanted_layers = LAYER_COLUMNS if layers is None else tuple(layers)
        unknown = set(wanted_layers) - set(LAYER_COLUMNS)
        if unknown:
            raise ValueError(f"no layers {sorted(unknown)}")
        for row in self._article_rows(ids, wanted_layers):
            yield _decode_row(row, wanted_layers)

    def _article_rows(
        self, ids: Iterable[str] | None, layers: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        """The article columns and those layer columns of the articles (all: their
        latest versions), oldest publication first."""
        columns = ", ".join(f"a.{c}" for c in _ARTICLE_COLUMNS)
        selected = "".join(f", l.{c}" for c in layers)
        query = f"SELECT {columns}{selected} FROM articles a JOIN layers l ON l.article_id = a.id"
        order = " ORDER BY a.published IS NULL, a.published, a.id"
        if ids is None:  # the latest version of each article; earlier ones by id only
            latest = " WHERE a.id NOT IN (SELECT previous_id FROM article_versions)"
            rows = self._db.execute(query + latest + order)
        else:
            wanted = list(dict.fromkeys(ids))
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM wanted")
            self._db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", [(i,) for i in wanted])
            rows = self._db.execute(query + " WHERE a.id IN (SELECT id FROM wanted)" + order)
        return rows.fetchall()

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def fingerprint(self) -> str:
        row = self._db.execute(  # each aggregate alone: SQLite answers it without a scan
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COALESCE(MAX(rowid), 0) FROM articles)"
        ).fetchone()
        return f"{row[0]}:{row[1]}"

    def cached(self, key: str) -> str | None:
        row = self._db.execute("SELECT payload FROM cache WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def article_heads(self, limit: int | None = None, offset: int = 0) -> list[ArticleHead]:
        rows = self._db.execute(
            "SELECT id, source, title, published, url, language FROM articles"
            " ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [_head(row) for row in rows]

    def search(
        self,
        words: str,
        *,
        limit: int,
        offset: int = 0,
        source: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> SearchPage:
        match = fts_query(words)
        if not match:
            return SearchPage(0, ())
        where, arguments = ["article_search MATCH ?"], [match]
        for condition, value in (
            ("a.source = ?", source),
            ("a.published >= ?", since and since.isoformat()),
            ("a.published <= ?", until and until.isoformat()),
        ):
            if value:
                where.append(condition)
                arguments.append(value)
        joined = (
            " FROM article_search JOIN articles a ON a.rowid = article_search.rowid"
            f" WHERE {' AND '.join(where)}"
        )
        total = int(self._db.execute("SELECT COUNT(*)" + joined, arguments).fetchone()[0])
        rows = self._db.execute(
            "SELECT a.id, a.source, a.title, a.published,"
            f" snippet(article_search, 0, '{HIT_START}', '{HIT_END}', '', 64),"
            f" snippet(article_search, 1, '{HIT_START}', '{HIT_END}', '…', 24)"
            + joined
            + " ORDER BY rank, a.id LIMIT ? OFFSET ?",
            [*arguments, limit, offset],
        )
        hits = tuple(SearchHit(_head(row[:4]), row[4] or row[2], row[5]) for row in rows)
        return SearchPage(total, hits)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self._db.execute("COMMIT")
        else:
            self._db.execute("ROLLBACK")


def fts_query(words: str) -> str:
    """User words as an FTS5 query that every word must match, each taken literally.

    Quoting every word keeps FTS5's query syntax (AND, NEAR, column filters, ``*``)
    out of reach of whatever a user types.
    """
    return " ".join('"' + word.replace('"', '""') + '"' for word in re.findall(r"\w+", words))


def _head(row: Sequence[Any]) -> ArticleHead:
    """An ArticleHead from (id, source, title, published[, url, language])."""
    published = date.fromisoformat(row[3]) if row[3] else None
    head = ArticleHead(id=row[0], source=row[1], title=row[2], published=published)
    return dataclasses.replace(head, url=row[4], language=row[5]) if len(row) > 4 else head


def _decode_row(row: tuple[Any, ...], layers: Sequence[str] = LAYER_COLUMNS) -> AnalyzedArticle:
    """An article row and those layers of it (each decoded from its JSON by
    ``decode_json``); layers not read keep their empty defaults."""
    count = len(_ARTICLE_COLUMNS)
    values: dict[str, Any] = {
        name: decode_json(_LAYER_TYPES[name], packed_json(raw))
        for name, raw in zip(layers, row[count:], strict=True)
    }
    columns = dict(zip(_ARTICLE_COLUMNS, row[:count], strict=True))
    return AnalyzedArticle(article=from_plain(Article, columns), **values)


def _retry_while_busy(step: Callable[[], None]) -> None:
    """Run ``step``, again while SQLite says the database is locked, for up to the busy
    timeout: a few lock changes (the switch to WAL of a new file another process is
    creating too) fail at once instead of waiting for the busy handler."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as error:
            locked = "locked" in str(error) or "busy" in str(error)
            if not locked or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
