"""Poisoned values (issue 12): one imported file must never break a person's journal.

The red team's files: GPX heart rates of -5, inf and 1e308, a TCX heart rate of
-5, TCX latitudes of 200 and inf, a FIT header whose data size is 0xFFFFFFFF
(a 55,044 km, 128,440 min "multisport"), and a 0.24 km ride with 2,585 m of
climb. After importing them, `status` and `plan`, the Today and training
pages, the clinician's view and later check-ins all work, and no stored
activity is implausible.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import orjson
import pytest
from sqlalchemy import create_engine, text

from heelraise.app.accounts import add_user
from heelraise.app.activities import activities_since
from heelraise.app.imports import import_paths
from heelraise.app.onboarding import init_from_case
from heelraise.training.plausibility import problems
from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings
from tests.cli.journal_steps import ok
from tests.factories import case_document
from tests.web.accounts import PASSWORD, sign_in
from tests.web.conftest import csrf_token

FIT_FR935 = Path("fitdecode") / "tests__files__garmin-fr935-cr.fit"
_GPX_POINT = (
    '<trkpt lat="{lat}" lon="-0.1"><time>2024-05-01T07:0{n}:00Z</time><extensions>'
    "<gpxtpx:TrackPointExtension><gpxtpx:hr>{hr}</gpxtpx:hr></gpxtpx:TrackPointExtension>"
    "</extensions></trkpt>"
)
_TCX_POINT = (
    "<Trackpoint><Time>2024-05-02T07:0{n}:00Z</Time><Position><LatitudeDegrees>{lat}"
    "</LatitudeDegrees><LongitudeDegrees>-0.1</LongitudeDegrees></Position>"
    "<HeartRateBpm><Value>{hr}</Value></HeartRateBpm></Trackpoint>"
)


def poisoned_gpx(hr: str) -> bytes:
    points = "".join(
        _GPX_POINT.format(lat=51.5 + n * 0.0009, n=n, hr=hr if n == 1 else 140) for n in range(4)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="red team" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def poisoned_tcx(*, hr: str = "140", lat: str = "51.5009") -> bytes:
    points = "".join(
        _TCX_POINT.format(n=n, lat=lat if n == 1 else 51.5 + n * 0.0009, hr=hr if n == 1 else 140)
        for n in range(4)
    )
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        '<Activity Sport="Running"><Id>2024-05-02T07:00:00Z</Id>'
        f'<Lap StartTime="2024-05-02T07:00:00Z"><TotalTimeSeconds>180</TotalTimeSeconds>'
        f"<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def poisoned_files(corpus: Path, folder: Path) -> dict[str, Path]:
    """The red team's files, written into `folder` (a distinct start for each)."""
    fit = bytearray((corpus / FIT_FR935).read_bytes())
    fit[4:8] = b"\xff\xff\xff\xff"  # the header's data size
    contents = {
        "hr-minus-5.gpx": poisoned_gpx("-5"),
        "hr-inf.gpx": poisoned_gpx("inf").replace(b"2024-05-01", b"2024-05-03"),
        "hr-1e308.gpx": poisoned_gpx("1e308").replace(b"2024-05-01", b"2024-05-04"),
        "hr-minus-5.tcx": poisoned_tcx(hr="-5"),
        "lat-200.tcx": poisoned_tcx(lat="200").replace(b"2024-05-02", b"2024-05-05"),
        "lat-inf.tcx": poisoned_tcx(lat="inf").replace(b"2024-05-02", b"2024-05-06"),
        "size-ffffffff.fit": bytes(fit),
        "steep-ride.csv": b"date,sport,distance_km,duration_min,elevation_gain_m\n"
        b"2024-05-07,ride,0.24,3,2585\n",
    }
    paths = {}
    for name, data in contents.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


@pytest.fixture(params=["sqlite", "postgresql"])
def clinic_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A clinic's database: anna, her clinician dr-a."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    else:
        url = request.getfixturevalue("empty_postgres_url")
    init_from_case(url, "anna", orjson.dumps(case_document()))
    add_user(url, "dr-a", "clinician", PASSWORD)
    add_user(url, "anna", "patient", PASSWORD, person="anna", clinician="dr-a")
    return url


def test_poisoned_files_leave_the_journal_working(
    corpus: Path, tmp_path: Path, clinic_url: str
) -> None:
    files = poisoned_files(corpus, tmp_path)
    report = import_paths(list(files.values()), clinic_url, "anna")
    skipped = {Path(item.source).name: item.reason for item in report.skipped}
    assert skipped == {
        "size-ffffffff.fit": "implausible duration 2,140.66 h: more than 168 h; not stored"
    }
    assert report.imported == 7
    [left] = report.left_out
    assert left.field == "elevation_gain_m"
    assert "2,585 m of climb over 0.24 km is more than 440 m" in left.reason
    stored = activities_since(clinic_url, "anna")
    assert len(stored) == 7
    assert all(problems(item) == [] for item in stored)
    by_name = {Path(item.source.split(":")[0]).name: item for item in stored}
    assert by_name["hr-minus-5.gpx"].avg_hr == 140  # the bad sample counts for nothing
    assert by_name["hr-1e308.gpx"].avg_hr == 140
    assert by_name["hr-minus-5.tcx"].avg_hr == 140
    assert by_name["lat-200.tcx"].distance_km == pytest.approx(0.3, abs=0.01)  # not 17,124 km
    assert by_name["lat-inf.tcx"].distance_km == pytest.approx(0.3, abs=0.01)
    assert by_name["steep-ride.csv"].elevation_gain_m is None

    where = ("--db", clinic_url, "--person", "anna")
    status = orjson.loads(ok("status", "--json", *where))
    assert status["format"] == "heelraise.assessment/1"
    ok("status", *where)
    ok("plan", *where)

    app = create_app(WebSettings(database_url=clinic_url, accounts=True))
    anna = sign_in(app, "anna")
    for page in ("/people/anna/today", "/training", "/people/anna/training"):
        assert anna.get(page).status_code == 200, page
    token = csrf_token(anna, "/training")
    upload = anna.post(
        "/api/people/anna/import",
        files={"files": ("again.gpx", poisoned_gpx("inf"), "application/gpx+xml")},
        headers={"x-csrf-token": token},
    )
    assert upload.status_code == 200
    checkin = anna.post(
        "/api/people/anna/checkins?replace=true",
        content=b'{"morning_stiffness_0_10": 2, "pain_walking_0_10": 1}',
        headers={"content-type": "application/json", "x-csrf-token": token},
    )
    assert checkin.status_code == 201
    clinician = sign_in(app, "dr-a")
    for page in ("/clinic", "/people/anna/today", "/people/anna/training", "/people/anna/timeline"):
        assert clinician.get(page).status_code == 200, page


@pytest.mark.usefixtures("activity_store")
def test_each_poisoned_value_is_named_in_the_report(corpus: Path, tmp_path: Path) -> None:
    files = poisoned_files(corpus, tmp_path)
    report = import_paths([files["steep-ride.csv"], files["size-ffffffff.fit"]])
    assert [Path(item.source).name for item in report.failed] == ["size-ffffffff.fit"]
    assert report.left_out[0].source.endswith("steep-ride.csv:2")


def test_reading_the_journal_never_fails_on_a_stored_row(
    clinic_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Rows that slipped in before the checks (written here straight to the table) are
    repaired or skipped on reading, with a warning; status, plan and the pages work."""
    import_paths([], clinic_url, "anna")
    engine = create_engine(clinic_url)
    base = {
        "start": dt.datetime(2024, 5, 1, 7),
        "date": dt.date(2024, 5, 1),
        "dur": 55.0,
        "source": "old.gpx",
    }
    with engine.begin() as connection:
        for number, (sport, km, hr) in enumerate(
            [("run", 10.0, -5.0), ("multisport", 55_044.0, 140.0), ("run", 8.0, 150.0)]
        ):
            connection.execute(
                text(
                    "INSERT INTO activities (person_id, start_utc, utc_offset_min, date, sport,"
                    " distance_km, duration_min, kind_inferred, avg_hr, source, content_hash)"
                    " SELECT id, :start, 0, :date, :sport, :km, :dur, false, :hr, :source, :hash"
                    " FROM people WHERE name = 'anna'"
                ),
                {**base, "sport": sport, "km": km, "hr": hr, "hash": str(number) * 64},
            )
    engine.dispose()
    with caplog.at_level(logging.WARNING, logger="heelraise.store.activities"):
        stored = activities_since(clinic_url, "anna")
    assert [(item.distance_km, item.avg_hr) for item in stored] == [(10.0, None), (8.0, 150.0)]
    assert any(
        "implausible duration" in message or "55,044" in message for message in caplog.messages
    )
    where = ("--db", clinic_url, "--person", "anna")
    ok("status", *where)
    ok("plan", *where)
    anna = sign_in(create_app(WebSettings(database_url=clinic_url, accounts=True)), "anna")
    for page in ("/people/anna/today", "/training"):
        assert anna.get(page).status_code == 200, page
