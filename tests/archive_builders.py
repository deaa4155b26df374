"""Build Garmin- and Strava-style export zips from corpus files (in tmp_path only)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import zipfile
from pathlib import Path

from heelraise.errors import ImportFailed
from heelraise.training.activity import ActivitySummary

GARMIN_PART = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
GARMIN_OLD_PART = "DI_CONNECT/DI-Connect-Fitness-Uploaded-Files/UploadedFiles_0-_Part1.zip"
RUN_10K_FIT = "goldencheetah/test__runs__10kUNLP2014-Garmin15.fit"
RUN_10K_TCX = "goldencheetah/test__runs__10kUNLP2014-Garmin15.tcx"
FENIX_RUN = "python-fitparse/tests__files__garmin-fenix-5-run.fit"
FENIX_WALK = "python-fitparse/tests__files__garmin-fenix-5-walk.fit"
SETTINGS = "python-fitparse/tests__files__Settings.fit"
MONITORING = "python-fitparse/tests__files__MonitoringFile.fit"
VISNJAN_GPX = "gpxpy/test_files__around-visnjan-with-car.gpx"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A deflated zip holding `members`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def garmin_export(corpus: Path, target: Path, part: str = GARMIN_PART) -> Path:
    """A Garmin Connect export: two runs and two non-activity FIT files in a nested zip."""
    inner = zip_bytes(
        {
            "me@example.com_101.fit": (corpus / FENIX_RUN).read_bytes(),
            "me@example.com_102.fit": (corpus / RUN_10K_FIT).read_bytes(),
            "me@example.com_103.fit": (corpus / SETTINGS).read_bytes(),
            "me@example.com_104.fit": (corpus / MONITORING).read_bytes(),
        }
    )
    target.write_bytes(
        zip_bytes(
            {
                "DI_CONNECT/DI-Connect-Fitness/me_0_summarizedActivities.json": b"[]",
                part: inner,
            }
        )
    )
    return target


STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,"
    "Filename\n"
)


def strava_export(corpus: Path, target: Path) -> Path:
    """A Strava export: a TCX run (same run as the Garmin FIT), a FIT walk, a manual
    yoga session and a GPX the CSV does not list."""
    rows = (
        '1001,"Oct 11, 2014, 6:08:45 PM",Parkrun 10k,Run,,2224,10.01,,,false,,Pegasus 31,'
        "activities/1001.tcx.gz\n"
        '1002,"Jun 11, 2017, 2:32:51 PM",Dog walk,Walk,,45,0.07,,,false,,Old trainers,'
        "activities/1002.fit.gz\n"
        '1003,"Jun 12, 2017, 7:00:00 AM",Morning yoga,Yoga,,1800,0,,,false,,,\n'
    )
    target.write_bytes(
        zip_bytes(
            {
                "activities.csv": (STRAVA_HEADER + rows).encode(),
                "profile.csv": b"Athlete ID\n1\n",
                "activities/1001.tcx.gz": gzip.compress((corpus / RUN_10K_TCX).read_bytes()),
                "activities/1002.fit.gz": gzip.compress((corpus / FENIX_WALK).read_bytes()),
                "activities/2002.gpx": (corpus / VISNJAN_GPX).read_bytes(),
                "media/photo.jpg": b"\xff\xd8\xff",
            }
        )
    )
    return target


def hostile_zip(corpus: Path, target: Path) -> Path:
    """Traversal and absolute names, a zip-bomb-ish member, a corrupt member, one good file."""
    good = (corpus / VISNJAN_GPX).read_bytes()
    marker = b"CORRUPT-ME-" * 8
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.gpx", good, zipfile.ZIP_STORED)
        archive.writestr("/etc/absolute.gpx", good, zipfile.ZIP_STORED)
        archive.writestr("bomb.gpx", b"\0" * (24 * 1024**2), zipfile.ZIP_DEFLATED)
        archive.writestr("broken.gpx", marker + good, zipfile.ZIP_STORED)
        archive.writestr("fine/ride.gpx", good, zipfile.ZIP_DEFLATED)
    raw = buffer.getvalue().replace(marker, b"X" * len(marker), 1)
    target.write_bytes(raw)
    return target


def nested_zip(corpus: Path, target: Path, depth: int) -> Path:
    """A GPX wrapped in `depth` levels of zip inside the archive."""
    data = zip_bytes({"deep.gpx": (corpus / VISNJAN_GPX).read_bytes()})
    for level in range(depth):
        data = zip_bytes({f"level{level}.zip": data})
    target.write_bytes(data)
    return target


GARMIN_FITNESS = "DI_CONNECT/DI-Connect-Fitness"
GARMIN_PART_2 = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip"
MULTISPORT_TCX = "goldencheetah/test__rides__activity_165850259_multi-session.tcx"
SKI_TCX = "tcxreader/tcxreader__tests__data__cross-country-skiing_activity_1.tcx"
# Uploaded file name -> corpus file; activities and non-activity files mixed.
GARMIN_UPLOADS = {
    1: {
        "me@example.com_201.fit": FENIX_RUN,
        "me@example.com_202.fit": RUN_10K_FIT,
        "me@example.com_203.gpx": VISNJAN_GPX,
        "me@example.com_204.tcx": MULTISPORT_TCX,
        "me@example.com_205.fit": SETTINGS,
        "me@example.com_206.fit": MONITORING,
    },
    2: {
        "me@example.com_207.fit": FENIX_WALK,
        "me@example.com_208.tcx": SKI_TCX,
    },
}
# Garmin's own type keys for the uploaded activities, by upload id.
_TYPES = {201: "running", 202: "running", 203: "cycling", 207: "walking", 208: "skate_skiing_ws"}
_LEG_TYPES = {"run": "running", "ride": "cycling"}


def _listed(
    activity_id: int,
    summary: ActivitySummary,
    kind: str,
    *,
    metric: bool,
    offset_s: float = 2.0,
    **extra: object,
) -> dict[str, object]:
    """One entry of Garmin's list for an activity, as the export writes it: times in
    ms since 1970, durations in ms, distance and climb in cm (or in s and m: `metric`)."""
    start = summary.start.astimezone(dt.UTC) + dt.timedelta(seconds=offset_s)
    local = start + (summary.start.utcoffset() or dt.timedelta(hours=1))
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    seconds = summary.duration_min * 60
    metres = summary.distance_km * 1000
    climb = summary.elevation_gain_m
    entry: dict[str, object] = {
        "activityId": activity_id,
        "name": f"Activity {activity_id}",
        "activityType": kind,
        "sportType": kind.upper(),
        "startTimeGmt": (start - epoch).total_seconds() * 1000,
        "startTimeLocal": (local.replace(tzinfo=dt.UTC) - epoch).total_seconds() * 1000,
        "duration": seconds if metric else seconds * 1000,
        "movingDuration": seconds if metric else seconds * 1000,
        "distance": metres if metric else metres * 100,
        "avgHr": summary.avg_hr,
    }
    if climb is not None:
        entry["elevationGain"] = climb if metric else climb * 100
    entry.update(extra)
    return entry


def _manual(activity_id: int, day: str, kind: str, minutes: float, km: float, *, metric: bool):
    """A listed activity without a file (manual entry, treadmill, strength)."""
    start = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    summary = ActivitySummary(start, "x", km, minutes, "", "")
    return _listed(activity_id, summary, kind, metric=metric, offset_s=0)


def garmin_full_export(corpus: Path, target: Path, *, metric: bool = False) -> dict[str, int]:
    """A realistic Garmin Connect export (in tmp only): uploads in two nested part zips,
    named by upload id, activities and non-activity FIT files mixed; the activity list
    split over two files in both layouts (the wrapper and a bare list), with a
    multisport parent and its four legs, and three activities without a file.

    Returns what a correct import finds: activities, listed (legs, not parents),
    listed without a file, multisport parents and legs, non-activity files.
    """
    from heelraise.training.readers import build_registry

    registry = build_registry(plugins=False)
    listed_a: list[dict[str, object]] = []
    listed_b: list[dict[str, object]] = []
    activities = 0
    for part, members in GARMIN_UPLOADS.items():
        for name, corpus_name in members.items():
            upload = int(name.rsplit("_", 1)[1].split(".")[0])
            try:
                summaries = registry.read_bytes((corpus / corpus_name).read_bytes(), name)
            except ImportFailed:
                continue  # settings, monitoring: files Garmin keeps, not activities
            activities += len(summaries)
            into = listed_a if part == 1 else listed_b
            if len(summaries) == 1:
                into.append(_listed(upload, summaries[0], _TYPES[upload], metric=metric))
                continue
            children = [upload * 10 + leg for leg in range(len(summaries))]
            parent = _listed(upload, summaries[0], "multi_sport", metric=metric)
            parent.update(parent=True, childIds=children)
            into.append(parent)
            for leg, summary in zip(children, summaries, strict=True):
                kind = _LEG_TYPES[summary.sport]
                into.append(_listed(leg, summary, kind, metric=metric, parentId=upload))
    without_file = [
        _manual(301, "2024-03-02T07:00:00", "treadmill_running", 40.0, 8.0, metric=metric),
        _manual(302, "2024-03-03T18:00:00", "strength_training", 45.0, 0.0, metric=metric),
        _manual(303, "2024-03-04T12:30:00", "walking", 30.0, 2.5, metric=metric),
    ]
    listed_b += without_file
    files = {
        f"{GARMIN_FITNESS}/me_0_summarizedActivities.json": json.dumps(
            [{"summarizedActivitiesExport": listed_a}]
        ).encode(),
        f"{GARMIN_FITNESS}/me_1001_summarizedActivities.json": json.dumps(listed_b).encode(),
        "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
        GARMIN_PART: zip_bytes(
            {name: (corpus / path).read_bytes() for name, path in GARMIN_UPLOADS[1].items()}
        ),
        GARMIN_PART_2: zip_bytes(
            {name: (corpus / path).read_bytes() for name, path in GARMIN_UPLOADS[2].items()}
        ),
    }
    target.write_bytes(zip_bytes(files))
    legs = sum(1 for item in listed_a + listed_b if "parentId" in item)
    return {
        "activities": activities + len(without_file),
        "listed": activities + len(without_file),
        "without_file": len(without_file),
        "parents": sum(1 for item in listed_a + listed_b if item.get("parent")),
        "legs": legs,
        "not_activities": 2,
    }
