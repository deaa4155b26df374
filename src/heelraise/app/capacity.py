"""Use case: score a heel-rise test now (storing it comes with the journal).

The result is the engine's own limb symmetry index (`clinical.capacity`),
judged against the return-to-run criterion in `knowledge/return_to_run.toml`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from heelraise.app.engine import current_engine
from heelraise.clinical.capacity import heel_rise_symmetry
from heelraise.contract import HeelRiseTest
from heelraise.contract.parsing import problems_from
from heelraise.errors import InvalidInput, Problem

_HEEL_RISE = TypeAdapter(HeelRiseTest)


@dataclass(frozen=True, slots=True)
class HeelRiseResult:
    percent: float
    basis: str  # "reps" or "work" (height × reps)
    target: float  # the return-to-run criterion's percentage
    met: bool
    criterion: str
    source: str


def heel_rise_result(answers: dict[str, Any], as_of: dt.date) -> HeelRiseResult:
    """Symmetry of a heel-rise test; `InvalidInput` names a bad field (`affected_reps`)."""
    try:
        test = _HEEL_RISE.validate_python(
            {**answers, "date": as_of.isoformat(), "kind": "heel_rise"}
        )
    except ValidationError as error:
        raise InvalidInput(problems_from(error)) from None
    symmetry = heel_rise_symmetry(test)
    if symmetry is None:
        raise InvalidInput([Problem("other_reps", "must be more than 0 to compare the sides")])
    rule = next(
        item
        for item in current_engine().knowledge.return_to_run.criterion
        if item.id == "heel_rise_symmetry"
    )
    return HeelRiseResult(
        percent=round(symmetry.percent, 1),
        basis=symmetry.basis,
        target=rule.value,
        met=symmetry.percent >= rule.value,
        criterion=rule.text,
        source=rule.source,
    )
