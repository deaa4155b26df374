"""Shared test fixtures: the real-file corpus and a stand-in FIT reader.

The real FIT reader (`heelraise.training.fit`) is written in parallel; until
it lands, `shim_read_fit` (fitdecode, session totals only) is registered
through the reader registry in the tests that need FIT routing.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import fitdecode
import pytest

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import content_hash
from heelraise.training.readers import ReaderRegistry, ReaderSpec, build_registry, is_fit
from heelraise.training.sports import normalise_sport

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def shim_read_fit(data: bytes, source: str) -> list[ActivitySummary]:
    """A test-only FIT reader: the first session's totals, via fitdecode."""
    file_type = None
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.DISABLED) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "file_id":
                    file_type = frame.get_value("type", fallback=None)
                    if file_type not in ("activity", 4):
                        raise NotAnActivity(source, f"a FIT {file_type} file, not an activity")
                elif frame.name == "session":
                    start = frame.get_value("start_time")
                    if start.tzinfo is None:
                        start = start.replace(tzinfo=dt.UTC)
                    sport = normalise_sport(str(frame.get_value("sport", fallback="other")))
                    return [
                        ActivitySummary(
                            start=start,
                            sport=sport.sport,
                            distance_km=(frame.get_value("total_distance", fallback=0) or 0) / 1000,
                            duration_min=(frame.get_value("total_timer_time", fallback=0) or 0)
                            / 60,
                            source=source,
                            content_hash=content_hash(data),
                        )
                    ]
    except fitdecode.FitError as error:
        raise ImportFailed(source, f"not a readable FIT file ({error})") from error
    raise NotAnActivity(source, "a FIT file without a session")


def shim_registry() -> ReaderRegistry:
    """Built-in readers with the FIT entry replaced by the shim."""
    registry = build_registry(plugins=False)
    registry.register(ReaderSpec("fit", shim_read_fit, (".fit",), is_fit))
    return registry


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real activity files (read in place, never copied in)."""
    if not CORPUS.is_dir():  # pragma: no cover - the corpus ships with the workspace
        pytest.fail(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture
def fit_registry() -> ReaderRegistry:
    """A registry whose FIT reader is the test shim."""
    return shim_registry()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder and no database URL from the environment."""
    home = tmp_path / "home"
    monkeypatch.setenv("HEELRAISE_HOME", str(home))
    monkeypatch.delenv("HEELRAISE_DATABASE_URL", raising=False)
    return home
