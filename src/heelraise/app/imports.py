"""Use case: import activity files, folders and archives into a person's journal.

Files are parsed in worker processes (two: most machines have at least two
cores) in chunks, while the parent stores the results in batches, each batch
one transaction, so nothing is ever half-stored. A file that cannot be read is
reported with a one-line reason and skipped; the import goes on.

Everything decompressed counts against one `Budget` per import (limits from
`[decompression]` in knowledge/inference.toml, reported with the import):
archives and their nested zips are read here, in this process, so their
members count exactly. Files read in worker processes count there, within
what was left of the budget when their chunk was sent, and their bytes are
added here as each chunk comes back; so the total can pass its limit by at
most the chunks in flight, never by more.

Garmin's activity list (`Listed` items from an export, zipped or not) is held
until every file has been read: a listed activity whose start lies within
`[dedupe] listing_join_window_s` of an activity read from a file in this
import is that activity (not stored again); the others (manual entries,
treadmill runs, strength sessions: no file) are stored from the list, through
the same checks and the same duplicate rules as everything else.

Every summary passes `training.plausibility.screen` before it is stored (the
day of the import is today's date): an activity that cannot be real is skipped
with the reason, a field that cannot be real is left out and reported
(`ImportReport.left_out`); an implausible value is never stored.

An activity's date is the local calendar date it started on. FIT files give
their own local offset; GPX, TCX and Strava give UTC instants, which are put
in this machine's time zone (the `TZ` environment variable sets another), so
an evening run west of Greenwich is not dated the next day.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import multiprocessing
import multiprocessing.context
import os
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import NamedTuple

from heelraise.app.journal import open_activities
from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.knowledge.importing import DecompressionLimits, import_rules
from heelraise.training import inflate
from heelraise.training.activity import ActivitySummary
from heelraise.training.archives import (
    Budget,
    Listed,
    Member,
    Overlay,
    Parsed,
    Skip,
    is_strava_folder,
    is_zip,
    iter_archive,
    iter_garmin_folder_listings,
    iter_strava_folder,
)
from heelraise.training.garmin_listing import Listing
from heelraise.training.plausibility import screen
from heelraise.training.readers import ReaderRegistry, default_registry

DEFAULT_PERSON = "me"
WORKERS = 2
CHUNK_FILES = 16  # files per worker task
CHUNK_BYTES = 4 * 1024**2  # or fewer, when the chunk holds this many bytes
# Chunks sent and not yet back, per worker (their bytes are held here and pickled in
# the queue until they come back): one being read and one waiting keeps both busy.
IN_FLIGHT_PER_WORKER = 2
BATCH_SIZE = 500  # summaries per database transaction
# Worker processes started by a fork server cost about half a second (measured: 87
# corpus FIT files, 10.6 MB, import in 0.16 s in-process against 0.73 s with a pool of
# two), so that pool is used only for imports big enough to repay it.
POOL_MIN_BYTES = 48 * 1024**2
POOL_MIN_FILES = 400
# Forked from a process that runs no other thread (`heelraise import`), workers start
# in milliseconds with the readers already loaded, and the pool repays itself sooner:
# from about a quarter of a second of reading (measured on two free cores: 40 Strava GPX
# runs, 27 MB, 0.27 s in-process against 0.20 s with two; the corpus FIT files, 10.6 MB
# read in 0.1 s, took 0.14-0.18 s with two: the FIT reader loads in each worker).
FORK_POOL_MIN_BYTES = 24 * 1024**2
FORK_POOL_MIN_FILES = 400


class Skipped(NamedTuple):
    """A file or member not imported: where, why, and whether it was broken."""

    source: str
    reason: str
    bad: bool = True


class LeftOut(NamedTuple):
    """A value of an imported activity that could not be real, left out: where, which, why."""

    source: str
    field: str
    reason: str


@dataclasses.dataclass
class ListingCounts:
    """Garmin's activity list in one import: activities listed (multisport legs each
    count, their parents do not), joined to a file, stored from the list alone."""

    listed: int = 0
    with_file: int = 0
    without_file: int = 0
    multisport_parents: int = 0
    multisport_legs: int = 0


@dataclasses.dataclass
class ImportTimings:
    """Where one import spent its time, in seconds. `read_s`: files read from disk and
    archive members unzipped (in this process and the workers); `parse_s`: the
    readers, added up over the processes; `store_s`: dedupe, checks and the
    database, in this process. With worker processes these overlap in time."""

    read_s: float = 0.0
    parse_s: float = 0.0
    store_s: float = 0.0


@dataclasses.dataclass
class ImportReport:
    """The outcome of one import, with the decompression limits it ran under."""

    imported: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = dataclasses.field(default_factory=list)
    left_out: list[LeftOut] = dataclasses.field(default_factory=list)
    limits: DecompressionLimits = dataclasses.field(
        default_factory=lambda: import_rules().decompression
    )
    decompressed_bytes: int = 0  # produced by every layer of decompression
    peak_temp_bytes: int = 0  # nested archives spooled to disk, at most at once
    listing: ListingCounts = dataclasses.field(default_factory=ListingCounts)
    timings: ImportTimings = dataclasses.field(default_factory=ImportTimings)

    @property
    def failed(self) -> list[Skipped]:
        """Skipped because broken (not merely not an activity)."""
        return [item for item in self.skipped if item.bad]

    @property
    def nothing_read(self) -> bool:
        """True when something was broken and nothing at all could be read: no activity
        imported or already there, and no file read that merely held no activity.
        The one outcome `heelraise import` reports with a non-zero status."""
        readable = self.imported + self.duplicates + (len(self.skipped) - len(self.failed))
        return bool(self.failed) and readable == 0


@dataclasses.dataclass(frozen=True, slots=True)
class ImportProgress:
    """One file or member done; `total` is None while archives are still being read."""

    done: int
    total: int | None
    source: str


ProgressCallback = Callable[[ImportProgress], None]


@dataclasses.dataclass(frozen=True, slots=True)
class _Task:
    """A file for a worker: a path it reads itself, or an archive member's bytes."""

    source: str
    path: str | None = None
    data: bytes | None = None
    overlay: Overlay | None = None

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        try:
            return os.path.getsize(self.path) if self.path is not None else 0
        except OSError:
            return 0


@dataclasses.dataclass(frozen=True, slots=True)
class _Outcome:
    source: str
    summaries: list[ActivitySummary]
    skipped: Skipped | None = None
    produced: int = 0  # bytes decompressed in a worker (0: counted in this process)
    listing: Listing | None = None
    read_s: float = 0.0  # reading the file from disk, gzip taken off (path tasks)
    parse_s: float = 0.0  # the reader's own time


_worker_registry: ReaderRegistry | None = None


def _init_worker(registry: ReaderRegistry) -> None:
    global _worker_registry
    _worker_registry = registry


def _parse_one(task: _Task, registry: ReaderRegistry, budget: Budget) -> _Outcome:
    started = time.perf_counter()
    loaded = started
    try:
        data = task.data
        if data is None:
            data = inflate.read_file(Path(task.path or task.source), task.source, budget)
            loaded = time.perf_counter()
        summaries = registry.read_bytes(data, task.source, budget)
    except NotAnActivity as error:
        outcome = _Outcome(task.source, [], Skipped(task.source, error.reason, bad=False))
    except ImportFailed as error:
        outcome = _Outcome(task.source, [], Skipped(task.source, error.reason))
    except Exception as error:
        lines = str(error).splitlines()
        detail = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
        outcome = _Outcome(task.source, [], Skipped(task.source, f"could not be read ({detail})"))
    else:
        if task.overlay is not None:
            summaries = [task.overlay.apply(summary) for summary in summaries]
        outcome = _Outcome(task.source, summaries)
    done = time.perf_counter()
    return dataclasses.replace(outcome, read_s=loaded - started, parse_s=done - loaded)


def _parse_chunk(tasks: list[_Task], limits: DecompressionLimits, room: int) -> list[_Outcome]:
    """Parse a chunk in a worker, within `room` bytes of what the import may decompress."""
    registry = _worker_registry or default_registry()
    budget = Budget(limits)
    budget.produced = limits.max_total_bytes - room
    outcomes: list[_Outcome] = []
    for task in tasks:
        before = budget.produced
        outcome = _parse_one(task, registry, budget)
        outcomes.append(dataclasses.replace(outcome, produced=budget.produced - before))
    return outcomes


_Item = _Task | Parsed | Listed | Skip


def _expand(paths: Iterable[Path], registry: ReaderRegistry, budget: Budget) -> Iterator[_Item]:
    for path in paths:
        if not path.exists():
            yield Skip(str(path), "does not exist")
        elif path.is_dir() and is_strava_folder(path):
            yield from _archive_like(iter_strava_folder(path, registry.claims_name, budget))
        elif path.is_dir():
            if (path / "DI_CONNECT").is_dir():
                yield from _archive_like(iter_garmin_folder_listings(path, budget))
            for child in _folder_files(path, registry):
                if _is_archive(child):
                    yield from _archive_items(child, registry, budget)
                else:
                    yield _Task(str(child), path=str(child))
        elif _is_archive(path):
            yield from _archive_items(path, registry, budget)
        else:
            yield _Task(str(path), path=str(path))


def _folder_files(folder: Path, registry: ReaderRegistry) -> Iterator[Path]:
    """Files under `folder` (hidden ones left out) that are archives or some reader claims."""
    for child in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in child.relative_to(folder).parts):
            continue
        if not child.is_file():
            continue
        if child.suffix.lower() == ".zip" or registry.claims_name(child.name):
            yield child


def _is_archive(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as handle:
            return is_zip(handle.read(4))
    except OSError:
        return False


def _archive_items(path: Path, registry: ReaderRegistry, budget: Budget) -> Iterator[_Item]:
    return _archive_like(iter_archive(path, registry.claims_name, budget))


def _archive_like(items: Iterator[Member | Parsed | Listed | Skip]) -> Iterator[_Item]:
    for item in items:
        if isinstance(item, Member):
            yield _Task(item.source, data=item.data, overlay=item.overlay)
        else:
            yield item


def _chunks(items: Iterator[_Item]) -> Iterator[list[_Task] | Parsed | Listed | Skip]:
    """Group tasks into worker-sized chunks; pass everything else straight on."""
    chunk: list[_Task] = []
    size = 0
    for item in items:
        if not isinstance(item, _Task):
            yield item
            continue
        chunk.append(item)
        size += item.size
        if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _direct(item: Parsed | Listed | Skip) -> _Outcome:
    if isinstance(item, Skip):
        return _Outcome(item.source, [], Skipped(item.source, item.reason, item.bad))
    if isinstance(item, Listed):
        return _Outcome(item.source, [], listing=item.listing)
    return _Outcome(item.source, item.summaries)


def _size_hint(paths: Sequence[Path]) -> tuple[int, int]:
    """(bytes, files) the import will read, roughly: file sizes, and the sizes zip
    archives declare for their members. Only ever used to choose whether worker
    processes repay their start-up (never to let anything through: `inflate` counts)."""
    size = files = 0
    for path in paths:
        try:
            if path.is_dir():
                for child in path.rglob("*"):
                    if child.is_file():
                        size += child.stat().st_size
                        files += 1
            elif _is_archive(path):
                with zipfile.ZipFile(path) as archive:
                    infos = archive.infolist()
                size += sum(info.file_size for info in infos)
                files += len(infos)
            elif path.is_file():
                size += path.stat().st_size
                files += 1
        except (OSError, zipfile.BadZipFile):
            continue
    return size, files


def _parse_all(
    items: Iterator[_Item],
    registry: ReaderRegistry,
    workers: int,
    budget: Budget,
    hint: tuple[int, int] = (0, 0),
) -> Iterator[_Outcome]:
    """Outcomes in order: in this process for small imports, else in worker processes.
    Small or large is judged from `hint` first (no data is held back to decide), then
    from the items themselves while they come."""
    head: list[_Item] = []
    head_bytes = 0
    context = _context()
    if context.get_start_method() == "fork":
        min_bytes, min_files = FORK_POOL_MIN_BYTES, FORK_POOL_MIN_FILES
    else:
        min_bytes, min_files = POOL_MIN_BYTES, POOL_MIN_FILES
    large = hint[0] >= min_bytes or hint[1] >= min_files
    if workers > 1 and not large:
        for item in items:
            head.append(item)
            head_bytes += item.size if isinstance(item, _Task) else 0
            if head_bytes >= min_bytes or len(head) >= min_files:
                large = True
                break
    stream = itertools.chain(head, items)
    if workers <= 1 or not large:
        for item in stream:
            if isinstance(item, _Task):
                yield _parse_one(item, registry, budget)
            else:
                yield _direct(item)
        return
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(registry,)
    ) as pool:
        in_flight: deque[Future[list[_Outcome]] | _Outcome] = deque()
        try:
            for unit in _chunks(stream):
                if isinstance(unit, list):
                    room = max(0, budget.limits.max_total_bytes - budget.produced)
                    in_flight.append(pool.submit(_parse_chunk, unit, budget.limits, room))
                else:
                    in_flight.append(_direct(unit))
                while len(in_flight) > IN_FLIGHT_PER_WORKER * workers or (
                    in_flight and not isinstance(in_flight[0], Future)
                ):
                    yield from _drain(in_flight.popleft(), budget)
            while in_flight:
                yield from _drain(in_flight.popleft(), budget)
        except BrokenProcessPool as error:
            raise ImportFailed("import", "a reader process stopped unexpectedly") from error


def _context() -> multiprocessing.context.BaseContext:
    """How worker processes start. fork while this process runs no other thread (the
    command line): at once, everything loaded here already. Never fork a parent that
    runs threads (a web server's, Rich's, SQLite's): forkserver there, where there is
    one, else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["heelraise.training.readers"])  # workers start warm
    return context


def _drain(entry: Future[list[_Outcome]] | _Outcome, budget: Budget) -> list[_Outcome]:
    """The outcomes of a chunk or a direct item; a worker's bytes join the budget."""
    outcomes = entry.result() if isinstance(entry, Future) else [entry]
    budget.produced += sum(outcome.produced for outcome in outcomes)
    return outcomes


def import_paths(
    paths: Sequence[Path],
    db_url: str | None = None,
    person: str = DEFAULT_PERSON,
    progress_callback: ProgressCallback | None = None,
    *,
    registry: ReaderRegistry | None = None,
    limits: DecompressionLimits | None = None,
    workers: int = WORKERS,
    today: dt.date | None = None,
) -> ImportReport:
    """Import files, folders (recursively) and zip archives; see the module docstring.

    `today` is the day of the import for the plausibility checks (default: today)."""
    day = today or dt.date.today()
    registry = registry or default_registry()
    budget = Budget(limits or import_rules().decompression)
    with open_activities(db_url) as store:
        who = store.person_id(person)
        report = ImportReport(limits=budget.limits)
        total = _count(paths, registry)
        pending: list[ActivitySummary] = []

        def flush() -> None:
            started = time.perf_counter()
            result = store.add_activities(who, pending)
            report.timings.store_s += time.perf_counter() - started
            report.imported += result.added
            report.duplicates += result.duplicates
            pending.clear()

        def keep(summary: ActivitySummary) -> None:
            started = time.perf_counter()
            screened = screen(summary, day)
            if screened.summary is None:
                report.skipped.append(Skipped(summary.source, screened.refused or "", True))
            else:
                for item in screened.dropped:
                    report.left_out.append(LeftOut(summary.source, item.field, item.reason))
                # Dates are local: a UTC start (GPX, TCX, Strava) moves into this machine's zone.
                pending.append(screened.summary.in_time_zone())
            report.timings.store_s += time.perf_counter() - started

        listings: list[Listing] = []
        read_starts: list[float] = []  # every activity read from a file (or a Strava row)
        items = _timed(_expand(paths, registry, budget), report.timings)
        outcomes = _parse_all(items, registry, workers, budget, _size_hint(paths))
        for done, outcome in enumerate(outcomes, start=1):
            report.timings.read_s += outcome.read_s
            report.timings.parse_s += outcome.parse_s
            if outcome.skipped is not None:
                report.skipped.append(outcome.skipped)
            if outcome.listing is not None:
                listings.append(outcome.listing)
            for summary in outcome.summaries:
                read_starts.append(summary.start.timestamp())
                keep(summary)
            if len(pending) >= BATCH_SIZE:
                flush()
            if progress_callback is not None:
                progress_callback(ImportProgress(done, total, outcome.source))
        for summary in _without_file(listings, read_starts, report.listing):
            keep(summary)
            if len(pending) >= BATCH_SIZE:
                flush()
        flush()
        report.decompressed_bytes = budget.produced
        report.peak_temp_bytes = budget.peak_temp_bytes
        return report


def _timed(items: Iterator[_Item], timings: ImportTimings) -> Iterator[_Item]:
    """The items, the time spent producing them (unzipping, here) added to `read_s`."""
    while True:
        started = time.perf_counter()
        item = next(items, None)
        timings.read_s += time.perf_counter() - started
        if item is None:
            return
        yield item


def _without_file(
    listings: list[Listing], read_starts: list[float], counts: ListingCounts
) -> Iterator[ActivitySummary]:
    """The listed activities no file of the import holds (joined by start time)."""
    window = import_rules().dedupe.listing_join_window_s
    starts = sorted(read_starts)
    for listing in listings:
        counts.multisport_parents += listing.parents
        counts.multisport_legs += listing.legs
        for summary in listing.summaries:
            counts.listed += 1
            moment = summary.start.timestamp()
            at = bisect.bisect_left(starts, moment - window)
            if at < len(starts) and starts[at] <= moment + window:
                counts.with_file += 1
                continue
            counts.without_file += 1
            yield summary


def _count(paths: Sequence[Path], registry: ReaderRegistry) -> int | None:
    """How many files there are to read, or None when an archive is involved."""
    count = 0
    for path in paths:
        if path.is_dir() and (is_strava_folder(path) or (path / "DI_CONNECT").is_dir()):
            return None
        if path.is_dir():
            for child in _folder_files(path, registry):
                if child.suffix.lower() == ".zip":
                    return None
                count += 1
        elif path.exists() and _is_archive(path):
            return None
        else:
            count += 1
    return count
