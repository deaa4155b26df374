"""Assess a case document in the browser: paste it or choose the file, see the page.

The same document `heelraise assess` and `POST /api/assess` take; the page is
the one the questionnaire gives, with the training load and progress charts
when the case has them.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from heelraise.app.assessing import assess_body
from heelraise.errors import InvalidInput
from heelraise.web.deps import CsrfChecked, TemplatesDep
from heelraise.web.presenting import view_of

router = APIRouter(
    prefix="/case", tags=["pages"], include_in_schema=False, dependencies=[CsrfChecked]
)
TITLE = "Assess a case document"


@router.get("", response_class=HTMLResponse)
async def case_form(request: Request, templates: TemplatesDep) -> str:
    return templates.page(request, "case.html", title=TITLE, text="", problems=[], notice_full=True)


@router.post("", response_class=HTMLResponse)
async def assess_case(request: Request, templates: TemplatesDep) -> HTMLResponse:
    body = b""
    async with request.form() as form:  # closes the spooled upload
        upload = form.get("file")
        text = form.get("case")
        if isinstance(upload, UploadFile) and upload.filename:
            body = await upload.read()
        elif isinstance(text, str):
            body = text.encode("utf-8")
    try:
        assessment = assess_body(body)
    except InvalidInput as error:
        shown = body.decode("utf-8", errors="replace")
        page = templates.page(
            request, "case.html", title=TITLE, text=shown, problems=error.problems
        )
        return HTMLResponse(page, status_code=422)
    view = view_of(assessment)
    name = "urgent.html" if view.urgent else "assessment.html"
    title = "Urgent: get help today" if view.urgent else "Your assessment"
    page = templates.page(request, name, title=title, view=view, notice_full=not view.urgent)
    return HTMLResponse(page)
