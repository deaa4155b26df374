"""The fast training-load path gives exactly what the reference gave, on random histories.

Exact equality of the `LoadSummary` dataclasses: the same weeks with the same
floats (to the last bit), the same spikes in the same order with the same text.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelraise.clinical.assess import default_engine
from heelraise.contract.assessment import LoadSummary
from tests.factories import AS_OF, make_case
from tests.training.load_reference import reference_load

ENGINE = default_engine()
SPIKES = ENGINE.knowledge.spikes
SPORTS = ["run", "Running", "TRAIL_RUN", "football", "Padel", "tennis", "ride", "swim"]
KINDS = [None, "easy", "long", "tempo", "intervals", "hills", "race", "match", "session"]
SURFACES = [None, "road", "track", "trail", "treadmill", "grass"]
SHOES = [None, "Daily trainer", "Racing flat", "Trail shoe"]

distances = st.one_of(
    st.sampled_from([0.0, -0.0]),
    st.floats(min_value=0.0, max_value=60.0, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=400).map(lambda tenths: tenths / 10),
    st.integers(min_value=0, max_value=4000).map(lambda hundredths: round(hundredths / 100, 2)),
)
gains = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=900).map(float),
    st.floats(min_value=0.0, max_value=900.0, allow_nan=False, allow_infinity=False),
)


@st.composite
def sessions(draw: st.DrawFn, span_days: int) -> dict[str, Any]:
    day = AS_OF - dt.timedelta(days=draw(st.integers(min_value=0, max_value=span_days)))
    document: dict[str, Any] = {
        "date": day.isoformat(),
        "sport": draw(st.sampled_from(SPORTS)),
        "distance_km": draw(distances),
        "duration_min": draw(distances),
    }
    for key, choices in (("kind", KINDS), ("surface", SURFACES), ("shoe", SHOES)):
        value = draw(st.sampled_from(choices))
        if value is not None:
            document[key] = value
    gain = draw(gains)
    if gain is not None:
        document["elevation_gain_m"] = gain
    return document


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[dict[str, Any]], str | None]:
    span = draw(st.sampled_from([20, 60, 120, 420]))
    training = draw(st.lists(sessions(span), max_size=70))
    started = draw(st.none() | st.integers(min_value=0, max_value=span))
    onset = None if started is None else (AS_OF - dt.timedelta(days=started)).isoformat()
    return training, onset


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_fast_load_equals_reference(history: tuple[list[dict[str, Any]], str | None]) -> None:
    training, onset = history
    case = make_case(symptoms={"started": onset}, training=training)
    assert _outcome(lambda: ENGINE._load(case)) == _outcome(lambda: reference_load(case, SPIKES))


def _outcome(load: Callable[[], LoadSummary]) -> LoadSummary | tuple[str, str]:
    """The summary, or the error it stops with (a tiny distance can make a percentage infinite)."""
    try:
        return load()
    except (OverflowError, ZeroDivisionError, ValueError) as error:
        return type(error).__name__, str(error)


def test_fast_load_equals_reference_on_a_generated_batch() -> None:
    """The benchmark's own kind of history: runs every 1-3 days for up to 16 weeks."""
    rng = random.Random(7)
    for _ in range(150):
        day = AS_OF - dt.timedelta(days=rng.randint(30, 112))
        training: list[dict[str, Any]] = []
        while day < AS_OF:
            distance = round(rng.uniform(4, 18), 1)
            training.append(
                {
                    "date": day.isoformat(),
                    "sport": "run" if rng.random() < 0.85 else rng.choice(["ride", "padel"]),
                    "distance_km": distance,
                    "duration_min": round(distance * rng.uniform(4.5, 6.5), 1),
                    "elevation_gain_m": rng.randint(0, 400),
                    "kind": rng.choice(KINDS[1:]),
                    "surface": rng.choice(SURFACES[1:]),
                    "shoe": rng.choice(SHOES[1:]),
                }
            )
            day += dt.timedelta(days=rng.randint(1, 3))
        started = (AS_OF - dt.timedelta(days=rng.randint(3, 200))).isoformat()
        case = make_case(symptoms={"started": started}, training=training)
        assert ENGINE._load(case) == reference_load(case, SPIKES)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_formatted_rounding_is_round(value: float) -> None:
    """The week rows round with `float(f"{x:.2f}")`: the very float `round(x, 2)` gives."""
    assert repr(float(f"{value:.2f}")) == repr(round(value, 2))
    assert repr(float(f"{value:.1f}")) == repr(round(value, 1))


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from([1, 2]))
def test_formatted_rounding_is_round_on_decimal_sums(hundredths: int, digits: int) -> None:
    """Sums of decimals, where the float sits just beside a rounding boundary."""
    value = hundredths / 100 + 0.1 + 0.2 - 0.3
    assert repr(float(f"{value:.{digits}f}")) == repr(round(value, digits))
