"""Generated GPX and TCX runs whose true distance and duration are known.

Each run walks a seeded random route: every step goes a chosen number of
metres on a chosen bearing (the spherical destination formula), so the
ground covered is the sum of the steps, whatever reader measures it. Styles
follow real writers: Strava's GPX (`gpxtpx:hr` and `cad` in
`TrackPointExtension`), a Garmin Connect TCX (lap headers, positions,
cumulative `DistanceMeters`, `HeartRateBpm`, `ns3:TPX` speed). Used by the
held-out tests and by the benchmarks; nothing is written outside the caller's
folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random

EARTH_RADIUS_M = 6_371_008.8


@dataclasses.dataclass(frozen=True)
class Truth:
    """What a generated run really was."""

    start: dt.datetime
    distance_km: float
    duration_min: float  # moving time: pauses between segments or laps left out
    sport: str
    points: int


@dataclasses.dataclass
class _Point:
    lat: float
    lon: float
    ele: float
    time: dt.datetime
    metres: float  # cumulative
    hr: int
    cadence: int


def _step(lat: float, lon: float, metres: float, bearing: float) -> tuple[float, float]:
    """The point `metres` away on `bearing` (radians) along a great circle."""
    p1, l1 = math.radians(lat), math.radians(lon)
    d = metres / EARTH_RADIUS_M
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    l2 = l1 + math.atan2(
        math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def _segments(rng: random.Random, seconds: int, pauses: int) -> list[list[_Point]]:
    """Points at one a second (with jitter), split into `pauses + 1` segments."""
    lat, lon = rng.uniform(-60, 60), rng.uniform(-170, 170)
    ele = rng.uniform(0, 1500)
    bearing = rng.uniform(0, 2 * math.pi)
    speed = rng.uniform(2.4, 4.2)  # m/s: an easy jog to a brisk run
    moment = dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
        days=rng.randrange(0, 5 * 365), seconds=rng.randrange(5 * 3600, 20 * 3600)
    )
    cuts = sorted(rng.sample(range(seconds // 4, seconds * 3 // 4), pauses)) if pauses else []
    segments: list[list[_Point]] = [[]]
    metres = 0.0
    elapsed = 0
    while elapsed <= seconds:
        if cuts and elapsed >= cuts[0]:
            cuts.pop(0)
            segments.append([])
            moment += dt.timedelta(seconds=rng.randrange(30, 300))  # a pause: not moving time
            lat, lon = _step(lat, lon, rng.uniform(5, 60), bearing)  # drifted while paused
        segments[-1].append(
            _Point(lat, lon, ele, moment, metres, rng.randrange(120, 175), rng.randrange(78, 92))
        )
        gap = rng.choice((1, 1, 1, 2))
        step = speed * gap * rng.uniform(0.9, 1.1)
        bearing += rng.uniform(-0.15, 0.15)
        lat, lon = _step(lat, lon, step, bearing)
        ele = max(-20.0, ele + rng.uniform(-0.6, 0.6))
        metres += step
        moment += dt.timedelta(seconds=gap)
        elapsed += gap
    return segments


def _truth(segments: list[list[_Point]], sport: str) -> Truth:
    metres = sum(seg[-1].metres - seg[0].metres for seg in segments if seg)
    seconds = sum((seg[-1].time - seg[0].time).total_seconds() for seg in segments if seg)
    return Truth(
        segments[0][0].time, metres / 1000, seconds / 60, sport, sum(len(s) for s in segments)
    )


def _iso(moment: dt.datetime, millis: bool = False) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.000Z" if millis else f"{text}Z"


def strava_gpx(seed: int, seconds: int = 1800, pauses: int = 0) -> tuple[bytes, Truth]:
    """A run as Strava exports it: one track, `pauses + 1` segments, hr and cadence."""
    rng = random.Random(seed)
    segments = _segments(rng, seconds, pauses)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx creator="StravaGPX" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 '
        'http://www.topografix.com/GPX/1/1/gpx.xsd" version="1.1" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" '
        'xmlns:gpxx="http://www.garmin.com/xmlschemas/GpxExtensions/v3">\n'
        f" <metadata>\n  <time>{_iso(segments[0][0].time)}</time>\n </metadata>\n"
        f" <trk>\n  <name>Run {seed}</name>\n  <type>running</type>\n"
    ]
    for segment in segments:
        out.append("  <trkseg>\n")
        for p in segment:
            out.append(
                f'   <trkpt lat="{p.lat:.7f}" lon="{p.lon:.7f}">\n'
                f"    <ele>{p.ele:.1f}</ele>\n"
                f"    <time>{_iso(p.time)}</time>\n"
                "    <extensions>\n     <gpxtpx:TrackPointExtension>\n"
                f"      <gpxtpx:hr>{p.hr}</gpxtpx:hr>\n"
                f"      <gpxtpx:cad>{p.cadence}</gpxtpx:cad>\n"
                "     </gpxtpx:TrackPointExtension>\n    </extensions>\n   </trkpt>\n"
            )
        out.append("  </trkseg>\n")
    out.append(" </trk>\n</gpx>\n")
    return "".join(out).encode(), _truth(segments, "run")


def garmin_tcx(seed: int, seconds: int = 1800, laps: int = 3) -> tuple[bytes, Truth]:
    """A run as Garmin Connect exports it: `laps` laps (one track each) with their totals."""
    rng = random.Random(seed)
    [points] = _segments(rng, seconds, 0)
    size = -(-len(points) // laps)
    groups = [points[index : index + size] for index in range(0, len(points), size)]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xsi:schemaLocation="http://www.garmin.com/xmlschemas/'
        'TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd" '
        'xmlns:ns5="http://www.garmin.com/xmlschemas/ActivityGoals/v1" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" '
        'xmlns:ns2="http://www.garmin.com/xmlschemas/UserProfile/v2" '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '  <Activities>\n    <Activity Sport="Running">\n'
        f"      <Id>{_iso(points[0].time, True)}</Id>\n"
    ]
    metres = 0.0
    seconds_total = 0.0
    for index, group in enumerate(groups):
        nxt = groups[index + 1][0] if index + 1 < len(groups) else None
        lap_metres = (nxt.metres if nxt else group[-1].metres) - group[0].metres
        lap_end = nxt.time if nxt else group[-1].time
        lap_seconds = (lap_end - group[0].time).total_seconds()
        metres += lap_metres
        seconds_total += lap_seconds
        hr = sum(p.hr for p in group) / len(group)
        out.append(
            f'      <Lap StartTime="{_iso(group[0].time, True)}">\n'
            f"        <TotalTimeSeconds>{lap_seconds:.1f}</TotalTimeSeconds>\n"
            f"        <DistanceMeters>{lap_metres:.2f}</DistanceMeters>\n"
            "        <MaximumSpeed>4.5</MaximumSpeed>\n        <Calories>120</Calories>\n"
            f"        <AverageHeartRateBpm>\n          <Value>{hr:.0f}</Value>\n"
            "        </AverageHeartRateBpm>\n"
            "        <MaximumHeartRateBpm>\n          <Value>180</Value>\n"
            "        </MaximumHeartRateBpm>\n"
            "        <Intensity>Active</Intensity>\n        <TriggerMethod>Manual</TriggerMethod>\n"
            "        <Track>\n"
        )
        for p in group:
            out.append(
                "          <Trackpoint>\n"
                f"            <Time>{_iso(p.time, True)}</Time>\n"
                "            <Position>\n"
                f"              <LatitudeDegrees>{p.lat:.14f}</LatitudeDegrees>\n"
                f"              <LongitudeDegrees>{p.lon:.14f}</LongitudeDegrees>\n"
                "            </Position>\n"
                f"            <AltitudeMeters>{p.ele:.13f}</AltitudeMeters>\n"
                f"            <DistanceMeters>{p.metres:.2f}</DistanceMeters>\n"
                "            <HeartRateBpm>\n"
                f"              <Value>{p.hr}</Value>\n"
                "            </HeartRateBpm>\n"
                "            <Extensions>\n"
                "              <ns3:TPX>\n"
                "                <ns3:Speed>3.2</ns3:Speed>\n"
                f"                <ns3:RunCadence>{p.cadence}</ns3:RunCadence>\n"
                "              </ns3:TPX>\n"
                "            </Extensions>\n"
                "          </Trackpoint>\n"
            )
        out.append("        </Track>\n      </Lap>\n")
    out.append(
        '      <Creator xsi:type="Device_t">\n        <Name>Forerunner 255</Name>\n'
        "        <UnitId>3400000000</UnitId>\n        <ProductID>3992</ProductID>\n"
        "      </Creator>\n    </Activity>\n  </Activities>\n</TrainingCenterDatabase>\n"
    )
    truth = Truth(points[0].time, metres / 1000, seconds_total / 60, "run", len(points))
    return "".join(out).encode(), truth
