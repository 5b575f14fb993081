"""Schema migrations: numbered SQL scripts applied in order, tracked by ``user_version``."""

from __future__ import annotations

import sqlite3

from storyline.errors import StoreError

__all__ = ["BUSY_TIMEOUT_MS", "MIGRATIONS", "SCHEMA_VERSION", "migrate"]

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
)

SCHEMA_VERSION = len(MIGRATIONS)


#: How long an open waits for another process's write (a migration, an article being
#: stored) before giving up, in milliseconds.
BUSY_TIMEOUT_MS = 30_000


def migrate(db: sqlite3.Connection) -> int:
    """Bring the database to ``SCHEMA_VERSION``; each step is one transaction.

    Safe when several processes open a new store at once: each step reads the
    version inside its ``BEGIN IMMEDIATE`` write transaction, so only one process
    applies it and the others, after waiting for the lock, find it done.
    """
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    while (version := _current_version(db)) < SCHEMA_VERSION:
        _step(db, version)
    return SCHEMA_VERSION


def _current_version(db: sqlite3.Connection) -> int:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {version}, newer than this storyline "
            f"({SCHEMA_VERSION}); upgrade storyline to open it"
        )
    return version


def _step(db: sqlite3.Connection, seen: int) -> None:
    """Apply the migration after version ``seen``, unless another process just did."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if _current_version(db) == seen:
            for statement in _statements(MIGRATIONS[seen]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {seen + 1}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
