"""The clinician's patient list: side, site, weeks since onset, stage, the latest VISA-A and
heel-rise symmetry, days since the last check-in, and flags with their rule, inputs and
source; sorted on the server by any column (a link per column heading, no JavaScript)."""

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
    "side": "Side",
    "site": "Site",
    "onset": "Longest since onset",
    "stage": "Stage",
    "visa_a": "Lowest VISA-A",
    "symmetry": "Lowest heel-rise symmetry",
    "last_checkin": "Longest without a check-in",
}
# The table's columns: (the sort its heading sets, the heading).
COLUMNS = (
    ("name", "Patient"),
    ("side", "Side"),
    ("site", "Site"),
    ("onset", "Weeks since onset"),
    ("stage", "Stage · today"),
    ("visa_a", "VISA-A"),
    ("symmetry", "Heel-rise symmetry"),
    ("last_checkin", "Days since check-in"),
    ("flags", "Flags"),
)


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
        columns=COLUMNS,
        wide=True,
        as_of=day,
    )
