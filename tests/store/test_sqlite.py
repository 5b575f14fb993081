"""The SQLite store: round trip, idempotence, atomicity, migrations."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import NotFoundError, StoreError
from storyline.model import AnalyzedArticle, Article, SourceMap
from storyline.store import SQLiteStore, open_store
from storyline.store.codec import from_plain, to_plain, unpack
from storyline.store.migrations import MIGRATIONS, SCHEMA_VERSION
from storyline.store.sqlite import LAYER_COLUMNS

from .test_codec import sample_analyzed


def test_add_and_get_round_trip(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    analyzed = sample_analyzed()
    assert store.add(analyzed, pipeline="test")
    assert store.has(analyzed.id)
    assert store.get(analyzed.id) == analyzed
    assert store.count() == 1


def test_layers_stored_as_plain_json_before_packing_still_read(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    analyzed = sample_analyzed()
    store.add(analyzed)
    db = sqlite3.connect(tmp_path / "s.db")
    packed = db.execute("SELECT entities FROM layers").fetchone()[0]
    assert isinstance(packed, bytes)  # compressed
    with db:
        db.execute("UPDATE layers SET entities = ?", (json.dumps(unpack(packed)),))
    db.close()
    assert store.get(analyzed.id) == analyzed


def test_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    analyzed = sample_analyzed()
    assert store.add(analyzed)
    changed = replace(analyzed, statements=())
    assert not store.add(changed)
    assert store.count() == 1
    assert store.get(analyzed.id).statements == analyzed.statements  # the first copy is kept


def test_articles_come_oldest_first_and_by_ids(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    base = sample_analyzed()
    older = replace(
        base,
        article=Article.create(
            source="x",
            title="old",
            text="Older text.",
            published=base.article.published.replace(year=2020),
        ),
    )
    undated = replace(base, article=Article.create(source="x", title="u", text="Undated text."))
    for item in (base, undated, older):
        store.add(item)
    assert [a.article.title for a in store.articles()] == ["old", "Bridge", "u"]
    assert [a.id for a in store.articles([undated.id, older.id])] == [older.id, undated.id]
    with pytest.raises(NotFoundError):
        store.get("nope")


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    before = store.fingerprint()
    store.add(sample_analyzed())
    assert store.fingerprint() != before


class InterruptingConnection:
    """Wraps a connection; raises KeyboardInterrupt when the layers row is inserted."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("INSERT INTO layers"):
            raise KeyboardInterrupt
        return self.db.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def test_interrupt_mid_article_leaves_nothing_half_written(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    first = sample_analyzed()
    store.add(first)
    real = store._db
    store._db = InterruptingConnection(real)  # type: ignore[assignment]
    second = replace(first, article=Article.create(source="y", title="t", text="Other."))
    with pytest.raises(KeyboardInterrupt):
        store.add(second)
    store._db = real
    store.close()
    reopened = open_store(path)
    assert reopened.count() == 1
    assert not reopened.has(second.id)
    assert reopened.get(first.id) == first
    orphans = reopened._db.execute(
        "SELECT COUNT(*) FROM articles a LEFT JOIN layers l ON l.article_id = a.id "
        "WHERE l.article_id IS NULL"
    ).fetchone()[0]
    assert orphans == 0


def test_schema_version_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this storyline"):
        SQLiteStore(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a storyline database"):
        SQLiteStore(path)


def test_cache_round_trip(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    assert store.cached("k") is None
    store.put_cache("k", "v1")
    store.put_cache("k", "v2")
    assert store.cached("k") == "v2"


def test_every_layer_of_the_model_has_its_column(tmp_path: Path) -> None:
    fields = [f.name for f in dataclasses.fields(AnalyzedArticle)]
    assert list(LAYER_COLUMNS) == [name for name in fields if name != "article"]
    store = open_store(tmp_path / "s.db")
    analyzed = sample_analyzed()
    store.add(analyzed)
    assert store.get(analyzed.id).source_map == analyzed.source_map
    assert analyzed.source_map.to_source(55, 60) == (58, 63)


def test_a_store_from_before_the_source_map_opens_with_empty_maps(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    migrate_to(db, 1)
    columns = ("blocks", "sentences", "entities", "actors", "statements", "times")
    db.execute(
        "INSERT INTO articles VALUES ('a1', 's', 't', 'Text.', NULL, NULL, 'en', NULL, 'x', 'p')"
    )
    db.execute(
        f"INSERT INTO layers (article_id, {', '.join(columns)}) VALUES ('a1', ?, ?, ?, ?, ?, ?)",
        ["[]"] * 6,
    )
    db.close()
    store = open_store(path)
    old = store.get("a1")
    assert old.source_map == SourceMap()
    assert old.source_map.to_source(0, 4) == (0, 4)  # offsets into the text as stored


def migrate_to(db: sqlite3.Connection, version: int) -> None:
    for script in MIGRATIONS[:version]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {version}")


def test_articles_read_back_equal_what_was_stored_in_either_decoder(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    base = sample_analyzed()
    undated = replace(base, article=Article.create(source="x", title="u", text="Undated text."))
    for item in (undated, base):
        store.add(item)
    read = list(store.articles([undated.id, base.id, "missing"]))
    assert read == [base, undated]  # oldest first; msgspec's decoding
    for item in read:  # the same records as the hand-written decoder gives
        plain = json.loads(json.dumps(to_plain(item)))
        assert from_plain(AnalyzedArticle, plain) == item


def test_articles_of_an_older_store_are_read_as_now(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    analyzed = sample_analyzed()
    store.add(analyzed)
    with sqlite3.connect(path) as db:  # a source map as stored before it was kept
        db.execute("UPDATE layers SET source_map = '{}'")
    (read,) = store.articles([analyzed.id])
    assert read.source_map == SourceMap()
    assert read == replace(analyzed, source_map=SourceMap())
