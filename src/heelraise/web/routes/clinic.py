"""The clinician's patient list: flags with their rule, inputs and source; sorted on the server."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from heelraise.app.clinic import SORTS, patient_list
from heelraise.app.clock import today
from heelraise.web.deps import LoginDep, SettingsDep, SignedIn, TemplatesDep

router = APIRouter(tags=["pages"], include_in_schema=False, dependencies=[SignedIn])

SORT_LABELS = {
    "flags": "Most pressing first",
    "name": "Name",
    "last_checkin": "Longest without a check-in",
    "stage": "Stage",
}


@router.get("/clinic", response_class=HTMLResponse)
def clinic(
    request: Request,
    login: LoginDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    sort: Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$")] = "flags",
) -> str:
    day = today()
    rows = patient_list(settings.database_url, login, day, settings.checkin_gap_days, sort)
    return templates.page(
        request,
        "clinic.html",
        title="Patients",
        rows=rows,
        sort=sort,
        sort_labels=SORT_LABELS,
        as_of=day,
    )
