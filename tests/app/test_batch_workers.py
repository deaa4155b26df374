"""The batch's worker processes: results in order, a failure named, never a hang."""

from __future__ import annotations

import io
import os
import sys

import pytest

from heelraise.app import batch
from heelraise.app.batch_workers import FRAMING, Worker, WorkerFailed, context

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the workers are forked here")

LINES = b"".join(b'{"not": "a case %d"}\n' % number for number in range(400))


def _run(jobs: int) -> bytes:
    written: list[bytes] = []
    batch.run_batch(io.BytesIO(LINES), written.append, jobs=jobs, chunk_bytes=512)
    return b"".join(written)


def test_many_small_chunks_come_back_in_order() -> None:
    assert _run(3) == _run(2) == _run(1)
    assert _run(1).count(b"\n") == 400


def test_a_worker_that_raises_is_named_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = os.getpid()
    assess = batch.assess_chunk

    def failing_in_workers(*args: object) -> bytes:
        if os.getpid() != here:
            raise ValueError("something broke in the engine")
        return assess(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "assess_chunk", failing_in_workers)
    with pytest.raises(WorkerFailed, match="something broke in the engine"):
        _run(2)


def test_a_worker_that_dies_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    here = os.getpid()
    assess = batch.assess_chunk

    def dying_in_workers(*args: object) -> bytes:
        if os.getpid() != here:
            os._exit(3)
        return assess(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "assess_chunk", dying_in_workers)
    with pytest.raises(WorkerFailed, match="exit status 3"):
        _run(2)


def test_a_chunk_is_sent_only_when_the_pipe_holds_it() -> None:
    worker = Worker(context(), _idle, ())
    try:
        worker.capacity = 1000
        assert worker.can_take(5000)  # idle: it reads whatever it is sent
        worker.sizes.extend([900])
        assert worker.can_take(1000 - 2 * FRAMING)  # the first is being assessed
        assert not worker.can_take(1001)
        worker.sizes.extend([600])
        assert worker.can_take(400 - 3 * FRAMING)
        assert not worker.can_take(401)
    finally:
        worker.sizes.clear()
        worker.stop()


def _idle(chunks: object, results: object) -> None:
    return None
