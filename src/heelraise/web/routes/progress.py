"""A person's progress charts, training view (with the symptom onset) and course timeline."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from heelraise.app.clock import today
from heelraise.app.history import history
from heelraise.app.timeline import timeline, week_rows
from heelraise.app.training_load import training_load
from heelraise.knowledge.loader import default_knowledge
from heelraise.web.charts import training_chart, trend_svg
from heelraise.web.deps import PersonDep, SettingsDep, SignedIn, TemplatesDep
from heelraise.web.timeline_chart import timeline_svg

router = APIRouter(
    prefix="/people/{person}", tags=["pages"], include_in_schema=False, dependencies=[SignedIn]
)


def _symmetry_target() -> float:
    """The return-to-run heel-rise symmetry criterion (knowledge/return_to_run)."""
    rules = default_knowledge().return_to_run.criterion
    return float(next(rule.value for rule in rules if rule.id == "heel_rise_symmetry"))


def _charts() -> tuple[tuple[str, str, float, float | None], ...]:
    """(series name in `history`, chart title, y-axis top, target line)."""
    target = _symmetry_target()
    return (
        ("Morning stiffness", "Morning stiffness (0–10; lower is better)", 10.0, None),
        ("Pain walking", "Pain walking (0–10; lower is better)", 10.0, None),
        ("VISA-A", "VISA-A score (0–100; higher is better)", 100.0, None),
        (
            "Heel-rise symmetry",
            f"Heel-rise symmetry (%); the dashed line is {target:.0f}%",
            100.0,
            target,
        ),
    )


@router.get("/progress", response_class=HTMLResponse)
def progress(
    request: Request, person: PersonDep, settings: SettingsDep, templates: TemplatesDep
) -> str:
    _name, series = history(settings.database_url, person)
    by_name = {item.name: item for item in series}
    charts: list[tuple[str, Markup | None, list[tuple[dt.date, float]]]] = []
    for index, (name, caption, y_max, target) in enumerate(_charts()):
        found = by_name.get(name)
        if found is None or not found.points:
            charts.append((caption, None, []))
            continue
        chart = trend_svg(
            found.points,
            title=name,
            unit=found.unit.lstrip("/") if found.unit == "%" else "",
            y_max=y_max,
            target=target,
            chart_id=f"progress-{index}",
        )
        charts.append((caption, chart, found.points))
    return templates.page(request, "progress.html", title="Progress", person=person, charts=charts)


@router.get("/training", response_class=HTMLResponse)
def person_training(
    request: Request, person: PersonDep, settings: SettingsDep, templates: TemplatesDep
) -> str:
    onset = timeline(settings.database_url, person).onset
    load = training_load(settings.database_url, person, today(), onset)
    chart = training_chart(load)
    return templates.page(
        request,
        "person_training.html",
        title="Training load",
        person=person,
        load=load,
        chart=chart,
        report=None,
        onset=onset,
    )


@router.get("/timeline", response_class=HTMLResponse)
def course_timeline(
    request: Request, person: PersonDep, settings: SettingsDep, templates: TemplatesDep
) -> str:
    line = timeline(settings.database_url, person)
    chart = None if line.empty else timeline_svg(line)
    return templates.page(
        request,
        "timeline.html",
        title="Timeline",
        person=person,
        line=line,
        chart=chart,
        weeks=week_rows(line),
    )
