"""The analyst's desk: one application serving the web pages, the HTTP API and the static files.

uvicorn "claimscope.web.app:app_from_env" --factory     # or: claimscope serve
"""

from __future__ import annotations

import logging
import os
import socket

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from claimscope.api import router as api_router
from claimscope.api.invalid import invalid_request
from claimscope.ingest import DEFAULT_MAX_BYTES
from claimscope.query import ensure_fresh, refresh_apart
from claimscope.store import DEFAULT_URL, Store
from claimscope.web.security import SecurityHeaders
from claimscope.web.templating import STATIC, templates
from claimscope.web.views import ROUTERS

MAX_UPLOAD_BYTES = DEFAULT_MAX_BYTES  # a file the API takes is a file the CLI takes


LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]
EVERYWHERE = ("0.0.0.0", "::", "")
JSON_PATHS = ("/api/", "/openapi.json", "/static/")  # answered in JSON when missing, as FastAPI does
RETRY_AFTER_S = 30  # what a 503 asks a client to wait before asking again
log = logging.getLogger(__name__)


def create_app(
    store: Store,
    token: str | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The desk over ``store``; writes need ``token`` (none: writes are refused). With
    ``allowed_hosts``, requests naming another Host are refused (a page elsewhere that rebinds
    its name to 127.0.0.1 cannot read the desk)."""
    app = FastAPI(
        title="claimscope",
        summary="Who said what, who contradicts whom, and what is established, over a stream of news.",
        version="0.1.0",
        docs_url=None,  # served offline by claimscope.api.docs, without a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.token = token
    app.state.max_upload_bytes = max_upload_bytes
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # outermost: refusals carry the headers too
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_router)
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(StarletteHTTPException, _not_found_page)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(DBAPIError, _store_unavailable)
    app.add_exception_handler(PoolTimeout, _store_unavailable)
    return app


async def _store_unavailable(request: Request, exc: Exception) -> Response:
    """A request the store's database cannot answer (its server down or restarting, a file held
    locked past the wait, every pooled connection in use): a 503 saying so, with Retry-After, in
    JSON for the API and as a page for a browser, where a 500 and a traceback page had come. The
    driver's own words (a server's host, a row's values) and the database's place stay in the
    server's log; other database faults stay 500s."""
    if isinstance(exc, PoolTimeout):
        said = "has every connection in use"
    else:
        found = request.app.state.store.failure(exc)
        if found is None:
            raise exc
        said = found[0]
    log.warning("a request not answered: %s", request.app.state.store.explain(exc))
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if _answered_in_json(request):
        detail = f"the store's database {said}; try again in a moment"
        return JSONResponse({"detail": detail}, status_code=503, headers=headers)
    return templates.TemplateResponse(
        request, "store_unavailable.html", {"said": said}, status_code=503, headers=headers
    )


async def _not_found_page(request: Request, exc: Exception) -> Response:
    """A page that does not exist, asked for by a browser: an HTML page saying so, with the desk's
    links; the API, its schema and static files keep their JSON answers."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code != 404 or _answered_in_json(request):
        return await http_exception_handler(request, exc)
    return templates.TemplateResponse(request, "page_missing.html", {"path": request.url.path}, status_code=404)


def _answered_in_json(request: Request) -> bool:
    """The API, its schema and static files ("/api" too) answer errors in JSON, as FastAPI does."""
    return (request.url.path.rstrip("/") + "/").startswith(JSON_PATHS)


def app_from_env() -> FastAPI:
    """For uvicorn --factory: CLAIMSCOPE_DB, CLAIMSCOPE_TOKEN (16 characters at least) and
    CLAIMSCOPE_HOSTS (the Host names to answer, comma-separated; loopback names by default)."""
    token = os.environ.get("CLAIMSCOPE_TOKEN") or None
    if token is not None and len(token) < 16:
        raise ValueError("CLAIMSCOPE_TOKEN must hold at least 16 characters")
    hosts = [h.strip() for h in os.environ.get("CLAIMSCOPE_HOSTS", "").split(",") if h.strip()]
    store = Store(os.environ.get("CLAIMSCOPE_DB", DEFAULT_URL))
    refresh_apart(store)
    return create_app(store, token, allowed_hosts=hosts or LOOPBACK_NAMES)


def cannot_listen(host: str, port: int) -> str | None:
    """Why the desk could not listen on ``host:port`` (taken, or no such address here), or None:
    asked before the command says it serves (uvicorn said so, then failed)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind((host, port))
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


def run_desk(store: Store, host: str, port: int, token: str | None = None, access_log: bool = True) -> None:
    """Serve the desk until interrupted, as `claimscope serve` does: what every first request
    would otherwise pay for is done before (the place index; stale verdicts start refreshing
    beside the server, `query.refresh_apart`), requests naming another Host are refused unless
    listening everywhere, and what was loaded by then is kept out of the garbage collector's
    scans for the server's life."""
    import gc

    import uvicorn

    from claimscope.entities.gazetteer import gazetteer

    gazetteer()
    allowed = None if host in EVERYWHERE else [*LOOPBACK_NAMES, host]
    desk = create_app(store, token, allowed_hosts=allowed)
    gc.freeze()  # before the refresh below allocates: what it leaves must stay collectable
    refresh_apart(store)
    ensure_fresh(store)  # a stale store starts refreshing beside the server, which serves meanwhile
    uvicorn.run(desk, host=host, port=port, log_level="warning", access_log=access_log)
