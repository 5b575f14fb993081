"""Schema migrations: numbered SQL scripts applied in order, tracked by ``user_version``."""

from __future__ import annotations

import sqlite3

from storyline.errors import StoreError
from storyline.names.keys import slug
from storyline.store.codec import packed_json

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
    # 2: followed feeds, the entries seen in them, article versions and syndicated copies
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        outlet TEXT,
        etag TEXT,
        last_modified TEXT,
        last_success TEXT,
        last_error TEXT,
        next_due TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL
    );
    CREATE INDEX feeds_next_due ON feeds (next_due);
    CREATE TABLE feed_entries (
        feed_url TEXT NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
        entry_key TEXT NOT NULL,
        entry_id TEXT,
        digest TEXT NOT NULL,
        article_id TEXT,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_url, entry_key)
    );
    CREATE INDEX feed_entries_entry_id ON feed_entries (feed_url, entry_id);
    CREATE INDEX feed_entries_digest ON feed_entries (feed_url, digest);
    CREATE INDEX feed_entries_key ON feed_entries (entry_key);
    CREATE TABLE article_versions (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        previous_id TEXT NOT NULL
    );
    CREATE INDEX article_versions_previous ON article_versions (previous_id);
    CREATE TABLE article_copies (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        original_id TEXT NOT NULL
    );
    CREATE INDEX article_copies_original ON article_copies (original_id);
    CREATE TABLE text_signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        signature BLOB NOT NULL
    );
    CREATE TABLE text_bands (
        band_key INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE
    );
    CREATE INDEX text_bands_key ON text_bands (band_key);
    CREATE INDEX articles_ingested_at ON articles (ingested_at);
    """,
    # 3: the incremental story engine (see docs/pipeline.md, "The story engine")
    """
    CREATE TABLE article_features (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        published TEXT NOT NULL,
        title TEXT NOT NULL,
        features TEXT NOT NULL
    );
    CREATE TABLE feature_frequency (
        key TEXT PRIMARY KEY,
        documents INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE postings (
        key TEXT NOT NULL,
        published TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (key, published, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        storyline_id TEXT NOT NULL,
        title TEXT NOT NULL,
        first_published TEXT,
        last_published TEXT,
        articles INTEGER NOT NULL,
        version INTEGER NOT NULL
    );
    CREATE INDEX stories_storyline ON stories (storyline_id);
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        story_id TEXT NOT NULL,
        published TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members (story_id, published);
    CREATE TABLE storylines (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        first_published TEXT,
        last_published TEXT,
        articles INTEGER NOT NULL,
        version INTEGER NOT NULL
    );
    CREATE INDEX storylines_last ON storylines (last_published);
    CREATE TABLE redirects (
        old_id TEXT PRIMARY KEY,
        new_id TEXT NOT NULL
    );
    CREATE TABLE dossier_cache (
        story_id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    DELETE FROM cache WHERE key LIKE 'grouping:%';
    """,
    # 4: the clean stage's map from cleaned text back to the input (model.SourceMap);
    # analyses stored before it have none, which maps offsets to themselves
    """
    ALTER TABLE layers ADD COLUMN source_map TEXT NOT NULL DEFAULT '{}';
    """,
    # 5: full-text search over article titles and texts (the web view's search). An
    # external-content FTS5 table: the text lives once, in ``articles``.
    """
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, text, content = 'articles', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO article_search (rowid, title, text) SELECT rowid, title, text FROM articles;
    """,
    # 6: bounded engine reads: a storyline's latest and largest stories by index
    """
    DROP INDEX stories_storyline;
    CREATE INDEX stories_storyline_last ON stories (storyline_id, last_published);
    CREATE INDEX stories_storyline_size
        ON stories (storyline_id, articles DESC, first_published, id);
    CREATE INDEX stories_storyline_first ON stories (storyline_id, first_published);
    """,
    # 7: the web view's actor index: each article actor's name and name variants, by the
    # slug of the actor ids (``storyline_slug``, which ``migrate`` registers), so an
    # actor's articles and stories are read by index. Filled for stored articles here
    # (``storyline_json``, also registered, reads a layer packed by ``codec.pack``).
    """
    CREATE TABLE actor_names (
        slug TEXT NOT NULL,
        kind TEXT NOT NULL,
        published TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (slug, published, article_id, kind)
    ) WITHOUT ROWID;
    CREATE INDEX actor_names_article ON actor_names (article_id);
    INSERT OR IGNORE INTO actor_names (slug, kind, published, article_id)
        SELECT storyline_slug(n.value), json_extract(x.value, '$.kind'),
            coalesce(a.published, ''), a.id
        FROM articles a JOIN layers l ON l.article_id = a.id, json_each(storyline_json(l.actors)) x,
            json_each(json_insert(json_extract(x.value, '$.aliases'), '$[#]',
                json_extract(x.value, '$.name'))) n;
    """,
    # 8: feed entries waiting for their article page (the fetch failed for a reason that
    # may pass: a timeout, a 5xx, a 429): when to ask again, how often it was asked, why
    # it failed. ``page_due`` is NULL when nothing is waiting (fetched, or given up).
    """
    ALTER TABLE feed_entries ADD COLUMN page_due TEXT;
    ALTER TABLE feed_entries ADD COLUMN page_attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feed_entries ADD COLUMN page_error TEXT;
    CREATE INDEX feed_entries_page_due ON feed_entries (feed_url, page_due)
        WHERE page_due IS NOT NULL;
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
    # the slug of actor ids (``names.keys.slug``), for the actor index of migration 7
    db.create_function("storyline_slug", 1, slug, deterministic=True)
    db.create_function("storyline_json", 1, packed_json, deterministic=True)
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
