"""The week's plan carries the published doses: HSR (beyer-2015), eccentrics, floor variants."""

from __future__ import annotations

import datetime as dt

import pytest

from heelraise.clinical.assess import default_engine
from heelraise.contract import Assessment
from tests.factories import AS_OF, daily_checkins, make_case

YESTERDAY = AS_OF - dt.timedelta(days=1)


def stage2(load_step: int, method: str = "hsr", site: str = "midportion") -> Assessment:
    return default_engine().assess(
        make_case(
            symptoms={"site": site},
            programme={
                "started": "2026-10-01",
                "stage": 2,
                "stage_started": (AS_OF - dt.timedelta(days=3)).isoformat(),
                "method": method,
                "load_step": load_step,
            },
            checkins=daily_checkins(AS_OF - dt.timedelta(days=3), YESTERDAY),
        )
    )


@pytest.mark.parametrize(
    ("step", "sets", "reps", "load"),
    [
        (0, 3, 15, "15RM"),
        (1, 3, 12, "12RM"),
        (2, 4, 10, "10RM"),
        (3, 4, 8, "8RM"),
        (4, 4, 6, "6RM"),
        (20, 4, 6, "6RM"),  # past the top rung: the top dose
    ],
)
def test_hsr_follows_the_weekly_rm_progression(step: int, sets: int, reps: int, load: str) -> None:
    result = stage2(step)
    assert result.decision == "hold"
    assert result.plan is not None
    heavy = [s for s in result.plan.sessions if s.kind == "heavy"]
    assert len(heavy) == 3  # three sessions a week
    for session in heavy:
        for exercise in session.exercises:
            assert (exercise.sets, exercise.reps, exercise.load) == (sets, reps, load)
            assert exercise.tempo == "3-0-3"
            assert "heavy" in exercise.tags


def test_eccentric_choice_is_kept() -> None:
    result = stage2(0, method="eccentric")
    assert result.plan is not None
    assert result.plan.variant == "stage-2-eccentric"
    ids = {e.id for s in result.plan.sessions for e in s.exercises}
    assert ids == {"eccentric-heel-drop-straight", "eccentric-heel-drop-bent"}
    assert all(e.source == "alfredson-1998" for s in result.plan.sessions for e in s.exercises)
    assert "advice.stage2.methods" in {a.id for a in result.advice}


@pytest.mark.parametrize("method", ["hsr", "eccentric"])
def test_insertional_stage_2_stays_at_floor_level(method: str) -> None:
    result = stage2(2, method=method, site="insertion")
    assert result.plan is not None
    tags = {tag for s in result.plan.sessions for e in s.exercises for tag in e.tags}
    assert "off_step" not in tags
    assert result.plan.source == "jonsson-2008"


def test_first_visit_plan_is_light_loading_every_day() -> None:
    result = default_engine().assess(make_case())
    assert result.plan is not None
    assert result.plan.stage == 1
    assert len(result.plan.sessions) == 7
    tags = {tag for s in result.plan.sessions for e in s.exercises for tag in e.tags}
    assert tags == {"isometric"}
