"""What both readings of a case share: the format's name, and what its parts compute.

`contract/case.py` (validated by pydantic) and the generated Structs of the
fast decoder (`contract/case_structs.py`) take these functions as their
methods, so the two readings of one document compute the same values from one
definition, and the fast one needs no pydantic to do it.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

CASE_FORMAT = "heelraise.case/1"


class _VisaAAnswers(Protocol):
    @property
    def q1(self) -> int: ...
    @property
    def q2(self) -> int: ...
    @property
    def q3(self) -> int: ...
    @property
    def q4(self) -> int: ...
    @property
    def q5(self) -> int: ...
    @property
    def q6(self) -> int: ...
    @property
    def q7(self) -> int: ...
    @property
    def q8a(self) -> int | None: ...
    @property
    def q8b(self) -> int | None: ...
    @property
    def q8c(self) -> int | None: ...


class _Programme(Protocol):
    @property
    def started(self) -> dt.date: ...
    @property
    def stage_started(self) -> dt.date | None: ...


def item_8(answers: _VisaAAnswers) -> int | None:
    """The answered branch of item 8, or None unless exactly one branch is answered."""
    given = [value for value in (answers.q8a, answers.q8b, answers.q8c) if value is not None]
    return given[0] if len(given) == 1 else None


def total(answers: _VisaAAnswers) -> int | None:
    """The published VISA-A total (robinson-2001): the sum of the eight item scores."""
    last = item_8(answers)
    if last is None:
        return None
    return (
        answers.q1 + answers.q2 + answers.q3 + answers.q4 + answers.q5 + answers.q6 + answers.q7
    ) + last


def current_stage_started(programme: _Programme) -> dt.date:
    """When the current stage (or its last load change) began."""
    return programme.stage_started or programme.started
