"""Knowledge files are validated at load; a broken one names its file and key."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from heelraise.clinical.assess import Engine
from heelraise.errors import KnowledgeError
from heelraise.knowledge.loader import load_knowledge

PACKAGED = Path(str(resources.files("heelraise.knowledge")))


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_packaged_knowledge_loads_and_every_source_has_a_citation() -> None:
    knowledge = load_knowledge()
    assert len(knowledge.version) == 12
    for source in knowledge.sources.values():
        assert source.citation
    assert knowledge.sources["beyer-2015"].doi == "10.1177/0363546515584760"


def test_a_wrong_level_names_the_file_and_key(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "triage.toml", 'level = "urgent"', 'level = "panic"')
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    assert caught.value.file == "triage.toml"
    assert caught.value.key == "rule[0].level"


def test_an_unknown_source_is_refused(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "advice.toml", 'source = "seed-article"', 'source = "no-such-paper"')
    with pytest.raises(KnowledgeError, match="no-such-paper") as caught:
        load_knowledge(knowledge_copy)
    assert caught.value.file == "advice.toml"


def test_broken_toml_is_refused(knowledge_copy: Path) -> None:
    (knowledge_copy / "spikes.toml").write_text("[settings\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"spikes\.toml: not valid TOML"):
        load_knowledge(knowledge_copy)


def test_an_unknown_predicate_stops_the_engine(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "triage.toml", 'predicate = "pop_reported"', 'predicate = "pop_heard"')
    with pytest.raises(KnowledgeError) as caught:
        Engine(load_knowledge(knowledge_copy))
    assert caught.value.key == "rule[0].predicate"


def test_a_dose_without_reps_hold_or_duration_is_refused(knowledge_copy: Path) -> None:
    edit(
        knowledge_copy,
        "exercises.toml",
        "{ sets = 4, hold_s = 30,",
        "{ sets = 4,",
    )
    with pytest.raises(KnowledgeError, match=r"exercises\.toml: programme\[0\]"):
        load_knowledge(knowledge_copy)


def test_a_thresholds_change_changes_the_outcome(knowledge_copy: Path) -> None:
    """Thresholds live in the files: severe pain at 5 instead of 7 refers a pain-6 case."""
    from tests.factories import make_case

    case = make_case(symptoms={"pain_0_10": 6})
    assert Engine(load_knowledge()).assess(case).pathway == "self_manage"
    edit(knowledge_copy, "triage.toml", "severe_pain_min = 7", "severe_pain_min = 5")
    assert Engine(load_knowledge(knowledge_copy)).assess(case).pathway == "clinician"


def test_user_referrals_replace_the_examples(tmp_path: Path) -> None:
    from tests.factories import make_case

    mine = tmp_path / "referrals.toml"
    mine.write_text(
        'region = "Test"\n[[destination]]\nlevel = "clinician"\nname = "Club physio"\n'
        'kind = "other"\nhow = "Ask at the club."\n',
        encoding="utf-8",
    )
    engine = Engine(load_knowledge(referrals_file=mine))
    result = engine.assess(make_case(history={"fluoroquinolone": True}))
    assert [option.name for option in result.escalation.options] == ["Club physio"]


def test_a_pathway_that_lets_a_light_plan_progress_is_refused(knowledge_copy: Path) -> None:
    edit(
        knowledge_copy,
        "pathways.toml",
        'decisions = ["start", "hold", "reduce"]\ninstead_of_progress = "hold"\nplan = "light"',
        'decisions = ["start", "progress", "hold", "reduce"]\nplan = "light"',
    )
    with pytest.raises(KnowledgeError, match="light plan cannot progress") as caught:
        load_knowledge(knowledge_copy)
    assert caught.value.file == "pathways.toml"


def test_an_urgent_pathway_with_a_plan_is_refused(knowledge_copy: Path) -> None:
    edit(
        knowledge_copy,
        "pathways.toml",
        'decisions = []\nplan = "none"',
        'decisions = ["start"]\nplan = "current"',
    )
    with pytest.raises(KnowledgeError, match="urgent"):
        load_knowledge(knowledge_copy)


def test_a_ladder_rung_that_changes_nothing_is_refused(knowledge_copy: Path) -> None:
    edit(
        knowledge_copy,
        "exercises.toml",
        '{ sets = 3, reps = 12, load = "12RM", tempo = "3-0-3" },\n  { sets = 4, reps = 10',
        '{ sets = 3, reps = 15, load = "15RM", tempo = "3-0-3" },\n  { sets = 4, reps = 10',
    )
    text = (knowledge_copy / "exercises.toml").read_text(encoding="utf-8")
    # Make every prescription of the first HSR programme repeat its first rung.
    text = text.replace(
        '{ sets = 3, reps = 12, load = "12RM", tempo = "3-0-3" }',
        '{ sets = 3, reps = 15, load = "15RM", tempo = "3-0-3" }',
    )
    (knowledge_copy / "exercises.toml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="doses the same as rung 0"):
        Engine(load_knowledge(knowledge_copy))


def test_an_off_step_floor_variant_is_refused(knowledge_copy: Path) -> None:
    edit(
        knowledge_copy,
        "exercises.toml",
        'floor_variant = "standing-calf-raise-floor-heavy"',
        'floor_variant = "eccentric-heel-drop-straight"',
    )
    with pytest.raises(KnowledgeError, match="below the step"):
        Engine(load_knowledge(knowledge_copy))
