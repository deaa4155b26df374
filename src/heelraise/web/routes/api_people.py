"""API: people, their check-ins, tests, status and plan, and activity import.

The same use cases as the pages (`heelraise.app`). Reads need a login when
accounts are on; writes take JSON (`application/json`) and, with a session,
the `X-CSRF-Token` header from `GET /api/session`. The import takes
multipart files and always needs the header. Errors have the one JSON shape.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from heelraise.app.accounts import people_for
from heelraise.app.today import add_test, check_in, recorded, today_for
from heelraise.app.uploads import import_uploads
from heelraise.contract.serialise import assessment_to_json
from heelraise.errors import InvalidInput, NoTriage, Problem
from heelraise.web.deps import (
    CsrfHeader,
    LoginDep,
    PersonDep,
    SettingsDep,
    SignedIn,
    require_csrf_header,
    require_json,
)
from heelraise.web.openapi import json_body, ref

router = APIRouter(prefix="/api", tags=["people"], dependencies=[SignedIn])
IMPORT_PATH = "/api/people/{person}/import"


async def write_guard(request: Request, settings: SettingsDep) -> None:
    """JSON only; with accounts on, the session's CSRF header too."""
    await require_json(request)
    if settings.accounts_on:
        await require_csrf_header(request)


JsonWrite = Depends(write_guard)


def _json(value: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(value), status_code=status, media_type="application/json")


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        body = None
    if not isinstance(body, dict):
        raise InvalidInput([Problem("body", "must be a JSON object")])
    return body


@router.get("/people", summary="The people this login may see")
def people(login: LoginDep, settings: SettingsDep) -> dict[str, list[str]]:
    return {"people": people_for(settings.database_url, login)}


@router.get("/people/{person}/checkins", summary="The person's check-ins, oldest first")
def checkins(person: PersonDep, settings: SettingsDep) -> Response:
    return _json({"person": person, "checkins": recorded(settings.database_url, person)[0]})


def _json_request(schema: str) -> dict[str, Any]:
    content = {"application/json": {"schema": ref(schema)}}
    return {"requestBody": {"required": True, "content": content}}


@router.post(
    "/people/{person}/checkins",
    summary="Record a check-in (contract fields; `replace=true` to replace that day's)",
    description="The date defaults to today; no date after today or before 1900.",
    status_code=201,
    dependencies=[JsonWrite],
    responses={409: json_body("Error", "That day has a check-in: send replace=true")},
    openapi_extra=_json_request("CheckInItem"),
)
async def add_checkin(
    request: Request, person: PersonDep, settings: SettingsDep, replace: bool = False
) -> Response:
    fields = await _body(request)
    day, replaced, assessed = await run_in_threadpool(
        partial(check_in, settings.database_url, person, fields, replace=replace)
    )
    decision = None if assessed is None else assessed.assessment.decision
    document = {"person": person, "date": day.isoformat(), "replaced": replaced}
    return _json({**document, "decision": decision}, 201)


@router.get("/people/{person}/tests", summary="The person's capacity tests, oldest first")
def tests(person: PersonDep, settings: SettingsDep) -> Response:
    return _json({"person": person, "tests": recorded(settings.database_url, person)[1]})


@router.post(
    "/people/{person}/tests",
    summary="Record a heel_rise, hop or visa_a test (contract fields)",
    description="The date defaults to today; no date after today or before 1900.",
    status_code=201,
    dependencies=[JsonWrite],
    openapi_extra=_json_request("TestItem"),
)
async def add_a_test(request: Request, person: PersonDep, settings: SettingsDep) -> Response:
    fields = await _body(request)
    item, assessed = await run_in_threadpool(add_test, settings.database_url, person, fields)
    decision = None if assessed is None else assessed.assessment.decision
    return _json({"person": person, "test": item, "decision": decision}, 201)


def _assessed(person: str, settings: Any) -> Any:
    day = today_for(settings.database_url, person)
    if day.assessment is None:
        raise NoTriage(f"no triage answers are recorded for {person} yet")
    return day.assessment


@router.get("/people/{person}/status", summary="Today's assessment (heelraise.assessment/1)")
def status(person: PersonDep, settings: SettingsDep) -> Response:
    body = assessment_to_json(_assessed(person, settings))
    return Response(body, media_type="application/json")


@router.get("/people/{person}/plan", summary="This week's plan from today's assessment")
def plan(person: PersonDep, settings: SettingsDep) -> Response:
    document = orjson.loads(assessment_to_json(_assessed(person, settings)))
    return _json(
        {
            "person": person,
            "as_of": document["as_of"],
            "stage": document.get("stage"),
            "decision": document.get("decision"),
            "plan": document.get("plan"),
        }
    )


@router.post(
    "/people/{person}/import",
    summary="Import activity files or exports (multipart `files`; X-CSRF-Token header)",
    dependencies=[CsrfHeader],
)
def import_files(
    person: PersonDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="FIT, GPX, TCX, CSV or zip exports")],
) -> Response:
    report = import_uploads(
        settings.database_url, person, [(item.filename, item.file) for item in files]
    )
    not_read = "not an activity file heelraise can read"
    return _json(
        {
            "person": person,
            "imported": report.imported,
            "duplicates": report.duplicates,
            "skipped": [{"source": item.name, "reason": item.reason} for item in report.skipped]
            + [{"source": name, "reason": not_read} for name in report.not_activity_files],
            "left_out": [
                {"source": item.name, "field": item.field, "reason": item.reason}
                for item in report.left_out
            ],
            "limits": None if report.limits is None else report.limits.model_dump(),
        }
    )
