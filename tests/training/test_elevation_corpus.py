"""The glitch filter on real files: absurd climbs go, clean tracks keep their gain.

Corpus files are read in place from `../shared/corpus`, never copied here.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import fitdecode
import pytest

from heelraise.errors import ImportFailed
from heelraise.training import gpx, tcx
from heelraise.training.elevation import Altitudes, AltitudeSample, elevation_gain
from heelraise.training.fit import read_fit
from heelraise.training.fit.fallback import decode_in_full
from heelraise.training.inference import is_hill_session
from tests.training.test_fit import corpus_file, fit_bytes, needs_corpus

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
XML_FILES = sorted(CORPUS.rglob("*.gpx")) + sorted(CORPUS.rglob("*.tcx"))
HYSTERESIS_M = 3.0

# Files whose climb the filter lowers, and why (checked sample by sample).
LOWERED = {
    # 15-17 m jumps within one second, twice: GPS glitches.
    "test__rides__2008_12_28_08_13_27.tcx",
    # The first sample sits 20 m off the rest (11 m, then -9 m a second later).
    "test__rides__2009_01_09_11_13_14.tcx",
    # The barometer settling at the start: 1,258 m to 2,337 m within seconds.
    "tcxreader__tests__data__cross-country-skiing_activity_1.tcx",
    # Points without times: GPS altitude noise of 30-60 m between points tens of
    # metres apart (the gradient limit), e.g. 740, 807, 747, 792 m in 100 m of ground.
    "test_files__cerknicko-without-times.gpx",
    "test_files__korita-zbevnica.gpx",
}


def _record_altitudes(data: bytes) -> list[float]:
    """Every record altitude fitdecode decodes, as it decodes them."""
    altitudes: list[float] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.DISABLED) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                    value = frame.get_value("enhanced_altitude", fallback=None)
                    if value is None:
                        value = frame.get_value("altitude", fallback=None)
                    if isinstance(value, int | float):
                        altitudes.append(float(value))
    return altitudes


@needs_corpus
def test_the_gear_change_file_has_a_plausible_climb() -> None:
    """Its records swing from -400 m to 12,600 m (fitdecode agrees); it has no session,
    so the climb comes from the records alone. The real ride climbs from about 1,085 m
    to 1,210 m and back to 1,165 m over 12.5 km."""
    data = fit_bytes(corpus_file("WithGearChangeData.fit"))
    altitudes = _record_altitudes(data)
    assert min(altitudes) <= -400 and max(altitudes) >= 12_600
    assert elevation_gain(altitudes, HYSTERESIS_M) > 800_000  # the climb we used to report
    summary = read_fit(data, "WithGearChangeData.fit")
    assert summary.elevation_gain_m is not None
    assert 90 <= summary.elevation_gain_m <= 200
    assert not is_hill_session(summary.distance_km, summary.elevation_gain_m)
    assert summary.kind is None
    [session] = decode_in_full(data).usable_sessions  # fitdecode's path, the same rule
    assert session.ascent_m == pytest.approx(summary.elevation_gain_m)


@needs_corpus
def test_altitudes_all_at_the_fit_zero_give_no_climb() -> None:
    """A Forerunner 55 file whose records all sit at -500 m or -487 m (a raw altitude
    of 0 is -500 m): no plausible altitude, so no climb rather than 1,190 m in 0.7 km."""
    data = fit_bytes(corpus_file("FR55-loaded-and-saved-via-GC.fit"))
    assert elevation_gain(_record_altitudes(data), HYSTERESIS_M) > 1000
    assert read_fit(data, "FR55.fit").elevation_gain_m is None


@pytest.mark.parametrize("path", XML_FILES, ids=lambda path: path.name)
def test_gpx_and_tcx_gains_are_unchanged_unless_a_glitch_was_dropped(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = gpx if path.suffix == ".gpx" else tcx
    tracks: list[list[AltitudeSample]] = []
    real_climb = module.track_climb

    def spy(samples: Iterable[AltitudeSample] | Altitudes) -> float | None:
        if isinstance(samples, Altitudes):  # the readers hand over columns
            samples = list(zip(samples.metres, samples.times, samples.distances, strict=True))
        tracks.append(list(samples))
        return real_climb(tracks[-1])

    monkeypatch.setattr(module, "track_climb", spy)
    read = gpx.read_gpx if module is gpx else tcx.read_tcx
    try:
        summaries = read(path.read_bytes(), path.name)
    except ImportFailed:  # NotAnActivity included: nothing to compare
        return
    assert len(tracks) == len(summaries)
    for summary, samples in zip(summaries, tracks, strict=True):
        unfiltered = elevation_gain([sample[0] for sample in samples], HYSTERESIS_M)
        if not samples:
            assert summary.elevation_gain_m is None
        elif path.name in LOWERED:
            assert summary.elevation_gain_m is not None
            assert summary.elevation_gain_m < unfiltered
        else:
            assert summary.elevation_gain_m == pytest.approx(unfiltered)


def test_every_lowered_file_is_in_the_corpus() -> None:
    if not XML_FILES:
        pytest.skip(f"no corpus at {CORPUS}")
    assert {path.name for path in XML_FILES} >= LOWERED
