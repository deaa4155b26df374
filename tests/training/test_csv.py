"""Simple CSV and Strava activities.csv readers."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.csv_simple import read_simple_csv
from heelraise.training.readers import build_registry
from heelraise.training.sports import normalise_sport
from heelraise.training.strava_csv import parse_strava_date, read_strava_csv, read_strava_rows

SIMPLE = b"""date,sport,distance_km,duration_min,elevation_gain_m
2026-10-20,run,8.2,44,60
2026-10-21,Walking,3,40,
2026-10-22T07:30:00+01:00,padel,0,90
"""

STRAVA_EN = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,"
    "Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,"
    "Average Speed,Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,"
    "Average Grade,Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,"
    "Max Heart Rate,Average Heart Rate,Max Watts,Some Future Column\n"
    '11,"May 6, 2024, 4:02:34\u202fAM","Morning Run, easy",Trail Run,,1900,5.01,170,40,false,,'
    "Pegasus 40,activities/11.fit.gz,,,1900,1800,5012.3,,,42,,,,,,,,,,170,151.5,,x\n"
    '12,"May 7, 2024, 6:00:00 PM",Gym,Weight Training,,3600,0,,,false,,,,,,,3600,,,,,,,,,,,,'
    ",,,,,\n"
    '13,"May 8, 2024, 7:00:00 AM",Pool,Swim,,2000,1500,,,false,,,,,,,,,,,,,,,,,,,,,,,,\n'
)

STRAVA_DE = (
    "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,"
    "Beschreibung der Aktivität,Verstrichene Zeit,Distanz,Max. Herzfrequenz,Relativer Aufwand,"
    "Pendeln,Private Notiz,Aktivitätsausrüstung,Dateiname\n"
    '21,"21.07.2026, 15:09:27",Abendlauf,Lauf,,"2400","8,25",,,false,,Cloudmonster,'
    "activities/21.gpx\n"
)

STRAVA_OLD = (
    "id,date,name,type,description,elapsed_time,distance,commute,gear,filename\n"
    "31,2015-06-02 18:15:03,Evening Ride,Ride,,3600,20000.5,false,Bike,activities/31.gpx\n"
)


def test_simple_csv_rows() -> None:
    rows = read_simple_csv(SIMPLE, "log.csv")
    assert [r.sport for r in rows] == ["run", "walk", "padel"]
    assert rows[0].distance_km == 8.2
    assert rows[0].elevation_gain_m == 60
    assert rows[0].date == dt.date(2026, 10, 20)
    assert rows[1].elevation_gain_m is None
    assert rows[2].start.utcoffset() == dt.timedelta(hours=1)
    assert rows[0].source == "log.csv:2"
    assert len({r.content_hash for r in rows}) == 3


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2026-13-01,run,5,30", "line 3"),
        ("2026-10-01,run,five,30", "line 3"),
        ("2026-10-01,run,5,-1", "line 3"),
        ("2026-10-01,,5,30", "line 3: sport is empty"),
        ("2026-10-01,run,5,30,1,2", "line 3: 6 fields"),
    ],
)
def test_one_bad_line_fails_the_file_naming_it(line: str, expected: str) -> None:
    data = f"date,sport,distance_km,duration_min\n2026-10-01,run,5,30\n{line}\n".encode()
    with pytest.raises(ImportFailed, match=expected) as caught:
        read_simple_csv(data, "log.csv")
    assert str(caught.value).startswith("log.csv: line 3")


def test_simple_csv_needs_its_header() -> None:
    with pytest.raises(ImportFailed, match="line 1: header"):
        read_simple_csv(b"when,what\n2026-10-01,run\n", "log.csv")


def test_unknown_csv_is_not_an_activity_through_the_registry() -> None:
    registry = build_registry(plugins=False)
    with pytest.raises(NotAnActivity, match="known header"):
        registry.read_bytes(b"secs,watts\n1,200\n", "ride.csv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May 6, 2024, 4:02:34 AM", dt.datetime(2024, 5, 6, 4, 2, 34, tzinfo=dt.UTC)),
        ("May 6, 2024, 4:02:34\u202fPM", dt.datetime(2024, 5, 6, 16, 2, 34, tzinfo=dt.UTC)),
        ("21.07.2026, 15:09:27", dt.datetime(2026, 7, 21, 15, 9, 27, tzinfo=dt.UTC)),
        ("2015-06-02 18:15:03", dt.datetime(2015, 6, 2, 18, 15, 3, tzinfo=dt.UTC)),
    ],
)
def test_strava_dates(text: str, expected: dt.datetime) -> None:
    assert parse_strava_date(text) == expected


def test_strava_english_by_position() -> None:
    run, gym, swim = read_strava_csv(STRAVA_EN.encode(), "activities.csv")
    assert run.sport == "run"
    assert run.sub_sport == "trail"
    assert run.surface == "trail"
    assert run.distance_km == pytest.approx(5.0123)  # the second Distance, in metres
    assert run.duration_min == pytest.approx(30.0)  # moving time
    assert run.elevation_gain_m == 42
    assert run.avg_hr == 151.5
    assert run.shoe == "Pegasus 40"
    assert run.name == "Morning Run, easy"
    assert gym.sport == "strength"
    assert gym.distance_km == 0
    assert gym.shoe is None
    assert swim.distance_km == pytest.approx(1.5)  # swims are shown in metres


def test_strava_german_with_decimal_commas() -> None:
    rows = read_strava_rows(STRAVA_DE.encode(), "activities.csv")
    [row] = rows
    assert row.summary.sport == "run"
    assert row.summary.distance_km == pytest.approx(8.25)
    assert row.summary.duration_min == pytest.approx(40)
    assert row.summary.shoe == "Cloudmonster"
    assert row.filename == "activities/21.gpx"


def test_strava_old_layout() -> None:
    [ride] = read_strava_csv(STRAVA_OLD.encode(), "activities.csv")
    assert ride.sport == "ride"
    assert ride.distance_km == pytest.approx(20.0005)
    assert ride.shoe is None  # gear is a shoe only on foot


def test_strava_bad_row_names_the_line() -> None:
    data = STRAVA_OLD + "32,yesterday,Ride,Ride,,3600,100,false,,\n"
    with pytest.raises(ImportFailed, match="line 3: unrecognised date"):
        read_strava_csv(data.encode(), "activities.csv")


def test_strava_csv_found_by_content_and_gzip() -> None:
    registry = build_registry(plugins=False)
    rows = registry.read_bytes(gzip.compress(STRAVA_EN.encode()), "export.csv.gz")
    assert len(rows) == 3


@pytest.mark.parametrize(
    ("word", "sport"),
    [
        ("Trail Run", "run"),
        ("Laufen", "run"),
        ("E-Bike Ride", "ride"),
        ("Weight Training", "strength"),
        ("Stand Up Paddling", "stand_up_paddling"),
        ("77", "other"),
        ("", "other"),
    ],
)
def test_sport_vocabulary_is_open(word: str, sport: str) -> None:
    assert normalise_sport(word).sport == sport
