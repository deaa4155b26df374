"""The record stage: sessions rebuilt from records and timer events without fitdecode.

Built files check compressed timestamps, timer events, truncation and the
hand-over to fitdecode; the corpus checks that the stage and fitdecode's full
decode agree on every file the fast scan cannot summarise alone.
"""

from __future__ import annotations

import math
import struct
import warnings
from pathlib import Path

import fitdecode
import pytest

from heelraise.errors import ImportFailed
from heelraise.knowledge.importing import import_rules
from heelraise.training.elevation import track_gain
from heelraise.training.fit import fallback, read_fit, reader
from heelraise.training.fit.facts import FitActivity, activity_from_messages
from heelraise.training.fit.fallback import decode_in_full
from heelraise.training.fit.reader import complete_with_records
from heelraise.training.fit.records import read_records
from heelraise.training.fit.scan import scan_fit
from heelraise.training.fit.track import RecordTrack
from tests.training.fit_builder import (
    ENUM,
    UINT8,
    UINT16,
    UINT32,
    Message,
    encode_records,
    file_id,
    fit_file,
    fit_time,
    record,
    session,
)
from tests.training.test_fit import FIT_FILES, fit_bytes, needs_corpus

START = fit_time(1_700_000_000)
TOLERANCE = 0.01


def build(*messages: Message) -> bytes:
    return fit_file(encode_records(list(messages)))


def timer_event(time: int, event_type: int) -> Message:
    """A timer event: event_type 0 start, 1 stop, 4 stop_all."""
    return Message(21, {253: (UINT32, time), 0: (ENUM, 0), 1: (ENUM, event_type)}, local=2)


def compressed_records(times: list[int], distances_cm: list[int], local: int = 3) -> bytes:
    """A record definition without a timestamp field, then compressed-header records."""
    definition = struct.pack("<BBBHB", 0x40 | local, 0, 0, 20, 2) + bytes([5, 4, 0x86, 3, 1, 2])
    data = b"".join(
        bytes([0x80 | (local << 5) | (time & 0x1F)]) + struct.pack("<IB", distance, 140)
        for time, distance in zip(times, distances_cm, strict=True)
    )
    return definition + data


def no_fitdecode(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> FitActivity:
        raise AssertionError("fitdecode was called")

    monkeypatch.setattr(reader, "decode_in_full", refuse)


def test_records_and_timer_events_make_a_session_without_fitdecode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_fitdecode(monkeypatch)
    records = [record(START + 10 * i, 2_500 * i) for i in range(121)]  # 20 min, 3 km
    events = [
        timer_event(START, 0),
        timer_event(START + 300, 1),  # 5 min, then a 2 min pause
        timer_event(START + 420, 0),
        timer_event(START + 1200, 4),  # stop_all: 13 min more
    ]
    summary = read_fit(build(file_id(), *events[:2], *records, *events[2:]), "timer.fit")
    assert summary.duration_min == pytest.approx(18.0)
    assert summary.distance_km == pytest.approx(3.0)
    assert summary.avg_hr == 130


def test_compressed_timestamps_count_from_the_last_full_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_fitdecode(monkeypatch)
    first = START - START % 32 + 30  # two seconds before the 5-bit offset rolls over
    times = [first + 1, first + 2, first + 3, first + 20, first + 40, first + 70]
    distances = [100 * i for i in range(1, len(times) + 1)]
    records = (
        encode_records([file_id(), record(first, 0)])
        + compressed_records(times, distances)
        + encode_records([record(first + 90, 1_000)])  # a full timestamp again
        + compressed_records([first + 95], [1_100])
    )
    track = read_records(fit_file(records))
    assert track is not None
    assert (track.first_time, track.last_time) == (first, first + 95)
    assert track.count == 9
    summary = read_fit(fit_file(records), "compressed.fit")
    assert summary.duration_min == pytest.approx(95 / 60)
    assert summary.distance_km == pytest.approx(0.011)


def test_the_record_stage_agrees_with_fitdecode_on_built_files() -> None:
    first = START - START % 32 + 5
    records = (
        encode_records([file_id(), timer_event(first, 0), record(first, 0)])
        + compressed_records([first + 7, first + 33, first + 64], [700, 3_300, 6_400])
        + encode_records([timer_event(first + 64, 1)])
    )
    data = fit_file(records)
    ours = complete_with_records(data, activity_from_messages(scan_fit(data, "built")))
    assert ours is not None
    assert ours.usable_sessions == decode_in_full(data).usable_sessions


def test_a_truncated_file_without_session_keeps_the_records_before_the_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_fitdecode(monkeypatch)
    records = [record(START + 10 * i, 2_500 * i) for i in range(121)]
    data = build(file_id(), *records)
    cut = len(data) - 100  # loses the last four records (25 bytes each with its definition)
    summary = read_fit(data[:cut], "cut.fit")
    assert 15 < summary.duration_min < 20
    assert 2.0 < summary.distance_km < 3.0


def test_a_session_without_distance_takes_the_last_record_distance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_fitdecode(monkeypatch)
    no_distance = session(START, distance_cm=0xFFFFFFFF, ascent_m=0xFFFF)
    records = [record(START + 10 * i, 2_500 * i) for i in range(121)]
    summary = read_fit(build(file_id(), *records, no_distance), "indoor.fit")
    assert summary.distance_km == pytest.approx(3.0)
    assert summary.duration_min == pytest.approx(30.0)  # the session's own timer


def test_record_altitudes_give_the_climb_when_the_session_has_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_fitdecode(monkeypatch)
    # Under 3 m hysteresis: +4 +6 (the 1 m dip is noise) +10, a new valley at 115, +15.
    altitudes = [100, 101, 100, 104, 110, 109, 120, 115, 130]
    records = [climbing_record(i, altitude) for i, altitude in enumerate(altitudes)]
    data = build(file_id(), *records)
    summary = read_fit(data, "hill.fit")
    assert summary.elevation_gain_m == pytest.approx(35.0)
    assert decode_in_full(data).usable_sessions[0].ascent_m == pytest.approx(35.0)


def climbing_record(i: int, altitude: float) -> Message:
    """A record every minute, 500 m apart, at this altitude."""
    stored = round((altitude + 500) * 5)  # record.altitude: scale 5, offset 500
    fields = {253: (UINT32, START + 60 * i), 5: (UINT32, 50_000 * i), 2: (UINT16, stored)}
    return Message(20, fields, local=1)


def test_a_session_without_ascent_takes_the_climb_from_record_altitudes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_fitdecode(monkeypatch)
    records = [climbing_record(i, altitude) for i, altitude in enumerate([10, 50, 20, 60])]
    no_ascent = session(START, ascent_m=0xFFFF)  # 5 km, 30 min, no total ascent
    summary = read_fit(build(file_id(), *records, no_ascent), "climb.fit")
    assert summary.elevation_gain_m == pytest.approx(80.0)
    assert summary.distance_km == pytest.approx(5.0)  # the session's, not the records'
    assert summary.duration_min == pytest.approx(30.0)


def test_a_session_with_ascent_or_records_without_altitude_skip_the_record_stage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(data: bytes) -> RecordTrack | None:
        raise AssertionError("the record stage ran")

    monkeypatch.setattr(reader, "read_records", refuse)
    climbs = [climbing_record(i, altitude) for i, altitude in enumerate([10, 50])]
    with_ascent = read_fit(build(file_id(), *climbs, session(START)), "a.fit")
    assert with_ascent.elevation_gain_m == 30  # the session's own total ascent
    flat = [record(START + 10 * i, 2_500 * i) for i in range(3)]
    no_altitude = read_fit(build(file_id(), *flat, session(START, ascent_m=0xFFFF)), "b.fit")
    assert no_altitude.elevation_gain_m is None


def test_compressed_speed_distance_goes_to_fitdecode() -> None:
    packed = Message(20, {253: (UINT32, START), 8: (UINT8, 0)}, local=1)
    data = build(file_id(), packed)
    assert read_records(data) is None


def test_a_file_with_neither_session_nor_records_fails_with_a_reason() -> None:
    with pytest.raises(ImportFailed, match="no session and no records"):
        read_fit(build(file_id()), "bare.fit")


def _needs_records(path: Path) -> bool:
    try:
        return activity_from_messages(scan_fit(fit_bytes(path), path.name)).needs_records
    except ImportFailed:
        return False


NO_SESSION_FILES = [path for path in FIT_FILES if _needs_records(path)]


def _close(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is theirs
    return math.isclose(ours, theirs, rel_tol=TOLERANCE, abs_tol=1e-6)


@needs_corpus
def test_the_corpus_has_files_for_the_record_stage() -> None:
    assert len(NO_SESSION_FILES) >= 5


@needs_corpus
@pytest.mark.parametrize("path", NO_SESSION_FILES, ids=lambda path: path.name)
def test_record_stage_and_fitdecode_agree_on_files_without_a_usable_session(
    path: Path,
) -> None:
    fit = fit_bytes(path)
    ours = complete_with_records(fit, activity_from_messages(scan_fit(fit, path.name)))
    theirs = decode_in_full(fit).usable_sessions
    if ours is None:  # the stage declined: fitdecode decides, and it must find nothing usable
        assert not theirs or read_records(fit) is None
        return
    assert len(ours.usable_sessions) == len(theirs)
    for mine, its in zip(ours.usable_sessions, theirs, strict=True):
        assert _close(mine.distance_m, its.distance_m)
        assert _close(mine.duration_s, its.duration_s)
        assert _close(mine.ascent_m, its.ascent_m)
        assert _close(mine.avg_hr, its.avg_hr)
        assert mine.start == its.start


def _fitdecode_track(fit: bytes) -> RecordTrack:
    """What fitdecode's full decode folds into a track (records and timer events)."""
    track = RecordTrack()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = fitdecode.FitReader(
                fit,
                check_crc=fitdecode.CrcCheck.DISABLED,
                error_handling=fitdecode.ErrorHandling.IGNORE,
            )
            with reader:
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                        fallback._add_record(track, frame)
                    elif isinstance(frame, fitdecode.FitDataMessage) and frame.name == "event":
                        fallback._add_event(track, frame)
        except Exception:  # damaged corpus files end fitdecode's pass early, as they should
            pass
    return track


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("path", FIT_FILES, ids=lambda path: path.name)
def test_record_stage_reads_every_corpus_file_like_fitdecode(path: Path) -> None:
    """Not only the files that need it: every encoder's records, events and compressed times."""
    fit = fit_bytes(path)
    ours = read_records(fit)
    if ours is None:
        return  # declined (compressed speed/distance, odd field types): fitdecode decides
    theirs = _fitdecode_track(fit)
    assert (ours.count, ours.first_time, ours.last_time) == (
        theirs.count,
        theirs.first_time,
        theirs.last_time,
    )
    assert (ours.saw_timer_events, ours.timer_started_at) == (
        theirs.saw_timer_events,
        theirs.timer_started_at,
    )
    assert _close(ours.distance_m, theirs.distance_m)
    assert _close(ours.timer_s, theirs.timer_s)
    assert ours.heart_rate_count == theirs.heart_rate_count
    assert _close(ours.heart_rate_sum, theirs.heart_rate_sum)
    assert len(ours.altitudes) == len(theirs.altitudes)
    for (altitude, time, distance), (their_altitude, their_time, their_distance) in zip(
        ours.altitudes, theirs.altitudes, strict=True
    ):
        assert altitude == pytest.approx(their_altitude)
        assert time == their_time
        assert _close(distance, their_distance)


@needs_corpus
def test_the_record_stage_declines_few_corpus_files() -> None:
    declined = [path.name for path in FIT_FILES if read_records(fit_bytes(path)) is None]
    assert len(declined) <= 0.1 * len(FIT_FILES), declined


def _lacks_ascent(path: Path) -> bool:
    try:
        return activity_from_messages(scan_fit(fit_bytes(path), path.name)).lacks_ascent
    except ImportFailed:
        return False


CLIMB_FILES = [path for path in FIT_FILES if _lacks_ascent(path)]


@needs_corpus
@pytest.mark.parametrize("path", CLIMB_FILES, ids=lambda path: path.name)
def test_a_missing_total_ascent_is_the_shared_rule_over_fitdecodes_altitudes(path: Path) -> None:
    summary = read_fit(path.read_bytes(), path.name)
    fit = fit_bytes(path)
    if read_records(fit) is None:  # declined: no climb rather than a fitdecode pass
        assert summary.elevation_gain_m is None
        return
    samples = _fitdecode_track(fit).altitudes  # empty when every altitude is invalid
    expected = track_gain(samples, import_rules().elevation)  # None when none is plausible
    if expected is None:
        assert summary.elevation_gain_m is None
        return
    assert summary.elevation_gain_m == pytest.approx(expected)
