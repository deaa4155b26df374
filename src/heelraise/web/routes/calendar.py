"""Reminders in the phone's calendar: the feed a calendar app subscribes to, and the page
where the athlete makes, copies and stops its link.

`GET /calendar/{token}.ics` needs no login: the token in the URL is the secret
(`app/calendar.py`). A wrong or revoked token gets exactly the 404 any unknown
path gets, and nothing is read or written. There is no per-client request
limit in the app to apply here (the only limit, on sign-ins, counts per login
name); guessing a 256-bit token is not a practical attack, and an unknown token
costs one indexed lookup. The link page is the athlete's own: their clinician
can see their plan in the app, but a secret link to it is for the athlete alone.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from heelraise.app.calendar import (
    FeedLink,
    feed_calendar,
    feed_settings,
    make_feed,
    reminder_times,
    revoke_feed,
)
from heelraise.errors import NotAllowed
from heelraise.web.deps import (
    CsrfChecked,
    LoginDep,
    PersonDep,
    SettingsDep,
    SignedIn,
    TemplatesDep,
    person_url,
)
from heelraise.web.templating import Templates

feed_router = APIRouter(tags=["pages"], include_in_schema=False)
_FEED_PATH = re.compile(r"/calendar/[^/?#\s]+\.ics")


class RedactFeedTokens(logging.Filter):
    """Keeps feed tokens out of the server's access log: the path is logged as
    `/calendar/[token].ics` (a token in a log file would be a working link)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _FEED_PATH.sub("/calendar/[token].ics", item) if isinstance(item, str) else item
                for item in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _FEED_PATH.sub("/calendar/[token].ics", record.msg)
        return True


def redact_feed_tokens(logger: logging.Logger) -> None:
    """Add the filter to `logger` once (uvicorn's access log: `uvicorn.access`)."""
    if not any(isinstance(item, RedactFeedTokens) for item in logger.filters):
        logger.addFilter(RedactFeedTokens())


router = APIRouter(
    prefix="/people/{person}",
    tags=["pages"],
    include_in_schema=False,
    dependencies=[SignedIn, CsrfChecked],
)


@feed_router.get("/calendar/{token}.ics")
def calendar_feed(request: Request, token: str, settings: SettingsDep) -> Response:
    today_url = str(request.url_for("home")) + "today"
    data = feed_calendar(settings.database_url, token, checkin_url=today_url)
    if data is None:
        raise HTTPException(404)
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": 'inline; filename="heelraise.ics"'},
    )


async def own_record(person: PersonDep, login: LoginDep) -> str:
    """The person, when the login is theirs (or there are no accounts): not their clinician."""
    if login is not None and login.person != person:
        raise NotAllowed("only the person themselves can make or stop their calendar link")
    return person


OwnRecordDep = Annotated[str, Depends(own_record)]


def _page(
    request: Request,
    templates: Templates,
    db_url: str | None,
    person: str,
    made: FeedLink | None = None,
) -> str:
    current = made.settings if made is not None else feed_settings(db_url, person)
    link = None
    if made is not None:
        link = str(request.url_for("calendar_feed", token=made.token))
    return templates.page(
        request,
        "calendar.html",
        title="Reminders in your calendar",
        person=person,
        current=current,
        link=link,
        webcal=None if link is None else "webcal://" + link.split("://", 1)[1],
    )


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request, person: OwnRecordDep, settings: SettingsDep, templates: TemplatesDep
) -> str:
    return _page(request, templates, settings.database_url, person)


@router.post("/calendar", response_class=HTMLResponse)
def make_calendar_link(
    request: Request,
    person: OwnRecordDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    login: LoginDep,
    checkin_at: Annotated[str, Form(max_length=5)] = "08:00",
    session_at: Annotated[str, Form(max_length=5)] = "17:30",
) -> str:
    """A new link (any older one stops), shown on this page once and never again."""
    checkin, session = reminder_times(checkin_at, session_at)
    actor = login.name if login is not None else None
    made = make_feed(settings.database_url, person, checkin, session, actor)
    return _page(request, templates, settings.database_url, person, made)


@router.post("/calendar/revoke")
def revoke_calendar_link(person: OwnRecordDep, settings: SettingsDep, login: LoginDep) -> Response:
    revoke_feed(settings.database_url, person, login.name if login is not None else None)
    return RedirectResponse(person_url(person, "calendar"), status_code=303)
