"""Seeded random case documents for benchmarks: a realistic mix, not the vignettes.

About half the cases are first visits, half have a programme with daily
check-ins; about 40% carry a training history of up to 16 weeks; some carry
heel-rise, hop and VISA-A tests; about 10% switch on a red flag.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

SPORTS = ["running", "football", "tennis", "padel", "squash", "basketball", "other"]
KINDS = ["easy", "easy", "easy", "long", "tempo", "intervals", "hills"]
SURFACES = ["road", "road", "road", "trail", "track", "treadmill"]
SHOES = ["Daily trainer", "Daily trainer", "Racing flat", "Trail shoe"]


def random_case(rng: random.Random, as_of: dt.date) -> dict[str, Any]:
    onset = "sudden" if rng.random() < 0.1 else "gradual"
    started = as_of - dt.timedelta(days=rng.randint(3, 200))
    flag = rng.random() < 0.1
    symptoms = {
        "side": rng.choice(["left", "right", "both"]),
        "onset": onset,
        "started": started.isoformat(),
        "site": rng.choice(["midportion", "midportion", "insertion", "both", "unsure"]),
        "pop": flag and rng.random() < 0.3,
        "sudden_sharp_pain": onset == "sudden" and rng.random() < 0.5,
        "push_off_difficulty": flag and rng.random() < 0.3,
        "marked_swelling": flag and rng.random() < 0.2,
        "contour_change": flag and rng.random() < 0.1,
        "single_leg_heel_raise": rng.choice(["able"] * 8 + ["unable", "not_tried"]),
        "morning_stiffness": rng.random() < 0.8,
        "eases_when_warm": rng.random() < 0.7,
        "worse_after_fast_or_next_day": rng.random() < 0.7,
        "pain_0_10": rng.randint(0, 9),
        "limits_walking_or_stairs": rng.random() < 0.1,
        "worsening_weeks": rng.random() < 0.1,
    }
    case: dict[str, Any] = {
        "format": "heelraise.case/1",
        "as_of": as_of.isoformat(),
        "person": {"age": rng.randint(18, 70), "sports": rng.sample(SPORTS, rng.randint(1, 2))},
        "symptoms": symptoms,
    }
    if flag:
        case["history"] = {
            rng.choice(["fluoroquinolone", "night_or_rest_pain", "calf_hot_swollen"]): True
        }
    if rng.random() < 0.5:
        programme_start = max(started, as_of - dt.timedelta(days=rng.randint(7, 120)))
        case["programme"] = {
            "started": programme_start.isoformat(),
            "stage": rng.choice([1, 2, 2, 3, 4, "maintenance"]),
            "method": rng.choice(["hsr", "eccentric"]),
        }
        days = min(28, (as_of - programme_start).days)
        base = rng.randint(0, 5)
        case["checkins"] = [
            {
                "date": (as_of - dt.timedelta(days=d)).isoformat(),
                "morning_stiffness_0_10": max(0, min(10, base + rng.randint(-1, 2))),
                "pain_walking_0_10": max(0, min(10, base + rng.randint(-2, 1))),
                "pain_during_0_10": max(0, min(10, base + rng.randint(-1, 3))),
                "pain_after_0_10": max(0, min(10, base + rng.randint(-1, 3))),
                "settled_by_next_morning": rng.random() < 0.9,
                "exercised": True,
            }
            for d in range(1, days + 1)
        ]
        if rng.random() < 0.6:
            test_day = (as_of - dt.timedelta(days=rng.randint(1, 20))).isoformat()
            case["tests"] = [
                {
                    "date": test_day,
                    "kind": "heel_rise",
                    "affected_reps": rng.randint(5, 30),
                    "other_reps": rng.randint(15, 30),
                },
                {
                    "date": test_day,
                    "kind": "hop",
                    "pain_0_10": rng.randint(0, 6),
                    "flare_24h": rng.random() < 0.2,
                },
                {"date": test_day, "kind": "visa_a", "score": rng.randint(20, 100)},
            ]
    if rng.random() < 0.4:
        case["training"] = random_training(rng, as_of)
    return case


def random_training(rng: random.Random, as_of: dt.date) -> list[dict[str, Any]]:
    sessions = []
    day = as_of - dt.timedelta(days=rng.randint(30, 112))
    while day < as_of:
        distance = round(rng.uniform(4, 18), 1)
        sessions.append(
            {
                "date": day.isoformat(),
                "sport": "run"
                if rng.random() < 0.85
                else rng.choice(["ride", "padel", "football"]),
                "distance_km": distance,
                "duration_min": round(distance * rng.uniform(4.5, 6.5), 1),
                "elevation_gain_m": rng.randint(0, 400),
                "kind": rng.choice(KINDS),
                "surface": rng.choice(SURFACES),
                "shoe": rng.choice(SHOES),
            }
        )
        day += dt.timedelta(days=rng.randint(1, 3))
    return sessions


def random_cases(count: int, seed: int = 20261120) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    base = dt.date(2026, 11, 20)
    return [random_case(rng, base - dt.timedelta(days=rng.randint(0, 365))) for _ in range(count)]
