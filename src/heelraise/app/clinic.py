"""Use case: the clinician's patient list, with flags that carry their rule, inputs and source.

Flags come from each person's latest stored assessment (made when they
checked in or recorded a test), so the list costs a few queries, not one
assessment per patient:

- `urgent`: the assessment's pathway is urgent (its urgent-level flags);
- `flare`: the latest check-in, on any day of the last week (today
  included), is over the pain-monitoring limits (read from the check-in
  itself, so it shows the day it is saved, however it was saved); or the
  latest assessment's decision is to reduce the load, or its escalation
  names repeated flares;
- `plateau`: the escalation names a plateau (VISA-A change too small);
- `no_checkin`: no check-in for `gap_days` days or more (a practice setting).

Each row also carries what a clinician scans the list for: the side and site
(the latest answers; the site as assessed), weeks since the pain began, the
stage and today's decision, the latest VISA-A score and heel-rise symmetry,
and days since the last check-in. The list sorts by any of them (`SORTS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from heelraise.app.accounts import Login
from heelraise.app.engine import current_engine
from heelraise.app.reading import plain_date, plain_reason, plain_text
from heelraise.clinical.monitoring import over_limits
from heelraise.contract import CheckIn
from heelraise.errors import NotAllowed
from heelraise.knowledge.programme_schema import Limits
from heelraise.store.accounts import CLINICIAN
from heelraise.store.clinic import PatientSummary, patient_summaries
from heelraise.store.database import open_engine

FLAG_ORDER = ("urgent", "flare", "plateau", "no_checkin")
SORTS = (
    "flags",
    "name",
    "side",
    "site",
    "onset",
    "stage",
    "visa_a",
    "symmetry",
    "last_checkin",
)
NO_CHECKIN_RULE = "clinic.no_checkin"
NO_CHECKIN_SOURCE = "heelraise-practice-setting"
FLARE_RULE = "clinic.flare.latest_checkin"


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
    side: str | None = None  # left | right | both
    site: str | None = None  # as assessed: midportion | insertional | both | unclear
    onset: dt.date | None = None  # symptoms.started
    visa_a: int | None = None  # the latest score
    symmetry: float | None = None  # the latest heel-rise symmetry, %
    as_of: dt.date | None = None  # the day the list is for

    @property
    def weeks_since_onset(self) -> int | None:
        if self.onset is None or self.as_of is None:
            return None
        return max(0, (self.as_of - self.onset).days // 7)

    @property
    def days_since_checkin(self) -> int | None:
        if self.last_checkin is None or self.as_of is None:
            return None
        return (self.as_of - self.last_checkin).days

    @property
    def flag_kinds(self) -> list[str]:
        """Each kind of flag the row has, once, in the order they come."""
        return list(dict.fromkeys(flag.kind for flag in self.flags))

    @property
    def severity(self) -> int:
        """Lower sorts first: the most pressing flag's place in `FLAG_ORDER`."""
        return min((FLAG_ORDER.index(kind) for kind in self.flag_kinds), default=len(FLAG_ORDER))


def flare_flag(item: dict[str, Any] | None, as_of: dt.date, limits: Limits) -> PatientFlag | None:
    """`flare` when the check-in `item`, from the last week, is over the limits."""
    if item is None:
        return None
    checkin = CheckIn(
        **{**item, "date": dt.date.fromisoformat(item["date"])}  # the stored contract item
    )
    age = (as_of - checkin.date).days
    if not 0 <= age <= limits.window_days:  # the decision's window (monitoring.window)
        return None
    reasons = over_limits(checkin, limits)
    if not reasons:
        return None
    words = "; ".join(plain_reason(reason) for reason in reasons)
    text = f"Check-in of {plain_date(checkin.date)} over the limits: {words}"
    inputs = {"checkin": checkin.date.isoformat(), "over_limits": reasons}
    return PatientFlag("flare", text, FLARE_RULE, limits.source, inputs)


def flags_for(
    summary: PatientSummary, as_of: dt.date, gap_days: int, limits: Limits | None = None
) -> list[PatientFlag]:
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
    limits = limits or current_engine().knowledge.monitoring.limits
    flare = flare_flag(summary.latest_checkin, as_of, limits)
    if flare is not None:
        flags.append(flare)
    rule = document.get("decision_rule") or {}
    if flare is None and document.get("decision") == "reduce" and rule:
        text = plain_text(rule["text"])
        if summary.assessed_on is not None:
            text = f"{text} (assessed {plain_date(summary.assessed_on)})"
        flags.append(
            PatientFlag("flare", text, rule["rule"], rule["source"], rule.get("inputs", {}))
        )
    for reason in (document.get("escalation") or {}).get("reasons", []):
        kind = _escalation_kind(reason["id"])
        if kind is not None and kind not in [flag.kind for flag in flags]:
            text = plain_text(reason["text"])
            flags.append(PatientFlag(kind, text, reason["id"], reason["source"]))
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
    limits = current_engine().knowledge.monitoring.limits
    rows = [
        _row(summary, as_of, flags_for(summary, as_of, gap_days, limits)) for summary in summaries
    ]
    return sort_rows(rows, sort)


def _row(summary: PatientSummary, as_of: dt.date, flags: list[PatientFlag]) -> PatientRow:
    document = summary.assessment or {}
    symptoms = summary.symptoms or {}
    measures = document.get("measures") or {}
    started = symptoms.get("started")
    return PatientRow(
        summary.name,
        summary.assessed_on,
        document.get("pathway"),
        None if document.get("stage") is None else str(document["stage"]),
        document.get("decision"),
        summary.last_checkin,
        flags,
        side=symptoms.get("side"),
        site=document.get("location"),
        onset=dt.date.fromisoformat(started) if isinstance(started, str) else None,
        visa_a=_latest(measures.get("visa_a"), "score"),
        symmetry=_latest(measures.get("heel_rise_symmetry"), "percent"),
        as_of=as_of,
    )


def _latest(series: Any, key: str) -> Any:
    """The latest value of `key` in a measure's series (oldest first), or None."""
    values = [item.get(key) for item in series or [] if item.get(key) is not None]
    return values[-1] if values else None


def sort_rows(rows: list[PatientRow], sort: str) -> list[PatientRow]:
    """Sort by one of `SORTS`, the row needing a look first; rows without the value last
    (except a check-in never made, which is the longest without one), then by name.

    `flags`: most pressing first; `name`, `side`, `site`: A to Z; `onset`: the longest
    since the pain began; `stage`: 1 up to maintenance; `visa_a`, `symmetry`: the lowest;
    `last_checkin`: the longest without a check-in.
    """
    if sort == "flags":
        return sorted(rows, key=lambda row: (row.severity, -len(row.flags), row.name.lower()))
    if sort == "name":
        return sorted(rows, key=lambda row: row.name.lower())
    if sort == "last_checkin":
        return sorted(rows, key=lambda row: (row.last_checkin or dt.date.min, row.name.lower()))
    value = _SORT_VALUES[sort]

    def key(row: PatientRow) -> tuple[bool, Any, str]:
        found = value(row)
        return (found is None, 0 if found is None else found, row.name.lower())

    return sorted(rows, key=key)


_SORT_VALUES: dict[str, Callable[[PatientRow], Any]] = {
    "side": lambda row: row.side,
    "site": lambda row: row.site,
    "onset": lambda row: None if row.weeks_since_onset is None else -row.weeks_since_onset,
    "stage": lambda row: row.stage,
    "visa_a": lambda row: row.visa_a,
    "symmetry": lambda row: row.symmetry,
}
