"""The reader registry: detection by content and name, gzip, plugins, lazy FIT."""

from __future__ import annotations

import gzip
import importlib.util
import textwrap
from pathlib import Path

import pytest

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.readers import ReaderRegistry, build_registry

FIT_RUN = "goldencheetah/test__runs__10kUNLP2014-Garmin15.fit"


def test_fit_routes_to_the_registered_reader_by_magic(
    corpus: Path, fit_registry: ReaderRegistry
) -> None:
    data = (corpus / FIT_RUN).read_bytes()
    [by_name] = fit_registry.read_bytes(data, "run.fit")
    [by_magic] = fit_registry.read_bytes(data, "upload_123.bin")
    [zipped] = fit_registry.read_bytes(gzip.compress(data), "run.fit.gz")
    assert by_name.distance_km == by_magic.distance_km == zipped.distance_km
    assert by_name.content_hash == zipped.content_hash
    assert by_name.sport == "run"


def test_non_activity_fit_is_not_an_activity(corpus: Path, fit_registry: ReaderRegistry) -> None:
    with pytest.raises(NotAnActivity, match="settings"):
        fit_registry.read_path(corpus / "python-fitparse" / "tests__files__Settings.fit")


def test_builtin_fit_entry_imports_the_fit_module_lazily(corpus: Path) -> None:
    registry = build_registry(plugins=False)
    data = (corpus / FIT_RUN).read_bytes()
    if importlib.util.find_spec("heelraise.training.fit") is None:
        with pytest.raises(ImportFailed, match="FIT files cannot be read"):
            registry.read_bytes(data, "run.fit")
    else:  # the FIT reader has landed: the same entry now reads the file
        [summary] = registry.read_bytes(data, "run.fit")
        assert summary.distance_km == pytest.approx(10.011, abs=0.01)


def test_content_beats_the_name(corpus: Path) -> None:
    registry = build_registry(plugins=False)
    data = (corpus / "goldencheetah" / "test__runs__10kUNLP2014-Garmin15.tcx").read_bytes()
    [summary] = registry.read_bytes(data, "mislabelled.gpx")
    assert summary.device == "Forerunner 15"


def test_unknown_files_are_not_activities() -> None:
    registry = build_registry(plugins=False)
    with pytest.raises(NotAnActivity, match="not a file type"):
        registry.read_bytes(b"\x89PNG\r\n", "photo.png")
    assert not registry.claims_name("photo.png")
    assert registry.claims_name("RUN.FIT")
    assert registry.claims_name("ride.tcx.gz")


def test_entry_point_plugins_are_registered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "heelraise_test_plugin.py").write_text(
        textwrap.dedent(
            """
            from heelraise.errors import NotAnActivity
            from heelraise.training.readers import ReaderSpec

            def _read(data, source):
                raise NotAnActivity(source, "a test plugin file")

            def register_readers(register):
                register(ReaderSpec("xyz", _read, (".xyz",)))
            """
        )
    )
    info = tmp_path / "heelraise_test_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: heelraise-test-plugin\n")
    (info / "entry_points.txt").write_text(
        "[heelraise.readers]\nxyz = heelraise_test_plugin:register_readers\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = build_registry()
    assert "xyz" in [spec.name for spec in registry.specs]
    with pytest.raises(NotAnActivity, match="test plugin"):
        registry.read_bytes(b"anything", "file.xyz")
