"""Where analyzed articles live. SQLite is the embedded default."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from storyline.store.base import Store
from storyline.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "default_db_path", "open_store"]


def default_db_path() -> Path:
    """``storyline.db`` in the user's data directory (``$STORYLINE_DB`` overrides)."""
    import os

    override = os.environ.get("STORYLINE_DB")
    if override:
        return Path(override)
    return Path(user_data_dir("storyline", appauthor=False)) / "storyline.db"


def open_store(path: str | Path | None = None) -> SQLiteStore:
    """Open (creating and migrating) the store at ``path`` or the default location."""
    return SQLiteStore(path if path is not None else default_db_path())
