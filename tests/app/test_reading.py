"""Plain words for an assessment: values, rule inputs, day reasons, the headline, and the
urgent part (a suspected clot has its own heading, never the orthopaedic one)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from heelraise.app.assessing import assess_data
from heelraise.app.reading import (
    day_reasons,
    headline,
    other_inputs,
    plain_inputs,
    plain_reason,
    plain_text,
    plain_value,
    urgent_summary,
)
from heelraise.contract.assessment import Flag, RuleTrace
from heelraise.knowledge.loader import default_knowledge
from tests.conftest import CASES, load_vignette
from tests.factories import case_document
from tests.plain_words import raw_key_problems, repr_problems


def test_values_read_as_words_never_as_python() -> None:
    assert plain_value(None) == "no data"
    assert plain_value(True) == "yes" and plain_value(False) == "no"
    assert plain_value(dt.date(2026, 11, 28)) == "28 Nov 2026"
    assert plain_value("2026-11-28") == "28 Nov 2026"
    assert plain_value(4.0) == "4" and plain_value(3.25) == "3.2"
    assert plain_value([]) == "none"
    assert plain_value(["a", "b"]) == "a; b"
    assert (
        plain_value({"last_checkin": None, "gap_days": 5})
        == "Last check-in: no data; Flagged after (days): 5"
    )
    assert plain_value("hold_no_data") == "hold no data"
    for value in (None, True, [None, False], {"x": ["y"]}, dt.date(2026, 1, 2), ("a",)):
        words = plain_value(value)
        assert repr_problems(words) == [] and raw_key_problems(words) == [], words


def test_a_day_reason_names_the_day_in_words() -> None:
    assert (
        plain_reason("2026-11-28: pain after 8/10 (limit 5)")
        == "pain after 8/10 on 28 Nov (limit 5)"
    )
    assert (
        plain_reason("2026-11-28: not settled by the next morning")
        == "not settled by the next morning (28 Nov)"
    )
    assert plain_reason("morning stiffness rose") == "morning stiffness rose"


def test_field_paths_and_iso_days_in_free_text_become_words() -> None:
    text = plain_text("Not answered: symptoms.pop, symptoms.single_leg_heel_raise on 2026-11-02.")
    assert text == "Not answered: a pop or snap, the single-leg heel raise on 2 Nov 2026."


def test_rule_inputs_have_labels_and_the_day_reasons_are_read_once() -> None:
    over = ["2026-11-28: pain during 8/10 (limit 5)", "2026-11-28: pain after 8/10 (limit 5)"]
    inputs = {"checkins_since_change": 1, "stiffness_previous_week": None, "over_limits": over}
    assert plain_inputs(inputs) == [
        ("Check-ins since the last change", "1"),
        ("Morning stiffness the week before (average out of 10)", "no data"),
        (
            "Over the limits",
            "pain during 8/10 on 28 Nov (limit 5); pain after 8/10 on 28 Nov (limit 5)",
        ),
    ]
    assert list(other_inputs(inputs)) == ["checkins_since_change", "stiffness_previous_week"]
    assessment = assess_data(case_document())
    traced = dataclasses.replace(
        assessment,
        decision="reduce",
        decision_rule=RuleTrace("decision.reduce", "silbernagel-2007", "Reduce.", inputs),
    )
    assert day_reasons(traced) == [
        "pain during 8/10 on 28 Nov (limit 5)",
        "pain after 8/10 on 28 Nov (limit 5)",
    ]
    assert headline(traced) == "Ease off today: reduce the load."


def test_a_first_visit_keeps_the_pathway_headline() -> None:
    assessment = assess_data(case_document())
    assert assessment.decision == "start"
    assert headline(assessment) == "Self-management with progressive loading is a reasonable start."


def test_the_urgent_part_is_the_urgent_flags_once_where_to_go_and_until_seen() -> None:
    document, _ = load_vignette(CASES / "rupture-pop-cannot-heel-raise.json")
    assessment = assess_data(document)
    first = assessment.flags[0]
    extra = [
        Flag("triage.duplicate", "urgent", first.text, first.source),
        Flag("triage.gp", "clinician", "See a GP even without other warning signs.", "x"),
    ]
    cluttered = dataclasses.replace(assessment, flags=[*extra, *assessment.flags])
    urgent = urgent_summary(cluttered)
    assert [flag.text for flag in urgent.flags] == list(
        dict.fromkeys(f.text for f in cluttered.flags if f.level == "urgent")
    )
    assert urgent.heading == "Urgent: go to A&E or an urgent orthopaedic service today."
    assert urgent.destinations[0].name == "NHS A&E (emergency department)"
    assert urgent.until_seen == assessment.advice


def test_a_suspected_clot_has_its_own_heading_and_the_referral_files_urgent_places() -> None:
    document, _ = load_vignette(CASES / "calf-hot-swollen.json")
    assessment = assess_data(document)
    assert assessment.condition == "possible_dvt"
    clot = dataclasses.replace(
        assessment, escalation=dataclasses.replace(assessment.escalation, options=[])
    )
    urgent = urgent_summary(clot)
    assert urgent.heading == headline(clot)
    assert urgent.heading == default_knowledge().advice.headline["urgent_possible_dvt"]
    assert "clot" in urgent.heading and "orthopaedic" not in urgent.heading
    assert {d.name for d in urgent.destinations} >= {"NHS A&E (emergency department)", "NHS 111"}
