"""The per-case indexes (check-ins, capacity tests) answer as a plain re-filtering would.

Each reference below re-reads the case the straightforward way (filter, sort,
judge every day); the engine's indexes must give the same answers, in the
same order, for any check-ins and any limits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from heelraise.clinical.capacity import capacity_record, heel_rise_symmetry
from heelraise.clinical.monitoring import (
    flare_episodes,
    fully_known,
    index_checkins,
    judge_load,
    over_limits,
    window,
)
from heelraise.contract.case import CheckIn
from heelraise.knowledge.loader import default_knowledge
from heelraise.knowledge.programme_schema import Limits
from tests.factories import AS_OF, make_case

MONITORING = default_knowledge().monitoring
LIMITS = MONITORING.limits

scores = st.integers(0, 10)
maybe_scores = st.none() | scores


@st.composite
def checkin_lists(draw: st.DrawFn) -> list[CheckIn]:
    offsets = draw(st.lists(st.integers(-3, 40), unique=True, max_size=30))
    return [
        CheckIn(
            date=AS_OF - dt.timedelta(days=offset),
            morning_stiffness_0_10=draw(scores),
            pain_walking_0_10=draw(scores),
            pain_during_0_10=draw(maybe_scores),
            pain_after_0_10=draw(maybe_scores),
            settled_by_next_morning=draw(st.none() | st.booleans()),
            exercised=draw(st.booleans()),
        )
        for offset in offsets
    ]


limit_sets = st.builds(
    lambda during, after, settled, days, trend: LIMITS.model_copy(
        update={
            "max_pain_during": during,
            "max_pain_after": after,
            "require_settled_by_next_morning": settled,
            "window_days": days,
            "min_checkins_for_trend": trend,
        }
    ),
    scores,
    scores,
    st.booleans(),
    st.integers(1, 14),
    st.integers(1, 5),
)
since_dates = st.none() | st.integers(-3, 45).map(lambda d: AS_OF - dt.timedelta(days=d))


def reference_verdict(
    checkins: list[CheckIn], limits: Limits, since: dt.date | None
) -> tuple[object, ...]:
    """The pain-monitoring limits read straight off the case, every day judged in turn
    (the warning signs and drift come on top: see the test)."""
    days = dt.timedelta(days=limits.window_days)
    this_start = AS_OF - days + dt.timedelta(days=1)  # the 7 days ending on as_of
    ordered = sorted(checkins, key=lambda c: c.date)
    this_week = [c for c in ordered if this_start <= c.date <= AS_OF]
    previous = [c for c in ordered if this_start - days <= c.date < this_start]
    count = len([c for c in ordered if since is not None and since <= c.date <= AS_OF])
    reasons = [reason for c in this_week for reason in over_limits(c, limits)]
    over_days = [c.date for c in this_week if over_limits(c, limits)]
    this_mean = (
        sum(c.morning_stiffness_0_10 for c in this_week) / len(this_week) if this_week else None
    )
    prev_mean = (
        sum(c.morning_stiffness_0_10 for c in previous) / len(previous) if previous else None
    )
    if (
        len(this_week) >= limits.min_checkins_for_trend
        and len(previous) >= limits.min_checkins_for_trend
        and this_mean is not None
        and prev_mean is not None
        and this_mean - prev_mean >= limits.stiffness_rise_min
    ):
        reasons.append(
            f"morning stiffness averaged {this_mean:.1f}/10 this week against {prev_mean:.1f}/10"
        )
    if reasons:
        verdict = "reduce"
    elif not this_week:
        verdict = "hold_no_data"
    elif count >= limits.min_checkins_to_progress and all(fully_known(c) for c in this_week):
        verdict = "progress"
    else:
        verdict = "hold"
    last = over_days[-1] if over_days else None
    return (this_week, previous, verdict, reasons, this_mean, prev_mean, count, last)


def reference_flares(checkins: list[CheckIn], limits: Limits, gap_days: int) -> list[dt.date]:
    days = sorted(c.date for c in checkins if over_limits(c, limits))
    return [day for i, day in enumerate(days) if i == 0 or (day - days[i - 1]).days > gap_days]


@settings(max_examples=300, deadline=None)
@given(checkin_lists(), limit_sets, since_dates, st.integers(1, 5))
def test_checkin_index_answers_as_a_plain_reading_does(
    checkins: list[CheckIn], limits: Limits, since: dt.date | None, gap_days: int
) -> None:
    index = index_checkins(checkins, limits)
    win = window(index, AS_OF, limits, since)
    config = MONITORING.model_copy(update={"limits": limits})
    verdict = judge_load(win, index, [], AS_OF, config)
    this_week, previous, basic, reasons, this_mean, prev_mean, count, last = reference_verdict(
        checkins, limits, since
    )
    assert (win.this_week, win.previous_week) == (this_week, previous)
    assert (verdict.stiffness_this_week, verdict.stiffness_previous_week) == (this_mean, prev_mean)
    assert verdict.checkins_since_change == count
    assert verdict.reasons[: len(reasons)] == reasons  # the limits' reasons come first
    warned = any(flag.id.startswith("monitoring.warning.") for flag in verdict.flags)
    drift = any(flag.id == "monitoring.drift" for flag in verdict.flags)
    if basic == "reduce" or (warned and verdict.verdict == "reduce"):
        assert verdict.verdict == "reduce"
        assert verdict.last_trigger is not None
        assert last is None or verdict.last_trigger >= last
    elif drift:
        assert verdict.verdict == "hold_drift"
    else:
        assert verdict.verdict == basic
    assert flare_episodes(index, gap_days) == reference_flares(checkins, limits, gap_days)


capacity_tests = st.lists(
    st.tuples(st.sampled_from(["heel_rise", "hop", "visa_a"]), st.integers(0, 60), scores, scores),
    max_size=8,
)


def capacity_test_document(kind: str, days_ago: int, a: int, b: int) -> dict[str, Any]:
    date = (AS_OF - dt.timedelta(days=days_ago)).isoformat()
    if kind == "heel_rise":
        return {"date": date, "kind": kind, "affected_reps": a, "other_reps": b}
    if kind == "hop":
        return {"date": date, "kind": kind, "pain_0_10": a, "flare_24h": b > 5}
    return {"date": date, "kind": kind, "score": a * 10}


@settings(max_examples=200, deadline=None)
@given(capacity_tests)
def test_capacity_record_reads_as_filtering_each_kind_does(
    documents: list[tuple[str, int, int, int]],
) -> None:
    case = make_case(tests=[capacity_test_document(*d) for d in documents])
    record = capacity_record(case)
    heel = sorted((t for t in case.tests if t.kind == "heel_rise"), key=lambda t: t.date)
    symmetries = [heel_rise_symmetry(t) for t in heel]
    assert record.heel_rise == [s for s in symmetries if s is not None]
    visa = sorted((t for t in case.tests if t.kind == "visa_a"), key=lambda t: t.date)
    assert record.visa_a == visa
    hops = [t for t in case.tests if t.kind == "hop"]
    latest = max(hops, key=lambda t: t.date) if hops else None
    assert record.latest_hop is latest
