"""Where heelraise keeps its files: one folder, `HEELRAISE_HOME` or the user data folder.

HEELRAISE_HOME/heelraise.sqlite3   the journal (default database)
HEELRAISE_HOME/referrals.toml      the user's referral destinations (optional)

What heelraise can rebuild at any time (the validated knowledge) goes in the
user cache folder instead (`cache_dir`).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "heelraise"


def home_dir() -> Path:
    """`HEELRAISE_HOME` when set, else the platform's user data folder for heelraise."""
    override = os.environ.get("HEELRAISE_HOME")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def referrals_path() -> Path:
    return home_dir() / "referrals.toml"


def cache_dir() -> Path:
    """The platform's user cache folder for heelraise (nothing there is needed: it is rebuilt)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
