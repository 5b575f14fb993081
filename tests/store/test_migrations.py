"""Migrations under concurrent opens: every process opening a new store gets a store."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import StoreError
from storyline.store import SQLiteStore
from storyline.store.migrations import SCHEMA_VERSION, migrate

OPENERS = 8


def _open_and_count(path: str, start: threading.Barrier | None = None) -> str:
    """Open the store (after every other opener is ready) and report what happened."""
    if start is not None:
        start.wait()
    try:
        store = SQLiteStore(path)
        count = store.count()
        store.close()
    except Exception as error:  # the test reports what went wrong, not a traceback
        return f"{type(error).__name__}: {error}"
    return f"ok {count}"


def _process_opener(path: str, start: Any) -> str:  # a Manager's Event proxy
    start.wait(timeout=30)
    return _open_and_count(path)


def _open_in_threads(path: str) -> list[str]:
    start = threading.Barrier(OPENERS)
    outcomes: list[str] = []

    def opener() -> None:
        outcomes.append(_open_and_count(path, start))

    threads = [threading.Thread(target=opener) for _ in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_threads_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    for attempt in range(5):  # the race is timing-dependent: several fresh files
        outcomes = _open_in_threads(str(tmp_path / f"threads-{attempt}.db"))
        assert outcomes == ["ok 0"] * OPENERS


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(OPENERS) as pool:
            for attempt in range(3):
                start.clear()
                path = str(tmp_path / f"processes-{attempt}.db")
                pending = [pool.apply_async(_process_opener, (path, start)) for _ in range(OPENERS)]
                start.set()
                outcomes = [result.get(timeout=60) for result in pending]
                assert outcomes == ["ok 0"] * OPENERS


def test_migrate_waits_for_a_writer_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE other (x)")
    opener = sqlite3.connect(path, isolation_level=None, timeout=0, check_same_thread=False)
    outcome: list[int] = []
    thread = threading.Thread(target=lambda: outcome.append(migrate(opener)))
    thread.start()
    thread.join(timeout=0.5)
    assert thread.is_alive()  # waiting on the lock, not failing with "database is locked"
    writer.execute("COMMIT")
    thread.join(timeout=30)
    assert outcome == [SCHEMA_VERSION]
    writer.close()
    opener.close()


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, SCHEMA_VERSION + 5])
def test_newer_schema_is_refused_without_changing_it(tmp_path: Path, version: int) -> None:
    path = tmp_path / "store.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA user_version = {version}")
    with pytest.raises(StoreError, match="newer than this storyline"):
        migrate(db)
    assert db.execute("PRAGMA user_version").fetchone()[0] == version
    assert not db.in_transaction
    db.close()
