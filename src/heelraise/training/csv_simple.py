"""heelraise's own simple CSV: `date,sport,distance_km,duration_min[,elevation_gain_m]`.

The header line is required. `date` is `YYYY-MM-DD` (taken as midnight UTC) or
an ISO 8601 date-time. The file is all or nothing: one bad line fails the whole
file with an `ImportFailed` that names the file and the line number, so a typo
is fixed once rather than silently losing a session. Each row is one activity,
identified by a hash of its normalised content, so re-importing a grown file
adds only the new rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from heelraise.errors import ImportFailed
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import content_hash, parse_iso_time
from heelraise.training.sports import normalise_sport

REQUIRED = ("date", "sport", "distance_km", "duration_min")
OPTIONAL = ("elevation_gain_m",)


def decode_text(data: bytes, source: str) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportFailed(source, "is neither UTF-8 nor Windows-1252 text") from error


def looks_like_simple_csv(head: bytes) -> bool:
    """True when the first line is our simple header."""
    first = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not first:
        return False
    names = [name.strip().casefold() for name in first[0].split(",")]
    return tuple(names[:4]) == REQUIRED


def _start(text: str) -> dt.datetime:
    if len(text) == 10:
        day = dt.date.fromisoformat(text)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return parse_iso_time(text)


def _number(text: str, column: str, *, required: bool) -> float | None:
    if not text:
        if required:
            raise ValueError(f"{column} is empty")
        return None
    value = float(text)
    if value < 0 or value != value:
        raise ValueError(f"{column} must be a number of zero or more, not {text!r}")
    return value


def read_simple_csv(data: bytes, source: str) -> list[ActivitySummary]:
    """See `_read_simple_csv`; a file the csv module cannot split is an `ImportFailed` too."""
    try:
        return _read_simple_csv(data, source)
    except csv.Error as error:
        reason = str(error).split(" - ")[0]
        raise ImportFailed(source, f"is not readable as CSV ({reason})") from None


def _read_simple_csv(data: bytes, source: str) -> list[ActivitySummary]:
    """Read every row; the first bad row fails the file, naming its line."""
    rows = csv.reader(io.StringIO(decode_text(data, source), newline=""))
    header = [name.strip().casefold() for name in next(rows, [])]
    if tuple(header[:4]) != REQUIRED or any(name not in OPTIONAL for name in header[4:]):
        expected = ",".join(REQUIRED)
        raise ImportFailed(source, f"line 1: header must be {expected}[,elevation_gain_m]")
    summaries: list[ActivitySummary] = []
    for row in rows:
        line = rows.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) > len(header):
            raise ImportFailed(source, f"line {line}: {len(cells)} fields, expected {len(header)}")
        cells += [""] * (len(header) - len(cells))
        values = dict(zip(header, cells, strict=True))
        try:
            start = _start(values["date"])
            distance = _number(values["distance_km"], "distance_km", required=True)
            duration = _number(values["duration_min"], "duration_min", required=True)
            gain = _number(values.get("elevation_gain_m", ""), "elevation_gain_m", required=False)
        except ValueError as error:
            reason = str(error).splitlines()[0]
            raise ImportFailed(source, f"line {line}: {reason}") from error
        if not values["sport"]:
            raise ImportFailed(source, f"line {line}: sport is empty")
        sport = normalise_sport(values["sport"])
        summaries.append(
            ActivitySummary(
                start=start,
                sport=sport.sport,
                sub_sport=sport.sub_sport,
                surface=sport.surface,
                distance_km=distance or 0.0,
                duration_min=duration or 0.0,
                elevation_gain_m=gain,
                source=f"{source}:{line}",
                content_hash=content_hash(("simple-csv|" + "|".join(cells)).encode()),
                # A date, or a time written without "Z", is the writer's own local time.
                local_time_known=not values["date"].endswith(("Z", "z")),
            )
        )
    if not summaries:
        raise ImportFailed(source, "has a header but no activity rows")
    return summaries
