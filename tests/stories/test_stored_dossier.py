"""Dossiers of a stored story: built from the store without the NLP libraries, and
cached as exactly the JSON of the dossier."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.demo import run_demo
from storyline.service import Storyline
from storyline.store import open_store
from storyline.store.codec import to_plain
from storyline.stories.cache import cache_key

# Builds every dossier of the store (its cache emptied first) the three ways a reader
# asks for one, then names the libraries that were imported.
_SHOW_SERVE_EXPORT = """
import json, sys
from click.testing import CliRunner
from fastapi.testclient import TestClient
from storyline.cli import cli
from storyline.web.app import create_app

db, ident = sys.argv[1], sys.argv[2]
for args in (["show", ident], ["--json", "show", ident, "--all"], ["export"]):
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, result.output
with TestClient(create_app(db)) as client:
    assert client.get(f"/stories/{ident}").status_code == 200
print(json.dumps(sorted(m for m in ("spacy", "trafilatura") if m in sys.modules)))
"""


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stored-dossier") / "demo.db"
    run_demo(path)
    return path


def _emptied_cache(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM dossier_cache")


def _storyline_ids(db: Path) -> list[str]:
    store = open_store(db)
    try:
        return list(store.story_tables.storyline_ids())
    finally:
        store.close()


def test_show_serve_and_export_import_neither_spacy_nor_trafilatura(demo_db: Path) -> None:
    _emptied_cache(demo_db)
    ident = _storyline_ids(demo_db)[0]
    done = subprocess.run(
        [sys.executable, "-c", _SHOW_SERVE_EXPORT, str(demo_db), ident],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []
    with sqlite3.connect(demo_db) as connection:  # the dossiers were built, not read
        assert connection.execute("SELECT COUNT(*) FROM dossier_cache").fetchone()[0] > 0


def test_a_cached_dossier_is_the_json_of_the_dossier(demo_db: Path) -> None:
    _emptied_cache(demo_db)
    store = open_store(demo_db)
    try:
        for ident in store.story_tables.storyline_ids():
            built = Storyline(store).dossier(ident)
            key = cache_key("storyline", built.version)
            cached = store.story_tables.cached_dossier(ident, key)
            assert cached is not None  # msgspec's bytes; the values are to_plain's
            assert json.loads(cached) == json.loads(json.dumps(to_plain(built)))
            assert Storyline(store).dossier(ident) == built  # as read back from the cache
    finally:
        store.close()
