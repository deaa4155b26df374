"""Use cases: a person's data out (`heelraise.export/1`), back in, or erased.

The export format is documented in `docs/data-export.md`. An import is
validated completely — every part through the contract — before anything is
written, and then written in one transaction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from heelraise.app.clock import today
from heelraise.app.journal import choose_person, open_engine_journal, plain
from heelraise.contract import CheckIn, History, Person, Symptoms, TrainingSession
from heelraise.contract.case import Test
from heelraise.contract.dates import record_problems
from heelraise.contract.parsing import problems_from, test_problems
from heelraise.errors import FileInTheWay, HeelraiseError, InvalidInput, Problem
from heelraise.store.record_values import StageRecord
from heelraise.store.transfer import PersonData, dump_person, erase_person, load_person
from heelraise.training.activity import ActivitySummary
from heelraise.training.plausibility import screen

EXPORT_FORMAT = "heelraise.export/1"
_STRICT = ConfigDict(extra="forbid")


class ExportedPerson(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1, max_length=200)
    created_at: dt.datetime


class ExportedEpisode(BaseModel):
    model_config = _STRICT
    recorded_on: dt.date
    person: Person
    symptoms: Symptoms
    history: History


class ExportedStage(BaseModel):
    model_config = _STRICT
    effective: dt.date
    event: Literal["programme_start", "stage_change"]
    stage: Literal["1", "2", "3", "4", "maintenance"]
    load_step: int | None = Field(default=None, ge=0, le=52)
    method: Literal["hsr", "eccentric"] | None = None
    origin: Literal["case", "assessment", "manual"]
    reason: str = Field(max_length=500)
    rule_id: str | None = Field(default=None, max_length=120)


class ExportedActivity(BaseModel):
    model_config = _STRICT
    start: dt.datetime
    sport: str = Field(min_length=1, max_length=40)
    distance_km: float = Field(ge=0)
    duration_min: float = Field(ge=0)
    source: str = Field(max_length=2000)
    content_hash: str = Field(min_length=1, max_length=64)
    elevation_gain_m: float | None = None
    kind: str | None = Field(default=None, max_length=40)
    kind_inferred: bool = False
    surface: str | None = Field(default=None, max_length=40)
    shoe: str | None = Field(default=None, max_length=200)
    sub_sport: str | None = Field(default=None, max_length=40)
    device: str | None = Field(default=None, max_length=200)
    avg_hr: float | None = None
    name: str | None = Field(default=None, max_length=500)
    entry: TrainingSession | None = None


class ExportedAssessment(BaseModel):
    model_config = _STRICT
    as_of: dt.date
    knowledge_version: str = Field(max_length=120)
    created_at: dt.datetime
    document: dict[str, Any]


class ExportDocument(BaseModel):
    """The whole `heelraise.export/1` document."""

    model_config = _STRICT
    format: Literal["heelraise.export/1"]
    person: ExportedPerson
    episodes: list[ExportedEpisode] = []
    stage_history: list[ExportedStage] = []
    checkins: list[CheckIn] = []
    tests: list[Test] = []
    activities: list[ExportedActivity] = []
    assessments: list[ExportedAssessment] = []


def export_person(db_url: str | None, person: str | None) -> bytes:
    """The person's data as `heelraise.export/1` JSON bytes (same data, same bytes)."""
    with open_engine_journal(db_url) as journal:
        name = choose_person(journal, person)
        data = dump_person(journal.engine, name, journal.actor)
    document = {
        "format": EXPORT_FORMAT,
        "person": {"name": name, "created_at": data.created_at.isoformat()},
        "episodes": data.episodes,
        "stage_history": [record.to_json() for record in data.stages],
        "checkins": data.checkins,
        "tests": data.tests,
        "activities": [_activity_json(summary, entry) for summary, entry in data.activities],
        "assessments": data.assessments,
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def write_export(
    db_url: str | None, person: str | None, path: Path, *, replace: bool = False
) -> None:
    """Write one person's export to `path`; an existing file is replaced only when
    `replace` (else `FileInTheWay`, and nothing is written)."""
    if not replace and path.exists():
        raise FileInTheWay(path)
    data = export_person(db_url, person)
    try:
        with path.open("wb" if replace else "xb") as handle:  # "xb": never a file made meanwhile
            handle.write(data)
    except FileExistsError:
        raise FileInTheWay(path) from None
    except OSError as error:
        raise HeelraiseError(f"{path}: cannot write ({error.strerror})") from None


def _activity_json(summary: ActivitySummary, entry: dict[str, Any] | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "start": summary.start.isoformat(),
        "sport": summary.sport,
        "distance_km": summary.distance_km,
        "duration_min": summary.duration_min,
        "source": summary.source,
        "content_hash": summary.content_hash,
        "elevation_gain_m": summary.elevation_gain_m,
        "kind": summary.kind,
        "kind_inferred": summary.kind_inferred,
        "surface": summary.surface,
        "shoe": summary.shoe,
        "sub_sport": summary.sub_sport,
        "device": summary.device,
        "avg_hr": summary.avg_hr,
        "name": summary.name,
        "entry": entry,
    }
    return item


def parse_export(text: bytes) -> ExportDocument:
    """Validate an export document completely; `InvalidInput` names every bad field."""
    try:
        document = ExportDocument.model_validate_json(text)
    except ValidationError as error:
        raise InvalidInput(problems_from(error)) from None
    problems: list[Problem] = []
    day = today()
    for index, checkin in enumerate(document.checkins):
        problems += record_problems(f"checkins[{index}].date", checkin.date, day)
    for index, test in enumerate(document.tests):
        problems += record_problems(f"tests[{index}].date", test.date, day)
        problems += test_problems(test, f"tests[{index}]")
    days = [checkin.date for checkin in document.checkins]
    if len(days) != len(set(days)):
        problems.append(Problem("checkins", "more than one check-in on the same day"))
    if any(activity.start.tzinfo is None for activity in document.activities):
        problems.append(Problem("activities", "every start needs its UTC offset"))
    if problems:
        raise InvalidInput(problems)
    return document


def import_person(db_url: str | None, path: Path, person: str | None = None) -> str:
    """Import an export file (under its own name, or `person`); return the name used."""
    try:
        text = path.read_bytes()
    except OSError as error:
        raise HeelraiseError(f"{path}: cannot read ({error.strerror})") from None
    document = parse_export(text)
    name = person or document.person.name
    _load(db_url, document, name)
    return name


def load_export_document(db_url: str | None, document: dict[str, Any], person: str) -> None:
    """Validate a `heelraise.export/1` document given as data and load it for `person`
    (who must have no records), exactly as `import_person` loads a file."""
    _load(db_url, parse_export(orjson.dumps(document)), person)


def _load(db_url: str | None, document: ExportDocument, name: str) -> None:
    data = PersonData(
        created_at=document.person.created_at,
        episodes=[
            {
                "recorded_on": episode.recorded_on.isoformat(),
                "person": plain(episode.person),
                "symptoms": plain(episode.symptoms),
                "history": plain(episode.history),
            }
            for episode in document.episodes
        ],
        stages=[
            StageRecord(
                s.effective, s.event, s.stage, s.load_step, s.method, s.origin, s.reason, s.rule_id
            )
            for s in document.stage_history
        ],
        checkins=[plain(checkin) for checkin in document.checkins],
        tests=[plain(test) for test in document.tests],
        activities=[kept for kept in map(_summary, document.activities) if kept is not None],
        assessments=[
            {
                "as_of": a.as_of.isoformat(),
                "knowledge_version": a.knowledge_version,
                "created_at": a.created_at.isoformat(),
                "document": a.document,
            }
            for a in document.assessments
        ],
    )
    with open_engine_journal(db_url) as journal:
        load_person(journal.engine, name, data, journal.actor)


def _summary(activity: ExportedActivity) -> tuple[ActivitySummary, dict[str, Any] | None] | None:
    """An exported activity as it may be stored: an imported one passes the import's
    plausibility checks again (a backup made before them may hold values that cannot be
    real: those fields are left out, and an activity that cannot be real is not restored)."""
    summary = ActivitySummary(
        start=activity.start,
        sport=activity.sport,
        distance_km=activity.distance_km,
        duration_min=activity.duration_min,
        source=activity.source,
        content_hash=activity.content_hash,
        elevation_gain_m=activity.elevation_gain_m,
        kind=activity.kind,
        kind_inferred=activity.kind_inferred,
        surface=activity.surface,
        shoe=activity.shoe,
        sub_sport=activity.sub_sport,
        device=activity.device,
        avg_hr=activity.avg_hr,
        name=activity.name,
        local_time_known=True,  # the offset was settled at import
    )
    if activity.entry is not None:
        return summary, plain(activity.entry)
    screened = screen(summary)
    return None if screened.summary is None else (screened.summary, None)


def erase(db_url: str | None, person: str | None) -> tuple[str, dict[str, int]]:
    """Erase every row keyed to the person; return the name and rows deleted per table."""
    with open_engine_journal(db_url) as journal:
        name = choose_person(journal, person)
        return name, erase_person(journal.engine, name, journal.actor)
