"""The record stage: totals from `record` and timer `event` messages, stdlib only.

Runs when the fast scan finds no usable session (or no distance), and for the
climb when the sessions lack a total ascent but the records hold altitudes. It walks
the file again, decoding `record` (timestamp, distance, heart rate, altitude)
and `event` (timer start/stop) messages with one `struct.Struct` compiled per
definition, and reads the timestamp of every other message that has one, so
compressed-timestamp headers can be resolved as the FIT protocol (and
fitdecode) does: the last full timestamp plus a 5-bit rolling offset.

Whatever this stage does not understand (a record whose distance comes from
`compressed_speed_distance`, a field of an unexpected type or size, a
developer field numbered like a timestamp) makes `read_records` return None,
and the caller goes to fitdecode. Damage or truncation just ends the walk:
what was read before it is kept, as fitdecode keeps it.
"""

from __future__ import annotations

import struct
from typing import Final

from heelraise.training.fit.profile import (
    ALTITUDE_OFFSET,
    ALTITUDE_SCALE,
    BASE_TYPE_NUMBER,
    BASE_TYPES,
    CENTIMETRES,
    COMPRESSED_TIMESTAMP,
    DEFINITION,
    DEVELOPER_DATA,
    EVENT,
    EVENT_FIELDS,
    EVENT_TIMER,
    LOCAL_NUMBER,
    RECORD,
    RECORD_COMPRESSED_SPEED_DISTANCE,
    RECORD_FIELDS,
    TIMER_START,
    TIMER_STOP,
    TIMESTAMP,
)
from heelraise.training.fit.scan import FILE_CRC_SIZE, file_bounds
from heelraise.training.fit.track import RecordTrack

_INTEGER_CODES: Final = frozenset("bBhHiIqQ")
_OTHER: Final = 0  # a message we only read the timestamp of (if it has one)
# Field numbers read per kind of message, timestamp first (`_Layout.at` order).
_WANTED: Final[dict[int, tuple[int, ...]]] = {
    RECORD: tuple(RECORD_FIELDS),
    EVENT: tuple(EVENT_FIELDS),
    _OTHER: (TIMESTAMP,),
}
_PADDING: Final = (None,)  # what an absent field reads
_GLOBAL_NUMBER: Final = {False: struct.Struct("<H"), True: struct.Struct(">H")}
_ROLLOVER: Final = 0x20  # compressed timestamp offsets are 5 bits
_OFFSET_MASK: Final = _ROLLOVER - 1


class _NotUnderstood(Exception):
    """Internal: the file holds something only fitdecode decodes faithfully."""


class _Layout:
    """One definition: its payload size, and where the fields we read sit once unpacked.

    `at[i]` is the position of the i-th wanted field (`_WANTED` order, timestamp
    first) in the unpacked values, which the walk pads with one None: an absent
    field points at that padding, and its `invalid` value is None too, so every
    look-up is one index and one comparison.
    """

    __slots__ = ("at", "has_time", "invalid", "kind", "size", "unpack")

    def __init__(
        self,
        global_number: int,
        big_endian: bool,
        field_definitions: list[tuple[int, int, int]],
        developer_size: int,
    ) -> None:
        kind = global_number if global_number in (RECORD, EVENT) else _OTHER
        wanted = _WANTED[kind]
        if kind == RECORD and any(
            number == RECORD_COMPRESSED_SPEED_DISTANCE for number, _, _ in field_definitions
        ):
            raise _NotUnderstood("record distance accumulated from compressed speed/distance")
        codes = [">" if big_endian else "<"]
        found: dict[int, tuple[int, int | None]] = {}  # field number -> (position, invalid)
        for number, size, base_byte in field_definitions:
            if number not in wanted:
                codes.append(f"{size}x")
                continue
            base = BASE_TYPES.get(base_byte & BASE_TYPE_NUMBER)
            if base is None or base.code not in _INTEGER_CODES or size != base.size:
                raise _NotUnderstood(f"field {number} of message {global_number}: odd type")
            if number in found:
                raise _NotUnderstood(f"field {number} of message {global_number}: twice")
            found[number] = (len(found), base.invalid)
            codes.append(base.code)
        compiled = struct.Struct("".join(codes))
        padding = (len(found), None)
        self.kind = kind
        self.size = compiled.size + developer_size
        self.unpack = compiled.unpack_from
        self.at = tuple(found.get(number, padding)[0] for number in wanted)
        self.invalid = tuple(found.get(number, padding)[1] for number in wanted)
        self.has_time = TIMESTAMP in found


def read_records(data: bytes) -> RecordTrack | None:
    """The record and timer-event totals of FIT `data`; None if only fitdecode can tell."""
    track = RecordTrack()
    offset = 0
    try:
        while (bounds := file_bounds(data, offset)) is not None:
            start, declared_end = bounds
            if not _walk(data, start, min(declared_end, len(data)), track):
                break  # damage or truncation: keep what was read
            offset = declared_end + FILE_CRC_SIZE
    except _NotUnderstood:
        return None
    return track


def _walk(data: bytes, pos: int, end: int, track: RecordTrack) -> bool:
    """Fold the records and events of one FIT file into `track`; False if it stopped early."""
    skip = [0] * 256  # whole length of a normal-header message nobody needs to read
    layouts: list[_Layout | None] = [None] * 16
    last_time = 0  # the compressed-timestamp reference, reset for each chained file
    try:
        while pos < end:
            header = data[pos]
            length = skip[header]
            if length:
                pos += length
                continue
            if header & COMPRESSED_TIMESTAMP:
                layout = layouts[(header >> 5) & 3]
            elif header & DEFINITION:
                local = header & LOCAL_NUMBER
                layout, pos = _read_definition(data, pos, header & DEVELOPER_DATA)
                if pos > end:
                    return False
                layouts[local] = layout
                length = 0 if layout.kind or layout.has_time else layout.size + 1
                for reserved in (0x00, 0x10, 0x20, 0x30):
                    skip[local | reserved] = length
                continue
            else:
                layout = layouts[header & LOCAL_NUMBER]
            if layout is None or pos + 1 + layout.size > end:
                return False  # an undefined local message, or a message cut short
            values = layout.unpack(data, pos + 1) + _PADDING
            pos += 1 + layout.size
            at, invalid = layout.at, layout.invalid
            time = values[at[0]]
            if time == invalid[0]:
                time = None
            else:
                last_time = time
            if header & COMPRESSED_TIMESTAMP:
                time_offset = header & _OFFSET_MASK
                compressed = time_offset + (last_time & ~_OFFSET_MASK)
                if time_offset < (last_time & _OFFSET_MASK):
                    compressed += _ROLLOVER
                last_time = compressed
                if not layout.has_time:  # a timestamp field, even invalid, wins (as in fitdecode)
                    time = compressed
            kind = layout.kind
            if kind == RECORD:
                _, distance_at, heart_rate_at, altitude_at, enhanced_at = at
                _, no_distance, no_heart_rate, no_altitude, no_enhanced = invalid
                distance = values[distance_at]
                heart_rate = values[heart_rate_at]
                altitude = values[enhanced_at]
                if altitude == no_enhanced:
                    altitude = values[altitude_at]
                    if altitude == no_altitude:
                        altitude = None
                track.add_record(
                    time,
                    None if distance == no_distance else distance / CENTIMETRES,
                    None if heart_rate == no_heart_rate else heart_rate,
                    None if altitude is None else altitude / ALTITUDE_SCALE - ALTITUDE_OFFSET,
                )
            elif kind == EVENT:
                event, event_type = values[at[1]], values[at[2]]
                if event == EVENT_TIMER and event != invalid[1]:
                    valid_type = event_type != invalid[2]
                    track.add_timer_event(
                        time,
                        start=valid_type and event_type in TIMER_START,
                        stop=valid_type and event_type in TIMER_STOP,
                    )
    except (IndexError, struct.error):
        return False
    return pos == end


def _read_definition(data: bytes, pos: int, has_developer_fields: int) -> tuple[_Layout, int]:
    """The layout of the definition at `pos`, and the position after it."""
    big_endian = data[pos + 2] == 1
    (global_number,) = _GLOBAL_NUMBER[big_endian].unpack_from(data, pos + 3)
    field_count = data[pos + 5]
    fields_at = pos + 6
    after = fields_at + 3 * field_count
    if len(data) < after:
        raise IndexError("definition cut short")
    triples = [(data[at], data[at + 1], data[at + 2]) for at in range(fields_at, after, 3)]
    developer_size = 0
    if has_developer_fields:
        developer_count = data[after]
        developer_at = after + 1
        after = developer_at + 3 * developer_count
        if len(data) < after:
            raise IndexError("developer definition cut short")
        numbers = data[developer_at:after:3]
        if TIMESTAMP in numbers:  # fitdecode would take it as the message's timestamp
            raise _NotUnderstood("a developer field numbered 253")
        developer_size = sum(data[developer_at + 1 : after : 3])
    return _Layout(global_number, big_endian, triples, developer_size), after
