"""VISA-A scoring (robinson-2001): eight items, 0-100, 100 best.

Items 1-6 score 0-10, item 7 scores 0/4/7/10, and item 8 has three branches
of which exactly one is answered: A (no pain in sport) 0-30, B (pain but
can train) 0-20, C (pain stops training) 0-10.
"""

from __future__ import annotations

from heelraise.contract.case import VisaAAnswers, VisaATest
from heelraise.errors import Problem


def item_8(answers: VisaAAnswers) -> int:
    """The answered branch of item 8; exactly one of q8a, q8b, q8c must be given."""
    given = [value for value in (answers.q8a, answers.q8b, answers.q8c) if value is not None]
    if len(given) != 1:
        raise ValueError("answer exactly one of q8a, q8b and q8c")
    return given[0]


def visa_a_total(answers: VisaAAnswers) -> int:
    """The published VISA-A total: the sum of the eight item scores."""
    first_six = answers.q1 + answers.q2 + answers.q3 + answers.q4 + answers.q5 + answers.q6
    return first_six + answers.q7 + item_8(answers)


def visa_a_score(test: VisaATest) -> int:
    """The test's score: scored from its answers when given, else the score recorded."""
    if test.answers is not None:
        return visa_a_total(test.answers)
    assert test.score is not None  # the contract check guarantees one of the two
    return test.score


def check_visa_a(test: VisaATest, field: str) -> list[Problem]:
    """Contract problems with one VISA-A record (used by the case parser)."""
    if test.answers is None and test.score is None:
        return [Problem(field, "give either score or answers")]
    problems: list[Problem] = []
    if test.answers is not None:
        branches = [test.answers.q8a, test.answers.q8b, test.answers.q8c]
        if sum(value is not None for value in branches) != 1:
            problems.append(Problem(f"{field}.answers", "answer exactly one of q8a, q8b and q8c"))
        elif test.score is not None and test.score != visa_a_total(test.answers):
            problems.append(
                Problem(
                    f"{field}.score",
                    f"{test.score} does not match the answers (they total "
                    f"{visa_a_total(test.answers)})",
                )
            )
    return problems
