"""One APIRouter per resource; `ROUTERS` is the order the app includes them in."""

from __future__ import annotations

from fastapi import APIRouter

from heelraise.web.routes import api, heel_rise, home, referrals, training, triage

ROUTERS: tuple[APIRouter, ...] = (
    api.router,
    home.router,
    triage.router,
    referrals.router,
    training.router,
    heel_rise.router,
)
# Paths whose bodies may be as large as the upload limit (the rest: the body limit).
UPLOAD_PATHS = frozenset({training.UPLOAD_PATH})
