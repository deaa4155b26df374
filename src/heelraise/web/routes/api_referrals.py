"""API resource: referral destinations (`heelraise referrals`)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from heelraise.app.referrals import referral_destinations

router = APIRouter(prefix="/api", tags=["referrals"])


class Destination(BaseModel):
    level: str
    name: str
    kind: str
    how: str
    url: str | None = None


class Referrals(BaseModel):
    own_file: bool
    destinations: list[Destination]


@router.get("/referrals", summary="Where heelraise points people", response_model=Referrals)
def referrals() -> Referrals:
    _path, own_file, destinations = referral_destinations()
    return Referrals(
        own_file=own_file,
        destinations=[Destination.model_validate(d.model_dump()) for d in destinations],
    )
