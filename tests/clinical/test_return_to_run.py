"""Return to running: the four criteria, the ladder, and one variable at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from heelraise.clinical.assess import default_engine
from heelraise.contract import Assessment
from tests.factories import AS_OF, daily_checkins, make_case

YESTERDAY = AS_OF - dt.timedelta(days=1)
RECENT = (AS_OF - dt.timedelta(days=3)).isoformat()


def assess(**parts: Any) -> Assessment:
    defaults: dict[str, Any] = {
        "programme": {"started": "2026-08-01", "stage": 3},
        "checkins": daily_checkins(
            AS_OF - dt.timedelta(days=14), YESTERDAY, stiffness=1, walking=0, during=1, after=1
        ),
        "tests": [
            {"date": RECENT, "kind": "heel_rise", "affected_reps": 27, "other_reps": 29},
            {"date": RECENT, "kind": "hop", "pain_0_10": 1, "flare_24h": False},
        ],
    }
    defaults.update(parts)
    return default_engine().assess(make_case(**defaults))


def met(result: Assessment) -> dict[str, bool | None]:
    return {c.id: c.met for c in result.return_to_run.criteria}


def test_all_four_met_is_ready_with_the_walk_run_ladder() -> None:
    result = assess()
    assert result.return_to_run.ready
    step = result.return_to_run.next_step
    assert step is not None
    assert [(s["walk_min"], s["run_min"]) for s in step["steps"]] == [
        (4, 1),
        (3, 2),
        (2, 3),
        (1, 4),
    ]
    assert step["each_step_at_least"] == 2
    assert step["one_variable_at_a_time"] == ["duration", "speed", "hills and terrain"]


def test_heel_rise_below_ninety_percent_is_not_ready() -> None:
    result = assess(
        tests=[
            {"date": RECENT, "kind": "heel_rise", "affected_reps": 25, "other_reps": 29},
            {"date": RECENT, "kind": "hop", "pain_0_10": 1, "flare_24h": False},
        ]
    )
    assert met(result)["heel_rise_symmetry"] is False
    assert not result.return_to_run.ready


def test_work_symmetry_is_used_when_heights_are_given() -> None:
    result = assess(
        tests=[
            {
                "date": RECENT,
                "kind": "heel_rise",
                "affected_reps": 28,
                "other_reps": 28,
                "affected_height_cm": 8.0,
                "other_height_cm": 10.0,
            },
            {"date": RECENT, "kind": "hop", "pain_0_10": 1, "flare_24h": False},
        ]
    )
    assert met(result)["heel_rise_symmetry"] is False  # 80% of the work, though equal reps


def test_no_hop_test_is_unknown_and_not_ready() -> None:
    result = assess(
        tests=[{"date": RECENT, "kind": "heel_rise", "affected_reps": 27, "other_reps": 29}]
    )
    assert met(result)["hop_tolerance"] is None
    assert not result.return_to_run.ready


def test_an_old_test_does_not_count() -> None:
    old = (AS_OF - dt.timedelta(days=60)).isoformat()
    result = assess(
        tests=[
            {"date": old, "kind": "heel_rise", "affected_reps": 27, "other_reps": 29},
            {"date": RECENT, "kind": "hop", "pain_0_10": 1, "flare_24h": False},
        ]
    )
    assert met(result)["heel_rise_symmetry"] is None


def test_a_hop_flare_is_not_met() -> None:
    result = assess(
        tests=[
            {"date": RECENT, "kind": "heel_rise", "affected_reps": 27, "other_reps": 29},
            {"date": RECENT, "kind": "hop", "pain_0_10": 1, "flare_24h": True},
        ]
    )
    assert met(result)["hop_tolerance"] is False


def test_field_sports_get_the_sport_steps() -> None:
    result = default_engine().assess(
        make_case(
            person={"sports": ["football"]},
            programme={"started": "2026-08-01", "stage": 3},
            checkins=daily_checkins(
                AS_OF - dt.timedelta(days=14),
                YESTERDAY,
                stiffness=1,
                walking=0,
                during=1,
                after=1,
            ),
            tests=[
                {"date": RECENT, "kind": "heel_rise", "affected_reps": 27, "other_reps": 29},
                {"date": RECENT, "kind": "hop", "pain_0_10": 1, "flare_24h": False},
            ],
        )
    )
    step = result.return_to_run.next_step
    assert step is not None
    assert step["sport_steps"][0] == "accelerations and decelerations"
    assert step["sport_steps"][-1] == "matches"


def test_a_run_longer_and_faster_than_the_last_is_called_out() -> None:
    runs = [
        {"date": "2026-11-10", "sport": "run", "distance_km": 3.0, "duration_min": 20.0},
        {"date": "2026-11-12", "sport": "run", "distance_km": 4.0, "duration_min": 22.0},
        {"date": "2026-11-14", "sport": "run", "distance_km": 4.2, "duration_min": 25.0},
    ]
    result = assess(programme={"started": "2026-08-01", "stage": 4}, training=runs)
    flagged = [f for f in result.flags if f.id == "rtr.two_variables"]
    assert len(flagged) == 1
    assert "2026-11-12" in flagged[0].text
    assert "longer and faster" in flagged[0].text
