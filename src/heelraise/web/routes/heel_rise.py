"""The heel-rise test page: instructions, a metronome at 30 rises a minute, symmetry."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heelraise.web.deps import TemplatesDep

router = APIRouter(prefix="/tests", tags=["pages"], include_in_schema=False)

RISES_PER_MINUTE = 30  # the test's cadence: one full rise every 2 seconds


@router.get("/heel-rise", response_class=HTMLResponse)
async def heel_rise(request: Request, templates: TemplatesDep) -> str:
    return templates.page(
        request, "heel_rise.html", title="Heel-rise test", rises_per_minute=RISES_PER_MINUTE
    )
