"""The worker processes of `assess --batch --jobs N`: chunks out, results back, over pipes.

Each worker has two pipes of its own: chunks in (the number of the first line,
then the bytes of whole lines), assessed lines out. There is no helper thread
on either side: a thread that feeds workers waits for the interpreter lock
while this process assesses chunks itself, and the workers starve. So this
process only ever writes a chunk that the worker's pipe can hold at once
(the pipes are widened to 1 MiB where the system allows), and reads results
whenever it looks up from its own work; a worker never waits on this process
except to hand back a result that does not fit its pipe.

A worker that fails sends its traceback instead of a result (a NUL byte first,
which no output line starts with); one that dies is noticed as an end of file.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

WIDE_PIPE = 1 << 20  # Linux's default /proc/sys/fs/pipe-max-size
HEADER = 8  # bytes of the first line's number in front of each chunk
FRAMING = 16  # what Connection.send_bytes adds around a message, at most
FAILED = b"\0"
STOP = b""


class WorkerFailed(RuntimeError):
    """A worker raised, or died, while assessing a chunk."""


class Worker:
    """One worker process, the pipes to it, and what it holds (in the order it was sent)."""

    def __init__(self, context: BaseContext, target: Callable[..., None], args: tuple[Any, ...]):
        chunks_out, self._chunks = context.Pipe(duplex=False)
        self._results, results_in = context.Pipe(duplex=False)
        self.capacity = _widen(self._chunks)
        _widen(results_in)
        self.process = context.Process(  # type: ignore[attr-defined]
            target=target, args=(chunks_out, results_in, *args), daemon=True
        )
        self.process.start()
        chunks_out.close()  # the worker's ends: closed here, so its exit shows as end of file
        results_in.close()
        self.sizes: deque[int] = deque()  # bytes of each chunk sent and not yet answered
        self.answers: deque[bytes] = deque()  # results received and not yet written

    @property
    def busy(self) -> int:
        """Chunks given and not yet answered."""
        return len(self.sizes)

    def can_take(self, size: int) -> bool:
        """Whether a chunk of `size` bytes goes into the pipe now, without waiting.

        The first chunk the worker holds is being assessed (or read), so it no
        longer fills the pipe; an idle worker reads whatever it is sent."""
        if not self.sizes:
            return True
        waiting = sum(self.sizes) - self.sizes[0]
        return waiting + (len(self.sizes) - 1) * FRAMING + size + FRAMING <= self.capacity

    def send(self, first_line: int, data: bytes) -> None:
        try:
            self._chunks.send_bytes(first_line.to_bytes(HEADER, "little") + data)
        except OSError:  # the worker is gone (a broken pipe)
            raise self._stopped() from None
        self.sizes.append(HEADER + len(data))

    def collect(self, *, wait: bool) -> None:
        """Take in the results that have arrived (with `wait`: at least one)."""
        while self.sizes and (wait or self._results.poll(0)):
            wait = False
            try:
                answer = self._results.recv_bytes()
            except (EOFError, OSError):
                raise self._stopped() from None
            if answer[:1] == FAILED:
                raise WorkerFailed("a batch worker failed:\n" + answer[1:].decode())
            self.sizes.popleft()
            self.answers.append(answer)

    def _stopped(self) -> WorkerFailed:
        self.process.join(timeout=5)
        return WorkerFailed(f"a batch worker stopped (exit status {self.process.exitcode})")

    def stop(self) -> None:
        """Ask the worker to finish (after what it holds), then wait for it."""
        with contextlib.suppress(OSError):
            self._chunks.send_bytes(STOP)
        self.process.join(timeout=5)
        self.close()

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
        self._chunks.close()
        self._results.close()


def context() -> BaseContext:
    """fork where there is one: workers start at once, with everything built here."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def serve_chunks(
    chunks: Connection,
    results: Connection,
    assess: Callable[[int, bytes], bytes],
) -> None:
    """The worker's loop: each chunk in, its result out, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    while True:
        try:
            message = chunks.recv_bytes()
        except EOFError:
            return
        if message == STOP:
            return
        try:
            answer = assess(int.from_bytes(message[:HEADER], "little"), message[HEADER:])
        except BaseException:
            results.send_bytes(FAILED + traceback.format_exc().encode())
            return
        results.send_bytes(answer)


def _widen(connection: Connection) -> int:
    """Make the pipe hold `WIDE_PIPE` bytes where the system allows; what it surely holds
    now (0 where that cannot be known: then a worker is only sent a chunk when idle)."""
    if sys.platform != "linux":
        return 0
    import fcntl

    try:
        return int(fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, WIDE_PIPE))
    except OSError:
        try:
            return int(fcntl.fcntl(connection.fileno(), fcntl.F_GETPIPE_SZ))
        except OSError:
            return 0
