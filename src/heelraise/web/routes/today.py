"""A person's today page: the decision and why, this week's plan, when to check in next."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from heelraise.app.journal import local_person
from heelraise.app.today import today_for
from heelraise.web.deps import LoginDep, PersonDep, SettingsDep, SignedIn, TemplatesDep, person_url
from heelraise.web.presenting import view_of

router = APIRouter(tags=["pages"], include_in_schema=False, dependencies=[SignedIn])


@router.get("/today")
def my_today(login: LoginDep, settings: SettingsDep) -> Response:
    """To the signed-in patient's (or the local person's) today page; clinicians to their list."""
    if login is not None and login.person is None:
        return RedirectResponse("/clinic", status_code=303)
    person = login.person if login is not None else None
    name = person or local_person(settings.database_url, settings.person)
    return RedirectResponse(person_url(name, "today"), status_code=303)


@router.get("/people/{person}/today", response_class=HTMLResponse)
def today(
    request: Request, person: PersonDep, settings: SettingsDep, templates: TemplatesDep
) -> str:
    day = today_for(settings.database_url, person)
    view = None if day.assessment is None else view_of(day.assessment)
    return templates.page(request, "today.html", title="Today", person=person, day=day, view=view)
