"""The case and assessment documents: the public contract (`case-format.md`).

The names below are loaded when first used (PEP 562): the assessment's
dataclasses cost nothing, but the case's pydantic validators do, and a valid
case is read without them (`contract/fast_case.py`), so `heelraise assess FILE`
never imports pydantic unless a case needs its words.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from heelraise.contract.assessment import (
        ASSESSMENT_FORMAT,
        AdviceItem,
        Assessment,
        Criterion,
        Escalation,
        Flag,
        LoadSummary,
        Plan,
        PlannedExercise,
        PlannedSession,
        ReturnToRun,
        SourceRef,
        Spike,
        WeekLoad,
    )
    from heelraise.contract.case import (
        Case,
        CheckIn,
        HeelRiseTest,
        History,
        HopTest,
        Person,
        Programme,
        Symptoms,
        TrainingSession,
        VisaATest,
    )
    from heelraise.contract.case_common import CASE_FORMAT
    from heelraise.contract.parsing import parse_case, parse_case_json

_ASSESSMENT = (
    "ASSESSMENT_FORMAT",
    "AdviceItem",
    "Assessment",
    "Criterion",
    "Escalation",
    "Flag",
    "LoadSummary",
    "Plan",
    "PlannedExercise",
    "PlannedSession",
    "ReturnToRun",
    "SourceRef",
    "Spike",
    "WeekLoad",
)
_CASE = (
    "Case",
    "CheckIn",
    "HeelRiseTest",
    "History",
    "HopTest",
    "Person",
    "Programme",
    "Symptoms",
    "TrainingSession",
    "VisaATest",
)
_PARSING = ("parse_case", "parse_case_json")

# Each exported name, and the module that defines it.
_HOME = (
    dict.fromkeys(_ASSESSMENT, "assessment")
    | dict.fromkeys(_CASE, "case")
    | {"CASE_FORMAT": "case_common"}
    | dict.fromkeys(_PARSING, "parsing")
)

__all__ = [
    "ASSESSMENT_FORMAT",
    "CASE_FORMAT",
    "AdviceItem",
    "Assessment",
    "Case",
    "CheckIn",
    "Criterion",
    "Escalation",
    "Flag",
    "HeelRiseTest",
    "History",
    "HopTest",
    "LoadSummary",
    "Person",
    "Plan",
    "PlannedExercise",
    "PlannedSession",
    "Programme",
    "ReturnToRun",
    "SourceRef",
    "Spike",
    "Symptoms",
    "TrainingSession",
    "VisaATest",
    "WeekLoad",
    "parse_case",
    "parse_case_json",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])
