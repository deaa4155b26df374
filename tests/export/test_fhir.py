"""The FHIR R4 export: a valid R4B Bundle whose references resolve, one resource per record,
the codes of knowledge/fhir_codes.toml — and `heelraise import` of it gives a journal whose
`status --json` equals the original's, byte for byte."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from fhir.resources.R4B.bundle import Bundle

from heelraise.app.fhir_transfer import fhir_bundle, import_fhir
from heelraise.app.imports import import_paths
from heelraise.errors import InvalidInput
from heelraise.export.fhir import resource_counts
from heelraise.export.fhir_read import unresolved
from heelraise.knowledge.fhir_codes import CHECKIN_FIELDS, fhir_codes
from tests.cli.journal_steps import journal_from_case, ok, run
from tests.conftest import CASES, load_vignette
from tests.export.journals import PROGRAMME_VIGNETTES, vignette_journal

LOINC_PAIN = "72514-3"


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _codes(resource: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in resource.get("code", {}).get("coding", [])}


@pytest.mark.parametrize("stem", PROGRAMME_VIGNETTES)
def test_the_bundle_is_valid_r4_and_every_reference_resolves(stem: str, tmp_path: Path) -> None:
    case, url = vignette_journal(stem, tmp_path)
    _name, bundle = fhir_bundle(url, None, dt.date.fromisoformat(case["as_of"]))
    parsed = Bundle.model_validate_json(orjson.dumps(bundle))
    assert parsed.type == "collection"
    assert unresolved(bundle) == []
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert all(url.startswith("urn:uuid:") for url in urls)
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize("stem", PROGRAMME_VIGNETTES)
def test_resource_counts_match_the_journal(stem: str, tmp_path: Path) -> None:
    case, url = vignette_journal(stem, tmp_path)
    day = dt.date.fromisoformat(case["as_of"])
    _name, bundle = fhir_bundle(url, None, day)
    status = json.loads(ok("status", "--json", "--as-of", case["as_of"], "--db", url))
    values = sum(1 for item in case["checkins"] for field in CHECKIN_FIELDS if field in item)
    visa_items = sum(1 for test in case["tests"] if test["kind"] == "visa_a" and "answers" in test)
    assert resource_counts(bundle) == {
        "CarePlan": 1,
        "Condition": 1,
        **({"Flag": len(status["flags"])} if status["flags"] else {}),
        # One Observation per check-in value, per test, per training session.
        "Observation": values + len(case["tests"]) + len(case.get("training", [])),
        "Patient": 1,
        "Questionnaire": 2,  # triage and VISA-A
        "QuestionnaireResponse": 1 + visa_items,  # one triage, one per VISA-A given by item
    }


def test_codes_and_pseudonymity(tmp_path: Path) -> None:
    case, url = vignette_journal("plateau-after-14-weeks", tmp_path, name="anna-smith")
    _name, bundle = fhir_bundle(url, None, dt.date.fromisoformat(case["as_of"]))
    codes = fhir_codes()
    snomed, loinc = codes.system("snomed"), codes.system("loinc")
    (condition,) = _resources(bundle, "Condition")
    assert condition["verificationStatus"]["coding"][0]["code"] == "provisional"
    assert (snomed, "11654001") in _codes(condition)  # Achilles tendinitis (disorder)
    site = {(c["system"], c["code"]) for c in condition["bodySite"][0]["coding"]}
    assert {(snomed, "61352006"), (snomed, "61352006:272741003=7771000")} <= site  # left
    pains = [
        o
        for o in _resources(bundle, "Observation")
        if (loinc, LOINC_PAIN) in _codes(o) and "valueInteger" in o
    ]
    walking = sum(1 for item in case["checkins"] if "pain_walking_0_10" in item)
    assert len(pains) >= walking
    (patient,) = _resources(bundle, "Patient")
    assert "name" not in patient
    assert patient["identifier"][0]["value"]
    assert b"journal" not in orjson.dumps(patient)
    used = {
        coding["system"]
        for resource in (e["resource"] for e in bundle["entry"])
        for key in ("code", "category")
        for concept in (
            [resource[key]] if isinstance(resource.get(key), dict) else resource.get(key, [])
        )
        for coding in concept.get("coding", [])
    }
    assert used <= set(codes.systems.values())


def test_the_same_journal_gives_the_same_bundle(tmp_path: Path) -> None:
    case, url = vignette_journal("rtr-ready", tmp_path)
    day = dt.date.fromisoformat(case["as_of"])
    assert fhir_bundle(url, None, day) == fhir_bundle(url, None, day)


def _round_trip(case: dict[str, Any], url: str, tmp_path: Path) -> tuple[str, str]:
    bundle_file = tmp_path / "bundle.json"
    ok("export", "fhir", "--as-of", case["as_of"], "--db", url, "-o", str(bundle_file))
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert "Imported the FHIR bundle" in ok("import", str(bundle_file), "--db", fresh)
    before = ok("status", "--json", "--as-of", case["as_of"], "--db", url)
    after = ok("status", "--json", "--as-of", case["as_of"], "--db", fresh)
    return before, after


@pytest.mark.parametrize("stem", PROGRAMME_VIGNETTES)
def test_import_gives_the_same_status_byte_for_byte(stem: str, tmp_path: Path) -> None:
    case, url = vignette_journal(stem, tmp_path)
    before, after = _round_trip(case, url, tmp_path)
    assert after == before


def test_the_round_trip_keeps_training_entered_and_imported(tmp_path: Path) -> None:
    """Training from a case document and from an activity file both come back."""
    case, _ = load_vignette(CASES / "weekly-volume-spike.json")
    url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    journal_from_case(case, tmp_path, "--db", url)
    runs = tmp_path / "runs.csv"
    runs.write_text("date,sport,distance_km,duration_min\n2026-11-12,run,9.5,52\n")
    assert import_paths([runs], url, "me").imported == 1
    before, after = _round_trip(case, url, tmp_path)
    assert after == before
    assert json.loads(after)["load"]["spikes"]  # the spikes came back with the training


def test_a_dangling_reference_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    case, url = vignette_journal("rtr-ready", tmp_path)
    _name, bundle = fhir_bundle(url, None, dt.date.fromisoformat(case["as_of"]))
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Patient"]
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    with pytest.raises(InvalidInput) as caught:
        import_fhir(fresh, orjson.dumps(bundle), "me")
    assert "resolves to no entry" in str(caught.value.problems[0])
    assert run("status", "--db", fresh).exit_code != 0  # no one was stored


def test_import_refuses_a_person_who_has_records(tmp_path: Path) -> None:
    case, url = vignette_journal("rtr-ready", tmp_path)
    bundle_file = tmp_path / "bundle.json"
    ok("export", "fhir", "--as-of", case["as_of"], "--db", url, "-o", str(bundle_file))
    result = run("import", str(bundle_file), "--db", url)
    assert result.exit_code != 0
    assert "already has data" in str(result.exception)


def test_the_round_trip_on_sqlite_and_postgresql(
    journal_where: tuple[str, ...], tmp_path: Path
) -> None:
    """Into another person of the same database (SQLite, and a real PostgreSQL server)."""
    case, _ = load_vignette(CASES / "plateau-after-14-weeks.json")
    journal_from_case(case, tmp_path, *journal_where)
    bundle_file = tmp_path / "bundle.json"
    ok("export", "fhir", "--as-of", case["as_of"], *journal_where, "-o", str(bundle_file))
    db = journal_where[:2]
    copy = ("--person", f"{journal_where[3]}-copy")
    ok("import", str(bundle_file), *db, *copy)
    before = ok("status", "--json", "--as-of", case["as_of"], *journal_where)
    assert ok("status", "--json", "--as-of", case["as_of"], *db, *copy) == before
