"""Read a heelraise FHIR bundle (`export/fhir.py`) back into a `heelraise.export/1` document.

The bundle is validated by `fhir.resources`' R4B `Bundle` first, and every
reference in it must resolve to an entry. Resources are then recognised by
their heelraise codes (`knowledge/fhir_codes.toml`), which every exported
resource carries beside any standard code: the triage answers from the triage
`QuestionnaireResponse`s, check-ins and tests from `Observation`s (a VISA-A's
items from the response it is derived from), training from activity
`Observation`s, and the stage history from the `CarePlan`. Derived resources
(the Condition, Flags, the heel-rise symmetry, this week's activities) are not
read: heelraise makes them again from the records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import orjson
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from heelraise.errors import InvalidInput, Problem
from heelraise.export.fhir import (
    STAGE_HISTORY,
    TRAINING_FIELD,
    TRIAGE_QUESTIONNAIRE,
    VISA_A_QUESTIONNAIRE,
)
from heelraise.knowledge.fhir_codes import (
    CHECKIN_FIELDS,
    HEEL_RISE_FIELDS,
    HOP_FIELDS,
    FhirCodes,
    fhir_codes,
)
from heelraise.knowledge.questions import triage_questions

_REPS = {"affected_reps", "other_reps"}
_STAGE_FIELDS = {
    "effective": "effective",
    "event": "event",
    "stage": "stage",
    "loadStep": "load_step",
    "method": "method",
    "origin": "origin",
    "reason": "reason",
    "ruleId": "rule_id",
}


def looks_like_bundle(head: bytes) -> bool:
    """Whether JSON text (or its first kilobytes) is a FHIR Bundle."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"{") and b'"resourceType"' in text and b'"Bundle"' in text


def references(value: Any) -> list[str]:
    """Every `reference` string anywhere in a resource (or a whole bundle)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                found.append(item)
            else:
                found.extend(references(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(references(item))
    return found


def unresolved(bundle: dict[str, Any]) -> list[str]:
    """References in the bundle that name no entry's `fullUrl`."""
    urls = {entry.get("fullUrl") for entry in bundle.get("entry", [])}
    return sorted({ref for ref in references(bundle) if ref not in urls})


def parse_bundle(text: bytes) -> dict[str, Any]:
    """The bundle as data, once `fhir.resources` accepts it and its references resolve."""
    try:
        Bundle.model_validate_json(text)
    except ValidationError as error:
        problems = [
            Problem(".".join(str(part) for part in item["loc"]) or "bundle", item["msg"])
            for item in error.errors()[:20]
        ]
        raise InvalidInput(problems) from None
    except ValueError as error:  # not JSON at all
        raise InvalidInput([Problem("bundle", f"not a FHIR JSON bundle ({error})")]) from None
    bundle: dict[str, Any] = orjson.loads(text)
    missing = unresolved(bundle)
    if missing:
        raise InvalidInput(
            [Problem("bundle.entry", f"reference {ref} resolves to no entry") for ref in missing]
        )
    return bundle


def bundle_to_export(
    text: bytes, person: str, *, created_at: dt.datetime, codes: FhirCodes | None = None
) -> tuple[dict[str, Any], dict[str, int]]:
    """(a `heelraise.export/1` document for `person`, how many records of each kind)."""
    bundle = parse_bundle(text)
    known = codes or fhir_codes()
    by_url = {entry["fullUrl"]: entry["resource"] for entry in bundle.get("entry", [])}
    resources = [entry["resource"] for entry in bundle.get("entry", [])]
    concept_of = _concepts_by_code(known)
    episodes: list[dict[str, Any]] = []
    checkins: dict[str, dict[str, Any]] = {}
    tests: list[dict[str, Any]] = []
    training: list[dict[str, Any]] = []
    stages: list[dict[str, Any]] = []
    for resource in resources:
        kind = resource["resourceType"]
        if (
            kind == "QuestionnaireResponse"
            and resource.get("questionnaire") == TRIAGE_QUESTIONNAIRE
        ):
            episodes.append(_episode(resource))
        elif kind == "Observation":
            concept = _concept(resource.get("code", {}), concept_of)
            day = str(resource.get("effectiveDateTime", ""))[:10]
            if concept is None:
                continue
            if concept.startswith("checkin."):
                item = checkins.setdefault(day, {"date": day})
                item[concept.removeprefix("checkin.")] = _value(resource)
            elif concept in ("test.heel_rise", "test.hop"):
                tests.append(_test(resource, concept, day, concept_of))
            elif concept == "test.visa_a":
                tests.append(_visa_a(resource, day, by_url))
            elif concept == "training.session":
                training.append(_training(resource, day))
        elif kind == "CarePlan":
            stages.extend(_stages(resource))
    ordered_checkins = [_checkin(checkins[day]) for day in sorted(checkins)]
    document = {
        "format": "heelraise.export/1",
        "person": {"name": person, "created_at": created_at.isoformat()},
        "episodes": episodes,
        "stage_history": stages,
        "checkins": ordered_checkins,
        "tests": tests,
        "activities": [_activity(item, index) for index, item in enumerate(training)],
        "assessments": [],
    }
    counts = {
        "episodes": len(episodes),
        "stage_history": len(stages),
        "checkins": len(ordered_checkins),
        "tests": len(tests),
        "training": len(training),
    }
    return document, counts


def _concepts_by_code(codes: FhirCodes) -> dict[tuple[str, str], str]:
    """(system URL, code) → concept id, for the exact (heelraise) coding of each concept."""
    return {codes.heelraise_code(concept_id): concept_id for concept_id in codes.concepts}


def _concept(codeable: dict[str, Any], concept_of: dict[tuple[str, str], str]) -> str | None:
    for coding in codeable.get("coding", []):
        found = concept_of.get((coding.get("system", ""), coding.get("code", "")))
        if found is not None:
            return found
    return None


def _value(holder: dict[str, Any]) -> Any:
    """The value[x] of an observation, a component or an answer, as plain JSON data."""
    for key, value in holder.items():
        if not key.startswith("value"):
            continue
        if key == "valueQuantity":
            return float(value["value"])
        if key == "valueCoding":
            return value["code"]
        return value
    return None


def _episode(resource: dict[str, Any]) -> dict[str, Any]:
    kinds = {f"{q.part}.{q.field}": q.kind for q in triage_questions()}
    parts: dict[str, dict[str, Any]] = {"person": {}, "symptoms": {}, "history": {}}
    for item in resource.get("item", []):
        link = item["linkId"]
        part, _, name = link.partition(".")
        if part not in parts or not name:
            raise InvalidInput([Problem(f"QuestionnaireResponse.item {link}", "unknown question")])
        answers = [_value(answer) for answer in item.get("answer", [])]
        parts[part][name] = answers if kinds.get(link) == "sports" else answers[0]
    return {"recorded_on": str(resource["authored"])[:10], **parts}


def _checkin(item: dict[str, Any]) -> dict[str, Any]:
    """A check-in in the contract's own field order."""
    return {"date": item["date"], **{name: item[name] for name in CHECKIN_FIELDS if name in item}}


def _test(
    resource: dict[str, Any], concept: str, day: str, concept_of: dict[tuple[str, str], str]
) -> dict[str, Any]:
    kind = concept.removeprefix("test.")
    fields = HEEL_RISE_FIELDS if kind == "heel_rise" else HOP_FIELDS
    item: dict[str, Any] = {"date": day, "kind": kind}
    for component in resource.get("component", []):
        found = _concept(component.get("code", {}), concept_of) or ""
        name = found.removeprefix(f"{concept}.")
        if name in fields:
            value = _value(component)
            item[name] = int(value) if name in _REPS else value
    return item


def _visa_a(resource: dict[str, Any], day: str, by_url: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"date": day, "kind": "visa_a"}
    if "valueInteger" in resource:
        item["score"] = resource["valueInteger"]
    for source in resource.get("derivedFrom", []):
        response = by_url.get(source.get("reference"), {})
        if response.get("questionnaire") == VISA_A_QUESTIONNAIRE:
            item["answers"] = {
                answer["linkId"]: _value(answer["answer"][0]) for answer in response["item"]
            }
    return item


def _training(resource: dict[str, Any], day: str) -> dict[str, Any]:
    item: dict[str, Any] = {"date": day}
    for component in resource.get("component", []):
        for coding in component.get("code", {}).get("coding", []):
            if coding.get("system") == TRAINING_FIELD:
                item[coding["code"]] = _value(component)
    return item


def _activity(item: dict[str, Any], position: int) -> dict[str, Any]:
    """A training item as an export document's activity, kept as entered (`entry`)."""
    start = item.get("start")
    if start is None:
        midnight = dt.datetime.fromisoformat(item["date"]).replace(tzinfo=dt.UTC)
        start = (midnight + dt.timedelta(seconds=position)).isoformat()
    digest = (
        item.get("content_hash")
        or hashlib.sha256(b"fhir:" + orjson.dumps(item, option=orjson.OPT_SORT_KEYS)).hexdigest()
    )
    return {
        "start": start,
        "sport": item["sport"],
        "distance_km": float(item.get("distance_km", 0.0)),
        "duration_min": float(item.get("duration_min", 0.0)),
        "source": item.get("source") or "FHIR bundle",
        "content_hash": digest,
        "elevation_gain_m": item.get("elevation_gain_m"),
        "kind": item.get("kind"),
        "surface": item.get("surface"),
        "shoe": item.get("shoe"),
        "name": item.get("name"),
        "entry": item,
    }


def _stages(resource: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for extension in resource.get("extension", []):
        if extension.get("url") != STAGE_HISTORY:
            continue
        row: dict[str, Any] = {"load_step": None, "method": None, "rule_id": None}
        for part in extension.get("extension", []):
            name = _STAGE_FIELDS.get(part["url"])
            if name is not None:
                row[name] = _value(part)
        rows.append(row)
    return rows
