"""API resource: assessments. `POST /api/assess` gives the same bytes as `heelraise assess
--json` (compact); `POST /api/assess/batch` is `heelraise assess --batch` over HTTP."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from heelraise.app.assessing import assess_body, assess_lines, assessment_json
from heelraise.web.deps import JsonOnly
from heelraise.web.openapi import ERRORS, json_body, ref

router = APIRouter(prefix="/api", tags=["assessments"], dependencies=[JsonOnly])


@router.post(
    "/assess",
    summary="Assess a case",
    description=(
        "Takes a `heelraise.case/1` document and returns the `heelraise.assessment/1` "
        "document, byte for byte what `heelraise assess --json` gives (compact). An "
        "invalid case gives 422 with one problem per field."
    ),
    response_class=Response,
    responses={200: json_body("Assessment", "The assessment"), **ERRORS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ref("Case")}},
        }
    },
)
async def assess(request: Request) -> Response:
    assessment = assess_body(await request.body())
    return Response(assessment_json(assessment), media_type="application/json")


@router.post(
    "/assess/batch",
    summary="Assess many cases (JSON lines)",
    description=(
        "One case per line in (`application/x-ndjson`), one line out per case in order: "
        'the assessment, or `{"error", "line", "problems"}` for a bad line; the rest '
        "go on. The same as `heelraise assess --batch`."
    ),
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "One assessment or error per line",
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        },
        **ERRORS,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        }
    },
)
async def assess_batch(request: Request) -> StreamingResponse:
    lines = (await request.body()).splitlines()
    return StreamingResponse(
        (line + b"\n" for line in assess_lines(lines)), media_type="application/x-ndjson"
    )
