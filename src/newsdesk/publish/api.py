"""`newsdesk serve`: the static site, a JSON API with its OpenAPI description, and search.

Routes: ``/api/stories``, ``/api/stories/{id}`` (versions and citations),
``/api/sources``, ``/api/search?q=``, ``/openapi.json``, ``/search.html?q=`` (search
results as a page, no JavaScript needed) and every file of the static site. Every list
is paged: at most ``limit`` items and ``next``, the link to the following page
(``publish.paging``). The store is opened on the first request of each thread (in
`serve`, the one event-loop thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.errors import BadCursorError, NewsdeskError
from newsdesk.metrics import exposition
from newsdesk.models import Source, StoryStatus
from newsdesk.publish.options import SiteOptions, story_path
from newsdesk.publish.paging import (
    CURSOR,
    Page,
    cursor_value,
    next_link,
    page_of,
    whole_number,
)
from newsdesk.publish.record import STORY_SCHEMA, one_record
from newsdesk.publish.safe import clean_text, safe_url
from newsdesk.publish.search import search as find_stories
from newsdesk.publish.site import environment
from newsdesk.store.base import Store
from newsdesk.store.records import SearchHit, StorySummary

log = logging.getLogger(__name__)

API_VERSION = "1.0.0"
MAX_LIMIT = 100
T = TypeVar("T")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

_STRING = {"type": "string"}
_INT = {"type": "integer"}
_TIME = {"type": "string", "format": "date-time"}
_NULLABLE_URL = {"type": ["string", "null"], "format": "uri"}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json(_ref("Error"), "The request cannot be answered; the reason is in `error`.")
_LIMIT: dict[str, Any] = {
    "name": "limit",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 30},
}
_CURSOR: dict[str, Any] = {
    "name": CURSOR,
    "in": "query",
    "required": False,
    "description": "Where the page starts: the cursor inside the `next` link of the page "
    "before. Opaque; a cursor that this list did not give is a 400.",
    "schema": {"type": "string", "maxLength": 200},
}
_NEXT = {
    "type": ["string", "null"],
    "format": "uri-reference",
    "description": "The next page (this path and query with its cursor); null on the last page.",
}
_LINK = {
    "Link": {
        "description": 'RFC 8288 `<next>; rel="next"`, when there is a next page.',
        "schema": _STRING,
    }
}


def _page(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**_json(schema, description), "headers": _LINK}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "newsdesk API",
        "version": API_VERSION,
        "description": "Stories written by newsdesk, their versions and citations, "
        "the sources read, and full-text search.",
    },
    "paths": {
        "/api/stories": {
            "get": {
                "operationId": "listStories",
                "summary": "The latest stories, newest first, a page at a time.",
                "parameters": [_LIMIT, _CURSOR],
                "responses": {
                    "200": _page(
                        _obj(
                            {
                                "stories": {"type": "array", "items": _ref("StorySummary")},
                                "next": _NEXT,
                            }
                        ),
                        "A page of the latest stories.",
                    ),
                    "400": _ERROR,
                },
            }
        },
        "/api/stories/{story_id}": {
            "get": {
                "operationId": "getStory",
                "summary": "One story in the story schema (docs/story.schema.json): its latest "
                "version, each sentence with its citations, its articles, the operator's notes "
                "and its history. A merged story redirects to the one it joined; a removed "
                "one answers 410.",
                "parameters": [
                    {"name": "story_id", "in": "path", "required": True, "schema": _INT}
                ],
                "responses": {
                    "200": _json(_ref("Story"), "The story."),
                    "301": {"description": "The story was merged; Location names the survivor."},
                    "404": _ERROR,
                    "410": _json(_ref("Error"), "The editors removed the story."),
                },
            }
        },
        "/api/sources": {
            "get": {
                "operationId": "listSources",
                "summary": "The sources read, in the order they were added, a page at a time.",
                "parameters": [
                    {**_LIMIT, "schema": {**_LIMIT["schema"], "default": MAX_LIMIT}},
                    _CURSOR,
                ],
                "responses": {
                    "200": _page(
                        _obj(
                            {
                                "sources": {"type": "array", "items": _ref("Source")},
                                "next": _NEXT,
                            }
                        ),
                        "A page of the sources.",
                    ),
                    "400": _ERROR,
                },
            }
        },
        "/api/search": {
            "get": {
                "operationId": "searchStories",
                "summary": "Full-text search over the published stories, best match first.",
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": _STRING},
                    {**_LIMIT, "schema": {**_LIMIT["schema"], "default": 20}},
                    _CURSOR,
                ],
                "responses": {
                    "200": _page(_ref("SearchResults"), "A page of the matching stories."),
                    "400": _ERROR,
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Error": _obj({"error": _STRING}),
            "StorySummary": _obj(
                {
                    "id": _INT,
                    "version": _INT,
                    "headline": _STRING,
                    "summary": _STRING,
                    "updated_at": _TIME,
                    "article_count": _INT,
                    "outlet_count": _INT,
                    "page": _STRING,
                }
            ),
            # The one story schema, as `newsdesk export` and `stories show --json` write it.
            "Story": {k: v for k, v in STORY_SCHEMA.items() if k not in ("$schema", "$id")},
            "Source": _obj({"id": _INT, "name": _STRING, "kind": _STRING, "url": _NULLABLE_URL}),
            "SearchHit": _obj(
                {
                    "id": _INT,
                    "version": _INT,
                    "headline": _STRING,
                    "snippet": _STRING,
                    "page": _STRING,
                }
            ),
            "SearchResults": _obj(
                {
                    "query": _STRING,
                    "results": {"type": "array", "items": _ref("SearchHit")},
                    "next": _NEXT,
                }
            ),
        }
    },
}


class _ApiError(NewsdeskError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _limit(request: Request, default: int) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _ApiError(400, "limit must be a whole number") from None
    if not 1 <= value <= MAX_LIMIT:
        raise _ApiError(400, f"limit must be between 1 and {MAX_LIMIT}")
    return value


def _listing(
    request: Request, name: str, page: Page[T], row: Callable[[T], dict[str, Any]]
) -> dict[str, Any]:
    """A listing's page: its rows under ``name``, and ``next``, the next page's link or None."""
    link = None if page.next_cursor is None else next_link(request, page.next_cursor)
    return {name: [row(item) for item in page.items], "next": link}


def _story_ref(story_id: int, version: int, headline: str, **fields: Any) -> dict[str, Any]:
    """A story in a listing: its id, version and headline, ``fields``, then its page."""
    return {
        "id": story_id,
        "version": version,
        "headline": headline,
        **fields,
        "page": "/" + story_path(story_id),
    }


def _story_row(r: StorySummary) -> dict[str, Any]:
    return _story_ref(
        r.story_id,
        r.version,
        clean_text(r.headline),
        summary=clean_text(r.summary),
        updated_at=r.updated_at.isoformat(),
        article_count=r.article_count,
        outlet_count=r.outlet_count,
    )


def _source_row(s: Source) -> dict[str, Any]:
    return {
        "id": s.id or 0,
        "name": clean_text(s.name),
        "kind": s.kind.value,
        # Local paths of folder and dump sources stay private.
        "url": safe_url(s.url),
    }


def _hit_row(h: SearchHit) -> dict[str, Any]:
    return _story_ref(h.story_id, h.version, h.headline, snippet=h.snippet_text)


def make_app(
    store_url: str, site_dir: Path, title: str = "newsdesk", base_url: str | None = None
) -> Starlette:
    """The ASGI application of ``newsdesk serve``.

    Args:
        store_url: the store to read (a SQLite path or a PostgreSQL URL).
        site_dir: the folder the publish stage writes.
        title: the site's name, for server-rendered pages.
        base_url: the site's public address, for the stories' ``url`` (default: the
            ``site.base_url`` default).

    Returns:
        A Starlette application.
    """
    from newsdesk.store import open_store  # the store opens in the serving thread

    # One store per thread: SQLite connections belong to the thread that opened them.
    opened: dict[int, Store] = {}
    env = environment()
    options = SiteOptions(out_dir=site_dir, title=title)
    if base_url is not None:
        options = replace(options, base_url=base_url)

    def store() -> Store:
        thread = threading.get_ident()
        if thread not in opened:
            opened[thread] = open_store(store_url)
        return opened[thread]

    def api(
        handler: Callable[[Request], dict[str, Any]],
    ) -> Callable[[Request], Awaitable[Response]]:
        # Handlers are async so every store call runs in the one event-loop thread.
        async def endpoint(request: Request) -> Response:
            try:
                body = handler(request)
            except _ApiError as exc:
                return JSONResponse({"error": str(exc)}, status_code=exc.status)
            except BadCursorError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
            following = body.get("next")
            headers = {"Link": f'<{following}>; rel="next"'} if following else None
            return JSONResponse(body, headers=headers)

        return endpoint

    def list_stories(request: Request) -> dict[str, Any]:
        limit, after = _limit(request, 30), cursor_value(request, "stories")
        rows = store().latest_stories(limit + 1, after=after)
        page = page_of(rows, limit, "stories", lambda r: r.position)
        return _listing(request, "stories", page, _story_row)

    async def get_story(request: Request) -> Response:
        raw = request.path_params["story_id"]
        story_id = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None
        target = store().resolve_story(story_id) if story_id else None
        if story_id is None or target is None:
            return JSONResponse({"error": "no such story"}, status_code=404)
        if target != story_id:
            return RedirectResponse(f"/api/stories/{target}", status_code=301)
        body = one_record(store(), story_id, options)
        if body is None:
            story = store().story(story_id)
            if story is not None and story.status == StoryStatus.SUPPRESSED:
                return JSONResponse({"error": "the editors removed this story"}, status_code=410)
            return JSONResponse({"error": "the story has no version yet"}, status_code=404)
        return JSONResponse(body)

    def list_sources(request: Request) -> dict[str, Any]:
        limit, after = _limit(request, MAX_LIMIT), cursor_value(request, "sources")
        first = 0 if after is None else whole_number(after)
        found = [s for s in store().list_sources() if (s.id or 0) > first]  # in id order
        page = page_of(found[: limit + 1], limit, "sources", lambda s: s.id)
        return _listing(request, "sources", page, _source_row)

    def search_api(request: Request) -> dict[str, Any]:
        query = request.query_params.get("q")
        if query is None:
            raise _ApiError(400, "the query parameter q is required")
        limit, after = _limit(request, 20), cursor_value(request, "search")
        offset = 0 if after is None else whole_number(after, most=10**6)
        hits = find_stories(store(), query, limit=limit + 1, offset=offset)
        page = page_of(hits, limit, "search", lambda _: offset + limit)
        return {
            "query": clean_text(query, limit=500),
            **_listing(request, "results", page, _hit_row),
        }

    async def search_page(request: Request) -> Response:
        query = clean_text(request.query_params.get("q", ""), limit=200)
        static = site_dir / "search.html"
        if not query and static.is_file():
            return HTMLResponse(static.read_bytes())
        hits = find_stories(store(), query, limit=50) if query else []
        headlines = [
            _Headline(s.story_id, clean_text(s.headline)) for s in store().latest_stories(20)
        ]
        text = env.get_template("search.html").render(
            options=options,
            root="/",
            query=query,
            hits=hits,
            headlines=headlines,
            headlines_title="Latest",
        )
        return HTMLResponse(text)

    async def openapi(request: Request) -> Response:
        return JSONResponse(OPENAPI)

    async def metrics(request: Request) -> Response:
        body, content_type = exposition(store(), request.headers.get("accept", ""))
        return Response(body, headers={"Content-Type": content_type})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        mine = opened.pop(threading.get_ident(), None)
        if mine is not None:
            mine.close()

    return Starlette(
        routes=[
            Route("/api/stories", api(list_stories)),
            Route("/api/stories/{story_id}", get_story),
            Route("/api/sources", api(list_sources)),
            Route("/api/search", api(search_api)),
            Route("/openapi.json", openapi),
            Route("/metrics", metrics),
            Route("/search", search_page),
            Route("/search.html", search_page),
            Mount("/", app=_Static(directory=site_dir, html=True, check_dir=False)),
        ],
        lifespan=lifespan,
        middleware=[Middleware(_SecurityHeaders)],
    )


class _SecurityHeaders:
    """Adds the security headers (a strict CSP among them) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _Headline:
    """The two fields the page templates read from a running-list entry."""

    __slots__ = ("headline", "id")

    def __init__(self, story_id: int, headline: str) -> None:
        self.id = story_id
        self.headline = headline


class _Static(StaticFiles):
    """The site's files; the manifest and temporary files are not served."""

    def lookup_path(self, path: str) -> tuple[str, Any]:
        if any(part.startswith(".") for part in Path(path).parts):
            return "", None
        return super().lookup_path(path)


def serve(
    store_url: str,
    site_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    title: str = "newsdesk",
    base_url: str | None = None,
) -> None:
    """Serve the site, the API and search until interrupted.

    Args:
        store_url: the store to read.
        site_dir: the folder the publish stage writes.
        host: the address to listen on.
        port: the port to listen on.
        title: the site's name, for server-rendered pages.
        base_url: the site's public address, for the stories' ``url``.
    """
    import uvicorn

    log.info("serving %s and the API on http://%s:%d/", site_dir, host, port)
    app = make_app(store_url, site_dir, title, base_url)
    uvicorn.run(app, host=host, port=port, log_level="info")


__all__ = ["OPENAPI", "make_app", "serve"]
