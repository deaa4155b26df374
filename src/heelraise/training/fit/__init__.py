"""Reading FIT activity files into summaries, fast.

reader.py    read_fit: gzip, the fast scan, plausibility, the record stage, fitdecode, errors
scan.py      the fast path: walk records, skip by size, decode five messages
layout.py    one precompiled struct per decoded definition
profile.py   the FIT protocol constants the scan and the record stage need
facts.py     what the file says, in units, from any path
records.py   the record stage: records, timer events, compressed timestamps, stdlib only
track.py     totals from records and timer events, shared by the record stage and fitdecode
fallback.py  fitdecode's full decode, the last resort; totals rebuilt from records
summary.py   facts -> ActivitySummary (start, offset, sport, totals, kind)
names.py     sport, file type and device names from the FIT profile
"""

from heelraise.training.fit.reader import read_fit

__all__ = ["read_fit"]
