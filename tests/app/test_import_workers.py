"""How an import's worker processes start (`app.imports._context`)."""

from __future__ import annotations


def test_workers_are_forked_only_from_a_process_running_no_other_thread() -> None:
    import threading

    from heelraise.app import imports

    assert imports._context().get_start_method() == "fork"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # as a web server's, or Rich's refresh
    other.start()
    try:
        assert imports._context().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()
