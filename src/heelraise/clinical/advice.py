"""Advice selection: the items of `advice.toml` that apply to this assessment.

An item's `when` names conditions defined here; its pathways and locations
filter the rest. Every item carries its id and its source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from heelraise.contract.assessment import AdviceItem, Location, Pathway, Spike, StageValue
from heelraise.errors import KnowledgeError
from heelraise.knowledge.loader import Knowledge

if TYPE_CHECKING:
    from heelraise.contract.case import Case


@dataclass(frozen=True, slots=True)
class AdviceContext:
    case: Case
    pathway: Pathway
    location: Location
    condition: str
    stage: StageValue | None
    spikes: list[Spike]


Condition = Callable[[AdviceContext], bool]

CONDITIONS: dict[str, Condition] = {
    "possible_rupture": lambda ctx: ctx.condition == "possible_rupture",
    "possible_dvt": lambda ctx: ctx.condition == "possible_dvt",
    "fluoroquinolone": lambda ctx: ctx.case.history.fluoroquinolone,
    "no_programme": lambda ctx: ctx.case.programme is None,
    "spikes_before_onset": lambda ctx: any(spike.before_onset for spike in ctx.spikes),
    "late_stage": lambda ctx: ctx.stage in (4, "maintenance"),
    "strength_stage": lambda ctx: ctx.stage == 2,
}


def check_conditions(knowledge: Knowledge) -> None:
    for index, item in enumerate(knowledge.advice.item):
        for name in item.when:
            if name not in CONDITIONS:
                raise KnowledgeError("advice.toml", f"item[{index}].when", f"no condition {name!r}")


AdviceKey = tuple[str, str, tuple[bool, ...]]


def advice_key(ctx: AdviceContext) -> AdviceKey:
    """All `select_advice` reads of a context: equal keys, equal advice (so it can be cached)."""
    return ctx.pathway, ctx.location, tuple(bool(holds(ctx)) for holds in CONDITIONS.values())


def select_advice(ctx: AdviceContext, knowledge: Knowledge) -> list[AdviceItem]:
    chosen: list[AdviceItem] = []
    for item in knowledge.advice.item:
        if ctx.pathway not in item.pathways:
            continue
        if item.locations is not None and ctx.location not in item.locations:
            continue
        if all(CONDITIONS[name](ctx) for name in item.when):
            chosen.append(AdviceItem(item.id, item.text, item.source))
    return chosen
