"""API resource: plans. `POST /api/plan.ics` is `heelraise plan CASE --ics` over HTTP."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from heelraise.app.assessing import assess_body
from heelraise.export.ics import plan_ics
from heelraise.web.deps import JsonOnly
from heelraise.web.openapi import ERRORS, ref

router = APIRouter(prefix="/api", tags=["plans"], dependencies=[JsonOnly])


@router.post(
    "/plan.ics",
    summary="This week's plan as iCalendar events",
    description="Takes a case; an urgent case gives an empty calendar (no home programme).",
    response_class=Response,
    responses={
        200: {
            "description": "iCalendar",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        **ERRORS,
    },
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Case")}}}
    },
)
async def plan_calendar(request: Request) -> Response:
    assessment = assess_body(await request.body())
    return Response(plan_ics(assessment), media_type="text/calendar; charset=utf-8")
