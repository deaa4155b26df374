"""Dependencies the routes declare (full-stack-fastapi-template's `api/deps.py`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.exceptions import HTTPException

from heelraise.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    UNSAFE_METHODS,
    tokens_match,
)
from heelraise.web.settings import WebSettings
from heelraise.web.templating import Templates

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Types no cross-site HTML form can send (JSON lines for batches).
JSON_TYPES = frozenset({"application/json", "application/x-ndjson"})


def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def get_templates(request: Request) -> Templates:
    templates: Templates = request.app.state.templates
    return templates


SettingsDep = Annotated[WebSettings, Depends(get_settings)]
TemplatesDep = Annotated[Templates, Depends(get_templates)]


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request unless its token matches the CSRF cookie (double submit).

    The token comes from the `X-CSRF-Token` header (htmx sends it) or the form's
    `csrf_token` field (plain form posts, without JavaScript).
    """
    if request.method not in UNSAFE_METHODS:
        return
    if getattr(request.state, "cross_site", False):
        raise HTTPException(403, "cross-site requests are refused")
    submitted = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if submitted is None and content_type.startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not tokens_match(request.cookies.get(CSRF_COOKIE), submitted):
        raise HTTPException(
            403,
            "the form's security token is missing or out of date; reload the page and try again",
        )


async def require_json(request: Request) -> None:
    """API writes take JSON only: a cross-site HTML form cannot send it (CSRF)."""
    if request.method not in UNSAFE_METHODS:
        return
    if getattr(request.state, "cross_site", False):
        raise HTTPException(403, "cross-site requests are refused")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in JSON_TYPES:
        raise HTTPException(415, "send the body as application/json")


CsrfChecked = Depends(verify_csrf)
JsonOnly = Depends(require_json)
