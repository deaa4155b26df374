"""GPX reader: every corpus file agrees with gpxpy or gives a one-line reason."""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Callable
from pathlib import Path

import gpxpy
import pytest

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.gpx import read_gpx
from heelraise.training.readers import build_registry
from heelraise.training.tcx import read_tcx

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
GPX_FILES = sorted(CORPUS.rglob("*.gpx"))


def _gpxpy_totals(data: bytes) -> tuple[float, float, dt.datetime | None] | None:
    """gpxpy's (km, minutes, start), or None when gpxpy cannot read the file."""
    try:
        parsed = gpxpy.parse(data.decode("utf-8-sig"))
        bounds = parsed.get_time_bounds()
        duration = parsed.get_duration()
        if duration is None:
            return None
        return parsed.length_2d() / 1000, duration / 60, bounds.start_time
    except Exception:
        return None


def test_the_corpus_has_gpx_files() -> None:
    assert len(GPX_FILES) >= 30


@pytest.mark.parametrize("path", GPX_FILES, ids=lambda p: p.name)
def test_corpus_gpx_matches_gpxpy_or_gives_a_reason(path: Path) -> None:
    data = path.read_bytes()
    reason: str | None = None
    try:
        [summary] = read_gpx(data, path.name)
    except ImportFailed as error:
        reason = error.reason
    if reason is not None:
        assert reason
        assert "\n" not in reason
        return
    assert summary.start.tzinfo is not None
    oracle = _gpxpy_totals(data)
    if oracle is None:
        return
    km, minutes, start = oracle
    assert summary.distance_km == pytest.approx(km, rel=0.01, abs=0.001)
    assert summary.duration_min == pytest.approx(minutes, rel=0.01, abs=0.01)
    if start is not None:
        expected = start if start.tzinfo else start.replace(tzinfo=dt.UTC)
        assert abs((summary.start - expected).total_seconds()) < 1


GPX10_WITH_HR = b"""<?xml version="1.0"?>
<gpx version="1.0" creator="Old eTrex" xmlns="http://www.topografix.com/GPX/1/0"
     xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
 <trk><name>Lunch Run</name><type>running</type><trkseg>
  <trkpt lat="51.5000" lon="-0.1000"><ele>10</ele><time>2024-05-06T12:00:00Z</time>
   <gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr></gpxtpx:TrackPointExtension></trkpt>
  <trkpt><ele>12</ele><time>2024-05-06T12:01:00Z</time></trkpt>
  <trkpt lat="51.5090" lon="-0.1000"><ele>20</ele><time>2024-05-06T12:05:00Z</time>
   <gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr></gpxtpx:TrackPointExtension></trkpt>
 </trkseg><trkseg>
  <trkpt lat="51.5090" lon="-0.1000"><time>2024-05-06T12:10:00+01:00</time></trkpt>
  <trkpt lat="51.5180" lon="-0.1000"><time>2024-05-06T11:15:00Z</time></trkpt>
 </trkseg></trk>
</gpx>"""


def test_gpx10_heart_rate_points_without_position_and_segments() -> None:
    [summary] = read_gpx(GPX10_WITH_HR, "run.gpx")
    assert summary.sport == "run"
    assert summary.name == "Lunch Run"
    assert summary.device == "Old eTrex"
    assert summary.avg_hr == pytest.approx(145)
    assert summary.start == dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC)
    # two segments of ~1.0 km each; the gap between segments is not distance
    assert summary.distance_km == pytest.approx(2.0, rel=0.01)
    # 5 min + 5 min: the pause between segments is not counted
    assert summary.duration_min == pytest.approx(10.0)
    assert summary.elevation_gain_m == pytest.approx(10.0)


def test_gzipped_gpx_reads_through_the_registry() -> None:
    registry = build_registry(plugins=False)
    [plain] = registry.read_bytes(GPX10_WITH_HR, "run.gpx")
    [packed] = registry.read_bytes(gzip.compress(GPX10_WITH_HR), "run.gpx.gz")
    assert packed.distance_km == plain.distance_km
    assert packed.content_hash == plain.content_hash  # hash of the decompressed bytes


def test_entities_and_dtds_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx version="1.1"><trk/>&b;</gpx>'
    )
    with pytest.raises(ImportFailed, match="DTD"):
        read_gpx(bomb, "bomb.gpx")


PADDING = b"<!--" + b" padding " * 8_000 + b"-->"  # 72 KB of comment before the DOCTYPE


@pytest.mark.parametrize(
    ("doctype", "root", "read"),
    [
        (b'<!DOCTYPE gpx [<!ENTITY a "aaaa">]>', b'<gpx version="1.1"><trk/>&a;</gpx>', read_gpx),
        (b'<!DOCTYPE gpx SYSTEM "http://127.0.0.1:9/x.dtd">', b"<gpx><trk/></gpx>", read_gpx),
        (b"<!DOCTYPE gpx>", b"<gpx><trk/></gpx>", read_gpx),
        (
            b'<!DOCTYPE TrainingCenterDatabase [<!ENTITY a "aaaa">]>',
            b"<TrainingCenterDatabase><Activities/>&a;</TrainingCenterDatabase>",
            read_tcx,
        ),
    ],
)
@pytest.mark.parametrize("padding", [b"", PADDING, PADDING * 3])
def test_a_dtd_is_refused_wherever_it_sits_in_the_prolog(
    doctype: bytes, root: bytes, read: Callable[[bytes, str], object], padding: bytes
) -> None:
    """However much comment (or whitespace) comes first, a DOCTYPE is found and refused."""
    document = b'<?xml version="1.0"?>' + padding + b"\n" * 10 + doctype + root
    with pytest.raises(ImportFailed, match="declares a DTD"):
        read(document, "padded.xml")


def test_broken_xml_gives_one_line() -> None:
    with pytest.raises(ImportFailed) as caught:
        read_gpx(b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2">', "cut.gpx")
    assert "not well-formed XML" in caught.value.reason
    assert "\n" not in str(caught.value)


def test_route_only_is_not_an_activity(corpus: Path) -> None:
    with pytest.raises(NotAnActivity, match="planned route"):
        read_gpx((corpus / "gpxpy" / "test_files__route.gpx").read_bytes(), "route.gpx")


def test_bad_number_names_the_line() -> None:
    data = b"""<gpx version="1.1"><trk><trkseg>
<trkpt lat="1" lon="2"><ele>high</ele><time>2024-01-01T00:00:00Z</time></trkpt>
</trkseg></trk></gpx>"""
    with pytest.raises(ImportFailed, match="line 2"):
        read_gpx(data, "bad.gpx")
