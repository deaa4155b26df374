"""Which reader reads which file: a small plugin registry.

Like llm's `register_models` hook, every reader is registered by a function
`register_readers(register)` that calls `register(ReaderSpec(...))`. The
built-in readers are registered here; other packages can add or replace
readers through the `heelraise.readers` entry-point group (a callable taking
`register`). A spec claims a file by content first (magic bytes such as the
FIT header's `.FIT`, `<gpx`, `<TrainingCenterDatabase`, a known CSV header),
then by file-name suffix. Gzip (`.gz`, or gzip magic) is unwrapped before
detection, through `training.inflate` within a decompression `Budget` (one per
import; a fresh one with the packaged limits when none is given). Registering
a spec under an existing name replaces it.

The FIT reader lives in `heelraise.training.fit` and is imported only when a
FIT file is read, so the rest works before (and without) it.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import cast

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training import inflate
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import strip_gz
from heelraise.training.csv_simple import looks_like_simple_csv, read_simple_csv
from heelraise.training.gpx import read_gpx
from heelraise.training.strava_csv import looks_like_strava_csv, read_strava_csv
from heelraise.training.tcx import read_tcx

ReadFn = Callable[[bytes, str], list[ActivitySummary]]
SniffFn = Callable[[bytes], bool]
Register = Callable[["ReaderSpec"], None]

ENTRY_POINT_GROUP = "heelraise.readers"
SNIFF_BYTES = 4096


@dataclasses.dataclass(frozen=True, slots=True)
class ReaderSpec:
    """One reader: its name, how it recognises a file and how it reads one."""

    name: str
    read: ReadFn
    suffixes: tuple[str, ...] = ()
    sniff: SniffFn | None = None


class ReaderRegistry:
    """Reader specs by name, in registration order."""

    def __init__(self) -> None:
        self._specs: dict[str, ReaderSpec] = {}

    def register(self, spec: ReaderSpec) -> None:
        """Add a reader, or replace the one registered under the same name."""
        self._specs[spec.name] = spec

    @property
    def specs(self) -> tuple[ReaderSpec, ...]:
        """The registered readers."""
        return tuple(self._specs.values())

    def suffixes(self) -> frozenset[str]:
        """Every file-name suffix some reader claims (lower case, with dot)."""
        return frozenset(suffix for spec in self._specs.values() for suffix in spec.suffixes)

    def claims_name(self, name: str) -> bool:
        """True when a file of this name (`.gz` or not) would be offered to a reader."""
        return Path(strip_gz(name).lower()).suffix in self.suffixes()

    def find(self, data: bytes, name: str) -> ReaderSpec | None:
        """The reader for these (already decompressed) bytes: content first, then name."""
        head = data[:SNIFF_BYTES]
        for spec in self._specs.values():
            if spec.sniff is not None and spec.sniff(head):
                return spec
        suffix = Path(strip_gz(name).lower()).suffix
        for spec in self._specs.values():
            if suffix in spec.suffixes:
                return spec
        return None

    def read_bytes(
        self, data: bytes, name: str, budget: inflate.Budget | None = None
    ) -> list[ActivitySummary]:
        """Read one file's bytes (gzip unwrapped within `budget`); `name` becomes the source."""
        data = inflate.inflate_bytes(data, name, budget)
        spec = self.find(data, name)
        if spec is None:
            raise NotAnActivity(name, "not a file type heelraise reads (FIT, GPX, TCX or CSV)")
        return spec.read(data, name)

    def read_path(self, path: Path, budget: inflate.Budget | None = None) -> list[ActivitySummary]:
        """Read one file from disk, in bounded chunks and within `budget`."""
        data = inflate.read_file(path, str(path), budget)
        return self.read_bytes(data, str(path), budget)


def is_fit(head: bytes) -> bool:
    """FIT header: size 12 or 14, then `.FIT` at bytes 8–11."""
    return len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT"


@dataclasses.dataclass(frozen=True, slots=True)
class Contains:
    """A sniffer that looks for a marker in a file's first bytes (picklable for workers)."""

    marker: bytes

    def __call__(self, head: bytes) -> bool:
        return self.marker in head[:SNIFF_BYTES]


def _unknown_csv(data: bytes, source: str) -> list[ActivitySummary]:
    raise NotAnActivity(
        source,
        "a CSV without a known header (expected date,sport,distance_km,duration_min "
        "or a Strava activities.csv)",
    )


def _read_fit(data: bytes, source: str) -> list[ActivitySummary]:
    """Call `heelraise.training.fit.read_fit`, imported on first use."""
    try:
        module = importlib.import_module("heelraise.training.fit")
    except ModuleNotFoundError as error:
        raise ImportFailed(source, "FIT files cannot be read by this version yet") from error
    read_fit = cast(
        Callable[[bytes, str], ActivitySummary | list[ActivitySummary]], module.read_fit
    )
    result = read_fit(data, source)
    return result if isinstance(result, list) else [result]


def register_readers(register: Register) -> None:
    """The built-in readers."""
    register(ReaderSpec("fit", _read_fit, (".fit",), is_fit))
    register(ReaderSpec("gpx", read_gpx, (".gpx",), Contains(b"<gpx")))
    register(ReaderSpec("tcx", read_tcx, (".tcx",), Contains(b"<TrainingCenterDatabase")))
    register(ReaderSpec("strava-csv", read_strava_csv, (), looks_like_strava_csv))
    register(ReaderSpec("simple-csv", read_simple_csv, (), looks_like_simple_csv))
    register(ReaderSpec("csv", _unknown_csv, (".csv",)))


def build_registry(*, plugins: bool = True) -> ReaderRegistry:
    """A registry with the built-in readers and (optionally) installed plugins."""
    registry = ReaderRegistry()
    register_readers(registry.register)
    if plugins:
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            hook = cast(Callable[[Register], None], entry.load())
            hook(registry.register)
    return registry


@functools.cache
def default_registry() -> ReaderRegistry:
    """The process-wide registry used when none is passed."""
    return build_registry()


def read_bytes(data: bytes, name: str) -> list[ActivitySummary]:
    """Read one file's bytes with the default registry."""
    return default_registry().read_bytes(data, name)


def read_path(path: Path) -> list[ActivitySummary]:
    """Read one file from disk with the default registry."""
    return default_registry().read_path(path)
