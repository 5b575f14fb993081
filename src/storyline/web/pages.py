"""HTML pages. Each has its JSON twin under /api (see ``storyline.web.api``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from storyline.model import Contradiction, Polarity, StatementKind, TimelineEntry
from storyline.stories.export import statement_id
from storyline.web import urls
from storyline.web.api import evidence_marks
from storyline.web.evidence import marked_pieces, pieces
from storyline.web.queries import ACTOR_ARTICLES, Filters, Paging, WebReader
from storyline.web.svg import coverage_picture, timeline_picture

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Text = Annotated[str | None, Query()]

#: Most items each list of a story page shows (its downloads hold them all).
STORY_LIST = 100
#: Most stories and articles an outlet page lists (its downloads hold them all).
OUTLET_LIST = 100

#: Order of the marks in the evidence page's legend: the whole span, then its parts.
MARK_ORDER = ("statement", "source", "cue", "content", "sentence", "time")


def _render(request: Request, name: str, **context: Any) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context)


def _reader(request: Request) -> WebReader:
    reader: WebReader = request.app.state.reader
    return reader


@router.get("/")
def stories(
    request: Request,
    since: Text = None,
    until: Text = None,
    outlet: Text = None,
    actor: Text = None,
    page: int = 1,
    per_page: int = 20,
) -> Response:
    filters = Filters.parse(since, until, outlet, actor)
    reader = _reader(request)
    found = reader.stories(filters, Paging.parse(page, per_page))
    return _render(
        request,
        "stories.html",
        found=found,
        filters=filters,
        params=filters.params(),
        outlets=reader.outlets(),
    )


@router.get("/search")
def search(
    request: Request,
    q: str = "",
    since: Text = None,
    until: Text = None,
    outlet: Text = None,
    page: int = 1,
    per_page: int = 20,
) -> Response:
    filters = Filters.parse(since, until, outlet, None)
    reader = _reader(request)
    found = reader.search(q, filters, Paging.parse(page, per_page))
    params = {**filters.params(), **({"q": q} if q else {})}
    return _render(
        request,
        "search.html",
        q=q,
        found=found,
        filters=filters,
        params=params,
        outlets=reader.outlets(),
        marked=marked_pieces,
    )


def _timeline_href(entry: TimelineEntry) -> str:
    return urls.article_url(
        entry.article_id, start=entry.start, end=entry.end, time=entry.time_text
    )


def _contradiction_view(item: Contradiction, sources: dict[str, str]) -> dict[str, Any]:
    """A contradiction as the ledger shows it: kind, reason and a link to each side's
    evidence, labelled with its outlet and stance."""
    sides = []
    for (article_id, statement), denies in (
        (item.first, item.first_denies),
        (item.second, not item.first_denies),
    ):
        href = urls.article_url(article_id, statement=statement_id(article_id, statement))
        label = f"{sources.get(article_id, article_id)}: {'denies' if denies else 'asserts'}"
        sides.append({"href": href, "label": label})
    return {"kind": item.kind.value, "reason": item.reason, "sides": sides}


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> Response:
    reader = _reader(request)
    dossier = reader.dossier(story_id)
    statement_ids = {
        entry.id: [(article_id, statement_id(article_id, s)) for article_id, s in entry.reports]
        for entry in dossier.ledger
    }
    sources = {a.id: a.article.source for a in dossier.articles}
    contradictions = [_contradiction_view(c, sources) for c in dossier.contradictions]
    contradicted: dict[str, list[dict[str, Any]]] = {}
    for item, view in zip(dossier.contradictions, contradictions, strict=True):
        for entry_id in (item.first_entry, item.second_entry):
            contradicted.setdefault(entry_id, []).append(view)
    return _render(
        request,
        "story.html",
        dossier=dossier,
        row=reader.story_row(dossier.id),
        timeline=timeline_picture(dossier.timeline, _timeline_href),
        timeline_href=_timeline_href,
        coverage=coverage_picture(dossier.articles, urls.article_url, urls.outlet_url),
        sources=sources,
        actor_names={a.id: a.name for a in dossier.actors},
        statement_ids=statement_ids,
        contradictions=contradictions,
        contradicted=contradicted,
        deny=Polarity.DENY,
        limit=STORY_LIST,
        according_to=StatementKind.ACCORDING_TO,
    )


@router.get("/articles/{article_id}")
def article(
    request: Request,
    article_id: str,
    statement: Text = None,
    start: int | None = None,
    end: int | None = None,
    time: Text = None,
) -> Response:
    analyzed, storyline, marks = evidence_marks(request, article_id, statement, start, end, time)
    cited = next((m for m in marks if m.kind in {"statement", "sentence"}), None)
    return _render(
        request,
        "evidence.html",
        analyzed=analyzed,
        article=analyzed.article,
        storyline=storyline,
        pieces=pieces(analyzed.article.text, marks),
        cited=cited,
        kinds=[kind for kind in MARK_ORDER if any(m.kind == kind for m in marks)],
    )


@router.get("/actors/{actor_id:path}")
def actor(request: Request, actor_id: str) -> Response:
    view = _reader(request).actor(actor_id)
    return _render(
        request,
        "actor.html",
        view=view,
        actor=view.actor,
        statement_id=statement_id,
        limit=ACTOR_ARTICLES,
    )


@router.get("/outlets")
def outlets(request: Request) -> Response:
    return _render(request, "outlets.html", outlets=_reader(request).outlets())


@router.get("/outlets/{name:path}")
def outlet(request: Request, name: str) -> Response:
    view = _reader(request).outlet(name)
    return _render(request, "outlet.html", view=view, statement_ids=statement_id, limit=OUTLET_LIST)
