"""Archives: Garmin and Strava layouts, hostile members, limits and source names."""

from __future__ import annotations

from pathlib import Path

import pytest

from heelraise.knowledge.importing import DecompressionLimits, import_rules
from heelraise.training.archives import (
    Budget,
    Listed,
    Member,
    Parsed,
    Skip,
    iter_archive,
    unsafe_name,
)
from heelraise.training.readers import ReaderRegistry
from tests.archive_builders import (
    GARMIN_OLD_PART,
    GARMIN_PART,
    garmin_export,
    hostile_zip,
    nested_zip,
    strava_export,
    zip_bytes,
)


def _budget(**changes: float) -> Budget:
    """A budget with the packaged limits, some changed (validated like the file)."""
    limits = import_rules().decompression.model_dump()
    return Budget(DecompressionLimits.model_validate(limits | changes))


@pytest.mark.parametrize("part", [GARMIN_PART, GARMIN_OLD_PART])
def test_garmin_members_come_from_the_nested_zip(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry, part: str
) -> None:
    archive = garmin_export(corpus, tmp_path / "garmin.zip", part)
    items = list(iter_archive(archive, fit_registry.claims_name))
    [listed] = [item for item in items if isinstance(item, Listed)]  # Garmin's own list
    assert listed.listing.summaries == []
    members = [item for item in items if not isinstance(item, Listed)]
    assert all(isinstance(item, Member) for item in members)
    assert [item.source for item in members] == [
        f"{archive}!{part}!me@example.com_{n}.fit" for n in (101, 102, 103, 104)
    ]


def test_strava_files_join_the_csv(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    archive = strava_export(corpus, tmp_path / "export_1.zip")
    items = list(iter_archive(archive, fit_registry.claims_name))
    members = {item.source.rsplit("!", 1)[1]: item for item in items if isinstance(item, Member)}
    assert set(members) == {
        "activities/1001.tcx.gz",
        "activities/1002.fit.gz",
        "activities/2002.gpx",
    }
    run = members["activities/1001.tcx.gz"]
    assert run.overlay is not None
    assert (run.overlay.name, run.overlay.sport, run.overlay.shoe) == (
        "Parkrun 10k",
        "run",
        "Pegasus 31",
    )
    assert members["activities/2002.gpx"].overlay is None
    [manual] = [item for item in items if isinstance(item, Parsed)]
    assert manual.summaries[0].name == "Morning yoga"
    assert manual.summaries[0].sport == "yoga"
    [summary] = fit_registry.read_bytes(run.data, run.source)
    joined = run.overlay.apply(summary)
    assert joined.name == "Parkrun 10k"
    assert joined.shoe == "Pegasus 31"
    assert joined.distance_km == pytest.approx(10.011, abs=0.001)  # from the file


def test_hostile_members_are_skipped_with_reasons(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    archive = hostile_zip(corpus, tmp_path / "hostile.zip")
    items = list(iter_archive(archive, fit_registry.claims_name))
    skips = {item.source.split("!", 1)[1]: item.reason for item in items if isinstance(item, Skip)}
    assert "unsafe member name" in skips["../evil.gpx"]
    assert "unsafe member name" in skips["/etc/absolute.gpx"]
    assert "decompression bomb" in skips["bomb.gpx"]
    assert "corrupt archive member" in skips["broken.gpx"]
    assert all("\n" not in reason for reason in skips.values())
    [good] = [item for item in items if isinstance(item, Member)]
    assert good.source.endswith("!fine/ride.gpx")


def test_nesting_deeper_than_the_limit_is_refused(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    ok = list(iter_archive(nested_zip(corpus, tmp_path / "two.zip", 2), fit_registry.claims_name))
    assert [type(item) for item in ok] == [Member]
    assert ok[0].source.count("!") == 3
    deep = list(iter_archive(nested_zip(corpus, tmp_path / "3.zip", 3), fit_registry.claims_name))
    [refused] = deep
    assert isinstance(refused, Skip)
    assert "nested deeper" in refused.reason


def test_entry_count_limit(tmp_path: Path, fit_registry: ReaderRegistry) -> None:
    archive = tmp_path / "many.zip"
    archive.write_bytes(zip_bytes({f"{n}.gpx": b"<gpx/>" for n in range(5)}))
    items = list(iter_archive(archive, fit_registry.claims_name, _budget(max_entries=3)))
    assert len(items) == 1
    assert isinstance(items[0], Skip)
    assert "more than 3" in items[0].reason


def test_total_size_limit(corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry) -> None:
    archive = strava_export(corpus, tmp_path / "export.zip")
    budget = _budget(max_total_bytes=20_000, max_file_bytes=20_000, ratio_floor_bytes=0)
    items = list(iter_archive(archive, fit_registry.claims_name, budget))
    assert any(isinstance(item, Skip) and "decompressed in all" in item.reason for item in items)


def test_not_a_zip(tmp_path: Path, fit_registry: ReaderRegistry) -> None:
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"PK\x03\x04 but not really")
    [item] = list(iter_archive(fake, fit_registry.claims_name))
    assert isinstance(item, Skip)
    assert "not a readable zip" in item.reason


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [
        ("../x.fit", True),
        ("a/../../x.fit", True),
        ("/abs.fit", True),
        ("C:\\x.fit", True),
        ("a\\..\\x.fit", True),
        ("activities/1.fit.gz", False),
        ("a..b.fit", False),
    ],
)
def test_unsafe_names(name: str, unsafe: bool) -> None:
    assert unsafe_name(name) is unsafe
