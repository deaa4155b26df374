"""The app's own OpenAPI document, checked by schemathesis against the running app: for a
fixed seed and a bounded number of examples per operation, no 5xx, every status,
content type and header as documented, responses matching their schemas, valid
input accepted and invalid input refused.

Runs on the app without accounts (the local single-user mode), on a fresh SQLite
journal with one person `me`, so the person routes reach the database. The counts
are written to `screenshots/schemathesis.json` (ignored by git) for reports."""

from __future__ import annotations

import atexit
import datetime as dt
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import orjson
import schemathesis
from hypothesis import HealthCheck, reject, settings
from hypothesis import seed as hypothesis_seed

from heelraise.app.onboarding import init_from_case
from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings
from tests.factories import case_document
from tests.web.browser import SCREENSHOTS

SEED = 20261205
EXAMPLES = 50  # per operation and phase: 17 operations in well under a minute on 2 cores
BASE_URL = "http://127.0.0.1:8000"

_HOME = Path(tempfile.mkdtemp(prefix="heelraise-schemathesis-"))
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
_URL = f"sqlite:///{_HOME / 'journal.sqlite3'}"
_case = case_document(as_of=dt.date.today().isoformat())
init_from_case(_URL, "me", orjson.dumps(_case))
# schemathesis's ASGI client names the host `testserver`; every other name still gets 400.
APP = create_app(WebSettings(database_url=_URL, allowed_hosts=("testserver",)))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)

COUNTS: Counter[str] = Counter()


@schemathesis.serializer("application/x-ndjson")
def _json_lines(_context: object, value: object) -> bytes:
    """`POST /api/assess/batch` takes JSON lines: a generated string is sent as it is."""
    return str(value).encode()


# Left out: "schema-valid request rejected". A schema cannot say "no date after today",
# "one check-in a day" or "exactly one VISA-A item 8 answer", so such requests are
# refused with a documented 422; every response must still match the schema.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


@schema.parametrize()
@hypothesis_seed(SEED)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=False,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_its_own_schema(case: schemathesis.Case) -> None:
    if case.path == "/api/assess/batch" and not isinstance(case.body, str):
        reject()  # JSON lines are text: a non-text "body" has no form on the wire
    response = case.call_and_validate(base_url=BASE_URL, excluded_checks=EXCLUDED)
    COUNTS[f"{case.method} {case.path}"] += 1
    COUNTS["examples"] += 1
    COUNTS[f"status {response.status_code}"] += 1
    assert response.status_code < 500
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "schemathesis.json").write_text(
        json.dumps({"seed": SEED, "max_examples": EXAMPLES, **COUNTS}, indent=1, sort_keys=True)
    )
