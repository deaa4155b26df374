"""TCX reader: corpus files agree with tcxreader (distance, start, duration)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tcxreader.tcxreader import TCXReader

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.tcx import read_tcx

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
TCX_FILES = sorted(CORPUS.rglob("*.tcx"))
# Lap headers claim 7,687 s of timer time over 3 minutes of track points; we trust
# the device's lap header (timer time), tcxreader the track points.
LAP_HEADER_DISAGREES = {"test__rides__2009_01_09_11_13_14.tcx"}


def _oracle(path: Path) -> tuple[float, float, dt.datetime] | None:
    try:
        exercise = TCXReader().read(str(path))
        start = exercise.start_time
        if start is None:
            return None
        return exercise.distance / 1000, exercise.duration / 60, start
    except Exception:
        return None


def test_the_corpus_has_tcx_files() -> None:
    assert len(TCX_FILES) >= 30


@pytest.mark.parametrize("path", TCX_FILES, ids=lambda p: p.name)
def test_corpus_tcx_matches_tcxreader_or_gives_a_reason(path: Path) -> None:
    reason: str | None = None
    try:
        summaries = read_tcx(path.read_bytes(), path.name)
    except ImportFailed as error:
        reason = error.reason
    if reason is not None:
        assert reason
        assert "\n" not in reason
        return
    assert all(s.duration_min > 0 and s.start.tzinfo is not None for s in summaries)
    oracle = _oracle(path)
    if oracle is None or len(summaries) != 1:
        return
    [summary] = summaries
    km, elapsed_min, start = oracle
    assert summary.distance_km == pytest.approx(km, rel=0.01, abs=0.001)
    expected_start = start if start.tzinfo else start.replace(tzinfo=dt.UTC)
    # the lap StartTime may precede the first track point by a few seconds
    assert abs((summary.start - expected_start).total_seconds()) <= 10
    if path.name in LAP_HEADER_DISAGREES:
        return
    # Timer time equals elapsed time within 1 %, or is shorter because of pauses.
    within = summary.duration_min == pytest.approx(elapsed_min, rel=0.01)
    assert within or summary.duration_min < elapsed_min


def test_multisport_gives_one_summary_per_leg(corpus: Path) -> None:
    path = corpus / "goldencheetah" / "test__rides__activity_165850259_multi-session.tcx"
    legs = read_tcx(path.read_bytes(), path.name)
    assert [leg.sport for leg in legs] == ["run", "ride", "run", "ride"]
    assert legs[0].distance_km == pytest.approx(7.651, abs=0.001)
    assert legs[0].duration_min == pytest.approx(3601.84 / 60)
    assert legs[0].device == "Forerunner305 (Unit ID 3815748186)"
    assert len({leg.content_hash for leg in legs}) == 4


def test_run_header_values(corpus: Path) -> None:
    path = corpus / "goldencheetah" / "test__runs__10kUNLP2014-Garmin15.tcx"
    [run] = read_tcx(path.read_bytes(), path.name)
    assert run.sport == "run"
    assert run.device == "Forerunner 15"
    assert run.start == dt.datetime(2014, 10, 11, 18, 8, 45, tzinfo=dt.UTC)
    assert run.distance_km == pytest.approx(10.011, abs=0.001)


def test_a_course_is_not_an_activity() -> None:
    data = b"""<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Courses><Course><Name>Loop</Name></Course></Courses></TrainingCenterDatabase>"""
    with pytest.raises(NotAnActivity, match="course"):
        read_tcx(data, "loop.tcx")


def test_bad_lap_value_names_the_line() -> None:
    data = b"""<TrainingCenterDatabase><Activities><Activity Sport="Running">
<Id>2024-01-01T00:00:00Z</Id><Lap StartTime="2024-01-01T00:00:00Z">
<TotalTimeSeconds>ten</TotalTimeSeconds></Lap></Activity></Activities></TrainingCenterDatabase>"""
    with pytest.raises(ImportFailed, match="line 3"):
        read_tcx(data, "bad.tcx")
