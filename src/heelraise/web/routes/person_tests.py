"""A person's capacity tests: hop, VISA-A (the 8 published items) and storing a heel rise.

Each form works without JavaScript; bad input names the field and stores
nothing (422). A stored test re-assesses its day.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from heelraise.app.clock import today
from heelraise.app.today import add_test
from heelraise.app.visa_a_items import ACTIVITY_ITEM, BRANCHES, SCALE_ITEMS
from heelraise.errors import InvalidInput, Problem
from heelraise.web.deps import (
    CsrfChecked,
    PersonDep,
    SettingsDep,
    SignedIn,
    TemplatesDep,
    person_url,
)
from heelraise.web.flash import saved_test_query
from heelraise.web.forms import problems_by_field
from heelraise.web.journal_forms import fields_from, submitted, text
from heelraise.web.templating import Templates

router = APIRouter(
    prefix="/people/{person}/tests",
    tags=["pages"],
    include_in_schema=False,
    dependencies=[SignedIn, CsrfChecked],
)

HOP_FIELDS = ("pain_0_10", "flare_24h", "date")
VISA_FIELDS = (*(item.key for item in SCALE_ITEMS), "q7", "q8_branch", "q8_duration", "date")
HEEL_RISE_FIELDS = (
    "affected_reps",
    "other_reps",
    "affected_height_cm",
    "other_height_cm",
    "date",
)


def _page(
    request: Request,
    templates: Templates,
    person: str,
    values: dict[str, str] | None = None,
    problems: dict[str, list[str]] | None = None,
    form: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    page = templates.page(
        request,
        "person_tests.html",
        title="Record a test",
        person=person,
        values=values or {},
        problems=problems or {},
        form=form,
        today=today(),
        scale_items=SCALE_ITEMS,
        activity_item=ACTIVITY_ITEM,
        branches=BRANCHES,
    )
    return HTMLResponse(page, status_code=status)


async def _store(
    request: Request,
    templates: Templates,
    settings: Any,
    person: str,
    fields: dict[str, Any],
    values: dict[str, str],
    form: str,
) -> Response:
    try:
        item, _assessed = await run_in_threadpool(add_test, settings.database_url, person, fields)
    except InvalidInput as error:
        problems = problems_by_field(error.problems)
        return _page(request, templates, person, values, problems, form, status=422)
    query = saved_test_query(item)
    return RedirectResponse(f"{person_url(person, 'progress')}?{query}", status_code=303)


@router.get("", response_class=HTMLResponse)
def tests(request: Request, person: PersonDep, templates: TemplatesDep) -> HTMLResponse:
    return _page(request, templates, person)


@router.post("/hop", response_class=HTMLResponse)
async def hop(
    request: Request, person: PersonDep, templates: TemplatesDep, settings: SettingsDep
) -> Response:
    form = await request.form()
    fields = {"kind": "hop", **fields_from(form, integers=["pain_0_10"], booleans=["flare_24h"])}
    if "pain_0_10" not in fields:
        problems = {"pain_0_10": ["is required: the pain while hopping, 0 to 10"]}
        return _page(request, templates, person, submitted(form, HOP_FIELDS), problems, "hop", 422)
    return await _store(
        request, templates, settings, person, fields, submitted(form, HOP_FIELDS), "hop"
    )


@router.post("/visa-a", response_class=HTMLResponse)
async def visa_a(
    request: Request, person: PersonDep, templates: TemplatesDep, settings: SettingsDep
) -> Response:
    form = await request.form()
    values = submitted(form, VISA_FIELDS)
    keys = [item.key for item in SCALE_ITEMS] + ["q7"]
    answers: dict[str, Any] = fields_from(form, integers=keys, dates=())
    problems = [Problem(f"answers.{key}", "is required") for key in keys if key not in answers]
    branch = text(form, "q8_branch")
    branch_keys = {item.key for item in BRANCHES}
    if branch not in branch_keys:
        problems.append(Problem("answers.q8", "choose which of the three item 8 questions fits"))
    else:
        options = next(item.options for item in BRANCHES if item.key == branch)
        duration = text(form, "q8_duration").strip()
        if not duration.isdigit() or int(duration) >= len(options):
            problems.append(Problem(f"answers.{branch}", "choose how long you can train"))
        else:
            answers[branch] = options[int(duration)][0]
    if problems:
        by_field = problems_by_field(problems)
        return _page(request, templates, person, values, by_field, "visa-a", 422)
    fields = {"kind": "visa_a", "answers": answers, **fields_from(form)}
    return await _store(request, templates, settings, person, fields, values, "visa-a")


@router.post("/heel-rise", response_class=HTMLResponse)
async def heel_rise(
    request: Request, person: PersonDep, templates: TemplatesDep, settings: SettingsDep
) -> Response:
    form = await request.form()
    fields = {
        "kind": "heel_rise",
        **fields_from(
            form,
            integers=["affected_reps", "other_reps"],
            numbers=["affected_height_cm", "other_height_cm"],
        ),
    }
    values = submitted(form, HEEL_RISE_FIELDS)
    return await _store(request, templates, settings, person, fields, values, "heel-rise")
