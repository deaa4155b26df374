"""The triage questionnaire and its assessment page.

`POST /triage` shows the assessment (urgent: the urgent page, with where to
go and no plan). With JavaScript, htmx posts the form to `/triage/check` on
every change and shows the urgent notice the moment an urgent answer is given.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from heelraise.app.onboarding import start_journal_if_new
from heelraise.app.questionnaire import assess_answers
from heelraise.errors import InvalidCase
from heelraise.web.deps import CsrfChecked, MaybeLoginDep, SettingsDep, TemplatesDep, person_url
from heelraise.web.forms import SECTIONS, answers_from_form, problems_by_field
from heelraise.web.presenting import view_of

router = APIRouter(
    prefix="/triage", tags=["pages"], include_in_schema=False, dependencies=[CsrfChecked]
)


@router.get("", response_class=HTMLResponse)
async def questionnaire(request: Request, templates: TemplatesDep) -> str:
    return templates.page(
        request,
        "triage.html",
        title="Check your Achilles pain",
        sections=SECTIONS,
        answers={},
        problems={},
    )


@router.post("", response_class=HTMLResponse)
async def submit(
    request: Request, templates: TemplatesDep, settings: SettingsDep, login: MaybeLoginDep
) -> HTMLResponse:
    form = await request.form()
    answers = answers_from_form(form, form.getlist)
    try:
        assessment = assess_answers(answers)
    except InvalidCase as error:
        page = templates.page(
            request,
            "triage.html",
            title="Check your Achilles pain",
            sections=SECTIONS,
            answers=_flat(answers),
            problems=problems_by_field(error.problems),
        )
        return HTMLResponse(page, status_code=422)
    started = None
    if login is None and settings.single_user:
        started = await run_in_threadpool(
            start_journal_if_new, settings.database_url, None, answers
        )
    elif login is not None and login.person is not None:
        started = await run_in_threadpool(
            start_journal_if_new, settings.database_url, login.person, answers
        )
    view = view_of(assessment)
    name = "urgent.html" if view.urgent else "assessment.html"
    title = "Urgent: get help today" if view.urgent else "Your assessment"
    journal = None if started is None else person_url(started.person, "today")
    return HTMLResponse(templates.page(request, name, title=title, view=view, journal=journal))


@router.post("/check", response_class=HTMLResponse)
async def check(request: Request, templates: TemplatesDep) -> str:
    """An htmx fragment: the urgent notice when the answers so far are urgent, else nothing."""
    form = await request.form()
    try:
        assessment = assess_answers(answers_from_form(form, form.getlist))
    except InvalidCase:
        return templates.page(request, "_urgent_notice.html", view=None)
    view = view_of(assessment)
    return templates.page(request, "_urgent_notice.html", view=view if view.urgent else None)


def _flat(answers: dict[str, dict[str, object]]) -> dict[str, object]:
    """Answers keyed by form field name, to fill the form in again."""
    flat: dict[str, object] = {}
    for part, values in answers.items():
        for key, value in values.items():
            if value is True:
                value = "yes"
            elif value is False:
                value = "no"
            flat[f"{part}.{key}"] = value
    return flat
