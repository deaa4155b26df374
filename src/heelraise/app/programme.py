"""The programme record: the contract `programme` from the stage history, and its advance.

Stage-history rows are `programme_start` (the programme began) or
`stage_change` (a new stage or load step). For a day D the programme is read
from the rows in force on D: every row effective before D, and rows effective
on D that were recorded (from a case document, or by hand) rather than derived
from D's own assessment. So `status --as-of D` reads the same case every time
it runs, and a stage advance it makes applies from D + 1 on — exactly as
`tests/clinical/test_course_simulation.py` steps a course day by day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from heelraise.contract import Assessment
from heelraise.store.record_values import StageRecord

PROGRAMME_START = "programme_start"
STAGE_CHANGE = "stage_change"


def in_force(stages: Sequence[StageRecord], as_of: dt.date) -> list[StageRecord]:
    """The rows that shape the programme on `as_of` (see the module docstring)."""
    return [
        row
        for row in stages
        if row.effective < as_of or (row.effective == as_of and row.origin != "assessment")
    ]


def stage_value(stored: str) -> int | str:
    """The contract stage (1..4 or "maintenance") from its stored text."""
    return int(stored) if stored.isdigit() else stored


def programme_as_of(stages: Sequence[StageRecord], as_of: dt.date) -> dict[str, Any] | None:
    """The contract `programme` part for `as_of`, or None before any programme started."""
    rows = in_force(stages, as_of)
    starts = [index for index, row in enumerate(rows) if row.event == PROGRAMME_START]
    if not starts:
        return None
    current = rows[starts[-1] :]
    latest = current[-1]
    programme: dict[str, Any] = {
        "started": current[0].effective.isoformat(),
        "stage": stage_value(latest.stage),
    }
    changes = [row for row in current[1:] if row.event == STAGE_CHANGE]
    if changes:
        programme["stage_started"] = changes[-1].effective.isoformat()
    if latest.method is not None:
        programme["method"] = latest.method
    if latest.load_step is not None:
        programme["load_step"] = latest.load_step
    return programme


def case_programme_rows(programme: dict[str, Any]) -> list[StageRecord]:
    """The stage-history rows for a case document's `programme` (their own dates)."""
    stage = str(programme["stage"])
    load_step = programme.get("load_step")
    method = programme.get("method")
    started = dt.date.fromisoformat(programme["started"])
    rows = [
        StageRecord(
            started,
            PROGRAMME_START,
            stage,
            load_step,
            method,
            "case",
            "programme started (from the case document)",
        )
    ]
    if programme.get("stage_started") is not None:
        rows.append(
            StageRecord(
                dt.date.fromisoformat(programme["stage_started"]),
                STAGE_CHANGE,
                stage,
                load_step,
                method,
                "case",
                "current stage or load began (from the case document)",
            )
        )
    return rows


def stage_advance(programme: dict[str, Any] | None, assessment: Assessment) -> StageRecord | None:
    """The row to append after the assessment for its day, or None when nothing changes.

    No programme yet and the decision is `start` (or `reduce`: a first check-in over
    the limits starts the programme at its eased first dose): the programme starts
    that day. A programme whose (stage, load step) differ from the assessment's: a
    stage change effective that day. The eased dose below a stage's first rung
    (load step -1) lasts only while the reduce does, so it is kept as rung 0.
    """
    if assessment.stage is None:
        return None
    trace = assessment.stage_rule or assessment.decision_rule
    reason = trace.text if trace is not None else f"decision: {assessment.decision}"
    rule = trace.rule if trace is not None else None
    stage = str(assessment.stage)
    step = None if assessment.load_step is None else max(assessment.load_step, 0)
    if programme is None:
        if assessment.decision not in ("start", "reduce"):
            return None
        return StageRecord(
            assessment.as_of,
            PROGRAMME_START,
            stage,
            step,
            None,
            "assessment",
            reason[:500],
            rule,
        )
    now = (programme["stage"], programme.get("load_step") or 0)
    if now == (assessment.stage, step):
        return None
    return StageRecord(
        assessment.as_of,
        STAGE_CHANGE,
        stage,
        step,
        programme.get("method"),
        "assessment",
        reason[:500],
        rule,
    )
