"""Use case: `assess --batch`, one case per line in, one line out per case, in order.

The input is read in chunks of whole lines (about `CHUNK_BYTES` each) and
each chunk is assessed into one block of output lines. With one job the
chunks are assessed here; with several, a pool of processes assesses them and
the blocks are written in input order as they come back. Chunks travel as
bytes both ways (never as pickled cases or assessments), each worker builds
its engine once (under `fork` it inherits the one built here), and at most a
few chunks per worker are in flight, so memory stays flat on any input.

Either way every line goes through `assessing.assess_line` with the same
bytes, the same line number and the same day, so the output is the same, byte
for byte, whatever the number of jobs.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import BinaryIO

from heelraise.app.assessing import assess_line, prepare_engine
from heelraise.app.clock import today
from heelraise.clinical.assess import Engine

CHUNK_BYTES = 1 << 18  # 256 KiB: about 100 to 200 cases, a few ms of work each
IN_FLIGHT_PER_JOB = 4


def run_batch(
    stream: BinaryIO,
    write: Callable[[bytes], object],
    jobs: int = 1,
    chunk_bytes: int = CHUNK_BYTES,
) -> None:
    """Assess every line of `stream` and `write` the results, in order, with `jobs` processes."""
    engine = settle_memory()
    day = today()
    chunks = read_chunks(stream, chunk_bytes)
    if jobs <= 1:
        for first_line, data in chunks:
            write(assess_chunk(engine, first_line, data, day))
        return
    with ProcessPoolExecutor(
        jobs, mp_context=_context(), initializer=_start_worker, initargs=(day,)
    ) as pool:
        pending: deque[Future[bytes]] = deque()
        try:
            for first_line, data in chunks:
                pending.append(pool.submit(_assess_in_worker, first_line, data))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    write(pending.popleft().result())
            while pending:
                write(pending.popleft().result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def usable_cpus() -> int:
    """The CPUs this process may run on (what `--jobs 0` means)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def settle_memory() -> Engine:
    """Before a batch: build the engine, then keep the collector off everything built so far.

    Start-up leaves tens of thousands of long-lived objects (schemas, knowledge,
    the engine); frozen, the cyclic collector stops walking them again and
    again. Each case's objects are freed by reference counting as it goes, so
    collections can also run less often. (Forked workers inherit all of this.)
    """
    engine = prepare_engine()
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)
    return engine


def read_chunks(stream: BinaryIO, size: int = CHUNK_BYTES) -> Iterator[tuple[int, bytes]]:
    """(number of the first line, whole lines): about `size` bytes at a time, in order.

    A chunk ends with a newline, except the last when the input does not; a
    line longer than `size` makes one longer chunk. From a pipe, what has
    arrived is assessed without waiting for a full chunk (`read1`)."""
    read: Callable[[int], bytes] = getattr(stream, "read1", stream.read)
    number = 1
    held: list[bytes] = []
    while True:
        block = read(size)
        if not block:
            break
        cut = block.rfind(b"\n") + 1
        if cut == 0:
            held.append(block)
            continue
        data = b"".join([*held, block[:cut]]) if held else block[:cut]
        held = [block[cut:]] if cut < len(block) else []
        yield number, data
        number += data.count(b"\n")
    if held:
        yield number, b"".join(held)


def assess_chunk(engine: Engine, first_line: int, data: bytes, day: dt.date) -> bytes:
    """The output lines for a chunk of input lines (each ending with a newline)."""
    out: list[bytes] = []
    # BytesIO splits lines exactly as reading the file does: at b"\n", kept on the line.
    for number, line in enumerate(io.BytesIO(data), start=first_line):
        result = assess_line(engine, line, number, day)
        if result is not None:
            out.append(result)
    if not out:
        return b""
    out.append(b"")
    return b"\n".join(out)


def _context() -> multiprocessing.context.BaseContext:
    """fork where there is one (workers start at once, with the engine built here)."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_WORKER: tuple[Engine, dt.date] | None = None


def _start_worker(day: dt.date) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    _WORKER = (settle_memory(), day)


def _assess_in_worker(first_line: int, data: bytes) -> bytes:
    assert _WORKER is not None, f"worker {os.getpid()} was not started"
    engine, day = _WORKER
    return assess_chunk(engine, first_line, data, day)
