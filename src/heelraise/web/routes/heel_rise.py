"""The heel-rise test page: instructions, a metronome at 30 rises a minute, symmetry.

The symmetry comes from the server (`heelraise.app.capacity`): a plain form
post without JavaScript, an htmx fragment as the counts are typed with it.
Storing the result comes with the journal.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from heelraise.app.accounts import Login
from heelraise.app.capacity import HeelRiseResult, heel_rise_result
from heelraise.app.clock import today
from heelraise.app.journal import has_person, local_person
from heelraise.errors import InvalidInput
from heelraise.web.deps import CsrfChecked, MaybeLoginDep, SettingsDep, TemplatesDep, person_url
from heelraise.web.forms import problems_by_field
from heelraise.web.settings import WebSettings
from heelraise.web.templating import Templates, is_htmx

router = APIRouter(
    prefix="/tests", tags=["pages"], include_in_schema=False, dependencies=[CsrfChecked]
)

RISES_PER_MINUTE = 30  # the test's cadence: one full rise every 2 seconds


def _render(
    request: Request,
    templates: Templates,
    values: dict[str, str],
    result: HeelRiseResult | None = None,
    problems: dict[str, list[str]] | None = None,
    save_path: str | None = None,
) -> str:
    name = "_heel_rise_result.html" if is_htmx(request) else "heel_rise.html"
    return templates.page(
        request,
        name,
        title="Heel-rise test",
        rises_per_minute=RISES_PER_MINUTE,
        values=values,
        result=result,
        problems=problems or {},
        save_path=save_path,
    )


def _save_path(settings: WebSettings, login: Login | None) -> str | None:
    """Where the result can be stored: the patient's (or the local person's) journal."""
    if login is not None:
        return None if login.person is None else person_url(login.person, "tests/heel-rise")
    if not settings.single_user:
        return None
    person = local_person(settings.database_url, settings.person)
    return (
        person_url(person, "tests/heel-rise") if has_person(settings.database_url, person) else None
    )


@router.get("/heel-rise", response_class=HTMLResponse)
def heel_rise(
    request: Request, templates: TemplatesDep, settings: SettingsDep, login: MaybeLoginDep
) -> str:
    return _render(request, templates, {}, save_path=_save_path(settings, login))


@router.post("/heel-rise", response_class=HTMLResponse)
def score(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    login: MaybeLoginDep,
    affected_reps: Annotated[str, Form()] = "",
    other_reps: Annotated[str, Form()] = "",
) -> HTMLResponse:
    values = {"affected_reps": affected_reps, "other_reps": other_reps}
    if not affected_reps.strip() or not other_reps.strip():
        return HTMLResponse(_render(request, templates, values))
    answers = {key: int(v) if v.strip().isdigit() else v for key, v in values.items()}
    try:
        result = heel_rise_result(answers, today())
    except InvalidInput as error:
        page = _render(request, templates, values, problems=problems_by_field(error.problems))
        return HTMLResponse(page, status_code=200 if is_htmx(request) else 422)
    page = _render(request, templates, values, result, save_path=_save_path(settings, login))
    return HTMLResponse(page)
