"""read_fit against real FIT files (checked with fitdecode) and against damage.

The corpus lives outside the repository (`../shared/corpus`): real files from
other projects' test folders, read in place and never copied here.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import fitdecode
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.fit import read_fit

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
FIT_FILES = sorted(
    path
    for path in CORPUS.glob("*/*")
    if path.name.lower().endswith((".fit", ".fit.gz")) and path.is_file()
)
NON_ACTIVITY_NAMES = (
    "Settings.fit",
    "Settings2.fit",
    "MonitoringFile.fit",
    "WorkoutIndividualSteps.fit",
    "WorkoutCustomTargetValues.fit",
    "WorkoutRepeatSteps.fit",
    "WorkoutRepeatGreaterThanStep.fit",
    "WeightScaleMultiUser.fit",
    "WeightScaleSingleUser.fit",
)
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
TOLERANCE = 0.01

needs_corpus = pytest.mark.skipif(not FIT_FILES, reason=f"no FIT corpus at {CORPUS}")


def corpus_file(name: str) -> Path:
    """The one corpus file with this original name (the part after the last '__')."""
    matches = [path for path in FIT_FILES if path.name.split("__")[-1] == name]
    assert len(matches) == 1, name
    return matches[0]


def fit_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data.startswith(b"\x1f\x8b") else data


@dataclass
class Expected:
    """What fitdecode says: session totals, or record-derived ones when no session is usable."""

    distance_m: float
    duration_s: float
    start: dt.datetime | None
    from_records: bool
    elapsed_s: float | None = None


def _value(message, name):
    return message.get_value(name, fallback=None)


def _as_datetime(value) -> dt.datetime | None:
    return value if isinstance(value, dt.datetime) else None


def fitdecode_expectation(data: bytes) -> Expected | None:
    """The oracle: fitdecode's own session values (records when there is no usable session)."""
    sessions, records = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = fitdecode.FitReader(
                data,
                check_crc=fitdecode.CrcCheck.DISABLED,
                error_handling=fitdecode.ErrorHandling.IGNORE,
            )
            with reader:
                for frame in reader:
                    if not isinstance(frame, fitdecode.FitDataMessage):
                        continue
                    if frame.name == "session":
                        sessions.append(
                            (
                                _value(frame, "start_time"),
                                _value(frame, "sport"),
                                _value(frame, "total_distance"),
                                _value(frame, "total_timer_time"),
                                _value(frame, "total_elapsed_time"),
                            )
                        )
                    elif frame.name == "record":
                        records.append((_value(frame, "timestamp"), _value(frame, "distance")))
        except fitdecode.FitError:
            pass
    usable = []
    for session in dict.fromkeys(sessions):  # chained copies of one file count once
        timer, elapsed = session[3], session[4]
        duration = timer if timer else elapsed
        if duration and duration > 0 and (session[2] is None or session[2] >= 0):
            usable.append((session[0], session[2], duration))
    distances = [distance for _, distance in records if distance is not None]
    times = [time for time, _ in records if isinstance(time, dt.datetime)]
    if usable:
        distance = sum(d or 0.0 for _, d, _ in usable)
        if all(d is None for _, d, _ in usable) and distances:
            distance = distances[-1]
        starts = [_as_datetime(start) for start, _, _ in usable]
        known = [start for start in starts if start is not None]
        return Expected(
            distance, sum(t for _, _, t in usable), min(known) if known else None, False
        )
    if not times:
        return None
    elapsed = (times[-1] - times[0]).total_seconds()
    return Expected(distances[-1] if distances else 0.0, elapsed, times[0], True, elapsed)


def close(actual: float, expected: float) -> bool:
    return math.isclose(actual, expected, rel_tol=TOLERANCE, abs_tol=1e-6)


def assert_one_line_reason(error: ImportFailed) -> None:
    assert error.reason, "an empty reason"
    assert "\n" not in error.reason
    assert "\n" not in str(error)


@needs_corpus
@pytest.mark.parametrize("path", FIT_FILES, ids=lambda path: path.name)
def test_corpus_file_reads_like_fitdecode_or_fails_cleanly(path: Path) -> None:
    data = path.read_bytes()
    try:
        summary = read_fit(data, path.name)
    except ImportFailed as error:
        assert_one_line_reason(error)
        assert error.source == path.name  # noqa: PT017 - either outcome is allowed here
        return
    expected = fitdecode_expectation(fit_bytes(path))
    assert expected is not None, "read_fit found an activity fitdecode cannot see"
    assert close(summary.distance_km * 1000, expected.distance_m)
    if expected.from_records:
        assert expected.elapsed_s is not None
        assert 0 < summary.duration_min * 60 <= expected.elapsed_s * (1 + TOLERANCE)
    else:
        assert close(summary.duration_min * 60, expected.duration_s)
    if expected.start is not None:
        assert abs((summary.start - expected.start).total_seconds()) <= 1
    assert summary.start.tzinfo is not None
    assert summary.content_hash == hashlib.sha256(data).hexdigest()
    assert summary.source == path.name
    assert summary.sport == summary.sport.lower()


@needs_corpus
def test_most_activity_files_read() -> None:
    read, failed = [], []
    for path in FIT_FILES:
        if path.name.split("__")[-1] in NON_ACTIVITY_NAMES:
            continue
        try:
            read_fit(path.read_bytes(), path.name)
            read.append(path.name)
        except ImportFailed as error:
            failed.append(str(error))
    assert len(read) >= 70
    assert len(read) >= 0.9 * (len(read) + len(failed)), failed


@needs_corpus
@pytest.mark.parametrize("name", NON_ACTIVITY_NAMES)
def test_non_activity_files_are_not_activities(name: str) -> None:
    path = corpus_file(name)
    with pytest.raises(NotAnActivity) as raised:
        read_fit(path.read_bytes(), name)
    assert_one_line_reason(raised.value)
    assert "not an activity" in raised.value.reason


@needs_corpus
@pytest.mark.parametrize(
    ("name", "device", "sport"),
    [
        ("garmin-fr935-cr.fit", "garmin fr935", "swim"),
        ("2019-02-17-062644-ELEMNT-297E-195-0.fit", "wahoo fitness 28", "ride"),
        ("coros-pace-2-cycling-misaligned-fields.fit", "coros COROS PACE 2", "ride"),
        ("activity-small-fenix2-run.fit", "garmin fenix2", "run"),
        ("activity-large-fenxi2-multisport.fit", "garmin fenix2", "multisport"),
        ("14582164182.fit.gz", "garmin edge 1030 plus", "ride"),
    ],
)
def test_other_encoders_give_device_and_sport(name: str, device: str, sport: str) -> None:
    summary = read_fit(corpus_file(name).read_bytes(), name)
    assert summary.device == device
    assert summary.sport == sport


@needs_corpus
def test_local_offset_comes_from_the_activity_message() -> None:
    summary = read_fit(corpus_file("garmin-fr935-cr.fit").read_bytes(), "fr935")
    assert summary.start.utcoffset() == dt.timedelta(hours=1)
    assert summary.start == dt.datetime(2018, 3, 24, 11, 2, 35, tzinfo=dt.UTC)


@needs_corpus
def test_a_nonsense_local_clock_leaves_the_start_in_utc() -> None:
    # Zwift writes local_timestamp 1989-12-31 00:29: no offset can be taken from it.
    summary = read_fit(corpus_file("14582164182.fit.gz").read_bytes(), "zwift")
    assert summary.start.utcoffset() == dt.timedelta(0)


@needs_corpus
def test_gzip_and_plain_give_the_same_summary_but_their_own_hash() -> None:
    plain = corpus_file("garmin-fenix-5-run.fit").read_bytes()
    zipped = gzip.compress(plain)
    a, b = read_fit(plain, "run.fit"), read_fit(zipped, "run.fit.gz")
    assert (a.start, a.distance_km, a.duration_min) == (b.start, b.distance_km, b.duration_min)
    assert a.content_hash != b.content_hash
    assert a.content_hash == read_fit(plain, "again").content_hash


@needs_corpus
def test_a_truncated_file_with_a_session_is_salvaged() -> None:
    summary = read_fit(corpus_file("activity-unexpected-eof.fit").read_bytes(), "eof")
    assert summary.sport == "run"
    assert summary.duration_min > 0


@needs_corpus
def test_a_file_without_session_is_summarised_from_records() -> None:
    summary = read_fit(corpus_file("WithGearChangeData.fit").read_bytes(), "gear")
    assert summary.distance_km > 10
    assert summary.duration_min > 10


TRUNCATION_SAMPLES = (
    "Activity.fit",
    "garmin-fenix-5-run.fit",
    "2015-10-13-08-43-15.fit",
    "elemnt-bolt-no-application-id-inside-developer-data-id.fit",
    "compressed-speed-distance.fit",
    "Settings.fit",
    "2016-05-23_18-14-30_4_25.fit",
    "14582164182.fit.gz",
)


@needs_corpus
@pytest.mark.parametrize("name", TRUNCATION_SAMPLES)
def test_truncated_copies_raise_only_import_failed(name: str) -> None:
    data = corpus_file(name).read_bytes()
    cuts = {0, 1, 2, 11, 12, 13, 14, 20, 40, 100, len(data) // 3, len(data) // 2}
    cuts |= {len(data) - 3, len(data) - 2, len(data) - 1}
    for cut in sorted(c for c in cuts if 0 <= c < len(data)):
        try:
            read_fit(data[:cut], f"{name}[:{cut}]")
        except ImportFailed as error:
            assert_one_line_reason(error)


def test_an_empty_file_fails_with_a_reason() -> None:
    with pytest.raises(ImportFailed, match="empty file"):
        read_fit(b"", "empty.fit")


def test_an_empty_gzip_fails_with_a_reason() -> None:
    with pytest.raises(ImportFailed, match="empty file"):
        read_fit(gzip.compress(b""), "empty.fit.gz")


def test_text_is_not_a_fit_file() -> None:
    with pytest.raises(ImportFailed, match=r"not a FIT file \(bad header\)"):
        read_fit(b"<?xml version='1.0'?><gpx></gpx>", "route.gpx")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_import_failed(data: bytes) -> None:
    try:
        read_fit(data, "random.fit")
    except ImportFailed as error:
        assert_one_line_reason(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.integers(min_value=0, max_value=2000))
def test_random_records_behind_a_fit_header_raise_only_import_failed(
    records: bytes, declared: int
) -> None:
    header = bytes([14, 0x20, 0x34, 0x08]) + declared.to_bytes(4, "little") + b".FIT\0\0"
    try:
        read_fit(header + records, "random.fit")
    except ImportFailed as error:
        assert_one_line_reason(error)


@needs_corpus
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 770), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_real_bytes_raise_only_import_failed(damage: list[tuple[int, int]]) -> None:
    data = bytearray(corpus_file("Activity.fit").read_bytes())
    for position, value in damage:
        data[position % len(data)] = value
    try:
        read_fit(bytes(data), "damaged.fit")
    except ImportFailed as error:
        assert_one_line_reason(error)
