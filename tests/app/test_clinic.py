"""The clinician's list: flags from the latest stored assessment and the latest check-in,
with rule and source; sorting."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from heelraise.app.clinic import FLARE_RULE, PatientFlag, PatientRow, flags_for, sort_rows
from heelraise.store.clinic import PatientSummary

DAY = dt.date(2026, 11, 20)


def _summary(document: dict[str, Any] | None, last: dt.date | None = DAY) -> PatientSummary:
    return PatientSummary("p", DAY, document, last)


def test_an_urgent_pathway_is_flagged_with_its_urgent_flags() -> None:
    document = {
        "pathway": "urgent",
        "flags": [
            {
                "id": "triage.rupture",
                "level": "urgent",
                "text": "possible rupture",
                "source": "nice-cks",
                "inputs": {"pop": True},
            },
            {"id": "other", "level": "clinician", "text": "x", "source": "s"},
        ],
    }
    flags = flags_for(_summary(document), DAY, 3)
    assert [(f.kind, f.rule, f.source, f.inputs) for f in flags] == [
        ("urgent", "triage.rupture", "nice-cks", {"pop": True})
    ]


def test_a_reduce_decision_is_a_flare_with_its_rule_and_inputs() -> None:
    rule = {
        "rule": "decision.reduce",
        "source": "silbernagel-2007",
        "text": "pain over 5",
        "inputs": {"pain_after": 7},
    }
    flags = flags_for(_summary({"decision": "reduce", "decision_rule": rule}), DAY, 3)
    assert [(f.kind, f.rule, f.inputs) for f in flags] == [
        ("flare", "decision.reduce", {"pain_after": 7})
    ]


def test_plateau_and_repeated_flares_come_from_the_escalation() -> None:
    escalation = {
        "reasons": [
            {"id": "escalation.plateau", "text": "VISA-A up 5 in 12 weeks", "source": "src"},
            {"id": "escalation.repeated_flares", "text": "3 flares", "source": "src"},
        ]
    }
    kinds = [flag.kind for flag in flags_for(_summary({"escalation": escalation}), DAY, 3)]
    assert kinds == ["plateau", "flare"]


def test_no_checkin_for_the_gap_is_flagged_with_its_inputs() -> None:
    assert flags_for(_summary({}, DAY - dt.timedelta(days=2)), DAY, 3) == []
    [flag] = flags_for(_summary({}, DAY - dt.timedelta(days=3)), DAY, 3)
    assert flag.kind == "no_checkin"
    assert flag.inputs == {"last_checkin": "2026-11-17", "days_since": 3, "gap_days": 3}
    [never] = flags_for(_summary(None, None), DAY, 3)
    assert never.text == "no check-in recorded yet"


def _row(name: str, kinds: list[str], last: dt.date | None, stage: str | None) -> PatientRow:
    flags = [PatientFlag(kind, kind, f"r.{kind}", "s") for kind in kinds]
    return PatientRow(name, DAY, None, stage, None, last, flags)


def test_sorting_on_the_server() -> None:
    rows = [
        _row("Cara", ["no_checkin"], DAY - dt.timedelta(days=9), "2"),
        _row("amy", [], DAY, "1"),
        _row("Bob", ["urgent"], DAY - dt.timedelta(days=1), None),
        _row("dan", ["flare", "no_checkin"], DAY - dt.timedelta(days=4), "3"),
    ]
    assert [r.name for r in sort_rows(rows, "flags")] == ["Bob", "dan", "Cara", "amy"]
    assert [r.name for r in sort_rows(rows, "name")] == ["amy", "Bob", "Cara", "dan"]
    assert [r.name for r in sort_rows(rows, "last_checkin")] == ["Cara", "dan", "Bob", "amy"]
    # Rows without a value (Bob, urgent, has no stage) come last.
    assert [r.name for r in sort_rows(rows, "stage")] == ["amy", "Cara", "dan", "Bob"]


def test_sorting_by_side_site_onset_visa_a_and_symmetry() -> None:
    def row(name: str, **values: Any) -> PatientRow:
        return replace(_row(name, [], DAY, "2"), as_of=DAY, **values)

    rows = [
        row("amy", side="right", site="midportion", onset=DAY - dt.timedelta(weeks=3),
            visa_a=70, symmetry=95.0),
        row("bob", side="left", site="insertional", onset=DAY - dt.timedelta(weeks=14),
            visa_a=40, symmetry=60.5),
        row("cat"),  # nothing known yet
    ]  # fmt: skip
    assert [r.name for r in sort_rows(rows, "side")] == ["bob", "amy", "cat"]
    assert [r.name for r in sort_rows(rows, "site")] == ["bob", "amy", "cat"]
    assert [r.name for r in sort_rows(rows, "onset")] == ["bob", "amy", "cat"]  # longest first
    assert [r.name for r in sort_rows(rows, "visa_a")] == ["bob", "amy", "cat"]  # lowest first
    assert [r.name for r in sort_rows(rows, "symmetry")] == ["bob", "amy", "cat"]
    assert (rows[1].weeks_since_onset, rows[0].days_since_checkin) == (14, 0)
    assert rows[2].weeks_since_onset is None


BAD = {
    "morning_stiffness_0_10": 4,
    "pain_walking_0_10": 3,
    "pain_during_0_10": 8,
    "pain_after_0_10": 8,
    "settled_by_next_morning": False,
    "exercised": True,
}


def _checked_in(day: dt.date, **values: Any) -> PatientSummary:
    item = {**BAD, **values, "date": day.isoformat()}
    return PatientSummary("p", None, None, day, item)


def test_a_latest_checkin_over_the_limits_is_a_flare_the_same_day() -> None:
    [flag] = flags_for(_checked_in(DAY), DAY, 3)
    assert (flag.kind, flag.rule, flag.source) == ("flare", FLARE_RULE, "silbernagel-2007")
    assert flag.text == (
        "Check-in of 20 Nov 2026 over the limits: pain during 8/10 on 20 Nov (limit 5); "
        "pain after 8/10 on 20 Nov (limit 5); not settled by the next morning (20 Nov)"
    )
    assert flag.inputs["checkin"] == "2026-11-20"


def test_the_flare_holds_for_the_decisions_week_and_only_over_the_limits() -> None:
    week_ago = DAY - dt.timedelta(days=7)
    assert [f.kind for f in flags_for(_checked_in(week_ago), DAY, 30)] == ["flare"]
    assert flags_for(_checked_in(week_ago - dt.timedelta(days=1)), DAY, 30) == []
    calm = _checked_in(DAY, pain_during_0_10=3, pain_after_0_10=4, settled_by_next_morning=True)
    assert flags_for(calm, DAY, 3) == []


def test_a_flare_from_the_checkin_and_a_stored_reduce_are_one_flag() -> None:
    rule = {"rule": "decision.reduce", "source": "silbernagel-2007", "text": "pain over 5"}
    summary = _checked_in(DAY)
    summary = PatientSummary("p", DAY, {"decision": "reduce", "decision_rule": rule}, DAY,
                             summary.latest_checkin)  # fmt: skip
    assert [(f.kind, f.rule) for f in flags_for(summary, DAY, 3)] == [("flare", FLARE_RULE)]
