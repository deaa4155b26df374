"""Triage form answers as a browser would post them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.factories import BASE_SYMPTOMS


def form_value(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def self_manage_answers(**symptoms: Any) -> dict[str, str]:
    """A typical midportion first visit, every question answered, as form fields."""
    values = {**BASE_SYMPTOMS, "started": (dt.date.today() - dt.timedelta(days=30)).isoformat()}
    values.update(symptoms)
    form = {f"symptoms.{key}": form_value(value) for key, value in values.items()}
    history = (
        "fluoroquinolone",
        "steroid_injection",
        "inflammatory_disease",
        "calf_hot_swollen",
        "fever_or_unwell",
        "night_or_rest_pain",
        "numbness_tingling",
        "previous_rupture",
    )
    form.update({f"history.{key}": "no" for key in history})
    form["person.age"] = "40"
    return form
