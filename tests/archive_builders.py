"""Build Garmin- and Strava-style export zips from corpus files (in tmp_path only)."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

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
