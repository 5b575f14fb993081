"""The web view: ``storyline serve``, a read-only site and JSON API over a store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storyline.errors import StoreError

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["open_app", "run"]


def open_app(db: str | Path) -> FastAPI:
    """The web view of the store at ``db``; the store must exist (serving never creates one)."""
    from storyline.store import open_store
    from storyline.web.app import create_app

    if not Path(db).is_file():
        raise StoreError(
            "no store here; ingest articles first (or run `storyline demo --serve`)", path=str(db)
        )
    open_store(db).close()  # migrate once, before serving; fails clearly on a foreign file
    return create_app(db)


def run(app: FastAPI, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``app`` until interrupted (Ctrl-C)."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning")
