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


def at(
    stage: object,
    step: int,
    *,
    site: str = "midportion",
    sport: str = "running",
    checkins: list[dict[str, object]] | None = None,
    days_since_change: int = 3,
) -> Assessment:
    changed = AS_OF - dt.timedelta(days=days_since_change)
    return default_engine().assess(
        make_case(
            person={"age": 30, "sports": [sport]},
            symptoms={"site": site},
            programme={
                "started": "2026-06-01",
                "stage": stage,
                "stage_started": changed.isoformat(),
                "load_step": step,
            },
            checkins=checkins
            if checkins is not None
            else daily_checkins(changed, YESTERDAY, walking=4),
        )
    )


def exercise_loads(result: Assessment, exercise_id: str) -> list[str]:
    assert result.plan is not None
    return [e.load for s in result.plan.sessions for e in s.exercises if e.id == exercise_id]


def test_field_and_court_sports_drill_only_after_continuous_running_in_the_seed_order() -> None:
    """Accelerations, then cutting, then jumps and landing, then full training; never during
    the walk-run ladder (case-format.md and the seed's order for field and court sports)."""
    drills_by_rung = []
    for step in range(9):
        result = at(4, step, sport="football")
        assert result.load_step == step
        drills = exercise_loads(result, "sport-drills")
        running = exercise_loads(result, "walk-run") + exercise_loads(result, "continuous-run")
        assert running, step
        drills_by_rung.append(drills[0] if drills else None)
    assert drills_by_rung[:5] == [None] * 5  # the walk-run ladder up to continuous running
    order = ["accelerations", "cutting", "jumping and landing", "full training"]
    for rung, words in zip(range(5, 9), order, strict=True):
        assert drills_by_rung[rung] is not None and words in drills_by_rung[rung]


def test_a_flare_after_cutting_steps_back_to_accelerations() -> None:
    checkins = daily_checkins(AS_OF - dt.timedelta(days=3), YESTERDAY, walking=4)
    checkins[-1].update(pain_during_0_10=7, settled_by_next_morning=False)
    result = at(4, 6, sport="football", checkins=checkins)
    assert result.decision == "reduce" and result.load_step == 5
    drills = exercise_loads(result, "sport-drills")
    assert drills and all("accelerations" in d for d in drills)
    assert not any("cutting" in d for d in drills)


def test_runners_change_one_variable_at_a_time_after_continuous_running() -> None:
    loads = [exercise_loads(at(4, step), "continuous-run") for step in (5, 6, 7)]
    assert "longer" in loads[0][0] and "strides" in loads[1][0] and "rolling" in loads[2][0]
    assert not exercise_loads(at(4, 7), "sport-drills")


@pytest.mark.parametrize("site", ["insertion", "both", "unsure"])
@pytest.mark.parametrize("stage", [1, 2, 3, 4, "maintenance"])
def test_insertional_variants_stop_at_neutral_everywhere(site: str, stage: object) -> None:
    knowledge = default_engine().knowledge
    floor_variants = {e.id for e in knowledge.exercises.exercise if e.floor_variant}
    for step in (0, 2):
        result = at(stage, step, site=site)
        assert result.plan is not None
        for session in result.plan.sessions:
            for exercise in session.exercises:
                assert "off_step" not in exercise.tags
                assert exercise.id not in floor_variants  # replaced by its floor variant
                if {"heavy", "eccentric"} & set(exercise.tags):
                    words = exercise.notes.lower()
                    assert "neutral" in words or "never below" in words, exercise.id


def test_the_insertional_seated_calf_raise_says_to_stop_at_neutral() -> None:
    result = at(2, 1, site="insertion")
    assert result.plan is not None
    seated = [e for s in result.plan.sessions for e in s.exercises if "seated" in e.id]
    assert seated and all(e.id == "seated-calf-raise-heavy-neutral" for e in seated)
    assert all("stop at neutral" in e.notes for e in seated)
    assert all("full range" not in e.notes for e in seated)


def test_stage_2_offers_short_easy_run_walk_when_the_check_ins_allow() -> None:
    calm = daily_checkins(AS_OF - dt.timedelta(days=10), YESTERDAY, walking=1, during=2, after=2)
    allowed = at(2, 2, checkins=calm, days_since_change=10)
    runs = exercise_loads(allowed, "easy-run-walk")
    assert runs and all("flat" in load and "easy" in load for load in runs)
    assert allowed.plan is not None
    assert all(
        "running" in e.tags
        for s in allowed.plan.sessions
        for e in s.exercises
        if e.id == "easy-run-walk"
    )


def test_no_early_running_on_a_flare_early_in_stage_2_or_with_higher_pain() -> None:
    calm = daily_checkins(AS_OF - dt.timedelta(days=10), YESTERDAY, walking=1, during=2, after=2)
    assert not exercise_loads(at(2, 0, checkins=calm, days_since_change=10), "easy-run-walk")
    flared = [dict(c) for c in calm]
    flared[-1].update(pain_after_0_10=7, settled_by_next_morning=False)
    assert not exercise_loads(at(2, 3, checkins=flared, days_since_change=10), "easy-run-walk")
    sore = daily_checkins(AS_OF - dt.timedelta(days=10), YESTERDAY, walking=3, during=2)
    assert not exercise_loads(at(2, 3, checkins=sore, days_since_change=10), "easy-run-walk")
