"""read_fit on small FIT files built in the test: endianness, invalid values, offsets, kinds."""

from __future__ import annotations

import datetime as dt

import pytest

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.fit import read_fit
from tests.training.fit_builder import (
    UINT8,
    UINT32,
    Message,
    activity,
    encode_records,
    file_id,
    fit_file,
    fit_time,
    lap,
    record,
    session,
)

START_UNIX = 1_700_000_000  # 2023-11-14 22:13:20 UTC
START = fit_time(START_UNIX)
START_UTC = dt.datetime.fromtimestamp(START_UNIX, dt.UTC)


def build(*messages: Message, big_endian: bool = False) -> bytes:
    return fit_file(encode_records(list(messages), big_endian=big_endian))


@pytest.mark.parametrize("big_endian", [False, True])
def test_a_run_reads_in_either_byte_order(big_endian: bool) -> None:
    data = build(
        file_id(), session(START), activity(START + 1900, START + 1900), big_endian=big_endian
    )
    summary = read_fit(data, "run.fit")
    assert summary.sport == "run"
    assert summary.start == START_UTC
    assert summary.distance_km == pytest.approx(5.0)
    assert summary.duration_min == pytest.approx(30.0)  # the timer, not the elapsed time
    assert summary.elevation_gain_m == 30
    assert summary.avg_hr == 140
    assert summary.device == "garmin fr935"


def test_invalid_values_are_missing_not_numbers() -> None:
    data = build(file_id(), session(START, avg_hr=0xFF, ascent_m=0xFFFF))
    summary = read_fit(data, "run.fit")
    assert summary.avg_hr is None
    assert summary.elevation_gain_m is None


def test_elapsed_time_stands_in_for_a_missing_timer() -> None:
    data = build(file_id(), session(START, timer_ms=0xFFFFFFFF, elapsed_ms=600_000))
    assert read_fit(data, "run.fit").duration_min == pytest.approx(10.0)


def test_the_local_offset_is_rounded_to_the_quarter_hour() -> None:
    local = START + 1900 + 2 * 3600 + 7  # a local clock 7 s adrift of UTC+02:00
    summary = read_fit(build(file_id(), session(START), activity(START + 1900, local)), "run")
    assert summary.start.utcoffset() == dt.timedelta(hours=2)
    assert summary.start == START_UTC
    assert summary.date == (START_UTC + dt.timedelta(hours=2)).date()


def test_multisport_sums_the_legs() -> None:
    data = build(
        file_id(),
        session(START, sport=5, timer_ms=1_200_000, distance_cm=150_000, avg_hr=120),
        session(START + 1300, sport=3, timer_ms=120_000, distance_cm=20_000, avg_hr=130),
        session(START + 1500, sport=2, timer_ms=3_600_000, distance_cm=4_000_000, avg_hr=140),
    )
    summary = read_fit(data, "triathlon.fit")
    assert summary.sport == "multisport"
    assert summary.distance_km == pytest.approx(41.7)
    assert summary.duration_min == pytest.approx(82.0)
    assert summary.start == START_UTC
    assert summary.kind is None


@pytest.mark.parametrize(
    ("sport", "sub_sport", "ours", "sub", "surface"),
    [
        (1, 3, "run", "trail", "trail"),
        (1, 1, "run", "treadmill", "treadmill"),
        (1, 4, "run", "track", "track"),
        (2, 6, "ride", "indoor_cycling", None),
        (11, 0, "walk", None, None),
        (17, 0, "hike", None, None),
        (7, 0, "football", None, None),
        (8, 0, "tennis", None, None),
        (10, 20, "strength", "strength_training", None),
        (15, 0, "rowing", None, None),
    ],
)
def test_sports_map_to_our_words(
    sport: int, sub_sport: int, ours: str, sub: str | None, surface: str | None
) -> None:
    summary = read_fit(build(file_id(), session(START, sport=sport, sub_sport=sub_sport)), "x")
    assert (summary.sport, summary.sub_sport, summary.surface) == (ours, sub, surface)


def test_a_settings_file_is_not_an_activity() -> None:
    with pytest.raises(NotAnActivity, match="not an activity: settings file"):
        read_fit(build(file_id(file_type=2), session(START)), "settings.fit")


def test_skipped_messages_with_developer_fields_and_compressed_headers() -> None:
    with_developer_data = Message(20, {253: (UINT32, START), 3: (UINT8, 120)}, [4, 2], local=1)
    compressed = bytes([0x80 | (1 << 5) | 5]) + bytes([0] * 4) + bytes([121]) + b"\xab" * 6
    records = (
        encode_records([file_id(), with_developer_data])
        + compressed
        + encode_records([session(START), activity(START + 1900, START + 1900)])
    )
    summary = read_fit(fit_file(records), "developer.fit")
    assert summary.distance_km == pytest.approx(5.0)


def test_without_a_session_the_records_give_the_totals() -> None:
    records = [record(START + 10 * i, 2_500 * i, local=1) for i in range(121)]
    summary = read_fit(build(file_id(), *records), "no-session.fit")
    assert summary.distance_km == pytest.approx(3.0)
    assert summary.duration_min == pytest.approx(20.0)
    assert summary.start == START_UTC
    assert summary.avg_hr == 130


def test_a_session_without_time_and_no_records_fails() -> None:
    data = build(file_id(), session(START, timer_ms=0, elapsed_ms=0))
    with pytest.raises(ImportFailed, match="no session and no records"):
        read_fit(data, "empty-session.fit")


def test_a_truncated_file_names_the_byte() -> None:
    data = build(file_id(), session(START))[:40]
    with pytest.raises(ImportFailed) as raised:
        read_fit(data, "cut.fit")
    assert "truncated at byte" in raised.value.reason


def _laps(paces_s_per_km: list[int]) -> list[Message]:
    return [lap(START, timer_ms=pace * 1000, distance_cm=100_000) for pace in paces_s_per_km]


def test_alternating_lap_paces_are_intervals() -> None:
    laps = _laps([360, 240, 400, 240, 400, 245, 400, 360])
    summary = read_fit(build(file_id(), *laps, session(START, ascent_m=10)), "reps.fit")
    assert (summary.kind, summary.kind_inferred) == ("intervals", True)


def test_steady_laps_are_not_intervals() -> None:
    laps = _laps([330, 320, 325, 318, 322, 315])
    summary = read_fit(build(file_id(), *laps, session(START, ascent_m=10)), "steady.fit")
    assert (summary.kind, summary.kind_inferred) == (None, False)


def test_a_climbing_run_is_hills() -> None:
    summary = read_fit(build(file_id(), session(START, ascent_m=200)), "hilly.fit")
    assert (summary.kind, summary.kind_inferred) == ("hills", True)


def test_a_climbing_ride_gets_no_inferred_kind() -> None:
    summary = read_fit(build(file_id(), session(START, sport=2, ascent_m=200)), "ride.fit")
    assert summary.kind is None
