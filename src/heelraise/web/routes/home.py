"""The start page: where to begin."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heelraise.web.deps import TemplatesDep

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, templates: TemplatesDep) -> str:
    return templates.page(
        request, "home.html", title="Achilles pain: what to do now", notice_full=True
    )
