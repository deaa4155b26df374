"""`create_app(settings)`: the FastAPI application, its routers, middleware and handler."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from heelraise import __version__
from heelraise.app.journal import close_kept, keep_open
from heelraise.errors import HeelraiseError
from heelraise.web import errors, openapi
from heelraise.web.presenting import EXERCISE_PICTURES
from heelraise.web.routes import ROUTERS, UPLOAD_PATHS
from heelraise.web.routes.calendar import redact_feed_tokens
from heelraise.web.security import HostCheckMiddleware, SecurityMiddleware
from heelraise.web.settings import WebSettings, is_loopback
from heelraise.web.templating import Templates

DESCRIPTION = (
    "Achilles pain: is this consistent with tendinopathy, and what to do now. "
    "Information and self-management support, not a diagnosis. The case and "
    "assessment documents are `heelraise.case/1` and `heelraise.assessment/1`."
)


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The web app for `settings` (default: from the environment)."""
    settings = settings or WebSettings()
    if not settings.accounts_on and not is_loopback(settings.host):
        raise HeelraiseError(
            f"without accounts the web app serves only this machine (127.0.0.1 or localhost), "
            f"not {settings.host}: leave accounts on (the default off loopback)"
        )
    keep_open(settings.database_url)
    redact_feed_tokens(logging.getLogger("uvicorn.access"))  # feed links are secrets

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        close_kept(settings.database_url)

    app = FastAPI(
        lifespan=lifespan,
        title="heelraise",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI loads from a CDN; /openapi.json is the documentation
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.templates = Templates(single_user=settings.single_user)
    errors.register(app)
    for router in ROUTERS:
        app.include_router(router)
    # The exercise drawings live with the knowledge they illustrate (knowledge/illustrations.py).
    app.mount(
        EXERCISE_PICTURES,
        StaticFiles(packages=[("heelraise.knowledge", "illustrations")]),
        name="exercise-pictures",
    )
    app.mount("/static", StaticFiles(packages=[("heelraise.web", "static")]), name="static")
    app.add_middleware(
        SecurityMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        upload_paths=UPLOAD_PATHS,
        secure_cookies=settings.cookies_secure,
    )
    app.add_middleware(HostCheckMiddleware, serves_host=settings.serves_host)  # outermost
    openapi.install(app)
    return app


def app_from_environment() -> FastAPI:
    """The app for each of `heelraise serve --workers N`'s processes: the settings come
    from the `HEELRAISE_*` environment `serve` sets before starting them."""
    return create_app(WebSettings())
