"""The JSON API: `POST /api/assess` (the same bytes as `heelraise assess --json`) and health."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from heelraise import __version__
from heelraise.app.assessing import assess_body, assessment_json
from heelraise.web.deps import JsonOnly
from heelraise.web.openapi import json_body, ref

router = APIRouter(prefix="/api", tags=["api"], dependencies=[JsonOnly])

ERRORS: dict[int | str, dict[str, Any]] = {
    status: json_body("Error", text)
    for status, text in (
        (403, "A cross-site request"),
        (413, "The body is over the size limit"),
        (415, "The body is not application/json"),
        (422, "The case is not valid: one problem per field"),
    )
}


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


@router.get("/health", summary="Whether the app is up")
async def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}
