"""Dependencies the routes declare (full-stack-fastapi-template's `api/deps.py`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from heelraise.app.accounts import Login, login_for, require_access
from heelraise.app.journal import local_person
from heelraise.errors import NotAllowed, NotSignedIn
from heelraise.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    UNSAFE_METHODS,
    tokens_match,
)
from heelraise.web.settings import WebSettings
from heelraise.web.templating import Templates

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Types no cross-site HTML form can send (JSON lines for batches).
JSON_TYPES = frozenset({"application/json", "application/x-ndjson"})


# Trivial dependencies are `async def`: FastAPI runs a plain `def` one in the thread pool.
async def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


async def get_templates(request: Request) -> Templates:
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
    if not tokens_match(_expected_csrf(request), submitted):
        raise HTTPException(
            403,
            "the form's security token is missing or out of date; reload the page and try again",
        )


def _expected_csrf(request: Request) -> str | None:
    """The session's token when signed in, else the double-submit cookie's."""
    if request.cookies.get(SESSION_COOKIE):
        expected: str = request.state.csrf_token
        return expected
    return request.cookies.get(CSRF_COOKIE)


async def require_csrf_header(request: Request) -> None:
    """API writes from a browser session: the `X-CSRF-Token` header must match."""
    if request.method not in UNSAFE_METHODS:
        return
    if getattr(request.state, "cross_site", False):
        raise HTTPException(403, "cross-site requests are refused")
    if not tokens_match(_expected_csrf(request), request.headers.get(CSRF_HEADER)):
        raise HTTPException(403, "send the X-CSRF-Token header (from GET /api/session)")


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
CsrfHeader = Depends(require_csrf_header)
JsonOnly = Depends(require_json)


async def current_login(request: Request, settings: SettingsDep) -> Login | None:
    """The signed-in login (None when accounts are off); `NotSignedIn` without a session."""
    if not settings.accounts_on:
        return None
    cached: Login | None = getattr(request.state, "login", None)
    if cached is not None:
        return cached
    token = request.cookies.get(SESSION_COOKIE)
    login = await run_in_threadpool(login_for, settings.database_url, token) if token else None
    if login is None:
        raise NotSignedIn("sign in to see this page")
    request.state.login = login
    return login


LoginDep = Annotated[Login | None, Depends(current_login)]
SignedIn = Depends(current_login)


async def person_in_path(person: str, login: LoginDep, settings: SettingsDep) -> str:
    """The `{person}` of the path, once the login may see them (else 403, nothing read).

    Without accounts, or for a patient, no database is needed; a clinician's
    patient list is looked up off the event loop."""
    if login is None or login.person is not None:
        require_access(settings.database_url, login, person)
    else:
        await run_in_threadpool(require_access, settings.database_url, login, person)
    return person


PersonDep = Annotated[str, Depends(person_in_path)]


def own_person(login: LoginDep, settings: SettingsDep) -> str:
    """Whose pages `/today`, `/training` and the tests show: the patient's, or the local one."""
    if login is None:
        return local_person(settings.database_url, settings.person)
    if login.person is None:
        raise NotAllowed("a clinician's pages are the patient list: open a patient from it")
    return login.person


OwnPersonDep = Annotated[str, Depends(own_person)]


def person_url(person: str, page: str) -> str:
    """The path of one of a person's pages (`today`, `checkin`, `tests/hop`, ...)."""
    return f"/people/{quote(person, safe='')}/{page}"


async def maybe_login(request: Request, settings: SettingsDep) -> Login | None:
    """The signed-in login, or None (no accounts, or not signed in) for public pages."""
    try:
        return await current_login(request, settings)
    except NotSignedIn:
        return None


MaybeLoginDep = Annotated[Login | None, Depends(maybe_login)]
