"""API resource: the person's imported activities (`heelraise activities --json`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from heelraise.app.activities import activities_since
from heelraise.contract.case import Day
from heelraise.web.deps import OwnPersonDep, SettingsDep, SignedIn

router = APIRouter(prefix="/api", tags=["activities"], dependencies=[SignedIn])


@router.get(
    "/activities",
    summary="Imported activities, as the case's training items",
    response_model=list[dict[str, Any]],
)
def activities(
    settings: SettingsDep,
    person: OwnPersonDep,
    since: Annotated[Day | None, Query(description="Only from this date (YYYY-MM-DD)")] = None,
) -> list[dict[str, Any]]:
    items = activities_since(settings.database_url, person, since)
    return [item.to_training() for item in items]
