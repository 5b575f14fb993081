"""The library's front door, ``storyline.service.Storyline``: ingest, duplicates, failures
and warnings in the report, dossiers by id and by prefix."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import NotFoundError
from storyline.ingest import ReadResult
from storyline.model import Article
from storyline.service import IngestReport, IngestWarning, Storyline
from storyline.store import open_store

HARBOUR = """Harbour plan {part}

The council of Eastford met on Monday to discuss the harbour plan {part}.

“We will not give up the harbour,” said Mayor Ann Lee. Critics said the plan was too expensive.

source {outlet}
"""

VOLCANO = """Volcano erupts near Kettlefjord

The Skarvatn volcano erupted on Friday, forcing 300 residents of Kettlefjord to leave.

“The ash cloud is moving north,” said geologist Ingrid Dahl of the national weather office.

source north-wire
"""


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Storyline, IngestReport]:
    folder = tmp_path_factory.mktemp("service")
    targets = [
        _write(folder, "a.txt", HARBOUR.format(part="debated", outlet="eastford-news")),
        _write(folder, "b.txt", HARBOUR.format(part="criticised", outlet="harbour-gazette")),
        _write(folder, "c.txt", VOLCANO),
        _write(folder, "copy-of-a.txt", HARBOUR.format(part="debated", outlet="eastford-news")),
        _write(folder, "empty.txt", ""),
    ]
    app = Storyline(open_store(str(folder / "service.db")))
    report = app.ingest(targets, published=date(2025, 3, 4))
    return app, report


def test_ingest_stores_each_article_once_and_reports_the_rest(
    ingested: tuple[Storyline, IngestReport],
) -> None:
    app, report = ingested
    assert len(report.stored) == 3
    assert [Path(origin).name for origin in report.duplicates] == ["copy-of-a.txt"]
    assert [(Path(f.origin).name, f.code) for f in report.failed] == [("empty.txt", "empty")]
    assert not report.ok  # something failed
    assert not report.interrupted
    assert {a.id for a in app.articles()} == set(report.stored)
    again = app.ingest([a.article.origin or "" for a in app.articles()])
    assert again.stored == ()
    assert len(again.duplicates) == 3


def test_warnings_are_not_failures(
    ingested: tuple[Storyline, IngestReport], tmp_path: Path
) -> None:
    app = Storyline(open_store(str(tmp_path / "warned.db")), pipeline=ingested[0].pipeline)
    article = Article.create(
        source="valley-wire",
        title="Bridge closed",
        text="The bridge was closed on Monday, the mayor said.",
        published=date(2025, 3, 4),
    )
    result = ReadResult.success(article, warnings=("page not fetched: HTTP 404",))
    report = app.store_results([result])
    assert report.ok
    assert report.failed == ()
    assert report.warnings == (IngestWarning(result.origin, "page not fetched: HTTP 404"),)
    assert report.to_dict()["warnings"] == [
        {"origin": result.origin, "reason": "page not fetched: HTTP 404"}
    ]
    assert report.to_dict()["failed"] == []


def test_dossier_by_id_and_by_unique_prefix(ingested: tuple[Storyline, IngestReport]) -> None:
    app, _ = ingested
    grouping = app.grouping()
    assert len(grouping.storylines) == 2
    harbour = next(s for s in grouping.storylines if len(s.article_ids) == 2)
    by_id = app.dossier(harbour.id)
    assert by_id.id == harbour.id
    assert {a.article.source for a in by_id.articles} == {"eastford-news", "harbour-gazette"}
    others = [s.id for s in grouping.storylines + grouping.stories if s.id != harbour.id]
    prefix = next(
        harbour.id[:n]
        for n in range(1, len(harbour.id) + 1)
        if not any(o.startswith(harbour.id[:n]) for o in others)
    )
    assert app.dossier(prefix).id == harbour.id
    story = next(s for s in grouping.stories if s.storyline_id != harbour.id)
    assert app.dossier(story.id).id == story.id


def test_unknown_and_ambiguous_ids_are_not_found(
    ingested: tuple[Storyline, IngestReport],
) -> None:
    app, _ = ingested
    with pytest.raises(NotFoundError, match="is not a story or storyline"):
        app.dossier("no-such-story")
    first, second = app.grouping().storylines
    common = next(
        first.id[:n] for n in range(len(first.id), -1, -1) if second.id.startswith(first.id[:n])
    )
    with pytest.raises(NotFoundError, match="matches several stories"):
        app.dossier(common)


def test_ingest_refreshes_the_cached_dossiers_of_the_stories_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an ingest, ``dossier`` answers every story and storyline from the cache;
    a later article rebuilds only its own story's and storyline's dossiers."""
    from storyline.stories import cache

    folder = tmp_path
    app = Storyline(open_store(str(folder / "refresh.db")))
    first = app.ingest(
        [
            _write(folder, "a.txt", HARBOUR.format(part="debated", outlet="eastford-news")),
            _write(folder, "c.txt", VOLCANO),
        ],
        published=date(2025, 3, 4),
    )
    grouping = app.grouping()
    idents = [s.id for s in grouping.stories] + [line.id for line in grouping.storylines]
    assert first.refreshed == len(idents)
    assert first.to_dict()["dossiers_refreshed"] == len(idents)

    builds: list[str] = []
    real_build = cache.build_dossier

    def counted_build(ident: str, *rest: Any) -> Any:
        builds.append(ident)
        return real_build(ident, *rest)

    monkeypatch.setattr(cache, "build_dossier", counted_build)
    for ident in idents:
        app.dossier(ident)
    assert builds == []  # every one answered from the cache

    later = app.ingest(
        [_write(folder, "b.txt", HARBOUR.format(part="criticised", outlet="harbour-gazette"))],
        published=date(2025, 3, 5),
    )
    tables = app.store.story_tables
    story_id = tables.story_ids_of(list(later.stored))[later.stored[0]]
    story = tables.story(story_id)
    assert story is not None
    assert later.refreshed == 2  # the harbour story and its storyline, not the volcano's
    assert sorted(builds) == sorted([story.id, story.storyline_id])
    assert len(app.dossier(story_id).articles) == 2


def test_a_cached_dossier_is_the_dossier_built_and_keeps_its_articles_slim(
    tmp_path: Path,
) -> None:
    """The cache answers with records equal to a fresh build; the articles it carries
    keep their text, statements and times (what every dossier format reads), not the
    layers the build consumed."""
    from storyline.stories import cache

    app = Storyline(open_store(str(tmp_path / "slim.db")))
    app.ingest(
        [
            _write(tmp_path, "a.txt", HARBOUR.format(part="debated", outlet="eastford-news")),
            _write(tmp_path, "b.txt", HARBOUR.format(part="criticised", outlet="harbour-gazette")),
        ],
        published=date(2025, 3, 4),
    )
    ident = app.grouping().storylines[0].id
    cached = app.dossier(ident)
    key = cache.cache_key("storyline", cached.version)
    assert app.store.story_tables.cached_dossier(ident, key) is not None
    app.store.story_tables.put_dossier(ident, "another configuration", "{}")
    rebuilt = app.dossier(ident)  # the entry under another key is not this dossier's
    assert rebuilt == cached
    stored = app.store.get(cached.articles[0].id)
    assert stored.sentences
    assert stored.actors
    for analyzed in cached.articles:
        assert analyzed.article.text
        assert analyzed.statements
        assert (analyzed.sentences, analyzed.entities, analyzed.actors) == ((), (), ())


@pytest.mark.parametrize("payload", ["{not json", '{"id": 3}', "[]", '{"level": "galaxy"}'])
def test_an_unreadable_cached_dossier_is_rebuilt(tmp_path: Path, payload: str) -> None:
    from storyline.stories import cache

    app = Storyline(open_store(str(tmp_path / "bad-cache.db")))
    app.ingest([_write(tmp_path, "c.txt", VOLCANO)], published=date(2025, 3, 4))
    ident = app.grouping().storylines[0].id
    good = app.dossier(ident)
    key = cache.cache_key("storyline", good.version)
    app.store.story_tables.put_dossier(ident, key, payload)
    assert app.dossier(ident) == good
    assert app.store.story_tables.cached_dossier(ident, key) != payload  # replaced


def test_a_dossier_that_cannot_be_rebuilt_is_a_warning_and_the_articles_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.stories import cache

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cache, "build_dossier", broken)
    app = Storyline(open_store(str(tmp_path / "broken.db")))
    report = app.ingest([_write(tmp_path, "c.txt", VOLCANO)], published=date(2025, 3, 4))
    assert len(report.stored) == 1
    assert report.ok
    assert report.refreshed == 0
    assert [w.reason for w in report.warnings] == ["its dossier could not be rebuilt"] * 2


def test_the_streamed_export_is_the_export_document(
    ingested: tuple[Storyline, IngestReport],
) -> None:
    """``export`` of a whole store writes one dossier at a time: the same document."""
    from io import StringIO

    from storyline.stories.export import (
        export_json,
        export_markdown,
        write_export_json,
        write_export_markdown,
    )

    app, _ = ingested
    streamed = StringIO()
    assert write_export_json(app.iter_dossiers(), streamed, generator="g") == 2
    document = export_json(app.dossiers(), generator="g")
    assert json.loads(streamed.getvalue()) == document
    assert len(document["articles"]) == 3  # every stored article once
    markdown = StringIO()
    write_export_markdown(app.iter_dossiers(), markdown)
    assert markdown.getvalue() == export_markdown(app.dossiers()) + "\n"
