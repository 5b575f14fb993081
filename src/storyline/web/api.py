"""JSON (and CSV, Markdown) under /api: the records of the export schema ``storyline/1``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from storyline.errors import InputError, NotFoundError
from storyline.model import AnalyzedArticle
from storyline.stories.changes import atom_feed, parse_since
from storyline.stories.export import export_markdown
from storyline.web.evidence import Mark, statement_marks, time_marks
from storyline.web.queries import Filters, Paging, StoryRow, WebReader
from storyline.web.records import (
    COLUMNS,
    STORY_LISTS,
    actor_document,
    article_document,
    csv_text,
    dossier_lists,
    outlet_document,
    page_document,
    search_record,
    story_record,
)

__all__ = ["evidence_marks", "generator", "router"]

router = APIRouter(prefix="/api", tags=["api"])

Format = Annotated[Literal["json", "csv"], Query(alias="format")]
Text = Annotated[str | None, Query()]


def generator() -> str:
    from storyline import __version__

    return f"storyline {__version__} (web)"


def _reader(request: Request) -> WebReader:
    reader: WebReader = request.app.state.reader
    return reader


def _listing(document: dict[str, Any], key: str, fmt: str, name: str) -> Response:
    """The document as JSON, or its list ``key`` as a CSV file called ``name``."""
    if fmt == "csv":
        return PlainTextResponse(
            csv_text(document[key], COLUMNS[key]),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return JSONResponse(document)


@router.get("/stories", summary="Storylines, newest activity first, filtered and paginated")
def stories(
    request: Request,
    since: Text = None,
    until: Text = None,
    outlet: Text = None,
    actor: Text = None,
    page: int = 1,
    per_page: int = 20,
    fmt: Format = "json",
) -> Response:
    filters = Filters.parse(since, until, outlet, actor)
    found = _reader(request).stories(filters, Paging.parse(page, per_page))
    document = page_document(found, "stories", [story_record(row) for row in found.items])
    return _listing(document, "stories", fmt, "stories")


@router.get("/search", summary="Full-text search over article titles and texts")
def search(
    request: Request,
    q: str = "",
    since: Text = None,
    until: Text = None,
    outlet: Text = None,
    page: int = 1,
    per_page: int = 20,
    fmt: Format = "json",
) -> Response:
    filters = Filters.parse(since, until, outlet, None)
    found = _reader(request).search(q, filters, Paging.parse(page, per_page))
    document = page_document(found, "hits", [search_record(row) for row in found.items])
    return _listing({**document, "query": q}, "hits", fmt, "search")


@router.get("/stories/{story_id}", summary="The dossier of a story (the export document)")
def story(
    request: Request,
    story_id: str,
    fmt: Annotated[Literal["json", "markdown"], Query(alias="format")] = "json",
) -> Response:
    dossier = _reader(request).dossier(story_id)
    if fmt == "markdown":
        return PlainTextResponse(
            export_markdown([dossier]),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{dossier.id}.md"'},
        )
    return JSONResponse(dossier_lists(dossier, generator())["document"])


@router.get(
    "/stories/{story_id}/changes.atom",
    summary="What is new in a story, as an Atom feed (happenings, statements, denials)",
)
def story_changes_atom(request: Request, story_id: str, since: Text = None) -> Response:
    moment = parse_since(since)
    dossier, found = _reader(request).changes(story_id, moment)
    atom = atom_feed(dossier, found, generator=generator(), link=f"/stories/{dossier.id}")
    return Response(atom, media_type="application/atom+xml; charset=utf-8")


@router.get("/stories/{story_id}/{name}", summary="One list of a story's dossier")
def story_list(request: Request, story_id: str, name: str, fmt: Format = "json") -> Response:
    if name not in STORY_LISTS:
        raise NotFoundError(f"no list {name!r}; lists: {', '.join(STORY_LISTS)}")
    lists = dossier_lists(_reader(request).dossier(story_id), generator())
    document = {"schema": lists["document"]["schema"], "story_id": story_id, name: lists[name]}
    return _listing(document, name, fmt, f"{story_id}-{name}")


def evidence_marks(
    request: Request,
    article_id: str,
    statement: str | None,
    start: int | None,
    end: int | None,
    time: str | None,
) -> tuple[AnalyzedArticle, StoryRow | None, list[Mark]]:
    """The article, its storyline and the marks of the cited span (statement or sentence)."""
    reader = _reader(request)
    analyzed, storyline = reader.article(article_id)
    if statement:
        return analyzed, storyline, statement_marks(reader.statement(analyzed, statement))
    if start is not None and end is not None:
        if not 0 <= start < end <= len(analyzed.article.text):
            raise NotFoundError(f"span {start}-{end} is outside article {article_id!r}")
        return analyzed, storyline, time_marks(analyzed, start, end, time)
    return analyzed, storyline, []


@router.get("/articles/{article_id}", summary="An article with the cited span")
def article(
    request: Request,
    article_id: str,
    statement: Text = None,
    start: int | None = None,
    end: int | None = None,
    time: Text = None,
) -> Response:
    analyzed, _, marks = evidence_marks(request, article_id, statement, start, end, time)
    return JSONResponse(article_document(analyzed, marks))


ListName = Annotated[str | None, Query(alias="list")]


def _one_list(
    document: dict[str, Any], name: str | None, lists: tuple[str, ...], fmt: str
) -> Response:
    """The whole document, or one of its lists (as JSON or CSV)."""
    if name is None:
        if fmt == "csv":
            raise InputError(f"CSV needs a list: list={'|'.join(lists)}")
        return JSONResponse(document)
    if name not in lists:
        raise NotFoundError(f"no list {name!r}; lists: {', '.join(lists)}")
    return _listing({"schema": document["schema"], name: document[name]}, name, fmt, name)


# Actor ids and outlet names may hold a "/", so they take the rest of the path.


@router.get("/actors/{actor_id:path}", summary="An actor: roles, variants, stories, statements")
def actor(request: Request, actor_id: str, name: ListName = None, fmt: Format = "json") -> Response:
    document = actor_document(_reader(request).actor(actor_id))
    return _one_list(document, name, ("stories", "statements"), fmt)


@router.get("/outlets", summary="Every outlet in the store")
def outlets(request: Request) -> Response:
    return JSONResponse({"outlets": _reader(request).outlets()})


@router.get(
    "/outlets/{outlet:path}", summary="An outlet: articles, stories, statements only it had"
)
def outlet(request: Request, outlet: str, name: ListName = None, fmt: Format = "json") -> Response:
    document = outlet_document(_reader(request).outlet(outlet))
    return _one_list(document, name, ("articles", "stories", "exclusive"), fmt)
