"""The FHIR codes (`fhir_codes.toml`): concepts, their codings and where each was checked.

Validated once at load: every coding's system and reference are known, SNOMED CT
identifiers pass their Verhoeff check digit and LOINC codes their mod-10 check
digit, a concept without a standard code says why, and every concept the
exporter asks for is present (`REQUIRED`).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pydantic import ValidationError, model_validator

from heelraise.errors import KnowledgeError
from heelraise.knowledge.pydantic_base import KnowledgeModel

FILE = "fhir_codes.toml"
HEELRAISE_SYSTEMS = ("heelraise", "heelraise_flag", "heelraise_exercise", "heelraise_answer")

CHECKIN_FIELDS = (
    "morning_stiffness_0_10",
    "pain_walking_0_10",
    "pain_during_0_10",
    "pain_after_0_10",
    "settled_by_next_morning",
    "exercised",
)
HEEL_RISE_FIELDS = ("affected_reps", "other_reps", "affected_height_cm", "other_height_cm")
HOP_FIELDS = ("pain_0_10", "flare_24h")

REQUIRED = frozenset(
    {
        *(f"condition.{name}" for name in ("tendinopathy", "possible_rupture")),
        *(f"condition.{name}" for name in ("possible_dvt", "uncertain")),
        "body_site.achilles",
        "attribute.laterality",
        *(f"laterality.{side}" for side in ("left", "right", "both")),
        *(f"checkin.{field}" for field in CHECKIN_FIELDS),
        "test.heel_rise",
        *(f"test.heel_rise.{field}" for field in (*HEEL_RISE_FIELDS, "symmetry")),
        "test.hop",
        *(f"test.hop.{field}" for field in HOP_FIELDS),
        "test.visa_a",
        "training.session",
        *(f"category.{name}" for name in ("survey", "exam", "activity")),
        "condition.clinical.active",
        "condition.verification.provisional",
        "condition.category.problem",
        "flag.category.clinical",
    }
)

_LOINC = re.compile(r"^(\d{1,7})-(\d)$")
_SCTID = re.compile(r"^[1-9]\d{5,17}$")


def loinc_check_digit(digits: str) -> int:
    """LOINC's mod-10 check digit of the part before the hyphen (LOINC Users' Guide)."""
    reversed_digits = digits[::-1]
    odd = "".join(reversed(reversed_digits[0::2]))  # 1st, 3rd, ... from the right
    even = "".join(reversed(reversed_digits[1::2]))
    doubled = str(int(odd) * 2) if odd else ""
    total = sum(int(d) for d in even + doubled)
    return (10 - total % 10) % 10


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_valid(number: str) -> bool:
    """Whether a SNOMED CT identifier's last digit is its Verhoeff check digit."""
    check = 0
    for index, digit in enumerate(reversed(number)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[index % 8][int(digit)]]
    return check == 0


class Reference(KnowledgeModel):
    id: str
    citation: str
    url: str


class Coding(KnowledgeModel):
    system: str
    code: str
    display: str
    reference: str


class Concept(KnowledgeModel):
    id: str
    text: str
    coding: list[Coding]
    note: str = ""


class FhirCodesFile(KnowledgeModel):
    systems: dict[str, str]
    reference: list[Reference]
    concept: list[Concept]

    @model_validator(mode="after")
    def _consistent(self) -> FhirCodesFile:
        references = {item.id for item in self.reference}
        seen: set[str] = set()
        for concept in self.concept:
            if concept.id in seen:
                raise ValueError(f"concept {concept.id}: defined twice")
            seen.add(concept.id)
            if not concept.coding:
                raise ValueError(f"concept {concept.id}: needs at least one coding")
            for coding in concept.coding:
                _check_coding(concept, coding, self.systems, references)
            own_only = all(c.system in HEELRAISE_SYSTEMS for c in concept.coding)
            measured = concept.id.startswith(("test.", "training.", "checkin."))
            if own_only and not concept.note and not measured:
                raise ValueError(f"concept {concept.id}: a heelraise-only code needs a note")
        missing = sorted(REQUIRED - seen)
        if missing:
            raise ValueError(f"missing concepts: {', '.join(missing)}")
        return self


def _check_coding(
    concept: Concept, coding: Coding, systems: dict[str, str], references: set[str]
) -> None:
    where = f"concept {concept.id}, code {coding.code}"
    if coding.system not in systems:
        raise ValueError(f"{where}: unknown system {coding.system!r}")
    if coding.reference not in references:
        raise ValueError(f"{where}: unknown reference {coding.reference!r}")
    if coding.system == "snomed" and not (
        _SCTID.match(coding.code) and verhoeff_valid(coding.code)
    ):
        raise ValueError(f"{where}: not a valid SNOMED CT identifier (check digit)")
    if coding.system == "loinc":
        found = _LOINC.match(coding.code)
        if found is None or loinc_check_digit(found.group(1)) != int(found.group(2)):
            raise ValueError(f"{where}: not a valid LOINC code (check digit)")
    if coding.system in HEELRAISE_SYSTEMS and coding.reference != "heelraise":
        raise ValueError(f"{where}: a heelraise code cites the heelraise reference")


class FhirCodes:
    """The validated file, looked up by concept id."""

    def __init__(self, data: FhirCodesFile) -> None:
        self.systems = dict(data.systems)
        self.references = {item.id: item for item in data.reference}
        self.concepts = {concept.id: concept for concept in data.concept}

    def system(self, name: str) -> str:
        return self.systems[name]

    def concept(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def codeable(self, concept_id: str) -> dict[str, Any]:
        """The concept as a FHIR CodeableConcept (JSON)."""
        concept = self.concepts[concept_id]
        return {
            "coding": [
                {"system": self.systems[c.system], "code": c.code, "display": c.display}
                for c in concept.coding
            ],
            "text": concept.text,
        }

    def heelraise_code(self, concept_id: str) -> tuple[str, str]:
        """(system URL, code) that identifies the concept exactly (its heelraise coding
        when it has one, else its first)."""
        concept = self.concepts[concept_id]
        own = [c for c in concept.coding if c.system in HEELRAISE_SYSTEMS]
        chosen = own[0] if own else concept.coding[0]
        return self.systems[chosen.system], chosen.code


@cache
def fhir_codes() -> FhirCodes:
    """The packaged codes, validated once (`KnowledgeError` names the problem)."""
    text = resources.files("heelraise.knowledge").joinpath(FILE).read_text(encoding="utf-8")
    try:
        return FhirCodes(FhirCodesFile.model_validate(tomllib.loads(text)))
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        lines = str(error).splitlines()
        raise KnowledgeError(FILE, "concept", " ".join(lines[1:3] or lines[:1])) from None
