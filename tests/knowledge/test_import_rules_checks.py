"""`inference.toml` is checked without pydantic (`knowledge/checked.py`), in pydantic's words.

Every `heelraise import` loads these rules, and pydantic would cost it some 30-40 ms
to import and build. The cases below were recorded from the pydantic models the
rules had before (every key of the packaged file set to each of a dozen wrong
values, 854 cases, gave the same key and message both ways); they hold the
checks to that: the first problem, its dotted key, pydantic's message.
"""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest

from heelraise.errors import KnowledgeError
from heelraise.knowledge.importing import (
    INFERENCE_FILE,
    DecompressionLimits,
    import_rules,
    parse_import_rules,
)
from tests.conftest import REPO

PACKAGED_TEXT = (
    resources.files("heelraise.knowledge").joinpath(INFERENCE_FILE).read_text(encoding="utf-8")
)

CASES = [
    ('id = "infer.hills"', "id = -1", "hills.id", "Input should be a valid string"),
    ('id = "infer.hills"\n', "", "hills.id", "Field required"),
    (
        'id = "infer.hills"',
        'id = "infer.hills"\nextra_key = 1',
        "hills.extra_key",
        "Extra inputs are not permitted",
    ),
    (
        "min_laps = ",
        "min_laps = 0.5 #",
        "intervals.min_laps",
        "Input should be a valid integer, got a number with a fractional part",
    ),
    (
        "min_laps = ",
        "min_laps = 1e99 #",
        "intervals.min_laps",
        "Unable to parse input string as an integer, exceeded maximum size",
    ),
    ("min_laps = ", "min_laps = nan #", "intervals.min_laps", "Input should be a finite number"),
    (
        "min_laps = ",
        "min_laps = 'x' #",
        "intervals.min_laps",
        "Input should be a valid integer, unable to parse string as an integer",
    ),
    (
        "min_laps = ",
        "min_laps = 2020-01-01 #",
        "intervals.min_laps",
        "Input should be a valid integer",
    ),
    (
        "min_laps = ",
        "min_laps = true #",  # True is 1, as pydantic has it
        "intervals.min_laps",
        "Input should be greater than or equal to 2",
    ),
    (
        "min_speed_gap = ",
        "min_speed_gap = 'x' #",
        "intervals.min_speed_gap",
        "Input should be a valid number, unable to parse string as a number",
    ),
    (
        "min_speed_gap = ",
        "min_speed_gap = 2020-01-01 #",
        "intervals.min_speed_gap",
        "Input should be a valid number",
    ),
    (
        "min_altitude_m = ",
        "min_altitude_m = 1e99 #",
        "elevation.max_altitude_m",
        "Value error, must be above min_altitude_m (1e+99)",
    ),
    (
        "max_vertical_speed_m_per_s = ",
        "max_vertical_speed_m_per_s = -1 #",
        "elevation.max_vertical_speed_m_per_s",
        "Input should be greater than 0",
    ),
    (
        "max_gradient = ",
        "max_gradient = inf #",
        "elevation.max_gradient",
        "Input should be a finite number",
    ),
    ("sports = ", "sports = -1 #", "applies_to.sports", "Input should be a valid list"),
    (
        "distance_tolerance = ",
        "distance_tolerance = 1 #",
        "dedupe.distance_tolerance",
        "Input should be less than 1",
    ),
    (
        "distance_tolerance = ",
        "distance_tolerance = nan #",  # NaN passes here, and fails `lt` first
        "dedupe.distance_tolerance",
        "Input should be less than 1",
    ),
    (
        "distance_slack_km = ",
        "distance_slack_km = 1e99 #",
        "dedupe.distance_slack_km",
        "Input should be less than or equal to 1",
    ),
    (
        "max_file_bytes = ",
        "max_file_bytes = 1 #",
        "decompression.ratio_floor_bytes",
        "Value error, must be at most max_file_bytes (1)",
    ),
    (
        "max_total_bytes = ",
        "max_total_bytes = 1 #",
        "decompression.max_total_bytes",
        "Value error, must be at least max_file_bytes (209715200)",
    ),
    (
        "earliest_date = ",
        "earliest_date = -1 #",
        "plausibility.earliest_date",
        "Datetimes provided to dates should have zero time - e.g. be exact dates",
    ),
    (
        "earliest_date = ",
        "earliest_date = 1e99 #",
        "plausibility.earliest_date",
        "Input should be a valid date or datetime, "
        "dates after 9999 are not supported as unix timestamps",
    ),
    (
        "earliest_date = ",
        "earliest_date = nan #",
        "plausibility.earliest_date",
        "Input should be a valid date or datetime, NaN values not permitted",
    ),
    (
        "earliest_date = ",
        "earliest_date = 'x' #",
        "plausibility.earliest_date",
        "Input should be a valid date or datetime, input is too short",
    ),
    (
        "earliest_date = ",
        "earliest_date = true #",
        "plausibility.earliest_date",
        "Input should be a valid date",
    ),
    (
        "max_heart_rate = ",
        "max_heart_rate = 0.5 #",
        "plausibility.max_heart_rate",
        "Value error, must be above min_heart_rate (25.0)",
    ),
    (
        "{ distance_km = 0.1, seconds = 9.58 }",
        "{ distance_km = 0.1, seconds = -9.58 }",
        "plausibility.run_records.0.seconds",
        "Input should be greater than 0",
    ),
    (
        "{ distance_km = 0.2, seconds = 19.19 }",
        "{ distance_km = 0.2, seconds = 9.0 }",
        "plausibility.run_records",
        "Value error, records must grow in distance and in time, in that order",
    ),
    (
        "run_records = [",
        "run_records = []\nold_records = [",
        "plausibility.run_records",
        "List should have at least 1 item after validation, not 0",
    ),
    (
        "[plausibility.sports.run]\n",
        "[plausibility.sports.run]\npace = 1\n",
        "plausibility.sports.run.pace",
        "Extra inputs are not permitted",
    ),
    ("[dedupe]\n", "[old_dedupe]\n", "dedupe", "Field required"),
    (
        "{ distance_km = 0.1, seconds = 9.58 }",
        "5",
        "plausibility.run_records.0",
        "Input should be a valid dictionary or instance of RunRecord",
    ),
]


@pytest.mark.parametrize(("old", "new", "key", "message"), CASES)
def test_a_broken_rule_is_named_as_pydantic_named_it(
    old: str, new: str, key: str, message: str
) -> None:
    assert old in PACKAGED_TEXT
    with pytest.raises(KnowledgeError) as caught:
        parse_import_rules(PACKAGED_TEXT.replace(old, new, 1))
    assert (caught.value.file, caught.value.key) == (INFERENCE_FILE, key)
    assert str(caught.value) == f"{INFERENCE_FILE}: {key}: {message}"


def test_the_rules_are_plain_frozen_values() -> None:
    rules = import_rules()
    assert rules.decompression.max_ratio == 200.0
    assert isinstance(rules.plausibility.max_duration_h, float)  # an integer becomes a float
    assert rules.plausibility.limits_for("run").max_speed_kmh > 0
    dumped = rules.decompression.model_dump()
    assert DecompressionLimits.model_validate(dumped) == rules.decompression
    assert DecompressionLimits.model_validate(dumped | {"max_depth": 5}).max_depth == 5
    with pytest.raises(AttributeError):
        rules.decompression.max_depth = 9  # type: ignore[misc]


def test_the_import_use_case_loads_neither_pydantic_nor_sqlalchemy_nor_the_contract() -> None:
    probe = (
        "import sys\n"
        "import heelraise.app.imports, heelraise.app.activities\n"
        "from heelraise.knowledge.importing import import_rules\n"
        "import_rules()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'sqlalchemy'}),"
        " 'heelraise.contract' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.split() == ["[]", "False"]
