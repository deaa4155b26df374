"""The clinician's list: flags from the latest stored assessment, with rule and source; sorting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from heelraise.app.clinic import PatientFlag, PatientRow, flags_for, sort_rows
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
    assert [r.name for r in sort_rows(rows, "stage")] == ["Bob", "amy", "Cara", "dan"]
