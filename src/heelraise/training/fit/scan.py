"""The fast path: walk a FIT file's records, decoding only what a summary needs.

Record payloads (and every other message we do not name) are skipped by their
defined size: one table look-up per message, keyed by the record header byte.
Only `file_id`, `sport`, `session`, `lap` and `activity` are decoded, each with
a `struct.Struct` compiled once per definition. Chained FIT files (several
files back to back) are read in turn; CRCs are not checked, because real files
carry bad and zero CRCs.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Final

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.fit.layout import Message, MessageLayout
from heelraise.training.fit.names import file_type_name
from heelraise.training.fit.profile import (
    ACTIVITY,
    COMPRESSED_TIMESTAMP,
    DECODED_FIELDS,
    DEFINITION,
    DEVELOPER_DATA,
    FILE_ID,
    FILE_TYPE_ACTIVITY,
    FIT_SIGNATURE,
    LAP,
    LOCAL_NUMBER,
    RECORD,
    RECORD_ALTITUDES,
    SESSION,
    SPORT,
)

_FILE_HEADER_SIZES: Final = (12, 14)
FILE_CRC_SIZE: Final = 2
_DATA_SIZE: Final = struct.Struct("<I")
_GLOBAL_NUMBER: Final = {False: struct.Struct("<H"), True: struct.Struct(">H")}


def _headers_for_local(local: int) -> tuple[int, ...]:
    """Every record header byte that announces a data message of this local number."""
    normal = tuple(local | reserved for reserved in (0x00, 0x10, 0x20, 0x30))
    if local > 3:
        return normal
    compressed = COMPRESSED_TIMESTAMP | (local << 5)
    return normal + tuple(compressed | offset for offset in range(32))


_DATA_HEADERS: Final = tuple(_headers_for_local(local) for local in range(16))


@dataclass(slots=True)
class FitMessages:
    """The decoded summary messages of a FIT file (or chain of files), in file order."""

    file_id: Message | None = None
    sessions: list[Message] = field(default_factory=list)
    laps: list[Message] = field(default_factory=list)
    sports: list[Message] = field(default_factory=list)
    activities: list[Message] = field(default_factory=list)
    records_have_altitude: bool = False  # a record definition holds altitude fields
    problem: str | None = None  # why reading stopped early, if it did ("truncated at byte 768")


class _NotActivityFile(Exception):
    """Internal: a file_id said this (chained) file is not an activity."""

    def __init__(self, file_type: int) -> None:
        super().__init__(file_type)
        self.file_type = file_type


def scan_fit(data: bytes, source: str) -> FitMessages:
    """Read the summary messages of FIT `data` (already decompressed).

    Raises `ImportFailed` when the first header is not a FIT header and
    `NotAnActivity` when the first file's `file_id` names another file type.
    Damage later in the file is reported in `FitMessages.problem` instead, so
    the caller can keep what was read before it.
    """
    found = FitMessages()
    offset = 0
    while True:
        bounds = file_bounds(data, offset)
        if bounds is None:
            if offset == 0:
                raise ImportFailed(source, "not a FIT file (bad header)")
            if len(data) - offset >= _FILE_HEADER_SIZES[0]:
                found.problem = f"unreadable chained FIT header at byte {offset}"
            return found
        start, declared_end = bounds
        end = min(declared_end, len(data))
        try:
            problem = _walk(data, start, end, found)
        except _NotActivityFile as not_activity:
            if offset == 0:
                kind = file_type_name(not_activity.file_type)
                raise NotAnActivity(source, f"not an activity: {kind} file") from None
            problem = None  # a chained settings or other file: skip it, keep the activity
        if problem is None and declared_end > len(data):
            problem = f"truncated at byte {len(data)}"
        if problem is not None:
            found.problem = problem
            return found
        offset = declared_end + FILE_CRC_SIZE


def file_bounds(data: bytes, offset: int) -> tuple[int, int] | None:
    """Where the records of the FIT file starting at `offset` begin and end, if it is one."""
    if len(data) < offset + _FILE_HEADER_SIZES[0]:
        return None
    header_size = data[offset]
    if header_size not in _FILE_HEADER_SIZES or len(data) < offset + header_size:
        return None
    if data[offset + 8 : offset + 12] != FIT_SIGNATURE:
        return None
    start = offset + header_size
    (data_size,) = _DATA_SIZE.unpack_from(data, offset + 4)
    if data_size == 0:  # a file whose writer never finished: read to the end
        return start, len(data)
    return start, start + data_size


def _walk(data: bytes, pos: int, end: int, found: FitMessages) -> str | None:
    """Walk the records in data[pos:end]; return a problem, or None at a clean end.

    The hot loop: `skip[header]` is the whole length of a data message we skip
    (header byte included), or 0 for a header that needs attention: a
    definition, a message we decode, or a local number never defined.
    """
    skip = [0] * 256
    layouts: list[MessageLayout | None] = [None] * 16
    lists = {
        SESSION: found.sessions,
        LAP: found.laps,
        SPORT: found.sports,
        ACTIVITY: found.activities,
    }
    try:
        while pos < end:
            header = data[pos]
            length = skip[header]
            if length:
                pos += length
                continue
            if header & DEFINITION and not header & COMPRESSED_TIMESTAMP:
                local = header & LOCAL_NUMBER
                layout, size, pos = _read_definition(data, pos, header & DEVELOPER_DATA, found)
                if pos > end:
                    break
                layouts[local] = layout
                length = 0 if layout is not None else size + 1
                for data_header in _DATA_HEADERS[local]:
                    skip[data_header] = length
                continue
            compressed = header & COMPRESSED_TIMESTAMP
            local = (header >> 5) & 3 if compressed else header & LOCAL_NUMBER
            layout = layouts[local]
            if layout is None:
                return f"undefined local message {local} at byte {pos}"
            if pos + 1 + layout.size > end:
                break
            message = layout.decode(data, pos + 1)
            pos += 1 + layout.size
            if layout.global_number == FILE_ID:
                file_type = message.get("type")
                if isinstance(file_type, int) and file_type != FILE_TYPE_ACTIVITY:
                    raise _NotActivityFile(file_type)
                if found.file_id is None:
                    found.file_id = message
            else:
                lists[layout.global_number].append(message)
    except (IndexError, struct.error):
        return f"truncated at byte {min(pos, len(data))}"
    if pos != end:
        return f"truncated at byte {min(pos, end, len(data))}"
    return None


def _read_definition(
    data: bytes, pos: int, has_developer_fields: int, found: FitMessages
) -> tuple[MessageLayout | None, int, int]:
    """Read the definition at `pos`: (layout if decoded, payload size, next position).

    Notes in `found` whether records carry altitudes, so a session without a
    total ascent knows whether the record stage could give one.
    """
    big_endian = data[pos + 2] == 1
    (global_number,) = _GLOBAL_NUMBER[big_endian].unpack_from(data, pos + 3)
    field_count = data[pos + 5]
    fields_at = pos + 6
    after = fields_at + 3 * field_count
    sizes = data[fields_at + 1 : after : 3]
    if len(sizes) != field_count:
        raise IndexError("definition cut short")
    size = sum(sizes)
    developer_size = 0
    if has_developer_fields:
        developer_count = data[after]
        developer_at = after + 1
        after = developer_at + 3 * developer_count
        developer_sizes = data[developer_at + 1 : after : 3]
        if len(developer_sizes) != developer_count:
            raise IndexError("developer definition cut short")
        developer_size = sum(developer_sizes)
    if global_number == RECORD and not found.records_have_altitude:
        numbers = data[fields_at:after:3]
        found.records_have_altitude = any(number in numbers for number in RECORD_ALTITUDES)
    wanted = DECODED_FIELDS.get(global_number)
    if wanted is None:
        return None, size + developer_size, after
    triples = [
        (data[at], data[at + 1], data[at + 2])
        for at in range(fields_at, fields_at + 3 * field_count, 3)
    ]
    return MessageLayout(global_number, big_endian, triples, developer_size, wanted), size, after
