"""A person's journal as a FHIR R4 `Bundle` of type `collection` (pure: data in, JSON out).

What goes in (`JournalContent`): the triage answers (every episode), the
stage history, check-ins, tests, training and the day's assessment. What
comes out, every resource validated by `fhir.resources`' R4B models:

- `Patient`: pseudonymous (an identifier from a random id, never the name);
- `Condition`: the assessment's condition, `verificationStatus` provisional,
  the Achilles tendon and its side coded in SNOMED CT;
- `Questionnaire` for the triage questions and for VISA-A, and a
  `QuestionnaireResponse` for each triage episode and each VISA-A given item by item;
- `Observation`: one per check-in value, one per test (a heel-rise test's sides
  and symmetry, a hop test's pain and flare as components), one per training session;
- `CarePlan`: the programme (stage history as an extension) and this week's
  exercises with their doses;
- `Flag`: each flag of the day's assessment.

Codes come from `knowledge/fhir_codes.toml`. Every `fullUrl` is a `urn:uuid:`
made with UUID 5 from the person's pseudonym and what the resource holds (a
check-in's day and field, a test's day and position), so the same journal gives
the same bundle, and a bundle imported and exported again gives it back.
`export/fhir_read.py` reads such a bundle back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import TypeAdapter

from heelraise.clinical.capacity import heel_rise_symmetry
from heelraise.contract import HeelRiseTest
from heelraise.knowledge.fhir_codes import (
    CHECKIN_FIELDS,
    HEEL_RISE_FIELDS,
    HOP_FIELDS,
    FhirCodes,
    fhir_codes,
)
from heelraise.knowledge.questions import Question, triage_questions

BASE = "https://heelraise.example/fhir"
PSEUDONYM_SYSTEM = f"{BASE}/sid/pseudonym"
TRIAGE_QUESTIONNAIRE = f"{BASE}/Questionnaire/triage"
VISA_A_QUESTIONNAIRE = f"{BASE}/Questionnaire/visa-a"
STAGE_HISTORY = f"{BASE}/StructureDefinition/stage-history"
FLAG_LEVEL = f"{BASE}/StructureDefinition/flag-level"
TRAINING_FIELD = f"{BASE}/CodeSystem/training-field"
_NAMESPACE = uuid.UUID("5b0c3a52-6f38-4d5e-9a55-1f2f4a3c0e14")  # heelraise's UUID 5 namespace
_HEEL_RISE = TypeAdapter(HeelRiseTest)
_UNITS = {
    "distance_km": ("km", "km"),
    "duration_min": ("min", "min"),
    "elevation_gain_m": ("m", "m"),
    "avg_hr": ("beats/min", "/min"),
    "affected_height_cm": ("cm", "cm"),
    "other_height_cm": ("cm", "cm"),
}


@dataclass(frozen=True, slots=True)
class VisaItemText:
    """A VISA-A item for the Questionnaire: key, words, scored options (empty: 0-10)."""

    key: str
    text: str
    options: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class JournalContent:
    """A person's records as plain contract-shaped data."""

    pseudonym: str
    as_of: dt.date
    episodes: list[dict[str, Any]]  # {"recorded_on", "person", "symptoms", "history"}
    stages: list[dict[str, Any]]  # stage-history rows (StageRecord.to_json())
    checkins: list[dict[str, Any]]
    tests: list[dict[str, Any]]
    training: list[dict[str, Any]]
    assessment: dict[str, Any] | None  # the day's heelraise.assessment/1 document
    visa_items: Sequence[VisaItemText] = ()
    knowledge_version: str = ""


@dataclass
class _Builder:
    content: JournalContent
    codes: FhirCodes
    entries: list[dict[str, Any]] = field(default_factory=list)

    def url(self, *key: object) -> str:
        name = "/".join(str(part) for part in (self.content.pseudonym, *key))
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"

    def add(self, url: str, resource: dict[str, Any]) -> str:
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    @property
    def patient(self) -> dict[str, str]:
        return {"reference": self.url("Patient")}


def person_bundle(content: JournalContent, codes: FhirCodes | None = None) -> dict[str, Any]:
    """The bundle as JSON-ready data, validated by `fhir.resources` (R4B `Bundle`)."""
    builder = _Builder(content, codes or fhir_codes())
    _patient(builder)
    _condition(builder)
    _questionnaires(builder)
    for index, episode in enumerate(content.episodes):
        _triage_response(builder, index, episode)
    _checkins(builder)
    _tests(builder)
    _training(builder)
    _care_plan(builder)
    _flags(builder)
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(_NAMESPACE, f"{content.pseudonym}/Bundle/{content.as_of}")),
        "type": "collection",
        "timestamp": f"{content.as_of.isoformat()}T00:00:00Z",
        "entry": builder.entries,
    }
    Bundle.model_validate(bundle)  # raises on anything R4 does not allow
    return bundle


def resource_counts(bundle: dict[str, Any]) -> dict[str, int]:
    """How many resources of each type the bundle holds (sorted by type)."""
    counts: dict[str, int] = {}
    for entry in bundle.get("entry", []):
        kind = entry["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items()))


# -- resources -------------------------------------------------------------------


def _patient(b: _Builder) -> None:
    b.add(
        b.url("Patient"),
        {
            "resourceType": "Patient",
            "identifier": [{"system": PSEUDONYM_SYSTEM, "value": b.content.pseudonym}],
            "active": True,
        },
    )


def _latest_episode(content: JournalContent) -> dict[str, Any] | None:
    day = content.as_of.isoformat()
    earlier = [e for e in content.episodes if e["recorded_on"] <= day]
    return earlier[-1] if earlier else None


def body_site(codes: FhirCodes, side: str | None) -> dict[str, Any]:
    """The Achilles tendon, refined by its side in SNOMED CT's compositional grammar."""
    site = codes.codeable("body_site.achilles")
    if side in ("left", "right", "both"):
        tendon = codes.concept("body_site.achilles").coding[0]
        attribute = codes.concept("attribute.laterality").coding[0]
        laterality = codes.concept(f"laterality.{side}")
        qualifier = laterality.coding[0]
        codings: list[dict[str, str]] = site["coding"]
        codings.append(
            {
                "system": codes.system("snomed"),
                "code": f"{tendon.code}:{attribute.code}={qualifier.code}",
                "display": f"{tendon.display} : {attribute.display} = {qualifier.display}",
            }
        )
        site["text"] = f"{laterality.text} Achilles tendon"
    return site


def _condition(b: _Builder) -> None:
    episode = _latest_episode(b.content)
    assessment = b.content.assessment
    if episode is None or assessment is None:
        return
    symptoms = episode["symptoms"]
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "clinicalStatus": b.codes.codeable("condition.clinical.active"),
        "verificationStatus": b.codes.codeable("condition.verification.provisional"),
        "category": [b.codes.codeable("condition.category.problem")],
        "code": b.codes.codeable(f"condition.{assessment['condition']}"),
        "bodySite": [body_site(b.codes, symptoms.get("side"))],
        "subject": b.patient,
        "recordedDate": episode["recorded_on"],
        "note": [
            {
                "text": (
                    f"heelraise triage on {assessment['as_of']}: pathway {assessment['pathway']}, "
                    f"location {assessment['location']}. Information and self-management "
                    "support, not a diagnosis."
                )
            }
        ],
    }
    if symptoms.get("started"):
        resource["onsetDateTime"] = symptoms["started"]
    b.add(b.url("Condition"), resource)


def _questionnaires(b: _Builder) -> None:
    items = [_question_item(question) for question in triage_questions()]
    version = {"version": b.content.knowledge_version} if b.content.knowledge_version else {}
    b.add(
        b.url("Questionnaire", "triage"),
        {
            "resourceType": "Questionnaire",
            "url": TRIAGE_QUESTIONNAIRE,
            **version,
            "name": "HeelraiseTriage",
            "title": "heelraise triage questions (Achilles pain)",
            "status": "active",
            "subjectType": ["Patient"],
            "item": items,
        },
    )
    visa_items = []
    for item in b.content.visa_items:
        entry: dict[str, Any] = {"linkId": item.key, "text": item.text, "type": "integer"}
        if item.options:
            entry["type"] = "choice"
            entry["answerOption"] = [
                {"valueCoding": {"code": str(score), "display": words}}
                for score, words in item.options
            ]
        visa_items.append(entry)
    b.add(
        b.url("Questionnaire", "visa-a"),
        {
            "resourceType": "Questionnaire",
            "url": VISA_A_QUESTIONNAIRE,
            "name": "VisaA",
            "title": (
                "VISA-A (Victorian Institute of Sport Assessment - Achilles), Robinson et al. 2001"
            ),
            "status": "active",
            "subjectType": ["Patient"],
            "item": visa_items or [{"linkId": "score", "text": "VISA-A total", "type": "integer"}],
        },
    )


_QUESTION_TYPES = {
    "yes_no": "boolean",
    "choice": "choice",
    "score": "integer",
    "number": "integer",
    "date": "date",
    "text": "string",
    "sports": "string",
}


def _question_item(question: Question) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": f"{question.part}.{question.field}",
        "text": question.text,
        "type": _QUESTION_TYPES[question.kind],
        "required": not question.optional,
    }
    if question.kind == "sports":
        item["repeats"] = True
    if question.kind == "choice":
        item["answerOption"] = [
            {"valueCoding": {"system": fhir_codes().system("heelraise_answer"), "code": value}}
            for value, _words in question.choices
        ]
    return item


def _answer(kind: str, value: Any) -> list[dict[str, Any]]:
    """A triage answer as QuestionnaireResponse answers (typed by the question's kind)."""
    if isinstance(value, list):
        return [{"valueString": str(item)} for item in value]
    if isinstance(value, bool):
        return [{"valueBoolean": value}]
    if isinstance(value, int):
        return [{"valueInteger": value}]
    if kind == "choice":
        return [{"valueCoding": {"system": fhir_codes().system("heelraise_answer"), "code": value}}]
    if kind == "date":
        return [{"valueDate": value}]
    return [{"valueString": str(value)}]


def _triage_response(b: _Builder, index: int, episode: dict[str, Any]) -> None:
    kinds = {f"{q.part}.{q.field}": q.kind for q in triage_questions()}
    items = []
    for part in ("symptoms", "history", "person"):
        for name, value in episode[part].items():
            link = f"{part}.{name}"
            if value is None or value == []:
                continue
            items.append({"linkId": link, "answer": _answer(kinds.get(link, "text"), value)})
    b.add(
        b.url("QuestionnaireResponse", "triage", index, episode["recorded_on"]),
        {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": TRIAGE_QUESTIONNAIRE,
            "status": "completed",
            "subject": b.patient,
            "authored": episode["recorded_on"],
            "item": items,
        },
    )


def _observation(
    b: _Builder, category: str, concept: str, day: str, **values: Any
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [b.codes.codeable(f"category.{category}")],
        "code": b.codes.codeable(concept),
        "subject": b.patient,
        "effectiveDateTime": day,
        **values,
    }


def _value(name: str, value: Any) -> dict[str, Any]:
    """A typed FHIR value[x] for a heelraise field."""
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        unit, code = _UNITS.get(name, ("", ""))
        quantity: dict[str, Any] = {"value": value}
        if code:
            quantity |= {"unit": unit, "system": "http://unitsofmeasure.org", "code": code}
        return {"valueQuantity": quantity}
    return {"valueString": str(value)}


def _checkins(b: _Builder) -> None:
    for item in b.content.checkins:
        for name in CHECKIN_FIELDS:
            if item.get(name) is None:
                continue
            b.add(
                b.url("Observation", "checkin", item["date"], name),
                _observation(
                    b, "survey", f"checkin.{name}", item["date"], **_value(name, item[name])
                ),
            )


def _component(b: _Builder, concept: str, name: str, value: Any) -> dict[str, Any]:
    return {"code": b.codes.codeable(concept), **_value(name, value)}


def _tests(b: _Builder) -> None:
    for index, item in enumerate(b.content.tests):
        url = b.url("Observation", "test", item["date"], index, item["kind"])
        if item["kind"] == "heel_rise":
            components = [
                _component(b, f"test.heel_rise.{name}", name, item[name])
                for name in HEEL_RISE_FIELDS
                if item.get(name) is not None
            ]
            symmetry = heel_rise_symmetry(_HEEL_RISE.validate_python(item))
            if symmetry is not None:
                quantity = {
                    "value": round(symmetry.percent, 1),
                    "unit": "%",
                    "system": "http://unitsofmeasure.org",
                    "code": "%",
                }
                components.append(
                    {"code": b.codes.codeable("test.heel_rise.symmetry"), "valueQuantity": quantity}
                )
            resource = _observation(b, "exam", "test.heel_rise", item["date"], component=components)
        elif item["kind"] == "hop":
            components = [
                _component(b, f"test.hop.{name}", name, item[name])
                for name in HOP_FIELDS
                if item.get(name) is not None
            ]
            resource = _observation(b, "exam", "test.hop", item["date"], component=components)
        else:
            resource = _visa_a(b, index, item)
        b.add(url, resource)


def _visa_a(b: _Builder, index: int, item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if item.get("score") is not None:
        values["valueInteger"] = item["score"]
    else:
        values["dataAbsentReason"] = {"text": "not scored: item 8 has no single answer"}
    answers = item.get("answers")
    if answers:
        response = b.add(
            b.url("QuestionnaireResponse", "visa-a", item["date"], index),
            {
                "resourceType": "QuestionnaireResponse",
                "questionnaire": VISA_A_QUESTIONNAIRE,
                "status": "completed",
                "subject": b.patient,
                "authored": item["date"],
                "item": [
                    {"linkId": key, "answer": [{"valueInteger": value}]}
                    for key, value in answers.items()
                    if value is not None
                ],
            },
        )
        values["derivedFrom"] = [{"reference": response}]
    return _observation(b, "survey", "test.visa_a", item["date"], **values)


def _training(b: _Builder) -> None:
    for index, item in enumerate(b.content.training):
        components = [
            {
                "code": {"coding": [{"system": TRAINING_FIELD, "code": name}], "text": name},
                **_value(name, value),
            }
            for name, value in item.items()
            if name != "date" and value is not None
        ]
        b.add(
            b.url("Observation", "training", item["date"], index),
            _observation(b, "activity", "training.session", item["date"], component=components),
        )


def _stage_extension(row: dict[str, Any]) -> dict[str, Any]:
    parts: list[tuple[str, str, Any]] = [
        ("effective", "valueDate", row["effective"]),
        ("event", "valueCode", row["event"]),
        ("stage", "valueCode", row["stage"]),
        ("loadStep", "valueInteger", row.get("load_step")),
        ("method", "valueCode", row.get("method")),
        ("origin", "valueCode", row["origin"]),
        ("reason", "valueString", row["reason"]),
        ("ruleId", "valueString", row.get("rule_id")),
    ]
    return {
        "url": STAGE_HISTORY,
        "extension": [{"url": url, kind: value} for url, kind, value in parts if value is not None],
    }


def dose_words(exercise: dict[str, Any]) -> str:
    """An exercise's dose in one line (sets × reps or hold, load, tempo)."""
    if exercise.get("hold_s") is not None:
        amount = f"{exercise['hold_s']} s hold"
    elif exercise.get("reps") is not None:
        amount = f"{exercise['reps']} reps"
    else:
        amount = f"{exercise.get('duration_min')} min"
    tempo = f", tempo {exercise['tempo']}" if exercise.get("tempo") else ""
    return f"{exercise.get('sets') or 1} × {amount}, {exercise.get('load')}{tempo}"


def _care_plan(b: _Builder) -> None:
    assessment = b.content.assessment or {}
    plan = assessment.get("plan")
    stages = b.content.stages
    if not stages and not plan:
        return
    activities: dict[str, dict[str, Any]] = {}
    for session in (plan or {}).get("sessions", []):
        for exercise in session["exercises"]:
            key = f"{exercise['id']}|{dose_words(exercise)}"
            found = activities.get(key)
            if found is None:
                found = {
                    "detail": {
                        "code": {
                            "coding": [
                                {
                                    "system": b.codes.system("heelraise_exercise"),
                                    "code": exercise["id"],
                                    "display": exercise["name"],
                                }
                            ],
                            "text": exercise["name"],
                        },
                        "status": "scheduled",
                        "scheduledTiming": {"event": []},
                        "description": dose_words(exercise)
                        + (f". {exercise['notes']}" if exercise.get("notes") else ""),
                    }
                }
                activities[key] = found
            found["detail"]["scheduledTiming"]["event"].append(session["date"])
    starts = [row["effective"] for row in stages if row["event"] == "programme_start"]
    status = "on-hold" if assessment.get("pathway") == "urgent" else "active"
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "extension": [_stage_extension(row) for row in stages],
        "status": status,
        "intent": "plan",
        "title": "Achilles loading programme",
        "description": _plan_words(assessment),
        "subject": b.patient,
        "activity": list(activities.values()),
    }
    if starts:
        resource["period"] = {"start": starts[-1]}
    if any(entry["resource"]["resourceType"] == "Condition" for entry in b.entries):
        resource["addresses"] = [{"reference": b.url("Condition")}]
    b.add(b.url("CarePlan"), {key: value for key, value in resource.items() if value != []})


def _plan_words(assessment: dict[str, Any]) -> str:
    if not assessment:
        return "Programme record."
    words = f"Stage {assessment.get('stage')}, decision {assessment.get('decision')}"
    if assessment.get("load_step") is not None:
        words += f", load step {assessment['load_step']}"
    plan = assessment.get("plan")
    if plan:
        words += f"; sessions for the week of {plan['week_of']}"
    return words + "."


def _flags(b: _Builder) -> None:
    assessment = b.content.assessment
    if assessment is None:
        return
    for flag in assessment.get("flags", []):
        b.add(
            b.url("Flag", assessment["as_of"], flag["id"]),
            {
                "resourceType": "Flag",
                "extension": [{"url": FLAG_LEVEL, "valueCode": flag["level"]}],
                "status": "active",
                "category": [b.codes.codeable("flag.category.clinical")],
                "code": {
                    "coding": [{"system": b.codes.system("heelraise_flag"), "code": flag["id"]}],
                    "text": flag["text"],
                },
                "subject": b.patient,
                "period": {"start": assessment["as_of"]},
            },
        )
