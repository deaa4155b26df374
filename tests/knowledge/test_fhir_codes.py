"""knowledge/fhir_codes.toml: every code checked at load — check digits, systems, references,
a reason for every heelraise-only condition code, and every concept the exporter uses."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest
from pydantic import ValidationError

from heelraise.knowledge.fhir_codes import (
    REQUIRED,
    FhirCodesFile,
    fhir_codes,
    loinc_check_digit,
    verhoeff_valid,
)


def _packaged() -> dict[str, Any]:
    text = resources.files("heelraise.knowledge").joinpath("fhir_codes.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return data


def test_the_packaged_file_loads_with_every_concept_the_exporter_uses() -> None:
    assert set(fhir_codes().concepts) >= REQUIRED


@pytest.mark.parametrize(
    ("sctid", "valid"),
    [("11654001", True), ("61352006", True), ("7771000", True), ("11654002", False)],
)
def test_snomed_identifiers_carry_a_verhoeff_check_digit(sctid: str, valid: bool) -> None:
    assert verhoeff_valid(sctid) is valid


def test_loinc_check_digit() -> None:
    assert loinc_check_digit("72514") == 3


def _with_first_coding(**changes: str) -> dict[str, Any]:
    data = _packaged()
    coding = next(c for c in data["concept"] if c["id"] == "condition.tendinopathy")["coding"]
    coding[0].update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "11654002"}, "check digit"),
        ({"system": "loinc", "code": "72514-4"}, "check digit"),
        ({"system": "icd10"}, "unknown system"),
        ({"reference": "a-blog"}, "unknown reference"),
    ],
)
def test_a_wrong_code_stops_the_load(changes: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        FhirCodesFile.model_validate(_with_first_coding(**changes))


def test_a_missing_concept_or_an_unexplained_own_code_stops_the_load() -> None:
    data = _packaged()
    data["concept"] = [c for c in data["concept"] if c["id"] != "body_site.achilles"]
    with pytest.raises(ValidationError, match=r"missing concepts: body_site\.achilles"):
        FhirCodesFile.model_validate(data)
    data = _packaged()
    rupture = next(c for c in data["concept"] if c["id"] == "condition.possible_rupture")
    del rupture["note"]
    with pytest.raises(ValidationError, match="needs a note"):
        FhirCodesFile.model_validate(data)
