"""The web app and HTTP API over a store: pages, JSON and Atom, one FastAPI app.

Thin like the CLI: read through `Library` (which calls `storyline.api`),
render, answer. Story pages are the HTML report's own story section
(`report.render_html.story_html`), rendered once per (story id, revision).
"""

from __future__ import annotations

import functools
import gzip
import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from storyline import __version__
from storyline.errors import StorylineError
from storyline.model import Json
from storyline.report.render import StoryView, plural
from storyline.report.render_html import story_html
from storyline.serve import atom
from storyline.serve.changes import changes_html, when
from storyline.serve.library import Library, cited_spans

STATIC = {
    "report.css": ("storyline.report", "text/css"),
    "report.js": ("storyline.report", "text/javascript"),
    "serve.css": ("storyline.serve", "text/css"),
}
ATOM = "application/atom+xml; charset=utf-8"
JSON = "application/json"
HTML = "text/html; charset=utf-8"
COMPRESS = 6  # gzip level of cached pages: a story page of 96 KB keeps about 12 KB
STORY_SCHEMA = {
    "type": "object",
    "description": "`story` is an item of the brief's `stories`, `articles` its articles, "
    "as in `storyline brief --format json` (schema/brief.schema.json)",
    "properties": {
        "id": {"type": "string"},
        "revision": {"type": "integer"},
        "updated_at": {"type": "string", "format": "date-time"},
        "story": {"type": "object"},
        "articles": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["id", "revision", "updated_at", "story", "articles"],
}
PAGE = 50  # stories per page of the story list
WARM = 4000  # story pages rendered ahead (kept gzipped, each about 10-20 KB)


class NotFound(Exception):
    """An id the store does not hold: a 404 page, or JSON under /api."""

    def __init__(self, what: str, ident: str, db: str) -> None:
        super().__init__(f"no {what} with id {ident!r} in {db}")


class BadInput(Exception):
    """A query parameter the store cannot use: 400, with the reason."""


def create_app(db: str, warm: int = WARM) -> FastAPI:
    """The app serving the store at `db` (a SQLite file, or a database URL).

    While it runs, a thread renders the pages of the `warm` newest stories ahead
    of their first request, and again for each story the store revises.
    """
    lib = Library(db, pages=max(warm, 1024))
    env = Environment(
        loader=PackageLoader("storyline.serve", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    env.filters["plural"] = lambda n, one, many=None: f"{n} {one if n == 1 else many or one + 's'}"
    env.filters["when"] = when
    env.filters["urlq"] = lambda s: quote(str(s), safe="")
    assets = {
        name: (resources.files(pkg) / "templates" / name).read_bytes()
        for name, (pkg, _) in STATIC.items()
    }

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        if warm:
            ahead = threading.Thread(
                target=lib.warm, args=(packed_story, warm, stop), daemon=True, name="warm"
            )
            ahead.start()
        yield
        stop.set()

    app = FastAPI(
        lifespan=lifespan,
        title="storyline",
        version=__version__,
        description="Stored stories: cross-checked briefs, their articles and their changes.",
        docs_url=None,  # the Swagger page loads its script from a CDN: /openapi.json instead
        redoc_url=None,
    )

    def show(template: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = env.get_template(template).render(db=db, **values)
        return HTMLResponse(html, status_code=status)

    def story_or_404(story_id: str, revision: int | None = None) -> Json:
        doc = lib.story(story_id, revision)
        if doc is None:
            what = "story" if revision is None else f"revision {revision} of a story"
            raise NotFound(what, story_id, db)
        return doc

    def changes_or_400(story_id: str, since: str | None) -> Json:
        try:
            return lib.changes(story_id, since)
        except (StorylineError, ValueError) as e:
            raise BadInput(f"since={since!r}: {e}") from e

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return show("error.html", 404, title="Not found", message=str(exc))

    @app.exception_handler(BadInput)
    async def bad_input(request: Request, exc: BadInput) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return show("error.html", 400, title="Bad request", message=str(exc))

    # ---- pages

    # The two pages read most are answered from memory on the event loop; anything that
    # reads the store or renders runs in the thread pool, so a slow read holds up no one.

    async def fresh() -> None:
        if not lib.current():
            await run_in_threadpool(lib.stories)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def story_list(
        request: Request, q: str = "", entity: str = "", page: int = Query(1, ge=1)
    ) -> Response:
        await fresh()

        def render() -> bytes:  # gzipped
            found = lib.find(q, entity)
            first = (page - 1) * PAGE
            terms = urlencode({k: v for k, v in (("q", q), ("entity", entity)) if v})
            html = env.get_template("list.html").render(
                db=db,
                stories=found[first : first + PAGE],
                found=len(found),
                first=first,
                page=page,
                more=first + PAGE < len(found),
                query=terms + "&" if terms else "",
                terms=terms,
                q=q,
                entity=entity,
                total=len(lib.stories()),
            )
            return gzip.compress(html.encode(), COMPRESS)

        key = ("list", lib.version(), q, entity, page)
        packed = lib.pages.peek(key)
        if packed is None:
            packed = await run_in_threadpool(lib.pages.get, key, render)
        return send(request, packed, HTML)

    def render_story(story_id: str, revision: int, since: str | None = None) -> bytes:
        doc = story_or_404(story_id, revision)
        view = StoryView(doc["story"], {a["id"]: a for a in doc["articles"]})
        changes = changes_or_400(story_id, since) if since else None
        body = lib.bodies.get((story_id, revision), lambda: story_html(view))
        return (
            env.get_template("story.html")
            .render(
                db=db,
                doc=doc,
                story=doc["story"],
                content=Markup(body),
                sources=view.sources(),
                since=since,
                changes_since=changes["since"] if changes else None,
                changes=Markup(changes_html(changes, view)) if changes is not None else None,
            )
            .encode()
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    async def story_page(request: Request, story_id: str, since: str | None = None) -> Response:
        await fresh()
        row = lib.summary(story_id)  # the latest revision's number, from the list in memory
        if row is None:
            raise NotFound("story", story_id, db)
        revision = row["revision"]
        if since:  # "2h" means something else each minute: rendered per request
            return HTMLResponse(await run_in_threadpool(render_story, story_id, revision, since))
        key = ("story", story_id, revision)
        packed = lib.pages.peek(key)
        if packed is None:
            make = functools.partial(packed_story, story_id, revision)
            packed = await run_in_threadpool(lib.pages.get, key, make)
        return send(request, packed, HTML)

    def packed_story(story_id: str, revision: int) -> bytes:
        return gzip.compress(render_story(story_id, revision), COMPRESS)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, story: str | None = None) -> Response:
        art = lib.article(article_id)
        if art is None:
            raise NotFound("article", article_id, db)
        story_id = story or art.get("story") or art.get("story_id")
        doc = lib.story(story_id) if story_id else None
        spans = cited_spans(doc["story"], article_id) if doc else []
        return show(
            "article.html",
            article=art,
            doc=doc,
            pieces=highlight(art.get("text", ""), spans),
            cited=len({(s, e) for s, e, _ in spans}),
        )

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in assets:
            raise NotFound("file", name, "the app's static files")
        return Response(
            assets[name],
            media_type=STATIC[name][1],
            headers={"Cache-Control": "public, max-age=3600"},
        )

    # ---- feeds

    @app.get("/stories/{story_id}/feed.atom", include_in_schema=False)
    def story_feed(story_id: str, request: Request) -> Response:
        row = lib.summary(story_id)
        if row is None:
            raise NotFound("story", story_id, db)
        base = str(request.base_url).rstrip("/")

        def render() -> bytes:
            doc = story_or_404(story_id, row["revision"])
            entries = revision_entries(doc, changes_or_400(story_id, None), base)
            return atom.feed(
                f"urn:storyline:story:{story_id}",
                f"{doc['story']['title']} (storyline)",
                f"{base}/stories/{quote(story_id)}/feed.atom",
                f"{base}/stories/{quote(story_id)}",
                entries,
            )

        body = lib.pages.get(("story-feed", story_id, row["revision"], base), render)
        return Response(body, media_type=ATOM)

    @app.get("/feed.atom", include_in_schema=False)
    def topic_feed(request: Request, q: str = "", entity: str = "") -> Response:
        base = str(request.base_url).rstrip("/")
        query = urlencode({k: v for k, v in (("q", q), ("entity", entity)) if v})
        topic = " ".join(x for x in (q, entity) if x) or "all stories"

        def render() -> bytes:
            entries = [story_entry(row, base) for row in lib.find(q, entity)[:100]]
            suffix = f"?{query}" if query else ""
            return atom.feed(
                f"urn:storyline:topic:{quote(topic)}",
                f"storyline: {topic}",
                f"{base}/feed.atom{suffix}",
                f"{base}/{suffix}",
                entries,
            )

        body = lib.pages.get(("topic-feed", lib.version(), q, entity, base), render)
        return Response(body, media_type=ATOM)

    # ---- JSON

    @app.get("/api/stories", summary="Stored stories, newest and most-covered first")
    def api_stories(
        response: Response,
        q: str = Query("", description="words every listed story's title or statements hold"),
        entity: str = Query("", description="part of a person's, place's or group's name"),
        limit: int = Query(100, ge=1, le=10_000, description="at most this many stories"),
        offset: int = Query(0, ge=0, description="skip this many first"),
    ) -> list[dict[str, Any]]:
        found = lib.find(q, entity)
        response.headers["X-Total-Count"] = str(len(found))
        return found[offset : offset + limit]

    @app.get(
        "/api/stories/{story_id}",
        summary="A story's brief and its articles",
        response_class=Response,
        responses={200: {"content": {JSON: {"schema": STORY_SCHEMA}}, "description": "The story"}},
    )
    def api_story(
        request: Request,
        story_id: str,
        revision: int | None = Query(None, ge=1, description="an earlier revision"),
    ) -> Response:
        if revision is None:
            row = lib.summary(story_id)
            if row is None:
                raise NotFound("story", story_id, db)
            revision = row["revision"]

        def encode(rev: int = revision) -> bytes:
            doc = story_or_404(story_id, rev)
            text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
            return gzip.compress(text.encode("utf-8"), COMPRESS)

        # encoded once per revision: the JSON carries its articles' whole text
        return send(request, lib.json.get((story_id, revision), encode), JSON)

    @app.get("/api/stories/{story_id}/changes", summary="What changed in a story since a time")
    def api_changes(
        story_id: str,
        since: str | None = Query(
            None, description="ISO 8601 date or time (UTC unless given), or an age: 15m, 2h, 3d"
        ),
    ) -> dict[str, Any]:
        if lib.summary(story_id) is None:
            raise NotFound("story", story_id, db)
        return changes_or_400(story_id, since or None)

    @app.get("/api/articles/{article_id}", summary="A stored article with its text")
    def api_article(article_id: str) -> dict[str, Any]:
        art = lib.article(article_id)
        if art is None:
            raise NotFound("article", article_id, db)
        return art

    return app


def send(request: Request, packed: bytes, media_type: str) -> Response:
    """A cached gzip body as it is to a client that accepts gzip (browsers, feed readers,
    HTTP libraries), unpacked for one that does not."""
    headers = {"Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type=media_type, headers=headers)
    return Response(gzip.decompress(packed), media_type=media_type, headers=headers)


def highlight(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, list[str]]]:
    """`text` cut into pieces, each with the sections that cite it ([] for uncited text)."""
    cuts = sorted({0, len(text), *(p for s, e, _ in spans for p in (s, e) if 0 <= p <= len(text))})
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        parts = sorted({part for s, e, part in spans if s <= a and b <= e})
        pieces.append((text[a:b], parts))
    return pieces


def story_entry(row: Json, base: str) -> atom.Entry:
    counts = [
        plural(row.get("sources", 0), "source"),
        plural(row.get("conflicts", 0), "conflict"),
        plural(row.get("statements", 0), "statement"),
    ]
    return atom.Entry(
        id=f"urn:storyline:story:{row['id']}",
        title=row.get("title") or row["id"],
        updated=row.get("updated_at") or row.get("date") or "",
        link=f"{base}/stories/{quote(row['id'])}",
        summary=" · ".join(x for x in (row.get("date"), *counts) if x),
    )


def revision_entries(doc: Json, changes: Json, base: str) -> list[atom.Entry]:
    """One entry per recorded revision of the story, newest first."""
    from storyline.serve.changes import revisions

    sid = doc["id"]
    link = f"{base}/stories/{quote(sid)}"
    out = []
    for rev in revisions(changes):
        out.append(
            atom.Entry(
                id=f"urn:storyline:story:{sid}:revision:{rev['revision']}",
                title=f"{doc['story']['title']}: {rev['headline']}",
                updated=rev["at"],
                link=f"{link}?{urlencode({'since': rev['since']})}" if rev["since"] else link,
                summary=rev["headline"],
                content="\n".join(rev["lines"]),
            )
        )
    return out


DB_ENV = "STORYLINE_SERVE_DB"
WARM_ENV = "STORYLINE_SERVE_WARM"


def app_from_env() -> FastAPI:
    """The app for the store named by $STORYLINE_SERVE_DB (uvicorn's factory, one per worker)."""
    import os

    return create_app(os.environ[DB_ENV], int(os.environ.get(WARM_ENV, WARM)))


def serve(
    db: str, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, warm: int = WARM
) -> None:
    """Serve the store at `db` until interrupted; reads it once first, so that a file
    that is no storyline store fails here with its reason, not on the first request."""
    import os

    import uvicorn

    Library(db).stories()
    os.environ[DB_ENV] = db
    os.environ[WARM_ENV] = str(warm)
    uvicorn.run(
        "storyline.serve.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
    )
