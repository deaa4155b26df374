"""Reading FIT activity files into summaries, fast.

reader.py    read_fit: gzip, the fast scan, plausibility, the fallback, errors
scan.py      the fast path: walk records, skip by size, decode five messages
layout.py    one precompiled struct per decoded definition
profile.py   the FIT protocol constants the scan needs
facts.py     what the file says, in units, from either path
fallback.py  fitdecode's full decode; totals rebuilt from records
summary.py   facts -> ActivitySummary (start, offset, sport, totals, kind)
names.py     sport, file type and device names from the FIT profile
"""

from heelraise.training.fit.reader import read_fit

__all__ = ["read_fit"]
