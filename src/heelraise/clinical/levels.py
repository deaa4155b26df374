"""The order of pathways and flag levels: which is the safer (more urgent) one."""

from __future__ import annotations

from collections.abc import Iterable

from heelraise.contract.assessment import FlagLevel, Pathway

PATHWAY_RANK: dict[str, int] = {"self_manage": 0, "clinician": 1, "specialist": 2, "urgent": 3}
LEVEL_RANK: dict[str, int] = {"caution": 0, "clinician": 1, "specialist": 2, "urgent": 3}


def pathway_for(levels: Iterable[FlagLevel]) -> Pathway:
    """The most urgent pathway any of these flag levels calls for."""
    best: Pathway = "self_manage"
    for level in levels:
        if level != "caution" and PATHWAY_RANK[level] > PATHWAY_RANK[best]:
            best = level
    return best
