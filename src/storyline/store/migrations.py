"""Schema migrations: numbered SQL scripts applied in order, tracked by ``user_version``."""

from __future__ import annotations

import sqlite3

from storyline.errors import StoreError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

#: Each entry moves the schema from version ``i`` to ``i + 1``. Never edit a landed one:
#: append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published TEXT,
        url TEXT,
        language TEXT NOT NULL,
        origin TEXT,
        ingested_at TEXT NOT NULL,
        pipeline TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE INDEX articles_source ON articles (source);
    CREATE TABLE layers (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        blocks TEXT NOT NULL,
        sentences TEXT NOT NULL,
        entities TEXT NOT NULL,
        actors TEXT NOT NULL,
        statements TEXT NOT NULL,
        times TEXT NOT NULL
    );
    CREATE TABLE cache (
        key TEXT PRIMARY KEY,
        payload TEXT NOT NULL
    );
    """,
    # Full-text search over article titles and texts (the web view's search). An
    # external-content FTS5 table: the text lives once, in ``articles``.
    """
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, text, content = 'articles', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO article_search (rowid, title, text) SELECT rowid, title, text FROM articles;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection) -> int:
    """Bring the database to ``SCHEMA_VERSION``; each step is one transaction."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {version}, newer than this storyline "
            f"({SCHEMA_VERSION}); upgrade storyline to open it"
        )
    for number in range(version, SCHEMA_VERSION):
        script = MIGRATIONS[number]
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
