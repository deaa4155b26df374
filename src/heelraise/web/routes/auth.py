"""Signing in and out (accounts on), and `GET /api/session` for API clients.

Every sign-in starts a fresh session (a new random token; the old one is
dropped), so a session id planted before sign-in is worthless. The cookie is
HttpOnly, SameSite=Lax and, off loopback, Secure. A name locked by failed
sign-ins gets the form back with 429 and `Retry-After`, the right password
included (`app/sign_in_limit.py`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from heelraise.app.accounts import SESSION_HOURS, sign_in, sign_out
from heelraise.errors import NotSignedIn, SignInLocked
from heelraise.web.deps import CsrfChecked, LoginDep, SettingsDep, TemplatesDep
from heelraise.web.security import SESSION_COOKIE, csrf_for_session, session_cookie

router = APIRouter(tags=["pages"], include_in_schema=False, dependencies=[CsrfChecked])
api_router = APIRouter(prefix="/api", tags=["session"])


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (never `//host` or a scheme)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/login", response_class=HTMLResponse)
async def login_form(
    request: Request, templates: TemplatesDep, settings: SettingsDep, next: str | None = None
) -> Response:
    if not settings.accounts_on:
        return RedirectResponse("/today", status_code=303)
    page = templates.page(
        request,
        "login.html",
        title="Sign in",
        next=_safe_next(next) or "",
        error=None,
        login_name="",
    )
    return HTMLResponse(page)


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    if not settings.accounts_on:
        return RedirectResponse("/today", status_code=303)
    try:
        # argon2 takes tens of milliseconds of CPU: not on the event loop.
        signed = await run_in_threadpool(
            sign_in, settings.database_url, name, password, request.cookies.get(SESSION_COOKIE)
        )
    except NotSignedIn as error:
        page = templates.page(
            request, "login.html", title="Sign in", next=next, error=error.message, login_name=name
        )
        if isinstance(error, SignInLocked):
            headers = {"Retry-After": str(error.retry_after)}
            return HTMLResponse(page, status_code=429, headers=headers)
        return HTMLResponse(page, status_code=401)
    home = "/clinic" if signed.login.role == "clinician" else "/today"
    response = RedirectResponse(_safe_next(next) or home, status_code=303)
    cookie = session_cookie(
        signed.token, secure=settings.cookies_secure, max_age=SESSION_HOURS * 3600
    )
    response.headers.append("set-cookie", cookie)
    return response


@router.post("/logout")
async def logout(request: Request, settings: SettingsDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await run_in_threadpool(sign_out, settings.database_url, token)
    response = RedirectResponse("/login" if settings.accounts_on else "/", status_code=303)
    response.headers.append(
        "set-cookie", session_cookie("", secure=settings.cookies_secure, max_age=None)
    )
    return response


@api_router.get("/session")
async def session(request: Request, login: LoginDep) -> dict[str, Any]:
    """Who is signed in, and the `X-CSRF-Token` to send with API writes."""
    token = request.cookies.get(SESSION_COOKIE)
    csrf = csrf_for_session(token) if token else request.state.csrf_token
    if login is None:
        return {"accounts": False, "login": None, "role": None, "person": None, "csrf_token": csrf}
    return {
        "accounts": True,
        "login": login.name,
        "role": login.role,
        "person": login.person,
        "csrf_token": csrf,
    }
