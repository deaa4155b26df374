"""The few pieces of the FIT protocol the summary reader needs.

Numbers come from the FIT SDK profile (messages, fields, base types). Only the
messages a summary uses are listed; every other message is skipped by size.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

FIT_EPOCH: Final = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
# FIT date_time values below this are seconds since the device powered on, not dates.
FIRST_ABSOLUTE_TIME: Final = 0x10000000

FIT_SIGNATURE: Final = b".FIT"
GZIP_MAGIC: Final = b"\x1f\x8b"
FILE_TYPE_ACTIVITY: Final = 4

# Record header bits.
COMPRESSED_TIMESTAMP: Final = 0x80
DEFINITION: Final = 0x40
DEVELOPER_DATA: Final = 0x20
LOCAL_NUMBER: Final = 0x0F

# Global message numbers.
FILE_ID: Final = 0
SPORT: Final = 12
SESSION: Final = 18
LAP: Final = 19
RECORD: Final = 20
EVENT: Final = 21
ACTIVITY: Final = 34

# The field number every message uses for its timestamp.
TIMESTAMP: Final = 253

# Fields decoded per global message: field number -> our name.
DECODED_FIELDS: Final[dict[int, dict[int, str]]] = {
    FILE_ID: {
        0: "type",
        1: "manufacturer",
        2: "product",
        4: "time_created",
        8: "product_name",
    },
    SPORT: {0: "sport", 1: "sub_sport"},
    SESSION: {
        253: "timestamp",
        2: "start_time",
        5: "sport",
        6: "sub_sport",
        7: "total_elapsed_time",
        8: "total_timer_time",
        9: "total_distance",
        16: "avg_heart_rate",
        22: "total_ascent",
    },
    LAP: {
        253: "timestamp",
        2: "start_time",
        7: "total_elapsed_time",
        8: "total_timer_time",
        9: "total_distance",
    },
    ACTIVITY: {253: "timestamp", 5: "local_timestamp"},
}

# Fields the record stage reads (when no session is usable, or no distance or ascent).
RECORD_FIELDS: Final[dict[int, str]] = {
    253: "timestamp",
    5: "distance",
    3: "heart_rate",
    2: "altitude",
    78: "enhanced_altitude",
}
RECORD_ALTITUDES: Final = (2, 78)  # altitude, enhanced_altitude
# A record field whose components accumulate a distance: only fitdecode rebuilds that.
RECORD_COMPRESSED_SPEED_DISTANCE: Final = 8
EVENT_FIELDS: Final[dict[int, str]] = {253: "timestamp", 0: "event", 1: "event_type"}
EVENT_TIMER: Final = 0  # event.event
TIMER_START: Final = frozenset({0})  # event_type: start
TIMER_STOP: Final = frozenset({1, 4, 8, 9})  # stop, stop_all, stop_disable, stop_disable_all

# Scales (stored value / scale = unit value), shared by session and lap.
MILLISECONDS: Final = 1000.0
CENTIMETRES: Final = 100.0
# record.altitude and record.enhanced_altitude: stored / 5 - 500 metres.
ALTITUDE_SCALE: Final = 5.0
ALTITUDE_OFFSET: Final = 500.0


class BaseType:
    """One FIT base type: its struct code, size in bytes and 'invalid' value."""

    __slots__ = ("code", "invalid", "size")

    def __init__(self, code: str, size: int, invalid: int | None) -> None:
        self.code = code
        self.size = size
        self.invalid = invalid  # None: floats (all-ones is NaN) and strings


# Keyed by the base type number (the low five bits of the base type byte).
BASE_TYPES: Final[dict[int, BaseType]] = {
    0x00: BaseType("B", 1, 0xFF),  # enum
    0x01: BaseType("b", 1, 0x7F),  # sint8
    0x02: BaseType("B", 1, 0xFF),  # uint8
    0x03: BaseType("h", 2, 0x7FFF),  # sint16
    0x04: BaseType("H", 2, 0xFFFF),  # uint16
    0x05: BaseType("i", 4, 0x7FFFFFFF),  # sint32
    0x06: BaseType("I", 4, 0xFFFFFFFF),  # uint32
    0x07: BaseType("s", 1, None),  # string
    0x08: BaseType("f", 4, None),  # float32
    0x09: BaseType("d", 8, None),  # float64
    0x0A: BaseType("B", 1, 0x00),  # uint8z
    0x0B: BaseType("H", 2, 0x0000),  # uint16z
    0x0C: BaseType("I", 4, 0x00000000),  # uint32z
    0x0D: BaseType("B", 1, 0xFF),  # byte
    0x0E: BaseType("q", 8, 0x7FFFFFFFFFFFFFFF),  # sint64
    0x0F: BaseType("Q", 8, 0xFFFFFFFFFFFFFFFF),  # uint64
    0x10: BaseType("Q", 8, 0x0000000000000000),  # uint64z
}
BASE_TYPE_NUMBER: Final = 0x1F
