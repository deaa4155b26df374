"""The GPX and TCX fast paths give exactly the lxml readers' answers.

Every corpus file, generated files in the shapes real writers use, and seeded
mutants of both: the fast path either reads the file and gives the same
summaries as the lxml reader (bit for bit: distance, duration, climb, heart
rate, start, sport, device), or declines and the lxml reader answers. Files
that the fast path must read (every corpus TCX, every corpus GPX without a
comment or CDATA) are checked to take it, so a slip back to lxml shows.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from heelraise.errors import ImportFailed
from heelraise.training import gpx, gpx_fast, pointshape, tcx, tcx_fast, xmlscan
from heelraise.training.activity import ActivitySummary
from tests.track_builders import garmin_tcx, strava_gpx

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
GPX_FILES = sorted(CORPUS.rglob("*.gpx"))
TCX_FILES = sorted(CORPUS.rglob("*.tcx"))
ARGMAC = "test__swims__argmac_Garmin_FR910XT_2015_01_31_10_17_02.tcx"

Read = Callable[[bytes, str], list[ActivitySummary]]
Outcome = tuple[str, object]


def outcome(read: Read, data: bytes) -> Outcome:
    """The summaries, or the kind of error and its reason."""
    try:
        return "read", read(data, "file")
    except ImportFailed as error:
        return type(error).__name__, error.reason


def takes_fast_path(data: bytes, kind: str) -> bool:
    """True when the fast path reads the file itself (no lxml fallback)."""
    scanned = gpx_fast.scan(data) if kind == "gpx" else tcx_fast.scan(data)
    if scanned is None:
        return False
    skeleton, bodies = scanned
    try:
        if kind == "gpx":
            gpx._read(skeleton, "file", data, map(gpx.Points.scanned, bodies))  # type: ignore[arg-type]
        else:
            tcx._read(skeleton, "file", data, map(tcx.Points.scanned, bodies))  # type: ignore[arg-type]
    except ImportFailed as error:
        return type(error).__name__ == "NotAnActivity"
    except Exception:
        return False
    return True


def assert_same(data: bytes, kind: str) -> None:
    if kind == "gpx":
        assert outcome(gpx.read_gpx, data) == outcome(gpx.read_gpx_lxml, data)
    else:
        assert outcome(tcx.read_tcx, data) == outcome(tcx.read_tcx_lxml, data)


@pytest.mark.parametrize("path", GPX_FILES, ids=lambda p: p.name)
def test_every_corpus_gpx_reads_the_same_on_both_paths(path: Path) -> None:
    data = path.read_bytes()
    assert_same(data, "gpx")
    if b"<!" not in data[data.find(b"<gpx") :]:  # comments and CDATA in the document go
        assert takes_fast_path(data, "gpx")  # to lxml, by design; a leading banner does not


@pytest.mark.parametrize("path", TCX_FILES, ids=lambda p: p.name)
def test_every_corpus_tcx_reads_the_same_on_both_paths(path: Path) -> None:
    data = path.read_bytes()
    assert_same(data, "tcx")
    assert takes_fast_path(data, "tcx")


def _variants_gpx(seed: int) -> list[bytes]:
    data, _ = strava_gpx(seed, 600, pauses=seed % 3)
    no_hr = re.sub(rb"<gpxtpx:hr>\d+</gpxtpx:hr>\s*", b"", data, count=40)
    lon_first = re.sub(rb'lat="([^"]*)" lon="([^"]*)"', rb'lon="\2" lat="\1"', data)
    crlf = data.replace(b"\n", b"\r\n").replace(b"    <", b"\t<")
    no_ele = re.sub(rb"<ele>[^<]*</ele>", b"", data, count=25)
    prefixed_time = data.replace(b"<time>", b"<time> ", 5)
    gpxdata = data.replace(b"<gpxtpx:TrackPointExtension>", b"").replace(
        b"</gpxtpx:TrackPointExtension>", b""
    )
    return [data, no_hr, lon_first, crlf, no_ele, prefixed_time, gpxdata]


def _variants_tcx(seed: int) -> list[bytes]:
    data, _ = garmin_tcx(seed, 600, laps=1 + seed % 4)
    no_position = re.sub(rb"<Position>.*?</Position>\s*", b"", data, count=30, flags=re.S)
    no_hr = re.sub(rb"<HeartRateBpm>.*?</HeartRateBpm>\s*", b"", data, count=50, flags=re.S)
    no_laps_distance = re.sub(
        rb"(<Lap [^>]*>\s*<TotalTimeSeconds>[^<]*</TotalTimeSeconds>\s*)"
        rb"<DistanceMeters>[^<]*</DistanceMeters>",
        rb"\1",
        data,
    )
    typed = data.replace(
        b"<HeartRateBpm>", b'<HeartRateBpm xsi:type="HeartRateInBeatsPerMinute_t">'
    )
    tpx = (
        data.replace(
            b"<ns3:TPX>", b'<TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2">'
        )
        .replace(b"</ns3:TPX>", b"</TPX>")
        .replace(b"ns3:Speed", b"Speed")
        .replace(b"ns3:RunCadence", b"RunCadence")
    )
    return [data, no_position, no_hr, no_laps_distance, typed, tpx]


@pytest.mark.parametrize("seed", range(6))
def test_generated_gpx_take_the_fast_path_and_agree(seed: int) -> None:
    for data in _variants_gpx(seed):
        assert takes_fast_path(data, "gpx")
        assert_same(data, "gpx")


@pytest.mark.parametrize("seed", range(6))
def test_generated_tcx_take_the_fast_path_and_agree(seed: int) -> None:
    for data in _variants_tcx(seed):
        assert takes_fast_path(data, "tcx")
        assert_same(data, "tcx")


UNUSUAL_GPX = {
    "comment": lambda d: d.replace(b"<trkseg>", b"<trkseg><!-- paused -->", 1),
    "cdata name": lambda d: re.sub(rb"<name>([^<]*)</name>", rb"<name><![CDATA[\1]]></name>", d),
    "entity in a value": lambda d: d.replace(b"<ele>", b"<ele>&#49;", 1),
    "undeclared prefix": lambda d: d.replace(b"gpxtpx:cad", b"foo:cad"),
    "attribute on ele": lambda d: d.replace(b"<ele>", b'<ele unit="m">', 1),
    "second heart rate": lambda d: d.replace(
        b"</gpxtpx:hr>", b"</gpxtpx:hr><gpxtpx:hr>99</gpxtpx:hr>", 1
    ),
    "time twice": lambda d: d.replace(b"</ele>", b"</ele><time>2020-01-01T00:00:00Z</time>", 1),
    "namespaced time in extensions": lambda d: d.replace(
        b"<extensions>", b"<extensions><gpxtpx:time>2020-01-01T00:00:00Z</gpxtpx:time>", 1
    ),
    "utf-16": lambda d: d.decode().replace("UTF-8", "UTF-16").encode("utf-16"),
    "processing instruction": lambda d: d.replace(b"<trk>", b"<?app keep?><trk>", 1),
    "non-ascii in a point": lambda d: d.replace(b"</ele>", "</ele><name>Köln</name>".encode(), 1),
    "point outside a segment": lambda d: d.replace(
        b"<trkseg>", b'<trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt><trkseg>', 1
    ),
    "bad number": lambda d: d.replace(b"<ele>", b"<ele>1x", 1),
    "banner comment holding markup": lambda d: d.replace(
        b"<gpx ", b'<!-- <trkseg><trkpt lat="1" lon="2"/></trkseg> -->\n<gpx ', 1
    ),
    "doctype after a banner": lambda d: d.replace(
        b"<gpx ", b"<!-- banner -->\n<!DOCTYPE gpx>\n<gpx ", 1
    ),
    "mismatched end tag": lambda d: d.replace(b"</gpxtpx:cad>", b"</gpxtpx:cadence>", 1),
    "heart rate ended with another prefix": lambda d: d.replace(
        b"<gpxtpx:hr>", b"<gpxx:hr>", 1
    ),  # found by a seeded fuzz: the grammar took any declared prefix at either end
}


@pytest.mark.parametrize("change", sorted(UNUSUAL_GPX), ids=str)
def test_unusual_gpx_goes_to_lxml_or_agrees(change: str) -> None:
    data = UNUSUAL_GPX[change](strava_gpx(3, 300)[0])
    assert_same(data, "gpx")


def test_a_doctype_is_refused_on_both_paths() -> None:
    data = strava_gpx(1, 120)[0].replace(b"<gpx ", b'<!DOCTYPE gpx [<!ENTITY a "aaaa">]>\n<gpx ', 1)
    assert gpx_fast.scan(data) is None
    with pytest.raises(ImportFailed, match="declares a DTD"):
        gpx.read_gpx(data, "bomb.gpx")
    tcx_data = garmin_tcx(1, 120)[0].replace(
        b"<TrainingCenterDatabase", b"<!DOCTYPE TrainingCenterDatabase>\n<TrainingCenterDatabase", 1
    )
    assert tcx_fast.scan(tcx_data) is None
    with pytest.raises(ImportFailed, match="declares a DTD"):
        tcx.read_tcx(tcx_data, "bomb.tcx")


def _mutants(data: bytes, rng: random.Random, count: int) -> list[bytes]:
    """Byte-level and markup-level mutants of a file."""
    tokens = [
        b"<",
        b">",
        b"/",
        b'"',
        b"&",
        b"-",
        b"e",
        b":",
        b" ",
        b"\n",
        b"9",
        b"nan",
        b"<!--x-->",
    ]
    found: list[bytes] = []
    for _ in range(count):
        mutant = bytearray(data)
        for _ in range(rng.choice((1, 1, 2, 3))):
            at = rng.randrange(len(mutant))
            action = rng.randrange(4)
            if action == 0:
                mutant[at] = rng.randrange(256)
            elif action == 1:
                mutant[at:at] = rng.choice(tokens)
            elif action == 2:
                del mutant[at : at + rng.randrange(1, 40)]
            else:
                digit = re.compile(rb"\d").search(bytes(mutant), at)
                if digit:
                    mutant[digit.start()] = ord(str(rng.randrange(10)))
        found.append(bytes(mutant))
    return found


@pytest.mark.parametrize("kind", ["gpx", "tcx"])
def test_mutants_read_the_same_on_both_paths(kind: str) -> None:
    """Seeded mutants of small generated and corpus files: whenever the fast path reads
    one, lxml agrees; the rest go to lxml (and at least a tenth take the fast path)."""
    rng = random.Random(20261205)
    if kind == "gpx":
        seeds = [strava_gpx(seed, 90, pauses=1)[0] for seed in range(3)]
        seeds += [p.read_bytes() for p in GPX_FILES if 2_000 < p.stat().st_size < 40_000][:4]
    else:
        seeds = [garmin_tcx(seed, 90, laps=2)[0] for seed in range(3)]
        seeds += [p.read_bytes() for p in TCX_FILES if p.stat().st_size < 70_000][:3]
    fast = 0
    total = 0
    for seed in seeds:
        for mutant in _mutants(seed, rng, 120):
            assert_same(mutant, kind)
            total += 1
            fast += takes_fast_path(mutant, kind)
    assert fast >= total // 10  # many mutants are not well-formed: lxml refuses those


def test_a_long_track_is_read_a_slice_at_a_time_with_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bodies past `pointshape.SLICE_BYTES` are cut before a point and read piece by
    piece (here slices of 64 KB: a one-hour run in several pieces): the
    same answers as lxml, and as one piece."""
    data, _ = strava_gpx(77, 3600, pauses=1)
    tcx_data, _ = garmin_tcx(77, 3600, laps=2)
    whole = gpx.read_gpx(data, "run.gpx"), tcx.read_tcx(tcx_data, "run.tcx")
    monkeypatch.setattr(pointshape, "SLICE_BYTES", 64 * 1024)
    assert len(list(pointshape.slices(xmlscan.cut_bodies(data, b"trkseg")[1][0], b"<trkpt"))) > 5
    assert takes_fast_path(data, "gpx")
    assert takes_fast_path(tcx_data, "tcx")
    assert_same(data, "gpx")
    assert_same(tcx_data, "tcx")
    assert (gpx.read_gpx(data, "run.gpx"), tcx.read_tcx(tcx_data, "run.tcx")) == whole


# ---- points written alike: the template path (`pointtemplate`) and its runs


def _no_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading a body by its points' shapes fail the test."""

    def refuse(*args: object) -> None:
        raise AssertionError("read by shapes, not by templates")

    monkeypatch.setattr(pointshape, "_by_shapes", refuse)


def test_generated_files_are_read_by_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_shapes(monkeypatch)
    for seed in range(3):
        assert takes_fast_path(strava_gpx(seed, 600, pauses=seed % 3)[0], "gpx")
        assert takes_fast_path(garmin_tcx(seed, 600, laps=1 + seed)[0], "tcx")


def test_a_few_points_of_other_shapes_are_read_by_their_own_templates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Real files start without a heart rate, or lose it for a while: such points are
    read by a template of their own between the others, with the lxml answers."""
    data, _ = strava_gpx(5, 600)
    dropped = re.sub(
        rb"<gpxtpx:hr>\d+</gpxtpx:hr>\s*", b"", data, count=3
    )  # the first three points
    dropped = dropped.replace(b"<ele>", b"<ele> ", 1)  # one point's hole is written apart
    tcx_data, _ = garmin_tcx(5, 600, laps=2)
    no_position = re.sub(rb"<Position>.*?</Position>\s*", b"", tcx_data, count=4, flags=re.S)
    _no_shapes(monkeypatch)
    for gpx_data in (dropped,):
        assert takes_fast_path(gpx_data, "gpx")
        assert_same(gpx_data, "gpx")
    assert takes_fast_path(no_position, "tcx")
    assert_same(no_position, "tcx")


def test_a_minority_shape_halfway_through_is_not_taken_for_the_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The points around the middle lose their heart rate in short stretches: the
    template comes from a quarter of the way in instead, the stretches read by theirs."""
    data, _ = strava_gpx(10, 600)
    points = data.split(b"<trkpt")
    for index in range(len(points) * 2 // 5, len(points) * 3 // 5):
        if index % 20 < 12:
            points[index] = re.sub(rb"<gpxtpx:hr>\d+</gpxtpx:hr>\s*", b"", points[index])
    patchy = b"<trkpt".join(points)
    _no_shapes(monkeypatch)
    assert takes_fast_path(patchy, "gpx")
    assert_same(patchy, "gpx")


def test_shapes_that_change_point_by_point_are_read_by_shapes() -> None:
    """Too many stretches of other points (every other point without a heart rate): the
    shapes' pattern reads them."""
    data, _ = strava_gpx(6, 300)
    points = data.split(b"<trkpt")
    for index in range(1, len(points), 2):
        points[index] = re.sub(rb"<gpxtpx:hr>\d+</gpxtpx:hr>\s*", b"", points[index])
    alternating = b"<trkpt".join(points)
    body = xmlscan.cut_bodies(alternating, b"trkseg")[1][0]
    grammar = gpx_fast._points_pattern(xmlscan.declared_prefixes(alternating), False)
    reader = pointshape._Reader(b"<trkpt", grammar, gpx_fast._start(False), gpx_fast._group_for)
    assert reader.by_templates(body, body.find(b"<trkpt"), 4, pointshape.RUN_POINTS) is None
    assert takes_fast_path(alternating, "gpx")
    assert_same(alternating, "gpx")


TEMPLATE_TRAPS = {
    # A point as long as its neighbours whose stepped-over markup differs: the body
    # rebuilt from the template no longer equals it, so the template does not read it.
    "a second heart rate where the cadence was": lambda d: re.sub(
        rb"<gpxtpx:cad>(\d\d)</gpxtpx:cad>", rb"<gpxtpx:hr> 1\1</gpxtpx:hr>", d, count=1
    ),
    "an end tag renamed, same length": lambda d: d.replace(b"</ele>", b"</elf>", 1),
    "an element renamed, same length": lambda d: re.sub(
        rb"<gpxtpx:cad>([^<]*)</gpxtpx:cad>", rb"<gpxtpx:hrs>\1</gpxtpx:hrs>", d, count=1
    ),
    "a tag split across a value": lambda d: d.replace(b"</time>", b"</ti<b/>", 1),
    "a value holding markup": lambda d: d.replace(b"<ele>", b"<ele><x/>", 1),
    "an entity in a value": lambda d: re.sub(rb"<ele>\d", b"<ele>&#x31;", d, count=1),
    "markup between points": lambda d: d.replace(b"</trkpt>", b"</trkpt><x/>", 1),
    "text between points": lambda d: d.replace(b"</trkpt>", b"</trkpt>x", 1),
    "one more space of indentation": lambda d: d.replace(b"\n    <time>", b"\n     <time>", 1),
    "cdata end in an unread text": lambda d: re.sub(
        rb"<gpxtpx:cad>\d+</gpxtpx:cad>", b"<gpxtpx:cad>]]></gpxtpx:cad>", d, count=1
    ),
}


@pytest.mark.parametrize("trap", sorted(TEMPLATE_TRAPS), ids=str)
def test_points_unlike_the_template_go_elsewhere_with_the_same_answers(trap: str) -> None:
    data, _ = strava_gpx(8, 300)
    changed = TEMPLATE_TRAPS[trap](data)
    assert changed != data
    assert_same(changed, "gpx")


def test_same_length_changes_to_a_regular_file_read_the_same_on_both_paths() -> None:
    """Seeded one-byte substitutions among the points of a file every point of which is
    written alike (so markup the template steps over is changed, the length kept):
    whenever the fast path reads one, lxml agrees."""
    rng = random.Random(15)
    files = [(strava_gpx(9, 60)[0], "gpx", b"<trkpt"), (garmin_tcx(9, 60, 1)[0], "tcx", b"<Track>")]
    for data, kind, opening in files:
        first = data.find(opening)
        fast = 0
        for _ in range(400):
            at = rng.randrange(first, len(data) - 300)
            mutant = data[:at] + bytes([rng.choice(b'<>/"&= \n:aZ19.-')]) + data[at + 1 :]
            assert_same(mutant, kind)
            fast += takes_fast_path(mutant, kind)
        assert fast >= 20


def test_a_remembered_template_serves_only_points_written_as_it_is() -> None:
    """Templates are remembered per grammar from file to file; the next file's point is
    checked against each before one is used, so a file whose points differ (a
    prefix its root does not declare, one space more) gets its own, or lxml."""
    data, _ = strava_gpx(11, 300)
    undeclared = data.replace(b' xmlns:gpxtpx="', b' xmlns:other="', 1)
    spaced = data.replace(b"<gpxtpx:hr>", b" <gpxtpx:hr>")
    for changed in (data, undeclared, spaced, data):
        assert_same(changed, "gpx")
    assert gpx_fast.scan(undeclared) is None or not takes_fast_path(undeclared, "gpx")
    assert takes_fast_path(spaced, "gpx")


def test_positions_are_read_only_for_an_activity_and_agree_when_unreadable() -> None:
    """The fast path reads a segment's positions when it walks the ground, which a track
    without times never needs; a position `float` refuses is no position to lxml."""
    data, _ = strava_gpx(12, 120)
    bad_lat = data.replace(b'lat="', b'lat="1.2.', 1)
    no_times = re.sub(rb"<time>[^<]*</time>\s*", b"", data)
    for changed in (bad_lat, no_times, no_times.replace(b'lat="', b'lat="x', 1)):
        assert_same(changed, "gpx")
    assert takes_fast_path(no_times, "gpx")  # NotAnActivity, as lxml says
    scanned = gpx_fast.scan(no_times)
    assert scanned is not None
    assert not gpx.Points.scanned(scanned[1][0]).lats  # not read


def test_tcx_positions_are_checked_at_once_and_read_only_when_needed() -> None:
    """TCX positions are checked as they are scanned (a latitude `float` refuses fails
    the file on both paths) but read only when neither laps nor points give a
    distance; a point outside a track sends the file to lxml."""
    data, _ = garmin_tcx(13, 300, laps=2)
    bad_lat = data.replace(b"<LatitudeDegrees>", b"<LatitudeDegrees>1.2.", 1)
    no_distances = re.sub(rb"<DistanceMeters>[^<]*</DistanceMeters>\s*", b"", data)
    outside = no_distances.replace(
        b"<Track>",
        b"<Trackpoint><Time>2022-07-09T13:35:40Z</Time><Position><LatitudeDegrees>"
        b"-43.9</LatitudeDegrees><LongitudeDegrees>118.1</LongitudeDegrees></Position>"
        b"</Trackpoint><Track>",
        1,
    )
    for changed in (bad_lat, no_distances, outside):
        assert_same(changed, "tcx")
    assert not takes_fast_path(bad_lat, "tcx")
    assert takes_fast_path(no_distances, "tcx")
    assert not takes_fast_path(outside, "tcx")
    [summary] = tcx.read_tcx(no_distances, "run.tcx")
    assert summary.distance_km > 0


def test_a_point_whose_start_tag_is_broken_is_never_skipped() -> None:
    """A point whose start tag is not `<Trackpoint>` is matched by no row; rows that
    hold fewer tags than the whole shape must not make up for its tags (seeded
    fuzz found the fast path reading this file, which lxml refuses)."""
    data = (CORPUS / "goldencheetah" / ARGMAC).read_bytes()
    at = data.rfind(b"<Trackpoint>", 0, data.find(b"2015-01-31T09:21:32.000Z"))
    broken = data[:at] + b"<Trnanackpoint>" + data[at + len(b"<Trackpoint>") :]
    assert_same(broken, "tcx")
    assert not takes_fast_path(broken, "tcx")


@pytest.mark.parametrize(
    "uri", [b"ActivityExtens>ion/v2", b"%ctivityExtension/v2", b"Activity Extension/v2"]
)
def test_a_namespace_in_a_point_lxml_may_refuse_goes_to_lxml(uri: bytes) -> None:
    data, _ = garmin_tcx(14, 120, laps=1)
    tpx = (
        data.replace(b"<ns3:TPX>", b'<TPX xmlns="http://www.garmin.com/xmlschemas/' + uri + b'">')
        .replace(b"</ns3:TPX>", b"</TPX>")
        .replace(b"ns3:Speed", b"Speed")
    )
    tpx = tpx.replace(b"ns3:RunCadence", b"RunCadence")
    assert_same(tpx, "tcx")
    assert not takes_fast_path(tpx, "tcx")
