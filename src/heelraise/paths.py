"""Where heelraise keeps its files: one folder, `HEELRAISE_HOME` or the user data folder.

HEELRAISE_HOME/heelraise.sqlite3   the journal (default database)
HEELRAISE_HOME/referrals.toml      the user's referral destinations (optional)
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
