"""Use case: `assess --batch`, one case per line in, one line out per case, in order.

The input is read in chunks of whole lines (about `CHUNK_BYTES` each) and
each chunk is assessed into one block of output lines, written in input
order. With N jobs this process and N - 1 workers (`batch_workers.py`) share
the chunks: a chunk goes to a worker that has fewer than
`IN_FLIGHT_PER_WORKER` and room for it in its pipe, else this process
assesses it itself, so every process stays busy and memory stays flat on any
input. Chunks travel as bytes both ways (never as pickled cases or
assessments), and each worker builds its engine once (under `fork`, where
there is one, it inherits the one built here).

Every line goes through `assessing.assess_line` with the same bytes, the same
line number and the same day wherever it is assessed, so the output is the
same, byte for byte, whatever the number of jobs.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import BinaryIO

from heelraise.app.assessing import assess_line, prepare_engine
from heelraise.app.batch_workers import HEADER, Worker, context, serve_chunks
from heelraise.app.clock import today
from heelraise.clinical.assess import Engine

CHUNK_BYTES = 1 << 17  # 128 KiB: 25 to 100 cases, a few ms of work; its result fits a pipe
IN_FLIGHT_PER_WORKER = 3  # one being assessed, two waiting in the pipe
HELD_LIMIT = 64  # chunks done and waiting behind a slower one: then wait for that one


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
    workers = [Worker(context(), _worker_main, (day,)) for _ in range(jobs - 1)]
    # In input order: a result assessed here, or the worker that holds the chunk.
    order: deque[bytes | Worker] = deque()
    try:
        for first_line, data in chunks:
            for worker in workers:
                worker.collect(wait=False)
            _write_ready(order, write)
            chosen = _least_busy(workers, HEADER + len(data))
            if chosen is None:
                order.append(assess_chunk(engine, first_line, data, day))
            else:
                chosen.send(first_line, data)
                order.append(chosen)
            while len(order) > HELD_LIMIT:
                _write_first(order, write)
        while order:
            _write_first(order, write)
    except BaseException:
        for worker in workers:
            worker.close()
        raise
    for worker in workers:
        worker.stop()


def _least_busy(workers: list[Worker], size: int) -> Worker | None:
    """The worker to send a chunk of `size` bytes to now, or None: assess it here."""
    free = [w for w in workers if w.busy < IN_FLIGHT_PER_WORKER and w.can_take(size)]
    return min(free, key=lambda worker: worker.busy) if free else None


def _write_ready(order: deque[bytes | Worker], write: Callable[[bytes], object]) -> None:
    while order and (isinstance(order[0], bytes) or order[0].answers):
        _write_first(order, write)


def _write_first(order: deque[bytes | Worker], write: Callable[[bytes], object]) -> None:
    first = order.popleft()
    if isinstance(first, bytes):
        write(first)
        return
    if not first.answers:
        first.collect(wait=True)
    write(first.answers.popleft())


def _worker_main(chunks: Connection, results: Connection, day: dt.date) -> None:
    engine = settle_memory()  # under fork: the engine built before the fork
    serve_chunks(chunks, results, lambda first, data: assess_chunk(engine, first, data, day))


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
