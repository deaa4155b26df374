"""The triage questionnaire and its assessment page.

`POST /triage` shows the assessment (urgent: the urgent page, with where to
go and no plan). With JavaScript, htmx posts the form to `/triage/check` on
every change and shows the urgent notice the moment an urgent answer is given,
beside the answer that made it urgent.

With a journal (no accounts, or a signed-in patient) the questionnaire opens
with the latest answers filled in, and the answers sent are stored: the first
start the journal, later ones become the answers Today and status read
(`app/onboarding.record_questionnaire`). A clinician's answers are not stored.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from heelraise.app.accounts import Login
from heelraise.app.onboarding import latest_answers, record_questionnaire
from heelraise.app.questionnaire import assess_answers
from heelraise.errors import InvalidCase
from heelraise.web.deps import CsrfChecked, MaybeLoginDep, SettingsDep, TemplatesDep, person_url
from heelraise.web.forms import LABELS, SECTIONS, answers_from_form, labelled_problems
from heelraise.web.presenting import view_of
from heelraise.web.settings import WebSettings

router = APIRouter(
    prefix="/triage", tags=["pages"], include_in_schema=False, dependencies=[CsrfChecked]
)


TITLE = "Check your Achilles pain"


def _journal_of(settings: WebSettings, login: Login | None) -> tuple[bool, str | None]:
    """(whether the answers go into a journal, whose: None for the local one)."""
    if login is None:
        return settings.single_user, None
    return login.person is not None, login.person


@router.get("", response_class=HTMLResponse)
async def questionnaire(
    request: Request, templates: TemplatesDep, settings: SettingsDep, login: MaybeLoginDep
) -> str:
    keeps, person = _journal_of(settings, login)
    earlier = (
        await run_in_threadpool(latest_answers, settings.database_url, person) if keeps else {}
    )
    return templates.page(
        request,
        "triage.html",
        title=TITLE,
        sections=SECTIONS,
        answers=_flat(earlier),
        problems={},
        labels=LABELS,
        again=bool(earlier),
        notice_full=not earlier,
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
            title=TITLE,
            sections=SECTIONS,
            answers=_flat(answers),
            problems=labelled_problems(error.problems),
            labels=LABELS,
            again=False,
        )
        return HTMLResponse(page, status_code=422)
    keeps, person = _journal_of(settings, login)
    recorded = (
        await run_in_threadpool(record_questionnaire, settings.database_url, person, answers)
        if keeps
        else None
    )
    view = view_of(assessment)
    name = "urgent.html" if view.urgent else "assessment.html"
    title = "Urgent: get help today" if view.urgent else "Your assessment"
    journal = None if recorded is None else person_url(recorded.day.person, "today")
    page = templates.page(
        request,
        name,
        title=title,
        view=view,
        journal=journal,
        journal_started=recorded is not None and recorded.started,
        notice_full=not view.urgent,
    )
    return HTMLResponse(page)


@router.post("/check", response_class=HTMLResponse)
async def check(request: Request, templates: TemplatesDep) -> str:
    """An htmx fragment (the inside of #urgent-now): the urgent warning when the answers so
    far are urgent, else nothing."""
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
            elif isinstance(value, int | float):
                value = str(value)
            flat[f"{part}.{key}"] = value
    return flat
