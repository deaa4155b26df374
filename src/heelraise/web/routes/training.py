"""The training view: upload activity files or exports, see weekly load and spikes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from heelraise.app.activities import activities_with_ids, delete_activity
from heelraise.app.clock import today
from heelraise.app.training_load import training_load
from heelraise.app.uploads import UploadReport, import_uploads
from heelraise.errors import InvalidInput, Problem
from heelraise.web.charts import training_chart
from heelraise.web.deps import CsrfChecked, OwnPersonDep, SettingsDep, SignedIn, TemplatesDep
from heelraise.web.settings import WebSettings
from heelraise.web.templating import Templates, is_htmx

router = APIRouter(
    prefix="/training",
    tags=["pages"],
    include_in_schema=False,
    dependencies=[SignedIn, CsrfChecked],
)
UPLOAD_PATH = "/training/upload"
LISTED = 50  # the newest activities listed under the chart, each with a delete button


def _onset(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        problem = Problem("onset", f"must be a date written YYYY-MM-DD, got {value!r}")
        raise InvalidInput([problem]) from None
    if day > today():
        raise InvalidInput([Problem("onset", f"{day} is in the future")])
    return day


def _page(
    request: Request,
    templates: Templates,
    settings: WebSettings,
    person: str,
    onset: dt.date | None,
    report: UploadReport | None = None,
) -> str:
    load = training_load(settings.database_url, person, today(), onset)
    chart = training_chart(load)
    name = "_training.html" if is_htmx(request) else "training.html"
    listed = activities_with_ids(settings.database_url, person, LISTED)
    return templates.page(
        request,
        name,
        title="Training load",
        load=load,
        chart=chart,
        report=report,
        onset=onset,
        activities=listed,
    )


@router.get("", response_class=HTMLResponse)
def training(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    person: OwnPersonDep,
    onset: Annotated[str | None, Query(description="When the pain began (YYYY-MM-DD)")] = None,
) -> str:
    return _page(request, templates, settings, person, _onset(onset))


@router.post("/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    person: OwnPersonDep,
    files: Annotated[list[UploadFile], File(description="FIT, GPX, TCX, CSV or zip exports")],
    onset: Annotated[str | None, Form()] = None,
) -> str:
    uploads = [(item.filename, item.file) for item in files]
    report = import_uploads(settings.database_url, person, uploads)
    return _page(request, templates, settings, person, _onset(onset), report)


@router.post("/activities/{activity_id}/delete")
def delete(settings: SettingsDep, person: OwnPersonDep, activity_id: int) -> RedirectResponse:
    """Delete one of the signed-in person's own activities (audited), then back to the page.
    Another person's activity is not found among theirs: 404, nothing deleted."""
    delete_activity(settings.database_url, person, activity_id)
    return RedirectResponse("/training", status_code=303)
