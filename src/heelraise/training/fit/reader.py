"""`read_fit`: FIT (or gzipped FIT) bytes in, one `ActivitySummary` out.

The fast scan reads the summary messages and skips everything else by size.
Files without a plausible session (or without a distance) go to the record
stage, which rebuilds the totals from `record` and timer `event` messages
with the standard library; only when that stage cannot give a usable session,
or meets something it does not decode, does fitdecode's full decode run. A
session without a total ascent, in a file whose records carry altitudes, gets
its climb from the record stage too (never from fitdecode: not worth the time).
Every failure is an `ImportFailed` (or `NotAnActivity`) with a one-line reason.

`content_hash` is the sha256 of the bytes exactly as given (gzipped or not),
so importing the same file twice gives one hash; a `.fit` and the same file
gzipped give two.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import replace

from heelraise.errors import ImportFailed
from heelraise.training.activity import ActivitySummary
from heelraise.training.fit.facts import FitActivity, activity_from_messages
from heelraise.training.fit.fallback import decode_in_full
from heelraise.training.fit.profile import GZIP_MAGIC
from heelraise.training.fit.records import read_records
from heelraise.training.fit.scan import scan_fit
from heelraise.training.fit.summary import summarise
from heelraise.training.fit.track import complete_from_records
from heelraise.training.inflate import inflate_bytes


def read_fit(data: bytes, source: str) -> ActivitySummary:
    """Summarise one FIT activity file; `source` names it in errors and in the summary.

    Raises `NotAnActivity` for a readable FIT file of another type (settings,
    monitoring, workout, weight scale, ...) and `ImportFailed` for anything
    empty, damaged or without a usable session or records.
    """
    if not data:
        raise ImportFailed(source, "empty file")
    content_hash = hashlib.sha256(data).hexdigest()
    fit = _gunzip(data, source) if data.startswith(GZIP_MAGIC) else data
    if not fit:
        raise ImportFailed(source, "empty file")
    try:
        activity = activity_from_messages(scan_fit(fit, source))
    except (IndexError, struct.error, ValueError) as error:  # a guard: scan_fit reports damage
        raise ImportFailed(source, f"unreadable FIT data ({type(error).__name__})") from None
    if activity.needs_records:
        completed = complete_with_records(fit, activity)
        if completed is not None:
            return summarise(completed, source, content_hash)
        fuller = decode_in_full(fit)
        if fuller.usable_sessions:
            activity = fuller
        elif not activity.usable_sessions:
            reason = activity.problem or fuller.problem or "no session and no records"
            raise ImportFailed(source, reason)
    elif activity.lacks_ascent:  # best effort: never worth a fitdecode pass
        activity = complete_with_records(fit, activity) or activity
    return summarise(activity, source, content_hash)


def complete_with_records(fit: bytes, activity: FitActivity) -> FitActivity | None:
    """The scanned facts completed by the record stage; None when fitdecode must decide."""
    track = read_records(fit)
    if track is None:
        return None
    completed = replace(activity)
    complete_from_records(completed, track)
    return completed if completed.usable_sessions else None


def _gunzip(data: bytes, source: str) -> bytes:
    """The FIT bytes inside gzip data, within the decompression limits (`training.inflate`);
    a cut-off stream gives what it holds so far."""
    return inflate_bytes(data, source, partial_ok=True)
