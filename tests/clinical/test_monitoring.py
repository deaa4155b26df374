"""The pain-monitoring decision, at its edges (silbernagel-2007 limits from the knowledge)."""

from __future__ import annotations

import datetime as dt

import pytest

from heelraise.clinical.assess import default_engine
from heelraise.knowledge.loader import default_knowledge
from tests.factories import AS_OF, daily_checkins, make_case

LIMITS = default_knowledge().monitoring.limits
YESTERDAY = AS_OF - dt.timedelta(days=1)


def decide(checkins: list[dict[str, object]], started_days_ago: int = 30) -> str | None:
    started = AS_OF - dt.timedelta(days=started_days_ago)
    case = make_case(programme={"started": started.isoformat(), "stage": 2}, checkins=checkins)
    return default_engine().assess(case).decision


def week(**values: object) -> list[dict[str, object]]:
    return daily_checkins(AS_OF - dt.timedelta(days=14), YESTERDAY, **values)  # type: ignore[arg-type]


def test_within_limits_for_a_week_progresses() -> None:
    assert decide(week(during=LIMITS.max_pain_during, after=LIMITS.max_pain_after)) == "progress"


@pytest.mark.parametrize("field", ["during", "after"])
def test_one_point_over_a_limit_reduces(field: str) -> None:
    checkins = week()
    key = f"pain_{field}_0_10"
    checkins[-3][key] = getattr(LIMITS, f"max_pain_{field}") + 1
    assert decide(checkins) == "reduce"


def test_not_settled_by_morning_reduces() -> None:
    checkins = week()
    checkins[-1]["settled_by_next_morning"] = False
    assert decide(checkins) == "reduce"


def test_rising_morning_stiffness_reduces() -> None:
    checkins = week(stiffness=2)
    this_week = (AS_OF - dt.timedelta(days=LIMITS.window_days - 1)).isoformat()
    for checkin in checkins:
        if str(checkin["date"]) >= this_week:  # the 7 days ending on as_of
            checkin["morning_stiffness_0_10"] = 2 + int(LIMITS.stiffness_rise_min)
    assert decide(checkins) == "reduce"


def test_an_over_limit_day_more_than_a_week_ago_no_longer_reduces() -> None:
    checkins = week()
    checkins[0]["pain_during_0_10"] = 9
    assert decide(checkins) != "reduce"


def test_too_few_days_since_the_change_holds() -> None:
    checkins = daily_checkins(AS_OF - dt.timedelta(days=4), YESTERDAY)
    assert decide(checkins, started_days_ago=4) == "hold"


def test_no_checkins_this_week_holds() -> None:
    old = daily_checkins(AS_OF - dt.timedelta(days=30), AS_OF - dt.timedelta(days=15))
    assert decide(old) == "hold"


def test_no_programme_starts() -> None:
    assert default_engine().assess(make_case()).decision == "start"


def test_three_flares_in_four_weeks_escalate_to_a_specialist() -> None:
    checkins = daily_checkins(AS_OF - dt.timedelta(days=27), YESTERDAY)
    for offset in (2, 10, 20):
        checkins[offset]["pain_during_0_10"] = 8
    case = make_case(programme={"started": "2026-09-01", "stage": 2}, checkins=checkins)
    result = default_engine().assess(case)
    assert result.pathway == "specialist"
    assert "escalation.repeated_flares" in [flag.id for flag in result.flags]


def test_consecutive_bad_days_are_one_flare() -> None:
    checkins = daily_checkins(AS_OF - dt.timedelta(days=27), YESTERDAY)
    for offset in (20, 21, 22):
        checkins[offset]["pain_after_0_10"] = 8
    case = make_case(programme={"started": "2026-09-01", "stage": 2}, checkins=checkins)
    assert default_engine().assess(case).pathway == "self_manage"
