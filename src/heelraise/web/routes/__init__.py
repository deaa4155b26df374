"""One APIRouter per resource; `ROUTERS` is the order the app includes them in."""

from __future__ import annotations

from fastapi import APIRouter

from heelraise.web.routes import (
    account,
    api_activities,
    api_assessments,
    api_exports,
    api_health,
    api_people,
    api_plans,
    api_referrals,
    auth,
    calendar,
    cases,
    checkins,
    clinic,
    heel_rise,
    home,
    install,
    person_tests,
    progress,
    referrals,
    today,
    training,
    triage,
)

ROUTERS: tuple[APIRouter, ...] = (
    api_assessments.router,
    api_plans.router,
    api_referrals.router,
    api_activities.router,
    api_health.router,
    api_people.router,
    api_exports.router,
    auth.api_router,
    home.router,
    install.router,
    auth.router,
    account.router,
    today.router,
    checkins.router,
    person_tests.router,
    progress.router,
    clinic.router,
    triage.router,
    referrals.router,
    training.router,
    heel_rise.router,
    cases.router,
    calendar.feed_router,
    calendar.router,
)
# Paths whose bodies may be as large as the upload limit (the rest: the body limit).
UPLOAD_PATHS = frozenset({training.UPLOAD_PATH})
# And every `/api/people/{person}/import` (api_people.IMPORT_PATH; see security.py).
