"""The bundled example corpus: a fictional developing story told by four outlets."""

from __future__ import annotations

import json
from importlib.resources import as_file, files
from pathlib import Path

from storyline.ingest.common import parse_date
from storyline.service import IngestReport, Progress, Storyline
from storyline.store import open_store
from storyline.stories.dossier import Dossier

__all__ = ["demo_corpus", "run_demo"]


def demo_corpus() -> list[tuple[Path, str | None]]:
    """(file, publication date for inputs without one) of every demo article file."""
    folder = files("storyline") / "data" / "demo"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    corpus = []
    for entry in manifest["files"]:
        with as_file(folder / entry["path"]) as path:
            corpus.append((Path(path), entry.get("published")))
    return corpus


def run_demo(
    db: str | Path, *, progress: Progress | None = None
) -> tuple[IngestReport, list[Dossier]]:
    """Ingest the demo corpus into the store at ``db``; return the report and dossiers."""
    app = Storyline(open_store(db))
    results = []
    for path, published in demo_corpus():
        results += app.read([str(path)], published=parse_date(published), offline=True)
    report = (
        app.store_results(results, progress=progress) if progress else app.store_results(results)
    )
    return report, app.dossiers()
