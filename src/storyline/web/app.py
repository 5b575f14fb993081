"""The web application: pages and their JSON, over one store, read-only.

Security: every template is autoescaped and no article data is ever marked safe; the
Content-Security-Policy allows nothing inline and nothing from elsewhere (the pages use
no script at all); assets ship inside the package.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from storyline import __version__
from storyline.errors import InputError, NotFoundError, StorylineError
from storyline.stories.export import quoted
from storyline.web import api, pages, urls
from storyline.web.queries import WebReader

__all__ = ["SECURITY_HEADERS", "create_app"]

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _templates() -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("storyline.web", "templates"),
        autoescape=True,  # every template, .svg included
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        story_url=urls.story_url,
        actor_url=urls.actor_url,
        outlet_url=urls.outlet_url,
        article_url=urls.article_url,
        external_url=urls.external_url,
        with_query=urls.with_query,
        quoted=quoted,
        version=__version__,
    )
    return Jinja2Templates(env=environment)


def create_app(db: str | Path) -> FastAPI:
    """The web view of the store at ``db``."""
    app = FastAPI(
        title="storyline",
        version=__version__,
        description="Read-only web view and JSON API of a storyline store "
        "(records of the export schema storyline/1, docs/export.md).",
        docs_url=None,  # the interactive docs load script from a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.reader = WebReader(db)
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(packages=[("storyline.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _add_error_pages(app)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def _error(request: Request, status: int, code: str, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, error: NotFoundError) -> Response:
        return _error(request, 404, error.code, error.message)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError) -> Response:
        where = f"{error.path}: " if error.path else ""
        return _error(request, 400, error.code, where + error.message)

    @app.exception_handler(StorylineError)
    async def failure(request: Request, error: StorylineError) -> Response:
        return _error(request, 500, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors()
        )
        return _error(request, 400, "input", problems)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = "no such page" if error.status_code == 404 else str(error.detail)
        return _error(request, error.status_code, "http", message)
