"""Use case: the clinician's patient list, with flags that carry their rule, inputs and source.

Flags come from each person's latest stored assessment (made when they
checked in or recorded a test), so the list costs a few queries, not one
assessment per patient:

- `urgent`: the assessment's pathway is urgent (its urgent-level flags);
- `flare`: today's decision is to reduce the load (the pain-monitoring rule),
  or the escalation names repeated flares;
- `plateau`: the escalation names a plateau (VISA-A change too small);
- `no_checkin`: no check-in for `gap_days` days or more (a practice setting).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from heelraise.app.accounts import Login
from heelraise.app.journal import open_engine
from heelraise.errors import NotAllowed
from heelraise.store.accounts import CLINICIAN
from heelraise.store.clinic import PatientSummary, patient_summaries

FLAG_ORDER = ("urgent", "flare", "plateau", "no_checkin")
SORTS = ("flags", "name", "last_checkin", "stage")
NO_CHECKIN_RULE = "clinic.no_checkin"
NO_CHECKIN_SOURCE = "heelraise-practice-setting"


@dataclass(frozen=True, slots=True)
class PatientFlag:
    kind: str
    text: str
    rule: str
    source: str
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PatientRow:
    name: str
    assessed_on: dt.date | None
    pathway: str | None
    stage: str | None
    decision: str | None
    last_checkin: dt.date | None
    flags: list[PatientFlag]

    @property
    def flag_kinds(self) -> list[str]:
        return [flag.kind for flag in self.flags]

    @property
    def severity(self) -> int:
        """Lower sorts first: the most pressing flag's place in `FLAG_ORDER`."""
        return min((FLAG_ORDER.index(kind) for kind in self.flag_kinds), default=len(FLAG_ORDER))


def flags_for(summary: PatientSummary, as_of: dt.date, gap_days: int) -> list[PatientFlag]:
    """The flags for one patient (see the module docstring)."""
    flags: list[PatientFlag] = []
    document = summary.assessment or {}
    if document.get("pathway") == "urgent":
        for flag in document.get("flags", []):
            if flag.get("level") == "urgent":
                flags.append(
                    PatientFlag(
                        "urgent", flag["text"], flag["id"], flag["source"], flag.get("inputs", {})
                    )
                )
        if not flags:
            flags.append(PatientFlag("urgent", "urgent pathway", "pathway.urgent", "heelraise"))
    rule = document.get("decision_rule") or {}
    if document.get("decision") == "reduce" and rule:
        flags.append(
            PatientFlag("flare", rule["text"], rule["rule"], rule["source"], rule.get("inputs", {}))
        )
    for reason in (document.get("escalation") or {}).get("reasons", []):
        kind = _escalation_kind(reason["id"])
        if kind is not None and kind not in [flag.kind for flag in flags]:
            flags.append(PatientFlag(kind, reason["text"], reason["id"], reason["source"]))
    days = None if summary.last_checkin is None else (as_of - summary.last_checkin).days
    if days is None or days >= gap_days:
        text = (
            "no check-in recorded yet"
            if days is None
            else f"no check-in for {days} days (the list flags {gap_days} or more)"
        )
        inputs = {
            "last_checkin": None
            if summary.last_checkin is None
            else summary.last_checkin.isoformat(),
            "days_since": days,
            "gap_days": gap_days,
        }
        flags.append(PatientFlag("no_checkin", text, NO_CHECKIN_RULE, NO_CHECKIN_SOURCE, inputs))
    return flags


def _escalation_kind(rule: str) -> str | None:
    if "plateau" in rule:
        return "plateau"
    if "flare" in rule:
        return "flare"
    return None


def patient_list(
    db_url: str | None, login: Login | None, as_of: dt.date, gap_days: int, sort: str = "flags"
) -> list[PatientRow]:
    """The login's patients (everyone, without accounts), flagged and sorted by `sort`."""
    if login is not None and login.role != CLINICIAN:
        raise NotAllowed("the patient list is for clinicians")
    with open_engine(db_url) as engine:
        summaries = patient_summaries(engine, None if login is None else login.id)
    rows = [
        PatientRow(
            summary.name,
            summary.assessed_on,
            (summary.assessment or {}).get("pathway"),
            None
            if (summary.assessment or {}).get("stage") is None
            else str((summary.assessment or {})["stage"]),
            (summary.assessment or {}).get("decision"),
            summary.last_checkin,
            flags_for(summary, as_of, gap_days),
        )
        for summary in summaries
    ]
    return sort_rows(rows, sort)


def sort_rows(rows: list[PatientRow], sort: str) -> list[PatientRow]:
    """Sort by `flags` (most pressing first), `name`, `last_checkin` (oldest first) or `stage`."""
    if sort == "name":
        return sorted(rows, key=lambda row: row.name.lower())
    if sort == "last_checkin":
        return sorted(rows, key=lambda row: (row.last_checkin or dt.date.min, row.name.lower()))
    if sort == "stage":
        return sorted(rows, key=lambda row: (row.stage or "", row.name.lower()))
    return sorted(rows, key=lambda row: (row.severity, -len(row.flags), row.name.lower()))
