"""VISA-A scoring (robinson-2001): eight items, 0-100, 100 best.

Items 1-6 score 0-10, item 7 scores 0/4/7/10, and item 8 has three branches
of which exactly one is answered: A (no pain in sport) 0-30, B (pain but
can train) 0-20, C (pain stops training) 0-10. The item sum lives with the
answers model (`VisaAAnswers.total`); this module picks a test's score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from heelraise.contract.case import VisaATest


def visa_a_score(test: VisaATest) -> int:
    """The test's score: scored from its answers when given, else the score recorded."""
    if test.answers is not None:
        total = test.answers.total()
        if total is not None:
            return total
    assert test.score is not None  # the case parser guarantees a score or full answers
    return test.score
