"""Golden check: `heelraise assess` must give byte-identical output after a change.

Builds the same inputs every time (seeded), runs the real command on them and
either records the outputs (`--record`) or compares against the recording:

* 10,000 random cases (`random_cases(10000)`) as one `--batch` file;
* every vignette in shared/cases (its `expect` key removed), as a batch, and
  each one alone with `--json` and readable;
* a batch of ~240 invalid lines (wrong enum, pain 14, unknown field, a date
  after `as_of`, bad JSON, missing symptoms, duplicate check-in date, wrong
  types, ...), and a few invalid cases alone (the `field: message` lines, exit 2);
* a VISA-A with two q8 branches, alone and in a batch (recorded as it is).

stdout and the exit status must match byte for byte; stderr too, except that
of a crash (exit status 1 with a traceback), where only its last line counts.

    .venv/bin/python benchmarks/check_golden.py --record   # before changing anything
    .venv/bin/python benchmarks/check_golden.py            # after every change
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from random_cases import random_cases

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASES = ROOT.parent / "shared" / "cases"

Mutation = Callable[[dict[str, Any], random.Random], "dict[str, Any] | bytes"]


def _later(case: dict[str, Any], days: int) -> str:
    return (dt.date.fromisoformat(case["as_of"]) + dt.timedelta(days=days)).isoformat()


def _with_programme(case: dict[str, Any]) -> dict[str, Any]:
    if "programme" not in case:
        case["programme"] = {"started": case["as_of"], "stage": 1}
    return case


def _with_checkins(case: dict[str, Any]) -> dict[str, Any]:
    if not case.get("checkins"):
        day = dt.date.fromisoformat(case["as_of"]) - dt.timedelta(days=1)
        case["checkins"] = [
            {
                "date": (day - dt.timedelta(days=i)).isoformat(),
                "morning_stiffness_0_10": 2,
                "pain_walking_0_10": 1,
            }
            for i in range(3)
        ]
    return case


def _with_training(case: dict[str, Any]) -> dict[str, Any]:
    if not case.get("training"):
        case["training"] = [
            {"date": case["as_of"], "sport": "run", "distance_km": 5.0, "duration_min": 30.0}
        ]
    return case


def _visa(**extra: Any) -> dict[str, Any]:
    answers = {"q1": 5, "q2": 6, "q3": 7, "q4": 5, "q5": 4, "q6": 3, "q7": 4}
    answers.update(extra)
    return answers


MUTATIONS: dict[str, Mutation] = {
    # wrong enums
    "side": lambda c, r: {**c, "symptoms": {**c["symptoms"], "side": "middle"}},
    "site": lambda c, r: {**c, "symptoms": {**c["symptoms"], "site": "Insertion"}},
    "heel_raise": lambda c, r: {**c, "symptoms": {**c["symptoms"], "single_leg_heel_raise": 1}},
    "sport": lambda c, r: {**c, "person": {**c["person"], "sports": ["running", "cricket"]}},
    "stage": lambda c, r: {**_with_programme(c), "programme": {**c["programme"], "stage": 5}},
    "stage_str": lambda c, r: {**_with_programme(c), "programme": {**c["programme"], "stage": "2"}},
    "method": lambda c, r: {**_with_programme(c), "programme": {**c["programme"], "method": "iso"}},
    "format": lambda c, r: {**c, "format": "heelraise.case/2"},
    "training_kind": lambda c, r: _set_training(c, "kind", "sprint"),
    "surface": lambda c, r: _set_training(c, "surface", "sand"),
    "test_kind": lambda c, r: {**c, "tests": [{"date": c["as_of"], "kind": "jump"}]},
    "test_no_kind": lambda c, r: {**c, "tests": [{"date": c["as_of"], "pain_0_10": 2}]},
    "visa_q7": lambda c, r: {
        **c,
        "tests": [{"date": c["as_of"], "kind": "visa_a", "answers": _visa(q7=5, q8a=7)}],
    },
    # scores out of range and wrong types
    "pain14": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pain_0_10": 14}},
    "pain_neg": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pain_0_10": -1}},
    "pain_float": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pain_0_10": 3.5}},
    "pain_float_whole": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pain_0_10": 3.0}},
    "pain_str": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pain_0_10": "3"}},
    "pain_bool": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pain_0_10": True}},
    "checkin_pain": lambda c, r: _set_checkin(_with_checkins(c), "pain_walking_0_10", 11),
    "checkin_missing": lambda c, r: _drop_checkin(_with_checkins(c), "morning_stiffness_0_10"),
    "checkin_bool": lambda c, r: _set_checkin(_with_checkins(c), "exercised", "yes"),
    "pop_int": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pop": 1}},
    "pop_str": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pop": "true"}},
    "age_low": lambda c, r: {**c, "person": {**c["person"], "age": 2}},
    "age_float": lambda c, r: {**c, "person": {**c["person"], "age": 40.5}},
    "age_big": lambda c, r: orjson.dumps(c).replace(
        b'"age":', b'"age":1' + b"0" * 25 + b',"x":', 1
    ),
    "goal_long": lambda c, r: {**c, "person": {**c["person"], "goal": "x" * 501}},
    "sports_str": lambda c, r: {**c, "person": {**c["person"], "sports": "running"}},
    "person_list": lambda c, r: {**c, "person": ["running"]},
    "history_int": lambda c, r: {**c, "history": {"fluoroquinolone": 1}},
    "reps": lambda c, r: {
        **c,
        "tests": [
            {"date": c["as_of"], "kind": "heel_rise", "affected_reps": 201, "other_reps": -3}
        ],
    },
    "height": lambda c, r: {
        **c,
        "tests": [
            {
                "date": c["as_of"],
                "kind": "heel_rise",
                "affected_reps": 20,
                "other_reps": 25,
                "affected_height_cm": 0,
                "other_height_cm": 31,
            }
        ],
    },
    "hop_missing": lambda c, r: {**c, "tests": [{"date": c["as_of"], "kind": "hop"}]},
    "visa_score": lambda c, r: {
        **c,
        "tests": [{"date": c["as_of"], "kind": "visa_a", "score": 101}],
    },
    "distance_neg": lambda c, r: _set_training(c, "distance_km", -1.0),
    "distance_str": lambda c, r: _set_training(c, "distance_km", "five"),
    "sport_empty": lambda c, r: _set_training(c, "sport", ""),
    "sport_long": lambda c, r: _set_training(c, "sport", "r" * 41),
    "hr_high": lambda c, r: _set_training(c, "avg_hr", 300),
    "start_bad": lambda c, r: _set_training(c, "start", "yesterday"),
    "checkins_obj": lambda c, r: {**c, "checkins": {"date": c["as_of"]}},
    "tests_str": lambda c, r: {**c, "tests": "none"},
    "training_null": lambda c, r: {**c, "training": None},
    "symptoms_null": lambda c, r: {**c, "symptoms": None},
    # unknown fields
    "unknown_top": lambda c, r: {**c, "notes": "sore"},
    "unknown_symptom": lambda c, r: {**c, "symptoms": {**c["symptoms"], "pian_0_10": 3}},
    "unknown_checkin": lambda c, r: _set_checkin(_with_checkins(c), "mood", "ok"),
    "unknown_training": lambda c, r: _set_training(c, "cadence", 180),
    "unknown_history": lambda c, r: {**c, "history": {"smoker": True}},
    # dates
    "started_after": lambda c, r: {**c, "symptoms": {**c["symptoms"], "started": _later(c, 5)}},
    "programme_after": lambda c, r: {
        **_with_programme(c),
        "programme": {**c["programme"], "started": _later(c, 1)},
    },
    "stage_before": lambda c, r: {
        **_with_programme(c),
        "programme": {**c["programme"], "stage_started": _later(c, -400)},
    },
    "checkin_after": lambda c, r: _set_checkin(_with_checkins(c), "date", _later(c, 2)),
    "training_after": lambda c, r: _set_training(c, "date", _later(c, 3)),
    "test_after": lambda c, r: {
        **c,
        "tests": [{"date": _later(c, 1), "kind": "hop", "pain_0_10": 1}],
    },
    "date_format": lambda c, r: {**c, "as_of": "20/11/2026"},
    "date_bad_day": lambda c, r: {**c, "symptoms": {**c["symptoms"], "started": "2026-02-30"}},
    "date_datetime": lambda c, r: {**c, "as_of": c["as_of"] + "T10:30:00"},
    "date_int": lambda c, r: {**c, "as_of": 20261120},
    "duplicate_checkin": lambda c, r: _duplicate_checkin(_with_checkins(c)),
    # missing parts
    "no_symptoms": lambda c, r: {k: v for k, v in c.items() if k != "symptoms"},
    "no_as_of": lambda c, r: {k: v for k, v in c.items() if k != "as_of"},
    "no_programme_stage": lambda c, r: {**c, "programme": {"started": c["as_of"]}},
    # not JSON, or not an object
    "truncated": lambda c, r: orjson.dumps(c)[: r.randint(5, 60)],
    "trailing_comma": lambda c, r: orjson.dumps(c)[:-1] + b",}",
    "single_quotes": lambda c, r: b"{'as_of': '2026-11-20'}",
    "nan": lambda c, r: orjson.dumps(_with_training(c)).replace(
        b'"distance_km":', b'"distance_km":NaN,"x":', 1
    ),
    "array": lambda c, r: orjson.dumps([c]),
    "number": lambda c, r: b"42",
    "null": lambda c, r: b"null",
    "string": lambda c, r: b'"a case"',
    "empty_object": lambda c, r: {},
    "bad_utf8": lambda c, r: orjson.dumps(c).replace(b'"symptoms"', b'"symptoms\xff"', 1),
}


def _set_training(case: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    case = _with_training(case)
    case["training"] = [dict(s) for s in case["training"]]
    case["training"][0][key] = value
    return case


def _set_checkin(case: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    case["checkins"] = [dict(s) for s in case["checkins"]]
    case["checkins"][-1][key] = value
    return case


def _drop_checkin(case: dict[str, Any], key: str) -> dict[str, Any]:
    case["checkins"] = [dict(s) for s in case["checkins"]]
    del case["checkins"][0][key]
    return case


def _duplicate_checkin(case: dict[str, Any]) -> dict[str, Any]:
    case["checkins"] = [*case["checkins"], dict(case["checkins"][0])]
    return case


def invalid_lines(seed: int = 7) -> list[bytes]:
    """Each mutation alone three times, then 30 lines with two or three problems each."""
    rng = random.Random(seed)
    bases = random_cases(300, seed=seed)
    names = sorted(MUTATIONS)
    lines: list[bytes] = []
    plans = [[name] for name in names for _ in range(3)]
    plans += [rng.sample(names, rng.randint(2, 3)) for _ in range(30)]
    for index, plan in enumerate(plans):
        value: dict[str, Any] | bytes = copy.deepcopy(bases[index % len(bases)])
        for name in plan:
            if isinstance(value, bytes):
                break
            value = MUTATIONS[name](value, rng)
        lines.append(value if isinstance(value, bytes) else orjson.dumps(value))
    return lines


def vignettes(folder: Path) -> list[tuple[str, bytes]]:
    found = []
    for path in sorted(folder.glob("*.json")):
        data = orjson.loads(path.read_bytes())
        data.pop("expect", None)
        found.append((path.stem, orjson.dumps(data)))
    return found


def visa_two_branches() -> bytes:
    case = random_cases(1, seed=3)[0]
    case["tests"] = [
        {"date": case["as_of"], "kind": "visa_a", "answers": _visa(q8a=7, q8b=4)},
    ]
    return orjson.dumps(case)


def build_inputs(folder: Path, cases: Path) -> list[tuple[str, list[str], bytes | None]]:
    """Write the inputs; return (name, command arguments, stdin) for every run."""
    folder.mkdir(parents=True, exist_ok=True)
    runs: list[tuple[str, list[str], bytes | None]] = []

    def batch(name: str, lines: list[bytes]) -> None:
        path = folder / f"{name}.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        runs.append((f"batch-{name}", ["--batch", str(path)], None))

    batch("random", [orjson.dumps(case) for case in random_cases(10_000)])
    found = vignettes(cases)
    batch("vignettes", [line for _, line in found])
    invalid = invalid_lines()
    batch("invalid", invalid)
    runs.append(("batch-invalid-stdin", ["--batch", "-"], b"\n".join(invalid) + b"\n\n"))
    batch("visa-two-q8", [*(line for _, line in found[:2]), visa_two_branches()])
    singles = [(name, line) for name, line in found]
    singles += [(f"random-{i}", orjson.dumps(c)) for i, c in enumerate(random_cases(12, seed=5))]
    for name, line in singles:
        path = folder / f"{name}.json"
        path.write_bytes(line)
        runs.append((f"json-{name}", [str(path), "--json"], None))
        runs.append((f"readable-{name}", [str(path)], None))
    for index in range(0, len(invalid), 9):
        path = folder / f"invalid-{index}.json"
        path.write_bytes(invalid[index])
        runs.append((f"invalid-{index}", [str(path)], None))
    runs.append(("invalid-stdin", ["-"], invalid[1]))
    path = folder / "visa-two-q8.json"
    path.write_bytes(visa_two_branches())
    runs.append(("json-visa-two-q8", [str(path), "--json"], None))
    return runs


def run(args: list[str], stdin: bytes | None) -> tuple[bytes, bytes, int]:
    env = {**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", "assess", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env,
        check=False,
    )
    stderr = done.stderr
    if done.returncode == 1 and b"Traceback" in stderr:
        stderr = stderr.strip().splitlines()[-1] + b"\n"  # a crash: its message, not its frames
    return done.stdout, stderr, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", action="store_true", help="write the goldens")
    parser.add_argument("--golden", type=Path, default=Path("/tmp/perf-golden"))
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    options = parser.parse_args()
    runs = build_inputs(options.golden / "inputs", options.cases)
    out = options.golden / "out"
    out.mkdir(parents=True, exist_ok=True)
    failed: list[str] = []
    for name, args, stdin in runs:
        stdout, stderr, status = run(args, stdin)
        got = {"stdout": stdout, "stderr": stderr, "rc": str(status).encode()}
        for part, value in got.items():
            path = out / f"{name}.{part}"
            if options.record:
                path.write_bytes(value)
            elif not path.exists() or path.read_bytes() != value:
                failed.append(f"{name}.{part}")
    if options.record:
        print(f"recorded {len(runs)} runs under {out}")
        return
    if failed:
        print(f"DIFFERENT: {len(failed)} outputs: {', '.join(failed[:20])}")
        sys.exit(1)
    print(f"identical: {len(runs)} runs")


if __name__ == "__main__":
    main()
