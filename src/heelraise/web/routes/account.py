"""`/account/password`: a signed-in patient or clinician changes their own password.

The current password and the new one twice, as a plain form (no JavaScript
needed) with the session's CSRF token. A change ends every session of the
login; this browser gets a fresh session cookie. A wrong current password
counts as a failed sign-in for the name (`app/sign_in_limit.py`). Without
accounts there is no password: the page sends you to the start.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from heelraise.app.accounts import MIN_PASSWORD, SESSION_HOURS, change_password
from heelraise.errors import InvalidInput, SignInLocked
from heelraise.web.deps import CsrfChecked, LoginDep, SettingsDep, TemplatesDep
from heelraise.web.forms import problems_by_field
from heelraise.web.security import session_cookie
from heelraise.web.templating import Templates

PASSWORD_PATH = "/account/password"

router = APIRouter(tags=["pages"], include_in_schema=False, dependencies=[CsrfChecked])

Password = Annotated[str, Form(max_length=1000)]


def _page(
    request: Request,
    templates: Templates,
    *,
    changed: bool = False,
    problems: dict[str, list[str]] | None = None,
    error: str | None = None,
) -> str:
    return templates.page(
        request,
        "account_password.html",
        title="Change your password",
        min_password=MIN_PASSWORD,
        changed=changed,
        problems=problems or {},
        error=error,
    )


@router.get(PASSWORD_PATH, response_class=HTMLResponse)
async def password_form(
    request: Request,
    login: LoginDep,
    templates: TemplatesDep,
    changed: str | None = None,
) -> Response:
    if login is None:  # no accounts: no password to change
        return RedirectResponse("/", status_code=303)
    return HTMLResponse(_page(request, templates, changed=changed == "yes"))


@router.post(PASSWORD_PATH, response_class=HTMLResponse)
async def password_change(
    request: Request,
    login: LoginDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    current_password: Password = "",
    new_password: Password = "",
    new_password_again: Password = "",
) -> Response:
    if login is None:
        return RedirectResponse("/", status_code=303)
    try:
        # argon2 twice (check the old, hash the new): not on the event loop.
        signed = await run_in_threadpool(
            change_password,
            settings.database_url,
            login,
            current_password,
            new_password,
            new_password_again,
        )
    except InvalidInput as error:
        page = _page(request, templates, problems=problems_by_field(error.problems))
        return HTMLResponse(page, status_code=422)
    except SignInLocked as error:
        page = _page(request, templates, error=error.message)
        headers = {"Retry-After": str(error.retry_after)}
        return HTMLResponse(page, status_code=429, headers=headers)
    response = RedirectResponse(f"{PASSWORD_PATH}?changed=yes", status_code=303)
    cookie = session_cookie(
        signed.token, secure=settings.cookies_secure, max_age=SESSION_HOURS * 3600
    )
    response.headers.append("set-cookie", cookie)
    return response
