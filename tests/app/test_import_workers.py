"""How an import's worker processes start (`app.imports._context`).

Asked in a fresh interpreter: a full test run may have other tests' threads alive
in this process, and the rule is about the threads of the process that imports."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

CHOICE = """
import threading
from heelraise.app import imports
print(imports._context().get_start_method())
stop = threading.Event()
other = threading.Thread(target=stop.wait)  # as a web server's, or Rich's refresh
other.start()
print(imports._context().get_start_method())
stop.set()
other.join()
print(imports._context().get_start_method())
"""


def test_workers_are_forked_only_from_a_process_running_no_other_thread() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHOICE], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["fork", "forkserver", "fork"]
