"""One decompression budget for every path an import takes.

Everything an import decompresses goes through here: gzip at any layer (a
`.fit.gz`, a gzip inside a gzip, a `.gz` inside a zip), zip members by any
method heelraise reads (stored, deflate, bzip2, lzma) and nested zips spooled
to a temporary file. The limits are `[decompression]` in
`knowledge/inference.toml` (`DecompressionLimits`), and one `Budget` carries
them through one import.

Bytes are counted as they are produced, never taken from a size an archive
or gzip trailer declares. Compressed input is fed `IN_CHUNK` bytes at a time
and each decompressor gives at most `OUT_CHUNK` bytes per step, so memory
never holds more than one file's permitted output. Reading stops at the first
limit crossed, with a `TooLarge` naming it:

- one file (after every layer): `max_file_bytes`;
- everything decompressed in the import: `max_total_bytes`;
- bytes out per byte stored, once past `ratio_floor_bytes`: `max_ratio`
  (checked at every layer against the bytes read from disk or the archive);
- containers inside what was given (zips in zips, gzip layers): `max_depth`;
- archive members, nested ones included: `max_entries` (see `archives`);
- temporary disk for spooled nested archives: `max_temp_bytes`.
"""

from __future__ import annotations

import bz2
import copy
import dataclasses
import io
import lzma
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Protocol

from heelraise.errors import ImportFailed, TooLarge
from heelraise.knowledge.importing import DecompressionLimits, import_rules, size_text

GZIP_MAGIC = b"\x1f\x8b"
IN_CHUNK = 64 * 1024  # compressed bytes fed to a decompressor per step
OUT_CHUNK = 256 * 1024  # at most this many bytes out of a decompressor per step
MAX_LZMA_DICTIONARY = 64 * 1024**2  # the largest LZMA preset (-9) uses 64 MB
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_DEFLATE_WBITS = -zlib.MAX_WBITS
READABLE_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}


@dataclasses.dataclass
class Budget:
    """What one import has decompressed so far, against its limits."""

    limits: DecompressionLimits
    produced: int = 0  # bytes out of every decompression layer, all files
    entries: int = 0  # archive members seen, nested archives included
    temp_bytes: int = 0  # bytes in temporary spool files now
    peak_temp_bytes: int = 0

    @classmethod
    def default(cls) -> Budget:
        """A fresh budget with the packaged limits."""
        return cls(import_rules().decompression)

    def take_temp(self, count: int) -> None:
        self.temp_bytes += count
        self.peak_temp_bytes = max(self.peak_temp_bytes, self.temp_bytes)

    def release_temp(self, count: int) -> None:
        self.temp_bytes -= count


class _Meter:
    """The counts of one file or member: bytes stored (read), bytes out of each layer."""

    def __init__(self, source: str, budget: Budget, cap: int, what: str) -> None:
        self.source = source
        self.budget = budget
        self.cap = cap
        self.what = what
        self.stored = 0

    def check(self, layer_total: int, step: int) -> None:
        """Count `step` more bytes out of a layer that has now given `layer_total`."""
        limits = self.budget.limits
        self.budget.produced += step
        if layer_total > self.cap:
            raise TooLarge(self.source, f"expands beyond the {size_text(self.cap)} {self.what}")
        if layer_total > limits.ratio_floor_bytes and layer_total > limits.max_ratio * max(
            self.stored, 1
        ):
            raise TooLarge(
                self.source,
                f"expands more than {limits.max_ratio:g} times its stored size "
                "(a decompression bomb?); not read",
            )
        if self.budget.produced > limits.max_total_bytes:
            raise TooLarge(
                self.source,
                f"not read: the import reached its limit of "
                f"{size_text(limits.max_total_bytes)} decompressed in all",
            )


class _Stream(Protocol):
    """A decompressor fed chunk by chunk."""

    eof: bool

    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> bytes: ...

    def unused(self) -> bytes: ...


class _Zlib:
    """Deflate (raw, for zip) or gzip (one member), bounded output per step."""

    def __init__(self, wbits: int) -> None:
        self._inflater = zlib.decompressobj(wbits)
        self.eof = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self.eof:
            out = self._inflater.decompress(data, OUT_CHUNK)
            data = self._inflater.unconsumed_tail
            self.eof = self._inflater.eof
            if out:
                yield out

    def finish(self) -> bytes:
        # No input left: only the few bytes of a match cut short by OUT_CHUNK remain.
        out = self._inflater.flush(OUT_CHUNK)
        self.eof = self._inflater.eof
        return out

    def unused(self) -> bytes:
        return self._inflater.unused_data


class _Buffered:
    """bzip2 or raw LZMA: `decompress(data, max_length)` with `needs_input`."""

    def __init__(self, inflater: bz2.BZ2Decompressor | lzma.LZMADecompressor) -> None:
        self._inflater = inflater
        self.eof = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.eof or not data:
            return
        out = self._inflater.decompress(data, OUT_CHUNK)
        self.eof = self._inflater.eof
        if out:
            yield out
        while not self.eof and not self._inflater.needs_input:
            out = self._inflater.decompress(b"", OUT_CHUNK)
            self.eof = self._inflater.eof
            if out:
                yield out

    def finish(self) -> bytes:
        return b""

    def unused(self) -> bytes:
        return self._inflater.unused_data


class _ZipLzma:
    """Zip's LZMA: a 4-byte header and the LZMA1 properties, then a raw LZMA1 stream."""

    def __init__(self) -> None:
        self._header = b""
        self._inner: _Buffered | None = None
        self.eof = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._inner is None:
            self._header += data
            if len(self._header) < 4:
                return
            size = int.from_bytes(self._header[2:4], "little")
            if len(self._header) < 4 + size:
                return
            self._inner = _Buffered(_lzma1(self._header[4 : 4 + size]))
            data = self._header[4 + size :]
        yield from self._inner.feed(data)
        self.eof = self._inner.eof

    def finish(self) -> bytes:
        return b""

    def unused(self) -> bytes:
        return b"" if self._inner is None else self._inner.unused()


def _lzma1(properties: bytes) -> lzma.LZMADecompressor:
    """A raw LZMA1 decoder for zip's 5-byte properties (lc, lp, pb; dictionary size)."""
    if len(properties) != 5:
        raise lzma.LZMAError("bad LZMA properties")
    packed = properties[0]
    if packed >= 9 * 5 * 5:
        raise lzma.LZMAError("bad LZMA properties")
    dictionary = int.from_bytes(properties[1:5], "little")
    if dictionary > MAX_LZMA_DICTIONARY:
        raise lzma.LZMAError(f"LZMA dictionary of {size_text(dictionary)}, more than any preset")
    lc, rest = packed % 9, packed // 9
    lp, pb = rest % 5, rest // 5
    options = {"id": lzma.FILTER_LZMA1, "lc": lc, "lp": lp, "pb": pb, "dict_size": dictionary}
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[options])


def _method_stream(method: int) -> _Stream:
    if method == zipfile.ZIP_DEFLATED:
        return _Zlib(_DEFLATE_WBITS)
    if method == zipfile.ZIP_BZIP2:
        return _Buffered(bz2.BZ2Decompressor())
    if method == zipfile.ZIP_LZMA:
        return _ZipLzma()
    raise NotImplementedError(f"compression method {method}")


_CORRUPT = (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError)


def _raw(read: Callable[[int], bytes], meter: _Meter) -> Iterator[bytes]:
    """The stored bytes in `IN_CHUNK` pieces; counts them, and they count as the first layer."""
    while chunk := read(IN_CHUNK):
        meter.stored += len(chunk)
        if meter.stored > meter.cap:
            raise TooLarge(meter.source, f"is larger than the {size_text(meter.cap)} {meter.what}")
        yield chunk


def _metered(stream: Iterator[bytes], meter: _Meter) -> Iterator[bytes]:
    total = 0
    for out in stream:
        total += len(out)
        meter.check(total, len(out))
        yield out


def _gunzip(chunks: Iterator[bytes], source: str, *, partial_ok: bool) -> Iterator[bytes]:
    """Every gzip member in turn; bytes after the last member that are not gzip are ignored."""
    stream = _Zlib(_GZIP_WBITS)
    try:
        for chunk in chunks:
            data = chunk
            while data:
                if stream.eof:
                    if not data.startswith(GZIP_MAGIC[: len(data)]):
                        return  # trailing bytes that are not another member
                    stream = _Zlib(_GZIP_WBITS)
                yield from stream.feed(data)
                data = stream.unused() if stream.eof else b""
        tail = stream.finish()
        if tail:
            yield tail
    except zlib.error as error:
        raise ImportFailed(source, f"not a valid gzip file ({error})") from None
    if not stream.eof and not partial_ok:
        raise ImportFailed(source, "gzip data is truncated")


def _peek(chunks: Iterator[bytes], count: int) -> tuple[bytes, Iterator[bytes]]:
    """The first `count` bytes (fewer at the end) and the whole stream again."""
    head = b""
    taken: list[bytes] = []
    for chunk in chunks:
        taken.append(chunk)
        head += chunk[: count - len(head)]
        if len(head) >= count:
            break

    def again() -> Iterator[bytes]:
        yield from taken
        yield from chunks

    return head, again()


def _unwrap(
    chunks: Iterator[bytes], meter: _Meter, depth: int, *, partial_ok: bool
) -> Iterator[bytes]:
    """The stream with every gzip layer taken off, each layer metered, depth-limited."""
    while True:
        head, chunks = _peek(chunks, len(GZIP_MAGIC))
        if head != GZIP_MAGIC:
            return chunks
        depth += 1
        limit = meter.budget.limits.max_depth
        if depth > limit:
            raise TooLarge(meter.source, f"is nested deeper than {limit} levels; not read")
        chunks = _metered(_gunzip(chunks, meter.source, partial_ok=partial_ok), meter)


def _collect(chunks: Iterator[bytes]) -> bytes:
    buffer = io.BytesIO()
    for chunk in chunks:
        buffer.write(chunk)
    return buffer.getvalue()  # shares the buffer: no second copy


def _file_meter(source: str, budget: Budget) -> _Meter:
    return _Meter(source, budget, budget.limits.max_file_bytes, "limit for one file")


def read_file(path: Path, source: str, budget: Budget | None = None, depth: int = 0) -> bytes:
    """A file's bytes with every gzip layer taken off, within the budget."""
    budget = budget or Budget.default()
    meter = _file_meter(source, budget)
    try:
        with path.open("rb") as handle:
            return _collect(_unwrap(_raw(handle.read, meter), meter, depth, partial_ok=False))
    except OSError as error:
        raise ImportFailed(source, f"cannot be read ({error.strerror or error})") from error


def inflate_bytes(
    data: bytes,
    source: str,
    budget: Budget | None = None,
    *,
    depth: int = 0,
    partial_ok: bool = False,
) -> bytes:
    """Bytes with every gzip layer taken off, within the budget; plain bytes come back as
    they are. `partial_ok` keeps what a cut-off gzip stream holds instead of failing."""
    if not data.startswith(GZIP_MAGIC):
        return data
    budget = budget or Budget.default()
    meter = _file_meter(source, budget)
    view = memoryview(data)
    offset = 0

    def read(count: int) -> bytes:
        nonlocal offset
        piece = bytes(view[offset : offset + count])
        offset += len(piece)
        return piece

    return _collect(_unwrap(_raw(read, meter), meter, depth, partial_ok=partial_ok))


def _member_chunks(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, meter: _Meter
) -> Iterator[bytes]:
    """A member's bytes, decompressed by its method with our own bounded decompressor.

    zipfile is asked only for the stored bytes (a copy of the entry read as
    `stored`): its own bzip2 and lzma readers decompress a whole input chunk at
    once, however much it expands. The CRC-32 is checked at the end, and a
    member giving more than it declares is corrupt.
    """
    raw_info = copy.copy(info)
    raw_info.compress_type = zipfile.ZIP_STORED
    raw_info.file_size = info.compress_size
    del raw_info.CRC  # the CRC is of the decompressed bytes: checked below
    with archive.open(raw_info) as handle:
        stored = _raw(handle.read, meter)
        stream: _Stream | None = None
        if info.compress_type == zipfile.ZIP_STORED:
            out = stored
        else:
            stream = _method_stream(info.compress_type)
            out = (piece for chunk in stored for piece in stream.feed(chunk))
        crc = 0
        total = 0
        for piece in _metered(out, meter):
            crc = zlib.crc32(piece, crc)
            total += len(piece)
            if total > info.file_size:
                raise ImportFailed(
                    meter.source,
                    f"corrupt archive member (more data than the {info.file_size:,} bytes "
                    "it declares)",
                )
            yield piece
        ended = True
        if stream is not None:
            tail = stream.finish()
            crc = zlib.crc32(tail, crc)
            total += len(tail)
            if tail:
                yield tail
            # Raw LZMA1 may end without an end marker: then the declared size ends it.
            ended = stream.eof or info.compress_type == zipfile.ZIP_LZMA
        if not ended or total != info.file_size:
            raise ImportFailed(meter.source, "corrupt archive member (cut short)")
        if crc != info.CRC:
            raise ImportFailed(meter.source, "corrupt archive member (bad CRC-32)")


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, budget: Budget, depth: int
) -> bytes:
    """One member's bytes (every gzip layer inside taken off), within the budget.

    `depth` is how many containers this member already sits in below what was given.
    Raises `TooLarge` at a limit and `ImportFailed` for a damaged member.
    """
    meter = _file_meter(source, budget)
    try:
        chunks = _member_chunks(archive, info, meter)
        return _collect(_unwrap(chunks, meter, depth, partial_ok=False))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, *_CORRUPT) as error:
        raise ImportFailed(source, f"corrupt archive member ({_first_line(error)})") from None


def spool_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, budget: Budget, spool: IO[bytes]
) -> int:
    """Copy a nested archive member into `spool` within the budget; the bytes written.

    The bytes count as temporary disk until the caller calls `budget.release_temp`.
    """
    room = budget.limits.max_temp_bytes - budget.temp_bytes
    if room <= 0:
        limit = size_text(budget.limits.max_temp_bytes)
        raise TooLarge(source, f"not read: temporary files would pass the {limit} limit")
    meter = _Meter(source, budget, room, "limit for temporary files")
    written = 0
    try:
        for piece in _member_chunks(archive, info, meter):
            spool.write(piece)
            written += len(piece)
            budget.take_temp(len(piece))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, *_CORRUPT) as error:
        budget.release_temp(written)
        raise ImportFailed(source, f"corrupt archive member ({_first_line(error)})") from None
    except ImportFailed:
        budget.release_temp(written)
        raise
    return written


def _first_line(error: BaseException) -> str:
    text = str(error).splitlines()
    return text[0] if text else type(error).__name__
