"""The daily check-in: a 30-second form (htmx-enhanced, works without JavaScript).

Bad input names the field and stores nothing (422); a second check-in for a
day asks before replacing it (409). A stored check-in re-assesses the day.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from heelraise.app.clock import today
from heelraise.app.today import check_in
from heelraise.errors import CheckInExists, InvalidInput
from heelraise.web.deps import (
    CsrfChecked,
    PersonDep,
    SettingsDep,
    SignedIn,
    TemplatesDep,
    person_url,
)
from heelraise.web.flash import checked_in_query
from heelraise.web.forms import problems_by_field
from heelraise.web.journal_forms import fields_from, submitted, text, yes_no
from heelraise.web.presenting import view_of
from heelraise.web.templating import Templates, is_htmx

router = APIRouter(
    prefix="/people/{person}",
    tags=["pages"],
    include_in_schema=False,
    dependencies=[SignedIn, CsrfChecked],
)

SCORES = (
    ("morning_stiffness_0_10", "Morning stiffness on first getting up", True),
    ("pain_walking_0_10", "Pain walking today", True),
    ("pain_during_0_10", "Pain during your exercises", False),
    ("pain_after_0_10", "Pain after your exercises", False),
)
FIELDS = (*(name for name, _l, _r in SCORES), "settled_by_next_morning", "exercised", "date")


def _render(
    request: Request,
    templates: Templates,
    person: str,
    values: dict[str, str],
    problems: dict[str, list[str]] | None = None,
    **extra: Any,
) -> str:
    name = "_checkin.html" if is_htmx(request) else "checkin.html"
    return templates.page(
        request,
        name,
        title="Daily check-in",
        person=person,
        scores=SCORES,
        values=values,
        problems=problems or {},
        today=today(),
        **{"saved": None, "exists": None, "answer": None, **extra},
    )


@router.get("/checkin", response_class=HTMLResponse)
def checkin_form(request: Request, person: PersonDep, templates: TemplatesDep) -> str:
    return _render(request, templates, person, {"exercised": "yes"})


@router.post("/checkin", response_class=HTMLResponse)
async def checkin(
    request: Request, person: PersonDep, templates: TemplatesDep, settings: SettingsDep
) -> Response:
    form = await request.form()
    values = submitted(form, FIELDS)
    fields = fields_from(
        form,
        integers=[name for name, _l, _r in SCORES],
        booleans=["settled_by_next_morning", "exercised"],
    )
    fields.setdefault("exercised", False)
    replace = yes_no(text(form, "replace")) is True
    try:
        day, replaced, assessed = await run_in_threadpool(
            partial(check_in, settings.database_url, person, fields, replace=replace)
        )
    except InvalidInput as error:
        page = _render(request, templates, person, values, problems_by_field(error.problems))
        return HTMLResponse(page, status_code=200 if is_htmx(request) else 422)
    except CheckInExists as error:
        page = _render(request, templates, person, values, exists=error.day)
        return HTMLResponse(page, status_code=200 if is_htmx(request) else 409)
    if is_htmx(request):  # answered in place: the decision made with this check-in
        answer = None if assessed is None else view_of(assessed.assessment)
        page = _render(request, templates, person, {}, saved=(day, replaced), answer=answer)
        return HTMLResponse(page)
    query = checked_in_query(day, replaced)
    return RedirectResponse(f"{person_url(person, 'today')}?{query}", status_code=303)
