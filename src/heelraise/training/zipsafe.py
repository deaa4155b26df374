"""Safe reading of zip members: name checks, refusals, item types.

The bytes themselves come through `training.inflate`, which counts what is
actually produced against the import's `Budget` (limits from
`[decompression]` in knowledge/inference.toml). A member's declared sizes
are used only to refuse it early, never to let it through.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable, Iterator

from heelraise.errors import ImportFailed
from heelraise.knowledge.importing import size_text
from heelraise.training import inflate
from heelraise.training.activity import ActivitySummary
from heelraise.training.garmin_listing import Listing
from heelraise.training.inflate import READABLE_METHODS, Budget
from heelraise.training.sports import ON_FOOT


@dataclasses.dataclass(frozen=True, slots=True)
class Overlay:
    """What a Strava CSV row says about a file: it overrides the file's own view."""

    name: str | None
    sport: str
    sub_sport: str | None
    surface: str | None
    shoe: str | None

    def apply(self, summary: ActivitySummary) -> ActivitySummary:
        """The summary with the CSV's name, sport and shoe where the CSV has them."""
        shoe = self.shoe if self.sport in ON_FOOT else None
        sport_known = self.sport != "other"
        return dataclasses.replace(
            summary,
            name=self.name or summary.name,
            sport=self.sport if sport_known else summary.sport,
            sub_sport=self.sub_sport if sport_known else summary.sub_sport,
            surface=self.surface or summary.surface,
            shoe=shoe or summary.shoe,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Member:
    """One activity file from an archive, to be parsed."""

    source: str
    data: bytes
    overlay: Overlay | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Parsed:
    """Summaries that need no parsing (a Strava CSV row without a file)."""

    source: str
    summaries: list[ActivitySummary]


@dataclasses.dataclass(frozen=True, slots=True)
class Listed:
    """An export's own list of activities (Garmin's `summarizedActivities`): stored only
    for the activities no file of the import holds (`app.imports` joins them)."""

    source: str
    listing: Listing


@dataclasses.dataclass(frozen=True, slots=True)
class Skip:
    """Something in an archive that was not read, and why; `bad` when it was broken."""

    source: str
    reason: str
    bad: bool = True


ArchiveItem = Member | Parsed | Listed | Skip
Claims = Callable[[str], bool]


def unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters and `..` components are refused."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in name.replace("\\", "/").split("/")


def first_line(error: BaseException) -> str:
    """The first line of an error message (messages stay one line)."""
    text = str(error).splitlines()
    return text[0] if text else type(error).__name__


def check_member(info: zipfile.ZipInfo, source: str, budget: Budget) -> Skip | None:
    """Why a member must not be read (name, encryption, method, declared size), or None.

    A declared size only ever refuses early: what is read is counted as it comes.
    """
    limits = budget.limits
    where = f"{source}!{info.filename}"
    if unsafe_name(info.filename):
        return Skip(where, "unsafe member name (absolute or '..' path), not read")
    if info.flag_bits & 0x1:
        return Skip(where, "is encrypted")
    if info.compress_type not in READABLE_METHODS:
        return Skip(where, f"uses compression method {info.compress_type}, which is not read")
    if info.file_size > limits.max_file_bytes:
        limit = size_text(limits.max_file_bytes)
        return Skip(where, f"declares {size_text(info.file_size)}, beyond the {limit} limit")
    return None


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, budget: Budget, depth: int = 0
) -> Iterator[Member | Skip]:
    """Read one member within the budget: the `Member`, or a `Skip` saying why not.

    `depth` counts the nested archives the member sits in (gzip layers add to it).
    """
    where = f"{source}!{info.filename}"
    problem = check_member(info, source, budget)
    if problem is not None:
        yield problem
        return
    try:
        data = inflate.read_member(archive, info, where, budget, depth)
    except ImportFailed as error:
        yield Skip(where, error.reason)
        return
    yield Member(where, data)
