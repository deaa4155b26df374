"""A tiny FIT writer for tests: just enough to build files with chosen messages.

Each message is written as its own definition (local number 0 unless given)
followed by one data message. CRCs are left zero, as some real writers do.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

FIT_EPOCH_UNIX = 631065600  # 1989-12-31 00:00 UTC in Unix seconds

# Base type byte -> struct code.
ENUM, UINT8, UINT16, UINT32, SINT32, STRING = 0x00, 0x02, 0x84, 0x86, 0x85, 0x07
_CODES = {ENUM: "B", UINT8: "B", UINT16: "H", UINT32: "I", SINT32: "i"}


@dataclass
class Message:
    """One data message: global number and {field number: (base type, value)}."""

    global_number: int
    fields: dict[int, tuple[int, int | bytes]]
    developer_sizes: list[int] = field(default_factory=list)
    local: int = 0


def fit_time(unix_seconds: int) -> int:
    """A FIT timestamp for a Unix time."""
    return unix_seconds - FIT_EPOCH_UNIX


def encode_records(messages: list[Message], *, big_endian: bool = False) -> bytes:
    """Definition + data record for each message."""
    order = ">" if big_endian else "<"
    out = bytearray()
    for message in messages:
        header = 0x40 | message.local | (0x20 if message.developer_sizes else 0)
        out += struct.pack(
            order + "BBBHB", header, 0, int(big_endian), message.global_number, len(message.fields)
        )
        payload = bytearray()
        for number, (base, value) in message.fields.items():
            if base == STRING:
                assert isinstance(value, bytes)
                out += bytes([number, len(value), base])
                payload += value
            else:
                code = _CODES[base]
                out += bytes([number, struct.calcsize(code), base])
                payload += struct.pack(order + code, value)
        if message.developer_sizes:
            out += bytes([len(message.developer_sizes)])
            for index, size in enumerate(message.developer_sizes):
                out += bytes([index, size, 0])
            payload += b"\xab" * sum(message.developer_sizes)
        out += bytes([message.local]) + payload
    return bytes(out)


def fit_file(records: bytes) -> bytes:
    """A whole FIT file around encoded records: 14-byte header, records, zero CRC."""
    header = struct.pack("<BBHI4sH", 14, 0x20, 2100, len(records), b".FIT", 0)
    return header + records + b"\0\0"


def file_id(file_type: int = 4, manufacturer: int = 1, product: int = 2691) -> Message:
    """A file_id message (default: an activity from a Garmin Forerunner 935)."""
    return Message(0, {0: (ENUM, file_type), 1: (UINT16, manufacturer), 2: (UINT16, product)})


def session(
    start: int,
    *,
    sport: int = 1,
    sub_sport: int = 0,
    timer_ms: int = 1_800_000,
    elapsed_ms: int = 1_900_000,
    distance_cm: int = 500_000,
    ascent_m: int = 30,
    avg_hr: int = 140,
) -> Message:
    """A session message with raw (unscaled) values."""
    return Message(
        18,
        {
            253: (UINT32, start + elapsed_ms // 1000),
            2: (UINT32, start),
            5: (ENUM, sport),
            6: (ENUM, sub_sport),
            7: (UINT32, elapsed_ms),
            8: (UINT32, timer_ms),
            9: (UINT32, distance_cm),
            22: (UINT16, ascent_m),
            16: (UINT8, avg_hr),
        },
    )


def lap(start: int, *, timer_ms: int, distance_cm: int) -> Message:
    """A lap message."""
    return Message(
        19,
        {
            2: (UINT32, start),
            8: (UINT32, timer_ms),
            7: (UINT32, timer_ms),
            9: (UINT32, distance_cm),
        },
    )


def activity(time: int, local_time: int) -> Message:
    """An activity message with its UTC and local clocks."""
    return Message(34, {253: (UINT32, time), 5: (UINT32, local_time)})


def record(time: int, distance_cm: int, heart_rate: int = 130, *, local: int = 1) -> Message:
    """A record message."""
    return Message(
        20, {253: (UINT32, time), 5: (UINT32, distance_cm), 3: (UINT8, heart_rate)}, local=local
    )
