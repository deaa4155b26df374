"""Where to get help: the configured referral destinations (escalation page)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heelraise.app.referrals import referral_destinations
from heelraise.web.deps import TemplatesDep

router = APIRouter(tags=["pages"], include_in_schema=False)

LEVEL_TITLES = (
    ("urgent", "Urgent: today"),
    ("clinician", "A clinician soon"),
    ("specialist", "A specialist review"),
)


@router.get("/referrals", response_class=HTMLResponse)
def referrals(request: Request, templates: TemplatesDep) -> str:
    path, own_file, destinations = referral_destinations()
    groups = [
        (level, title, [d for d in destinations if d.level == level])
        for level, title in LEVEL_TITLES
    ]
    return templates.page(
        request,
        "referrals.html",
        title="Where to get help",
        groups=groups,
        path=str(path),
        own_file=own_file,
    )
