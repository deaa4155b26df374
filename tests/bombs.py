"""Decompression bombs from issue 12, built by script in milliseconds (never committed).

A compressor fed the same megabyte again and again gives the same bytes each
time once its window is full, so a stream of gigabytes is its first piece, one
steady piece repeated and its end; the CRC-32 is computed over the real
content. bzip2 blocks are independent, so a bzip2 stream is its blocks copied
bit by bit with the stream CRC recombined. Every bomb is a valid file: a
reader that trusted it would expand all of it.

    python -m tests.bombs FOLDER [SCALE]   writes the issue's bombs into FOLDER
"""

from __future__ import annotations

import bz2
import gzip
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MiB = 1024**2
GiB = 1024**3
_STEP = MiB  # bytes compressed per repeated piece


@dataclass(frozen=True)
class Deflated:
    """A raw deflate stream and what it expands to."""

    data: bytes
    crc: int
    size: int


def _repeat_crc(prefix: bytes, piece: bytes, count: int, tail: bytes, suffix: bytes) -> int:
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(piece, crc)
    return zlib.crc32(suffix, zlib.crc32(tail, crc))


def deflate_repeated(piece: bytes, size: int, prefix: bytes = b"", suffix: bytes = b"") -> Deflated:
    """Raw deflate of `prefix`, then `piece` repeated to `size` bytes, then `suffix`.

    `piece` must be a whole number of the pattern's periods (so every repeat
    starts with the same window); checked: three steady pieces must agree.
    """
    count, rest = divmod(size, len(piece))
    tail = piece[:rest]
    if count < 4:
        data = prefix + piece * count + tail + suffix
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
        packed = compressor.compress(data) + compressor.flush()
        return Deflated(packed, zlib.crc32(data), len(data))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    first = compressor.compress(prefix + piece) + compressor.flush(zlib.Z_SYNC_FLUSH)
    steady = [compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH) for _ in range(3)]
    assert steady[0] == steady[1] == steady[2], "the piece does not reach a steady state"
    end = compressor.compress(tail + suffix) + compressor.flush()
    packed = first + steady[0] * (count - 1) + end
    crc = _repeat_crc(prefix, piece, count, tail, suffix)
    return Deflated(packed, crc, len(prefix) + size + len(suffix))


def gzip_member(deflated: Deflated) -> bytes:
    """A gzip file around a raw deflate stream (mtime 0, no name)."""
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", deflated.crc, deflated.size & 0xFFFFFFFF)
    return header + deflated.data + trailer


# ---- bzip2: blocks copied bit by bit

_BLOCK_MAGIC = 0x314159265359
_END_MAGIC = 0x177245385090


def _bits(data: bytes) -> str:
    return "".join(f"{byte:08b}" for byte in data)


def _bzip2_block(data: bytes) -> tuple[str, int]:
    """The bits of the single block bzip2 makes of `data`, and its CRC."""
    stream = _bits(bz2.compress(data, 9))
    end = stream.rfind(f"{_END_MAGIC:048b}")
    block = stream[32:end]  # after "BZh9", before the end-of-stream marker
    assert block.startswith(f"{_BLOCK_MAGIC:048b}")
    assert stream.count(f"{_BLOCK_MAGIC:048b}") == 1, "more than one block"
    return block, int(block[48:80], 2)


def bzip2_blocks(parts: list[tuple[bytes, int]]) -> tuple[bytes, int, int]:
    """A bzip2 stream of each part's block repeated `count` times: (stream, crc32, size).

    Each part must fit one bzip2 block (a run of zeros up to about 45 MB does).
    """
    bits = ["".join(f"{byte:08b}" for byte in b"BZh9")]
    combined = 0
    crc = 0
    size = 0
    for data, count in parts:
        block, block_crc = _bzip2_block(data)
        bits.append(block * count)
        for _ in range(count):
            combined = (((combined << 1) | (combined >> 31)) & 0xFFFFFFFF) ^ block_crc
            crc = zlib.crc32(data, crc)
        size += len(data) * count
    bits.append(f"{_END_MAGIC:048b}{combined:032b}")
    text = "".join(bits)
    text += "0" * (-len(text) % 8)
    return int(text, 2).to_bytes(len(text) // 8, "big"), crc, size


# ---- zip archives written by hand: any method, any declared size


@dataclass(frozen=True)
class Entry:
    name: str
    method: int  # 0 stored, 8 deflate, 12 bzip2, 14 lzma
    packed: bytes  # the member's stored bytes, already compressed
    crc: int
    size: int  # the uncompressed size the archive declares


def raw_zip(entries: list[Entry]) -> bytes:
    """A zip archive of already-compressed members (sizes declared as given)."""
    out = bytearray()
    central = bytearray()
    for entry in entries:
        name = entry.name.encode()
        offset = len(out)
        version = 46 if entry.method == 12 else 20
        fields = (version, 0, entry.method, 0, 0x21, entry.crc, len(entry.packed), entry.size)
        out += struct.pack("<IHHHHHIII", 0x04034B50, *fields)
        out += struct.pack("<HH", len(name), 0) + name + entry.packed
        central += struct.pack("<IH", 0x02014B50, version) + struct.pack("<HHHHHIII", *fields)
        central += struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset) + name
    start = len(out)
    out += central
    count = len(entries)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    return bytes(out)


def _stored_zip_parts(name: str, crc: int, size: int) -> tuple[bytes, bytes]:
    """The bytes before and after the data of a one-member stored zip."""
    encoded = name.encode()
    fields = (20, 0, 0, 0, 0x21, crc, size, size)
    head = struct.pack("<IHHHHHIII", 0x04034B50, *fields) + struct.pack("<HH", len(encoded), 0)
    head += encoded
    central = struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIII", *fields)
    central += struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, 0) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(head) + size, 0)
    return head, central + end


def _zeros_crc(size: int) -> int:
    piece = bytes(_STEP)
    count, rest = divmod(size, _STEP)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(piece, crc)
    return zlib.crc32(bytes(rest), crc)


# ---- the bombs of issue 12


def double_gzip(size: int = 1536 * MiB) -> bytes:
    """gzip(gzip(`size` zeros)): 1.5 GiB gives about 2.6 KB. Named `.fit` in the issue."""
    inner = gzip_member(deflate_repeated(bytes(_STEP), size))
    return gzip.compress(inner, 9, mtime=0)


BZIP2_BLOCK_ZEROS = 45 * 1000 * 1000  # zeros that fit one bzip2 block after its run-length step


def bzip2_member(size: int = 1100 * 1000 * 1000, declared: int = 1000) -> bytes:
    """A zip whose bzip2 member declares `declared` bytes and expands to `size` zeros."""
    count = max(1, size // BZIP2_BLOCK_ZEROS)
    packed, crc, real = bzip2_blocks([(bytes(BZIP2_BLOCK_ZEROS), count)])
    return raw_zip([Entry("run.fit", 12, packed, crc if declared == real else 0, declared)])


def inner_zip(size: int = 1160 * MiB, method: int = 8) -> bytes:
    """A zip holding `inner.zip` (deflate or bzip2) that unpacks to a stored zip of `size`
    zeros: 1.16 GB from 1.2 MB (deflate) or about 1 KB (bzip2)."""
    member_crc = _zeros_crc(size)
    head, tail = _stored_zip_parts("zeros.fit", member_crc, size)
    if method == 8:
        deflated = deflate_repeated(bytes(_STEP), size, head, tail)
        return raw_zip([Entry("inner.zip", 8, deflated.data, deflated.crc, deflated.size)])
    count = max(1, size // BZIP2_BLOCK_ZEROS)
    zeros = count * BZIP2_BLOCK_ZEROS
    head, tail = _stored_zip_parts("zeros.fit", _zeros_crc(zeros), zeros)
    packed, crc, real = bzip2_blocks([(head, 1), (bytes(BZIP2_BLOCK_ZEROS), count), (tail, 1)])
    return raw_zip([Entry("inner.zip", 12, packed, crc, real)])


_GPX_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bomb" '
    b'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>bomb</name><trkseg>\n'
)
_GPX_POINT = (
    b'<trkpt lat="51.5000000" lon="-0.1000000"><ele>10.0</ele>'
    b"<time>2024-05-01T07:00:00Z</time></trkpt>\n"
)
_GPX_TAIL = b"</trkseg></trk></gpx>\n"


def gpx_gz(size: int = 640 * MiB) -> bytes:
    """A well-formed `.gpx.gz`: one track point after `size` bytes of blank space
    (about 640 KB at 640 MB)."""
    return gzip_member(deflate_repeated(b" " * _STEP, size, _GPX_HEAD, _GPX_POINT + _GPX_TAIL))


Builder = Callable[[], bytes]


def issue_bombs(scale: float = 1.0) -> dict[str, Builder]:
    """File name → builder, at the issue's sizes times `scale`."""

    def sized(count: int) -> int:
        return max(4 * MiB, int(count * scale))

    return {
        "double-gzip.fit": lambda: double_gzip(sized(1536 * MiB)),
        "bzip2-declares-1000.zip": lambda: bzip2_member(sized(3200 * 1000 * 1000)),
        "inner-zip-deflate.zip": lambda: inner_zip(sized(1160 * MiB), 8),
        "inner-zip-bzip2.zip": lambda: inner_zip(sized(1200 * 1000 * 1000), 12),
        "track.gpx.gz": lambda: gpx_gz(sized(640 * MiB)),
    }


def write_bombs(folder: Path, scale: float = 1.0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in issue_bombs(scale).items():
        path = folder / name
        path.write_bytes(build())
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a tool for measuring by hand
    target = Path(sys.argv[1])
    for path in write_bombs(target, float(sys.argv[2]) if len(sys.argv) > 2 else 1.0):
        print(f"{path.stat().st_size:>10,} {path}")
