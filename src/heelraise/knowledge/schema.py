"""Models of the knowledge files: what each TOML file must contain.

A knowledge file that does not match its model stops start-up with the file
and the key named (`triage.toml: rule[3].level: ...`).
"""

from __future__ import annotations

from typing import Any, Literal

from heelraise.knowledge.checked import Checked, limit

Level = Literal["urgent", "clinician", "specialist", "caution"]
PathwayName = Literal["urgent", "clinician", "specialist", "self_manage"]
LocationName = Literal["midportion", "insertional", "both", "unclear"]
ConditionName = Literal["possible_rupture", "possible_dvt", "tendinopathy", "uncertain"]


class KnowledgeModel(Checked):
    """A record of a knowledge file, checked by `checked.py` (pydantic's rules and
    words, without importing pydantic): frozen, no unknown keys."""

    finite = False  # inf and nan pass, as they did under pydantic (allow_inf_nan)


class Source(KnowledgeModel):
    id: str
    citation: str
    doi: str | None = None
    evidence: str


class SourcesFile(KnowledgeModel):
    source: list[Source]


class TriageSettings(KnowledgeModel):
    severe_pain_min: int = limit(ge=0, le=10)
    severe_pain_source: str
    min_typical_features: int = limit(ge=0, le=3)
    typical_features_source: str


class TriageRule(KnowledgeModel):
    id: str
    predicate: str
    level: Level
    when_unknown: Level | None = None
    condition: Literal["possible_rupture", "possible_dvt"] | None = None
    source: str
    text: str = limit(min_length=10)
    fires: list[dict[str, Any]] = limit(min_length=1)
    does_not_fire: list[dict[str, Any]] = limit(min_length=1)


class TriageFile(KnowledgeModel):
    settings: TriageSettings
    answer_names: dict[str, str]
    location: dict[Literal["midportion", "insertion", "both", "unsure"], LocationName]
    base_case: dict[str, Any]
    rule: list[TriageRule]


class AdviceNotice(KnowledgeModel):
    id: str
    source: str
    text: str


class AdviceRecord(KnowledgeModel):
    id: str
    pathways: list[PathwayName] = limit(min_length=1)
    locations: list[LocationName] | None = None
    when: list[str] = limit(default_factory=list)
    source: str
    text: str = limit(min_length=10)


class AdviceFile(KnowledgeModel):
    notice: AdviceNotice
    # Per pathway; `urgent_<condition>` words the urgent headline for one condition.
    headline: dict[PathwayName | Literal["urgent_possible_dvt"], str]
    condition_phrase: dict[
        Literal["possible_rupture", "possible_dvt", "tendinopathy", "uncertain"], str
    ]
    location_phrase: dict[LocationName, str]
    item: list[AdviceRecord]

    def headline_for(self, pathway: PathwayName, condition: str) -> str:
        """The pathway's headline, worded for the condition where the file says so."""
        return self.headline.get(f"{pathway}_{condition}") or self.headline[pathway]  # type: ignore[call-overload]


class SpikeSettings(KnowledgeModel):
    week_starts_on: Literal["monday"]
    before_onset_days: int = limit(gt=0)
    report_weeks: int = limit(gt=0)
    run_sports: list[str]
    high_load_sports: list[str]
    speed_kinds: list[str]
    no_training_note: str


class SingleSessionRule(KnowledgeModel):
    id: str
    source: str
    min_increase: float = limit(gt=0)
    window_days: int = limit(gt=0)
    history_days: int = limit(gt=0)
    text: str


class WeeklyVolumeRule(KnowledgeModel):
    id: str
    source: str
    min_increase: float = limit(gt=0)
    baseline_weeks: int = limit(gt=0)
    min_week_km: float = limit(ge=0)
    min_baseline_km: float = limit(gt=0)
    spread_factor: float = limit(ge=0)
    text: str


class ChangeRule(KnowledgeModel):
    id: str
    text: str
    min_gain_m_per_km: float | None = None


class ChangesConfig(KnowledgeModel):
    baseline_days: int = limit(gt=0)
    source: str
    new_speed: ChangeRule
    new_hills: ChangeRule
    surface_change: ChangeRule
    shoe_change: ChangeRule
    extra_sport: ChangeRule


class StackedRule(KnowledgeModel):
    id: str
    source: str
    window_days: int = limit(gt=0)
    min_changes: int = limit(ge=2)
    text: str


class BeforeOnset(KnowledgeModel):
    text: str


class SpikesFile(KnowledgeModel):
    settings: SpikeSettings
    single_session: SingleSessionRule
    weekly_volume: WeeklyVolumeRule
    changes: ChangesConfig
    stacked_changes: StackedRule
    before_onset: BeforeOnset
