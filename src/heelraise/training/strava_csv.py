"""Strava's `activities.csv` (bulk export) → one `ActivitySummary` per row.

Read by position: the header repeats names (`Elapsed Time`, `Distance`, ...;
the first `Distance` is in display units, the second in metres). Three
layouts are known: the current English one, the same localised in German
(dates `21.07.2026, 15:09:27`, decimal commas) and the older
`id,date,name,type,description,elapsed_time,distance,...` one (distance in
metres). Known columns are found by name (first or second occurrence), falling
back to their standard position; unknown columns are ignored. Dates are UTC.
A bad row fails the file with its line number. Rows keep the export's
`Filename` so the archive reader can join them to activity files.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re

from heelraise.errors import ImportFailed
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import content_hash
from heelraise.training.csv_simple import decode_text
from heelraise.training.sports import ON_FOOT, normalise_sport

# field -> (names in English/German/old layouts, occurrence, standard position)
_FIELDS: dict[str, tuple[tuple[str, ...], int, int | None]] = {
    "id": (("activity id", "aktivitäts-id", "id"), 0, 0),
    "date": (("activity date", "aktivitätsdatum", "date"), 0, 1),
    "name": (("activity name", "name der aktivität", "name"), 0, 2),
    "type": (("activity type", "aktivitätsart", "type"), 0, 3),
    "elapsed": (("elapsed time", "verstrichene zeit", "elapsed_time"), 0, 5),
    "distance_display": (("distance", "distanz", "strecke"), 0, 6),
    "gear": (("activity gear", "aktivitätsausrüstung", "ausrüstung", "gear"), 0, 11),
    "filename": (("filename", "dateiname"), 0, 12),
    "moving": (("moving time", "bewegungszeit", "moving_time"), 0, 16),
    "distance_m": (("distance", "distanz", "strecke"), 1, 17),
    "elevation_gain": (("elevation gain", "höhenzunahme", "höhenmeter bergauf"), 0, 20),
    "avg_hr": (("average heart rate", "durchschnittliche herzfrequenz"), 0, 31),
}
_ID_HEADERS = frozenset({"activity id", "aktivitäts-id"})
_GERMAN_HEADERS = frozenset({"aktivitäts-id"})
_FULL_LAYOUT_COLUMNS = 32
_SPACES = re.compile(r"[\s\u202f\u00a0]+")
_DATE_FORMATS = (
    "%b %d %Y %I:%M:%S %p",  # May 6, 2024, 4:02:34 AM (commas removed)
    "%d.%m.%Y %H:%M:%S",  # 21.07.2026, 15:09:27
    "%Y-%m-%d %H:%M:%S",  # older exports
    "%Y-%m-%dT%H:%M:%SZ",
    "%b %d %Y %H:%M:%S",
)


@dataclasses.dataclass(frozen=True, slots=True)
class StravaRow:
    """One parsed row: the summary plus the export's file name for joining."""

    summary: ActivitySummary
    filename: str | None
    line: int


def looks_like_strava_csv(head: bytes) -> bool:
    """True for an `activities.csv` header in any known layout."""
    lines = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not lines:
        return False
    first = [cell.strip().strip('"').casefold() for cell in lines[0].split(",")]
    return first[0] in _ID_HEADERS or first[:4] == ["id", "date", "name", "type"]


def parse_strava_date(text: str) -> dt.datetime:
    """An export date as aware UTC; raises ValueError for an unknown shape."""
    cleaned = _SPACES.sub(" ", text.replace(",", " ")).strip()
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    raise ValueError(f"unrecognised date {text!r}")


def _number(text: str, *, decimal_comma: bool) -> float | None:
    value = text.strip()
    if not value:
        return None
    if decimal_comma:
        return float(value.replace(".", "").replace(",", "."))
    return float(value.replace(",", ""))


def _columns(header: list[str]) -> dict[str, int]:
    names = [cell.strip().casefold() for cell in header]
    full = names[0] in _ID_HEADERS and len(names) >= _FULL_LAYOUT_COLUMNS
    found: dict[str, int] = {}
    for field, (aliases, occurrence, position) in _FIELDS.items():
        hits = [index for index, name in enumerate(names) if name in aliases]
        if len(hits) > occurrence:
            found[field] = hits[occurrence]
        elif full and position is not None and position < len(names):
            found[field] = position
    return found


def read_strava_rows(data: bytes, source: str) -> list[StravaRow]:
    """See `_read_strava_rows`; a file the csv module cannot split is an `ImportFailed` too."""
    try:
        return _read_strava_rows(data, source)
    except csv.Error as error:
        reason = str(error).split(" - ")[0]
        raise ImportFailed(source, f"is not readable as CSV ({reason})") from None


def _read_strava_rows(data: bytes, source: str) -> list[StravaRow]:
    """Parse every row of an `activities.csv`, keeping each row's `Filename`."""
    reader = csv.reader(io.StringIO(decode_text(data, source), newline=""))
    header = next(reader, [])
    if not header or not looks_like_strava_csv(",".join(header).encode()):
        raise ImportFailed(source, "line 1: not a Strava activities.csv header")
    columns = _columns(header)
    for needed in ("date", "type", "elapsed"):
        if needed not in columns:
            raise ImportFailed(source, f"line 1: no column for activity {needed}")
    german = header[0].strip().casefold() in _GERMAN_HEADERS
    old_layout = header[0].strip().casefold() == "id"
    rows: list[StravaRow] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        try:
            rows.append(_row(cells, columns, source, line, german=german, old=old_layout))
        except (ValueError, IndexError) as error:
            reason = str(error).splitlines()[0] or "malformed row"
            raise ImportFailed(source, f"line {line}: {reason}") from error
    return rows


def _row(
    cells: list[str], columns: dict[str, int], source: str, line: int, *, german: bool, old: bool
) -> StravaRow:
    def cell(field: str) -> str:
        index = columns.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def number(field: str) -> float | None:
        try:
            return _number(cell(field), decimal_comma=german)
        except ValueError:
            label = field.replace("_", " ")
            raise ValueError(f"{label} is not a number: {cell(field)!r}") from None

    start = parse_strava_date(cell("date"))
    sport = normalise_sport(cell("type"))
    seconds = number("moving") or number("elapsed")
    if seconds is None:
        raise ValueError("no elapsed or moving time")
    metres = number("distance_m")
    if metres is None:
        display = number("distance_display") or 0.0
        metres = display if (old or sport.sport == "swim") else display * 1000.0
    gear = cell("gear") or None
    summary = ActivitySummary(
        start=start,
        sport=sport.sport,
        sub_sport=sport.sub_sport,
        surface=sport.surface,
        distance_km=metres / 1000.0,
        duration_min=seconds / 60.0,
        elevation_gain_m=number("elevation_gain"),
        avg_hr=number("avg_hr"),
        shoe=gear if sport.sport in ON_FOOT else None,
        name=cell("name") or None,
        source=f"{source}:{line}",
        content_hash=content_hash(f"strava-csv|{cell('id')}|{cell('date')}".encode()),
    )
    return StravaRow(summary=summary, filename=cell("filename") or None, line=line)


def read_strava_csv(data: bytes, source: str) -> list[ActivitySummary]:
    """Every row of a Strava `activities.csv` as a summary (files are not opened)."""
    rows = read_strava_rows(data, source)
    if not rows:
        raise ImportFailed(source, "has a header but no activity rows")
    return [row.summary for row in rows]
